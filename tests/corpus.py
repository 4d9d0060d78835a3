"""Campaign documents as Vietnamese schools really write them, built in code.

One generic ``build_docx(DocSpec)`` lays out any administrative document (header, type and
subject, body, recipients, signature); small per-type builders (launch plan, registration
form or letter, result report, proposal, council minutes, achievement report, tax
confirmation, invitation) turn plain data into a ``DocSpec``.  The DOCX looks like Word's:
Times New Roman 13-14, text split into several runs at arbitrary points (even mid-word) with
the odd ``w:proofErr`` between them, optionally in Unicode NFD.  Everything is deterministic for
a seed, so the committed sample inbox can be rebuilt byte for byte.

Also here: PDF through LibreOffice (one ``soffice`` call for many files, private profile),
saved e-mails (``.eml``) and zip bundles with fixed timestamps.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import io
import posixpath
import random
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, NamedTuple

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.render.ooxml import FIXED_ZIP_TIME

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DISTRICT = "UBND QUẬN BÌNH TÂN"
PLACE = "Bình Tân"
OFFICE = "Phòng Giáo dục và Đào tạo quận Bình Tân"
PLAN = (
    "Kế hoạch số 701/KH-GDĐT ngày 04 tháng 5 năm 2021 của Phòng Giáo dục và Đào tạo quận Bình Tân"
)
CAMPAIGN = (
    "đợt thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường "
    "cứu nước (05/6/1911 - 05/6/2021), kỷ niệm 45 năm thành phố Sài Gòn - Gia Định mang tên "
    "Thành phố Hồ Chí Minh (02/7/1976 - 02/7/2021)"
)
CAMPAIGN_SHORT = (
    "đợt thi đua cao điểm chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường cứu nước và "
    "45 năm Thành phố mang tên Bác"
)
FORM_HEADER = ("Stt", "Nội dung", "Tên công trình/ dự án đăng ký", "Dự kiến thời gian hoàn thành")
PROPOSAL_HEADER = (
    "Stt",
    "Họ và tên / Tên tập thể",
    "Chức vụ, đơn vị",
    "Hình thức khen thưởng đề nghị",
)
MINUTES_HEADER = (
    "Stt",
    "Họ và tên / Tập thể",
    "Chức vụ",
    "Hình thức đề nghị",
    "Số phiếu đồng ý",
    "Kết quả",
)
TEXT_WIDTH_CM = 16.5  # A4 less 3 cm left and 1.5 cm right margins
SOFFICE_TIMEOUT = 600
PROOF_ERR_RATE = 0.15  # how often Word leaves a spelling mark between two runs
MAX_CUTS = 5

Align = Literal["left", "center", "right", "justify"]
HeaderStyle = Literal["table", "paragraphs", "tabs"]
FooterStyle = Literal["table", "paragraphs"]
Cell = str | tuple[str, ...]  # a cell holds one paragraph or several

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# ------------------------------------------------------------------------- document model


@dataclass(frozen=True)
class Para:
    """A body paragraph."""

    text: str
    bold: bool = False
    italic: bool = False
    align: Align = "justify"
    indent: bool = True  # first-line indent of 1 cm


@dataclass(frozen=True)
class Table:
    """A bordered body table; the first ``header_rows`` rows are bold and repeat on each page.

    ``merges`` are vertical merges ``(column, first_row, last_row)``; only the first row's
    cell text is written into a merged cell.
    """

    rows: tuple[tuple[Cell, ...], ...]
    widths_cm: tuple[float, ...]
    header_rows: int = 1
    merges: tuple[tuple[int, int, int], ...] = ()


Block = Para | Table


@dataclass(frozen=True)
class Issuer:
    """The issuing-body lines at the top left: the parent body and the issuer itself."""

    name: str  # "TRƯỜNG THCS BÌNH TÂN" (bold)
    parent: str = DISTRICT  # "UBND QUẬN BÌNH TÂN"; "" for a body with no parent line


@dataclass(frozen=True)
class Signer:
    """One signature block: "KT. HIỆU TRƯỞNG" / "PHÓ HIỆU TRƯỞNG" / the name."""

    title: str
    name: str
    on_behalf: str = ""  # a line above the title: "KT. HIỆU TRƯỞNG", "TM. HỘI ĐỒNG" …


@dataclass(frozen=True)
class DocSpec:
    """Everything one administrative document shows, in reading order."""

    issuer: Issuer
    number: str  # "25/KH-THCSBT"; "" when the document has no number
    date: dt.date | None
    doc_type: str  # "KẾ HOẠCH"; "" for an official letter (công văn)
    subject: tuple[str, ...]  # centred bold lines under the type
    body: tuple[Block, ...]
    vv: str = ""  # a letter's "V/v …" line under its number
    addressee: str = ""  # "Kính gửi: …"
    recipients: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    place: str = PLACE
    header: HeaderStyle = "table"
    footer: FooterStyle = "table"
    font_size: int = 13
    nfd: bool = False
    author: str = "Admin"


@dataclass(frozen=True)
class Style:
    """How a sender lays out a document: header and footer variants, size, NFD, who signs."""

    header: HeaderStyle = "table"
    footer: FooterStyle = "table"
    font_size: int = 13
    nfd: bool = False
    deputy_signs: bool = False  # "KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG"


@dataclass(frozen=True)
class Sender:
    """A unit as it writes itself in its own documents."""

    name: str  # "Trường THCS Bình Tân"
    header: str  # "TRƯỜNG THCS BÌNH TÂN"
    code: str  # number suffix: "THCSBT"
    head: str  # the head's full name
    head_title: str = "Hiệu trưởng"
    deputy: str = ""
    deputy_title: str = "Phó Hiệu trưởng"
    parent: str = DISTRICT
    staff: str = "cán bộ, giáo viên, nhân viên"
    email: str = ""

    @property
    def issuer(self) -> Issuer:
        """The header lines of this sender's documents."""
        return Issuer(name=self.header, parent=self.parent)


