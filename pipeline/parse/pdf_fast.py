"""Words and ruled tables of a PDF page read with pypdfium2, the way pdfplumber reads them.

pdfplumber spends nearly all its time in pdfminer, which interprets every glyph of the page in
Python.  Here PDFium (in C) gives the page's text objects and paths, and what pdfplumber does
with them afterwards is done the same way:

- words come **by text object**: PDFium gives each object's text (LibreOffice writes one per
  line segment, about 30 glyphs), its origin, font and size; its words are placed by the
  font's advances (/Widths, looked up by Unicode), and the stretch of a justified line, which
  the object's right bound shows, is shared among its word gaps.  Objects that touch inside a
  word are joined, as pdfplumber groups their chars.  Every word lands within a point of
  pdfminer's glyphs (a test holds it so), a quarter of the calls into PDFium and a third of
  the time of reading glyph by glyph;
- a page with NFD text or ligatures (a glyph whose Unicode is several code points, whose
  advance cannot be looked up by them) is read **glyph by glyph**: each glyph's origin from
  PDFium, then pdfplumber's ``WordExtractor`` (the settings ``Page.extract_words`` uses with
  ``extra_attrs=["size"]``) written out for upright left-to-right text on tuples; a test holds
  it equal to pdfplumber's own on random chars;
- edges → tables is pdfplumber's own chain of pure functions (merge_edges →
  edges_to_intersections → intersections_to_cells → cells_to_tables).

The geometry copies pdfminer's: a char runs from its origin over its advance and from its
baseline up by its size; a path is cut into subpaths at each move-to, each subpath becomes a
line, a rectangle or a curve by pdfminer's rules, then edges by pdfplumber's.

Where the two readings still differ (in no block of the test corpus):

- word ends by text object are within a point of pdfminer's (kerning inside a word is not
  read), which moves a word only when it nearly touches a table rule or a wrap limit;
- pdfminer lowers a char's box by the font descriptor's /Descent, which PDFium does not
  expose.  LibreOffice writes 0, so the boxes agree; for other fonts they sit up to a fifth of
  the size higher here;
- read glyph by glyph, a glyph whose Unicode is several code points is found by position, so
  its advance comes from PDFium's boxes: exact, or at the next glyph's origin when its ink
  overhangs into it (less any kerning), or at the end of its ink at the end of a line;
- two text objects a little apart (under 3 points) are one word to pdfplumber, but two here
  when PDFium sees a space in the gap (it ends the first object's text with one);
- PDFium drops a text object drawn again over itself (fake bold), where pdfminer keeps both
  copies, and leaves out a glyph without a Unicode value, where pdfminer writes "(cid:N)";
- a hyphen that ends a line inside a word reads as "-" (PDFium marks it, soft or not).

A page this module cannot read the same way gets ``None`` and goes to pdfplumber: a rotated
page or one whose MediaBox is inherited or does not start at (0, 0) (pdfplumber's
coordinates are then offset in ways PDFium's are not), rotated or mirrored text (pdfplumber
reads it as upright=False words, grouped apart), text in an /ActualText span (PDFium reads the
span's text instead of its glyphs), a form XObject (its contents sit in their own coordinate
space), and, glyph by glyph, a glyph of several code points whose ink overhangs its advance
with the next word less than 3 points away.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import (
    Table,
    TableSettings,
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils.geometry import filter_edges
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

Point = tuple[float, float]
Edge = dict[str, Any]
CharBox = tuple[str, float, float, float, float]  # text, x0, x1, top, size (bottom = top + size)
WordBox = tuple[str, float, float, float, float, float]  # text, x0, x1, top, bottom, size

# pdfplumber's Page.find_tables() with no settings, i.e. the "lines" strategy.
TABLE_SETTINGS = TableSettings()
# PDFium's text for a glyph without Unicode (pdfminer writes "(cid:N)": the page goes to
# pdfplumber) and for a hyphen, "-" or soft, that ends a line inside a word (read as "-", the
# glyph fonts draw for both).
NO_UNICODE = "\ufffe"
HYPHEN_MARK = "\x02"
# pdfminer's single-segment and four-segment shapes (after a redundant closing "l" is dropped).
LINE_SHAPES = frozenset({"ml", "mlh"})
RECT_SHAPES = frozenset({"mlllh", "mllll"})
INK_EPSILON = 1e-3  # points: a loose box ending this close to the ink ends at the ink
SPELLED = str.maketrans(LIGATURES)  # "ﬁ" → "fi", as pdfplumber's words spell ligatures


@dataclass
class PageContent:
    """A page's words (text, x0, x1, top, bottom, size) and its ruled tables."""

    words: list[WordBox]
    tables: list[Table]


