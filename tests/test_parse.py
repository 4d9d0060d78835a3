"""Parse stage: DOCX, text PDF, scanned PDF, e-mail bodies, and hostile or broken files.

Every input is a real file built in code (tests/docx_builders.py); PDFs come from LibreOffice,
converted once per session, several files per ``soffice`` call.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import tracemalloc
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.model import InboxItem, ParsedDocument
from pipeline.parse import MSG_DOC_NO_CONVERTER, parse_item
from pipeline.parse.ooxml_safe import MAX_MEMBERS, MAX_PART_BYTES, MSG_DTD
from pipeline.parse.pdf import (
    MSG_ENCRYPTED,
    MSG_PAGES_NO_OCR,
    MSG_SCANNED_NO_OCR,
    body_letters,
    survey_pages,
)
from pipeline.text import fold
from tests import docx_builders as build

HAS_SOFFICE = shutil.which("soffice") is not None
HAS_PDFTOPPM = shutil.which("pdftoppm") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")
needs_raster = pytest.mark.skipif(
    not (HAS_SOFFICE and HAS_PDFTOPPM), reason="soffice or pdftoppm (poppler) is not installed"
)
STAMP_TEXT = (
    "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Bình\nEmail: ubnd@quangbinh.gov.vn\n"
    "Cơ quan: UBND tỉnh Quảng Bình\nThời gian ký: 24/10/2022 15:17:35 +07:00"
)


def parse(data: bytes, fmt: str = "docx", source: str = "don_vi/tep.docx") -> ParsedDocument:
    return parse_item(InboxItem(source=source, sha256="0" * 64, format=fmt, data=data))


def texts(doc: ParsedDocument) -> list[str]:
    return [block.text for block in doc.blocks]


def ocr_ready() -> bool:
    try:
        from pipeline.parse.ocr import ocr_available
    except ImportError:
        return False
    return ocr_available()


# ------------------------------------------------------------------------ session PDFs


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("parse_pdfs")


@pytest.fixture(scope="session")
def text_pdfs(pdf_dir: Path) -> dict[str, bytes]:
    """The registration form (short and long) and a letter, converted in one soffice call."""
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    sources = {
        "form": build.registration_docx(build.form_rows(11), repeat_header=False),
        "long_form": build.registration_docx(build.form_rows(40, long_text=True), True),
        "letter": build.letter_docx(),
    }
    paths = []
    for name, data in sources.items():
        path = pdf_dir / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    pdfs = build.soffice_to_pdf(paths, pdf_dir, pdf_dir / "lo_text")
    return {name: pdf.read_bytes() for name, pdf in zip(sources, pdfs, strict=True)}


@pytest.fixture(scope="session")
def scanned_pdf(pdf_dir: Path, text_pdfs: dict[str, bytes]) -> bytes:
    """Page 1 of the registration form, rasterised and rebuilt as an image-only PDF."""
    if not HAS_PDFTOPPM:
        pytest.skip("pdftoppm (poppler) is not installed")
    form = pdf_dir / "form.pdf"
    return build.image_only_pdf([build.rasterise_page(form, 1)])


@pytest.fixture(scope="session")
def stamp_pdf(pdf_dir: Path, text_pdfs: dict[str, bytes]) -> bytes:
    """A scanned page (a picture) whose only text layer is a digital-signature stamp."""
    if not HAS_PDFTOPPM:
        pytest.skip("pdftoppm (poppler) is not installed")
    picture = build.rasterise_page(pdf_dir / "form.pdf", 1, dpi=150)
    source = pdf_dir / "stamp.docx"
    source.write_bytes(build.picture_with_stamp_docx(picture))
    return build.soffice_to_pdf([source], pdf_dir, pdf_dir / "lo_stamp")[0].read_bytes()


@pytest.fixture(scope="session")
def encrypted_pdf(pdf_dir: Path, text_pdfs: dict[str, bytes]) -> bytes:
    """The registration form exported by LibreOffice with an open password."""
    out = pdf_dir / "encrypted"
    out.mkdir()
    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"x"}}'
    )
    pdf = build.soffice_to_pdf([pdf_dir / "form.docx"], out, pdf_dir / "lo_enc", options)[0]
    if not pdf.exists():
        pytest.skip("this LibreOffice cannot export an encrypted PDF")
    return pdf.read_bytes()


# ---------------------------------------------------------------------------- DOCX


def test_runs_split_mid_word_are_joined() -> None:
    doc = parse(
        build.docx_with_body_xml(build.split_runs_paragraph(["Trư", "ờng THCS Bình", " T", "ân"]))
    )
    assert texts(doc) == ["Trường THCS Bình Tân"]
    assert doc.blocks[0].index == 1 and doc.blocks[0].page is None and doc.blocks[0].part == "body"


def test_run_content_tabs_breaks_hyphens_and_field_codes() -> None:
    fragment = (
        "<w:p>" + build.run("A") + "<w:r><w:tab/></w:r>" + build.run("B")
        + "<w:r><w:br/></w:r>" + build.run("C") + "<w:r><w:noBreakHyphen/></w:r>" + build.run("D")
        + "<w:r><w:softHyphen/></w:r>" + build.run("E")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + build.run("7")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )  # fmt: skip
    assert texts(parse(build.docx_with_body_xml(fragment))) == ["A\tB\nC-DE7"]


def test_merged_cells_once_and_nested_table_folded() -> None:
    doc = parse(build.table_docx())
    assert [b.kind for b in doc.blocks] == ["table"]
    assert doc.blocks[0].rows == (
        ("Ô gộp ngang", "r0c2"),  # gridSpan: the merged cell once
        ("Ô gộp dọc", "r1c1", "r1c2\nn00 | n01\nn10 | n11"),  # nested table in its cell
        ("", "r2c1", "r2c2"),  # vMerge continuation: the text lives in the first cell
    )
    assert doc.blocks[0].text.split("\n")[0] == "Ô gộp ngang\tr0c2"


def test_content_controls_block_inline_row_and_cell() -> None:
    cell = "<w:tc><w:p>{}</w:p></w:tc>"
    fragment = (
        '<w:sdt><w:sdtPr><w:alias w:val="Tiêu đề"/></w:sdtPr><w:sdtContent><w:p>'
        + build.run("Khối trong điều khiển nội dung") + "</w:p></w:sdtContent></w:sdt>"
        + "<w:p>" + build.run("Kính gửi: ")
        + "<w:sdt><w:sdtContent>" + build.run("Phòng GDĐT") + "</w:sdtContent></w:sdt></w:p>"
        + "<w:tbl><w:tr><w:sdt><w:sdtContent>" + cell.format(build.run("Ô trong sdt"))
        + "</w:sdtContent></w:sdt>" + cell.format(build.run("Ô thường")) + "</w:tr>"
        + "<w:sdt><w:sdtContent><w:tr>" + cell.format(build.run("Hàng"))
        + cell.format(build.run("trong sdt")) + "</w:tr></w:sdtContent></w:sdt></w:tbl>"
    )  # fmt: skip
    doc = parse(build.docx_with_body_xml(fragment))
    assert texts(doc)[:2] == ["Khối trong điều khiển nội dung", "Kính gửi: Phòng GDĐT"]
    assert doc.blocks[2].rows == (("Ô trong sdt", "Ô thường"), ("Hàng", "trong sdt"))


def test_tracked_changes_keep_insertions_and_drop_deletions() -> None:
    fragment = (
        "<w:p>" + build.run("Giữ ")
        + '<w:ins w:id="1" w:author="A">' + build.run("chữ chèn") + "</w:ins>"
        + '<w:del w:id="2" w:author="A"><w:r><w:delText> chữ xoá</w:delText></w:r></w:del>'
        + '<w:moveFrom w:id="3" w:author="A">' + build.run(" chỗ cũ") + "</w:moveFrom>"
        + '<w:moveTo w:id="4" w:author="A">' + build.run(" chỗ mới") + "</w:moveTo></w:p>"
    )  # fmt: skip
    assert texts(parse(build.docx_with_body_xml(fragment))) == ["Giữ chữ chèn chỗ mới"]


def test_textbox_in_alternate_content_read_once() -> None:
    fragment = (
        "<w:p>" + build.run("Trước") + "</w:p>" + build.textbox_paragraph("Chữ trong hộp")
        + "<w:p/><w:p>" + build.run("Sau") + "</w:p>"
    )  # fmt: skip
    doc = parse(build.docx_with_body_xml(fragment))
    assert texts(doc) == ["Trước", "Chữ trong hộp", "Sau"]  # not twice, empty <w:p/> dropped
    assert [b.index for b in doc.blocks] == [1, 2, 3]


def test_header_and_footer_parts() -> None:
    doc = parse(build.header_footer_docx())
    assert [(b.part, b.text) for b in doc.blocks] == [
        ("header", "UBND QUẬN BÌNH TÂN"),
        ("body", "Nội dung chính của văn bản."),
        ("footer", "Chân trang: lưu hành nội bộ"),
    ]
    assert [b.text for b in doc.paragraphs()] == ["Nội dung chính của văn bản."]


def test_nfd_and_zero_width_text_comes_out_nfc() -> None:
    name = "Trường Tiểu học Bình Trị Đông"
    doc = parse(build.paragraphs_docx([unicodedata.normalize("NFD", name), "Bình\u200b Tân\ufeff"]))
    assert texts(doc) == [name, "Bình Tân"]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts(doc))


def test_registration_form_docx_rows() -> None:
    rows = build.form_rows(3)
    doc = parse(build.registration_docx(rows, repeat_header=False))
    assert texts(doc)[:3] == [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA",
    ]
    assert doc.tables()[0].rows == (build.FORM_HEADER, *rows)


def test_legacy_tcvn3_converted_in_paragraphs_and_cells() -> None:
    pytest.importorskip("pipeline.parse.legacy")
    data = build.paragraphs_docx(
        ["Céng hoµ x· héi chñ nghÜa ViÖt Nam", "§éc lËp - Tù do - H¹nh phóc"]
    )
    doc = parse(data)
    assert doc.text_source == "legacy"
    assert fold(texts(doc)[1]) == fold("Độc lập - Tự do - Hạnh phúc")
    assert texts(doc)[1] == "Độc lập - Tự do - Hạnh phúc"


# ------------------------------------------------------------------- broken or hostile


def test_truncated_docx_is_an_error_not_an_exception() -> None:
    data = build.paragraphs_docx(["Nội dung"])
    doc = parse(data[: len(data) // 2])
    assert doc.errors and doc.errors[0].startswith("Tệp DOCX bị hỏng")
    assert doc.blocks == []


def test_not_a_zip_and_random_bytes() -> None:
    assert parse(b"this is not a zip at all").errors[0].startswith("Tệp DOCX bị hỏng")
    assert parse(b"%PDF-1.7\n%\xe2\xe3 broken", fmt="pdf").errors[0].startswith("Tệp PDF bị hỏng")


def test_zip_bomb_rejected_with_bounded_memory() -> None:
    bomb = build.zip_bomb_docx(300 * 1024 * 1024)
    assert len(bomb) < 3 * 1024 * 1024  # small on disk, 300 MB inflated
    tracemalloc.start()
    started = time.perf_counter()
    try:
        doc = parse(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.errors and "bom nén" in doc.errors[0]
    assert peak < MAX_PART_BYTES + 32 * 1024 * 1024
    assert time.perf_counter() - started < 10


def test_too_many_members_rejected() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for i in range(MAX_MEMBERS + 1):
            zf.writestr(f"word/media/{i}.bin", b"")
    assert "quá nhiều thành phần" in parse(out.getvalue()).errors[0]


def test_entity_expansion_refused() -> None:
    started = time.perf_counter()
    doc = parse(build.billion_laughs_docx())
    assert doc.errors == [MSG_DTD]
    assert time.perf_counter() - started < 2


def test_external_entity_in_header_refused() -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE w:hdr [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<w:hdr xmlns:w="{build.NAMESPACES["w"]}"><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:hdr>'
    )
    data = build.replace_member(build.header_footer_docx(), "word/header1.xml", xxe.encode())
    doc = parse(data)
    assert doc.errors == [MSG_DTD] and not doc.blocks


# ------------------------------------------------------------------ other item formats


def test_text_body_lines_become_paragraphs() -> None:
    body = "\ufeffKính gửi: Phòng GDĐT\r\n\r\n  Trường gửi bản đăng ký.  \n".encode()
    doc = parse(body, fmt="text", source="mail.eml#body.txt")
    assert texts(doc) == ["Kính gửi: Phòng GDĐT", "Trường gửi bản đăng ký."]
    assert doc.format == "text"


def test_html_body_visible_text_and_tables() -> None:
    html = (
        "<html><head><title>Tiêu đề</title><style>p {color: red}</style>"
        "<script>alert('x')</script></head><body><p>Kính gửi: Phòng GD&amp;ĐT</p>"
        "<div>Dòng một<br>Dòng hai</div><table><tr><th>Stt</th><th colspan='2'>Nội dung</th></tr>"
        "<tr><td>1.</td><td>Công trình <table><tr><td>a</td><td>b</td></tr></table></td></tr>"
        "</table><img src='http://example.invalid/x.png'></body></html>"
    )
    doc = parse(html.encode(), fmt="html", source="mail.eml#body.html")
    assert texts(doc)[:3] == ["Kính gửi: Phòng GD&ĐT", "Dòng một", "Dòng hai"]
    assert doc.tables()[0].rows == (("Stt", "Nội dung"), ("1.", "Công trình\na | b"))
    assert not any("alert" in t or "color" in t or "Tiêu đề" in t for t in texts(doc))


def test_empty_unknown_and_ingest_errors() -> None:
    assert parse(b"", fmt="empty").errors == ["Tệp rỗng (0 byte)."]
    unknown = parse(b"\x00\x01binary", fmt="unknown", source="bang_tinh.xlsb")
    assert unknown.errors == ["Định dạng tệp không được hỗ trợ (.xlsb)."]
    item = InboxItem(source="a.zip#../x.docx", sha256="", format="docx", data=b"PK", errors=["Lỗi"])
    assert parse_item(item).errors == ["Lỗi"]


def test_doc_that_is_not_word_is_an_error() -> None:
    doc = parse(b"not an OLE file", fmt="doc", source="cu.doc")
    assert doc.errors and doc.format == "doc" and not doc.blocks


# ------------------------------------------------------------------------------ PDF


@needs_soffice
def test_registration_form_pdf_rows(text_pdfs: dict[str, bytes]) -> None:
    doc = parse(text_pdfs["form"], fmt="pdf", source="form.pdf")
    assert doc.errors == [] and doc.page_count >= 1 and doc.text_source == "text"
    assert texts(doc)[:3] == [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA",
    ]
    assert texts(doc)[3].startswith("Chào mừng kỷ niệm 110 năm") and texts(doc)[3].endswith(
        "hoàn thành đúng thời hạn."
    )  # two PDF lines joined into one paragraph
    [table] = doc.tables()
    assert table.page == 1
    assert table.rows == (build.FORM_HEADER, *build.form_rows(11))
    assert doc.blocks[-1].text == "Hiệu trưởng" and doc.blocks[-1].page == doc.page_count


@needs_soffice
def test_table_over_page_breaks_is_one_block(text_pdfs: dict[str, bytes]) -> None:
    doc = parse(text_pdfs["long_form"], fmt="pdf", source="long.pdf")
    assert doc.page_count > 2
    [table] = doc.tables()
    # Header repeated on every page appears once; rows split by a page break are whole again.
    assert table.rows == (build.FORM_HEADER, *build.form_rows(40, long_text=True))
    assert table.page == 1 and doc.blocks[-1].page == doc.page_count


@needs_soffice
def test_letter_header_columns_read_left_then_right(text_pdfs: dict[str, bytes]) -> None:
    found = texts(parse(text_pdfs["letter"], fmt="pdf", source="letter.pdf"))
    order = [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "Số: 12/KH-THCS",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Tân, ngày 04 tháng 5 năm 2021",
        "KẾ HOẠCH",
        build.LETTER_BODY,
        "1. Mục đích",
    ]
    assert found == order


@needs_soffice
def test_encrypted_pdf(encrypted_pdf: bytes) -> None:
    doc = parse(encrypted_pdf, fmt="pdf", source="mat_khau.pdf")
    assert doc.errors == [MSG_ENCRYPTED] and not doc.blocks


def test_signature_stamp_letters_do_not_count() -> None:
    assert body_letters(STAMP_TEXT) < 40 < body_letters("Trường THCS " * 10)


@needs_raster
def test_scanned_pdf_ocr_or_clear_error(scanned_pdf: bytes) -> None:
    assert [p.scanned for p in survey_pages(scanned_pdf)] == [True]
    doc = parse(scanned_pdf, fmt="pdf", source="scan.pdf")
    if ocr_ready():
        assert doc.errors == [] and doc.text_source == "ocr"
        assert any("dang ky noi dung thi dua" in fold(t) for t in texts(doc))
        assert {b.page for b in doc.blocks} == {1}
    else:
        assert doc.errors == [MSG_SCANNED_NO_OCR] and not doc.blocks


@needs_raster
def test_page_with_only_a_signature_stamp_is_scanned(stamp_pdf: bytes) -> None:
    [page] = survey_pages(stamp_pdf)
    assert page.has_image and page.scanned
    doc = parse(stamp_pdf, fmt="pdf", source="ky_so.pdf")
    if ocr_ready():
        assert doc.text_source == "ocr"
        assert any("dang ky noi dung thi dua" in fold(t) for t in texts(doc))
    else:
        assert doc.errors == [MSG_SCANNED_NO_OCR]


def concat_pdfs(*pdfs: bytes) -> bytes:
    """One PDF of the pages of ``pdfs``, in order (pdfium page import)."""
    merged = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(data) for data in pdfs]
    try:
        for source in sources:
            merged.import_pages(source)
        out = io.BytesIO()
        merged.save(out)
    finally:
        for document in (merged, *sources):
            document.close()
    return out.getvalue()


@needs_raster
def test_text_pages_and_a_scanned_page_with_ocr(
    text_pdfs: dict[str, bytes], scanned_pdf: bytes
) -> None:
    if not ocr_ready():
        pytest.skip("OCR module or tesseract with 'vie' is not available")
    doc = parse(concat_pdfs(text_pdfs["form"], scanned_pdf), fmt="pdf", source="mixed.pdf")
    last = doc.page_count
    assert last == len(survey_pages(text_pdfs["form"])) + 1 and doc.errors == []
    assert doc.tables()[0].rows[1:] == tuple(build.form_rows(11))
    assert doc.text_source == "ocr" and {b.page for b in doc.blocks} == set(range(1, last + 1))


# ------------------------------------------------------- sibling modules absent or present


def test_without_legacy_module_text_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pipeline.parse.legacy", None)  # import raises ImportError
    doc = parse(build.paragraphs_docx(["§éc lËp - Tù do - H¹nh phóc"]))
    assert doc.text_source == "text" and texts(doc) == ["§éc lËp - Tù do - H¹nh phóc"]


def test_without_doc_converter_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pipeline.parse.doc", None)
    assert parse(b"\xd0\xcf\x11\xe0", fmt="doc").errors == [MSG_DOC_NO_CONVERTER]


@needs_raster
def test_without_ocr_module_scans_are_reported(
    monkeypatch: pytest.MonkeyPatch, text_pdfs: dict[str, bytes], scanned_pdf: bytes
) -> None:
    monkeypatch.setitem(sys.modules, "pipeline.parse.ocr", None)
    doc = parse(scanned_pdf, fmt="pdf", source="scan.pdf")
    assert doc.errors == [MSG_SCANNED_NO_OCR] and not doc.blocks and doc.page_count == 1
    mixed = parse(concat_pdfs(text_pdfs["form"], scanned_pdf), fmt="pdf", source="mixed.pdf")
    assert mixed.errors == [] and mixed.text_source == "text"
    assert mixed.warnings == [MSG_PAGES_NO_OCR.format(pages=str(mixed.page_count))]
    assert mixed.tables()[0].rows[1:] == tuple(build.form_rows(11))


@needs_soffice
def test_word_97_document_converted_and_parsed(pdf_dir: Path, text_pdfs: dict[str, bytes]) -> None:
    out = pdf_dir / "doc97"
    out.mkdir()
    done = subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={(pdf_dir / 'lo_doc').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(out),
            str(pdf_dir / "form.docx"),
        ],
        capture_output=True,
        timeout=build.SOFFICE_TIMEOUT,
    )
    if done.returncode or not (out / "form.doc").exists():
        pytest.skip("this LibreOffice cannot write Word 97 files")
    doc = parse((out / "form.doc").read_bytes(), fmt="doc", source="form.doc")
    assert doc.errors == [] and doc.format == "doc"
    assert doc.tables()[0].rows == (build.FORM_HEADER, *build.form_rows(11))
