"""Abbreviations Vietnamese offices use in unit names, expanded on folded text."""

from __future__ import annotations

import re

from pipeline.text.normalize import fold

# On fold()ed text (lower case, no diacritics).  Longest first so "thcs" wins over "th".
ABBREVIATIONS: dict[str, str] = {
    "thpt": "trung hoc pho thong",
    "thcs": "trung hoc co so",
    "th": "tieu hoc",
    "mn": "mam non",
    "mg": "mau giao",
    "gddt": "giao duc va dao tao",
    "gd dt": "giao duc va dao tao",
    "gdnn": "giao duc nghe nghiep",
    "gdtx": "giao duc thuong xuyen",
    "tt": "trung tam",
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
    "cp": "co phan",
    "tnhh": "trach nhiem huu han",
    "cty": "cong ty",
    "q": "quan",
    "p": "phuong",
}
_PATTERN = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")\b")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_TRAILING_ROMAN = re.compile(r"\b(i{1,3}|iv|v)$")


def expand(folded: str) -> str:
    """Expand the abbreviations in already folded text ("thcs binh tan" → full words)."""
    text = _PATTERN.sub(lambda m: ABBREVIATIONS[m.group(1)], folded)
    return _TRAILING_ROMAN.sub(lambda m: _ROMAN[m.group(1)], text)


def unit_key(name: str) -> str:
    """A key for a unit's name: folded, abbreviations expanded, "trường"/"tập thể" dropped."""
    key = expand(fold(name))
    key = re.sub(r"^(tap the\s+)?(truong\s+)?", "", key)
    key = re.sub(r"\bquan binh tan$", "", key).strip()
    return key
