"""Registration entries from a table: the plan's form as schools copy and fill it in.

The form is Stt | Nội dung | Tên công trình/ dự án đăng ký | Dự kiến thời gian hoàn thành, and
schools change it: columns reordered or added ("Thuộc nội dung số", "Bộ phận chủ trì"), the Stt
renumbered 1, 2, 3 while the contents are 1, 6, 9, a merged row "Nội dung 3: …" over its
projects, the content named by a short label, the whole table nested in a frame table's cell.
So the content number of a row is read, in order, from "Nội dung N" in the row, a column that
holds only the number, the Stt when the Stt is the content number, and the content's text;
the Stt is a row counter when a section row or the content texts say otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import CampaignConfig
from pipeline.extract.cells import (
    is_numbering_row,
    is_same_as_above,
    split_alongside,
    split_items,
    trailing_date,
)
from pipeline.extract.registration_contents import ContentMatcher, matcher_for
from pipeline.model import Block, Entry, Evidence
from pipeline.parse.docx import NESTED_CELL_SEP
from pipeline.text import clean_spaces, fold
from pipeline.text.dates import parse_completion

_COLUMN_WORDS = {
    "stt": ("stt", "so tt", "tt"),
    "content": ("noi dung",),
    "project": ("cong trinh", "du an", "phan viec", "cong viec"),
    "completion": ("thoi gian", "hoan thanh", "thoi han"),
}
_ROLE_PATTERNS = {
    role: re.compile(r"(?:^|\s)(?:" + "|".join(words) + ")")
    for role, words in _COLUMN_WORDS.items()
}
_ANY_ROLE = re.compile(r"(?:^|\s)(?:cong trinh|du an|phan viec|cong viec|noi dung)")
_LONGEST_LABEL = 160  # characters: a header cell is a label (with a note), not a sentence
_NUMBER_ONLY = re.compile(r"^\s*(?:noi dung\s*)?(?:so\s*)?(\d{1,3})\s*[.):]?\s*$")
_LEADING_NO = re.compile(r"^\s*(\d{1,3})\s*[.)]\s")
_PROJECT_LEAD = re.compile(
    r"^\W*n[ộo]i dung\s*(?:s[ốo]\s*)?(\d{1,3})\s*(?:\([^)]{0,40}\))?\s*[:.\-–]?\s*", re.IGNORECASE
)
_CONTENT_MENTION = re.compile(r"\bn[ộo]i dung\s*(?:s[ốo]\s*)?\d{1,3}\s*[:.\-–]?", re.IGNORECASE)


@dataclass
class _Columns:
    stt: int | None
    content: int | None
    project: int
    completion: int | None
    width: int
    lead_in_project: bool = False  # no content column: the project cell opens with it


@dataclass
class _Row:
    cells: tuple[str, ...]
    section: bool  # a merged row naming the content of the rows below it
    explicit: int | None  # "Nội dung N" or a number-only content cell
    stt: int | None
    text_no: int | None  # the content its content cell's text names
    leading: int | None  # "6. Thực hiện …" in the content cell
    content_text: str
    carries: bool  # names no content of its own: it goes on with the content above


def table_entries(source: str, chain: list[Block], config: CampaignConfig) -> list[Entry]:
    """The entries of a table (its blocks over pages); a table nested in a cell is read when
    the outer one is not a registration table."""
    found = _read_rows(source, [(block, row) for block in chain for row in block.rows], config)
    if found is not None:
        return found
    entries: list[Entry] = []
    for block in chain:
        for rows in _nested_tables(block.rows):
            entries.extend(_read_rows(source, [(block, row) for row in rows], config) or [])
    return entries


def continued_tables(blocks: list[Block]) -> list[list[Block]]:
    """Each table with the headerless tables that continue it on the following PDF pages
    (when the parser did not join them itself): one list of blocks per table."""
    chains: list[list[Block]] = []
    for block in blocks:
        last = chains[-1][-1] if chains else None
        if (
            last is not None
            and block.page is not None
            and last.page is not None
            and block.page - last.page == 1
            and not any(_columns(row) for row in block.rows)
            and any(_columns(row) for b in chains[-1] for row in b.rows)
            and {len(r) for r in block.rows} <= {len(r) for b in chains[-1] for r in b.rows} | {1}
        ):
            chains[-1].append(block)
        else:
            chains.append([block])
    return chains


def _nested_tables(rows: tuple[tuple[str, ...], ...]) -> list[tuple[tuple[str, ...], ...]]:
    """Tables folded into a cell's text by the parser: one row a line, cells joined by " | "."""
    found = []
    for row in rows:
        for cell in row:
            nested = [
                tuple(part.strip() for part in line.split(NESTED_CELL_SEP))
                for line in cell.splitlines()
                if NESTED_CELL_SEP in line
            ]
            if len(nested) >= 2:
                found.append(tuple(nested))
    return found


