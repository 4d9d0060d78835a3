"""Stage: parse — any inbox item into one model of ordered blocks of clean NFC text.

``parse_item`` dispatches on the format ingest decided from the bytes and never raises: a
file that cannot be read becomes a document whose ``errors`` say why, in Vietnamese.  After
the format's own parser, every text is cleaned the same way (NFC, no zero-width characters)
and legacy 8-bit Vietnamese encodings (TCVN3, VNI) are converted to Unicode.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import replace

import lxml.html
from lxml import etree

from pipeline.model import Block, InboxItem, ParsedDocument
from pipeline.parse.docx import RawBlock, nested_table_text, parse_docx
from pipeline.parse.ooxml_safe import is_encrypted_office
from pipeline.parse.pdf import parse_pdf
from pipeline.text import nfc

__all__ = [
    "TimeRequest",
    "clean_text",
    "finish",
    "parse_doc",
    "parse_html",
    "parse_item",
    "parse_text",
    "repair_legacy",
]

MSG_EMPTY = "Tệp rỗng (0 byte)."
MSG_UNSUPPORTED = "Định dạng tệp không được hỗ trợ."
MSG_BROKEN = "Tệp bị hỏng, không đọc được: {reason}"
MSG_DOC_ENCRYPTED = "Tệp Word được mã hoá (có mật khẩu), không đọc được."
MSG_DOC_NO_CONVERTER = "Không đọc được tệp .doc (Word 97-2003): máy không có bộ chuyển đổi."
MSG_DOC_FAILED = "Không chuyển được tệp .doc (Word 97-2003) sang .docx để đọc: {reason}"

# Zero-width characters, the BOM and C0 controls other than tab and newline.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# U+00AD is a soft hyphen in Unicode text but the letter "ư" in TCVN3: removed only after the
# legacy repair has had its chance.
SOFT_HYPHEN = "\u00ad"
_HTML_SPACE = re.compile(r"\s+")
HTML_SKIPPED = frozenset(
    {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"}
)
HTML_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article",
     "header", "footer", "nav", "aside", "main", "address", "center", "hr", "tr", "form",
     "h1", "h2", "h3", "h4", "h5", "h6", "body", "html", "caption", "figure", "fieldset"}
)  # fmt: skip


# How a parse slow by nature (OCR) asks its caller for more time, ``seconds`` from now.
TimeRequest = Callable[[float], None]


def parse_item(item: InboxItem, extend_time: TimeRequest | None = None) -> ParsedDocument:
    """Parse one inbox item into a :class:`ParsedDocument`; never raises.

    An item that ingest already found unreadable keeps its errors; any unexpected failure of
    a parser becomes ``errors=["Tệp bị hỏng, không đọc được: …"]`` so one bad file never
    stops the batch.  ``extend_time`` is how OCR asks the caller (a worker under a time
    limit) for more time before each page; without it nothing is asked.
    """
    if item.errors:
        return ParsedDocument(source=item.source, format=item.format, errors=list(item.errors))
    try:
        return finish(_dispatch(item, extend_time))
    except Exception as exc:  # noqa: BLE001 — the contract is "a finding, never a crash"
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        return ParsedDocument(
            source=item.source, format=item.format, errors=[MSG_BROKEN.format(reason=reason)]
        )


def _dispatch(item: InboxItem, extend_time: TimeRequest | None) -> ParsedDocument:
    parsers: dict[str, Callable[[bytes, str], ParsedDocument]] = {
        "docx": parse_docx,
        "pdf": lambda data, source: parse_pdf(data, source, extend_time=extend_time),
        "doc": parse_doc,
        "text": parse_text,
        "html": parse_html,
        "xlsx": _parse_xlsx,
        "xls": _parse_xls,
        "not_document": parse_not_document,
    }
    parser = parsers.get(item.format)
    if parser is not None:
        return parser(item.data, item.source)
    if item.format == "image":
        from pipeline.parse.image import parse_image  # Pillow only when an image is seen

        return parse_image(item.data, item.source, extend_time)
    if item.format == "empty" or not item.data:
        message = MSG_EMPTY
    else:
        extension = posixpath.splitext(item.source.rsplit("#", 1)[-1])[1].lower()
        message = f"{MSG_UNSUPPORTED[:-1]} ({extension})." if extension else MSG_UNSUPPORTED
    return ParsedDocument(source=item.source, format=item.format, errors=[message])


# ----------------------------------------------------------------------- other formats


def _parse_xlsx(data: bytes, source: str) -> ParsedDocument:
    from pipeline.parse.xlsx import parse_xlsx  # openpyxl only when a workbook is seen

    return parse_xlsx(data, source)


def _parse_xls(data: bytes, source: str) -> ParsedDocument:
    from pipeline.parse.xlsx import parse_xls

    return parse_xls(data, source)


def parse_not_document(data: bytes, source: str) -> ParsedDocument:
    """A file the system or Office left beside the documents (ingest named it so): no error,
    and ``warnings[0]`` says what it is, for the NOT_A_DOCUMENT note."""
    from pipeline.ingest.sniff import system_file  # bytes and name, as ingest decided

    kind = system_file(data, source) or "không phải văn bản"
    return ParsedDocument(source=source, format="not_document", warnings=[kind])


def parse_doc(data: bytes, source: str) -> ParsedDocument:
    """A Word 97-2003 file, converted to DOCX by :mod:`pipeline.parse.doc` and parsed as one."""
    if is_encrypted_office(data):
        # A password-protected DOCX and XLSX are the same OLE2 envelope: only the name tells.
        extension = posixpath.splitext(source.rsplit("#", 1)[-1])[1].lower()
        message = MSG_DOC_ENCRYPTED
        if extension.startswith(".xl"):
            message = message.replace("Tệp Word", "Tệp Excel")
        return ParsedDocument(source=source, format="doc", errors=[message])
    try:
        from pipeline.parse.doc import ConversionUnavailable, doc_to_docx
    except ImportError:
        return ParsedDocument(source=source, format="doc", errors=[MSG_DOC_NO_CONVERTER])
    try:
        converted = doc_to_docx(data)
    except ConversionUnavailable:
        return ParsedDocument(source=source, format="doc", errors=[MSG_DOC_NO_CONVERTER])
    except Exception as exc:  # noqa: BLE001 — a converter failure is a finding
        reason = (str(exc).splitlines() or [type(exc).__name__])[0][:160]
        return ParsedDocument(
            source=source, format="doc", errors=[MSG_DOC_FAILED.format(reason=reason)]
        )
    if not converted:
        reason = "bộ chuyển đổi không trả về kết quả"
        return ParsedDocument(
            source=source, format="doc", errors=[MSG_DOC_FAILED.format(reason=reason)]
        )
    return replace(parse_docx(converted, source), format="doc")


def parse_text(data: bytes, source: str) -> ParsedDocument:
    """Plain UTF-8 text (an e-mail body): one paragraph per non-blank line."""
    text = data.decode("utf-8-sig", errors="replace")
    raws = [RawBlock("paragraph", line.strip()) for line in text.splitlines() if line.strip()]
    return ParsedDocument(source=source, format="text", blocks=number_blocks(raws))


def parse_html(data: bytes, source: str) -> ParsedDocument:
    """The visible text of an HTML body as paragraphs, its tables as table blocks.

    Scripts, styles and the head are dropped; nothing is fetched and no entity is resolved.
    """
    if not data.strip():
        return ParsedDocument(source=source, format="html")
    try:
        data.decode("utf-8")
        encoding: str | None = "utf-8"
    except UnicodeDecodeError:
        encoding = None  # let the document's own <meta charset> decide
    parser = lxml.html.HTMLParser(
        encoding=encoding,
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
    )
    root = lxml.html.document_fromstring(data, parser=parser)
    raws: list[RawBlock] = []
    _html_walk(root, [], raws)
    return ParsedDocument(source=source, format="html", blocks=number_blocks(raws))


def _html_walk(element: etree._Element, pieces: list[str], out: list[RawBlock]) -> None:
    """Collect inline text in ``pieces``; a block element or a table flushes it to ``out``."""
    if element.text:
        pieces.append(_HTML_SPACE.sub(" ", element.text))
    for child in element:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "br":
            pieces.append("\n")
        elif tag == "table":
            _html_flush(pieces, out)
            table = _html_table(child)
            if table is not None:
                out.append(table)
        elif tag in HTML_BLOCKS:
            _html_flush(pieces, out)
            _html_walk(child, pieces, out)
            _html_flush(pieces, out)
        elif tag and tag not in HTML_SKIPPED:
            _html_walk(child, pieces, out)
        if child.tail:
            pieces.append(_HTML_SPACE.sub(" ", child.tail))


def _html_flush(pieces: list[str], out: list[RawBlock]) -> None:
    text = "".join(pieces)
    pieces.clear()
    out.extend(RawBlock("paragraph", line.strip()) for line in text.split("\n") if line.strip())


def _html_table(table: etree._Element) -> RawBlock | None:
    rows: list[tuple[str, ...]] = []
    for row in _html_rows(table):
        cells = tuple(
            _html_cell_text(cell)
            for cell in row
            if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")
        )
        if cells:
            rows.append(cells)
    if not any(cell for row in rows for cell in row):
        return None
    return RawBlock("table", "\n".join("\t".join(row) for row in rows), tuple(rows))


def _html_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, not those of tables nested in its cells."""
    rows: list[etree._Element] = []
    for child in table:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if isinstance(r.tag, str) and r.tag.lower() == "tr")
    return rows


