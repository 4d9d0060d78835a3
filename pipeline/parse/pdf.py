"""PDF → ordered paragraph and table blocks, with page numbers; scanned pages through OCR.

The work runs in three steps, each a pure function of the bytes:

``survey``         pypdfium2, a few milliseconds: page count, encryption, and which pages
                   have a text layer thick enough to be their body (a page whose only text is
                   a digital-signature stamp over an image is a scanned page).
``layout``         on pages with a text layer: ruled tables and the words outside them,
                   grouped into lines, reading order and paragraphs.  Two engines give the
                   words and tables: ``fast`` (the default) reads them with pypdfium2 in the
                   same pass as the survey (:mod:`pipeline.parse.pdf_fast`); ``plumber`` reads
                   them with pdfplumber, about seven times slower, and is the reference the
                   fast engine is tested against.  A page the fast engine cannot read the way
                   pdfplumber does (rotated, form XObjects …) goes to pdfplumber alone.
``assemble``       pages in order; a table at the bottom of one page and a table with the same
                   columns at the top of the next are one table (repeated header row dropped,
                   a row split by the page break joined again).

Scanned pages go to :mod:`pipeline.parse.ocr` when it and tesseract are available.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.model import Block, ParsedDocument
from pipeline.parse.pdf_fast import Widths, WordBox, read_content
from pipeline.text import nfc

MIN_BODY_LETTERS = 40  # a page with fewer letters (stamp lines aside) and an image is a scan
LOW_OCR_CONFIDENCE = 60.0
ROW_TOLERANCE = 0.45  # words whose tops differ by less than this × font size share a line
COLUMN_GAP = 2.0  # a gap wider than this × font size between words splits a line in two
MIN_GUTTER = 8.0  # points: narrower gaps do not separate two columns of a header band
BAND_BREAK = 2.0  # a vertical gap wider than this × line height ends a band of columns
PARAGRAPH_GAP = 1.2  # lines further apart than this × line height never join
WRAP_SLACK = 0.6  # × font size: how close to the right edge a wrapped line must end
EDGE_TOLERANCE = 10.0  # points: same table edges on two pages
ENGINES = ("fast", "plumber")
DEFAULT_ENGINE = "fast"

MSG_ENCRYPTED = "Tệp PDF được mã hoá (có mật khẩu), không đọc được."
MSG_CORRUPT = "Tệp PDF bị hỏng, không đọc được: {reason}"
MSG_SCANNED_NO_OCR = (
    "Tệp PDF là bản quét (không có lớp chữ) và máy không có OCR (tesseract) để đọc."
)
MSG_PAGES_NO_OCR = (
    "Trang {pages} là bản quét nhưng máy không có OCR (tesseract): nội dung các trang này "
    "có thể bị thiếu."
)
MSG_LOW_CONFIDENCE = (
    "Chất lượng nhận dạng chữ (OCR) thấp: độ tin cậy trung bình {confidence:.0f}/100, "
    "cần đối chiếu với bản gốc."
)
MSG_OCR_NOTHING = "Tệp PDF là bản quét và OCR không nhận dạng được chữ nào."
MSG_OCR_FAILED = "Nhận dạng chữ (OCR) thất bại: {reason}"

# Lines of a digital-signature stamp ("Ký bởi: …", "Cơ quan: …", "Thời gian ký: …").
STAMP_LINE = re.compile(
    r"^\s*(?:ký bởi|người ký|đơn vị ký|cơ quan|tổ chức|e-?mail|thời gian ký|giờ ký|ngày ký"
    r"|ngày giờ ký|chức vụ|signed by|digitally signed by|signature (?:valid|not verified)"
    r"|reason|location|date)\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
PAGE_NUMBER = re.compile(r"[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*", re.IGNORECASE)
LIST_MARKER = re.compile(r"(?:\d{1,3}[.)]|[a-zđ]\)|[-+•*])\s")


class PdfUnreadable(Exception):
    """The PDF cannot be opened; ``str(exc)`` is the Vietnamese reason."""


# --------------------------------------------------------------------------- geometry


class Word(NamedTuple):
    """A word on a page: its text and box (points from the top left) and font size.

    A named tuple: pages have hundreds of words, and a tuple is made several times faster
    than a frozen dataclass.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


