"""Normal forms and matching keys for Vietnamese text.

NFC alone does not make two spellings of one word equal: "hoà" and "hòa", "thuỷ" and "thủy"
put the tone mark on different vowels (old and new placement) and stay different after NFC.
``canonical_tones`` moves the mark to the new placement; ``fold`` goes further and gives a
key for matching that ignores case, diacritics, ``đ``/``d``, punctuation and spacing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old placement on the first vowel of a final "oa", "oe", "uy" (not after q): hoà -> hòa.
_OLD_PLACEMENT_REVERSE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![\w\u0300-\u036f])"
)


def nfc(text: str) -> str:
    """The text in Unicode NFC, the form every output of the pipeline uses."""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Collapse runs of whitespace (including no-break and zero-width spaces) to one space."""
    if "\u200b" in text or "\ufeff" in text:  # not whitespace to str.split
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def canonical_tones(text: str) -> str:
    """NFC text with tone marks in the new placement ("hoà" → "hòa", "thuỷ" → "thủy")."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_PLACEMENT_REVERSE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


CACHE_MAX_CHARS = 200  # names, cells and titles repeat; long paragraphs are folded once


def bare(text: str) -> str:
    """Lower case without diacritics, đ as d, single spaces; punctuation kept ("15/17")."""
    return _bare_cached(text) if len(text) <= CACHE_MAX_CHARS else _bare(text)


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, đ→d, punctuation as spaces, single spaces."""
    return _fold_cached(text) if len(text) <= CACHE_MAX_CHARS else _fold(text)


@lru_cache(maxsize=65536)
def _bare_cached(text: str) -> str:
    return _bare(text)


@lru_cache(maxsize=65536)
def _fold_cached(text: str) -> str:
    return _fold(text)


def _base_letters() -> dict[int, str]:
    """Each precomposed Latin letter (Vietnamese ones among them) → its letters without marks,
    as NFD and dropping the combining marks give them; đ → d.  Only ASCII results are kept."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x2000):
        decomposed = unicodedata.normalize("NFD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_BASE_LETTERS = _base_letters()
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _bare(text: str) -> str:
    plain = text.translate(_BASE_LETTERS)
    if not plain.isascii():  # marks of NFD text, or letters the table does not know
        decomposed = unicodedata.normalize("NFD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return clean_spaces(plain.lower())


def _fold(text: str) -> str:
    return _NOT_ALNUM.sub(" ", _bare(text)).strip()
