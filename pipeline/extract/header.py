"""The header facts of an administrative document: issuing unit, number, date, title.

Official documents (Nghị định 30/2020/NĐ-CP) put the issuing body at the top left, the number
("Số: 25/KH-THCS") under it, and the place and date ("Bình Tân, ngày 03 tháng 5 năm 2021") at
the top right; the type and subject follow, centred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config import Unit
from pipeline.extract.units import UnitMatcher
from pipeline.model import Block, Evidence
from pipeline.text import clean_spaces, fold
from pipeline.text.dates import find_dates

HEADER_BLOCKS = 10  # the issuing body is within this many blocks of the top
_CODE = r"[0-9A-ZĐa-zđ\-]+"
_NUMBER = re.compile(rf"\bS[ốoÔO]\s*:?\s*([0-9]{{1,5}}\s*/\s*{_CODE}(?:\s*/\s*{_CODE})?)")
_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ng[àa]y\b", re.IGNORECASE)
_TYPE_WORDS = (
    "ke hoach", "ban dang ky", "dang ky", "bao cao", "to trinh", "bien ban", "giay xac nhan",
    "xac nhan", "cong van", "quyet dinh", "thong bao", "giay moi",
)


@dataclass
class Header:
    """What the top of a document says about who issued it, when, and what it is."""

    unit: Unit | None = None
    issuer_text: str = ""
    doc_number: str | None = None
    doc_date: str | None = None
    title: str | None = None
    evidence: list[Evidence] | None = None


def _lines(block: Block) -> list[str]:
    """The lines of a block, the left column of a header table first."""
    if block.kind == "table" and block.rows:
        left = [row[0] for row in block.rows if row]
        rest = [cell for row in block.rows for cell in row[1:]]
        return [line for cell in left + rest for line in cell.split("\n") if line.strip()]
    return [line for line in block.text.split("\n") if line.strip()]


def _evidence(source: str, block: Block, quote: str, field: str) -> Evidence:
    return Evidence(
        source=source,
        page=block.page,
        quote=clean_spaces(quote)[:300],
        field=field,
        paragraph=block.index if block.page is None else None,
    )


def read_header(source: str, zone: list[Block], matcher: UnitMatcher) -> Header:
    """Issuing unit (matched to the roster), number, date and title from the title zone."""
    header = Header(evidence=[])
    assert header.evidence is not None
    issuer_lines: list[str] = []
    for block in zone[:HEADER_BLOCKS]:
        for line in _lines(block):
            if header.unit is None:
                unit = matcher.in_text(line)
                if unit is not None:
                    header.unit = unit
                    header.evidence.append(_evidence(source, block, line, "unit"))
                elif len(issuer_lines) < 3 and line.isupper():
                    issuer_lines.append(clean_spaces(line))
            if header.doc_number is None and (m := _NUMBER.search(line)):
                header.doc_number = re.sub(r"\s+", "", m.group(1))
                header.evidence.append(_evidence(source, block, line, "doc_number"))
    header.issuer_text = " / ".join(issuer_lines)
    _read_date(source, zone, header)
    _read_title(zone, header)
    return header


def _read_date(source: str, zone: list[Block], header: Header) -> None:
    fallback: tuple[Block, str, str] | None = None
    assert header.evidence is not None
    for block in zone:
        for line in _lines(block):
            dates = find_dates(line)
            if not dates:
                continue
            if _PLACE_DATE.search(line.strip()):
                header.doc_date = dates[0][1].isoformat()
                header.evidence.append(_evidence(source, block, line, "doc_date"))
                return
            if fallback is None and "ngay" in fold(line):
                fallback = (block, line, dates[0][1].isoformat())
    if fallback is not None:
        block, line, value = fallback
        header.doc_date = value
        header.evidence.append(_evidence(source, block, line, "doc_date"))


def _read_title(zone: list[Block], header: Header) -> None:
    paragraphs = [b for b in zone if b.kind == "paragraph"]
    for i, block in enumerate(paragraphs):
        text = clean_spaces(block.text)
        key = fold(text)
        if text.isupper() and any(key.startswith(w) for w in _TYPE_WORDS):
            subject = clean_spaces(paragraphs[i + 1].text) if i + 1 < len(paragraphs) else ""
            joined = subject and not subject.isupper()
            header.title = f"{text} {subject}" if joined else text
            return
    for block in zone:
        for line in _lines(block):
            if fold(line).startswith("v v "):
                header.title = clean_spaces(line)
                return
