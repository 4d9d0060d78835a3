"""DOCX → ordered paragraph and table blocks, read straight from the WordprocessingML.

python-docx's ``paragraph.text`` misses text inside content controls, tracked insertions,
hyperlinks in older versions and text boxes, and building its object tree costs far more than
walking the XML once.  Here the package is opened through :mod:`ooxml_safe` and the XML is
walked with lxml: wrappers that only group content (content controls, tracked insertions and
moves, smart tags, custom XML, hyperlinks, simple fields) are opened, removed content (tracked
deletions and move sources) is skipped, and ``mc:AlternateContent`` is read once, its first
``mc:Choice`` and not also its ``mc:Fallback``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from pipeline.model import Block, ParsedDocument
from pipeline.parse.ooxml_safe import MSG_ENCRYPTED, SafePackage, UnsafePackage, is_encrypted_office

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DEFAULT_MAIN_PART = "word/document.xml"
NESTED_CELL_SEP = " | "


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
BODY, SDT, SDT_CONTENT, TXBX_CONTENT = _w("body"), _w("sdt"), _w("sdtContent"), _w("txbxContent")
MC_ALTERNATE = f"{{{MC}}}AlternateContent"
MC_CHOICE, MC_FALLBACK = f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
MATH_T = f"{{{MATH}}}t"
MATH_ZONES = frozenset({f"{{{MATH}}}oMath", f"{{{MATH}}}oMathPara"})
# Elements that only group content: their children are read as if they stood in their place.
TRANSPARENT = frozenset(
    _w(name)
    for name in ("customXml", "ins", "moveTo", "smartTag", "hyperlink", "fldSimple", "dir", "bdo")
)
# Content that is not in the document any more (tracked deletions and move sources).
REMOVED = frozenset({_w("del"), _w("moveFrom")})
RUN_CHARS = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}
GRAPHICS = frozenset({_w("drawing"), _w("pict"), _w("object")})


@dataclass(frozen=True)
class RawBlock:
    """A block before numbering: its kind, text and (tables) the rows of cell texts."""

    kind: str
    text: str
    rows: tuple[tuple[str, ...], ...] = ()


def parse_docx(data: bytes, source: str) -> ParsedDocument:
    """Parse DOCX bytes into blocks: headers, then the body, then footers, in document order.

    Never raises for a bad package: a corrupt, encrypted or hostile file gives a document whose
    ``errors`` say why in Vietnamese.
    """
    if is_encrypted_office(data):
        return ParsedDocument(source=source, format="docx", errors=[MSG_ENCRYPTED])
    try:
        blocks = package_blocks(SafePackage(data))
    except UnsafePackage as exc:
        return ParsedDocument(source=source, format="docx", errors=[str(exc)])
    return ParsedDocument(source=source, format="docx", blocks=blocks)


def package_blocks(package: SafePackage) -> list[Block]:
    """Every non-empty block of the package, numbered 1.. in order (header, body, footer)."""
    main = main_part_name(package)
    root = package.xml(main)
    body = root.find(BODY) if root is not None else None
    if body is None:
        raise UnsafePackage("Tệp DOCX không có phần nội dung chính (word/document.xml).")
    headers, footers = header_footer_names(package, main)
    parts: list[tuple[str, etree._Element]] = [
        *(("header", r) for r in _roots(package, headers)),
        ("body", body),
        *(("footer", r) for r in _roots(package, footers)),
    ]
    blocks: list[Block] = []
    seen: set[tuple[str, str]] = set()
    for part, container in parts:
        for raw in walk_blocks(container):
            if part != "body":
                if (part, raw.text) in seen:
                    continue  # first-page, even and default headers often repeat one text
                seen.add((part, raw.text))
            blocks.append(
                Block(kind=raw.kind, text=raw.text, index=len(blocks) + 1, part=part, rows=raw.rows)
            )
    return blocks


def main_part_name(package: SafePackage) -> str:
    """The main document part named by the package relationships (normally word/document.xml)."""
    rels = package.xml("_rels/.rels")
    if rels is not None:
        for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                return _resolve_target("", rel.get("Target", ""))
    return DEFAULT_MAIN_PART


def header_footer_names(package: SafePackage, main: str) -> tuple[list[str], list[str]]:
    """Header and footer part names, each list in the order the main part's rels give them."""
    folder, name = posixpath.split(main)
    rels = package.xml(posixpath.join(folder, "_rels", name + ".rels"))
    found: dict[str, list[str]] = {"header": [], "footer": []}
    if rels is None:
        return [], []
    for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if kind in found and rel.get("TargetMode") != "External":
            target = _resolve_target(folder, rel.get("Target", ""))
            if target not in found[kind]:
                found[kind].append(target)
    return found["header"], found["footer"]


def _resolve_target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target))