DEFAULT_STYLE = Style()
TAX_STYLE = Style(deputy_signs=True)

# ------------------------------------------------------------------------------ DOCX writer


class _Line(NamedTuple):
    """One header line and its formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None


def build_docx(doc: DocSpec, seed: int = 0) -> bytes:
    """The DOCX bytes of ``doc``; the same spec and seed always give the same bytes."""
    writer = _Writer(doc, random.Random(seed))
    writer.write()
    out = io.BytesIO()
    writer.document.save(out)
    return _slim_package(out.getvalue())


class _Writer:
    """Lays one DocSpec out into a python-docx Document, splitting text into Word-like runs."""

    def __init__(self, spec: DocSpec, rng: random.Random) -> None:
        self.spec = spec
        self.rng = rng
        self.document: DocxDocument = Document()
        self.size = spec.font_size

    def write(self) -> None:
        self._page_setup()
        self._properties()
        headers = {
            "table": self._header_table,
            "paragraphs": self._header_paragraphs,
            "tabs": self._header_tabs,
        }
        headers[self.spec.header]()
        self._title()
        for block in self.spec.body:
            if isinstance(block, Para):
                self._body_paragraph(block)
            else:
                self._body_table(block)
        if self.spec.footer == "table":
            self._footer_table()
        else:
            self._footer_paragraphs()

    # ---- text

    def text(
        self,
        paragraph: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
    ) -> None:
        """Append ``text`` as several runs cut at arbitrary points, as Word saves it."""
        if self.spec.nfd:
            text = unicodedata.normalize("NFD", text)
        start = 0
        for cut in [*self._cuts(text), len(text)]:
            if start and self.rng.random() < PROOF_ERR_RATE:
                paragraph._p.append(_proof_err())
            run = paragraph.add_run(text[start:cut])
            _format_run(run.element, bold=bold, italic=italic, size=size or self.size)
            start = cut

    def _cuts(self, text: str) -> list[int]:
        if len(text) < 4:
            return []
        count = self.rng.randint(1, min(MAX_CUTS, len(text) // 6 + 1))
        cuts: list[int] = []
        for pos in sorted(self.rng.randrange(1, len(text)) for _ in range(count)):
            # Word never separates a letter from its combining accents.
            while pos < len(text) and unicodedata.combining(text[pos]):
                pos += 1
            if pos < len(text) and (not cuts or cuts[-1] < pos):
                cuts.append(pos)
        return cuts

    def paragraph(
        self,
        container: DocxDocument | _Cell,
        text: str,
        *,
        align: Align = "left",
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        indent: bool = False,
        after: float = 3,
    ) -> Paragraph:
        """A new paragraph in the document or a cell (a cell's first, empty one is reused)."""
        if isinstance(container, _Cell) and _is_blank(container):
            paragraph = container.paragraphs[0]
        else:
            paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.alignment = _ALIGN[align]
        fmt.space_after = Pt(after)
        fmt.space_before = Pt(0)
        if indent:
            fmt.first_line_indent = Cm(1)
        if text:
            self.text(paragraph, text, bold=bold, italic=italic, size=size)
        return paragraph

    # ---- page and properties

    def _page_setup(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)

    def _properties(self) -> None:
        props = self.document.core_properties
        props.author = props.last_modified_by = self.spec.author
        props.comments = ""
        props.revision = 2
        day = self.spec.date or dt.date(2021, 5, 4)
        # 08:00 in Vietnam, stored in UTC as Word does.
        stamp = dt.datetime(day.year, day.month, day.day, 1, 0, 0)
        props.created = props.modified = stamp

    # ---- header variants

    def _left_lines(self) -> list[_Line]:
        """The top-left block: parent body, issuer (bold), number, a letter's "V/v" line."""
        spec = self.spec
        lines = [_Line(spec.issuer.parent, size=12)] if spec.issuer.parent else []
        lines.append(_Line(spec.issuer.name, bold=True, size=12))
        if spec.number:
            lines.append(_Line(f"Số: {spec.number}", size=13))
        if spec.vv:
            lines.append(_Line(spec.vv, size=12))
        return lines

    def _right_lines(self) -> list[_Line]:
        """The top-right block: national title, motto, place and date (italic)."""
        lines = [_Line(NATIONAL_TITLE, bold=True, size=12), _Line(MOTTO, bold=True, size=13)]
        if self.spec.date:
            lines.append(_Line(place_date(self.spec.place, self.spec.date), italic=True, size=13))
        return lines

    def _header_table(self) -> None:
        table = self._table(1, 2, (6.3, 10.2), borders=False)
        blocks = (self._left_lines(), self._right_lines())
        for cell, lines in zip(table.rows[0].cells, blocks, strict=True):
            for line in lines:
                self.paragraph(
                    cell,
                    line.text,
                    align="center",
                    bold=line.bold,
                    italic=line.italic,
                    size=line.size,
                    after=0,
                )
        self.paragraph(self.document, "")

    def _header_paragraphs(self) -> None:
        sides: tuple[tuple[Align, list[_Line]], ...] = (
            ("left", self._left_lines()),
            ("right", self._right_lines()),
        )
        for align, lines in sides:
            for line in lines:
                self.paragraph(
                    self.document,
                    line.text,
                    align=align,
                    bold=line.bold,
                    italic=line.italic,
                    size=line.size,
                    after=0,
                )
        self.paragraph(self.document, "")

    def _header_tabs(self) -> None:
        left, right = self._left_lines(), self._right_lines()
        for i in range(max(len(left), len(right))):
            paragraph = self.paragraph(self.document, "", after=0)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(11.25), WD_TAB_ALIGNMENT.CENTER)
            if i < len(left):
                line = left[i]
                self.text(paragraph, line.text, bold=line.bold, italic=line.italic, size=line.size)
            if i < len(right):
                line = right[i]
                paragraph.add_run("\t")
                self.text(paragraph, line.text, bold=line.bold, italic=line.italic, size=line.size)
        self.paragraph(self.document, "")

    # ---- title, body, footer

    def _title(self) -> None:
        spec = self.spec
        if spec.doc_type:
            self.paragraph(self.document, spec.doc_type, align="center", bold=True, after=0)
        for line in spec.subject:
            self.paragraph(self.document, line, align="center", bold=True, after=0)
        self.paragraph(self.document, "")
        if spec.addressee:
            self.paragraph(self.document, spec.addressee, align="center", after=6)

    def _body_paragraph(self, block: Para) -> None:
        self.paragraph(
            self.document,
            block.text,
            align=block.align,
            bold=block.bold,
            italic=block.italic,
            indent=block.indent,
            after=6,
        )

    def _body_table(self, block: Table) -> None:
        table = self._table(len(block.rows), len(block.widths_cm), block.widths_cm, borders=True)
        covered: set[tuple[int, int]] = set()
        for col, first, last in block.merges:
            table.cell(first, col).merge(table.cell(last, col))
            covered.update((row, col) for row in range(first + 1, last + 1))
        for r, row in enumerate(block.rows):
            header = r < block.header_rows
            if header:
                _repeat_as_header(table.rows[r])
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                cell = table.cell(r, c)
                texts = (value,) if isinstance(value, str) else value
                align: Align = "center" if header or c == 0 else "left"
                for text in texts:
                    self.paragraph(cell, text, align=align, bold=header, after=0)
        self.paragraph(self.document, "")

    def _signer_lines(self, cell: DocxDocument | _Cell, signer: Signer, align: Align) -> None:
        if signer.on_behalf:
            self.paragraph(cell, signer.on_behalf, align=align, bold=True, after=0)
        self.paragraph(cell, signer.title, align=align, bold=True, after=0)
        for _ in range(3):
            self.paragraph(cell, "", align=align, after=0)
        self.paragraph(cell, signer.name, align=align, bold=True, after=0)

    def _recipient_lines(self, cell: DocxDocument | _Cell) -> None:
        if not self.spec.recipients:
            return
        self.paragraph(cell, "Nơi nhận:", bold=True, italic=True, size=12, after=0)
        for line in self.spec.recipients:
            self.paragraph(cell, line, size=11, after=0)

    def _footer_table(self) -> None:
        signers = self.spec.signers
        if len(signers) >= 2:
            self._recipient_lines(self.document)
            table = self._table(1, 2, (8.0, 8.5), borders=False)
            for cell, signer in zip(table.rows[0].cells, signers[:2], strict=True):
                self._signer_lines(cell, signer, "center")
            return
        table = self._table(1, 2, (8.0, 8.5), borders=False)
        left, right = table.rows[0].cells
        self._recipient_lines(left)
        for signer in signers:
            self._signer_lines(right, signer, "center")

    def _footer_paragraphs(self) -> None:
        for signer in self.spec.signers:
            self._signer_lines(self.document, signer, "right")
        self._recipient_lines(self.document)

    def _table(self, rows: int, cols: int, widths: Sequence[float], *, borders: bool) -> DocxTable:
        table = self.document.add_table(rows=rows, cols=cols)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        if borders:
            _set_borders(table)
        for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        return table