# Advances of a 1-point font, per font and char, shared by the pages of one document.
Widths = dict[tuple[int, bytes], dict[str, float]]


def read_content(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, widths: Widths | None = None
) -> PageContent | None:
    """The page's words and ruled tables as pdfplumber finds them; None when the page holds
    something read differently here (see the module docstring), for pdfplumber to read.

    ``widths`` carries the fonts' advances from page to page of one document."""
    height = page_height(page)
    if height is None:
        return None
    edges = page_edges(page, height)
    if edges is None:
        return None
    words = page_words(page, textpage, height, {} if widths is None else widths)
    if words is None:
        return None
    return PageContent(words=words, tables=find_tables(edges))


def page_height(page: pdfium.PdfPage) -> float | None:
    """The MediaBox height when pdfplumber's top-down coordinates are simply height − y."""
    box = page.get_mediabox(fallback_ok=False)
    if page.get_rotation() != 0 or box is None or box[0] != 0 or box[1] != 0:
        return None
    return float(box[3])


# ------------------------------------------------------------------ by text object


@dataclass
class _Object:
    """One text object of a page: its text (PDFium's, in its text page), font, size, origin."""

    text: str
    font: Any  # FPDF_FONT
    size: float  # pdfminer's char size: font size × vertical scale
    x_factor: float  # font size × horizontal scale: a 1-point advance → points on the page
    x: float  # the first char's origin
    top: float  # its baseline's y from the top of the page, less the size
    right: float  # the object's right bound (end of the last advance, or of its ink)


_TEXT_BYTES = 1 << 17  # FPDFTextObj_GetText's buffer; a longer object goes to pdfplumber


def page_words(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, height: float, widths: Widths
) -> list[WordBox] | None:
    """The page's words as (text, x0, x1, top, bottom, size), from its text objects; None for
    text read differently here (see the module docstring).  ``widths`` caches advances."""
    objects = text_objects(page, textpage, height)
    if objects is None:
        return None
    if any(_SEVERAL_CODE_POINTS.search(obj.text) for obj in objects):
        chars = page_chars(textpage, height)
        return None if chars is None else chars_to_words(chars)
    words: list[WordBox] = []
    fonts: dict[int, dict[str, float]] = {}
    previous: _Object | None = None
    for obj in objects:
        address = _address(obj.font)
        font_widths = fonts.get(address)
        if font_widths is None:
            font_widths = fonts[address] = widths.setdefault((address, _font_name(obj.font)), {})
        boxes = object_words(obj, font_widths)
        if boxes and words and previous is not None and _joins(previous, obj, words[-1], boxes[0]):
            last, first = words.pop(), boxes[0]
            boxes[0] = (last[0] + first[0], last[1], first[2], last[3], last[4], last[5])
        words.extend(boxes)
        previous = obj if boxes and not obj.text[-1].isspace() else None
    return words


def text_objects(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, height: float
) -> list[_Object] | None:
    """The page's upright text objects with the text PDFium reads for each, in content order;
    None when one is rotated, mirrored or in an /ActualText span."""
    buffer = ctypes.create_string_buffer(_TEXT_BYTES)
    wide = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    matrix, font_size = pdfium_c.FS_MATRIX(), ctypes.c_float()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    found: list[_Object] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        length = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, wide, _TEXT_BYTES)
        if length > _TEXT_BYTES:
            return None
        text = buffer.raw[: max(0, length - 2)].decode("utf-16-le", errors="replace")
        if not text.strip():
            continue  # nothing PDFium reads (an invisible or doubled object)
        mapped = _mapped(text)
        if not (
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            and pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
            and pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        ):
            return None
        if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
            return None
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        if not font or _has_actual_text(obj):
            return None
        size = font_size.value * matrix.d
        found.append(
            _Object(
                text=mapped,
                font=font,
                size=size,
                x_factor=font_size.value * matrix.a,
                x=matrix.e,
                top=height - matrix.f - size,
                right=right.value,
            )
        )
    return found


