"""Registration entries from forms and letters as schools really fill them in (issue 14, point 6).

Every document here is a real DOCX built with python-docx (one is also exported to PDF by
LibreOffice) and read by the real parser; the phrasings are this file's own.  Each variation
has a neighbour that must keep reading the same way.
"""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from docx import Document

from pipeline.config import load_config
from pipeline.extract.registration import extract_entries
from pipeline.model import Block, InboxItem, ParsedDocument
from pipeline.parse import parse_item
from pipeline.parse.legacy import TCVN3_TABLE, VNI_TABLE
from tests.docx_builders import FORM_HEADER, soffice_to_pdf, to_bytes

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT / "config" / "campaign_2021.yaml")
TITLE = {c.number: c.title for c in CONFIG.contents}

Row = tuple[str, ...]  # a one-cell row is a section row merged across the table
Got = list[tuple[int | None, str, str | None]]


# ------------------------------------------------------------------------------ builders


def _encoder(kind: str | None) -> Callable[[str], str]:
    if kind is None:
        return lambda text: text
    table = {letter: code for code, letter in (TCVN3_TABLE if kind == "tcvn3" else VNI_TABLE).items()}
    if kind == "vni":
        table.update({letter.upper(): code.upper() for code, letter in VNI_TABLE.items()})

    def encode(text: str) -> str:
        out = []
        for ch in unicodedata.normalize("NFC", text):
            code = table.get(ch)
            if code is None or any(ord(c) < 0x20 for c in code):
                code = table.get(ch.lower(), ch)  # a toned capital: typists use the small letter
            out.append(code)
        return "".join(out)

    return encode


FONTS = {None: None, "tcvn3": ".VnTime", "vni": "VNI-Times"}