# ----------------------------------------------------------------------------- raw OOXML


def _format_run(run: etree._Element, *, bold: bool, italic: bool, size: float) -> None:
    """Give a ``w:r`` Word's explicit run properties: font, size, bold, italic, language."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.append(fonts)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    half_points = str(round(size * 2))
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), half_points)
        rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def _proof_err() -> etree._Element:
    mark = OxmlElement("w:proofErr")
    mark.set(qn("w:type"), "spellStart")
    return mark


def _is_blank(cell: _Cell) -> bool:
    return len(cell.paragraphs) == 1 and not cell.paragraphs[0].runs


def _set_borders(table: DocxTable) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for attr, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0")):
            edge.set(qn(attr), value)
        edge.set(qn("w:color"), "000000")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def _repeat_as_header(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MINIMAL_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
    "</w:style>"
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
    '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    "</w:style></w:styles>"
).encode()
# Parts of python-docx's default template a school's document does not need (~30 KB).
_DROPPED_PARTS = frozenset(
    {
        "docProps/thumbnail.jpeg",
        "word/stylesWithEffects.xml",
        "word/webSettings.xml",
        "word/theme/theme1.xml",
        "word/numbering.xml",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
    }
)


def _slim_package(data: bytes) -> bytes:
    """Drop unused template parts, use a small styles part, fix member timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name = info.filename
            if name in _DROPPED_PARTS:
                continue
            blob = src.read(name)
            if name == "word/styles.xml":
                blob = MINIMAL_STYLES
            elif name == "[Content_Types].xml":
                blob = _drop_overrides(blob)
            elif name.endswith(".rels"):
                blob = _drop_relationships(name, blob)
            entry = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, blob)
    return out.getvalue()


