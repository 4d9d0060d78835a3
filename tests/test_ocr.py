"""OCR of scanned PDF pages: a real DOCX, printed to PDF, rasterised and read back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from PIL import Image

from pipeline.parse import ocr
from pipeline.parse.ocr import OcrPage, OcrUnavailable, ocr_available, ocr_pdf_pages
from pipeline.text import fold

SCAN_DPI = 200

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is absent"),
]
needs_tesseract = pytest.mark.skipif(
    not ocr_available(), reason="tesseract with Vietnamese data (vie) is absent"
)

HEADER_LEFT = ["UBND QUẬN BÌNH TÂN", "TRƯỜNG THCS BÌNH TÂN", "Số: 15/KH-THCS"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
BODY = [
    "Bình Tân, ngày 03 tháng 5 năm 2021",
    "KẾ HOẠCH",
    "Phát động đợt thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm "
    "Ngày Bác Hồ ra đi tìm đường cứu nước",
    "Nội dung 3: Triển khai thực hiện hiệu quả chủ đề năm 2021.",
    "Thời gian hoàn thành: trước ngày 30 tháng 6 năm 2021.",
]
SECOND_PAGE = ["Nơi nhận:", "Phòng Giáo dục và Đào tạo quận Bình Tân"]


def _build_docx(path: Path) -> None:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "\n".join(HEADER_LEFT)
    right.text = "\n".join(HEADER_RIGHT)
    for line in BODY:
        run = document.add_paragraph().add_run(line)
        run.bold = line.isupper()
        run.font.size = Pt(14) if line.isupper() else Pt(13)
    document.add_page_break()
    for line in SECOND_PAGE:
        document.add_paragraph(line)
    document.save(str(path))


def _to_pdf(docx: Path, out_dir: Path) -> Path:
    profile = (out_dir / "lo_profile").as_uri()
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out_dir / (docx.stem + ".pdf")


def _scan(pdf: Path, out_dir: Path) -> bytes:
    """An image-only PDF of ``pdf``: every page rasterised at SCAN_DPI, no text layer."""
    subprocess.run(
        ["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(pdf), str(out_dir / "page")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    images = [Image.open(path).convert("L") for path in sorted(out_dir.glob("page*.png"))]
    scanned = out_dir / "scanned.pdf"
    images[0].save(scanned, save_all=True, append_images=images[1:], resolution=SCAN_DPI)
    return scanned.read_bytes()


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The plan as a text PDF (soffice) and as a two-page scan of it."""
    work = tmp_path_factory.mktemp("ocr")
    docx = work / "ke_hoach.docx"
    _build_docx(docx)
    pdf = _to_pdf(docx, work)
    return {"text": pdf.read_bytes(), "scanned": _scan(pdf, work)}


@pytest.fixture(scope="module")
def first_page(pdfs: dict[str, bytes]) -> OcrPage:
    if not ocr_available():
        pytest.skip("tesseract with Vietnamese data (vie) is absent")
    (page,) = ocr_pdf_pages(pdfs["scanned"], [1])
    return page


@pytest.fixture
def fresh_availability() -> Iterator[None]:
    ocr_available.cache_clear()
    yield
    ocr_available.cache_clear()


def _folded(page: OcrPage) -> str:
    return fold(" ".join(page.lines))


def test_scan_really_has_no_text_layer(pdfs: dict[str, bytes]) -> None:
    # The fixture must be what it claims: pdftotext finds nothing on the scanned pages.
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is absent")
    run = subprocess.run(
        ["pdftotext", "-", "-"], input=pdfs["scanned"], capture_output=True, check=True
    )
    assert run.stdout.decode().strip() == ""


@needs_tesseract
def test_scanned_page_reads_header_date_and_title(first_page: OcrPage) -> None:
    text = _folded(first_page)
    assert first_page.page == 1
    assert "truong thcs binh tan" in text
    assert "ngay 03 thang 5 nam 2021" in text
    assert "phat dong" in text
    assert "15 kh thcs" in text


