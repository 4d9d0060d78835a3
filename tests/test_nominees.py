"""Nominees read from proposals, council minutes, achievement reports and tax confirmations.

The first half builds parsed documents directly to pin down one behaviour per test; the
second half writes real DOCX files (python-docx, text split into many runs, some in NFD) and
PDFs converted from them by LibreOffice, parses them with ``pipeline.parse`` and reads the
same nominees from every format.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pytest
from docx import Document
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from pipeline.config import Unit
from pipeline.extract import extract_record
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees import MODEL_FIELD, extract_nominees
from pipeline.model import Block, Evidence, InboxItem, Nominee, ParsedDocument
from pipeline.parse import parse_item

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config" / "campaign_2021.yaml"
SOFFICE = shutil.which("soffice")
SOFFICE_TIMEOUT = 300
RUN_PIECE = 5  # characters per run: Word splits text at arbitrary points, mid-word too


Item = str | Sequence[Sequence[str]]  # a paragraph, or a table as rows of cells


def parsed(*items: Item, source: str = "don_vi/tep.docx") -> ParsedDocument:
    """A parsed document made directly from paragraphs and tables (rows of cells)."""
    blocks = []
    for index, item in enumerate(items, start=1):
        if isinstance(item, str):
            blocks.append(Block(kind="paragraph", text=item, index=index))
        else:
            rows = tuple(tuple(row) for row in item)
            text = "\n".join("\t".join(row) for row in rows)
            blocks.append(Block(kind="table", text=text, index=index, rows=rows))
    return ParsedDocument(source=source, format="docx", blocks=blocks)


def summary(nominees: list[Nominee]) -> list[tuple[str, str, str | None]]:
    return [(n.kind, n.name, n.award) for n in nominees]


HEADER = ("UBND QUẬN BÌNH TÂN", "TRƯỜNG THCS BÌNH TÂN", "Số: 25/TTr-THCS")
TABLE_HEAD = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng")


# ----------------------------------------------------------------- proposals: tables


def test_table_with_sections_same_as_above_and_capitals(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        *HEADER,
        "TỜ TRÌNH",
        [
            TABLE_HEAD,
            ("I. TẬP THỂ",),
            ("1", "Trường THCS Bình Tân", "", "Giấy khen của UBND quận"),
            ("II. CÁ NHÂN",),
            ("1", "NGUYỄN THỊ MAI", "Giáo viên", "Như trên"),
            ("2", "Ông Trần Văn Hòa", "Hiệu trưởng", '"'),
            ("3", "Lê Văn Cường", "Giáo viên Trường THCS Tân Tạo", "BK UBND TP"),
            ("", "Tổng cộng", "", ""),
        ],
    )
    nominees, evidence = extract_nominees(doc, "proposal", school, ctx)
    assert evidence == []
    assert summary(nominees) == [
        ("collective", "Trường THCS Bình Tân", "district_merit"),
        ("individual", "Nguyễn Thị Mai", "district_merit"),
        ("individual", "Trần Văn Hòa", "district_merit"),
        ("individual", "Lê Văn Cường", "city_merit"),
    ]
    mai, hoa, cuong = nominees[1:]
    assert (mai.position, mai.unit_id, mai.head_of_unit) == ("Giáo viên", "thcs_binh_tan", False)
    assert hoa.head_of_unit and hoa.approved is None
    assert cuong.unit_id == "thcs_tan_tao"  # the position names another school
    assert cuong.position == "Giáo viên"
    assert mai.evidence == Evidence(
        source="don_vi/tep.docx",
        page=None,
        quote="1 | NGUYỄN THỊ MAI | Giáo viên | Như trên",
        field="nominee",
        paragraph=5,
    )


def test_table_continued_without_its_header(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        [TABLE_HEAD, ("1", "Bà Nguyễn Thị Mai", "Giáo viên", "Giấy khen của UBND quận")],
        [("2", "Bà Phạm Thị Dung", "Tổ trưởng chuyên môn", "Như trên")],
        [("Nơi nhận:", "HIỆU TRƯỞNG")],
    )
    nominees, _ = extract_nominees(doc, "proposal", school, ctx)
    assert summary(nominees) == [
        ("individual", "Nguyễn Thị Mai", "district_merit"),
        ("individual", "Phạm Thị Dung", "district_merit"),
    ]


def test_award_from_the_heading_when_the_table_has_no_award_column(
    ctx: ExtractContext, school: Unit
) -> None:
    doc = parsed(
        "Đề nghị Ủy ban nhân dân quận tặng Giấy khen cho các tập thể, cá nhân sau:",
        [("STT", "Họ và tên", "Chức vụ"), ("1", "Nguyễn Thị Mai", "Giáo viên")],
        "Đề nghị tặng Bằng khen của UBND Thành phố cho:",
        [("STT", "Họ và tên", "Chức vụ"), ("1", "Trần Văn Hòa", "Hiệu trưởng")],
    )
    nominees, _ = extract_nominees(doc, "proposal", school, ctx)
    assert [(n.name, n.award) for n in nominees] == [
        ("Nguyễn Thị Mai", "district_merit"),
        ("Trần Văn Hòa", "city_merit"),
    ]


def test_unknown_award_kept_raw(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        [TABLE_HEAD, ("1", "Nguyễn Thị Mai", "Giáo viên", "Bằng khen của Bộ trưởng Bộ GDĐT")]
    )
    (mai,), _ = extract_nominees(doc, "proposal", school, ctx)
    assert mai.award is None and mai.award_raw == "Bằng khen của Bộ trưởng Bộ GDĐT"


def test_layout_tables_are_not_nominee_tables(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        [("UBND QUẬN BÌNH TÂN\nTRƯỜNG THCS BÌNH TÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")],
        [("Nơi nhận:\n- Như trên;\n- Lưu: VT.", "HIỆU TRƯỞNG\n\nTrần Văn Hòa")],
    )
    assert extract_nominees(doc, "proposal", school, ctx) == ([], [])


# ------------------------------------------------------------------ proposals: prose


PROSE = (
    *HEADER,
    "TỜ TRÌNH",
    "Về việc đề nghị khen thưởng tập thể, cá nhân",
    "Căn cứ Kế hoạch số 701/KH-GDĐT ngày 04/5/2021 của Phòng Giáo dục và Đào tạo quận;",
    "Trường THCS Bình Tân kính đề nghị xét khen thưởng cho các tập thể, cá nhân sau:",
    "1. Tập thể Trường THCS Bình Tân: đề nghị tặng Giấy khen của UBND quận.",
    "2. Bà Nguyễn Thị Mai, Giáo viên Trường THCS Bình Tân – Giấy khen của UBND quận",
    "3. Ông TRẦN VĂN HÒA, Hiệu trưởng – Như trên",
    "4. Tổ Toán - Tin: đề nghị tặng Giấy khen của UBND quận.",
    "5. Đ/c Lê Thị Hoà, Phó Hiệu trưởng: Giấy khen của Chủ tịch UBND phường.",
    "6. Tập thể cán bộ, giáo viên, nhân viên Trường THCS Tân Tạo – Bằng khen của Bộ trưởng.",
    "Hồ sơ gồm:",
    "1. Tờ trình;",
    "2. Biên bản họp Hội đồng Thi đua - Khen thưởng;",
    "Nơi nhận:",
    "- Như trên;",
    "- Lưu: VT.",
    "HIỆU TRƯỞNG",
    "Trần Văn Hòa",
)
PROSE_NOMINEES = [
    ("collective", "Trường THCS Bình Tân", "district_merit"),
    ("individual", "Nguyễn Thị Mai", "district_merit"),
    ("individual", "Trần Văn Hòa", "district_merit"),
    ("collective", "Tổ Toán - Tin", "district_merit"),
    ("individual", "Lê Thị Hòa", "ward_merit"),
    ("collective", "Trường THCS Tân Tạo", None),
]


def test_prose_list(ctx: ExtractContext, school: Unit) -> None:
    nominees, _ = extract_nominees(parsed(*PROSE), "proposal", school, ctx)
    assert summary(nominees) == PROSE_NOMINEES
    mai, hoa, team, hoa2, tan_tao = nominees[1:]
    assert mai.position == "Giáo viên"  # the own unit's name is the unit_id, not the position
    assert hoa.position == "Hiệu trưởng" and hoa.head_of_unit
    assert team.unit_id == "thcs_binh_tan" and team.position == ""
    assert not hoa2.head_of_unit
    assert tan_tao.unit_id == "thcs_tan_tao" and tan_tao.award_raw == "Bằng khen của Bộ trưởng"
    assert mai.evidence is not None and mai.evidence.paragraph == 9
    assert mai.evidence.quote == PROSE[8]


def test_prose_sections_and_the_list_of_enclosures(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "Đề nghị tặng Giấy khen của UBND quận cho:",
        "I. TẬP THỂ",
        "1. Trường THCS Bình Tân.",
        "2. Tổ Toán - Tin.",
        "II. CÁ NHÂN (01 cá nhân)",
        "1. Nguyễn Thị Mai – Giáo viên.",
        "Hồ sơ gồm:",
        "1. Biên bản họp Hội đồng Thi đua - Khen thưởng;",
        "2. Báo cáo thành tích của các tập thể, cá nhân.",
    )
    nominees, _ = extract_nominees(doc, "proposal", school, ctx)
    assert summary(nominees) == [
        ("collective", "Trường THCS Bình Tân", "district_merit"),
        ("collective", "Tổ Toán - Tin", "district_merit"),
        ("individual", "Nguyễn Thị Mai", "district_merit"),
    ]
    assert nominees[2].position == "Giáo viên"


def test_prose_items_run_together_in_one_pdf_paragraph(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "Kính đề nghị khen thưởng cho: 1. Tập thể Trường THCS Bình Tân: đề nghị tặng Giấy khen "
        "của UBND quận. 2. Bà Nguyễn Thị Mai, Giáo viên: đề nghị tặng Giấy khen của UBND quận."
    )
    nominees, _ = extract_nominees(doc, "proposal", school, ctx)
    assert [n.name for n in nominees] == ["Trường THCS Bình Tân", "Nguyễn Thị Mai"]


def test_nfd_text_gives_nfc_names(ctx: ExtractContext, school: Unit) -> None:
    line = unicodedata.normalize("NFD", "1. Bà Nguyễn Thị Hoà, Giáo viên – GK UBND quận")
    (hoa,), _ = extract_nominees(parsed(line), "proposal", school, ctx)
    assert hoa.name == "Nguyễn Thị Hòa" and unicodedata.is_normalized("NFC", hoa.position)
    assert hoa.award == "district_merit"


# --------------------------------------------------------------------------- minutes


MINUTES_HEAD = ("STT", "Họ và tên", "Chức vụ", "Hình thức đề nghị", "Số phiếu đồng ý", "Kết quả")


def test_minutes_table_results_and_votes(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "BIÊN BẢN",
        "Họp Hội đồng Thi đua - Khen thưởng Trường THCS Bình Tân",
        "Thành phần: Hội đồng Thi đua - Khen thưởng, có mặt 17/19 thành viên.",
        "Chủ trì: Ông Trần Văn Hòa - Hiệu trưởng, Chủ tịch Hội đồng.",
        "- Ông Trần Văn Hòa – Hiệu trưởng – Chủ tịch Hội đồng",
        "- Bà Phạm Thị Thu – Thư ký",
        "Kết quả bỏ phiếu như sau:",
        [
            MINUTES_HEAD,
            ("1", "Tập thể Trường THCS Bình Tân", "", "Giấy khen của UBND quận", "17/17", "Đạt"),
            ("2", "NGUYỄN THỊ MAI", "Giáo viên", "Giấy khen của UBND quận", "15", "Thông qua"),
            ("3", "Trần Văn Hòa", "Hiệu trưởng", "Giấy khen của UBND quận", "8/17", "Không đạt"),
            ("4", "Lê Văn Cường", "Giáo viên", "Giấy khen của UBND quận", "7", ""),
            ("5", "Phạm Thị Dung", "Giáo viên", "Giấy khen của UBND quận", "12/17", ""),
        ],
    )
    nominees, _ = extract_nominees(doc, "council_minutes", school, ctx)
    assert [(n.name, n.approved, n.votes_for, n.votes_total) for n in nominees] == [
        ("Trường THCS Bình Tân", True, 17, 17),
        ("Nguyễn Thị Mai", True, 15, 17),  # "15" of the 17 present
        ("Trần Văn Hòa", False, 8, 17),
        ("Lê Văn Cường", False, 7, 17),  # no result written: 7 of 17 is not above half
        ("Phạm Thị Dung", True, 12, 17),
    ]


def test_a_company_row_is_not_a_total_row(ctx: ExtractContext) -> None:
    company = ctx.matcher.units["cty_sach_thiet_bi"]
    doc = parsed(
        "Thành phần: có mặt 7/7 thành viên.",
        [
            MINUTES_HEAD,
            ("1.", "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân", "", "BK UBND TP",
             "7/7", "Thông qua"),
            ("", "Cộng 01", "", "", "", ""),
        ],
    )  # fmt: skip
    (entity,), _ = extract_nominees(doc, "council_minutes", company, ctx)
    assert (entity.kind, entity.unit_id, entity.award, entity.approved) == (
        "collective",
        "cty_sach_thiet_bi",
        "city_merit",
        True,
    )


def test_minutes_table_with_a_two_row_vote_header(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        [
            ("STT", "Họ và tên", "Chức vụ", "Số phiếu", "Ghi chú"),
            ("", "", "", "Đồng ý", "Không đồng ý", ""),
            ("1", "Nguyễn Thị Mai", "Giáo viên", "10", "5", ""),
            ("2", "Trần Văn Hòa", "Hiệu trưởng", "4", "11", ""),
        ],
    )
    nominees, _ = extract_nominees(doc, "council_minutes", school, ctx)
    assert [(n.name, n.approved, n.votes_for, n.votes_total) for n in nominees] == [
        ("Nguyễn Thị Mai", True, 10, 15),
        ("Trần Văn Hòa", False, 4, 15),
    ]


def test_minutes_prose_passed_and_voted_down(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Có mặt: 17 thành viên.",
        "Hội đồng nhất trí đề nghị tặng Giấy khen của UBND quận cho:",
        "1. Tập thể Trường THCS Bình Tân: 15/17 phiếu, đạt.",
        "2. Bà Nguyễn Thị Mai, Giáo viên: 16/17 phiếu đồng ý.",
        "3. Bà Phạm Thị Dung, Giáo viên.",
        "Các trường hợp không được thông qua:",
        "1. Ông Trần Văn Hòa, Hiệu trưởng: 6/17 phiếu.",
        "2. Ông Lê Văn Cường, Giáo viên.",
    )
    nominees, _ = extract_nominees(doc, "council_minutes", school, ctx)
    assert [(n.name, n.position, n.approved, n.votes_for) for n in nominees] == [
        ("Trường THCS Bình Tân", "", True, 15),
        ("Nguyễn Thị Mai", "Giáo viên", True, 16),
        ("Phạm Thị Dung", "Giáo viên", True, None),
        ("Trần Văn Hòa", "Hiệu trưởng", False, 6),
        ("Lê Văn Cường", "Giáo viên", False, None),
    ]
    assert all(n.award == "district_merit" for n in nominees)


def test_attendees_of_the_minutes_are_not_nominees(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Thành phần tham dự:",
        "1. Ông Trần Văn Hòa – Hiệu trưởng – Chủ tịch Hội đồng;",
        "2. Bà Lê Thị Hòa – Phó Hiệu trưởng – Phó Chủ tịch;",
        "Chủ trì: Ông Trần Văn Hòa.",
    )
    assert extract_nominees(doc, "council_minutes", school, ctx) == ([], [])


# ---------------------------------------------------------------- achievement report


def test_achievement_report_of_a_person_with_models(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed(
        "BÁO CÁO TÓM TẮT THÀNH TÍCH",
        "Đề nghị tặng Giấy khen của Ủy ban nhân dân quận",
        "I. SƠ LƯỢC LÝ LỊCH",
        "- Họ và tên (ghi đầy đủ bằng chữ in thường, không viết tắt): Nguyễn Thị Mai",
        "- Chức vụ: Giáo viên",
        "- Đơn vị công tác: Trường THCS Bình Tân",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC (nêu rõ mô hình, sáng kiến, giải pháp được áp dụng hiệu quả)",
        "Năm học qua, tôi thực hiện sáng kiến “Dạy học Toán qua trò chơi” được áp dụng toàn "
        "trường. Lớp chủ nhiệm đạt 100% lên lớp.",
        "Mô hình, giải pháp:",
        "Xây dựng tủ sách lớp học thân thiện.",
        "Sáng kiến kinh nghiệm: Không có.",
    )
    (mai,), evidence = extract_nominees(doc, "achievement_report", school, ctx)
    assert (mai.kind, mai.name, mai.award) == ("individual", "Nguyễn Thị Mai", "district_merit")
    assert mai.position == "Giáo viên" and mai.unit_id == "thcs_binh_tan"
    assert [e.quote for e in evidence] == [
        "Năm học qua, tôi thực hiện sáng kiến “Dạy học Toán qua trò chơi” được áp dụng toàn "
        "trường.",
        "Mô hình, giải pháp: Xây dựng tủ sách lớp học thân thiện.",
    ]
    assert {e.field for e in evidence} == {MODEL_FIELD}
    assert [e.paragraph for e in evidence] == [8, 9]


def test_achievement_report_of_a_collective_without_a_model(
    ctx: ExtractContext, school: Unit
) -> None:
    doc = parsed(
        "BÁO CÁO THÀNH TÍCH",
        "Đề nghị tặng Bằng khen của UBND Thành phố",
        "Tên tập thể: Trường THCS Bình Tân",
        "II. THÀNH TÍCH (nêu rõ mô hình, sáng kiến, giải pháp được áp dụng hiệu quả cao)",
        "Nêu rõ mô hình, giải pháp được áp dụng.",
        "Nhà trường hoàn thành tốt nhiệm vụ năm học.",
        "Mô hình, giải pháp: không có.",
        "Chưa có sáng kiến được công nhận.",
    )
    (collective,), evidence = extract_nominees(doc, "achievement_report", school, ctx)
    assert (collective.kind, collective.name, collective.award) == (
        "collective",
        "Trường THCS Bình Tân",
        "city_merit",
    )
    assert evidence == []


def test_model_keywords_come_from_the_config(ctx: ExtractContext, school: Unit) -> None:
    doc = parsed("Tên tập thể: Trường THCS Bình Tân", "Đề xuất mô hình “Thư viện xanh”.")
    assert len(extract_nominees(doc, "achievement_report", school, ctx)[1]) == 1
    rules = [
        r.model_copy(update={"params": {"keywords": ["đề tài"]}})
        if r.check == "model_or_solution"
        else r
        for r in ctx.config.rules
    ]
    other = ExtractContext(ctx.config.model_copy(update={"rules": rules}), ctx.matcher)
    assert extract_nominees(doc, "achievement_report", school, other)[1] == []


# ------------------------------------------------------------------ tax confirmation


def test_tax_confirmation_names_the_enterprise(ctx: ExtractContext) -> None:
    doc = parsed(
        "CỤC THUẾ TP. HỒ CHÍ MINH",
        "CHI CỤC THUẾ QUẬN BÌNH TÂN",
        "GIẤY XÁC NHẬN",
        "Về việc chấp hành chính sách, pháp luật thuế",
        "Chi cục Thuế quận Bình Tân xác nhận: Công ty CP Sách - Thiết bị trường học Bình Tân, "
        "mã số thuế 0301234567, đã hoàn thành nghĩa vụ nộp thuế đến hết ngày 31/5/2021.",
    )
    (entity,), _ = extract_nominees(doc, "tax_confirmation", None, ctx)
    assert entity.kind == "collective" and entity.unit_id == "cty_sach_thiet_bi"
    assert entity.name == "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân"


def test_tax_confirmation_of_an_entity_outside_the_roster(ctx: ExtractContext) -> None:
    doc = parsed(
        "CHI CỤC THUẾ QUẬN BÌNH TÂN",
        "XÁC NHẬN",
        "Tên người nộp thuế: Công ty TNHH In ấn Phú Lâm",
        "Mã số thuế: 0312345678",
    )
    (entity,), _ = extract_nominees(doc, "tax_confirmation", None, ctx)
    assert (entity.name, entity.unit_id) == ("Công ty TNHH In ấn Phú Lâm", None)


def test_other_document_types_give_nothing(ctx: ExtractContext, school: Unit) -> None:
    assert extract_nominees(parsed(*PROSE), "registration", school, ctx) == ([], [])


# ------------------------------------------------------------ real DOCX and PDF files


def split_runs(paragraph: Paragraph, text: str) -> None:
    """Write ``text`` as Word does after editing: many runs, cut mid-word."""
    for start in range(0, len(text), RUN_PIECE):
        paragraph.add_run(text[start : start + RUN_PIECE])


def build_docx(items: Sequence[Item], nfd: bool = False) -> bytes:
    """A DOCX of paragraphs and tables; a short table row is merged across the table."""
    document = Document()
    form: Literal["NFC", "NFD"] = "NFD" if nfd else "NFC"
    for item in items:
        if isinstance(item, str):
            split_runs(document.add_paragraph(), unicodedata.normalize(form, item))
            continue
        width = max(len(row) for row in item)
        table = document.add_table(rows=len(item), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(item):
            cells = table.rows[r].cells
            if len(row) < width:
                cells[0].merge(cells[width - 1])
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                split_runs(cell.paragraphs[0], unicodedata.normalize(form, text))
        for column, cm in zip(table.columns, (1.2, 5.5, 4.5, 5.0, 2.0, 2.0), strict=False):
            for cell in column.cells:
                cell.width = Cm(cm if width == 4 else cm * 0.8)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Forty-five distinct names as people have them (a name never holds a number).
PEOPLE = [
    f"{family} {middle} {given}"
    for family in ("Nguyễn", "Trần", "Lê", "Phạm", "Võ")
    for middle in ("Văn", "Thị", "Minh")
    for given in ("An", "Bình", "Chi")
]
LONG_TABLE = [
    TABLE_HEAD,
    ("I. TẬP THỂ",),
    ("1", "Trường THCS Bình Tân", "", "Giấy khen của UBND quận"),
    ("II. CÁ NHÂN",),
    *[
        (str(i), name, "Giáo viên", "Như trên" if i > 1 else "GK UBND quận")
        for i, name in enumerate(PEOPLE, start=1)
    ],
]
FILES: dict[str, tuple[str, list[Item], bool]] = {
    "to_trinh_bang": (
        "proposal",
        [*HEADER, "TỜ TRÌNH", "Về việc đề nghị khen thưởng", LONG_TABLE],
        False,
    ),
    "to_trinh_van_xuoi": ("proposal", list(PROSE), True),
    "bien_ban": (
        "council_minutes",
        [
            *HEADER[:2],
            "BIÊN BẢN",
            "Họp Hội đồng Thi đua - Khen thưởng Trường THCS Bình Tân",
            "Thành phần: có mặt 17/19 thành viên.",
            "Kết quả như sau:",
            [
                MINUTES_HEAD,
                ("1", "Tập thể Trường THCS Bình Tân", "", "GK UBND quận", "17/17", "Đạt"),
                ("2", "NGUYỄN THỊ MAI", "Giáo viên", "GK UBND quận", "15/17", "Thông qua"),
                ("3", "Trần Văn Hòa", "Hiệu trưởng", "GK UBND quận", "8/17", "Không đạt"),
            ],
        ],
        False,
    ),
    "bao_cao_ca_nhan": (
        "achievement_report",
        [
            *HEADER[:2],
            "BÁO CÁO TÓM TẮT THÀNH TÍCH",
            "Đề nghị tặng Giấy khen của Ủy ban nhân dân quận",
            "Họ và tên: Nguyễn Thị Mai",
            "Chức vụ: Giáo viên",
            "Năm học qua, tôi thực hiện sáng kiến “Dạy học Toán qua trò chơi” hiệu quả.",
        ],
        True,
    ),
    "bao_cao_tap_the": (
        "achievement_report",
        [
            *HEADER[:2],
            "BÁO CÁO THÀNH TÍCH",
            "Đề nghị tặng Giấy khen của Ủy ban nhân dân quận",
            "Tên tập thể: Trường THCS Bình Tân",
            "II. THÀNH TÍCH ĐẠT ĐƯỢC (nêu rõ mô hình, sáng kiến, giải pháp được áp dụng)",
            "Nhà trường hoàn thành tốt nhiệm vụ năm học 2020 - 2021.",
        ],
        False,
    ),
    "xac_nhan_thue": (
        "tax_confirmation",
        [
            "CHI CỤC THUẾ QUẬN BÌNH TÂN",
            "GIẤY XÁC NHẬN",
            "Về việc chấp hành chính sách, pháp luật thuế",
            "Chi cục Thuế quận Bình Tân xác nhận: Công ty Cổ phần Sách và Thiết bị trường học "
            "Bình Tân, mã số thuế 0301234567, đã hoàn thành nghĩa vụ nộp thuế.",
        ],
        False,
    ),
}


@pytest.fixture(scope="session")
def docx_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("nominee_docx")
    paths = {}
    for name, (_, items, nfd) in FILES.items():
        path = folder / f"{name}.docx"
        path.write_bytes(build_docx(items, nfd=nfd))
        paths[name] = path
    return paths


@pytest.fixture(scope="session")
def pdf_files(
    docx_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDFs to test")
    outdir = tmp_path_factory.mktemp("nominee_pdf")
    profile = tmp_path_factory.mktemp("lo_nominees_profile")
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(outdir), *map(str, docx_files.values())],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )  # fmt: skip
    return {name: outdir / f"{name}.pdf" for name in docx_files}


def read(
    path: Path, ctx: ExtractContext, school: Unit | None
) -> tuple[list[Nominee], list[Evidence], ParsedDocument]:
    data = path.read_bytes()
    item = InboxItem(
        source=f"thcs_binh_tan/{path.name}",
        sha256=hashlib.sha256(data).hexdigest(),
        format=path.suffix[1:],
        data=data,
    )
    doc = parse_item(item)
    assert doc.errors == []
    doc_type = FILES[path.stem][0]
    nominees, evidence = extract_nominees(doc, doc_type, school, ctx)
    return nominees, evidence, doc


@pytest.fixture(params=["docx", "pdf"])
def files(request: pytest.FixtureRequest, docx_files: dict[str, Path]) -> dict[str, Path]:
    if request.param == "docx":
        return docx_files
    pdfs: dict[str, Path] = request.getfixturevalue("pdf_files")
    return pdfs


def test_real_proposal_table_over_pages(
    files: dict[str, Path], ctx: ExtractContext, school: Unit
) -> None:
    nominees, _, doc = read(files["to_trinh_bang"], ctx, school)
    assert len(nominees) == 46
    assert summary(nominees)[:2] == [
        ("collective", "Trường THCS Bình Tân", "district_merit"),
        ("individual", PEOPLE[0], "district_merit"),
    ]
    assert all(n.award == "district_merit" for n in nominees)
    assert nominees[-1].name == PEOPLE[-1]
    last = nominees[-1].evidence
    assert last is not None and PEOPLE[-1] in last.quote
    if doc.format == "pdf":
        assert doc.page_count >= 2 and last.page is not None and last.paragraph is None
    else:
        assert last.page is None and last.paragraph is not None


def test_real_prose_proposal_in_nfd(
    files: dict[str, Path], ctx: ExtractContext, school: Unit
) -> None:
    nominees, _, _ = read(files["to_trinh_van_xuoi"], ctx, school)
    assert summary(nominees) == PROSE_NOMINEES
    assert all(unicodedata.is_normalized("NFC", n.name + n.position) for n in nominees)


def test_real_minutes(files: dict[str, Path], ctx: ExtractContext, school: Unit) -> None:
    nominees, _, _ = read(files["bien_ban"], ctx, school)
    assert [(n.name, n.approved, n.votes_for, n.votes_total) for n in nominees] == [
        ("Trường THCS Bình Tân", True, 17, 17),
        ("Nguyễn Thị Mai", True, 15, 17),
        ("Trần Văn Hòa", False, 8, 17),
    ]


def test_real_achievement_reports(
    files: dict[str, Path], ctx: ExtractContext, school: Unit
) -> None:
    (mai,), evidence, _ = read(files["bao_cao_ca_nhan"], ctx, school)
    assert (mai.name, mai.position, mai.award) == ("Nguyễn Thị Mai", "Giáo viên", "district_merit")
    assert [e.quote for e in evidence] == [
        "Năm học qua, tôi thực hiện sáng kiến “Dạy học Toán qua trò chơi” hiệu quả."
    ]
    (collective,), evidence, _ = read(files["bao_cao_tap_the"], ctx, school)
    assert collective.name == "Trường THCS Bình Tân" and evidence == []


def test_real_tax_confirmation(files: dict[str, Path], ctx: ExtractContext) -> None:
    (entity,), _, _ = read(files["xac_nhan_thue"], ctx, None)
    assert entity.unit_id == "cty_sach_thiet_bi"


def test_extract_record_fills_the_record(docx_files: dict[str, Path], ctx: ExtractContext) -> None:
    """Through the whole extract stage: classified, sender found, nominees and evidence kept."""
    path = docx_files["bao_cao_ca_nhan"]
    item = InboxItem(source=path.name, sha256="0" * 64, format="docx", data=path.read_bytes())
    record = extract_record(item, parse_item(item), ctx)
    assert record.doc_type == "achievement_report" and record.unit_id == "thcs_binh_tan"
    assert [n.name for n in record.nominees] == ["Nguyễn Thị Mai"]
    assert [e.field for e in record.evidence].count(MODEL_FIELD) == 1
