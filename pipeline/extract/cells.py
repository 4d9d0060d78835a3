"""Small facts about table cells shared by the registration and nominee extractors."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.config import CampaignConfig
from pipeline.text import clean_spaces, fold
from pipeline.text.dates import parse_completion

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
    return bool(key) and key in _same_as_above_keys(tuple(config.registration.same_as_above))


@lru_cache(maxsize=8)
def _same_as_above_keys(phrases: tuple[str, ...]) -> frozenset[str]:
    """The config's phrases folded, and as a TCVN3 PDF gives them: its bare "ư" is byte 0xAD,
    a soft hyphen, which the PDF never draws ("Như trên" comes back "Nh trên")."""
    keys = {fold(p) for p in phrases}
    keys |= {fold(p.replace("ư", "").replace("Ư", "")) for p in phrases if "ư" in p.lower()}
    return frozenset(k for k in keys if k)


_ITEM_MARK = re.compile(r"(?:^|\s|\n)\(?(\d{1,2})\s*[.)]\s+(?=\S)")
_BULLET = re.compile(r"(?:^|\n)\s*[-–•+]\s+")


def split_items(cell: str) -> list[str]:
    """The items written in one cell: "1. A 2. B" or "- A / - B" give two; else one."""
    text = cell.strip()
    marks = list(_ITEM_MARK.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) >= 2 and numbers == list(range(1, len(marks) + 1)):
        parts = [
            text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))]
            for i, m in enumerate(marks)
        ]
        return [clean_spaces(p).rstrip(";,") for p in parts if clean_spaces(p)]
    if len(marks) == 1 and marks[0].start() == 0:
        return [clean_spaces(text[marks[0].end() :]).rstrip(";,")]
    bullets = [clean_spaces(p).rstrip(";,") for p in _BULLET.split(text) if clean_spaces(p)]
    if len(bullets) >= 2:
        return bullets
    return [clean_spaces(text)]


def split_alongside(cell: str, count: int, valid: Callable[[str], bool]) -> list[str] | None:
    """``cell`` cut into ``count`` items (numbered, bulleted or one a line), each ``valid``."""
    if count < 2:
        return None
    for items in (split_items(cell), [clean_spaces(x) for x in cell.splitlines() if x.strip()]):
        if len(items) == count and all(valid(item) for item in items):
            return items
    return None


_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]{3,60})\)\s*[.;,]?\s*$")


def trailing_date(item: str, year: int) -> tuple[str, str] | None:
    """"<project> (tháng 5/2021)" as (project, date as written), or None without such a date."""
    m = _TRAILING_PARENTHESIS.search(item)
    if m is None or parse_completion(m.group(1), year) is None:
        return None
    raw = re.sub(r"^(?:dự kiến\s+)?(?:hoàn thành|thời gian)\s*:?\s*", "", m.group(1).strip(),
                 flags=re.IGNORECASE)
    return clean_spaces(item[: m.start()]), raw