def form_docx(
    rows: Sequence[Row],
    header: Row = FORM_HEADER,
    *,
    nested: bool = False,
    encoding: str | None = None,
    merge_down: Sequence[tuple[int, int, int]] = (),
) -> bytes:
    """A registration with its table; ``merge_down`` (column, first row, last row) merges cells."""
    encode, font = _encoder(encoding), FONTS[encoding]
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"  # as schools write (not Calibri)

    def put(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
        run = paragraph.add_run(encode(text))
        if font:
            run.font.name = font

    for line in ("TRƯỜNG TIỂU HỌC HƯNG LONG", "BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA",
                 "Bình Tân, ngày 04 tháng 5 năm 2021"):
        put(document.add_paragraph(), line)
    width = max(len(values) for values in (header, *rows))
    if nested:
        frame = document.add_table(rows=1, cols=1)
        put(frame.cell(0, 0).paragraphs[0], "Đơn vị đăng ký: Trường Tiểu học Hưng Long")
        table = frame.cell(0, 0).add_table(rows=0, cols=width)
    else:
        table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for values in (header, *rows):
        cells = table.add_row().cells
        if len(values) == 1:
            cells = [cells[0].merge(cells[-1])]
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            put(cell.paragraphs[0], text)
    for column, first, last in merge_down:
        table.cell(first, column).merge(table.cell(last, column))
    put(document.add_paragraph(), "HIỆU TRƯỞNG")
    return to_bytes(document)


def letter_docx(paragraphs: Sequence[str]) -> bytes:
    document = Document()
    for text in ("TRƯỜNG MẦM NON HƯƠNG SEN", "Số: 12/MNHS", "V/v đăng ký thi đua đợt cao điểm",
                 "Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân", *paragraphs, "HIỆU TRƯỞNG"):
        document.add_paragraph(text)
    return to_bytes(document)


def parsed(data: bytes, fmt: str = "docx") -> ParsedDocument:
    item = InboxItem(source=f"test.{fmt}", sha256=hashlib.sha256(data).hexdigest(), format=fmt,
                     data=data)
    return parse_item(item)


def read(data: bytes, fmt: str = "docx") -> Got:
    return [(e.content_no, e.project, e.expected_completion)
            for e in extract_entries(parsed(data, fmt), CONFIG)]


# ------------------------------------------------------------------------------ numbering

PLAIN_ROWS = [
    ("1.", TITLE[1], "Trang trí khu vực bỏ phiếu tại hội trường", "20/5/2021"),
    ("6.", TITLE[6], "Thu gom pin cũ đổi cây xanh", "Quý II/2021"),
    ("9.", TITLE[9], "Khảo sát ý kiến cha mẹ học sinh", "cuối tháng 6 năm 2021"),
]
PLAIN_EXPECTED = [
    (1, "Trang trí khu vực bỏ phiếu tại hội trường", "2021-05-20"),
    (6, "Thu gom pin cũ đổi cây xanh", "2021-06-30"),
    (9, "Khảo sát ý kiến cha mẹ học sinh", "2021-06-30"),
]


def test_plain_form_stt_is_the_content_number() -> None:
    assert read(form_docx(PLAIN_ROWS)) == PLAIN_EXPECTED


def test_renumbered_stt_gives_way_to_the_content_written_in_the_cell() -> None:
    rows = [(str(i), f"Nội dung {n}: {TITLE[n][:40]}", project, date)
            for i, ((_, _, project, date), n) in enumerate(zip(PLAIN_ROWS, (1, 6, 9), strict=True), 1)]
    assert read(form_docx(rows)) == PLAIN_EXPECTED


def test_row_counter_with_content_texts_only_reads_the_texts() -> None:
    rows = [
        ("1", "Góp phần tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và đại biểu "
              "Hội đồng nhân dân các cấp", "Tuyên truyền lịch bầu cử qua loa phát thanh", "22-5-2021"),
        ("2", "Hưởng ứng chủ đề năm “Năm xây dựng chính quyền đô thị và cải thiện môi trường đầu tư”",
         "Số hóa sổ đăng bộ", "Quý 2 năm 2021"),
        ("3", "Phòng cháy, chữa cháy và giữ gìn an ninh trật tự trong trường",
         "Tập huấn thoát hiểm cho học sinh", "6 tháng đầu năm 2021"),
        ("4", "Nâng cao chất lượng dạy và học", "Chuyên đề đổi mới sinh hoạt tổ", "tháng 6/2021"),
    ]
    assert read(form_docx(rows, ("STT", "Nội dung thi đua", "Công trình, phần việc", "Thời hạn"))) == [
        (1, "Tuyên truyền lịch bầu cử qua loa phát thanh", "2021-05-22"),
        (3, "Số hóa sổ đăng bộ", "2021-06-30"),
        (11, "Tập huấn thoát hiểm cho học sinh", "2021-06-30"),
        (None, "Chuyên đề đổi mới sinh hoạt tổ", "2021-06-30"),  # names no content: no guess
    ]


def test_header_with_notes_and_a_title_row_above_it() -> None:
    header = ("Stt", "Nội dung thi đua (ghi theo số thứ tự nội dung tại Kế hoạch 701)",
              "Tên công trình/ dự án đăng ký (ghi rõ tên, quy mô, địa điểm thực hiện, người phụ trách)",
              "Dự kiến thời gian hoàn thành")
    rows = [header, ("1.", "Nội dung 1", "Pa-nô bầu cử", "20/5/2021")]
    # the first row, one merged cell, is the table's title: it names a project column but is no header
    assert read(form_docx(rows, ("BẢNG ĐĂNG KÝ CÔNG TRÌNH, DỰ ÁN THI ĐUA",))) == [(1, "Pa-nô bầu cử", "2021-05-20")]


def test_content_named_in_the_first_column_without_stt() -> None:
    rows = [("Nội dung 2", "Ôn tập cuối năm cho học sinh lớp 5", "T6/2021"),
            ("Nội dung số 10", "Niêm yết công khai các khoản thu", "30/6")]
    header = ("Nội dung thi đua", "Tên công trình, dự án", "Thời gian hoàn thành")
    assert read(form_docx(rows, header)) == [
        (2, "Ôn tập cuối năm cho học sinh lớp 5", "2021-06-30"),
        (10, "Niêm yết công khai các khoản thu", "2021-06-30"),
    ]


def test_table_nested_in_a_frame_cell_with_its_own_number_column() -> None:
    header = ("STT", "Tên công trình, phần việc", "Thuộc nội dung số", "Bộ phận", "Thời gian hoàn thành")
    rows = [("1", "Lắp bảng tin bầu cử", "1", "Công đoàn", "ngày 21 tháng 5 năm 2021"),
            ("2", "Vườn rau sạch của lớp", "6", "Liên đội", "trước ngày 30/6/2021"),
            ("3", "Đo độ ồn giờ ra chơi", "8", "Y tế", "Như trên")]
    expected = [(1, "Lắp bảng tin bầu cử", "2021-05-21"), (6, "Vườn rau sạch của lớp", "2021-06-30"),
                (8, "Đo độ ồn giờ ra chơi", "2021-06-30")]
    assert read(form_docx(rows, header, nested=True)) == expected
    assert read(form_docx(rows, header)) == expected  # the same table not nested


def test_merged_section_rows_carry_the_content_of_the_rows_below() -> None:
    assert read(form_docx(SECTION_ROWS)) == SECTION_EXPECTED


def test_a_content_row_with_its_project_left_empty_is_still_an_entry() -> None:
    rows = [("Nội dung 9", "", ""), ("Nội dung 10", "Công khai tài chính", "30/6/2021")]
    header = ("Nội dung thi đua", "Tên công trình, dự án", "Thời gian hoàn thành")
    assert read(form_docx(rows, header)) == [(9, "", None), (10, "Công khai tài chính", "2021-06-30")]


def test_content_spread_over_two_rows_with_merged_cells() -> None:
    rows = [("1.", TITLE[1], "Trang trí khu vực bỏ phiếu", "20/5/2021"),
            ("", "", "Tuyên truyền qua nhóm Zalo lớp", "trước ngày 22/5/2021"),
            ("3.", TITLE[3], "Sổ điểm điện tử", "Quý II/2021")]
    got = read(form_docx(rows, merge_down=[(0, 1, 2), (1, 1, 2)]))
    assert got == [(1, "Trang trí khu vực bỏ phiếu", "2021-05-20"),
                   (1, "Tuyên truyền qua nhóm Zalo lớp", "2021-05-22"),
                   (3, "Sổ điểm điện tử", "2021-06-30")]


def test_short_labels_from_the_config_name_contents() -> None:
    rows = [("1", "Bầu cử", "Pa-nô tuyên truyền bầu cử", "Tháng 5/2021"),
            ("2", "Môi trường đầu tư (PCI)", "Công khai thủ tục tuyển sinh", "Thường xuyên"),
            ("3", "Chống rác thải", "Trường học không túi ni lông", "Quý II/2021"),
            ("4", "Môi trường đầu tư", "Hộp thư góp ý điện tử", "Quý II/2021")]
    header = ("TT", "Nội dung", "Công trình, phần việc", "Thời gian hoàn thành")
    assert read(form_docx(rows, header)) == [
        (1, "Pa-nô tuyên truyền bầu cử", "2021-05-31"),
        (4, "Công khai thủ tục tuyển sinh", None),
        (6, "Trường học không túi ni lông", "2021-06-30"),
        (None, "Hộp thư góp ý điện tử", "2021-06-30"),  # contents 3 and 4 both speak of it
    ]


def test_labels_come_from_the_config() -> None:
    relabelled = CONFIG.model_copy(update={"contents": [
        c.model_copy(update={"labels": []}) for c in CONFIG.contents]})
    rows = [("Chống rác thải", "Trường học không túi ni lông", "Quý II/2021")]
    header = ("Nội dung", "Công trình, phần việc", "Thời gian hoàn thành")
    doc = parsed(form_docx(rows, header))
    assert [e.content_no for e in extract_entries(doc, CONFIG)] == [6]
    assert [e.content_no for e in extract_entries(doc, relabelled)] == [None]


def test_several_projects_in_one_cell_each_with_its_date() -> None:
    rows = [("2.", TITLE[2], "1. Ôn thi cuối năm\n2. Bàn giao chất lượng lớp 5", "1. 25/5/2021\n2. tháng 6/2021"),
            ("3.", TITLE[3], "1. Học bạ số\n2. Thu học phí qua ngân hàng", "Quý 2 năm\n2021")]
    assert read(form_docx(rows)) == [
        (2, "Ôn thi cuối năm", "2021-05-25"),
        (2, "Bàn giao chất lượng lớp 5", "2021-06-30"),
        (3, "Học bạ số", "2021-06-30"),  # one date wrapped over two lines serves both
        (3, "Thu học phí qua ngân hàng", "2021-06-30"),
    ]


def test_same_as_above_in_the_date_column() -> None:
    rows = [("6.", TITLE[6], "Góc tái chế", "từ 10/5 đến 15/6/2021"),
            ("9.", TITLE[9], "Hộp thư phụ huynh", "Như trên"),
            ("11.", TITLE[11], "Diễn tập chữa cháy", "thường xuyên")]
    assert read(form_docx(rows)) == [(6, "Góc tái chế", "2021-06-15"),
                                     (9, "Hộp thư phụ huynh", "2021-06-15"),
                                     (11, "Diễn tập chữa cháy", None)]


def test_row_counter_that_matches_some_contents_by_chance() -> None:
    """Stt 1-4 over contents 1, 2, 6, 9: two rows agree by chance, the texts decide all four."""
    rows = [("1.", TITLE[1], "Vận động cử tri đi bầu", "23/5/2021"),
            ("2.", TITLE[2], "Ôn tập cuối năm", "tháng 5/2021"),
            ("3.", TITLE[6], "Vườn rau của em", "cuối tháng 6 năm 2021"),
            ("4.", TITLE[9], "Trả hồ sơ đúng hạn", "thường xuyên")]
    assert [n for n, _, _ in read(form_docx(rows))] == [1, 2, 6, 9]
    stt_numbers = [("1.", *rows[0][1:]), ("2.", *rows[1][1:]), ("6.", *rows[2][1:]),
                   ("9.", TITLE[10], "Trả hồ sơ đúng hạn", "thường xuyên")]
    # Not a counter (1, 2, 6, 9): the Stt holds, and the row whose text disagrees gets no number.
    assert [n for n, _, _ in read(form_docx(stt_numbers))] == [1, 2, 6, None]


def test_each_project_with_its_date_in_brackets() -> None:
    rows = [("Nội dung 1", "1. Loa phát thanh giờ ra chơi (tháng 5/2021)\n"
                           "2. Cho mượn bàn ghế Tổ bầu cử (23/5/2021)", "Theo từng công trình"),
            ("Nội dung 3", "Phần mềm quản lý thư viện (bản thử)", "Quý II/2021")]
    header = ("Nội dung", "Tên công trình/ dự án đăng ký", "Dự kiến thời gian hoàn thành")
    assert read(form_docx(rows, header)) == [
        (1, "Loa phát thanh giờ ra chơi", "2021-05-31"),
        (1, "Cho mượn bàn ghế Tổ bầu cử", "2021-05-23"),
        (3, "Phần mềm quản lý thư viện (bản thử)", "2021-06-30"),  # a bracket without a date stays
    ]


def test_table_continued_on_the_next_pdf_page_without_its_header() -> None:
    """Should the parser leave a page's part of the table apart, it still continues the table."""
    page1 = (FORM_HEADER, ("1.", TITLE[1], "Treo băng rôn bầu cử", "20/5/2021"),
             ("6.", TITLE[6], "Góc tái chế", "Quý II/2021"))
    page2 = (("", "", "Ngày Chủ nhật xanh", "Như trên"), ("9.", TITLE[9], "Hộp thư góp ý", "30/6"))
    other = (("Nơi nhận:", "HIỆU TRƯỞNG"),)
    blocks = [Block(kind="table", text="", index=1, page=1, rows=page1),
              Block(kind="table", text="", index=2, page=2, rows=page2),
              Block(kind="table", text="", index=3, page=2, rows=other)]
    doc = ParsedDocument(source="form.pdf", format="pdf", blocks=blocks)
    got = extract_entries(doc, CONFIG)
    assert [(e.content_no, e.project, e.expected_completion) for e in got] == [
        (1, "Treo băng rôn bầu cử", "2021-05-20"), (6, "Góc tái chế", "2021-06-30"),
        (6, "Ngày Chủ nhật xanh", "2021-06-30"), (9, "Hộp thư góp ý", "2021-06-30")]
    assert [e.evidence.page for e in got if e.evidence] == [1, 1, 2, 2]


def test_form_read_by_ocr_as_lines() -> None:
    lines = ["BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA", "Stt\tNội dung\tTên công trình | Thời gian",
             "Nội dung 1 (Bầu cử)", "Tuyên truyền bầu cử trên", "bảng tin của trường,", "tháng 5/2021",
             "Nội dung 2\tTỷ lệ học sinh lớp 9 | 30/6/2021", "tốt nghiệp đạt 99%",
             "Nội dung 6: Thực hiện Chỉ thị 19-CT/TU về\tGóc tái chế | Quý:II/2021",
             "Nội dung 11\tTập huấn phòng cháy _ | Quý:II/2021", "HIỆU TRƯỞNG", "Nội dung 9\tKý tên"]
    doc = ParsedDocument(source="scan.pdf", format="pdf", text_source="ocr", blocks=[
        Block(kind="paragraph", text=text, index=i, page=1) for i, text in enumerate(lines, 1)])
    assert [(e.content_no, e.project, e.expected_completion) for e in extract_entries(doc, CONFIG)] == [
        (1, "Tuyên truyền bầu cử trên bảng tin của trường", "2021-05-31"),
        (2, "Tỷ lệ học sinh lớp 9 tốt nghiệp đạt 99%", "2021-06-30"),
        # content 6's own text runs into its project: the row cannot be read, so it is not
        (11, "Tập huấn phòng cháy", "2021-06-30"),
    ]


def test_one_column_holds_the_content_and_its_project() -> None:
    rows = [("1", "Nội dung 1: Tuyên truyền bầu cử qua loa", "tháng 5-6/2021"),
            ("", "Treo băng rôn", "20/5/2021"),  # goes on under content 1
            ("2", "Nội dung 6 (Chống rác thải) - Góc tái chế", "Quý II - III/2021"),
            ("3", "Sơn cổng trường", "30/6")]  # names no content
    assert read(form_docx(rows, ("STT", "Nội dung đăng ký", "Thời gian hoàn thành"))) == [
        (1, "Tuyên truyền bầu cử qua loa", "2021-06-30"),
        (1, "Treo băng rôn", "2021-05-20"),
        (6, "Góc tái chế", "2021-09-30"),
        (None, "Sơn cổng trường", "2021-06-30"),
    ]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_encoded_form_reads_like_unicode(encoding: str) -> None:
    rows = [("1.", "Bầu cử", "Tuyên truyền bầu cử đến phụ huynh", "ngày 23 tháng 5 năm 2021"),
            ("2.", "Nội dung 2", "Hoàn thành chương trình", "cuối tháng 6 năm 2021"),
            ("6.", "Nội dung 6", "Phân loại rác", "trước ngày 30/6/2021"),
            ("9.", "Nội dung 9", "Khảo sát sự hài lòng", "Sáu tháng đầu năm 2021"),
            ("11.", "Nội dung 11", "Diễn tập chữa cháy", "từ 10/5 đến 20/6/2021")]
    expected = [(1, "Tuyên truyền bầu cử đến phụ huynh", "2021-05-23"),
                (2, "Hoàn thành chương trình", "2021-06-30"),
                (6, "Phân loại rác", "2021-06-30"),
                (9, "Khảo sát sự hài lòng", "2021-06-30"),
                (11, "Diễn tập chữa cháy", "2021-06-20")]
    doc = parsed(form_docx(rows, encoding=encoding))
    assert doc.text_source == "legacy"
    assert [(e.content_no, e.project, e.expected_completion)
            for e in extract_entries(doc, CONFIG)] == expected
    assert read(form_docx(rows)) == expected


# ------------------------------------------------------------------------------ letters


def test_letter_with_one_dash_bullet_per_content() -> None:
    got = read(letter_docx([
        "Căn cứ Kế hoạch số 701/KH-GDĐT ngày 04/5/2021, nhà trường đăng ký như sau:",
        "- Nội dung 1: Bố trí phòng nhóm làm nơi bỏ phiếu; tuyên truyền ngày bầu cử. "
        "Thời gian hoàn thành: ngày 23/5/2021.",
        "- Nội dung 3: Công trình “Góc đọc sách điện tử” – số hóa truyện tranh cho bé. "
        "Hoàn thành: tháng 6 năm 2021.",
        "- Nội dung 8: Giảm âm lượng loa trong giờ đón trẻ. Thời gian: thường xuyên.",
        "- Nội dung 9: dự án “Sổ liên lạc điện tử”; dự kiến hoàn thành Quý II/2021.",
    ]))
    assert got == [
        (1, "Bố trí phòng nhóm làm nơi bỏ phiếu; tuyên truyền ngày bầu cử", "2021-05-23"),
        (3, "Công trình “Góc đọc sách điện tử” – số hóa truyện tranh cho bé", "2021-06-30"),
        (8, "Giảm âm lượng loa trong giờ đón trẻ", None),
        (9, "Sổ liên lạc điện tử", "2021-06-30"),
    ]


def test_letter_in_prose_and_with_the_content_text_before_the_project() -> None:
    got = read(letter_docx([
        "Đối với Nội dung 2, nhà trường đăng ký tổ chức ôn tập cho học sinh lớp 9, "
        "dự kiến hoàn thành trước ngày 10/6/2021.",
        f"Nội dung 6: {TITLE[6]}: Phong trào đổi giấy vụn lấy cây xanh, hoàn thành 30/6.",
        "Nội dung đăng ký nêu trên được nhà trường triển khai theo nội dung 3 của Kế hoạch.",
    ]))
    assert got == [
        (2, "tổ chức ôn tập cho học sinh lớp 9", "2021-06-10"),
        (6, "Phong trào đổi giấy vụn lấy cây xanh", "2021-06-30"),
    ]


def test_letter_with_labels_brackets_and_dates_in_brackets() -> None:
    got = read(letter_docx([
        "- Nội dung 6 (Chống rác thải): Bé với môi trường xanh, hoàn thành tháng 6/2021.",
        "- Bầu cử (Nội dung 1): Pa-nô tuyên truyền, hoàn thành 20/5/2021.",
        "Về nội dung 11, trường đăng ký: Tổ chức diễn tập thoát hiểm, thời gian thực hiện: "
        "từ 10/5 đến 25/6/2021.",
        "- Nội dung 2: Ôn tập cho học sinh lớp 9 (tháng 5/2021)",
        "HIỆU TRƯỞNG",  # a heading after an unfinished entry is not part of it
    ]))
    assert got == [
        (6, "Bé với môi trường xanh", "2021-06-30"),
        (1, "Pa-nô tuyên truyền", "2021-05-20"),
        (11, "Tổ chức diễn tập thoát hiểm", "2021-06-25"),
        (2, "Ôn tập cho học sinh lớp 9", "2021-05-31"),
    ]


def test_letter_with_several_projects_in_one_paragraph() -> None:
    got = read(letter_docx([
        "- Nội dung 2: Nhà trường đăng ký 02 công trình: (1) Ôn tập cho học sinh lớp 9, hoàn thành "
        "10/6/2021; (2) Bàn giao chất lượng lớp 5, hoàn thành tháng 6/2021.",
        "- Nội dung 3: 1. Sổ điểm điện tử; 2. Học bạ số. Hoàn thành: Quý II/2021.",
        # neighbour: one project whose text holds numbers and a dot is still one
        "- Nội dung 9: Khảo sát mức độ hài lòng đạt từ 95% trở lên. Hoàn thành: tháng 6/2021.",
    ]))
    assert got == [
        (2, "Ôn tập cho học sinh lớp 9", "2021-06-10"),
        (2, "Bàn giao chất lượng lớp 5", "2021-06-30"),
        (3, "Sổ điểm điện tử", "2021-06-30"),
        (3, "Học bạ số", "2021-06-30"),
        (9, "Khảo sát mức độ hài lòng đạt từ 95% trở lên", "2021-06-30"),
    ]


def test_ocr_line_without_a_date_is_not_taken_for_a_letter_entry() -> None:
    lines = ["V/v đăng ký thi đua", "Nội dung 6: Cuộc vận động AT cà 2002 E222", "2. |không xả rác | Mô",
             "- Nội dung 9: Khảo sát sự hài lòng của phụ huynh, hoàn thành tháng 6/2021."]
    doc = ParsedDocument(source="scan.pdf", format="pdf", text_source="ocr", blocks=[
        Block(kind="paragraph", text=text, index=i, page=1) for i, text in enumerate(lines, 1)])
    assert [(e.content_no, e.project, e.expected_completion) for e in extract_entries(doc, CONFIG)] == [
        (9, "Khảo sát sự hài lòng của phụ huynh", "2021-06-30")]


def test_prose_that_is_not_a_registration_gives_no_entry() -> None:
    assert read(letter_docx([
        "Trong đợt thi đua, nhà trường phấn đấu hoàn thành các chỉ tiêu trước ngày 30/6/2021.",
        "Nội dung thi đua bám sát Kế hoạch 701/KH-GDĐT của Phòng.",
    ])) == []


# ------------------------------------------------------------------------------ PDF


SECTION_ROWS = [
    (f"Nội dung 6: {TITLE[6]}",),  # its own dates (2018) are not completion dates
    ("1.", "", "Ngày hội tái chế", "Quý II/2021"),
    ("2.", "", "Mỗi tuần một giờ dọn vệ sinh", ""),
    (f"Nội dung 2: {TITLE[2]}",),
    ("1.", "", "Hoàn thành chương trình lớp 5", "Tháng 6/2021"),
    ("Phần việc khác của trường",),  # names no content: the rows below get none
    ("1.", "", "Sơn lại cổng trường", "15/6/2021"),
]
SECTION_EXPECTED = [
    (6, "Ngày hội tái chế", "2021-06-30"),
    (6, "Mỗi tuần một giờ dọn vệ sinh", None),
    (2, "Hoàn thành chương trình lớp 5", "2021-06-30"),
    (None, "Sơn lại cổng trường", "2021-06-15"),
]


def test_forms_as_libreoffice_pdf(tmp_path: Path) -> None:
    """In a PDF a merged section row comes back as its text in the Stt cell, the rest empty."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    renumbered = [(str(i), f"Nội dung {n}: {TITLE[n][:50]}", project, date)
                  for i, ((_, _, project, date), n) in enumerate(zip(PLAIN_ROWS, (1, 6, 9), strict=True), 1)]
    legacy = [("6.", "Nội dung 6", "Phân loại rác", "trước ngày 20/6/2021"),
              ("9.", "Nội dung 9", "Hộp thăm dò ý kiến", "Như trên"),
              ("10.", "Nội dung 10", "Công khai tài chính", "Thường xuyên")]
    sources = [tmp_path / "renumbered.docx", tmp_path / "sections.docx", tmp_path / "tcvn3.docx"]
    sources[0].write_bytes(form_docx(renumbered))
    sources[1].write_bytes(form_docx(SECTION_ROWS))
    sources[2].write_bytes(form_docx(legacy, encoding="tcvn3"))
    pdfs = soffice_to_pdf(sources, tmp_path / "out", tmp_path / "profile")
    assert read(pdfs[0].read_bytes(), "pdf") == PLAIN_EXPECTED
    assert read(pdfs[1].read_bytes(), "pdf") == SECTION_EXPECTED
    # TCVN3's bare "ư" is byte 0xAD, a soft hyphen the PDF never draws: "Như trên" arrives
    # as "Nh trên" and must still mean the date above.
    assert read(pdfs[2].read_bytes(), "pdf") == [
        (6, "Phân loại rác", "2021-06-20"), (9, "Hộp thăm dò ý kiến", "2021-06-20"),
        (10, "Công khai tài chính", None)]