def _roots(package: SafePackage, names: list[str]) -> Iterator[etree._Element]:
    for name in names:
        root = package.xml(name)
        if root is not None:
            yield root


# ------------------------------------------------------------------------------ walking


def walk_blocks(container: etree._Element) -> Iterator[RawBlock]:
    """Paragraphs and tables of a block container (body, cell, text box, header), in order.

    A paragraph's text boxes follow it as paragraphs of their own; empty blocks are dropped.
    """
    for child in content_children(container):
        if child.tag == P:
            yield from _paragraph_blocks(child)
        elif child.tag == TBL:
            table = table_block(child)
            if table is not None:
                yield table


def content_children(element: etree._Element) -> Iterator[etree._Element]:
    """Children of ``element`` with grouping wrappers opened and removed content skipped."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in REMOVED:
            continue
        if tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from content_children(content)
        elif tag in TRANSPARENT:
            yield from content_children(child)
        elif tag == MC_ALTERNATE:
            branch = alternate_branch(child)
            if branch is not None:
                yield from content_children(branch)
        else:
            yield child


def alternate_branch(element: etree._Element) -> etree._Element | None:
    """The one branch of ``mc:AlternateContent`` to read: the first Choice, else the Fallback."""
    choice = element.find(MC_CHOICE)
    return choice if choice is not None else element.find(MC_FALLBACK)


def _paragraph_blocks(paragraph: etree._Element) -> Iterator[RawBlock]:
    pieces: list[str] = []
    boxes: list[etree._Element] = []
    _inline_text(paragraph, pieces, boxes)
    text = "".join(pieces).strip()
    if text:
        yield RawBlock("paragraph", text)
    for box in boxes:
        yield from walk_blocks(box)


def _inline_text(element: etree._Element, pieces: list[str], boxes: list[etree._Element]) -> None:
    """Append the text of a paragraph's runs to ``pieces`` and its text boxes to ``boxes``."""
    for child in content_children(element):
        if child.tag == R:
            _run_text(child, pieces, boxes)
        elif child.tag in MATH_ZONES:
            pieces.append("".join(t.text or "" for t in child.iter(MATH_T)))


def _run_text(run: etree._Element, pieces: list[str], boxes: list[etree._Element]) -> None:
    # w:delText, w:instrText (field codes) and w:softHyphen are not visible text.
    for child in content_children(run):
        tag = child.tag
        if tag == T:
            pieces.append(child.text or "")
        elif tag in RUN_CHARS:
            pieces.append(RUN_CHARS[tag])
        elif tag in GRAPHICS:
            boxes.extend(text_boxes(child))


def text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """The outermost ``w:txbxContent`` elements inside a drawing, one branch of each choice."""
    for child in element:
        if child.tag == TXBX_CONTENT:
            yield child
        elif child.tag == MC_ALTERNATE:
            branch = alternate_branch(child)
            if branch is not None:
                yield from text_boxes(branch)
        elif isinstance(child.tag, str):
            yield from text_boxes(child)


# ------------------------------------------------------------------------------- tables


def table_block(table: etree._Element) -> RawBlock | None:
    """A table as rows of cell texts (a merged cell once), or None when it holds no text."""
    rows = tuple(
        cells
        for cells in (row_cells(tr) for tr in content_children(table) if tr.tag == TR)
        if cells
    )
    if not any(cell for row in rows for cell in row):
        return None
    return RawBlock("table", "\n".join("\t".join(row) for row in rows), rows)


def row_cells(row: etree._Element) -> tuple[str, ...]:
    """The texts of a row's cells; a tracked-deleted row has none.

    A horizontally merged cell (``w:gridSpan``) is one ``w:tc`` and so counted once; the
    continuation of a vertical merge (``w:vMerge`` without ``restart``) gives "" because its
    text lives in the first cell of the merge.
    """
    if row.find(f"{_w('trPr')}/{_w('del')}") is not None:
        return ()
    cells: list[str] = []
    for cell in content_children(row):
        if cell.tag != TC or _merge_continues(cell, "hMerge"):
            continue
        cells.append("" if _merge_continues(cell, "vMerge") else cell_text(cell))
    return tuple(cells)


def _merge_continues(cell: etree._Element, kind: str) -> bool:
    merge = cell.find(f"{_w('tcPr')}/{_w(kind)}")
    return merge is not None and merge.get(_w("val"), "continue") != "restart"


def cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs joined by newlines; a nested table folded in, cells by " | "."""
    lines = [
        raw.text if raw.kind == "paragraph" else nested_table_text(raw.rows)
        for raw in walk_blocks(cell)
    ]
    return "\n".join(lines).strip()


def nested_table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """The text of a table inside a cell: rows on their own lines, cells joined by " | "."""
    return "\n".join(NESTED_CELL_SEP.join(row) for row in rows)
