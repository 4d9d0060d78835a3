"""What a check may look at: the campaign, the roster, the records and the as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.config import CampaignConfig, Unit
from pipeline.model import Record


@dataclass
class Facts:
    """The inputs every check kind reads; built once per run."""

    config: CampaignConfig
    units: list[Unit]
    records: list[Record]
    as_of: dt.date
    by_unit: dict[str, list[Record]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for record in self.records:
            if record.unit_id:
                self.by_unit.setdefault(record.unit_id, []).append(record)

    def unit_name(self, unit_id: str | None) -> str:
        """The roster name of a unit, for messages."""
        unit = next((u for u in self.units if u.unit_id == unit_id), None)
        return unit.name if unit else (unit_id or "Đơn vị không xác định")

    def documents(self, unit_id: str, doc_type: str) -> list[Record]:
        """A unit's readable documents of one type, earliest received first."""
        found = [r for r in self.by_unit.get(unit_id, []) if r.doc_type == doc_type]
        return sorted(found, key=lambda r: (r.received_at or "9999", r.source))


def vn_date(iso: str | dt.date | None) -> str:
    """An ISO date as Vietnamese offices write it: 05/5/2021 → "05/05/2021"."""
    if iso is None:
        return "?"
    day = iso if isinstance(iso, dt.date) else dt.date.fromisoformat(iso)
    return day.strftime("%d/%m/%Y")