def _html_cell_text(cell: etree._Element) -> str:
    raws: list[RawBlock] = []
    pieces: list[str] = []
    _html_walk(cell, pieces, raws)
    _html_flush(pieces, raws)
    lines = [r.text if r.kind == "paragraph" else nested_table_text(r.rows) for r in raws]
    return "\n".join(lines)


# ------------------------------------------------------------------------ finishing


def number_blocks(raws: list[RawBlock]) -> list[Block]:
    """Blocks numbered 1.. from raw blocks (formats without pages or parts)."""
    return [
        Block(kind=r.kind, text=r.text, index=i, rows=r.rows) for i, r in enumerate(raws, start=1)
    ]


def clean_text(text: str, keep_soft_hyphens: bool = False) -> str:
    """NFC text without zero-width or control characters, no-break spaces as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _INVISIBLE.sub("", text)
    if not keep_soft_hyphens:
        text = text.replace(SOFT_HYPHEN, "")
    return nfc(text).strip()


def finish(doc: ParsedDocument) -> ParsedDocument:
    """Clean every block's text and cells, repair legacy encodings, renumber the blocks."""
    cleaned = [_map_block(b, lambda t: clean_text(t, keep_soft_hyphens=True)) for b in doc.blocks]
    repaired, encoding = repair_legacy(cleaned)
    # Cleaned text is cleaned again only where that changes it: a soft hyphen, or a repair.
    again = [
        _map_block(b, clean_text) if encoding is not None or SOFT_HYPHEN in b.text else b
        for b in repaired
    ]
    kept = [block for block in again if block.text]
    doc.blocks = [
        Block(kind=b.kind, text=b.text, index=i, page=b.page, part=b.part, rows=b.rows)
        for i, b in enumerate(kept, start=1)
    ]
    if encoding is not None:
        doc.text_source = "legacy"
    return doc