def _mapped(text: str) -> str:
    """``text`` with PDFium's mark for a hyphen that ends a line inside a word read as "-".

    In a text object's text PDFium writes that mark as U+0002 (U+FFFE in the page's text).
    """
    return text.replace(HYPHEN_MARK, "-").replace(NO_UNICODE, "-")


def object_words(obj: _Object, widths: dict[str, float]) -> list[WordBox]:
    """The words of one text object, placed by the font's advances from its origin.

    A justified line is drawn with its spaces stretched: the object's right bound says by how
    much, and the stretch is shared among the gaps between its words, so that every word
    lands within a point of where pdfminer puts its glyphs.  PDFium ends an object's text
    with a space where it saw a gap after it; that space stretches nothing unless its
    advance is inside the object's bounds (the object's own space).
    """
    text = obj.text
    for ch in set(text) - widths.keys():
        widths[ch] = _glyph_width(obj.font, ch)
    # ends[i]: where char i ends, in 1-point advances from the object's origin.
    ends = list(itertools.accumulate(map(widths.__getitem__, text)))
    spans = [(m.group(), m.start(), m.end()) for m in _WORD_PIECE.finditer(text)]
    if not spans:
        return []
    x, scale = obj.x, obj.x_factor
    last_end = x + ends[spans[-1][2] - 1] * scale
    trailing = (ends[-1] - ends[spans[-1][2] - 1]) * scale
    spaced = trailing > 0 and obj.right >= last_end + trailing / 2
    right = obj.right - trailing if spaced else obj.right
    gaps = len(spans) - 1
    stretch = (right - last_end) / gaps if gaps and right > last_end else 0.0
    top, bottom, size = obj.top, obj.top + obj.size, obj.size
    return [
        (
            word.translate(SPELLED),
            x + (ends[start - 1] if start else 0.0) * scale + gap * stretch,
            x + ends[end - 1] * scale + gap * stretch,
            top,
            bottom,
            size,
        )
        for gap, (word, start, end) in enumerate(spans)
    ]


_WORD_PIECE = re.compile(r"\S+")
# A combining mark (NFD text) or a ligature: a glyph whose Unicode is several code points, and
# whose advance cannot be looked up by them.
_SEVERAL_CODE_POINTS = re.compile("[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufb00-\ufb06]")


def _joins(before: _Object, after: _Object, last: WordBox, first: WordBox) -> bool:
    """Whether two text objects touch inside one word, as pdfplumber groups their chars: one
    size, one line, no space between (``before`` does not end in one, not even one PDFium
    saw in the gap) and at most 3 points apart."""
    return (
        before.size == after.size
        and not after.text[0].isspace()
        and abs(first[3] - last[3]) <= DEFAULT_Y_TOLERANCE
        and last[1] <= first[1] <= last[2] + DEFAULT_X_TOLERANCE
    )


def _font_name(font: Any) -> bytes:
    """The font's base name: with its address, it tells the fonts of one document apart."""
    buffer = ctypes.create_string_buffer(256)
    length = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, 256)
    return buffer.raw[: max(0, min(length, 256) - 1)]


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _has_actual_text(obj: Any) -> bool:
    """Whether the text object sits in a marked span with /ActualText: PDFium reads that text
    in place of the glyphs (all at the span's origin), pdfminer reads the glyphs."""
    for index in range(pdfium_c.FPDFPageObj_CountMarks(obj)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj, index)
        kind = pdfium_c.FPDFPageObjMark_GetParamValueType(mark, b"ActualText")
        if kind != pdfium_c.FPDF_OBJECT_UNKNOWN:
            return True
    return False


def _glyph_width(font: Any, ch: str) -> float:
    """The advance width of ``ch`` in a 1-point font, from the font's /Widths."""
    width = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetGlyphWidth(font, ord(ch), 1.0, width):
        return 0.0
    return width.value


# --------------------------------------------------------------------- glyph by glyph


