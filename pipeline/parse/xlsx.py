"""Excel workbooks (XLSX, and Excel 97-2003 XLS) as the blocks the same table in a DOCX gives.

A school sends its registration or nominee list as a sheet: letterhead and title in merged
cells above a header row and the table.  Each visible sheet becomes, top to bottom:

- a paragraph per row above the table (and after it), the texts of its cells joined by a tab
  as the two columns of a letterhead read in a PDF ("UBND QUẬN …\\tCỘNG HÒA …");
- one table block per run of non-blank rows, from the first row with at least
  ``MIN_TABLE_CELLS`` filled cells (the header) to the next blank row, with the cells of
  the columns the table spans.  Merged cells follow the DOCX parser: a horizontal merge is one
  cell, a vertical one gives its text in its top row and "" below.

Cells read as Excel displays them in Vietnam: a date cell dd/mm/yyyy, an integral number
without decimals, a decimal with a comma, a percentage with "%".

Hostile input is contained (SPEC §7): an XLSX is a zip of XML like a DOCX, and every part is
inflated through :class:`~pipeline.parse.ooxml_safe.SafePackage` (bounded bytes, no DTD)
before openpyxl, in read-only mode, sees it; rows, columns, sheets and time are bounded here.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from pipeline.model import ParsedDocument
from pipeline.parse.docx import RawBlock
from pipeline.parse.ooxml_safe import _DTD_MARKERS, MSG_DTD, SafePackage, UnsafePackage

MAX_SHEETS = 50
MAX_ROWS = 10_000  # per sheet
MAX_COLUMNS = 64  # A..BL: a form of the campaign has a dozen
MAX_MERGES = 10_000  # per sheet
TIME_LIMIT_S = 60.0  # for reading one workbook's cells (the worker's own limit is longer)
MIN_TABLE_CELLS = 3  # filled cells that make a row a table's header (a letterhead row has two)
_XML_PARTS = (".xml", ".rels", ".vml")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

MSG_TRUNCATED = "Bảng tính quá lớn: chỉ đọc {what}."
MSG_XLS_NO_READER = (
    "Không đọc được tệp .xls (Excel 97-2003): máy không có thư viện xlrd; hãy lưu lại dạng .xlsx."
)
MSG_XLS_ENCRYPTED = "Tệp Excel được mã hoá (có mật khẩu), không đọc được."
MSG_XLS_BROKEN = "Tệp Excel 97-2003 (.xls) bị hỏng, không đọc được: {reason}"
MSG_EMPTY = "Bảng tính không có nội dung."

Range = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col: 1-based, inclusive


@dataclass
class Sheet:
    """The filled cells of one sheet (1-based row, column → text) and its merged ranges."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[Range] = field(default_factory=list)


# ------------------------------------------------------------------------------- XLSX


def parse_xlsx(data: bytes, source: str) -> ParsedDocument:
    """An XLSX workbook's visible sheets as paragraphs and table blocks (see the module)."""
    doc = ParsedDocument(source=source, format="xlsx")
    try:
        package, parts = _safe_copy(data)
    except UnsafePackage as exc:
        doc.errors.append(str(exc).replace("Tệp DOCX", "Tệp XLSX"))
        return doc
    from openpyxl import load_workbook  # imported only when a workbook is seen

    deadline = time.monotonic() + TIME_LIMIT_S
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of every extension it does not read
        workbook = load_workbook(package, read_only=True, data_only=True, keep_links=False)
        try:
            sheets = [
                _xlsx_sheet(ws, parts, doc.warnings, deadline)
                for ws in workbook.worksheets[:MAX_SHEETS]
                if getattr(ws, "sheet_state", "visible") == "visible"
            ]
        finally:
            workbook.close()
    if len(workbook.worksheets) > MAX_SHEETS:
        doc.warnings.append(MSG_TRUNCATED.format(what=f"{MAX_SHEETS} trang tính đầu"))
    _fill(doc, sheets)
    return doc


def _safe_copy(data: bytes) -> tuple[io.BytesIO, dict[str, bytes]]:
    """The package rebuilt (stored, not compressed) from its parts inflated within bounds,
    and its sheet parts; :class:`UnsafePackage` for a zip bomb, a DTD or a damaged zip."""
    package = SafePackage(data, label="XLSX")
    out = io.BytesIO()
    sheets: dict[str, bytes] = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for name in sorted(package.names):
            blob = package.read(name) or b""
            if name.lower().endswith(_XML_PARTS) and any(m in blob for m in _DTD_MARKERS):
                raise UnsafePackage(MSG_DTD.replace("DOCX", "XLSX"))
            copy.writestr(name, blob)
            if name.startswith("xl/worksheets/"):
                sheets[name] = blob
    out.seek(0)
    return out, sheets


