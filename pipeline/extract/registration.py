"""Registration entries (bản đăng ký nội dung thi đua) from the form's table or a free letter.

The plan's form has four columns: Stt | Nội dung | Tên công trình/ dự án đăng ký | Dự kiến thời
gian hoàn thành.  Schools copy it and fill it in: rows deleted, cells merged, several projects in
one cell ("1. … 2. …"), "Như trên" for "same as the row above".  Others write a letter with one
numbered paragraph per content ("1. Nội dung 2: Công trình “…”, dự kiến hoàn thành tháng 6/2021").
The extractor keeps what was written; judging it (placeholders, invalid numbers) is validation's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config import CampaignConfig
from pipeline.extract.cells import is_numbering_row, is_same_as_above
from pipeline.model import Block, Entry, Evidence, ParsedDocument
from pipeline.text import clean_spaces, fold
from pipeline.text.dates import parse_date

# Column roles, recognised by folded header words.
_COLUMN_WORDS = {
    "stt": ("stt", "so tt", "tt"),
    "content": ("noi dung",),
    "project": ("cong trinh", "du an"),
    "completion": ("thoi gian", "hoan thanh"),
}
_ITEM_MARK = re.compile(r"(?:^|\s|\n)(\d{1,2})\s*[.)]\s+(?=\S)")
_BULLET = re.compile(r"(?:^|\n)\s*[-–•+]\s+")
_CONTENT_NO = re.compile(r"\bnoi dung\s*(?:so\s*)?(\d{1,3})\b")
_LEADING_NO = re.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_QUOTED = re.compile(r"[“\"](.+?)[”\"]")
_COMPLETION = re.compile(
    r"(?:(?:dự kiến|thời gian)\s+)*hoàn thành\s*(?:vào|trong|trước|trước ngày)?\s*:?\s*"
    r"(.+?)\s*[.;]?\s*$",
    re.IGNORECASE,
)
_PROJECT_LEAD = re.compile(
    r"^(?:[-–•+]\s*)?(?:\d{1,2}\s*[.)]\s*)?n[ộo]i dung\s*(?:s[ốo]\s*)?\d{1,3}\s*[:.\-–]?\s*",
    re.IGNORECASE,
)


@dataclass
class _Columns:
    stt: int | None
    content: int | None
    project: int
    completion: int | None


def extract_entries(doc: ParsedDocument, config: CampaignConfig) -> list[Entry]:
    """Every registered project: from the form's table(s) when there is one, else from prose."""
    entries: list[Entry] = []
    for block in doc.tables():
        entries.extend(_from_table(doc.source, block, config))
    if entries:
        return entries
    return _from_paragraphs(doc.source, doc.paragraphs(), config)


def _columns(header: tuple[str, ...]) -> _Columns | None:
    keys = [fold(cell) for cell in header]
    found: dict[str, int] = {}
    for role, words in _COLUMN_WORDS.items():
        for i, key in enumerate(keys):
            if i in found.values():
                continue
            if any(key == w or key.startswith(w + " ") or f" {w}" in f" {key}" for w in words):
                if role == "content" and any(w in key for w in _COLUMN_WORDS["project"]):
                    continue
                found[role] = i
                break
    if "project" not in found:
        return None
    return _Columns(
        found.get("stt"), found.get("content"), found["project"], found.get("completion")
    )


def _from_table(source: str, block: Block, config: CampaignConfig) -> list[Entry]:
    columns: _Columns | None = None
    header_keys: list[str] = []
    entries: list[Entry] = []
    previous: list[Entry] = []
    current_no: int | None = None
    for row in block.rows:
        if columns is None:
            columns = _columns(row)
            header_keys = [fold(c) for c in row]
            continue
        if [fold(c) for c in row] == header_keys or is_numbering_row(row):
            continue  # a header repeated after a page break, or "(1) (2) (3) (4)"
        cell = _cell(row, columns.project)
        content_no = _row_content_no(row, columns, config)
        if content_no is not None:
            current_no = content_no
        elif not any(c.strip() for c in row):
            continue
        raw_completion = clean_spaces(_cell(row, columns.completion))
        evidence = Evidence(
            source=source,
            page=block.page,
            quote=clean_spaces(" | ".join(c for c in row if c.strip()))[:400],
            field="entry",
            paragraph=block.index if block.page is None else None,
        )
        if is_same_as_above(raw_completion, config) and previous:
            raw_completion = previous[-1].expected_completion_raw
        if is_same_as_above(cell, config) and previous:
            projects = [p.project for p in previous]
        else:
            projects = split_projects(cell)
        row_entries = [
            Entry(
                content_no=current_no,
                project=project,
                expected_completion=_iso(parse_date(raw_completion)),
                expected_completion_raw=raw_completion,
                evidence=evidence,
            )
            for project in projects
        ]
        entries.extend(row_entries)
        previous = row_entries
    return entries