def _map_block(block: Block, convert: Callable[[str], str]) -> Block:
    """The block with ``convert`` applied to its text, or to each cell (tables)."""
    if block.kind != "table":
        return replace(block, text=convert(block.text))
    rows = tuple(tuple(convert(cell) for cell in row) for row in block.rows)
    if not any(cell for row in rows for cell in row):
        return replace(block, text="", rows=())
    return replace(block, text="\n".join("\t".join(row) for row in rows), rows=rows)


def repair_legacy(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Blocks converted from TCVN3/VNI to Unicode when the whole text is detected as such.

    Detection runs once on the whole document (short cells alone are ambiguous); conversion
    then applies to every paragraph and cell.  Without the legacy module, nothing changes.
    """
    try:
        from pipeline.parse.legacy import fix_legacy
    except ImportError:
        return blocks, None
    units = [text for block in blocks for text in _units(block)]
    whole = "\n".join(units)
    converted, encoding = fix_legacy(whole)
    if encoding is None:
        return blocks, None
    mapping = _realign(units, converted) if converted.count("\n") == whole.count("\n") else None
    if mapping is None:
        mapping = {unit: nfc(fix_legacy(unit)[0]) for unit in units}
    return [_map_block(block, lambda text: mapping.get(text, text)) for block in blocks], encoding


def _units(block: Block) -> list[str]:
    return [cell for row in block.rows for cell in row] if block.kind == "table" else [block.text]


def _realign(units: list[str], converted: str) -> dict[str, str] | None:
    """Map each unit to its converted text, cutting ``converted`` at the same newlines."""
    lines = converted.split("\n")
    mapping: dict[str, str] = {}
    start = 0
    for unit in units:
        count = unit.count("\n") + 1
        new = nfc("\n".join(lines[start : start + count]))
        if mapping.setdefault(unit, new) != new:
            return None  # one text converted two ways: fall back to unit by unit
        start += count
    return mapping