def _xlsx_sheet(ws: Any, parts: dict[str, bytes], notes: list[str], deadline: float) -> Sheet:
    sheet = Sheet(name=str(ws.title))
    declared_rows, declared_cols = ws.max_row or 0, ws.max_column or 0
    rows = ws.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=1, max_col=MAX_COLUMNS)
    for number, row in enumerate(rows, start=1):
        if time.monotonic() > deadline:
            notes.append(MSG_TRUNCATED.format(what=f"{number - 1} dòng đầu của '{sheet.name}'"))
            break
        for column, cell in enumerate(row, start=1):
            value = cell.value
            if value is not None:
                text = cell_text(value, getattr(cell, "number_format", "General") or "")
                if text:
                    sheet.cells[number, column] = text
    if declared_rows > MAX_ROWS or declared_cols > MAX_COLUMNS:
        what = f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột đầu của '{sheet.name}'"
        notes.append(MSG_TRUNCATED.format(what=what))
    path = str(getattr(ws, "_worksheet_path", "")).lstrip("/")
    sheet.merges = list(itertools.islice(_merges(parts.get(path, b"")), MAX_MERGES))
    return sheet


def _merges(blob: bytes) -> Iterator[Range]:
    """The merged ranges a sheet part lists (``<mergeCell ref="A1:C1"/>``, after the cells)."""
    if not blob:
        return
    from openpyxl.utils.cell import range_boundaries

    tag = f"{{{_MAIN_NS}}}mergeCell"
    events = etree.iterparse(
        io.BytesIO(blob), events=("end",), tag=tag, resolve_entities=False, no_network=True
    )
    try:
        for _, element in events:
            ref = element.get("ref", "")
            element.clear()
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None not in (min_col, min_row, max_col, max_row):
                yield int(min_row), int(min_col), int(max_row), int(max_col)
    except etree.XMLSyntaxError:
        return  # openpyxl read the cells; a damaged tail only loses the merges


# -------------------------------------------------------------------------------- XLS


def parse_xls(data: bytes, source: str) -> ParsedDocument:
    """An Excel 97-2003 workbook, read with xlrd, as :func:`parse_xlsx` reads an XLSX."""
    doc = ParsedDocument(source=source, format="xls")
    try:
        import xlrd
    except ImportError:
        doc.errors.append(MSG_XLS_NO_READER)
        return doc
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        encrypted = "encrypt" in str(exc).lower()
        doc.errors.append(
            MSG_XLS_ENCRYPTED if encrypted else MSG_XLS_BROKEN.format(reason=str(exc)[:120])
        )
        return doc
    deadline = time.monotonic() + TIME_LIMIT_S
    try:
        sheets = []
        for index in range(min(book.nsheets, MAX_SHEETS)):
            sh = book.sheet_by_index(index)
            if getattr(sh, "visibility", 0) == 0:
                sheets.append(_xls_sheet(book, sh, doc.warnings, deadline))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    if book.nsheets > MAX_SHEETS:
        doc.warnings.append(MSG_TRUNCATED.format(what=f"{MAX_SHEETS} trang tính đầu"))
    _fill(doc, sheets)
    return doc