def _drop_overrides(blob: bytes) -> bytes:
    root = etree.fromstring(blob)
    for el in list(root):
        if el.get("PartName", "").lstrip("/") in _DROPPED_PARTS:
            root.remove(el)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _drop_relationships(rels_name: str, blob: bytes) -> bytes:
    base = posixpath.dirname(posixpath.dirname(rels_name))
    root = etree.fromstring(blob)
    for el in list(root):
        target = posixpath.normpath(posixpath.join(base, el.get("Target", "")))
        if target in _DROPPED_PARTS:
            root.remove(el)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ------------------------------------------------------------------------------- helpers


def place_date(place: str, day: dt.date) -> str:
    """The place-and-date line: "Bình Tân, ngày 03 tháng 5 năm 2021".

    Nghị định 30/2020: a leading zero for days below 10 and for months 1 and 2.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def long_date(day: dt.date) -> str:
    """A date in words, as running text writes it: "ngày 11 tháng 6 năm 2021"."""
    return place_date("", day).removeprefix(", ")


def _signer(sender: Sender, style: Style) -> Signer:
    if style.deputy_signs and sender.deputy:
        return Signer(
            title=sender.deputy_title.upper(),
            name=sender.deputy,
            on_behalf=f"KT. {sender.head_title.upper()}",
        )
    return Signer(title=sender.head_title.upper(), name=sender.head)


def _spec(
    sender: Sender,
    style: Style,
    *,
    number: str,
    date: dt.date,
    doc_type: str,
    subject: Sequence[str],
    body: Sequence[Block],
    recipients: Sequence[str] = (),
    signers: Sequence[Signer] | None = None,
    vv: str = "",
    addressee: str = "",
    place: str = PLACE,
) -> DocSpec:
    return DocSpec(
        issuer=sender.issuer,
        number=number,
        date=date,
        doc_type=doc_type,
        subject=tuple(subject),
        body=tuple(body),
        vv=vv,
        addressee=addressee,
        recipients=tuple(recipients),
        signers=tuple(signers) if signers is not None else (_signer(sender, style),),
        place=place,
        header=style.header,
        footer=style.footer,
        font_size=style.font_size,
        nfd=style.nfd,
    )


def _heading(text: str) -> Para:
    return Para(text, bold=True, indent=False, align="left")


def _recipients(*extra: str) -> tuple[str, ...]:
    return ("- Phòng GD&ĐT quận (để báo cáo);", *extra, "- Lưu: VT.")


# ------------------------------------------------------------------------- document types


def launch_plan(
    sender: Sender, number: str, date: dt.date, style: Style = DEFAULT_STYLE
) -> DocSpec:
    """A unit's own launch document (kế hoạch phát động thi đua)."""
    body: list[Block] = [
        Para(f"Căn cứ {PLAN} về phát động {CAMPAIGN};"),
        Para(
            f"Căn cứ tình hình thực tế của đơn vị, {sender.name} xây dựng kế hoạch phát động "
            f"đợt thi đua cao điểm trong toàn thể {sender.staff} như sau:"
        ),
        _heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Para(
            f"- Tạo khí thế thi đua sôi nổi trong toàn thể {sender.staff}, lập thành tích chào "
            "mừng các ngày lễ lớn của đất nước và Thành phố."
        ),
        Para("- Phát hiện, biểu dương kịp thời các tập thể, cá nhân có thành tích xuất sắc."),
        _heading("II. THỜI GIAN, NỘI DUNG THI ĐUA"),
        Para("1. Thời gian: từ ngày 04/5/2021 đến ngày 02/7/2021."),
        Para(
            "2. Nội dung: mỗi tổ, bộ phận đăng ký ít nhất một công trình, phần việc cụ thể gắn "
            "với nhiệm vụ trọng tâm của đơn vị và hoàn thành đúng thời hạn đăng ký."
        ),
        _heading("III. TỔ CHỨC THỰC HIỆN"),
        Para(
            "- Công đoàn cơ sở phối hợp với Chi đoàn triển khai kế hoạch đến từng thành viên; "
            "các tổ, bộ phận gửi nội dung đăng ký về Ban Giám hiệu trước ngày 05/5/2021."
        ),
        Para(f"Trên đây là Kế hoạch phát động đợt thi đua cao điểm của {sender.name}./."),
    ]
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="KẾ HOẠCH",
        subject=[
            "Phát động đợt thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm Ngày Bác "
            "Hồ ra đi tìm đường cứu nước (05/6/1911 - 05/6/2021), kỷ niệm 45 năm thành phố Sài "
            "Gòn - Gia Định mang tên Thành phố Hồ Chí Minh (02/7/1976 - 02/7/2021)"
        ],
        body=body,
        recipients=_recipients(f"- Toàn thể {sender.staff};"),
    )