def _by_address(function: Any, *argtypes: Any) -> Callable[..., Any]:
    """A pypdfium2 binding called with and returning bare addresses (ints).

    The bindings wrap every returned handle in a new ctypes pointer object, and turning that
    back into an int to compare it costs several times the call itself; per glyph that was
    most of the reading time.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value or 0
    return ctypes.CFUNCTYPE(*argtypes)(address)


_VOID, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = _by_address(pdfium_c.FPDFText_GetTextObject, _VOID, _VOID, _INT)
_char_origin = _by_address(pdfium_c.FPDFText_GetCharOrigin, _INT, _VOID, _INT, _VOID, _VOID)


@dataclass(frozen=True)
class _Run:
    """What the chars of one text object share: font, size and scale."""

    font: Any  # FPDF_FONT
    widths: dict[str, float]  # each char's advance in a 1-point font, filled in as met
    size: float  # pdfminer's char size: font size × vertical scale
    x_factor: float  # font size × horizontal scale: a 1-point advance → points on the page
    base: float  # page height − size: a char's top is this minus its baseline's y


def page_chars(textpage: pdfium.PdfTextPage, height: float) -> list[CharBox] | None:
    """The page's glyphs in content order as (text, x0, x1, top, size); None for rotated or
    unmapped text.  PDFium's generated spaces and line breaks are not glyphs and are left out."""
    raw = textpage.raw
    handle = ctypes.cast(raw, ctypes.c_void_p).value
    text_object, char_origin = _text_object, _char_origin
    is_generated, is_hyphen = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_IsHyphen
    runs: dict[int, _Run] = {}
    fonts: dict[int, dict[str, float]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.addressof(x), ctypes.addressof(y)
    chars: list[CharBox] = []
    append = chars.append
    text = _all_text(raw)
    if text is None:
        return None
    key = last_obj = open_end = -1
    last_left = open_baseline = float("nan")
    font, size, x_factor, base = None, 0.0, 0.0, 0.0
    widths: dict[str, float] = {}
    for i, ch in enumerate(text):
        obj = text_object(handle, i)
        if obj is None or (ch == " " and is_generated(raw, i)):
            continue  # a space or line break PDFium generated where it saw a gap: no glyph
        if ch == NO_UNICODE:
            if not is_hyphen(raw, i):
                return None
            ch = "-"
        if obj != key:
            run = runs.get(obj) or _run(obj, height, fonts)
            if run is None:
                return None
            key, runs[obj] = obj, run
            font, widths, size, x_factor, base = (
                run.font,
                run.widths,
                run.size,
                run.x_factor,
                run.base,
            )
        char_origin(handle, i, px, py)
        left, baseline = x.value, y.value
        if left == last_left and obj == last_obj:
            # One glyph whose Unicode is several code points (a letter and its marks in NFD, a
            # ligature): PDFium lists each code point at the glyph's origin, pdfminer gives one
            # char.  Its advance cannot be looked up by Unicode, see _composite_right.
            first, x0, _, top, height_ = chars[-1]
            right, inked = _composite_right(raw, i)
            chars[-1] = (first + ch, x0, right, top, height_)
            open_end = len(chars) - 1 if inked else -1
            continue
        if open_end >= 0:
            _, x0, x1, _, open_size = chars[open_end]
            if baseline == open_baseline and x0 < left <= x1:
                chars[open_end] = chars[open_end][:2] + (left,) + chars[open_end][3:]
            elif (
                baseline == open_baseline
                and left - x1 <= DEFAULT_X_TOLERANCE
                and size == open_size
                and not ch.isspace()
            ):
                return None  # whether a word ends here hangs on the advance not known
            open_end = -1
        last_left, last_obj, open_baseline = left, obj, baseline
        width = widths.get(ch)
        if width is None:
            width = widths[ch] = _glyph_width(font, ch)
        append((ch, left, left + width * x_factor, base - baseline, size))
    return chars


def _all_text(raw: Any) -> str | None:
    """Every char of the text page, one Python char per PDFium char; None when the page's text
    does not line up with its chars (PDFium left out a char without Unicode, or one beyond
    the BMP took two UTF-16 units)."""
    count = pdfium_c.FPDFText_CountChars(raw)
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    last = pdfium_c.FPDFText_GetTextIndexFromCharIndex(raw, count - 1) if count else -1
    return text if len(text) == count and last == count - 1 else None


def _run(address: int, height: float, fonts: dict[int, dict[str, float]]) -> _Run | None:
    """The font and scale of a text object; None unless its text is upright and unrotated."""
    obj = ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT)
    matrix = pdfium_c.FS_MATRIX()
    font_size = ctypes.c_float()
    if not (
        pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
        and pdfium_c.FPDFTextObj_GetFontSize(obj, font_size)
    ):
        return None
    if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
        return None
    if _has_actual_text(obj):
        return None
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not font:
        return None
    size = font_size.value * matrix.d
    return _Run(
        font=font,
        widths=fonts.setdefault(_address(font), {}),
        size=size,
        x_factor=font_size.value * matrix.a,
        base=height - size,
    )