def _xls_sheet(book: Any, sh: Any, notes: list[str], deadline: float) -> Sheet:
    import xlrd

    sheet = Sheet(name=str(sh.name))
    for r in range(min(sh.nrows, MAX_ROWS)):
        if time.monotonic() > deadline:
            notes.append(MSG_TRUNCATED.format(what=f"{r} dòng đầu của '{sheet.name}'"))
            break
        for c in range(min(sh.row_len(r), MAX_COLUMNS)):
            cell = sh.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    value: Any = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = cell.value
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(cell.value)
            elif cell.ctype == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(cell.value, "#ERR")
            else:
                value = cell.value
            text = cell_text(value, _xls_format(book, cell))
            if text:
                sheet.cells[r + 1, c + 1] = text
    if sh.nrows > MAX_ROWS or sh.ncols > MAX_COLUMNS:
        what = f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột đầu của '{sheet.name}'"
        notes.append(MSG_TRUNCATED.format(what=what))
    sheet.merges = [
        (rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells[:MAX_MERGES]
    ]
    return sheet


def _xls_format(book: Any, cell: Any) -> str:
    try:
        key = book.xf_list[cell.xf_index].format_key
        return str(book.format_map[key].format_str)
    except (AttributeError, IndexError, KeyError, TypeError):
        return ""


# ------------------------------------------------------------------------ cell values


def cell_text(value: Any, number_format: str = "") -> str:
    """A cell's value as Excel shows it in Vietnam: dd/mm/yyyy, 12, 8,5, 95%."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, int | float):
        if "%" in number_format:
            return _number(value * 100) + "%"
        return _number(value)
    return str(value)


def _number(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):  # NaN, infinities
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}".replace(".", ",")


# ------------------------------------------------------------------------ sheet → blocks


def _fill(doc: ParsedDocument, sheets: Iterable[Sheet]) -> None:
    from pipeline.parse import number_blocks  # the package that imports this module lazily

    raws = [raw for sheet in sheets for raw in sheet_blocks(sheet)]
    doc.blocks = number_blocks(raws)
    if not doc.blocks and not doc.errors:
        doc.warnings.append(MSG_EMPTY)


def sheet_blocks(sheet: Sheet) -> list[RawBlock]:
    """The paragraphs and tables of one sheet, top to bottom (see the module)."""
    if not sheet.cells:
        return []
    last_row = max(r for r, _ in sheet.cells)
    last_col = max(c for _, c in sheet.cells)
    anchor = _anchors(sheet.merges, last_row, last_col)
    filled = Counter(r for r, _ in sheet.cells)
    blocks: list[RawBlock] = []
    for run in _runs(sheet, anchor, last_row):
        start = next((r for r in run if filled[r] >= MIN_TABLE_CELLS), None)
        head = run if start is None else [r for r in run if r < start]
        blocks.extend(_paragraphs(sheet, head, last_col))
        if start is not None:
            table = [r for r in run if r >= start]
            blocks.append(_table(sheet, anchor, table))
    return blocks


def _anchors(merges: list[Range], last_row: int, last_col: int) -> dict[tuple[int, int], Range]:
    """Each cell covered by a merge (clipped to the filled area) → its merged range."""
    covered: dict[tuple[int, int], Range] = {}
    for min_row, min_col, max_row, max_col in merges:
        if min_row > last_row or min_col > last_col:
            continue
        clipped = (min_row, min_col, min(max_row, last_row), min(max_col, last_col))
        for r in range(clipped[0], clipped[2] + 1):
            for c in range(clipped[1], clipped[3] + 1):
                covered.setdefault((r, c), clipped)
    return covered


def _runs(sheet: Sheet, anchor: dict[tuple[int, int], Range], last_row: int) -> list[list[int]]:
    """Runs of consecutive rows that are not blank; a row under a vertical merge that started
    above is not blank (the merge's text belongs to it too)."""
    filled_rows = {r for r, _ in sheet.cells}
    continued = {
        r for (r, _), rng in anchor.items() if r > rng[0] and (rng[0], rng[1]) in sheet.cells
    }
    runs: list[list[int]] = []
    current: list[int] = []
    for r in range(1, last_row + 1):
        if r in filled_rows or r in continued:
            current.append(r)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _paragraphs(sheet: Sheet, rows: list[int], last_col: int) -> Iterator[RawBlock]:
    """Each row as lines of its cells joined by a tab (a cell's own lines side by side)."""
    for r in rows:
        texts = [sheet.cells[r, c] for c in range(1, last_col + 1) if (r, c) in sheet.cells]
        columns = [text.split("\n") for text in texts]
        for line in itertools.zip_longest(*columns, fillvalue=""):
            text = "\t".join(part.strip() for part in line if part.strip())
            if text:
                yield RawBlock("paragraph", text)


def _table(sheet: Sheet, anchor: dict[tuple[int, int], Range], rows: list[int]) -> RawBlock:
    """The rows as a table over the columns they span, merged cells as the DOCX parser has
    them: a horizontal merge once, a vertical one "" below its top row."""
    columns = [c for (r, c) in sheet.cells if rows[0] <= r <= rows[-1]]
    first, last = min(columns), max(columns)
    table: list[tuple[str, ...]] = []
    for r in rows:
        cells: list[str] = []
        for c in range(first, last + 1):
            rng = anchor.get((r, c))
            if rng is None:
                cells.append(sheet.cells.get((r, c), ""))
            elif c == max(rng[1], first):
                cells.append(sheet.cells.get((rng[0], rng[1]), "") if r == rng[0] else "")
        table.append(tuple(cells))
    rows_t = tuple(table)
    return RawBlock("table", "\n".join("\t".join(row) for row in rows_t), rows_t)