@dataclass(frozen=True)
class FormRow:
    """One row of the official registration form, as the school filled it in."""

    stt: str  # "2." — the content number, or a serial when the school renumbered rows
    content: str  # the content's title as copied from the plan
    projects: tuple[str, ...]  # one paragraph each; () for an empty cell
    completion: str
    continues: bool = False  # the same content as the row above: Stt and Nội dung merged


def registration_form(
    sender: Sender,
    number: str,
    date: dt.date,
    rows: Sequence[FormRow],
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """The plan's "MẪU ĐĂNG KÝ NỘI DUNG THI ĐUA", copied and filled in."""
    cells: list[tuple[Cell, ...]] = [FORM_HEADER]
    groups: list[list[int]] = []  # [first, last] table rows of one content
    for i, row in enumerate(rows, start=1):
        cells.append(("" if row.continues else row.stt, row.content, row.projects, row.completion))
        if row.continues and groups:
            groups[-1][1] = i
        else:
            groups.append([i, i])
    merges = [(col, first, last) for first, last in groups if last > first for col in (0, 1)]
    body: list[Block] = [
        Para(
            f"Thực hiện {PLAN} về phát động {CAMPAIGN}, {sender.name} đăng ký thực hiện các nội "
            "dung thi đua như sau:"
        ),
        Table(rows=tuple(cells), widths_cm=(1.3, 6.7, 5.5, 3.0), merges=tuple(merges)),
        Para(f"{sender.name} cam kết hoàn thành các công trình đã đăng ký đúng tiến độ./."),
    ]
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA",
        subject=[
            "Chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường cứu nước "
            "(05/6/1911 - 05/6/2021), kỷ niệm 45 năm thành phố Sài Gòn - Gia Định mang tên "
            "Thành phố Hồ Chí Minh (02/7/1976 - 02/7/2021)"
        ],
        body=body,
        recipients=_recipients(),
    )


def registration_letter(
    sender: Sender,
    number: str,
    date: dt.date,
    entries: Sequence[str],
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """A free-form letter (công văn) registering contents instead of the form."""
    body: list[Block] = [
        Para(f"Thực hiện {PLAN} về phát động {CAMPAIGN},"),
        Para(f"{sender.name} đăng ký thực hiện các nội dung thi đua sau:"),
        *(Para(entry) for entry in entries),
        Para(f"{sender.name} kính gửi Phòng Giáo dục và Đào tạo quận để theo dõi./."),
        Para("Trân trọng./.", indent=True),
    ]
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="",
        subject=(),
        body=body,
        vv="V/v đăng ký nội dung thi đua",
        addressee=f"Kính gửi: {OFFICE}",
        recipients=("- Như trên;", "- Lưu: VT."),
    )


def result_report(
    sender: Sender,
    number: str,
    date: dt.date,
    results: Sequence[str],
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """A unit's report on its results in the campaign (báo cáo kết quả)."""
    body: list[Block] = [
        Para(
            f"Thực hiện {PLAN}, {sender.name} báo cáo kết quả thực hiện đợt thi đua cao điểm "
            "như sau:"
        ),
        _heading("I. CÔNG TÁC TRIỂN KHAI"),
        Para(
            f"Đơn vị đã xây dựng kế hoạch và triển khai đợt thi đua đến toàn thể {sender.staff}; "
            "100% tổ, bộ phận đăng ký công trình, phần việc cụ thể."
        ),
        _heading("II. KẾT QUẢ THỰC HIỆN"),
        *(Para(result) for result in results),
        _heading("III. ĐÁNH GIÁ CHUNG"),
        Para(
            "Đợt thi đua được triển khai nghiêm túc, thiết thực; các công trình đăng ký cơ bản "
            "hoàn thành đúng tiến độ./."
        ),
    ]
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="BÁO CÁO",
        subject=[f"Kết quả thực hiện {CAMPAIGN_SHORT}"],
        body=body,
        recipients=_recipients(),
    )


