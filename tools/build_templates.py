"""Build the DOCX templates in templates/ with python-docx and lxml.

The templates are what staff open in Word to change the wording of the documents the pipeline
renders; this script is how they were made and how to make them again after a layout change
(``python tools/build_templates.py``).  Each jinja tag is written as a single run so that
docxtpl sees it whole.  The layout follows Nghị định 30/2020/NĐ-CP, Phụ lục I
(/work/shared/LAYOUT.md): A4, margins 20/20/30/15 mm, Times New Roman, page numbers centred in
the top margin from page 2 on.  The output is byte-identical from run to run.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pipeline.render.ooxml import normalize_package
from pipeline.render.paths import TEMPLATES_DIR

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_DATE = "ngày … tháng … năm 20…"
BLANK_NUMBER = "Số:      /"  # the clerk writes the number in the gap
# The decision's number and date: blanks in the draft, filled by `finalize` (which defines
# decision_number and decision_date; the draft's context does not).
FINAL_NUMBER = (
    "{% if decision_number is defined %}Số: {{ decision_number }}{% else %}"
    + BLANK_NUMBER
    + "{{ number_code }}{% endif %}"
)
FINAL_DATE = (
    "{% if decision_date is defined %}{{ decision_date }}{% else %}" + BLANK_DATE + "{% endif %}"
)

# Geometry in centimetres: A4 minus the 30 mm left and 15 mm right margins.
TEXT_WIDTH = 16.5
CELL_PADDING = 0.38  # Word's default left + right cell margins
HEADER_LEFT, HEADER_RIGHT = 6.9, 9.6
ISSUER_RULE = 2.4  # 1/3–1/2 of the issuing body's line
MOTTO_RULE = 5.4  # the motto's length at 13 pt bold
SUBJECT_RULE = 3.0
SIGN_LEFT, SIGN_RIGHT = 6.9, 9.6
SIGNATURE_GAP = 4  # empty lines left for the signature and seal
CERT_WIDTH = 25.7  # A4 landscape minus 20 mm margins each side (the certificate)

Container = DocxDocument | _Cell
# w:pPr children that must follow w:pBdr (ECMA-376 order).
PBDR_SUCCESSORS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


@dataclass(frozen=True)
class Text:
    """One paragraph to write: its text (or runs) and its direct formatting."""

    text: str | Sequence[tuple[str, bool]] = ""  # plain text, or (text, bold) runs
    style: str = "Cell"
    align: str = "left"  # left | center | right | justify
    bold: bool = False
    italic: bool = False
    size: float | None = None
    before: float = 0
    after: float | None = None
    page_break_before: bool = False
    keep_next: bool = False


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# ------------------------------------------------------------------------- the document


def new_document(title: str) -> DocxDocument:
    """An empty A4 document with the decree's margins, fonts, styles and page numbers."""
    doc = Document()
    _drop_thumbnail(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    _set_fonts(doc)
    _add_styles(doc)
    _page_numbers(doc)
    doc._body.clear_content()
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Bộ phận Thi đua", ""
    props.comments, props.revision = "", 1
    props.created = props.modified = dt.datetime(2021, 1, 1)
    props.language = "vi-VN"
    return doc


def _drop_thumbnail(doc: DocxDocument) -> None:
    """python-docx's blank-page thumbnail would show in file browsers; leave it out."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _set_fonts(doc: DocxDocument) -> None:
    """Times New Roman for every script, 14 pt, Vietnamese proofing, no theme fonts."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:lang")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.insert(0, fonts)
    rpr.append(lang)
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    normal.font.name, normal.font.size = FONT, Pt(14)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0