def _cell(row: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index]


def _row_content_no(row: tuple[str, ...], columns: _Columns, config: CampaignConfig) -> int | None:
    """The content number of a row: its Stt, "Nội dung 3" in its text, or its title."""
    stt = _cell(row, columns.stt)
    if m := _LEADING_NO.match(stt):
        return int(m.group(1))
    content = _cell(row, columns.content)
    if m := _CONTENT_NO.search(fold(content)):
        return int(m.group(1))
    if m := re.match(r"^\s*(\d{1,3})\s*[.)]\s", content):
        return int(m.group(1))
    key = fold(content)
    if len(key) > 20:
        for item in config.contents:
            title = fold(item.title)
            if key[:60] == title[:60] or title.startswith(key[:40]):
                return item.number
    return None


def split_projects(cell: str) -> list[str]:
    """The projects written in one cell: "1. A 2. B" or "- A / - B" give two; else one."""
    text = cell.strip()
    marks = list(_ITEM_MARK.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) >= 2 and numbers == list(range(1, len(marks) + 1)):
        parts = [text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))]
                 for i, m in enumerate(marks)]
        return [clean_spaces(p).rstrip(";,") for p in parts if clean_spaces(p)]
    if len(marks) == 1 and marks[0].start() == 0:
        return [clean_spaces(text[marks[0].end():]).rstrip(";,")]
    bullets = [clean_spaces(p).rstrip(";,") for p in _BULLET.split(text) if clean_spaces(p)]
    if len(bullets) >= 2:
        return bullets
    return [clean_spaces(text)]


def _entry_paragraphs(blocks: list[Block]) -> list[tuple[Block, str]]:
    """Entry paragraphs with their wrapped lines rejoined (OCR gives one block per line)."""
    found: list[tuple[Block, str]] = []
    open_entry = False
    for block in blocks:
        text = clean_spaces(block.text)
        if _PROJECT_LEAD.match(text) and _CONTENT_NO.search(fold(text)):
            found.append((block, text))
            open_entry = not text.endswith((".", ";"))
        elif open_entry and found:
            found[-1] = (found[-1][0], f"{found[-1][1]} {text}")
            open_entry = not text.endswith((".", ";"))
        else:
            open_entry = False
    return found


def _from_paragraphs(source: str, blocks: list[Block], config: CampaignConfig) -> list[Entry]:
    entries: list[Entry] = []
    for block, text in _entry_paragraphs(blocks):
        m = _CONTENT_NO.search(fold(text))
        assert m is not None
        body = _PROJECT_LEAD.sub("", text, count=1)
        completion = _COMPLETION.search(body)
        raw_completion = completion.group(1).strip() if completion else ""
        if completion:
            body = body[: completion.start()]
        quoted = _QUOTED.search(body)
        project = quoted.group(1) if quoted else re.sub(
            r"^(?:công trình|dự án)\s*:?\s*", "", body, flags=re.IGNORECASE
        )
        entries.append(
            Entry(
                content_no=int(m.group(1)),
                project=clean_spaces(project).strip(" ,;:.-–"),
                expected_completion=_iso(parse_date(raw_completion)),
                expected_completion_raw=raw_completion,
                evidence=Evidence(
                    source=source,
                    page=block.page,
                    quote=text[:400],
                    field="entry",
                    paragraph=block.index if block.page is None else None,
                ),
            )
        )
    return entries


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None