@dataclass(frozen=True)
class Proposed:
    """One line of a proposal, as written: "Bà Nguyễn Thị Mai", "Giáo viên", "GK UBND quận"."""

    name: str
    position: str  # "" for a collective
    award: str


def proposal(
    sender: Sender,
    number: str,
    date: dt.date,
    nominees: Sequence[Proposed],
    *,
    council_date: dt.date,
    prose: bool = False,
    supplementary: bool = False,
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """A proposal for commendation (tờ trình đề nghị khen thưởng), as a table or as prose."""
    collectives = sum(1 for n in nominees if not n.position)
    people = len(nominees) - collectives
    extra = " bổ sung" if supplementary else ""
    lines: list[Block] = [
        Para(f"Căn cứ {PLAN} về phát động {CAMPAIGN};"),
        Para(
            f"Căn cứ kết quả bình xét của Hội đồng Thi đua - Khen thưởng {sender.name} "
            f"{long_date(council_date)};"
        ),
        Para(
            f"{sender.name} kính trình Phòng Giáo dục và Đào tạo quận xem xét, trình Ủy ban nhân "
            f"dân quận khen thưởng{extra} cho {collectives:02d} tập thể và {people:02d} cá nhân "
            "có thành tích xuất sắc trong đợt thi đua, cụ thể như sau:"
        ),
    ]
    if prose:
        for i, n in enumerate(nominees, start=1):
            who = f"{n.name}, {n.position} {sender.name}" if n.position else n.name
            lines.append(Para(f"{i}. {who}: đề nghị tặng {n.award}."))
    else:
        rows: list[tuple[Cell, ...]] = [PROPOSAL_HEADER]
        rows += [(f"{i}.", n.name, n.position, n.award) for i, n in enumerate(nominees, start=1)]
        lines.append(Table(rows=tuple(rows), widths_cm=(1.2, 5.3, 4.5, 5.5)))
    lines.append(Para("Kính trình Phòng Giáo dục và Đào tạo quận xem xét, đề nghị./."))
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="TỜ TRÌNH",
        subject=[
            f"Về việc đề nghị khen thưởng{extra} tập thể, cá nhân có thành tích xuất sắc trong "
            f"{CAMPAIGN_SHORT}"
        ],
        body=lines,
        addressee=f"Kính gửi: {OFFICE}",
        recipients=("- Như trên;", "- Lưu: VT, TĐKT."),
    )


@dataclass(frozen=True)
class Vote:
    """One row of the council's result table."""

    name: str
    position: str
    award: str
    votes: str  # "15/17"
    result: str  # "Đạt", "Thông qua", "Không đạt", "Không thông qua"


def council_minutes(
    sender: Sender,
    number: str,
    date: dt.date,
    votes: Sequence[Vote],
    *,
    present: int,
    members: int,
    secretary: str,
    upper: bool = False,
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """The minutes of the unit's emulation council (biên bản họp Hội đồng Thi đua - Khen thưởng).

    ``upper`` writes people's names in capitals, as many clerks do.
    """
    rows: list[tuple[Cell, ...]] = [MINUTES_HEADER]
    for i, v in enumerate(votes, start=1):
        name = v.name.upper() if upper and v.position else v.name
        rows.append((f"{i}.", name, v.position, v.award, v.votes, v.result))
    body: list[Block] = [
        Para(
            f"Vào lúc 14 giờ 00, {long_date(date)}, tại phòng họp {sender.name}, Hội đồng Thi "
            f"đua - Khen thưởng đơn vị họp xét đề nghị khen thưởng {CAMPAIGN_SHORT}."
        ),
        Para(
            f"Thành phần: Hội đồng Thi đua - Khen thưởng {sender.name}, có mặt "
            f"{present}/{members} thành viên."
        ),
        Para(f"Chủ trì: {sender.head} - {sender.head_title}, Chủ tịch Hội đồng."),
        Para(f"Thư ký: {secretary}."),
        _heading("NỘI DUNG"),
        Para(
            "Hội đồng đã nghe báo cáo thành tích của các tập thể, cá nhân và tiến hành bỏ phiếu "
            "kín. Kết quả như sau:"
        ),
        Table(rows=tuple(rows), widths_cm=(1.1, 4.4, 3.0, 3.6, 2.0, 2.4)),
        Para(
            "Hội đồng thống nhất đề nghị khen thưởng các tập thể, cá nhân đạt từ 2/3 số phiếu "
            "đồng ý trở lên."
        ),
        Para(
            "Cuộc họp kết thúc lúc 16 giờ 00 cùng ngày; biên bản đã được đọc lại và các thành "
            "viên thống nhất thông qua./."
        ),
    ]
    signers = (
        Signer(title="THƯ KÝ", name=secretary),
        Signer(title="CHỦ TỊCH HỘI ĐỒNG", name=sender.head, on_behalf="TM. HỘI ĐỒNG"),
    )
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="BIÊN BẢN",
        subject=[f"Họp Hội đồng Thi đua - Khen thưởng {sender.name}"],
        body=body,
        signers=signers,
    )


