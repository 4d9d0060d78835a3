"""People, collectives, positions and award levels as dossier documents write them.

One nominee is written many ways across the files of a dossier: "Bà NGUYỄN THỊ MAI" in the
proposal, "Nguyễn Thị Mai" in the minutes, "Đ/c Nguyễn Thị Hoà" with the old tone placement
in the achievement report.  ``person_key`` and ``collective_key`` give one key for all of them;
``display_name`` gives the form shown to people.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from pipeline.text.abbrev import expand, unit_key
from pipeline.text.normalize import canonical_tones, clean_spaces, fold, nfc

# Honorifics and titles written before a name, on the shadow text (see _shadow): lower case,
# no diacritics, punctuation kept.  "Ông" and "Bà" are also rare surnames, so a prefix is only
# stripped when at least two words of name remain after it.
HONORIFICS = (
    r"dong chi",
    r"d\s*/\s*c",
    r"dc",
    r"nha giao uu tu",
    r"nha giao nhan dan",
    r"nha giao",
    r"ngut",
    r"ngnd",
    r"pgs",
    r"gs",
    r"tien si",
    r"thac si",
    r"ths",
    r"ts",
    r"cu nhan",
    r"cn",
    r"ks",
    r"bs",
    r"ong",
    r"ba",
    r"co",
    r"thay",
    r"anh",
    r"chi",
)
_HONORIFIC = re.compile(r"^(?:" + "|".join(HONORIFICS) + r")(?![a-z0-9])[\s.:,]*")
MIN_NAME_WORDS = 2  # words that must remain after a stripped honorific

# A collective written with a prefix that does not change who it is (on the shadow text).
_COLLECTIVE_PREFIX = re.compile(
    r"^tap the(?![a-z0-9])[\s:\-–]*"
    r"(?:(?:can bo|cb|giao vien|gv|nhan vien|nv|cong chuc|vien chuc|nguoi lao dong|va)"
    r"(?![a-z0-9])[\s,;]*)*"
)

# Roles in a position are separated by commas, semicolons or "kiêm" (holding two posts).
_ROLE_SPLIT = re.compile(r"[,;]|\bkiêm\b", re.IGNORECASE)


def _shadow(text: str) -> str:
    """``text`` with each character replaced by its bare lower-case letter (same length).

    Positions in the shadow are positions in ``text``, so a prefix found on the shadow can be
    cut from the original without losing its diacritics.
    """
    return "".join(map(_bare_letter, text))


@lru_cache(maxsize=4096)
def _bare_letter(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base[0] if base else ch


HONORIFIC_SCAN = 80  # honorifics stand at the start; longer lines need not be shadowed whole


def strip_honorific(name: str) -> str:
    """The name without honorifics and titles in front ("Bà ThS. Nguyễn Thị Mai" → name)."""
    text = clean_spaces(nfc(name))
    while True:
        match = _HONORIFIC.match(_shadow(text[:HONORIFIC_SCAN]))
        if not match or match.end() == 0:
            return text
        rest = text[match.end() :].strip()
        if len(rest.split()) < MIN_NAME_WORDS:
            return text
        text = rest


def has_honorific(text: str) -> bool:
    """Whether ``text`` starts with a person's honorific or title ("Bà", "Đ/c", "ThS." …)."""
    cleaned = clean_spaces(nfc(text))
    return strip_honorific(cleaned) != cleaned


@lru_cache(maxsize=16384)
def person_key(name: str) -> str:
    """A key for a person's name: no honorific, case, diacritics, tone placement or spacing."""
    return fold(strip_honorific(name))


def _title_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def display_name(name: str) -> str:
    """The name as shown to people: NFC, new tone placement, no honorific, title case.

    Only a name written all in capitals (or all in lower case) is re-cased; "Nguyễn Thị Mai"
    keeps its own casing.
    """
    text = canonical_tones(strip_honorific(name))
    letters = [ch for ch in text if ch.isalpha()]
    if letters and (all(ch.isupper() for ch in letters) or all(ch.islower() for ch in letters)):
        text = " ".join(_title_word(w) for w in text.split())
    return text


@lru_cache(maxsize=16384)
def collective_key(name: str) -> str:
    """A key for a collective: "Tập thể Trường THCS X" == "Trường THCS X" == "THCS X"."""
    return unit_key(strip_collective_prefix(name))