def _composite_right(raw: Any, index: int) -> tuple[float, bool]:
    """Where a glyph found by its position (not its Unicode) ends, and whether that is only
    an upper bound.

    PDFium's loose box runs to the end of the advance or of the ink, whichever is further
    right.  Past the ink it is the advance, exactly; at the ink (the horn of "ư" overhangs
    its advance) the advance ends somewhere before: the next glyph's origin tells where when
    it starts inside that ink, and otherwise a word gap that close makes the page pdfplumber's.
    """
    rect = pdfium_c.FS_RECTF()
    pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
    return float(rect.right), rect.right <= right.value + INK_EPSILON


# ---------------------------------------------------------- glyph by glyph: the words


def chars_to_words(chars: Sequence[CharBox]) -> list[WordBox]:
    """pdfplumber's ``extract_words(chars, extra_attrs=["size"])`` for upright chars.

    Consecutive chars of one size form a group; a group's chars are clustered into lines by
    their tops (each within 3 points of the previous top), lines top to bottom; a line's chars
    are read left to right and a word ends at a space, or before a char that starts left of
    the previous one, more than 3 points right of its end or 3 points above or below it.
    """
    words: list[WordBox] = []
    for _, run in itertools.groupby(chars, key=itemgetter(4)):
        group = list(run)
        line_of = _line_numbers(group)
        word: list[CharBox] = []
        line = -1
        # One stable sort by (line, x0) is pdfplumber's stable sort by line, then by x0.
        for char in sorted(group, key=lambda c: (line_of[c[3]], c[1])):
            blank = char[0].isspace()
            if word and (
                blank
                or line_of[char[3]] != line
                or char[1] < word[-1][1]
                or char[1] > word[-1][2] + DEFAULT_X_TOLERANCE
                or abs(char[3] - word[-1][3]) > DEFAULT_Y_TOLERANCE
            ):
                words.append(_merge(word))
                word = []
            line = line_of[char[3]]
            if not blank:
                word.append(char)
        if word:
            words.append(_merge(word))
    return words


def _line_numbers(chars: list[CharBox]) -> dict[float, int]:
    """pdfplumber's ``cluster_list`` of the tops: sorted, a top more than 3 points below the
    previous one starts the next line."""
    line_of: dict[float, int] = {}
    line, last = -1, float("-inf")
    for top in sorted({c[3] for c in chars}):
        if top > last + DEFAULT_Y_TOLERANCE:
            line += 1
        line_of[top] = line
        last = top
    return line_of


def _merge(chars: list[CharBox]) -> WordBox:
    """pdfplumber's ``merge_chars``: the chars' text (ligatures spelt out) and bounding box.

    The chars share one size (they come from one group), so the lowest bottom is the lowest
    top plus that size.
    """
    text, x0, x1, top, size = zip(*chars, strict=True)
    lowest = max(top)
    return ("".join(text).translate(SPELLED), min(x0), max(x1), min(top), lowest + size[0], size[0])


# ------------------------------------------------------------------------------ paths


def page_edges(page: pdfium.PdfPage, height: float) -> list[Edge] | None:
    """pdfplumber's ``page.edges``: the edges of every line, rectangle and curve of the page;
    None when the page draws through a form XObject."""
    edges: list[Edge] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            return None
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            for shape, points in subpaths(obj):
                edges.extend(shape_edges(shape, [(px, height - py) for px, py in points]))
    return edges


