"""Small facts about table cells shared by the registration and nominee extractors."""

from __future__ import annotations

import re

from pipeline.config import CampaignConfig
from pipeline.text import fold

DITTO_MARKS = frozenset({'"', "“", "”", "''", "〃", "-nt-", "nt"})  # "same as above" marks
_COLUMN_NUMBER = re.compile(r"\(?\d{0,2}\)?")


def is_numbering_row(row: tuple[str, ...]) -> bool:
    """A row of column numbers "(1) (2) (3)" under a header, or an empty row."""
    return all(_COLUMN_NUMBER.fullmatch(cell.strip()) for cell in row)


def is_same_as_above(text: str, config: CampaignConfig) -> bool:
    """Whether a cell says "as above" ("Như trên", "nt", a ditto mark): copy the row above."""
    stripped = text.strip().strip(".").strip()
    if stripped in DITTO_MARKS:
        return True
    key = fold(stripped)
    return bool(key) and key in {fold(s) for s in config.registration.same_as_above}
