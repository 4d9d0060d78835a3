"""Match a unit named in a document, an e-mail address or a folder to the roster."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from pipeline.config import Unit
from pipeline.text.abbrev import unit_key

FUZZY_THRESHOLD = 95  # rapidfuzz ratio on expanded keys; below this a name is not a match
# A word that tells neighbouring units apart: "Bình Trị Đông B", "An Lạc 1", "Hoa Sen 2"
# (a single letter or a number; roman numerals are digits in a unit key already).
_DISTINGUISHING = re.compile(r"^(?:[a-z]|\d{1,3})$")


def distinguishing_tokens(key: str) -> tuple[str, ...]:
    """The words of a unit key that set it apart from a neighbour of the same name."""
    return tuple(w for w in key.split() if _DISTINGUISHING.match(w))


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
        tokens = distinguishing_tokens(key)
        best = process.extractOne(
            key,
            [k for k in self._keys if distinguishing_tokens(k) == tokens],
            scorer=fuzz.ratio,
        )
        if best and best[1] >= FUZZY_THRESHOLD:
            return self.units[self._keys[best[0]]]
        return None

    def in_text(self, text: str) -> Unit | None:
        """A unit whose name or alias appears inside ``text`` (longest name wins).

        A name followed by a distinguishing word is another unit: "Bình Trị Đông B" is not
        "Bình Trị Đông", and "An Lạc 1" is not "An Lạc".
        """
        key = f" {unit_key(text)} "
        hits = [k for k in self._keys if self._names_exactly(k, key)]
        if not hits:
            return None
        return self.units[self._keys[max(hits, key=len)]]

    @staticmethod
    def _names_exactly(name_key: str, text_key: str) -> bool:
        """Whether ``name_key`` stands in ``text_key`` not followed by a distinguishing word."""
        needle = f" {name_key} "
        at = text_key.find(needle)
        while at >= 0:
            following = text_key[at + len(needle) :].split(" ", 1)[0]
            if not _DISTINGUISHING.match(following):
                return True
            at = text_key.find(needle, at + 1)
        return False

    def by_email(self, address: str) -> Unit | None:
        """The unit that uses this e-mail address."""
        unit_id = self._emails.get(address.strip().lower())
        return self.units[unit_id] if unit_id else None

    def by_folder(self, folder: str) -> Unit | None:
        """The unit an inbox sub-folder is named after (its id, name or alias)."""
        if folder in self.units:
            return self.units[folder]
        return self.by_name(folder.replace("_", " "))
