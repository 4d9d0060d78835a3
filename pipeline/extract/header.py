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
UPPER_SHARE = 0.7  # letters in capitals of a line that may be the issuing body
_TAIL_TOKEN = re.compile(r"[A-ZĐ]|\d{1,2}")  # a wrapped "A" or "2" of a unit's name
# The national title and motto: the top right, never the issuer.
_NATIONAL = ("cong hoa xa hoi chu nghia", "doc lap tu do hanh phuc")
# Lines that cite another document: its date is not this document's.
_CITING = re.compile(r"^\W*(?:can cu|thuc hien|theo|xet|kinh gui|ve viec|v v)\b")
# OCR noise inside a date line: "ngày 1 5 tháng", "năm .2021".
# A day written in full (on folded text): a month alone is no document's date.
_DAY_DATE = re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}|\b\d{1,2}\s+\d{1,2}\s+\d{4}\b")
_SPLIT_DAY = re.compile(r"(ng[àa]y\s+)(\d)\s(\d)(?=\s+th)", re.IGNORECASE)
_YEAR_NOISE = re.compile(r"(n[ăa]m)\s*[^\w\s]+\s*(?=\d{4})", re.IGNORECASE)
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


def _is_issuer_line(line: str, block: Block) -> bool:
    """A line that may name the issuing body: capitals (as the decree writes it), a cell of
    the header table, or a line that starts with "Trường"; never a sentence of the body."""
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    upper = sum(ch.isupper() for ch in letters) / len(letters)
    return upper >= UPPER_SHARE or block.kind == "table" or fold(line).startswith("truong ")


def _joined_lines(blocks: list[Block]) -> list[tuple[str, Block]]:
    """The lines of the blocks, a line that is only a distinguishing letter or number ("A",
    "2") joined to the one above it: a PDF or scan wraps "TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG / A"."""
    joined: list[tuple[str, Block]] = []
    for block in blocks:
        for line in _lines(block):
            bare_line = re.sub(r"[^\w]+", "", line)
            if joined and _TAIL_TOKEN.fullmatch(bare_line):
                above, where = joined[-1]
                joined[-1] = (f"{above.rstrip(' .,')} {bare_line}", where)
            else:
                joined.append((line, block))
    return joined


def read_header(
    source: str, zone: list[Block], matcher: UnitMatcher, closing: list[Block] | None = None
) -> Header:
    """Issuing unit (matched to the roster), number, date and title from the title zone.

    ``closing`` are the last paragraphs: a form filled in (a registration table, a workbook)
    may write its place and date above the signature instead of at the top.
    """
    header = Header(evidence=[])
    assert header.evidence is not None
    issuer_lines: list[str] = []
    for line, block in _joined_lines(zone[:HEADER_BLOCKS]):
        if header.unit is None and _is_issuer_line(line, block):
            unit = matcher.in_text(line)
            if unit is not None:
                header.unit = unit
                header.evidence.append(_evidence(source, block, line, "unit"))
            elif len(issuer_lines) < 3 and line.isupper() and not _is_national(line):
                issuer_lines.append(clean_spaces(line))
        if header.doc_number is None and (m := _NUMBER.search(line)):
            header.doc_number = re.sub(r"\s+", "", m.group(1))
            header.evidence.append(_evidence(source, block, line, "doc_number"))
    header.issuer_text = " / ".join(issuer_lines)
    _read_date(source, zone, header)
    if header.doc_date is None and closing:
        _read_date(source, closing, header, place_only=True)
    _read_title(zone, header)
    return header


def _is_national(line: str) -> bool:
    return any(words in fold(line) for words in _NATIONAL)


def _date_segments(block: Block) -> list[str]:
    """The block's lines cut at tabs (a scan's header row is "Số: …<tab>Bình Tân, ngày …"),
    with the OCR noise of a date line removed."""
    segments = []
    for line in _lines(block):
        for part in line.split("\t"):
            part = _YEAR_NOISE.sub(r"\1 ", _SPLIT_DAY.sub(r"\1\2\3", part)).strip(" .'\"_")
            if part:
                segments.append(part)
    return segments


def _read_date(source: str, zone: list[Block], header: Header, place_only: bool = False) -> None:
    fallback: tuple[Block, str, str] | None = None
    assert header.evidence is not None
    for block in zone:
        for line in _date_segments(block):
            dates = find_dates(line)
            if not dates or _CITING.match(fold(line)):
                continue
            if _PLACE_DATE.search(line.strip()):
                if _DAY_DATE.search(fold(line)):  # "ngày    tháng 6 năm 2021": not signed yet
                    header.doc_date = dates[0][1].isoformat()
                    header.evidence.append(_evidence(source, block, line, "doc_date"))
                return
            if fallback is None and "ngay" in fold(line) and _DAY_DATE.search(fold(line)):
                fallback = (block, line, dates[0][1].isoformat())
    if fallback is not None and not place_only:
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
