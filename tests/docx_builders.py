"""Build real DOCX and PDF test files in code: python-docx plus raw OOXML where Word differs.

Word writes XML that python-docx never does (runs split mid-word, content controls, tracked
changes, text boxes wrapped in ``mc:AlternateContent``); those are spliced into a python-docx
document as raw XML fragments.  PDFs come from LibreOffice (several files per ``soffice``
call, it starts slowly) and scanned PDFs from rasterised pages rebuilt as image-only PDFs.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm, Length
from docx.table import Table
from lxml import etree
from PIL import Image

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
FORM_HEADER = ("Stt", "Nội dung", "Tên công trình/ dự án đăng ký", "Dự kiến thời gian hoàn thành")
SOFFICE_TIMEOUT = 180
LETTER_BODY = (
    "Căn cứ Kế hoạch số 701/KH-GDĐT ngày 04 tháng 5 năm 2021 của Phòng Giáo dục và Đào tạo "
    "quận Bình Tân về tổ chức phong trào thi đua chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi "
    "tìm đường cứu nước; trường THCS Bình Tân xây dựng kế hoạch như sau:"
)


def to_bytes(document: DocxDocument) -> bytes:
    """A python-docx Document saved to bytes."""
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_body_xml(fragment: str) -> bytes:
    """A DOCX whose body is the raw WordprocessingML ``fragment`` (prefixes of NAMESPACES)."""
    document = Document()
    body = document.element.body
    declarations = " ".join(f'xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
    wrapper = etree.fromstring(f"<w:body {declarations}>{fragment}</w:body>")
    section = body[-1]  # w:sectPr stays last
    for child in list(wrapper):
        section.addprevious(child)
    return to_bytes(document)


def run(text: str, extra: str = "") -> str:
    """One ``w:r`` with ``text`` (spaces preserved) after optional raw run content."""
    return f'<w:r><w:rPr><w:lang w:val="vi-VN"/></w:rPr>{extra}<w:t xml:space="preserve">{text}</w:t></w:r>'


def split_runs_paragraph(pieces: Sequence[str]) -> str:
    """A paragraph as Word writes it after editing: each piece its own run, with proofErr marks."""
    runs = '<w:proofErr w:type="spellStart"/>'.join(run(p) for p in pieces)
    return f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{runs}<w:proofErr w:type="spellEnd"/></w:p>'


def textbox_paragraph(text: str) -> str:
    """A paragraph anchoring a text box as Word 2010+ writes it: a DrawingML choice and a VML
    fallback that repeats the same text."""
    box = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    choice = (
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    vml = f"<w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
    fallback = f"<mc:Fallback>{vml}</mc:Fallback>"
    return f"<w:p><w:r><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r></w:p>"


def table_docx() -> bytes:
    """A table with a horizontal merge (gridSpan), a vertical merge and a nested table."""
    document = Document()
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Ô gộp ngang"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Ô gộp dọc"
    nested = table.cell(1, 2).add_table(rows=2, cols=2)
    for r, row in enumerate(nested.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"n{r}{c}"
    return to_bytes(document)


def header_footer_docx() -> bytes:
    """A one-paragraph body with a header and a footer."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "UBND QUẬN BÌNH TÂN"
    section.footer.paragraphs[0].text = "Chân trang: lưu hành nội bộ"
    document.add_paragraph("Nội dung chính của văn bản.")
    return to_bytes(document)


def paragraphs_docx(texts: Sequence[str]) -> bytes:
    """A DOCX of plain paragraphs (texts written as given, whatever their normal form)."""
    document = Document()
    for text in texts:
        document.add_paragraph(text)
    return to_bytes(document)


# ------------------------------------------------------------------ registration forms


def form_rows(count: int, long_text: bool = False) -> list[tuple[str, str, str, str]]:
    """Rows of a filled-in registration form: content number, content, project, completion."""
    rows = []
    for n in range(1, count + 1):
        content = f"Nội dung thi đua số {n}: thực hiện tốt nhiệm vụ năm học 2020 - 2021"
        if long_text:
            content += " của đơn vị, đảm bảo an toàn trường học và phòng chống dịch bệnh Covid-19"
        project = f"Công trình thanh niên số {n} của trường"
        rows.append((f"{n}.", content, project, f"Tháng {5 + n % 2} năm 2021"))
    return rows