class Line:
    """Words sharing a baseline, left to right (a segment: columns are split apart).

    Its text and box are worked out once: reading order and paragraph joining ask for them
    again and again.
    """

    __slots__ = ("words", "text", "x0", "x1", "top", "bottom", "size")

    def __init__(self, words: tuple[Word, ...]) -> None:
        self.words = words
        self.text = " ".join(w.text for w in words)
        self.x0 = words[0].x0
        self.x1 = words[-1].x1
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        self.size = max(w.size for w in words)


@dataclass
class Item:
    """A paragraph or table of one page, before numbering; table rows stay mutable for merging."""

    kind: str
    page: int
    top: float
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0


@dataclass(frozen=True)
class PageSurvey:
    """What pypdfium2 tells cheaply about a page."""

    page: int
    letters: int  # letters of the text layer outside digital-signature stamp lines
    has_image: bool  # looked for only on thin pages (fewer than MIN_BODY_LETTERS letters)

    @property
    def blank(self) -> bool:
        return self.letters == 0 and not self.has_image

    @property
    def scanned(self) -> bool:
        return self.has_image and self.letters < MIN_BODY_LETTERS


@dataclass
class PageLayout:
    """One text page after layout: its free-text lines and its tables, top to bottom."""

    page: int
    lines: list[Line]
    tables: list[Item]


# ------------------------------------------------------------------------------ entry


def parse_pdf(
    data: bytes,
    source: str,
    engine: str = DEFAULT_ENGINE,
    extend_time: Callable[[float], None] | None = None,
) -> ParsedDocument:
    """Parse PDF bytes into blocks (page numbers 1-based); OCR for pages that are scans.

    ``engine`` says who reads words and ruled tables: "fast" (pypdfium2) or "plumber"
    (pdfplumber, the reference).  ``extend_time`` is how OCR asks the caller for each scanned
    page's time (see :func:`pipeline.parse.parse_item`).  Encrypted, corrupt and (without
    OCR) fully scanned PDFs give a document with ``errors``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}, expected one of {ENGINES}")
    doc = ParsedDocument(source=source, format="pdf")
    try:
        pdf = open_pdf(data)
    except PdfUnreadable as exc:
        doc.errors.append(str(exc))
        return doc
    try:
        _parse(pdf, data, doc, fast=engine == "fast", extend_time=extend_time)
    finally:
        pdf.close()
    return doc


def _parse(
    pdf: pdfium.PdfDocument,
    data: bytes,
    doc: ParsedDocument,
    fast: bool,
    extend_time: Callable[[float], None] | None = None,
) -> None:
    """Fill ``doc`` from the open PDF: survey (and fast layouts), OCR, layouts, blocks."""
    widths: Widths = {}
    reads = [read_page(pdf, index, fast, widths) for index in range(len(pdf))]
    survey = [r.survey for r in reads]
    doc.page_count = len(survey)
    scanned = [p.page for p in survey if p.scanned]
    ocr_items = _ocr_items(data, scanned, doc, extend_time) if scanned else {}
    text_pages = [p.page for p in survey if not p.blank and p.page not in ocr_items]
    if scanned and not ocr_items and not any(p.letters and not p.scanned for p in survey):
        doc.errors.append(MSG_SCANNED_NO_OCR)
        return
    missing = [page for page in scanned if page not in ocr_items]
    if missing:
        doc.warnings.append(MSG_PAGES_NO_OCR.format(pages=", ".join(map(str, missing))))
    fast_layouts = {r.survey.page: r.layout for r in reads if r.layout is not None}
    try:
        layouts = _layouts(data, text_pages, fast_layouts)
    except Exception as exc:  # noqa: BLE001 — pdfminer raises many types on damaged files
        doc.errors.append(MSG_CORRUPT.format(reason=_short(exc)))
        return
    pages = page_items(layouts)
    pages.update(ocr_items)
    doc.blocks = assemble([pages[n] for n in sorted(pages)])
    if ocr_items:
        doc.text_source = "ocr"
        if not doc.blocks:
            doc.errors.append(MSG_OCR_NOTHING)


def _layouts(data: bytes, pages: Sequence[int], fast: dict[int, PageLayout]) -> list[PageLayout]:
    """Layouts of ``pages``: the fast engine's where it read the page, pdfplumber's elsewhere."""
    slow = layout_pages(data, [n for n in pages if n not in fast])
    found = {**fast, **{layout.page: layout for layout in slow}}
    return [found[n] for n in pages]


# ----------------------------------------------------------------------------- survey


@dataclass(frozen=True)
class PageRead:
    """One page after the pypdfium2 pass: its survey and, with the fast engine, its layout
    (None when the page is blank or holds what only pdfplumber reads right)."""

    survey: PageSurvey
    layout: PageLayout | None


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The document opened by pypdfium2; :class:`PdfUnreadable` when encrypted or corrupt."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfUnreadable(MSG_ENCRYPTED) from exc
        raise PdfUnreadable(MSG_CORRUPT.format(reason=_short(exc))) from exc


def survey_pages(data: bytes) -> list[PageSurvey]:
    """Each page's letter count (signature stamps aside) and whether it shows an image."""
    pdf = open_pdf(data)
    try:
        return [read_page(pdf, index, fast=False).survey for index in range(len(pdf))]
    finally:
        pdf.close()


