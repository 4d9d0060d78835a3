"""Formats beyond DOCX and PDF: Excel workbooks, images, and files that are not documents.

Every file of the inbox is accounted for: a workbook is read like the same table in a DOCX, a
photo or scan by OCR, and what the system or Office leave beside documents (Thumbs.db,
desktop.ini, .DS_Store, "~$" owner files, an image without text) becomes a record of format
``not_document`` that says what it is, never an error that stops the batch.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.shared import Pt
from PIL import Image, ImageDraw

from pipeline.ingest import iter_inbox
from pipeline.ingest.sniff import sniff
from pipeline.model import InboxItem, ParsedDocument
from pipeline.parse import parse_item
from pipeline.parse.ocr import ocr_available
from pipeline.text import fold

ROOT = Path(__file__).resolve().parent.parent

TITLE = "BẢNG ĐĂNG KÝ NỘI DUNG THI ĐUA"
HEADER = ("STT", "Nội dung thi đua", "Dự kiến hoàn thành", "Người phụ trách")
ROWS = (
    HEADER,
    ("I", "KHỐI VĂN PHÒNG"),  # a group row merged across the other columns
    ("1", "Phối hợp tổ chức khu vực bỏ phiếu tại trường", "23/05/2021", "Bạch Văn Toàn"),
    ("2", "Số hóa 100% hồ sơ, sổ sách chuyên môn", "tháng 6/2021", "Triệu Thị Ngọc Diệp"),
    ("3", "Trường học không rác thải nhựa", "", "La Thị Hồng Gấm"),  # date merged from above
)
SYSTEM_FILES = {
    "Thumbs.db": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "Windows (Thumbs.db)"),
    "desktop.ini": (b"[.ShellClassInfo]\r\nIconResource=C:\\x.ico,0\r\n", "desktop.ini"),
    ".DS_Store": (b"\x00\x00\x00\x01Bud1" + bytes(120), "macOS (.DS_Store)"),
    "~$ng_ky.docx": (bytes([6]) + b"nguyen" + b" " * 47 + "nguyen".encode("utf-16-le") + bytes(96),
                     "khoá tạm của Word"),
}  # fmt: skip


def _item(source: str, data: bytes) -> InboxItem:
    return InboxItem(source=source, sha256="0" * 64, format=sniff(data, source), data=data)


def _parse(source: str, data: bytes) -> ParsedDocument:
    return parse_item(_item(source, data))


def make_xlsx() -> bytes:
    """The registration as a school types it in Excel: letterhead and title in merged cells,
    a header row, a group row merged across, a true date cell, a date merged over two rows."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws["A1"], ws["C1"] = "TRƯỜNG THCS LÝ THƯỜNG KIỆT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:D1")
    ws["A3"] = TITLE
    ws.merge_cells("A3:D3")
    for column, text in enumerate(HEADER, start=1):
        ws.cell(row=5, column=column, value=text)
    ws["A6"], ws["B6"] = "I", "KHỐI VĂN PHÒNG"
    ws.merge_cells("B6:D6")
    ws.append([1, "Phối hợp tổ chức khu vực bỏ phiếu tại trường", dt.datetime(2021, 5, 23),
               "Bạch Văn Toàn"])  # fmt: skip
    ws["C7"].number_format = "dd/mm/yyyy"
    ws.append([2.0, "Số hóa 100% hồ sơ, sổ sách chuyên môn", "tháng 6/2021", "Triệu Thị Ngọc Diệp"])
    ws.append([3, "Trường học không rác thải nhựa", None, "La Thị Hồng Gấm"])
    ws.merge_cells("C8:C9")
    ws["C11"] = "HIỆU TRƯỞNG"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_docx() -> bytes:
    """The same registration typed in Word: the same merges, as Word stores them."""
    document = Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS), cols=4)
    for r, row in enumerate(ROWS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(1, 3)).text = "KHỐI VĂN PHÒNG"
    table.cell(3, 2).merge(table.cell(4, 2)).text = "tháng 6/2021"
    document.add_paragraph("HIỆU TRƯỞNG")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def drawing_png() -> bytes:
    image = Image.new("RGB", (900, 650), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 100, 420, 420), outline="black", width=6)
    draw.line((0, 0, 900, 650), fill="navy", width=9)
    draw.rectangle((520, 60, 820, 330), fill="firebrick")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bomb_xlsx() -> bytes:
    """A valid-looking XLSX whose sheet inflates to far more than a part may (300 MiB)."""
    real = zipfile.ZipFile(io.BytesIO(make_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in real.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with bomb.open(info.filename, "w", force_zip64=True) as stream:
                    stream.write(b'<?xml version="1.0"?><worksheet xmlns="x"><sheetData>')
                    chunk = b" " * (1 << 20)
                    for _ in range(300):
                        stream.write(chunk)
                    stream.write(b"</sheetData></worksheet>")
            else:
                bomb.writestr(info, real.read(info))
    return buffer.getvalue()


# ------------------------------------------------------------------------------- Excel


def test_xlsx_sheet_gives_title_paragraphs_and_one_table() -> None:
    doc = _parse("DangKy.xlsx", make_xlsx())

    assert doc.format == "xlsx" and doc.errors == []
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [
        "TRƯỜNG THCS LÝ THƯỜNG KIỆT\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TITLE,
        "HIỆU TRƯỞNG",
    ]
    [table] = doc.tables()
    assert table.rows == ROWS
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph", "table", "paragraph"]


def test_xlsx_table_is_the_docx_table_of_the_same_registration() -> None:
    from_excel = _parse("DangKy.xlsx", make_xlsx())
    from_word = _parse("DangKy.docx", make_docx())

    assert from_word.tables()[0].rows == from_excel.tables()[0].rows == ROWS
    assert from_word.tables()[0].text == from_excel.tables()[0].text


def test_xlsx_of_the_outside_corpus_reads_its_header_and_merged_header_rows() -> None:
    folder = ROOT.parent / "shared" / "outside" / "inbox" / "thcs_ly_thuong_kiet"
    if not folder.is_dir():
        pytest.skip("the outside corpus is absent")
    registration = _parse("dk.xlsx", (folder / "DangKyThiDua_LTK_2021.xlsx").read_bytes())
    nominees = _parse("ds.xlsx", (folder / "Danh sach de nghi khen thuong LTK.xlsx").read_bytes())

    assert registration.blocks[2].text == "Số: 52/ĐK-THCSLTK\tBình Tân, ngày 04 tháng 5 năm 2021"
    rows = registration.tables()[0].rows
    assert rows[1][:2] == ("1", "1") and rows[1][5] == "23/05/2021"
    assert rows[2][5] == "tháng 6/2021" and rows[3][5] == ""  # merged over two rows
    header, under = nominees.tables()[0].rows[:2]
    assert header == ("STT", "Họ và tên / Tên tập thể", "Năm sinh", "Chức vụ, đơn vị công tác",
                      "Hình thức khen thưởng đề nghị", "Ghi chú")  # fmt: skip
    assert under == ("", "", "Nam", "Nữ", "", "", "")


def test_hidden_sheet_and_cell_values_as_excel_shows_them() -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Tỉ lệ", "Điểm", "Ngày", "Giờ"])
    ws.append([0.95, 8.5, dt.date(2021, 6, 1), dt.time(7, 30)])
    ws["A2"].number_format = "0%"
    hidden = workbook.create_sheet("an")
    hidden["A1"] = "Danh mục ẩn"
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)

    doc = _parse("so_lieu.xlsx", buffer.getvalue())

    assert doc.tables()[0].rows[1] == ("95%", "8,5", "01/06/2021", "07:30")
    assert "Danh mục ẩn" not in " ".join(b.text for b in doc.blocks)


def test_zip_bomb_xlsx_is_an_unreadable_finding_within_bounds() -> None:
    data = zip_bomb_xlsx()
    assert sniff(data) == "xlsx" and len(data) < 2 << 20

    start = time.monotonic()
    doc = _parse("bom.xlsx", data)

    assert time.monotonic() - start < 20
    assert doc.blocks == [] and len(doc.errors) == 1
    assert "bom nén" in doc.errors[0] and "XLSX" in doc.errors[0]


def test_damaged_xlsx_is_an_error_not_a_crash() -> None:
    data = make_xlsx()
    doc = _parse("hong.xlsx", data[: len(data) // 2])

    assert doc.errors and doc.blocks == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_xls_is_read_like_the_xlsx(tmp_path: Path) -> None:
    pytest.importorskip("xlrd", reason="xlrd (the .xls reader) is not installed")
    source = tmp_path / "DangKy.xlsx"
    source.write_bytes(make_xlsx())
    profile = (tmp_path / "lo_profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (tmp_path / "DangKy.xls").read_bytes()

    assert sniff(data) == "xls"
    doc = _parse("DangKy.xls", data)
    assert doc.format == "xls" and doc.errors == []
    assert doc.tables()[0].rows == ROWS


def test_xls_without_its_reader_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xlrd", None)
    doc = _parse("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))

    assert doc.format == "xls" and "xlrd" in doc.errors[0]


# ---------------------------------------------------------------- not documents, images


@pytest.mark.parametrize("name", sorted(SYSTEM_FILES))
def test_system_file_is_a_not_document_with_what_it_is(name: str) -> None:
    data, described = SYSTEM_FILES[name]
    doc = _parse(f"THCS A/{name}", data)

    assert doc.format == "not_document" and doc.errors == []
    assert described in doc.warnings[0]


needs_tesseract = pytest.mark.skipif(
    not ocr_available(), reason="tesseract with Vietnamese data (vie) is absent"
)


@needs_tesseract
def test_drawing_without_text_is_not_a_document() -> None:
    doc = _parse("ve.png", drawing_png())

    assert doc.format == "not_document" and doc.errors == [] and doc.blocks == []
    assert doc.warnings == ["ảnh không có chữ"]


def test_oversized_image_is_refused_before_decoding() -> None:
    image = Image.new("1", (9000, 9000), 1)  # 81 million pixels, a few kB as PNG
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")

    doc = _parse("to.png", buffer.getvalue())

    assert doc.errors and "Ảnh quá lớn" in doc.errors[0]


def test_truncated_image_is_an_error() -> None:
    doc = _parse("hong.png", drawing_png()[:200])

    assert doc.errors and doc.format in ("image", "not_document")


@pytest.fixture(scope="module")
def page_png(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A document page as a scanner or a phone would send it: DOCX → PDF → 200 dpi PNG."""
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice (soffice) or poppler's pdftoppm is absent")
    work = tmp_path_factory.mktemp("page")
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(14)
    for line in ("UBND QUẬN BÌNH TÂN", "TRƯỜNG THCS LÝ THƯỜNG KIỆT", "BẢN ĐĂNG KÝ THI ĐUA",
                 "Nội dung 3: Số hóa hồ sơ, sổ sách chuyên môn của nhà trường."):  # fmt: skip
        document.add_paragraph(line)
    document.save(str(work / "trang.docx"))
    profile = (work / "lo_profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "pdf", "--outdir", str(work), str(work / "trang.docx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", str(work / "trang.pdf"),
         str(work / "trang")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return (work / "trang.png").read_bytes()


@needs_tesseract
def test_photo_of_a_page_is_read_by_ocr(page_png: bytes) -> None:
    asked: list[float] = []
    item = _item("anh_chup.png", page_png)
    assert item.format == "image"

    doc = parse_item(item, extend_time=asked.append)

    assert doc.format == "image" and doc.errors == [] and doc.text_source == "ocr"
    text = fold(" ".join(b.text for b in doc.blocks))
    assert "truong thcs ly thuong kiet" in text and "ban dang ky thi dua" in text
    assert all(b.page == 1 for b in doc.blocks)
    assert len(asked) == 1 and asked[0] > 0  # the page's time was asked of the caller


@needs_tesseract
def test_multi_page_tiff_reads_each_page(page_png: bytes) -> None:
    page = Image.open(io.BytesIO(page_png))
    blank = Image.new("L", page.size, 255)
    buffer = io.BytesIO()
    page.save(buffer, format="TIFF", save_all=True, append_images=[blank, page])

    doc = _parse("scan.tif", buffer.getvalue())

    assert doc.format == "image" and doc.page_count == 3
    pages = {b.page for b in doc.blocks}
    assert pages == {1, 3}


# --------------------------------------------------------------------------- the batch


def test_every_inbox_file_is_an_item_and_the_batch_goes_on(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "THCS A").mkdir(parents=True)
    for name, (data, _) in SYSTEM_FILES.items():
        (inbox / "THCS A" / name).write_bytes(data)
    (inbox / "THCS A" / "ve.png").write_bytes(drawing_png())
    (inbox / "THCS A" / "DangKy.xlsx").write_bytes(make_xlsx())

    docs = {item.source: parse_item(item) for item in iter_inbox(inbox)}

    assert len(docs) == len(SYSTEM_FILES) + 2
    assert all(not doc.errors for doc in docs.values())
    assert docs["THCS A/DangKy.xlsx"].tables()[0].rows == ROWS


def test_cli_run_gives_one_record_per_file(tmp_path: Path) -> None:
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    (inbox / "THCS A").mkdir(parents=True)
    files = {f"THCS A/{name}": data for name, (data, _) in SYSTEM_FILES.items()}
    files["THCS A/ve.png"] = drawing_png()
    files["THCS A/DangKy.xlsx"] = make_xlsx()
    files["THCS A/bom.xlsx"] = zip_bomb_xlsx()
    for rel, data in files.items():
        (inbox / rel).write_bytes(data)

    subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox", str(outbox),
         "--as-of", "2021-06-28"],
        check=True, capture_output=True, timeout=300, cwd=ROOT,
    )  # fmt: skip

    lines = (outbox / "records.jsonl").read_text(encoding="utf-8").splitlines()
    records = {r["source"]: r for r in map(json.loads, lines)}
    assert sorted(records) == sorted(files)
    for name in SYSTEM_FILES:
        assert records[f"THCS A/{name}"]["format"] == "not_document"
        assert records[f"THCS A/{name}"]["errors"] == []
    assert records["THCS A/DangKy.xlsx"]["errors"] == []
    assert "bom nén" in records["THCS A/bom.xlsx"]["errors"][0]
    findings_text = (outbox / "findings.jsonl").read_text(encoding="utf-8")
    findings = [json.loads(line) for line in findings_text.splitlines()]
    rules = {(f["rule"], f["source"]) for f in findings}
    assert ("UNREADABLE", "THCS A/bom.xlsx") in rules
    assert ("NOT_A_DOCUMENT", "THCS A/Thumbs.db") in rules
    html = (outbox / "validation_log.html").read_text(encoding="utf-8")
    assert "NOT_A_DOCUMENT" in html and "Thumbs.db" in html


def test_parsing_a_docx_imports_neither_openpyxl_nor_pillow(tmp_path: Path) -> None:
    """The benchmark's DOCX and PDF path carries none of the new formats' libraries."""
    (tmp_path / "a.docx").write_bytes(make_docx())
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.model import InboxItem\n"
        "from pipeline.parse import parse_item\n"
        f"data = Path({str(tmp_path / 'a.docx')!r}).read_bytes()\n"
        "doc = parse_item(InboxItem(source='a.docx', sha256='', format='docx', data=data))\n"
        "assert doc.tables(), doc\n"
        "print(sorted(m for m in ('openpyxl', 'PIL', 'xlrd', 'pytesseract') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_password_protected_workbook_says_excel() -> None:
    envelope = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")

    assert "Tệp Excel được mã hoá" in _parse("bang_diem.xlsx", envelope).errors[0]
    assert "Tệp Word được mã hoá" in _parse("dang_ky.docx", envelope).errors[0]


def test_image_without_ocr_on_the_machine_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.parse import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    doc = _parse("anh.png", drawing_png())

    assert doc.format == "image" and doc.errors and "Tesseract" in doc.errors[0]