def subpaths(obj: Any) -> Iterator[tuple[str, list[Point]]]:
    """A path object's subpaths as pdfminer sees them: the operator letters ("m", "l", "c",
    "h") and the page point each one ends on (a Bézier's end point, the start for "h")."""
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, points = "", list[Point]()
    controls = 0  # PDFium lists a Bézier as three points: two control points, then the end
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            matrix.b * x.value + matrix.d * y.value + matrix.f,
        )
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                yield shape, points
            shape, points = "m", [point]
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO and controls < 2:
            controls += 1
            continue
        else:
            controls = 0
            shape += "c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"
            points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points:
            shape += "h"
            points.append(points[0])
    if shape:
        yield shape, points


def shape_edges(shape: str, pts: list[Point]) -> list[Edge]:
    """One subpath (page points, top-down) as pdfplumber edges, classified as pdfminer does.

    PDFium closes a path whose end is not its start with an explicit line back (flagged as
    closing), where pdfminer keeps "h" alone; dropping the redundant "l" before "h", as
    pdfminer does, makes the two agree.
    """
    if len(shape) > 3 and shape.endswith("lh") and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if not shape.startswith("m"):
        return []
    if shape in LINE_SHAPES:
        return [_line_edge(pts[0], pts[1])]
    if shape in RECT_SHAPES and pts[0] == pts[4] and _is_square(pts):
        return _rect_edges(pts[0], pts[2])
    return [_curve_edge(p0, p1) for p0, p1 in zip(pts, pts[1:], strict=False)]


def _is_square(pts: Sequence[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _edge(kind: str, x0: float, top: float, x1: float, bottom: float, orientation: Any) -> Edge:
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _line_edge(p0: Point, p1: Point) -> Edge:
    """pdfplumber's ``line_to_edge``: "h" when flat, otherwise "v" (even when slanted)."""
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return _edge("line", x0, top, x1, bottom, "h" if top == bottom else "v")


def _rect_edges(corner: Point, opposite: Point) -> list[Edge]:
    """pdfplumber's ``rect_to_edges``: the four sides of the rectangle."""
    x0, x1 = sorted((corner[0], opposite[0]))
    top, bottom = sorted((corner[1], opposite[1]))
    return [
        _edge("rect_edge", x0, top, x1, top, "h"),
        _edge("rect_edge", x0, bottom, x1, bottom, "h"),
        _edge("rect_edge", x0, top, x0, bottom, "v"),
        _edge("rect_edge", x1, top, x1, bottom, "v"),
    ]


def _curve_edge(p0: Point, p1: Point) -> Edge:
    """pdfplumber's ``curve_to_edges`` for one segment (orientation None when slanted)."""
    orientation = "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)
    x0, x1 = sorted((p0[0], p1[0]))
    top, bottom = sorted((p0[1], p1[1]))
    return _edge("curve_edge", x0, top, x1, bottom, orientation)


# ----------------------------------------------------------------------------- tables


def find_tables(edges: list[Edge]) -> list[Table]:
    """pdfplumber's ``TableFinder`` with its default "lines" settings, over ``edges``.

    The returned tables carry no page: a Table reads its page only in ``extract()``, which
    the parser does not call (it fills cells from its own words).
    """
    settings = TABLE_SETTINGS
    prefilter = settings.edge_min_length_prefilter
    candidates = filter_edges(edges, "v", min_length=prefilter) + filter_edges(
        edges, "h", min_length=prefilter
    )
    merged = merge_edges(
        candidates,
        snap_x_tolerance=settings.snap_x_tolerance,
        snap_y_tolerance=settings.snap_y_tolerance,
        join_x_tolerance=settings.join_x_tolerance,
        join_y_tolerance=settings.join_y_tolerance,
    )
    kept = filter_edges(merged, min_length=settings.edge_min_length)
    intersections = edges_to_intersections(
        kept, settings.intersection_x_tolerance, settings.intersection_y_tolerance
    )
    cells = intersections_to_cells(intersections)
    return [Table(None, group) for group in cells_to_tables(cells)]  # type: ignore[arg-type]