def read_page(
    pdf: pdfium.PdfDocument, index: int, fast: bool, widths: Widths | None = None
) -> PageRead:
    """Survey page ``index`` (0-based) and, when ``fast``, read its words and tables from the
    same text page, so that the fast engine costs one pypdfium2 pass over the document."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            letters = body_letters(textpage.get_text_range())
            # Only a thin page can be a scan: a page full of text is not searched for images.
            has_image = letters < MIN_BODY_LETTERS and _has_image(page)
            survey = PageSurvey(page=index + 1, letters=letters, has_image=has_image)
            layout = (
                _fast_layout(page, textpage, index + 1, widths)
                if fast and not survey.blank
                else None
            )
        finally:
            textpage.close()
    finally:
        page.close()
    return PageRead(survey=survey, layout=layout)


def _fast_layout(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int, widths: Widths | None
) -> PageLayout | None:
    """The page's layout from pypdfium2; None sends the page to pdfplumber."""
    try:
        content = read_content(page, textpage, widths)
    except Exception:  # noqa: BLE001 — a fast-reader failure is no verdict on the file
        return None  # pdfplumber reads the page, and decides whether it is damaged
    if content is None:
        return None
    return layout_of(content.words, content.tables, number)


def _has_image(page: pdfium.PdfPage) -> bool:
    images = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
    return next(iter(images), None) is not None


def body_letters(text: str) -> int:
    """Letters of a page's text that are not part of a digital-signature stamp."""
    body = STAMP_LINE.sub("", nfc(text).replace("\r", "\n"))
    return sum(map(str.isalpha, body))


# ------------------------------------------------------------------------------- OCR


def _ocr_items(
    data: bytes,
    pages: list[int],
    doc: ParsedDocument,
    extend_time: Callable[[float], None] | None = None,
) -> dict[int, list[Item]]:
    """OCR lines of the scanned pages as paragraph items; {} when OCR is unavailable."""
    try:
        from pipeline.parse.ocr import OcrUnavailable, ocr_available, ocr_pdf_pages
    except ImportError:
        return {}
    if not ocr_available():
        return {}
    try:
        results = ocr_pdf_pages(data, pages, extend_time=extend_time)
    except OcrUnavailable:
        return {}
    except Exception as exc:  # noqa: BLE001 — a tesseract failure leaves the text pages usable
        doc.warnings.append(MSG_OCR_FAILED.format(reason=_short(exc)))
        return {}
    if results:
        confidence = statistics.fmean(r.confidence for r in results)
        if confidence < LOW_OCR_CONFIDENCE:
            doc.warnings.append(MSG_LOW_CONFIDENCE.format(confidence=confidence))
    return {
        r.page: [
            Item("paragraph", r.page, float(i), text=line)
            for i, line in enumerate(r.lines)
            if line.strip()
        ]
        for r in results
    }


# ----------------------------------------------------------------------------- layout


