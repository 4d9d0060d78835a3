"""The header of an administrative document: who issued it and when (issue 14, points 1, 5).

The documents are built with python-docx and read by the real DOCX parser; lines a scan's OCR
gives (a wrapped letter, a split day) are built as the parser's blocks, which is what OCR
text becomes.
"""

from __future__ import annotations

from docx import Document

from pipeline.config import Unit
from pipeline.extract.classify import title_zone
from pipeline.extract.header import read_header
from pipeline.extract.units import UnitMatcher
from pipeline.model import Block, ParsedDocument
from pipeline.parse import finish
from pipeline.parse.docx import parse_docx
from tests.docx_builders import to_bytes

MATCHER = UnitMatcher(
    [
        Unit(unit_id="btd", name="Trường Tiểu học Bình Trị Đông"),
        Unit(unit_id="btd_a", name="Trường Tiểu học Bình Trị Đông A"),
        Unit(unit_id="hp", name="Trường Tiểu học Hoa Phượng", aliases=("TH Hoa Phượng",)),
    ]
)


def docx(*paragraphs: str) -> ParsedDocument:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return finish(parse_docx(to_bytes(document), "x.docx"))


def ocr_lines(*lines: str) -> ParsedDocument:
    blocks = [Block(kind="paragraph", text=t, index=i, page=1) for i, t in enumerate(lines, 1)]
    return ParsedDocument(source="scan.pdf", format="pdf", blocks=blocks, text_source="ocr")


def header_of(doc: ParsedDocument):  # type: ignore[no-untyped-def]
    return read_header(doc.source, title_zone(doc), MATCHER)


def test_a_wrapped_distinguishing_letter_joins_the_line_above() -> None:
    wrapped = ocr_lines("UBND QUẬN BÌNH TÂN", '"TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG.', "^A", "KẾ HOẠCH")
    assert header_of(wrapped).unit.unit_id == "btd_a"
    plain = ocr_lines("UBND QUẬN BÌNH TÂN", "TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG", "KẾ HOẠCH")
    assert header_of(plain).unit.unit_id == "btd"


def test_a_school_named_in_a_sentence_is_not_the_issuer() -> None:
    note = docx(
        "Góp ý về phần mềm tổng hợp",
        "Người góp ý: văn thư Trường TH Hoa Phượng – ngày 20/6/2021",
    )
    assert header_of(note).unit is None
    letter = docx("UBND QUẬN BÌNH TÂN", "TRƯỜNG TIỂU HỌC HOA PHƯỢNG", "Số: 12/HP")
    assert header_of(letter).unit.unit_id == "hp"


def test_a_blank_day_is_no_document_date() -> None:
    unsigned = docx("TRƯỜNG TIỂU HỌC HOA PHƯỢNG", "Bình Tân, ngày      tháng 6 năm 2021")
    assert header_of(unsigned).doc_date is None
    signed = docx("TRƯỜNG TIỂU HỌC HOA PHƯỢNG", "Bình Tân, ngày 14 tháng 6 năm 2021")
    assert header_of(signed).doc_date == "2021-06-14"


def test_ocr_noise_in_the_date_line() -> None:
    scan = ocr_lines(
        "TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG\tNAM",
        "Số: 04/BB-HĐTĐKT\tBình Tân, ngày 1 5 tháng 6 năm 2021",
    )
    assert header_of(scan).doc_date == "2021-06-15"
    noisy_year = ocr_lines("Số:18/KH-THCS ˆ\t._ Bình Tân, ngày 03 thắng 5 năm .2021")
    assert header_of(noisy_year).doc_date == "2021-05-03"


def test_a_cited_document_date_is_not_this_documents() -> None:
    cited = docx(
        "TRƯỜNG TIỂU HỌC HOA PHƯỢNG",
        "KẾ HOẠCH",
        "Căn cứ Kế hoạch số 293/KH-UBND ngày 29/4/2021 của Ủy ban nhân dân quận;",
    )
    assert header_of(cited).doc_date is None


def test_a_place_and_date_above_the_signature() -> None:
    """A filled-in form (a workbook, a registration table) may be dated at its foot."""
    form = docx("TRƯỜNG TIỂU HỌC HOA PHƯỢNG", "BẢN ĐĂNG KÝ", "An Lạc, ngày 04 tháng 5 năm 2021")
    zone = title_zone(form)
    assert read_header(form.source, zone[:2], MATCHER, closing=zone[2:]).doc_date == "2021-05-04"
    # At the foot only a place-and-date line counts, not a date in a sentence.
    signed = docx("TRƯỜNG TIỂU HỌC HOA PHƯỢNG", "BẢN ĐĂNG KÝ", "Hoàn thành ngày 30/6/2021.")
    zone = title_zone(signed)
    assert read_header(signed.source, zone[:2], MATCHER, closing=zone[2:]).doc_date is None
