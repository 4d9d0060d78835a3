"""Scanned documents: rasterised pages of generated documents, read back through OCR."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pipeline.parse.ocr import ocr_available
from tests import corpus
from tests.test_extract import AN_LAC, DAY, LETTER_ENTRIES, extract

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed"),
]


def scan(docx: bytes, folder: Path, name: str, dpi: int = 200) -> bytes:
    """The document as a scanner gives it: page images in a PDF with no text layer."""
    source = folder / f"{name}.docx"
    source.write_bytes(docx)
    pdf = corpus.docx_to_pdf([source], folder)[0]
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(folder / name)],
                   check=True, timeout=120)
    pages = [Image.open(p) for p in sorted(folder.glob(f"{name}-*.png"))]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return out.getvalue()


@pytest.mark.skipif(not ocr_available(), reason="Tesseract with Vietnamese (vie) is not installed")
def test_scanned_letter_gives_unit_date_and_entries(tmp_path: Path) -> None:
    data = scan(corpus.build_docx(corpus.registration_letter(AN_LAC, "15/THCSAL", DAY, LETTER_ENTRIES)),
                tmp_path, "letter")
    record = extract("scan.pdf", data, "pdf")
    assert record.text_source == "ocr"
    assert record.doc_type == "registration"
    assert record.unit_id == "thcs_an_lac"
    assert record.doc_date == "2021-05-03"
    assert [(e.content_no, e.expected_completion) for e in record.entries] == [
        (2, "2021-06-30"), (9, "2021-06-30")]
    assert "thư viện xanh" in record.entries[0].project.lower()


@pytest.mark.skipif(not ocr_available(), reason="Tesseract with Vietnamese (vie) is not installed")
def test_scanned_launch_plan_is_classified(tmp_path: Path) -> None:
    data = scan(corpus.build_docx(corpus.launch_plan(AN_LAC, "10/KH-THCSAL", DAY)), tmp_path, "launch")
    record = extract("launch.pdf", data, "pdf")
    assert (record.doc_type, record.unit_id, record.doc_date) == ("launch", "thcs_an_lac", "2021-05-03")
    assert any(e.field == "unit" and e.page == 1 for e in record.evidence)


def test_scan_without_ocr_is_unreadable_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.parse.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    data = scan(corpus.build_docx(corpus.launch_plan(AN_LAC, "10/KH-THCSAL", DAY)), tmp_path, "noocr")
    record = extract("launch.pdf", data, "pdf")
    assert record.errors and "OCR" in record.errors[0]