def strip_collective_prefix(name: str) -> str:
    """The collective without a leading "Tập thể" and the staff it lists.

    "Tập thể Trường X" and "Tập thể cán bộ, giáo viên, nhân viên Trường X" both give
    "Trường X": the name of the unit whose collective is meant.
    """
    text = clean_spaces(nfc(name))
    match = _COLLECTIVE_PREFIX.match(_shadow(text))
    if match and text[match.end() :].strip():
        return text[match.end() :].strip()
    return text


def strip_unit_suffix(position: str, unit_names: list[str]) -> str:
    """The position without a trailing name of the nominee's own unit.

    "Giáo viên Trường THCS Bình Tân" and "Giáo viên, Trường THCS Bình Tân" are both
    "Giáo viên" once the unit is known; a position that is only the unit's name is kept.
    """
    text = clean_spaces(nfc(position))
    shadow = _shadow(text)
    for name in sorted(unit_names, key=len, reverse=True):
        tail = _shadow(clean_spaces(nfc(name)))
        if not tail or not shadow.endswith(tail):
            continue
        role = text[: len(text) - len(tail)]
        if role and role[-1].isalnum():
            continue  # the name matched inside a word
        role = role.rstrip(" ,;:-–—")
        if role and not canonical_tones(role).lower().endswith(("trường", "tập thể")):
            return role
    return text


def _starts_with_any(role: str, phrases: list[str]) -> bool:
    return any(role == p or role.startswith(p + " ") for p in phrases if p)


class HeadPositions(Protocol):
    """The positions that head a unit and those that never do (the config's heads_of_unit)."""

    @property
    def positions(self) -> Sequence[str]: ...

    @property
    def not_heads(self) -> Sequence[str]: ...


def is_head_of_unit(position: str, heads: HeadPositions) -> bool:
    """Whether a position is the head of a unit (Thủ trưởng đơn vị, §III.2.2.c).

    Each role of the position ("Bí thư Chi bộ, Hiệu trưởng") is compared on folded text: a
    role that starts with a head position ("Hiệu trưởng", "Giám đốc Trung tâm …") makes a head,
    unless it starts with a deputy or on-behalf form ("Phó Hiệu trưởng", "KT. Hiệu trưởng").
    """
    not_heads = [fold(p) for p in heads.not_heads]
    positions = [fold(p) for p in heads.positions]
    for part in _ROLE_SPLIT.split(nfc(position)):
        role = fold(part)
        if not role or _starts_with_any(role, not_heads):
            continue
        if _starts_with_any(role, positions):
            return True
    return False


# "đề nghị UBND quận tặng Giấy khen" says "Giấy khen của UBND quận" in the other order.
_REORDER = re.compile(
    r"\b((?:chu tich )?uy ban nhan dan(?: [a-z]+){1,5}?) (?:xet )?tang (bang khen|giay khen)\b"
)


def _award_key_text(text: str) -> str:
    return expand(fold(text))


AwardNames = tuple[tuple[str, tuple[str, ...]], ...]  # (award key, its names), hashable


@lru_cache(maxsize=16)
def _alias_keys(names: AwardNames) -> tuple[tuple[str, str], ...]:
    pairs = {_award_key_text(n): key for key, all_names in names for n in all_names}
    pairs.pop("", None)
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def parse_award(text: str, awards: AwardNames) -> str | None:
    """The award key ``text`` asks for, or None when it names none of ``awards``.

    ``awards`` are the campaign's levels and every name each goes by (the config's
    ``award_names()``): this module knows no campaign.

    Aliases are compared on folded, abbreviation-expanded text, longest first, so "Giấy khen
    của Chủ tịch UBND phường" is the ward level, not the district's.  An alias directly
    followed by "của …" is a generic prefix of some other award ("Bằng khen của Bộ trưởng")
    and does not count.
    """
    folded = _REORDER.sub(r"\2 cua \1", _award_key_text(text))
    haystack = f" {folded} "
    for alias, key in _alias_keys(awards):
        start = haystack.find(f" {alias} ")
        while start >= 0:
            after = haystack[start + len(alias) + 2 :]
            if not after.startswith("cua "):
                return key
            start = haystack.find(f" {alias} ", start + 1)
    return None