def layout_pages(data: bytes, pages: Sequence[int]) -> list[PageLayout]:
    """Tables and free-text lines of the given pages (1-based), read with pdfplumber."""
    if not pages:
        return []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page_layout(pdf.pages[n - 1], n) for n in pages]


def page_layout(page: Any, number: int) -> PageLayout:
    """One page read by pdfplumber: its ruled tables and the lines of its other words."""
    words = [
        (
            w["text"],
            *(float(w[k]) for k in ("x0", "x1", "top", "bottom")),
            float(w.get("size") or 10),
        )
        for w in page.extract_words(extra_attrs=["size"])
    ]
    return layout_of(words, page.find_tables(), number)


def layout_of(words: Iterable[WordBox], tables: Iterable[Any], number: int) -> PageLayout:
    """A page's ruled tables (cells filled from its words) and the lines of its other words,
    from words (text, x0, x1, top, bottom, size) and pdfplumber tables, whichever engine
    read them."""
    grids = [g for g in map(_grid, tables) if _is_real_table(g)]
    free: list[Word] = []
    cells: dict[tuple[int, int, int], list[Word]] = {}
    for word in map(Word._make, words):
        slot = _cell_of(word, grids) if grids else None
        if slot is None:
            free.append(word)
        elif slot[1] >= 0:
            cells.setdefault(slot, []).append(word)
    items = [_table_item(g, k, number, cells) for k, g in enumerate(grids)]
    return PageLayout(page=number, lines=split_columns(group_lines(free)), tables=items)


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Grid:
    """A ruled table's frame and its cells row by row (None where a merged cell spans)."""

    bbox: Box
    rows: list[list[Box | None]]


def _grid(table: Any) -> Grid:
    """A pdfplumber table's rows computed once (``Table.rows`` sorts its cells on each call)."""
    return Grid(bbox=tuple(table.bbox), rows=[list(row.cells) for row in table.rows])


def _is_real_table(grid: Grid) -> bool:
    """A ruled table with at least two cells (a page border alone is one big cell)."""
    return sum(1 for row in grid.rows for cell in row if cell is not None) >= 2


def _cell_of(word: Word, grids: Sequence[Grid]) -> tuple[int, int, int] | None:
    """(table, row, column) whose cell holds the word's centre; row -1 inside a table's frame
    but in no cell; None outside every table."""
    x, y = word.center
    for k, grid in enumerate(grids):
        x0, top, x1, bottom = grid.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            continue
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row):
                if cell is not None and cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                    return k, r, c
        return k, -1, -1
    return None


def _table_item(
    grid: Grid, k: int, page: int, cells: dict[tuple[int, int, int], list[Word]]
) -> Item:
    rows = [
        [
            cell_text(cells.get((k, r, c), []), bounds[0], bounds[2]) if bounds else ""
            for c, bounds in enumerate(row)
        ]
        for r, row in enumerate(grid.rows)
    ]
    x0, top, x1, _ = grid.bbox
    return Item("table", page, float(top), rows=rows, x0=float(x0), x1=float(x1))


def cell_text(words: Sequence[Word], x0: float, x1: float) -> str:
    """A cell's words as text: wrapped lines joined by spaces, hard line breaks kept.

    The cell's inner padding is taken to be what separates its text from its left edge.
    """
    lines = group_lines(words)
    if not lines:
        return ""
    right = x1 - max(0.0, min(line.x0 for line in lines) - x0)
    return "\n".join(join_wrapped(para) for para in _wrap_groups(lines, right))


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words clustered into lines by their tops, lines top to bottom, words left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1][0].top) <= ROW_TOLERANCE * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(tuple(sorted(line, key=lambda w: w.x0))) for line in lines]


def split_columns(lines: Iterable[Line]) -> list[Line]:
    """Lines cut where a wide horizontal gap separates two columns (e.g. the two header
    blocks of an administrative document)."""
    out: list[Line] = []
    for line in lines:
        start = 0
        for i in range(1, len(line.words)):
            previous, word = line.words[i - 1], line.words[i]
            if word.x0 - previous.x1 > COLUMN_GAP * max(word.size, previous.size):
                out.append(Line(line.words[start:i]))
                start = i
        out.append(line if start == 0 else Line(line.words[start:]))  # uncut: as it is
    return out


