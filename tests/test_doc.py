"""Word 97-2003 .doc to .docx with LibreOffice: real files made by LibreOffice itself."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm

from pipeline.parse.doc import ConversionFailed, ConversionUnavailable, doc_to_docx

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent"
)

TITLE = "BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA"
SENDER = "Trường Trung học cơ sở Bình Tân đăng ký nội dung thi đua"
CLOSING = "Nơi nhận: Phòng Giáo dục và Đào tạo quận"
CELLS = [("Nội dung", "Tên công trình, dự án"), ("Nội dung 3", "Xây dựng thư viện xanh")]
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _docx_bytes(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def word97(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real Word 97-2003 file: a python-docx document saved as .doc by LibreOffice."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is absent")
    work = tmp_path_factory.mktemp("doc")
    document = Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(SENDER)
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, CELLS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
            cell.width = Cm(8)  # LibreOffice's .doc export drops a table without widths
    document.add_paragraph(CLOSING)
    source = work / "dang_ky.docx"
    source.write_bytes(_docx_bytes(document))
    subprocess.run(
        ["soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(work / 'profile').as_uri()}",
         "--convert-to", "doc", "--outdir", str(work), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    data = (work / "dang_ky.doc").read_bytes()
    assert data.startswith(OLE2_SIGNATURE)
    return data


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary root of this test's own, so parallel runs cannot confuse the checks."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def _leftover_processes(root: Path) -> list[str]:
    """Command lines of running processes that still use a directory under ``root``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(root) in args:
            found.append(args)
    return found


@needs_soffice
def test_word97_converts_with_vietnamese_intact(word97: bytes) -> None:
    converted = Document(io.BytesIO(doc_to_docx(word97)))
    paragraphs = [p.text for p in converted.paragraphs if p.text]
    assert paragraphs == [TITLE, SENDER, CLOSING]
    assert all(unicodedata.is_normalized("NFC", text) for text in paragraphs)
    (table,) = converted.tables
    assert [tuple(cell.text for cell in row.cells) for row in table.rows] == CELLS


@needs_soffice
def test_rtf_saved_as_doc_converts() -> None:
    text = "Trường THCS Bình Tân"
    escaped = "".join(ch if ord(ch) < 128 else f"\\u{ord(ch)}?" for ch in text)
    rtf = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 " + escaped + "\\par}"
    converted = Document(io.BytesIO(doc_to_docx(rtf.encode("ascii"))))
    assert [p.text for p in converted.paragraphs if p.text] == [text]


@needs_soffice
@pytest.mark.parametrize(
    "data",
    [b"", b"This is not a Word document at all.\n" * 50, b"PK\x03\x04" + bytes(200)],
    ids=["empty", "text", "zip"],
)
def test_not_a_word_file_fails(data: bytes) -> None:
    with pytest.raises(ConversionFailed, match="không phải văn bản Word 97-2003"):
        doc_to_docx(data)


@needs_soffice
def test_corrupt_word_file_fails_and_cleans_up(private_tmp: Path) -> None:
    corrupt = OLE2_SIGNATURE + bytes(4096)
    with pytest.raises(ConversionFailed, match="LibreOffice không đọc được"):
        doc_to_docx(corrupt)
    assert list(private_tmp.iterdir()) == []
    assert _leftover_processes(private_tmp) == []


@needs_soffice
def test_timeout_kills_libreoffice_and_fails(word97: bytes, private_tmp: Path) -> None:
    with pytest.raises(ConversionFailed, match="0.2 giây"):
        doc_to_docx(word97, timeout=0.2)
    assert _leftover_processes(private_tmp) == []
    assert list(private_tmp.iterdir()) == []


def test_missing_libreoffice_is_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no soffice on the PATH
    with pytest.raises(
        ConversionUnavailable, match="^Máy không có LibreOffice để chuyển tệp .doc$"
    ):
        doc_to_docx(OLE2_SIGNATURE + bytes(512))