@dataclass(frozen=True)
class Person:
    """An individual nominee as the achievement report introduces them."""

    name: str
    position: str
    gender: str = "Nữ"
    born: int = 1985
    degree: str = "Đại học Sư phạm"


def achievement_report(
    sender: Sender,
    date: dt.date,
    award: str,
    achievements: Sequence[str],
    *,
    person: Person | None = None,
    collective_name: str = "",
    members: int = 0,
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """A summary of achievements (báo cáo tóm tắt thành tích) of a person, or of the collective
    when ``person`` is None."""
    if person is None:
        intro = [
            _heading("I. ĐẶC ĐIỂM, TÌNH HÌNH"),
            Para(f"Tên tập thể: {collective_name or sender.name}", indent=False),
            Para(f"Tổng số {sender.staff}: {members} người.", indent=False),
        ]
        earlier = "- Năm học 2019 - 2020: Tập thể lao động tiên tiến."
        signers: tuple[Signer, ...] = (_signer(sender, style),)
    else:
        intro = [
            _heading("I. SƠ LƯỢC LÝ LỊCH"),
            Para(f"Họ và tên: {person.name}", indent=False),
            Para(f"Giới tính: {person.gender}", indent=False),
            Para(f"Năm sinh: {person.born}", indent=False),
            Para(f"Chức vụ: {person.position}", indent=False),
            Para(f"Đơn vị công tác: {sender.name}", indent=False),
            Para(f"Trình độ chuyên môn: {person.degree}", indent=False),
        ]
        earlier = "- Năm học 2019 - 2020: Lao động tiên tiến."
        signers = (
            Signer(
                title=sender.head_title.upper(),
                name=sender.head,
                on_behalf="XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ",
            ),
            Signer(title="NGƯỜI BÁO CÁO", name=person.name),
        )
    body: list[Block] = [
        *intro,
        _heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"),
        *(Para(a) for a in achievements),
        _heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
        Para(earlier, indent=False),
    ]
    return _spec(
        sender,
        style,
        number="",
        date=date,
        doc_type="BÁO CÁO TÓM TẮT THÀNH TÍCH",
        subject=[f"Đề nghị tặng {award}"],
        body=body,
        signers=signers,
    )


TAX_OFFICE = Sender(
    name="Chi cục Thuế quận Bình Tân",
    header="CHI CỤC THUẾ QUẬN BÌNH TÂN",
    code="CCT",
    head="Nguyễn Văn Hải",
    head_title="Chi cục trưởng",
    deputy="Lê Thị Thanh Tâm",
    deputy_title="Phó Chi cục trưởng",
    parent="CỤC THUẾ TP. HỒ CHÍ MINH",
)


def tax_confirmation(
    enterprise: str,
    tax_code: str,
    number: str,
    date: dt.date,
    style: Style = TAX_STYLE,
) -> DocSpec:
    """The tax office's confirmation that an enterprise has met its tax obligations."""
    body: list[Block] = [
        Para(
            f"Căn cứ đề nghị của {enterprise} về việc xác nhận chấp hành chính sách, pháp luật "
            "thuế để làm hồ sơ đề nghị khen thưởng;"
        ),
        Para(
            f"Chi cục Thuế quận Bình Tân xác nhận: {enterprise}, mã số thuế {tax_code}, đã hoàn "
            "thành nghĩa vụ nộp thuế đến hết ngày 31/5/2021, không có nợ đọng thuế và chưa phát "
            "hiện vi phạm pháp luật về thuế."
        ),
        Para("Giấy xác nhận này có giá trị để đơn vị làm hồ sơ đề nghị khen thưởng./."),
    ]
    return _spec(
        TAX_OFFICE,
        style,
        number=number,
        date=date,
        doc_type="GIẤY XÁC NHẬN",
        subject=["Về việc chấp hành chính sách, pháp luật thuế"],
        body=body,
        recipients=(f"- {enterprise};", "- Lưu: VT, KK."),
    )


def invitation(
    sender: Sender,
    number: str,
    date: dt.date,
    event: str,
    when: str,
    where: str,
    style: Style = DEFAULT_STYLE,
) -> DocSpec:
    """An invitation letter (giấy mời): none of the campaign's document types."""
    body: list[Block] = [
        Para(f"{sender.name} trân trọng kính mời: Đại diện lãnh đạo {OFFICE}."),
        Para(f"Đến dự: {event}."),
        Para(f"Thời gian: {when}."),
        Para(f"Địa điểm: {where}."),
        Para("Sự hiện diện của Quý đại biểu là niềm vinh dự của nhà trường./."),
    ]
    return _spec(
        sender,
        style,
        number=number,
        date=date,
        doc_type="GIẤY MỜI",
        subject=[event],
        body=body,
        recipients=("- Như trên;", "- Lưu: VT."),
    )


def award_decision(
    sender: Sender, number: str, date: dt.date, proposer: str, awardees: Sequence[str]
) -> DocSpec:
    """A People's Committee's award decision (quyết định): not a document a unit sends in the
    campaign, although it quotes a proposal ("Xét đề nghị của …")."""
    body: list[Block] = [
        Para("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
        Para("Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;"),
        Para(f"Xét đề nghị của {proposer}."),
        Para("QUYẾT ĐỊNH:"),
        Para(
            "Điều 1. Tặng Giấy khen cho các cá nhân đã có thành tích xuất sắc trong năm học "
            "2019 - 2020, gồm: " + ", ".join(awardees) + "."
        ),
        Para("Điều 2. Quyết định này có hiệu lực kể từ ngày ký./."),
    ]
    return _spec(
        sender,
        DEFAULT_STYLE,
        number=number,
        date=date,
        doc_type="QUYẾT ĐỊNH",
        subject=["Về việc tặng Giấy khen năm học 2019 - 2020"],
        body=body,
        recipients=("- Như Điều 2;", "- Lưu: VT."),
    )


# ----------------------------------------------------------------- PDF, e-mail, archives


def docx_to_pdf(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Convert DOCX files to PDF with LibreOffice in one call, with a private profile.

    Raises RuntimeError when ``soffice`` is absent or a file was not converted.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("soffice (LibreOffice) is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo_corpus_") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in paths),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
    pdfs = [outdir / f"{p.stem}.pdf" for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not produce {', '.join(missing)}")
    return pdfs


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
FIXED_PDF_DATE = b"20210101000000"


def normalize_pdf(data: bytes) -> bytes:
    """Replace LibreOffice's wall-clock dates, /ID and /DocChecksum with fixed values.

    Every replacement keeps its length, so the xref offsets stay valid; /ID and /DocChecksum
    become a digest of the rest of the file, so two conversions of one document are identical.
    """

    def date(m: re.Match[bytes]) -> bytes:
        zone = re.sub(rb"\d", b"0", m.group(2)).replace(b"-", b"+")
        return m.group(0)[: m.start(1) - m.start(0)] + FIXED_PDF_DATE + zone + b")"

    fixed = _PDF_DATE.sub(date, data)
    digest = hashlib.sha256(_PDF_CHECKSUM.sub(b"", _PDF_ID.sub(b"", fixed))).hexdigest().upper()
    hexes = digest.encode()

    def same_length(m: re.Match[bytes]) -> bytes:
        whole = m.group(0)
        for group in range(1, (m.lastindex or 0) + 1):
            value = m.group(group)
            start, end = m.start(group) - m.start(0), m.end(group) - m.start(0)
            whole = whole[:start] + hexes[: len(value)].ljust(len(value), b"0") + whole[end:]
        return whole

    return _PDF_CHECKSUM.sub(same_length, _PDF_ID.sub(same_length, fixed))


_MIME = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
    ".zip": ("application", "zip"),
    ".doc": ("application", "msword"),
}


def build_eml(
    from_addr: str,
    to_addr: str,
    date: str,
    subject: str,
    attachments: Sequence[tuple[str, bytes]],
    body: str = "Kính gửi Bộ phận Thi đua,\nĐơn vị gửi văn bản đính kèm.\nTrân trọng.",
) -> bytes:
    """A saved e-mail (RFC 5322, CRLF) with ``attachments``; ``date`` is an RFC 2822 date.

    The Message-ID and MIME boundary derive from the content, so the bytes are reproducible.
    """
    digest = hashlib.sha256(
        "\n".join([from_addr, to_addr, date, subject, *(n for n, _ in attachments)]).encode()
    ).hexdigest()
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = from_addr
    msg["To"] = to_addr
    msg["Date"] = date
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{digest[:24]}@mail.hcm.edu.vn>"
    msg.set_content(body, cte="quoted-printable")
    for name, data in attachments:
        maintype, subtype = _MIME.get(Path(name).suffix.lower(), ("application", "octet-stream"))
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if attachments:
        msg.set_boundary(f"=_part_{digest[24:48]}")
    return msg.as_bytes()


def build_zip(
    members: Sequence[tuple[str, bytes]],
    date_time: tuple[int, int, int, int, int, int] = FIXED_ZIP_TIME,
) -> bytes:
    """A zip bundle of ``members`` (name inside the archive, bytes) with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as bundle:
        for name, data in members:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            bundle.writestr(entry, data)
    return out.getvalue()


def truncate(data: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` fraction of a file: a download or copy cut short (unreadable)."""
    return data[: int(len(data) * keep)]


def seed_for(base: int, key: str) -> int:
    """A stable per-document seed (Python's ``hash`` is salted per process)."""
    return int.from_bytes(hashlib.sha256(f"{base}:{key}".encode()).digest()[:8], "big")