@lru_cache(maxsize=4096)
def _columns(header: tuple[str, ...]) -> _Columns | None:
    """The columns' roles when ``header`` is the form's header row (short labels), else None."""
    if len(header) < 2:
        return None
    keys = [fold(cell) if len(cell) <= _LONGEST_LABEL else "" for cell in header]
    if not _ANY_ROLE.search(" | ".join(keys)):
        return None
    found: dict[str, int] = {}
    for role, pattern in _ROLE_PATTERNS.items():
        for i, key in enumerate(keys):
            if i in found.values() or not pattern.search(key):
                continue
            if role == "content" and _ROLE_PATTERNS["project"].search(key):
                continue
            found[role] = i
            break
    if "project" not in found and "content" in found and "completion" in found:
        # "Stt | Nội dung đăng ký | Thời gian": each cell "Nội dung 3: <project>"
        return _Columns(found.get("stt"), None, found["content"], found["completion"],
                        len(header), lead_in_project=True)
    if "project" not in found:
        return None
    return _Columns(
        found.get("stt"), found.get("content"), found["project"], found.get("completion"),
        len(header),
    )


def _cell(row: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]


def _read_rows(
    source: str, rows: list[tuple[Block, tuple[str, ...]]], config: CampaignConfig
) -> list[Entry] | None:
    """Entries of rows (each with its block) under a recognised header; None without one."""
    columns: _Columns | None = None
    header_keys: list[str] = []
    body: list[tuple[Block, tuple[str, ...]]] = []
    for block, row in rows:
        if columns is None:
            columns = _columns(row)
            header_keys = [fold(c) for c in row]
        elif [fold(c) for c in row] != header_keys and not is_numbering_row(row):
            body.append((block, row))  # not a header repeated on a new page, nor "(1) (2) (3)"
    if columns is None:
        return None
    matcher = matcher_for(config)
    read = [_classify(row, columns, matcher) for _, row in body]
    stt_is_content = _stt_is_content(read, columns)
    year = config.campaign.period.start.year
    entries: list[Entry] = []
    previous: list[Entry] = []
    current: int | None = None
    for (block, _), line in zip(body, read, strict=True):
        if line.section:
            current = line.explicit or line.text_no
            continue
        current = _row_number(line, current, stt_is_content)
        cell = _cell(line.cells, columns.project)
        if columns.lead_in_project:
            cell = _PROJECT_LEAD.sub("", cell, count=1)
        raw = clean_spaces(_cell(line.cells, columns.completion))
        evidence = Evidence(
            source=source,
            page=block.page,
            quote=clean_spaces(" | ".join(c for c in line.cells if c.strip()))[:400],
            field="entry",
            paragraph=block.index if block.page is None else None,
        )
        if is_same_as_above(cell, config) and previous:
            projects = [p.project for p in previous]
        else:
            projects = split_items(cell)
        raws = [raw] * len(projects)
        if (split := split_alongside(raw, len(projects), _has_date(year))) is not None:
            raws = split
        for i, project in enumerate(projects):
            if own := trailing_date(project, year):
                projects[i], raws[i] = own  # "Vườn rau (30/6/2021)": the project's own date
        row_entries = []
        for project, own_raw in zip(projects, raws, strict=True):
            date = parse_completion(own_raw, year)
            if date is None and is_same_as_above(own_raw, config) and previous:
                own_raw = previous[-1].expected_completion_raw
                row_entries.append(_entry(current, project, previous[-1].expected_completion,
                                          own_raw, evidence))
                continue
            row_entries.append(_entry(current, project, _iso(date), own_raw, evidence))
        entries.extend(row_entries)
        previous = row_entries
    return entries