# ------------------------------------------------------------------------ reading order


def page_items(layouts: Sequence[PageLayout]) -> dict[int, list[Item]]:
    """Each page's paragraphs and tables in reading order, wrap width taken from the document."""
    lines = [line for layout in layouts for line in layout.lines]
    right = max((line.x1 for line in lines), default=0.0)
    return {layout.page: _page_items(layout, right) for layout in layouts}


def _page_items(layout: PageLayout, right: float) -> list[Item]:
    """Free lines split into the stretches between tables, each read as paragraphs."""
    tables = sorted(layout.tables, key=lambda t: t.top)
    stretches: list[list[Line]] = [[] for _ in range(len(tables) + 1)]
    for line in layout.lines:
        stretches[sum(1 for t in tables if t.top < line.top)].append(line)
    items: list[Item] = []
    for k, stretch in enumerate(stretches):
        for flow in reading_order(stretch):
            for para in _wrap_groups(flow, right):
                items.append(Item("paragraph", layout.page, para[0].top, text=join_wrapped(para)))
        if k < len(tables):
            items.append(tables[k])
    return items


def reading_order(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines top to bottom as flows that may hold wrapped paragraphs, except that in a band of
    side-by-side columns the left column is read before the right one, each line on its own.

    A band starts at a row cut by a gutter and runs while the following rows leave that gutter
    free and follow closely; it ends on the last row with a line right of the gutter.
    """
    rows = _rows(lines)
    flows: list[list[Line]] = [[]]
    i = 0
    while i < len(rows):
        gutter = _widest_gap(rows[i])
        if gutter is None:
            flows[-1].extend(rows[i])
            i += 1
            continue
        band = [rows[i]]
        i += 1
        while i < len(rows) and _continues_band(band[-1], rows[i]):
            narrowed = _narrow(gutter, rows[i])
            if narrowed is None:
                break
            gutter = narrowed
            band.append(rows[i])
            i += 1
        middle = (gutter[0] + gutter[1]) / 2
        while not any((line.x0 + line.x1) / 2 >= middle for line in band[-1]):
            band.pop()  # left-only lines after the right column has ended: back to the flow
            i -= 1
        members = [line for row in band for line in row]
        flows.extend([line] for line in members if (line.x0 + line.x1) / 2 < middle)
        flows.extend([line] for line in members if (line.x0 + line.x1) / 2 >= middle)
        flows.append([])
    return [flow for flow in flows if flow]


def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda s: (s.top, s.x0)):
        if rows and abs(line.top - rows[-1][0].top) <= ROW_TOLERANCE * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _widest_gap(row: Sequence[Line]) -> tuple[float, float] | None:
    gaps = [(b.x0 - a.x1, (a.x1, b.x0)) for a, b in zip(row, row[1:], strict=False)]
    widest = max(gaps, default=None)
    return widest[1] if widest is not None and widest[0] >= MIN_GUTTER else None


def _continues_band(previous: Sequence[Line], row: Sequence[Line]) -> bool:
    height = max(line.bottom - line.top for line in previous)
    return row[0].top - max(line.bottom for line in previous) <= BAND_BREAK * height


def _narrow(gutter: tuple[float, float], row: Sequence[Line]) -> tuple[float, float] | None:
    """The gutter left free by ``row``'s lines, or None when a line spans or sits in it."""
    g0, g1 = gutter
    for line in row:
        if line.x1 <= g0 or line.x0 >= g1:
            continue
        if line.x0 <= g0 < line.x1 < g1:
            g0 = line.x1
        elif g0 < line.x0 < g1 <= line.x1:
            g1 = line.x0
        else:
            return None
    return (g0, g1) if g1 - g0 >= MIN_GUTTER else None


def join_wrapped(lines: Sequence[Line]) -> str:
    """The text of lines that wrap one paragraph: joined by spaces, except after a hyphen that
    ends a word ("Covid-" + "19"), where the line broke inside the word."""
    text = ""
    for line in lines:
        text += _glue(text) + line.text
    return text


def _glue(text: str) -> str:
    """What joins ``text`` to the text wrapped after it: nothing after a word broken at its
    hyphen, else a space."""
    last = text.rsplit(" ", 1)[-1]
    return "" if not text or (len(last) > 1 and last.endswith("-")) else " "


def _wrap_groups(lines: Sequence[Line], right: float) -> list[list[Line]]:
    """Consecutive lines grouped into paragraphs: a line joins the one before it when that
    one was wrapped, i.e. the next line's first word would not have fitted after it."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _wraps_into(groups[-1][-1], line, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


INDENT_EMS = 0.8  # a line starting this much right of the one above is indented
SENTENCE_ENDS = (".", ";", ":", "!", "?")


def _wraps_into(previous: Line, line: Line, right: float) -> bool:
    height = previous.bottom - previous.top
    gap = line.top - previous.bottom
    if not -0.5 * height <= gap <= PARAGRAPH_GAP * height or abs(line.size - previous.size) > 1:
        return False
    first = line.words[0]
    if first.x0 > previous.x0 + INDENT_EMS * first.size:
        return False  # a first-line indent starts a new paragraph
    if previous.text.rstrip().endswith(SENTENCE_ENDS) and first.x0 >= previous.x0 - 1:
        return False  # a finished sentence, then a line that starts no further left
    space = 0.25 * first.size
    return previous.x1 + space + (first.x1 - first.x0) > right - WRAP_SLACK * first.size


# ---------------------------------------------------------------------------- assemble


def assemble(pages: Sequence[Sequence[Item]]) -> list[Block]:
    """Blocks of all pages in order; a table continued on the next page becomes one block."""
    items: list[Item] = []
    open_table: Item | None = None
    for page in pages:
        continued = _first_table_at_top(page)
        bottom = _last_table_at_bottom(page)
        if (
            open_table is not None
            and continued is not None
            and _same_columns(open_table, continued)
        ):
            merge_rows(open_table.rows, continued.rows)
            items.extend(item for item in page if item is not continued)
            open_table = open_table if bottom is continued else bottom
        else:
            items.extend(page)
            open_table = bottom
    return [_block(item, i) for i, item in enumerate(items, start=1)]


def _first_table_at_top(page: Sequence[Item]) -> Item | None:
    for item in page:
        if item.kind == "table":
            return item
        if not PAGE_NUMBER.fullmatch(item.text):
            return None
    return None


def _last_table_at_bottom(page: Sequence[Item]) -> Item | None:
    return _first_table_at_top(list(reversed(page)))


def _same_columns(a: Item, b: Item) -> bool:
    width = len(a.rows[0]) if a.rows else 0
    return (
        bool(b.rows)
        and width == len(b.rows[0])
        and abs(a.x0 - b.x0) <= EDGE_TOLERANCE
        and abs(a.x1 - b.x1) <= EDGE_TOLERANCE
    )


def merge_rows(rows: list[list[str]], more: list[list[str]]) -> None:
    """Append a table's continuation to ``rows``: a repeated header row is dropped, and a first
    row with an empty first cell (a row the page break split) is joined to the last row."""
    more = list(more)
    if more and rows and _key(more[0]) == _key(rows[0]):
        more = more[1:]
    if more and rows and not more[0][0].strip() and rows[-1][0].strip() and any(more[0][1:]):
        rows[-1] = [_join_cell(a, b) for a, b in zip(rows[-1], more[0], strict=False)]
        more = more[1:]
    rows.extend(more)


def _key(row: Sequence[str]) -> tuple[str, ...]:
    return tuple(" ".join(cell.split()) for cell in row)


def _join_cell(first: str, rest: str) -> str:
    if not first or not rest:
        return first or rest
    return first + ("\n" if LIST_MARKER.match(rest) else _glue(first)) + rest


def _block(item: Item, index: int) -> Block:
    if item.kind != "table":
        return Block(kind="paragraph", text=item.text, index=index, page=item.page)
    rows = tuple(tuple(row) for row in item.rows)
    text = "\n".join("\t".join(row) for row in rows)
    return Block(kind="table", text=text, index=index, page=item.page, rows=rows)


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