def registration_docx(rows: Sequence[tuple[str, str, str, str]], repeat_header: bool) -> bytes:
    """A registration form like the plan's annex: heading, then the 4-column table."""
    document = Document()
    section = document.sections[0]
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    document.add_paragraph("UBND QUẬN BÌNH TÂN")
    document.add_paragraph("TRƯỜNG THCS BÌNH TÂN")
    document.add_paragraph("BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA")
    document.add_paragraph(
        "Chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường cứu nước, trường đăng ký "
        "thực hiện các nội dung thi đua như sau, với quyết tâm hoàn thành đúng thời hạn."
    )
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, FORM_HEADER, strict=True):
        cell.text = text
    if repeat_header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        etree.SubElement(tr_pr, f"{{{NAMESPACES['w']}}}tblHeader")
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    set_widths(table, (Cm(1.2), Cm(6.5), Cm(5.5), Cm(3)))
    document.add_paragraph("Hiệu trưởng")
    return to_bytes(document)


def set_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths, in the grid (read by LibreOffice) and in every cell (by Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def letter_docx() -> bytes:
    """An administrative letter: a borderless two-column header table, then the body."""
    document = Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND QUẬN BÌNH TÂN\nTRƯỜNG THCS BÌNH TÂN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 12/KH-THCS"
    header.cell(1, 1).text = "Bình Tân, ngày 04 tháng 5 năm 2021"
    set_widths(header, (Cm(6.5), Cm(9.5)))
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph(LETTER_BODY)
    document.add_paragraph("1. Mục đích")
    return to_bytes(document)


def picture_with_stamp_docx(image_png: bytes) -> bytes:
    """A page that is a picture of a scanned page plus a digital-signature stamp as text."""
    document = Document()
    document.add_picture(io.BytesIO(image_png), width=Cm(13))
    for line in (
        "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Bình",
        "Cơ quan: UBND tỉnh Quảng Bình",
        "Thời gian ký: 24/10/2022 15:17:35 +07:00",
    ):
        document.add_paragraph(line)
    return to_bytes(document)


# ----------------------------------------------------------------------- hostile DOCX


def zip_bomb_docx(inflated_bytes: int, chunk: int = 1 << 20) -> bytes:
    """A DOCX whose document.xml inflates to ``inflated_bytes`` of spaces, written streaming."""
    out = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(paragraphs_docx(["x"])))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, base.read(info.filename))
        with zf.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(
                f'<w:document xmlns:w="{NAMESPACES["w"]}"><w:body><w:p><w:r><w:t>'.encode()
            )
            blank = b" " * chunk
            for _ in range(inflated_bytes // chunk):
                stream.write(blank)
            stream.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def billion_laughs_docx() -> bytes:
    """A DOCX whose document.xml declares exponentially expanding entities."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(levels) + "]>"
        f'<w:document xmlns:w="{NAMESPACES["w"]}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r>'
        "</w:p></w:body></w:document>"
    )
    return replace_member(paragraphs_docx(["x"]), "word/document.xml", xml.encode())


def replace_member(package: bytes, name: str, blob: bytes) -> bytes:
    """``package`` with member ``name`` replaced by ``blob``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, blob if info.filename == name else src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------------- PDF


def soffice_to_pdf(
    sources: Sequence[Path], outdir: Path, profile: Path, filter_options: str = ""
) -> list[Path]:
    """Convert DOCX files to PDF in one LibreOffice run; returns the PDFs in source order."""
    target = "pdf" + (f":writer_pdf_Export:{filter_options}" if filter_options else "")
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )
    return [outdir / (source.stem + ".pdf") for source in sources]


def rasterise_page(pdf: Path, page: int, dpi: int = 200) -> bytes:
    """One PDF page as PNG bytes (pdftoppm)."""
    done = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png", str(pdf)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return done.stdout


def image_only_pdf(pngs: Sequence[bytes], dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer) of the given page images, like a scanner makes."""
    images = [Image.open(io.BytesIO(png)).convert("RGB") for png in pngs]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()
