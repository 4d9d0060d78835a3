"""Dates as Vietnamese documents write them (SPEC §3).

"ngày 04 tháng 5 năm 2021", "04/5/2021", "4-5-2021", "04.05.2021" are days; "tháng 6/2021",
"T6/2021", "cuối tháng 6 năm 2021", "Quý II/2021" and "6 tháng đầu năm 2021" are periods, read
as their last day, because a project due "in June" is on time until 30 June.

A registration's expected completion (``parse_completion``) is read more freely: a day or month
without a year ("30/6", "cuối tháng 6") is in the campaign's year, a range ("từ 10/5 đến
30/6/2021") means its end, and "thường xuyên" (ongoing) is no date at all.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from pipeline.text.normalize import fold

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SEP = r"\s*[/.\-]\s*"

# Patterns run on fold()ed text: lower case, no diacritics, punctuation kept out of the way
# is not possible for "/" so these run on a lightly folded form (see _prepare).
_DAY_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_DAY_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})" + _SEP + r"(\d{1,2})" + _SEP + r"(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_QUARTER = re.compile(r"quy\s*[:.]?\s*(i{1,3}|iv|[1-4])\s*(?:/|nam)\s*(\d{4})")
_MONTH = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam|-)\s*(\d{4})")
_MONTH_BARE = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*/\s*(\d{4})(?!\d)")
_HALF_YEAR = re.compile(r"(?:\b0?6|\bsau)\s+thang\s+(dau|cuoi)\s+nam\s*(?:/\s*)?(\d{4})")
_HALF_NO_YEAR = re.compile(r"(?:\b0?6|\bsau)\s+thang\s+(dau|cuoi)\s+nam\b(?!\s*/?\s*\d)")
_YEAR_END = re.compile(r"(?:cuoi\s+)?nam\s+(\d{4})")
# Without a year, in a completion phrase only: "30/6", "ngày 30 tháng 6", "cuối tháng 6", "T6".
_DAY_NO_YEAR = re.compile(r"(?<![\d/.\-])(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?![\d/.\-]|\s*[/.\-]\s*\d)")
_DAY_WORDS_NO_YEAR = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?!\s*(?:nam|/|-)\s*\d)")
_MONTH_NO_YEAR = re.compile(r"(?:\bthang\s*|\bt)(\d{1,2})\b(?!\s*(?:nam|/|-|\.)\s*\d)")
_MONTH_SPAN = re.compile(r"(tháng|thang|Tháng|THÁNG)\s*(\d{1,2})\s*-\s*(\d{1,2}\s*/\s*\d{4})")
_UNIT = re.compile(r"(?:từ\s+|tu\s+)?(?:quý|quy|tháng|thang)\b", re.IGNORECASE)
_RANGE = re.compile(r"\s(?:đến|tới|den|toi|[-–—])\s|(?<=\d)\s*[–—]\s*(?=\d)", re.IGNORECASE)


_DIGITS = "0123456789"
YEAR_DIGITS = 4


def _prepare(text: str) -> str:
    # fold() turns "/" into spaces; keep the separators that carry meaning.
    kept = re.sub(r"[/.\-]", lambda m: f" {m.group(0)} ", text)
    folded = fold(kept.replace("/", " SLASH ").replace(".", " DOT ").replace("-", " DASH "))
    folded = folded.replace(" slash ", "/").replace(" dot ", ".").replace(" dash ", "-")
    return re.sub(r"\s*([/.\-])\s*", r"\1", folded)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> dt.date | None:
    """The first date written in ``text``; a month or quarter gives its last day."""
    found = find_dates(text)
    return found[0][1] if found else None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every date in ``text`` as (position in the folded text, date), in reading order."""
    if sum(map(text.count, _DIGITS)) < YEAR_DIGITS:
        return []  # every form writes its year in digits, and folding adds none
    s = _prepare(text)
    hits: list[tuple[int, int, dt.date]] = []  # (start, end, date)

    def add(m: re.Match[str], value: dt.date | None) -> None:
        if value is None:
            return
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _ in hits):
            return
        hits.append((m.start(), m.end(), value))

    for m in _DAY_WORDS.finditer(s):
        add(m, _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _ISO.finditer(s):
        add(m, _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DAY_NUMERIC.finditer(s):
        add(m, _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _QUARTER.finditer(s):
        q = m.group(1)
        quarter = _ROMAN.get(q) or int(q)
        add(m, _month_end(int(m.group(2)), quarter * 3))
    for m in _MONTH.finditer(s):
        add(m, _month_end(int(m.group(2)), int(m.group(1))))
    for m in _MONTH_BARE.finditer(s):
        add(m, _month_end(int(m.group(2)), int(m.group(1))))
    for m in _HALF_YEAR.finditer(s):
        add(m, _month_end(int(m.group(2)), 6 if m.group(1) == "dau" else 12))
    for m in _YEAR_END.finditer(s):
        add(m, _month_end(int(m.group(1)), 12))
    hits.sort(key=lambda h: h[0])
    return [(start, value) for start, _, value in hits]


def parse_completion(text: str, year: int) -> dt.date | None:
    """The expected completion written in a registration: a range's end, ``year`` if none."""
    text = _MONTH_SPAN.sub(r"\1 \2 - \3", text)  # "tháng 5-6/2021": the months' range
    parts = [p for p in _RANGE.split(text) if p.strip()]
    if len(parts) >= 2:
        end = _completion_part(parts[-1], year)
        unit = _UNIT.match(parts[0].strip())
        if end is None and unit and not _UNIT.match(parts[-1].strip()):
            end = _completion_part(f"{unit.group(0)} {parts[-1]}", year)  # "Quý II - III/2021"
        if end is not None:
            return end
    return _completion_part(text, year)


def _completion_part(text: str, year: int) -> dt.date | None:
    found = parse_date(text)
    if found is not None:
        return found
    s = _prepare(text)
    if m := _HALF_NO_YEAR.search(s):
        return _month_end(year, 6 if m.group(1) == "dau" else 12)
    if not any(ch in text for ch in _DIGITS):
        return None  # "thường xuyên", "hằng tháng": ongoing, no date
    hits: list[tuple[int, dt.date | None]] = []
    for m in _DAY_WORDS_NO_YEAR.finditer(s):
        hits.append((m.start(), _safe_date(year, int(m.group(2)), int(m.group(1)))))
    if not hits:
        for m in _DAY_NO_YEAR.finditer(s):
            hits.append((m.start(), _safe_date(year, int(m.group(2)), int(m.group(1)))))
    if not hits:
        for m in _MONTH_NO_YEAR.finditer(s):
            hits.append((m.start(), _month_end(year, int(m.group(1)))))
    dates = [d for _, d in sorted(hits, key=lambda h: h[0]) if d is not None]
    return dates[0] if dates else None