def _classify(row: tuple[str, ...], columns: _Columns, matcher: ContentMatcher) -> _Row:
    texts = {clean_spaces(c) for c in row if c.strip()}
    section = len(texts) == 1 and (len(row) < columns.width or _spans_from_stt(row, columns))
    stt_text = _cell(row, columns.stt)
    content_text = next(iter(texts)) if section else _cell(row, columns.content)
    explicit = matcher.explicit(content_text)
    if explicit is None and (m := _NUMBER_ONLY.match(fold(content_text))):
        explicit = int(m.group(1))
    if explicit is None and not section:
        explicit = matcher.explicit(stt_text)
    if explicit is None and columns.lead_in_project and (
        m := _PROJECT_LEAD.match(_cell(row, columns.project))
    ):
        explicit = int(m.group(1))
    stt = None
    if m := _NUMBER_ONLY.match(fold(stt_text)):
        stt = int(m.group(1))
    words = _CONTENT_MENTION.sub(" ", content_text)
    text_no = matcher.by_text(words) if re.search(r"[^\W\d_]{2}", words) else None
    leading = int(m.group(1)) if (m := _LEADING_NO.match(content_text)) else None
    carries = not (stt_text if columns.lead_in_project else content_text).strip()
    return _Row(row, section, explicit, stt, text_no, leading, content_text, carries)


def _spans_from_stt(row: tuple[str, ...], columns: _Columns) -> bool:
    """A merged row as a PDF gives it: its text in the Stt column, every other cell empty."""
    return (
        columns.stt == 0
        and bool(row)
        and bool(re.search(r"[^\W\d_]{2}", row[0]))
        and not any(c.strip() for c in row[1:])
    )


def _stt_is_content(rows: list[_Row], columns: _Columns) -> bool:
    """Whether the Stt column numbers the contents, not the rows.

    Not when a section row or "Nội dung N" numbers them; not when the content texts name other
    contents than a plain count 1, 2, 3 … says (a row counter).
    """
    if columns.stt is None or any(r.section for r in rows):
        return False
    if any(r.explicit is not None for r in rows):
        return False  # the contents are numbered elsewhere in the row
    judged = [r for r in rows if r.text_no is not None and r.stt is not None]
    differ = sum(1 for r in judged if r.text_no != r.stt)
    if not differ:
        return True
    numbers = [r.stt for r in rows if r.stt is not None]
    counter = numbers == list(range(1, len(numbers) + 1))
    return not counter and differ < len(judged) - differ


def _row_number(row: _Row, current: int | None, stt_is_content: bool) -> int | None:
    """The content number of a row, ``current`` when it continues the content above."""
    if row.explicit is not None:
        return row.explicit
    if stt_is_content and row.stt is not None:
        if row.text_no is not None and row.text_no != row.stt:
            return None  # the number and the text disagree: no guess
        return row.stt
    if row.carries:
        return current  # a merged content cell, or the projects under a section row
    if row.text_no is not None:
        return row.text_no
    return row.leading if stt_is_content or row.stt is None else None


def _has_date(year: int) -> Callable[[str], bool]:
    return lambda text: parse_completion(text, year) is not None


def _entry(
    content_no: int | None, project: str, date: str | None, raw: str, evidence: Evidence
) -> Entry:
    return Entry(
        content_no=content_no,
        project=project,
        expected_completion=date,
        expected_completion_raw=raw,
        evidence=evidence,
    )


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None
