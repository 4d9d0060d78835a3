"""Legacy Vietnamese font encodings (TCVN3 and VNI) back to Unicode.

Before Unicode, Vietnamese documents were typed in 8-bit fonts whose glyphs sit on Latin-1
code points. Read as Unicode, the text is gibberish:

* TCVN3 (TCVN 5712:1993, the "ABC" fonts ``.VnTime``, ``.VnArial`` …) gives each letter one
  code: "Tr­êng Trung häc c¬ së" is "Trường Trung học cơ sở".
* VNI (``VNI-Times`` …) writes a base letter and a mark character:
  "Tröôøng Trung hoïc cô sôû" is the same text.

Detection is deliberately conservative: a text is converted only when many of its words carry
characters that no Unicode Vietnamese word contains, and when those words, converted, turn into
valid Vietnamese syllables. Unicode Vietnamese (NFC or NFD), English, and text with a stray
"©" or "®" are left alone.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"

# A word counts as evidence when it holds a marker character and an ASCII letter; the text is
# converted when evidence words make up this share of its words and mostly become syllables.
MIN_EVIDENCE_SHARE = 0.05
MIN_VALID_SHARE = 0.6
# In TCVN3 capitals with a tone have no code in the ".VnTime" fonts: a heading is typed in the
# ".VnTimeH" font, which draws the lowercase codes as capitals ("TR­êNG" shows as "TRƯỜNG").
# A word with this many upper-case ASCII letters and no lower-case one is such a heading word.
MIN_CAPITALS_FOR_HEADING = 2

# ------------------------------------------------------------------------ the tables

# TCVN 5712:1993 (VN1, of which the VN3/ABC fonts use the lowercase letters and the seven
# toneless capitals), checked against glibc iconv's TCVN5712-1 decoder. Rows of 16 code points
# from 0x80; "_" marks a code point that is not a letter (0xA0 and the combining tone marks
# 0xB0-0xB4, which the ABC fonts do not use). 0x80-0x9F are taken only as the C1 characters
# U+0080-U+009F: when Word reads a ".VnTime" run those bytes become curly quotes and dashes
# (cp1252), which the ABC fonts also draw as punctuation.
_TCVN3_ROWS = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ",  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ",  # 0x90
    "_ĂÂÊÔƠƯĐăâêôơưđẰ",  # 0xA0
    "_____àảãáạẲằẳẵắẴ",  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ",  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò",  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù",  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ",  # 0xF0
)
_TCVN3_C0_CODES = (0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17)
_TCVN3_C0_LETTERS = "ÚỤỪỬỮỨỰỲỶỸÝỴ"
_UNMAPPED = "_"

# VNI: a vowel followed by a mark character, or a single character for a few letters.
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
_VNI_TONES = "øùûõï"  # the five tones after a plain vowel, in _TONE_MARKS order
_VNI_CIRCUMFLEX = "âàáåãä"  # circumflex alone, then circumflex with each tone
_VNI_BREVE = "êèéúüë"  # breve alone, then breve with each tone
_VNI_SINGLES = {
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
}
_VNI_TONED_BASES = {"a": "a", "e": "e", "o": "o", "u": "u", "ô": "ơ", "ö": "ư"}  # all five tones
_VNI_Y_TONES = _VNI_TONES[:4]  # "y" with a dot below is the single character "î"


def _tcvn3_table() -> dict[str, str]:
    """Legacy character -> Unicode letter for TCVN3 (134 letters)."""
    table = {
        chr(code): letter for code, letter in zip(_TCVN3_C0_CODES, _TCVN3_C0_LETTERS, strict=True)
    }
    for row_index, row in enumerate(_TCVN3_ROWS):
        for column, letter in enumerate(row):
            if letter != _UNMAPPED:
                table[chr(0x80 + 16 * row_index + column)] = letter
    return table


def _compose(*parts: str) -> str:
    return unicodedata.normalize("NFC", "".join(parts))


def _vni_table() -> dict[str, str]:
    """Lowercase VNI sequence (one or two characters) -> Unicode letter (67 letters)."""
    table = dict(_VNI_SINGLES)
    for legacy, base in _VNI_TONED_BASES.items():
        for mark, tone in zip(_VNI_TONES, _TONE_MARKS, strict=True):
            table[legacy + mark] = _compose(base, tone)
    for mark, tone in zip(_VNI_Y_TONES, _TONE_MARKS[:4], strict=True):
        table["y" + mark] = _compose("y", tone)
    for base in "aeo":
        table[base + _VNI_CIRCUMFLEX[0]] = _compose(base, "\u0302")
        for mark, tone in zip(_VNI_CIRCUMFLEX[1:], _TONE_MARKS, strict=True):
            table[base + mark] = _compose(base, "\u0302", tone)
    table["a" + _VNI_BREVE[0]] = "ă"
    for mark, tone in zip(_VNI_BREVE[1:], _TONE_MARKS, strict=True):
        table["a" + mark] = _compose("a", "\u0306", tone)
    return table


TCVN3_TABLE = _tcvn3_table()
VNI_TABLE = _vni_table()


def _vietnamese_letters() -> frozenset[str]:
    """Every letter a Unicode Vietnamese word may contain, both cases, NFC."""
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for vowel in "aăâeêioôơuưy":
        letters.update(_compose(vowel, tone) for tone in _TONE_MARKS)
        letters.add(_compose(vowel))
    return frozenset(letters | {ch.upper() for ch in letters})


_VIETNAMESE_LETTERS = _vietnamese_letters()
# Characters that occur in legacy text but never in a Unicode Vietnamese word.
_MARKERS = {
    TCVN3: frozenset(TCVN3_TABLE) - _VIETNAMESE_LETTERS,
    VNI: frozenset("".join(VNI_TABLE) + "".join(VNI_TABLE).upper()) - _VIETNAMESE_LETTERS,
}
# VNI pairs made only of Vietnamese letters ("eâ" for "ê", "aà" for "ầ") never occur in Unicode
# text either, except "oà", "oá", "oã" (the old spelling "hoà", "hoá") and French "où".
_VNI_MARKER_PAIRS = frozenset(
    pair for pair in VNI_TABLE if len(pair) == 2 and pair not in {"oà", "oá", "oã", "où"}
)
# Any marker anywhere in a text: without one no word can be evidence, and detection stops
# after one regex pass (nearly every document is Unicode).


def _marker_pattern() -> re.Pattern[str]:
    chars = "".join(sorted(_MARKERS[TCVN3] | _MARKERS[VNI]))
    seconds: dict[str, set[str]] = {}
    for pair in _VNI_MARKER_PAIRS:
        seconds.setdefault(pair[0], set()).add(pair[1])
    pairs = [
        f"{re.escape(first)}[{re.escape(''.join(sorted(rest)))}]"
        for first, rest in sorted(seconds.items())
    ]
    return re.compile("|".join([f"[{re.escape(chars)}]", *pairs]))


_ANY_MARKER = _marker_pattern()


# ------------------------------------------------------------------ syllable check

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
# Vowel groups by what may follow them: nothing (they end in a semivowel), a final consonant
# (required), or either.
_OPEN_NUCLEI = (
    "oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|iêu|yêu"
    "|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|uơ|ưa|ưi|ưu|ya"
)
_CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ|oă|uâ|oo|ă|â"
_FREE_NUCLEI = "oa|oe|uê|uy|a|e|ê|i|y|o|ô|ơ|u|ư"
_FINAL = "(?:ch|ng|nh|[cmnpt])"
_SYLLABLE = re.compile(
    f"{_INITIAL}(?:(?:{_OPEN_NUCLEI})|(?:{_CLOSED_NUCLEI}){_FINAL}|(?:{_FREE_NUCLEI}){_FINAL}?)"
)
# A syllable closed by a stop (c, ch, p, t) takes only the acute or the dot-below tone.
_STOP_FINAL = ("c", "ch", "p", "t")
_STOP_TONES = ("\u0301", "\u0323")
_WORD = re.compile(r"[^\s!-/:-@\[-`{-~\u2013\u2014\u2018\u2019\u201c\u201d\u2026]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ABBREVIATION = re.compile(r"[A-ZĐ]{2,8}")  # "GDĐT", "ĐTN": capitals, not syllables


def _is_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable.

    Checks the letters (initial, vowel group, final), at most one tone mark, and that a
    syllable ending in a stop consonant has the acute or dot-below tone.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    if len(tones) > 1 or _SYLLABLE.fullmatch(bare) is None:
        return False
    return not (bare.endswith(_STOP_FINAL) and tones and tones[0] not in _STOP_TONES)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w)]


# ------------------------------------------------------------------------ converting


def _tcvn3_to_unicode(text: str) -> str:
    converted = "".join(TCVN3_TABLE.get(ch, ch) for ch in text)
    return _WORD.sub(_heading_case, converted) if converted != text else converted


def _heading_case(match: re.Match[str]) -> str:
    """Upper-case a word typed in a ".VnTimeH" heading font ("TRường" -> "TRƯỜNG")."""
    word = match.group(0)
    capitals = sum(1 for ch in word if "A" <= ch <= "Z")
    lower = any("a" <= ch <= "z" for ch in word)
    return word.upper() if capitals >= MIN_CAPITALS_FOR_HEADING and not lower else word


def _vni_to_unicode(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        first, pair = text[i], text[i : i + 2].lower()
        if len(pair) == 2 and pair in VNI_TABLE:
            letter, width = VNI_TABLE[pair], 2
        elif first.lower() in _VNI_SINGLES:
            letter, width = _VNI_SINGLES[first.lower()], 1
        else:
            letter, width = first, 1
        # The base letter decides the case: Word's "Title Case" gives "Aùo" for "Áo".
        out.append(letter.upper() if first.isupper() and letter != first else letter)
        i += width
    return "".join(out)


_CONVERTERS = {TCVN3: _tcvn3_to_unicode, VNI: _vni_to_unicode}


def convert_legacy(text: str, encoding: str) -> str:
    """``text`` typed in a legacy font, as NFC Unicode; ``encoding`` is "tcvn3" or "vni"."""
    if encoding not in _CONVERTERS:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return unicodedata.normalize("NFC", _CONVERTERS[encoding](unicodedata.normalize("NFC", text)))


# ------------------------------------------------------------------------ detection


def _has_marker(word: str, encoding: str) -> bool:
    """True when ``word`` holds something no Unicode Vietnamese word holds."""
    if any(ch in _MARKERS[encoding] for ch in word):
        return True
    lower = word.lower()
    return encoding == VNI and any(lower[i : i + 2] in _VNI_MARKER_PAIRS for i in range(len(lower)))


def _evidence_score(text: str, words: list[str], encoding: str) -> int:
    """How many words ``encoding`` turns into syllables; 0 when the evidence is too weak.

    Evidence words must mostly convert to syllables or abbreviations ("GDĐT"), at least one
    to a syllable, and the whole text must hold more syllables after conversion than before.
    """
    evidence = [w for w in words if _ASCII_LETTER.search(w) and _has_marker(w, encoding)]
    if not evidence or len(evidence) < MIN_EVIDENCE_SHARE * len(words):
        return 0
    converted = [convert_legacy(w, encoding) for w in evidence]
    syllables = sum(_is_syllable(w) for w in converted)
    abbreviations = sum(_ABBREVIATION.fullmatch(w) is not None for w in converted)
    if syllables == 0 or syllables + abbreviations < MIN_VALID_SHARE * len(evidence):
        return 0
    before = sum(_is_syllable(w) for w in words)
    after = sum(_is_syllable(w) for w in _words(convert_legacy(text, encoding)))
    return after if after > before else 0


def detect_legacy(text: str) -> str | None:
    """The legacy encoding ``text`` is written in, "tcvn3" or "vni", or None for Unicode.

    Conservative by design: the pipeline would rather keep a garbled paragraph (and fail to
    match it) than garble a correct one.
    """
    text = unicodedata.normalize("NFC", text)
    if _ANY_MARKER.search(text.lower()) is None and _ANY_MARKER.search(text) is None:
        return None
    words = _words(text)
    if not words:
        return None
    scores = {encoding: _evidence_score(text, words, encoding) for encoding in (TCVN3, VNI)}
    best = max(scores, key=lambda encoding: scores[encoding])
    return best if scores[best] > 0 else None


def fix_legacy(text: str) -> tuple[str, str | None]:
    """``text`` converted to Unicode when it is in a legacy encoding, and that encoding.

    Returns ``(text, None)`` unchanged when no legacy encoding is detected.
    """
    encoding = detect_legacy(text)
    if encoding is None:
        return text, None
    return convert_legacy(text, encoding), encoding


def font_encoding(font_name: str) -> str | None:
    """The legacy encoding a font name implies: ".VnTime…" is TCVN3, "VNI-…" is VNI."""
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni-") or name.startswith("vni "):
        return VNI
    return None
