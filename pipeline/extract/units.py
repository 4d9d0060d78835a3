"""Match a unit named in a document, an e-mail address or a folder to the roster."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from pipeline.config import Unit
from pipeline.text.abbrev import unit_key

FUZZY_THRESHOLD = 95  # rapidfuzz ratio on expanded keys; below this a name is not a match


class UnitMatcher:
    """Finds roster units by name, alias, e-mail address or inbox sub-folder."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = {u.unit_id: u for u in units}
        self._keys: dict[str, str] = {}
        for unit in units:
            for name in (unit.name, *unit.aliases):
                key = unit_key(name)
                if key:
                    self._keys.setdefault(key, unit.unit_id)
        self._emails = {e: u.unit_id for u in units for e in u.emails}

    def by_name(self, text: str) -> Unit | None:
        """The unit this name denotes: exact on its key, else a close fuzzy match."""
        key = unit_key(text)
        if not key:
            return None
        if key in self._keys:
            return self.units[self._keys[key]]
        best = process.extractOne(key, list(self._keys), scorer=fuzz.ratio)
        if best and best[1] >= FUZZY_THRESHOLD:
            return self.units[self._keys[best[0]]]
        return None

    def in_text(self, text: str) -> Unit | None:
        """A unit whose name or alias appears inside ``text`` (longest name wins)."""
        key = f" {unit_key(text)} "
        hits = [k for k in self._keys if f" {k} " in key]
        if not hits:
            return None
        return self.units[self._keys[max(hits, key=len)]]

    def by_email(self, address: str) -> Unit | None:
        """The unit that uses this e-mail address."""
        unit_id = self._emails.get(address.strip().lower())
        return self.units[unit_id] if unit_id else None

    def by_folder(self, folder: str) -> Unit | None:
        """The unit an inbox sub-folder is named after (its id, name or alias)."""
        if folder in self.units:
            return self.units[folder]
        return self.by_name(folder.replace("_", " "))
