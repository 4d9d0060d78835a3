"""Registration entries from a form read by OCR, where the table came back as lines of text.

OCR gives a row as one line whose cells are cut by tabs or a stray "|", and wraps a cell's long
text onto the next lines, sometimes alone ("tháng 5/2021" on a line of its own):

    Nội dung 1 (Bầu cử)
    Tuyên truyền bầu cử trên
    bảng tin của trường
    tháng 5/2021
    Nội dung 2<TAB>Tỷ lệ học sinh lớp 9 | 30/6/2021
    tốt nghiệp THCS

A row opens with "Nội dung N" alone in its cell (a label in brackets may follow); what follows
up to the next row or the signature is its project, less the pieces that are dates.  A row whose
"Nội dung N:" runs on into the content's own text is not read: its project cannot be told apart.
"""

from __future__ import annotations

import re

from pipeline.config import CampaignConfig
from pipeline.model import Block, Entry, Evidence
from pipeline.text import clean_spaces
from pipeline.text.dates import parse_completion

_ROW_LEAD = re.compile(
    r"^[\W_]*n[ộo]i dung\s*(?:s[ốo]\s*)?(\d{1,3})\s*(?:\([^)]{0,40}\))?\s*(?:$|[\t|]\s*)",
    re.IGNORECASE,
)
_ANY_LEAD = re.compile(r"^[\W_]*n[ộo]i dung\s*(?:s[ốo]\s*)?\d{1,3}\b", re.IGNORECASE)
_CELL_CUT = re.compile(r"\t+|\s*\|\s*")
_DATE_WORDS = re.compile(
    r"^(?:ngày|tháng|thắng|quý|cuối|trước|từ|đến|năm|t|[\d\s/.:\-–]|[ivx]+\b)+$", re.IGNORECASE
)
_END = re.compile(r"^(?:nơi nhận|kt\.|tm\.|người lập|xác nhận)", re.IGNORECASE)
_LONGEST_DATE = 30


def ocr_entries(source: str, blocks: list[Block], config: CampaignConfig) -> list[Entry]:
    """One entry per "Nội dung N" row of an OCR'd form, its wrapped lines joined."""
    year = config.campaign.period.start.year
    rows: list[tuple[Block, int | None, list[str], list[str]]] = []  # block, number, project, date
    for block in blocks:
        text = block.text.strip()
        if m := _ROW_LEAD.match(text):
            rows.append((block, int(m.group(1)), [], []))
            text = text[m.end() :]
        elif _ANY_LEAD.match(text):
            rows.append((block, None, [], []))  # "Nội dung 6: <its text>…": not readable
            continue
        elif not rows:
            continue
        elif _END.match(text) or _is_heading(text):
            break
        for piece in _CELL_CUT.split(text):
            piece = clean_spaces(piece).strip(" _,;.")
            if not piece:
                continue
            is_date = len(piece) <= _LONGEST_DATE and _DATE_WORDS.match(piece)
            if is_date and parse_completion(piece, year) is not None:
                rows[-1][3].append(piece)
            else:
                rows[-1][2].append(piece)
    entries = []
    for block, number, project, dates in rows:
        text = clean_spaces(" ".join(project)).strip(" “”\"'_,;.")
        if number is None or not re.search(r"[^\W\d_]{2}", text):
            continue
        raw = dates[0] if dates else ""
        date = parse_completion(raw, year)
        entries.append(
            Entry(
                content_no=number,
                project=text,
                expected_completion=date.isoformat() if date else None,
                expected_completion_raw=raw,
                evidence=Evidence(
                    source=source,
                    page=block.page,
                    quote=clean_spaces(block.text)[:400],
                    field="entry",
                    paragraph=block.index if block.page is None else None,
                ),
            )
        )
    return entries


def _is_heading(text: str) -> bool:
    """A signature title in capitals ("HIỆU TRƯỞNG"): the table has ended."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)