@needs_tesseract
def test_header_columns_are_separated_by_a_tab(first_page: OcrPage) -> None:
    # The left and right halves of the header share a text line; a tab keeps them apart.
    columns = [line.split("\t") for line in first_page.lines if "\t" in line]
    assert ["truong thcs binh tan", "viet nam"] in [[fold(c) for c in cols] for cols in columns]
    assert all("\t" not in line for line in first_page.lines if "thi đua" in line)


@needs_tesseract
def test_lines_are_nfc_and_keep_diacritics(first_page: OcrPage) -> None:
    assert all(unicodedata.is_normalized("NFC", line) for line in first_page.lines)
    assert all(line == line.strip() and line for line in first_page.lines)
    assert any("Bình Tân" in line for line in first_page.lines)


@needs_tesseract
def test_confidence_is_a_mean_word_score(first_page: OcrPage) -> None:
    assert 70.0 <= first_page.confidence <= 100.0


@needs_tesseract
def test_pages_outside_the_document_are_ignored(pdfs: dict[str, bytes]) -> None:
    pages = ocr_pdf_pages(pdfs["scanned"], [0, 2, 9])
    assert [page.page for page in pages] == [2]
    assert "noi nhan" in _folded(pages[0])


@needs_tesseract
def test_page_count_is_capped(pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    assert [page.page for page in ocr_pdf_pages(pdfs["scanned"], [2, 1])] == [2]


@needs_tesseract
def test_page_out_of_time_comes_back_empty(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 0.01)
    assert ocr_pdf_pages(pdfs["scanned"], [1]) == [OcrPage(page=1, lines=[], confidence=0.0)]


@needs_tesseract
def test_spent_budget_reads_no_more_pages(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "TOTAL_TIMEOUT_S", 0.0)
    assert ocr_pdf_pages(pdfs["scanned"], [1, 2]) == []


@needs_tesseract
def test_page_without_an_image_is_rendered_at_the_fallback_resolution(
    pdfs: dict[str, bytes],
) -> None:
    (page,) = ocr_pdf_pages(pdfs["text"], [2])
    assert "phong giao duc va dao tao quan binh tan" in _folded(page)


@needs_tesseract
def test_explicit_dpi_is_used(pdfs: dict[str, bytes]) -> None:
    (page,) = ocr_pdf_pages(pdfs["scanned"], [2], dpi=150)
    assert "noi nhan" in _folded(page)


def test_missing_tesseract_is_reported(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, fresh_availability: None
) -> None:
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert ocr_available() is False
    with pytest.raises(OcrUnavailable, match="Tesseract"):
        ocr_pdf_pages(pdfs["scanned"], [1])


# ------------------------------------------------------------------ the caller's clock


@needs_tesseract
def test_each_page_asks_the_callers_clock_first(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 5.0)
    asked: list[float] = []
    pages = ocr_pdf_pages(pdfs["scanned"], [2, 1], extend_time=asked.append)
    assert len(asked) == len(pages) == 2
    assert asked == [5.0 + ocr.RENDER_ALLOWANCE_S] * 2


@needs_tesseract
def test_parse_item_passes_its_callers_clock_to_the_pdf_ocr(
    pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.model import InboxItem
    from pipeline.parse import parse_item

    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    asked: list[float] = []
    item = InboxItem(source="scan.pdf", sha256="0" * 64, format="pdf", data=pdfs["scanned"])
    doc = parse_item(item, extend_time=asked.append)
    assert doc.text_source == "ocr" and len(asked) == 1


def test_parsers_do_not_reach_into_the_worker_pool() -> None:
    code = (
        "import sys\n"
        "import pipeline.parse, pipeline.parse.ocr, pipeline.parse.image, pipeline.parse.xlsx\n"
        "print('pipeline.workers' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
