"""PDFs built to make a parser loop or recurse: each ends as a finding, bounded in time."""

from __future__ import annotations

import hashlib
import time

from pipeline.cache import ParseCache
from pipeline.model import InboxItem
from pipeline.progress import Progress
from pipeline.workers import parse_items
from tests.docx_builders import paragraphs_docx

TIME_LIMIT = 20.0


def pdf(objects: list[bytes]) -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def self_drawing_xobject() -> bytes:
    """A page whose form XObject draws itself: naive interpreters recurse without end."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /X 5 0 R >> /Font << /F 6 0 R >> >> >>",
        stream(b"", b"BT /F 12 Tf 72 700 Td (Bao cao ket qua) Tj ET /X Do"),
        stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"
               b" /Resources << /XObject << /X 5 0 R >> >>", b"/X Do"),
        FONT,
    ])


def cyclic_page_tree() -> bytes:
    """A page tree whose node lists itself among its kids."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F 5 0 R >> >> >>",
        stream(b"", b"BT /F 12 Tf 72 700 Td (Ke hoach) Tj ET"),
        FONT,
    ])


def endless_content() -> bytes:
    """Content that nests graphics states a million deep."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"", b"q " * 1_000_000),
    ])


def item(source: str, data: bytes, fmt: str) -> InboxItem:
    return InboxItem(source=source, sha256=hashlib.sha256(data).hexdigest(), format=fmt, data=data)


def test_looping_and_recursive_pdfs_end_as_findings_and_the_batch_goes_on() -> None:
    items = [
        item("xobject.pdf", self_drawing_xobject(), "pdf"),
        item("tree.pdf", cyclic_page_tree(), "pdf"),
        item("nesting.pdf", endless_content(), "pdf"),
        item("ok.docx", paragraphs_docx(["Văn bản bình thường"]), "docx"),
    ]
    started = time.monotonic()
    results = dict(
        (i.source, doc)
        for i, doc in parse_items(items, 2, ParseCache(None), Progress(), time_limit=TIME_LIMIT)
    )
    assert time.monotonic() - started < 3 * TIME_LIMIT
    assert set(results) == {"xobject.pdf", "tree.pdf", "nesting.pdf", "ok.docx"}
    assert not results["ok.docx"].errors
    assert results["ok.docx"].blocks[0].text == "Văn bản bình thường"
    # What text there is gets read; what cannot be read is said, in Vietnamese.
    assert [b.text for b in results["xobject.pdf"].blocks] == ["Bao cao ket qua"]
    assert results["tree.pdf"].errors and "không đọc được" in results["tree.pdf"].errors[0]
    assert results["nesting.pdf"].blocks == [] and results["nesting.pdf"].errors == []