def _add_styles(doc: DocxDocument) -> None:
    """Body (justified, 1 cm indent, 6 pt after), Basis (italic body), Cell (13 pt), Small Cell."""
    body = doc.styles.add_style("Body", WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(body, ParagraphStyle)
    body.base_style = doc.styles["Normal"]
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1)
    body.paragraph_format.space_after = Pt(6)
    basis = doc.styles.add_style("Basis", WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(basis, ParagraphStyle)
    basis.base_style = body
    basis.font.italic = True
    cell = doc.styles.add_style("Cell", WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(cell, ParagraphStyle)
    cell.base_style = doc.styles["Normal"]
    cell.font.size = Pt(13)
    small = doc.styles.add_style("Small Cell", WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(small, ParagraphStyle)
    small.base_style = cell
    small.font.size = Pt(11)


def _page_numbers(doc: DocxDocument) -> None:
    """A centred PAGE field in the top margin, absent from the first page."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "2"),
        ("end", None),
    ):
        run = para.add_run()
        run.font.size = Pt(13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""


# ----------------------------------------------------------------------- paragraphs


def write(where: Container, spec: Text) -> Paragraph:
    """Add one paragraph; a cell's own empty first paragraph is used first."""
    para = _fresh_paragraph(where)
    para.style = spec.style
    fmt = para.paragraph_format
    body_like = spec.style in ("Body", "Basis")
    if not (body_like and spec.align == "justify"):
        fmt.alignment = ALIGN[spec.align]
    if body_like and spec.align != "justify":
        fmt.first_line_indent = Cm(0)
    if spec.before:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    fmt.page_break_before = spec.page_break_before or None
    fmt.keep_with_next = spec.keep_next or None
    runs = [(spec.text, spec.bold)] if isinstance(spec.text, str) else spec.text
    for text, bold in runs:
        run = para.add_run(text)
        run.bold = bold or None
        run.italic = spec.italic or None
        if spec.size:
            run.font.size = Pt(spec.size)
    return para


def _fresh_paragraph(where: Container) -> Paragraph:
    if isinstance(where, _Cell):
        first = where.paragraphs[0]
        if len(where.paragraphs) == 1 and not first.runs and first.style.name == "Normal":
            return first
    return where.add_paragraph()


def rule(where: Container, width: float, available: float) -> Paragraph:
    """A centred horizontal line ``width`` cm long: the bottom border of a 3-pt paragraph."""
    para = _fresh_paragraph(where)
    para.style = "Cell"
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(attr), value)
    borders.append(bottom)
    ppr = para._p.get_or_add_pPr()
    ppr.insert_element_before(borders, *PBDR_SUCCESSORS)
    fmt = para.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm((available - width) / 2)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(3)
    return para


def tag(where: Container, text: str) -> Paragraph:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag (removed when rendered)."""
    return write(where, Text(text, style="Cell"))


def loop(where: Container, head: str, *body: Text, tail: str = "{%p endfor %}") -> None:
    """Paragraphs repeated by a ``{%p for … %}`` loop (or kept by ``{%p if … %}``)."""
    tag(where, head)
    for spec in body:
        write(where, spec)
    tag(where, tail)


def body(text: str | Sequence[tuple[str, bool]], **fmt: Any) -> Text:
    """A body paragraph: justified, first-line indent 1 cm, 6 pt after."""
    return replace(Text(text, style="Body", align="justify"), **fmt)


def centred(text: str, **fmt: Any) -> Text:
    """A centred line without indent (titles, headings)."""
    return replace(Text(text, style="Body", align="center", after=0), **fmt)


def heading(text: str) -> Text:
    """A section heading of a report: bold, left, kept with what follows."""
    return Text(text, style="Body", align="justify", bold=True, before=6, keep_next=True)


# --------------------------------------------------------------------------- tables


def table(doc: DocxDocument, widths: Sequence[float], *, grid: bool) -> Table:
    """A fixed-layout table of the given column widths (cm); ``grid`` draws its borders."""
    tbl = doc.add_table(rows=1, cols=len(widths))
    if grid:
        tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False  # a fixed layout: Word keeps the widths below
    for col, width in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for cell, width in zip(tbl.rows[0].cells, widths, strict=True):
        cell.width = Cm(width)
    return tbl


def add_row(tbl: Table) -> list[_Cell]:
    """A new row whose cells keep the table's column widths."""
    row = tbl.add_row()
    widths = [c.width for c in tbl.rows[0].cells]
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width
    return list(row.cells)


def data_table(
    doc: DocxDocument, columns: Sequence[tuple[str, float]], style: str = "Cell"
) -> Table:
    """A bordered table with a bold centred header row that repeats on every page."""
    tbl = table(doc, [w for _, w in columns], grid=True)
    header = tbl.rows[0]
    header_props = header._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))
    for cell, (title, _) in zip(header.cells, columns, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        write(cell, Text(title, style=style, align="center", bold=True))
    return tbl


def tag_row(tbl: Table, text: str) -> None:
    """A row holding only a docxtpl ``{%tr … %}`` tag (removed when rendered)."""
    write(add_row(tbl)[0], Text(text))


def looped_rows(tbl: Table, head: str, cells: Sequence[Sequence[Text]]) -> None:
    """One template row repeated by ``{%tr for … %}``: ``cells`` are its paragraphs by column."""
    tag_row(tbl, head)
    data_row(tbl, cells)
    tag_row(tbl, "{%tr endfor %}")


def data_row(tbl: Table, cells: Sequence[Sequence[Text]]) -> list[_Cell]:
    """A row with the given paragraphs in each cell."""
    row = add_row(tbl)
    for cell, paragraphs in zip(row, cells, strict=True):
        for spec in paragraphs:
            write(cell, spec)
    return row


def vmerge(cell: _Cell, value: str | None) -> None:
    """Mark a cell as the start (``restart``) or continuation (None) of a vertical merge."""
    merge = OxmlElement("w:vMerge")
    if value:
        merge.set(qn("w:val"), value)
    cell._tc.get_or_add_tcPr().append(merge)


# ----------------------------------------------------------------------- blocks


def header_block(
    doc: DocxDocument,
    number: bool,
    dated: str,
    number_text: str = BLANK_NUMBER + "{{ number_code }}",
) -> None:
    """The two-column heading: issuing body and number left, national title and date right.

    ``parent_lines`` and ``issuer_lines`` are lists so that a long name breaks where the
    renderer chose, not where Word happens to wrap it.
    """
    tbl = table(doc, [HEADER_LEFT, HEADER_RIGHT], grid=False)
    left, right = tbl.rows[0].cells
    loop(left, "{%p for line in parent_lines %}", Text("{{ line }}", align="center"))
    loop(left, "{%p for line in issuer_lines %}", Text("{{ line }}", align="center", bold=True))
    rule(left, ISSUER_RULE, HEADER_LEFT - CELL_PADDING)
    write(right, Text(NATIONAL_TITLE, align="center", bold=True, size=12))
    write(right, Text(MOTTO, align="center", bold=True))
    rule(right, MOTTO_RULE, HEADER_RIGHT - CELL_PADDING)
    left, right = add_row(tbl)
    write(
        left, Text(number_text if number else "", align="center", before=6)
    )
    write(right, Text(dated, align="center", italic=True, size=14, before=6))


def title_block(doc: DocxDocument, kind: str, subject: str) -> None:
    """Document type in capitals, the subject under it and a short rule."""
    write(doc, centred(kind, bold=True, before=18))
    write(doc, centred(subject, bold=True))
    rule(doc, SUBJECT_RULE, TEXT_WIDTH)


def signature_block(doc: DocxDocument, signer: Sequence[str], recipients: bool) -> None:
    """Recipients bottom left (optional); the signer's lines, a gap and the name right."""
    tbl = table(doc, [SIGN_LEFT, SIGN_RIGHT], grid=False)
    left, right = tbl.rows[0].cells
    if recipients:
        write(left, Text("Nơi nhận:", bold=True, italic=True, size=12, before=12))
        loop(left, "{%p for item in recipients %}", Text("- {{ item }};", size=11))
        write(left, Text("- {{ archive }}.", size=11))
    for i, line in enumerate(signer):
        write(right, Text(line, align="center", bold=True, size=14, before=12 if i == 0 else 0))
    for _ in range(SIGNATURE_GAP):
        write(right, Text("", align="center", size=14))
    write(right, Text("{{ signer_name }}", align="center", bold=True, size=14))


def nominee_tables(doc: DocxDocument, numbering: tuple[str, str]) -> None:
    """Collectives (Stt, Tên tập thể) and individuals (Stt, Họ và tên, Chức vụ, đơn vị)."""
    collective_title, individual_title = numbering
    write(doc, heading(collective_title + " ({{ collective_count }})"))
    tag(doc, "{%p if collectives %}")
    tbl = data_table(doc, [("Stt", 1.5), ("Tên tập thể", 15.0)])
    looped_rows(
        tbl,
        "{%tr for item in collectives %}",
        [[Text("{{ loop.index }}", align="center")], [Text("{{ item.name }}")]],
    )
    tag(doc, "{%p else %}")
    write(doc, body("Không có tập thể đủ điều kiện."))
    tag(doc, "{%p endif %}")
    write(doc, heading(individual_title + " ({{ individual_count }})"))
    tag(doc, "{%p if individuals %}")
    tbl = data_table(doc, [("Stt", 1.5), ("Họ và tên", 5.5), ("Chức vụ, đơn vị", 9.5)])
    looped_rows(
        tbl,
        "{%tr for item in individuals %}",
        [
            [Text("{{ loop.index }}", align="center")],
            [Text("{{ item.name }}")],
            [Text("{{ item.position_unit }}")],
        ],
    )
    tag(doc, "{%p else %}")
    write(doc, body("Không có cá nhân đủ điều kiện."))
    tag(doc, "{%p endif %}")


# ------------------------------------------------------------------------ templates


def build_registration() -> DocxDocument:
    """tong_hop_dang_ky.docx: the registrations, grouped by content, in the form's layout."""
    doc = new_document("Tổng hợp đăng ký nội dung thi đua")
    header_block(doc, number=False, dated="{{ place }}, {{ date_long }}")
    title_block(doc, "TỔNG HỢP ĐĂNG KÝ NỘI DUNG THI ĐUA", "{{ campaign_name }}")
    write(
        doc,
        centred(
            "(Số liệu đến {{ as_of_long }}: {{ unit_count }} đơn vị đăng ký, "
            "{{ project_count }} công trình, dự án)",
            italic=True,
            before=6,
            after=6,
        ),
    )
    tbl = data_table(
        doc,
        [
            ("Stt", 1.2),
            ("Nội dung", 5.6),
            ("Tên công trình/ dự án đăng ký", 6.9),
            ("Dự kiến thời gian hoàn thành", 2.8),
        ],
    )
    tag_row(tbl, "{%tr for group in groups %}")
    stt, content, projects, expected = data_row(
        tbl,
        [
            [Text("{{ group.number }}.", align="center")],
            [
                Text("{{ group.title }}"),
                Text("Phân công thực hiện: {{ group.agency }}", italic=True, before=3),
            ],
            [
                Text(
                    "{% if group.projects %}{{ group.unit_count }} đơn vị, "
                    "{{ group.project_count }} công trình, dự án"
                    "{% else %}Chưa có đơn vị đăng ký{% endif %}",
                    italic=True,
                )
            ],
            [],
        ],
    )
    vmerge(stt, "restart")
    vmerge(content, "restart")
    projects.merge(expected)
    tag_row(tbl, "{%tr for item in group.projects %}")
    stt, content, *_ = data_row(
        tbl,
        [
            [],
            [],
            [Text("{{ item.unit }}", bold=True), Text("{{ item.project }}")],
            [Text("{{ item.expected }}", align="center")],
        ],
    )
    vmerge(stt, None)
    vmerge(content, None)
    tag_row(tbl, "{%tr endfor %}")
    tag_row(tbl, "{%tr endfor %}")
    return doc


def build_decision() -> DocxDocument:
    """du_thao_quyet_dinh_giay_khen.docx: the People's Committee's award decision and annex."""
    doc = new_document("Dự thảo Quyết định tặng Giấy khen")
    header_block(doc, number=True, dated="{{ place }}, " + FINAL_DATE, number_text=FINAL_NUMBER)
    title_block(
        doc,
        "QUYẾT ĐỊNH",
        "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích "
        "xuất sắc trong {{ campaign_short }}",
    )
    write(doc, centred("{{ authority }}", bold=True, before=12, after=12))
    loop(
        doc, "{%p for basis in legal_bases %}", Text("{{ basis }};", style="Basis", align="justify")
    )
    loop(
        doc,
        "{%p for ref in references %}",
        Text(
            "Căn cứ {{ ref.kind }} số {{ ref.number }} {{ ref.date }} của {{ ref.issuer }} "
            "về {{ ref.title }};",
            style="Basis",
            align="justify",
        ),
    )
    write(doc, Text("Xét đề nghị của {{ proposer }}.", style="Basis", align="justify"))
    write(doc, centred("QUYẾT ĐỊNH:", bold=True, before=6, after=6))
    tag(doc, "{%p if collectives or individuals %}")
    write(
        doc,
        body(
            [
                ("Điều 1. ", True),
                (
                    "Tặng {{ award_name }} cho {{ count_phrase }} đã có "
                    "thành tích xuất sắc trong {{ campaign_short }} "
                    "(có danh sách kèm theo).",
                    False,
                ),
            ]
        ),
    )
    tag(doc, "{%p else %}")
    write(
        doc,
        body(
            [
                ("Điều 1. ", True),
                (
                    "Chưa có tập thể, cá nhân đủ điều kiện được tặng "
                    "{{ award_name }} trong {{ campaign_short }} (số liệu "
                    "đến {{ as_of_long }}).",
                    False,
                ),
            ]
        ),
    )
    tag(doc, "{%p endif %}")
    write(
        doc,
        body(
            [
                ("Điều 2. ", True),
                ("Tiền thưởng kèm theo Giấy khen thực hiện theo quy định tại {{ decree }}.", False),
            ]
        ),
    )
    write(
        doc,
        body(
            [
                ("Điều 3. ", True),
                ("{{ executors }} chịu trách nhiệm thi hành Quyết định này./.", False),
            ]
        ),
    )
    signature_block(
        doc,
        ["{{ signer_on_behalf }}", "{{ signer_deputy }}", "{{ signer_title }}"],
        recipients=True,
    )
    write(doc, centred("DANH SÁCH", bold=True, page_break_before=True))
    write(doc, centred("Tập thể, cá nhân được tặng {{ award_name }}", bold=True))
    write(
        doc,
        centred(
            "(Kèm theo Quyết định số {% if decision_number is defined %}{{ decision_number }} "
            "{{ decision_date }}{% else %}     /{{ number_code }} "
            + BLANK_DATE.replace("20…", "…")
            + "{% endif %} của {{ decided_by }})",
            italic=True,
        ),
    )
    rule(doc, SUBJECT_RULE, TEXT_WIDTH)
    nominee_tables(doc, ("I. TẬP THỂ", "II. CÁ NHÂN"))
    return doc


def build_submission() -> DocxDocument:
    """du_thao_to_trinh_bang_khen.docx: the office's request to the City for Bằng khen."""
    doc = new_document("Dự thảo Tờ trình đề nghị tặng Bằng khen")
    header_block(doc, number=True, dated="{{ place }}, " + BLANK_DATE)
    title_block(
        doc,
        "TỜ TRÌNH",
        "Về việc đề nghị tặng {{ award_name }} cho các tập thể, cá nhân "
        "có thành tích xuất sắc trong {{ campaign_short }}",
    )
    write(doc, centred("Kính gửi: {{ addressee }}.", before=12, after=12))
    loop(
        doc,
        "{%p for ref in references %}",
        body(
            "Căn cứ {{ ref.kind }} số {{ ref.number }} {{ ref.date }} của {{ ref.issuer }} "
            "về {{ ref.title }};"
        ),
    )
    tag(doc, "{%p if collectives or individuals %}")
    write(
        doc,
        body(
            "{{ submitter }} kính trình {{ decided_by }} xem xét, tặng {{ award_name }} "
            "cho {{ count_phrase }} đã có thành tích xuất sắc trong {{ campaign_short }}, "
            "cụ thể như sau:"
        ),
    )
    nominee_tables(doc, ("1. Tập thể", "2. Cá nhân"))
    write(doc, body("Hồ sơ đề nghị khen thưởng kèm theo gồm:", before=6))
    loop(
        doc,
        "{%p for part in parts %}",
        body("- {{ part }}{% if loop.last %}.{% else %};{% endif %}"),
    )
    write(doc, body("Hồ sơ gửi về {{ decided_by }} trước {{ city_deadline }}."))
    write(doc, body("{{ submitter }} kính trình {{ decided_by }} xem xét, quyết định./."))
    tag(doc, "{%p else %}")
    write(
        doc,
        body(
            "Đến {{ as_of_long }}, chưa có tập thể, cá nhân đủ điều kiện để {{ submitter }}"
            " đề nghị tặng {{ award_name }} trong {{ campaign_short }}./."
        ),
    )
    tag(doc, "{%p endif %}")
    signature_block(doc, ["{{ signer_role }}"], recipients=True)
    return doc


def build_summary() -> DocxDocument:
    """bao_cao_tong_hop.docx: the campaign's summary report with its tables and charts."""
    doc = new_document("Báo cáo tổng hợp kết quả đợt thi đua")
    header_block(doc, number=False, dated="{{ place }}, {{ date_long }}")
    title_block(doc, "BÁO CÁO", "Tổng hợp kết quả {{ campaign_short }}")
    write(doc, centred("(Số liệu đến {{ as_of_long }})", italic=True, before=6, after=12))

    write(doc, heading("I. ĐĂNG KÝ NỘI DUNG THI ĐUA"))
    write(
        doc,
        body(
            "Có {{ registered_units }}/{{ unit_total }} đơn vị gửi bản đăng ký với "
            "{{ project_total }} công trình, dự án; {{ contents_covered }}/"
            "{{ content_total }} nội dung thi đua có đơn vị đăng ký."
        ),
    )
    summary_table(
        doc,
        "contents",
        [
            ("Nội dung số", 2.0, "{{ row.number }}"),
            ("Cơ quan chủ trì", 9.0, "{{ row.agency }}"),
            ("Số đơn vị", 2.5, "{{ row.units }}"),
            ("Số công trình, dự án", 3.0, "{{ row.projects }}"),
        ],
    )
    write(doc, Text("{{ chart_contents }}", align="center", before=6, after=6))

    write(doc, heading("II. TÌNH HÌNH GỬI VĂN BẢN"))
    statuses = ("on_time", "late", "missing", "pending")
    summary_table(
        doc,
        "submissions",
        [("Văn bản", 5.3, "{{ row.label }}")]
        + [(f"{{{{ status_labels.{key} }}}}", 2.8, f"{{{{ row.{key} }}}}") for key in statuses],
    )
    write(doc, Text("{{ chart_submissions }}", align="center", before=6, after=6))
    write(doc, body("Tình hình của từng đơn vị:", keep_next=True))
    summary_table(
        doc,
        "units",
        [
            ("Stt", 1.0, "{{ loop.index }}"),
            ("Đơn vị", 5.2, "{{ row.name }}"),
            ("Đăng ký", 2.5, "{{ row.registration }}"),
            ("Phát động", 2.5, "{{ row.launch }}"),
            ("Báo cáo kết quả", 2.5, "{{ row.result_report }}"),
            ("Hồ sơ đề nghị", 1.4, "{{ row.nominees }}"),
            ("Đủ điều kiện", 1.4, "{{ row.eligible }}"),
        ],
    )

    write(doc, heading("III. HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG"))
    write(
        doc,
        body(
            "Tổng số {{ nominee_total }} tập thể, cá nhân được đề nghị; "
            "{{ eligible_total }} đủ điều kiện."
        ),
    )
    verdicts = ("eligible", "ineligible", "needs_review", "not_handled")
    summary_table(
        doc,
        "awards",
        [("Hình thức khen thưởng", 4.5, "{{ row.label }}")]
        + [(f"{{{{ verdict_labels.{key} }}}}", 2.4, f"{{{{ row.{key} }}}}") for key in verdicts]
        + [("Tổng", 2.4, "{{ row.total }}")],
    )
    write(doc, Text("{{ chart_awards }}", align="center", before=6, after=6))

    write(doc, heading("IV. LÝ DO KHÔNG ĐỦ ĐIỀU KIỆN HOẶC CẦN XEM XÉT"))
    tag(doc, "{%p if reasons %}")
    summary_table(
        doc,
        "reasons",
        [
            ("Stt", 1.0, "{{ loop.index }}"),
            ("Mã lý do", 4.2, "{{ row.code }}"),
            ("Điều khoản", 2.3, "{{ row.clause }}"),
            ("Số hồ sơ", 1.6, "{{ row.count }}"),
            ("Ví dụ", 7.4, "{{ row.example }}"),
        ],
    )
    tag(doc, "{%p else %}")
    write(doc, body("Không có."))
    tag(doc, "{%p endif %}")
    return doc


def summary_table(doc: DocxDocument, rows: str, columns: Sequence[tuple[str, float, str]]) -> None:
    """An 11-pt report table: (header, width, cell placeholder) per column, a row per item.

    Numbers are centred, text (a placeholder naming a label, name, agency or example) left.
    """
    tbl = data_table(doc, [(title, width) for title, width, _ in columns], style="Small Cell")
    text_fields = ("label", "name", "agency", "example")
    cells = [
        [
            Text(
                value,
                style="Small Cell",
                align="left" if any(f"row.{f}" in value for f in text_fields) else "center",
            )
        ]
        for _, _, value in columns
    ]
    looped_rows(tbl, f"{{%tr for row in {rows} %}}", cells)


def build_certificate() -> DocxDocument:
    """giay_khen.docx: one Giấy khen, A4 landscape, filled by `finalize` for each awardee."""
    doc = new_document("Giấy khen")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    write(doc, centred(NATIONAL_TITLE, bold=True, size=13))
    write(doc, centred(MOTTO, bold=True))
    rule(doc, MOTTO_RULE, CERT_WIDTH)
    write(doc, centred("{{ authority }}", bold=True, size=16, before=30))
    write(doc, centred("TẶNG", bold=True, size=16, before=12))
    write(doc, centred("GIẤY KHEN", bold=True, size=44, before=12, after=12))
    write(doc, centred("{{ name }}", bold=True, size=26, before=12, after=6))
    loop(doc, "{%p if unit_line %}", centred("{{ unit_line }}", size=16), tail="{%p endif %}")
    write(doc, centred("{{ achievement }}", italic=True, size=16, before=18, after=12))
    tbl = table(doc, [CERT_WIDTH / 2, CERT_WIDTH / 2], grid=False)
    left, right = tbl.rows[0].cells
    write(left, Text("Quyết định số {{ decision_number }}", align="center", size=13, before=30))
    write(left, Text("{{ decision_date }}", align="center", italic=True, size=13))
    write(right, Text("{{ place }}, {{ decision_date }}", align="center", italic=True, before=12))
    loop(
        right,
        "{%p for line in signer_lines %}",
        Text("{{ line }}", align="center", bold=True, size=14),
    )
    for _ in range(SIGNATURE_GAP):
        write(right, Text("", align="center", size=14))
    write(right, Text("{{ signer_name }}", align="center", bold=True, size=14))
    return doc


def build_reply() -> DocxDocument:
    """phan_hoi.docx: the organiser's letter (công văn) asking one unit to complete its files."""
    doc = new_document("Công văn đề nghị bổ sung, hoàn chỉnh hồ sơ thi đua")
    header_block(doc, number=True, dated="{{ place }}, {{ date_long }}")
    # A công văn's subject ("V/v …") stands under its number, in the left column.
    write(doc.tables[-1].rows[1].cells[0], Text("{{ subject }}", align="center", size=12))
    write(doc, centred("Kính gửi: {{ unit_name }}.", before=18, after=12))
    loop(
        doc,
        "{%p if reference %}",
        body(
            "Thực hiện {{ reference.kind }} số {{ reference.number }} {{ reference.date }} của "
            "{{ reference.issuer }} về {{ reference.title }};"
        ),
        tail="{%p endif %}",
    )
    write(
        doc,
        body(
            "Qua kiểm tra văn bản, hồ sơ {{ unit_name }} gửi về (số liệu đến {{ as_of_long }}), "
            "{{ organiser }} đề nghị {{ unit_name }} bổ sung, hoàn chỉnh {{ point_count }} "
            "nội dung sau:",
            keep_next=True,
        ),
    )
    tbl = data_table(
        doc,
        [("Stt", 1.1), ("Nội dung cần bổ sung, hoàn chỉnh", 8.6),
         ("Tệp liên quan", 4.3), ("Hạn theo Kế hoạch", 2.5)],
    )
    looped_rows(
        tbl,
        "{%tr for item in points %}",
        [
            [Text("{{ loop.index }}", align="center")],
            [Text("{{ item.text }}")],
            [Text("{{ item.file }}", size=11)],  # file names are long and unbroken
            [Text("{{ item.deadline or '—' }}", align="center")],
        ],
    )
    write(
        doc,
        body(
            "Đề nghị {{ unit_name }} bổ sung, hoàn chỉnh và gửi về {{ organiser }}"
            "{% if sender %} (địa chỉ thư điện tử: {{ sender }}){% endif %} trước "
            "{{ respond_by_long }}; nội dung nào không thể bổ sung, đề nghị đơn vị có văn bản "
            "giải trình.",
            before=6,
        ),
    )
    write(doc, body("Trân trọng./.", keep_next=True))
    signature_block(doc, ["{{ signer_role }}"], recipients=True)
    # The signer's title and name stay on one page.
    doc.tables[-1].rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return doc


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "tong_hop_dang_ky.docx": build_registration,
    "du_thao_quyet_dinh_giay_khen.docx": build_decision,
    "du_thao_to_trinh_bang_khen.docx": build_submission,
    "bao_cao_tong_hop.docx": build_summary,
    "phan_hoi.docx": build_reply,
    "giay_khen.docx": build_certificate,
}


def build_all(out_dir: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every template into ``out_dir`` (reproducible bytes) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        buffer = io.BytesIO()
        build().save(buffer)
        path = out_dir / name
        path.write_bytes(normalize_package(buffer.getvalue()))
        written.append(path)
    return written


def main(argv: Sequence[str] = ()) -> int:
    """Command line: ``python tools/build_templates.py [OUT_DIR]``."""
    out_dir = Path(argv[0]) if argv else TEMPLATES_DIR
    for path in build_all(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
