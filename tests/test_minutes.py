"""Council minutes read by their sections: only the result names nominees; the quorum.

Each test writes a real DOCX with python-docx (paragraphs and tables, a header table as
schools write it, a signature table at the end) and reads it through ``pipeline.parse``.
The minutes are phrased as different hands write them: with Roman-numeral headings, with
"Thành phần:" lines only, with no headings at all.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document

from pipeline.config import Unit
from pipeline.extract import extract_record
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees import NomineeFacts, extract_nominee_facts, read_quorum
from pipeline.model import Block, InboxItem, ParsedDocument
from pipeline.parse import parse_item

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config" / "campaign_2021.yaml"

Item = str | Sequence[Sequence[str]]  # a paragraph, or a table as rows of cells
HEADER_TABLE = [
    ("UBND QUẬN BÌNH TÂN\nTRƯỜNG THCS BÌNH TÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 05/BB-HĐTĐKT", "Bình Tân, ngày 14 tháng 6 năm 2021"),
]  # fmt: skip


def build_docx(items: Sequence[Item]) -> bytes:
    """A DOCX of paragraphs and tables, the runs of each paragraph split as Word does."""
    document = Document()
    for item in items:
        if isinstance(item, str):
            paragraph = document.add_paragraph()
            for start in range(0, len(item), 7):
                paragraph.add_run(item[start : start + 7])
            continue
        width = max(len(row) for row in item)
        table = document.add_table(rows=len(item), cols=width)
        for r, row in enumerate(item):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse(items: Sequence[Item], name: str = "bien_ban.docx") -> tuple[InboxItem, ParsedDocument]:
    data = build_docx(items)
    item = InboxItem(source=f"thcs_binh_tan/{name}", sha256="0" * 64, format="docx", data=data)
    doc = parse_item(item)
    assert doc.errors == []
    return item, doc


def minutes(items: Sequence[Item], ctx: ExtractContext, unit: Unit) -> NomineeFacts:
    _, doc = parse(items)
    return extract_nominee_facts(doc, "council_minutes", unit, ctx)


# Attendance of seven named with positions and roles; the result names three.
ATTENDANCE_AND_RESULT: list[Item] = [
    HEADER_TABLE,
    "BIÊN BẢN",
    "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng đợt thi đua cao điểm năm 2021",
    "I. THỜI GIAN, ĐỊA ĐIỂM",
    "Lúc 14 giờ 00 ngày 14/6/2021 tại phòng họp Trường THCS Bình Tân.",
    "II. THÀNH PHẦN",
    "Có mặt 7/7 thành viên Hội đồng Thi đua - Khen thưởng, gồm:",
    "- Ông Trần Văn Hòa, Hiệu trưởng – Chủ tịch Hội đồng;",
    "- Bà Lê Thị Hòa, Phó Hiệu trưởng – Phó Chủ tịch Hội đồng;",
    "- Ông Phạm Quốc Việt, Chủ tịch Công đoàn – Ủy viên;",
    "- Bà Đỗ Ngọc Ánh, Bí thư Chi đoàn – Ủy viên;",
    "- Bà Huỳnh Thị Diệu, Tổ trưởng Tổ Toán – Ủy viên;",
    "- Ông Võ Minh Luân, Tổng phụ trách Đội – Ủy viên;",
    "- Bà Ngô Thị Sen, Văn thư – Thư ký.",
    "III. NỘI DUNG",
    "1. Bà Lê Thị Hòa, Phó Chủ tịch Hội đồng, thông qua tiêu chuẩn và danh sách các tổ đề xuất.",
    "2. Hội đồng thảo luận và bỏ phiếu kín từng trường hợp. Kết quả bỏ phiếu:",
    "1. Tổ Ngữ văn – Giấy khen của UBND quận: 7/7 phiếu đồng ý.",
    "2. Bà Nguyễn Thị Mai, giáo viên Ngữ văn – Giấy khen của UBND quận: 7/7 phiếu đồng ý.",
    "3. Ông Đặng Văn Tài, nhân viên thiết bị – Giấy khen của UBND quận: 6/7 phiếu đồng ý.",
    "IV. KẾT LUẬN",
    "Hội đồng thống nhất đề nghị khen thưởng 01 tập thể và 02 cá nhân nêu trên.",
    "Cuộc họp kết thúc lúc 15 giờ 30 cùng ngày.",
    [("THƯ KÝ\n\n\nNgô Thị Sen", "CHỦ TỊCH HỘI ĐỒNG\n\n\nTrần Văn Hòa")],
]


def test_attendance_of_seven_and_a_result_of_three(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(ATTENDANCE_AND_RESULT, ctx, school)
    assert [(n.kind, n.name, n.approved, n.votes_for, n.votes_total) for n in facts.nominees] == [
        ("collective", "Tổ Ngữ văn", True, 7, 7),
        ("individual", "Nguyễn Thị Mai", True, 7, 7),
        ("individual", "Đặng Văn Tài", True, 6, 7),
    ]
    assert all(n.award == "district_merit" for n in facts.nominees)
    assert facts.quorum is not None
    assert (facts.quorum.present, facts.quorum.members) == (7, 7)
    assert facts.quorum.evidence is not None and "7/7" in facts.quorum.evidence.quote


def test_extract_record_carries_the_quorum(ctx: ExtractContext) -> None:
    item, doc = parse(ATTENDANCE_AND_RESULT)
    record = extract_record(item, doc, ctx)
    assert record.doc_type == "council_minutes"
    assert record.quorum is not None and (record.quorum.present, record.quorum.members) == (7, 7)
    names = [n.name for n in record.nominees]
    assert names == ["Tổ Ngữ văn", "Nguyễn Thị Mai", "Đặng Văn Tài"]
    assert not any("mặt" in name or "7/7" in name for name in names)
    assert read_quorum(doc) == record.quorum


def test_a_vote_table_with_one_failed_and_an_attendance_table(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = minutes(
        [
            HEADER_TABLE,
            "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
            "Thành phần tham dự:",
            [
                ("STT", "Họ và tên", "Chức vụ", "Nhiệm vụ", "Ghi chú"),
                ("1", "Trần Văn Hòa", "Hiệu trưởng", "Chủ tịch", "Có mặt"),
                ("2", "Lê Thị Hòa", "Phó Hiệu trưởng", "Phó Chủ tịch", "Có mặt"),
                ("3", "Phạm Quốc Việt", "Chủ tịch Công đoàn", "Ủy viên", "Vắng"),
                ("4", "Nguyễn Thị Mai", "Giáo viên", "Ủy viên", "Có mặt"),
                ("5", "Ngô Thị Sen", "Văn thư", "Thư ký", "Có mặt"),
            ],
            "Chủ tọa: ông Trần Văn Hòa. Thư ký: bà Ngô Thị Sen.",
            "Kết quả biểu quyết",
            [
                ("TT", "Tên tập thể, cá nhân", "Hình thức đề nghị", "Số phiếu", "Kết quả"),
                ("1", "Trường THCS Bình Tân", "Bằng khen UBND Thành phố", "4/4", "Đạt"),
                ("2", "Lê Thị Hòa", "Giấy khen UBND quận", "4/4", "Đạt"),
                ("3", "Trương Công Định", "Giấy khen UBND quận", "1/4", "Không đạt"),
            ],
            "Buổi họp kết thúc lúc 10 giờ cùng ngày.",
        ],
        ctx,
        school,
    )
    assert [(n.name, n.approved, n.votes_for, n.award) for n in facts.nominees] == [
        ("Trường THCS Bình Tân", True, 4, "city_merit"),
        ("Lê Thị Hòa", True, 4, "district_merit"),
        ("Trương Công Định", False, 1, "district_merit"),
    ]
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (4, 5)


def test_prose_result_without_headings_and_soft_refusals(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(
        [
            HEADER_TABLE,
            "BIÊN BẢN",
            "V/v xét đề nghị khen thưởng đợt thi đua cao điểm",
            "Hôm nay, lúc 8 giờ ngày 14/6/2021, Hội đồng Thi đua - Khen thưởng Trường THCS Bình "
            "Tân gồm 9 thành viên họp, có mặt 9 thành viên. Chủ trì: ông Trần Văn Hòa, Hiệu "
            "trưởng. Thư ký: bà Ngô Thị Sen.",
            "Sau khi nghe bà Lê Thị Hòa, Phó Hiệu trưởng, trình bày thành tích, 100% thành viên "
            "nhất trí đề nghị Ủy ban nhân dân quận tặng Giấy khen cho 01 tập thể là Tổ Tiếng Anh "
            "và 02 cá nhân gồm bà Nguyễn Thị Mai, giáo viên, và ông Trịnh Quang Huy, Tổ trưởng Tổ "
            "Tiếng Anh, đã có thành tích xuất sắc.",
            "Riêng trường hợp bà Lâm Ngọc Trâm, nhân viên thư viện, Hội đồng chưa đề nghị khen "
            "thưởng trong đợt này.",
            "Đối với ông Cù Văn Phát, bảo vệ: không được thông qua (4/9).",
            "Biên bản kết thúc lúc 9 giờ 15 phút.",
        ],
        ctx,
        school,
    )
    got = [(n.kind, n.name, n.approved) for n in facts.nominees]
    assert got == [
        ("collective", "Tổ Tiếng Anh", True),
        ("individual", "Nguyễn Thị Mai", True),
        ("individual", "Trịnh Quang Huy", True),
        ("individual", "Lâm Ngọc Trâm", False),
        ("individual", "Cù Văn Phát", False),
    ]
    huy = facts.nominees[2]
    assert huy.position == "Tổ trưởng Tổ Tiếng Anh" and huy.award == "district_merit"
    assert (huy.votes_for, huy.votes_total) == (9, 9)  # "100% thành viên" of the nine present
    assert (facts.nominees[4].votes_for, facts.nominees[4].votes_total) == (4, 9)
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (9, 9)


def test_numbered_result_lines_with_a_refusal_and_members_counted_by_absence(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = minutes(
        [
            "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA",
            "Thành phần: có mặt 8 đồng chí, vắng 1 đồng chí (bà Kiều Thị Nguyệt, đi công tác).",
            "Hội đồng bỏ phiếu, kết quả như sau:",
            "1. Bà Nguyễn Thị Mai, giáo viên Tiếng Anh: 8/8 phiếu đồng ý.",
            "2. Ông Lương Minh Tâm, nhân viên bảo vệ: 3/8 phiếu đồng ý - không thông qua.",
            "THƯ KÝ",
            "Ngô Thị Sen",
        ],
        ctx,
        school,
    )
    assert [(n.name, n.approved, n.votes_for, n.votes_total) for n in facts.nominees] == [
        ("Nguyễn Thị Mai", True, 8, 8),
        ("Lương Minh Tâm", False, 3, 8),
    ]
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (8, 9)


def test_attendance_only_gives_no_nominee(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(
        [
            "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
            "Có mặt 7/7 thành viên Hội đồng Thi đua, gồm:",
            "- Ông Trần Văn Hòa, Hiệu trưởng – Chủ tịch Hội đồng;",
            "- Bà Lê Thị Hòa, Phó Hiệu trưởng – Phó Chủ tịch Hội đồng;",
            "Cuộc họp kết thúc lúc 9 giờ.",
            [("THƯ KÝ\nNgô Thị Sen", "CHỦ TỊCH HỘI ĐỒNG\nTrần Văn Hòa")],
        ],
        ctx,
        school,
    )
    assert facts.nominees == []
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (7, 7)


def test_a_vote_table_read_by_ocr_as_tab_separated_lines(ctx: ExtractContext, school: Unit) -> None:
    """A scan's table comes out of OCR as lines of cells: a collective's name and an award
    wrap onto the next line, stray marks stand between the cells."""
    lines = [
        "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Thành phần: Có mặt 9/9 thành viên Hội đồng do ông Trần Văn Hòa, Hiệu trưởng",
        "làm Chủ tịch; thư ký: bà Ngô Thị Sen.",
        "Kết quả biểu quyết (giơ tay):",
        "Tổ chuyên môn\tGiấy khen UBND:",
        "Khối Bốn\tquận\t:",
        "2\tLê Thị Hòa °\tGiấy khen UBND\t8/9",
        ":\tquận\t`",
        "Hội đồng thống nhất thông qua danh sách trên. Cuộc họp kết thúc lúc 17 giờ 00.",
        "THƯ KÝ\tCHỦ TỊCH HỘI ĐỒNG",
        "Ngô Thị Sen",
        "Trần Văn Hòa",
    ]
    blocks = [
        Block(kind="paragraph", text=text, index=i, page=1) for i, text in enumerate(lines, 1)
    ]
    doc = ParsedDocument(source="bien_ban_scan.pdf", format="pdf", blocks=blocks)
    facts = extract_nominee_facts(doc, "council_minutes", school, ctx)
    got = [(n.kind, n.name, n.award, n.approved, n.votes_for) for n in facts.nominees]
    assert got == [
        ("collective", "Tổ chuyên môn Khối Bốn", "district_merit", True, None),
        ("individual", "Lê Thị Hòa", "district_merit", True, 8),
    ]
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (9, 9)


def test_the_list_examined_then_passed_whole(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(
        [
            HEADER_TABLE,
            "BIÊN BẢN",
            "Họp Hội đồng Thi đua - Khen thưởng xét đề nghị tặng Giấy khen của UBND quận",
            "Thành phần: có mặt 9/9 thành viên Hội đồng; chủ trì: bà Lê Thị Hòa – Hiệu trưởng, "
            "Chủ tịch Hội đồng; thư ký: ông Mã Văn Tường.",
            "Hội đồng xem xét danh sách do các tổ đề xuất:",
            "1. Trường THCS Bình Tân – đề nghị Bằng khen của Ủy ban nhân dân Thành phố;",
            "2. Ông Phạm Gia Bảo – Giáo viên Tin học – đề nghị Giấy khen của UBND quận.",
            "Kết quả biểu quyết: 100% thành viên nhất trí thông qua toàn bộ danh sách.",
            "Cuộc họp kết thúc lúc 9 giờ 15 phút cùng ngày.",
        ],
        ctx,
        school,
    )
    got = [(n.name, n.award, n.approved, n.votes_for, n.votes_total) for n in facts.nominees]
    assert got == [
        ("Trường THCS Bình Tân", "city_merit", True, 9, 9),
        ("Phạm Gia Bảo", "district_merit", True, 9, 9),
    ]


def test_a_result_in_one_sentence_of_clauses(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(
        [
            "BIÊN BẢN HỌP XÉT THI ĐUA - KHEN THƯỞNG",
            "Có mặt: 8/9 thành viên Hội đồng; vắng ông Bạch Văn Tùng (ốm).",
            "Chủ tọa: ông Hứa Minh Quân, Hiệu trưởng. Thư ký: bà Vi Thị Thắm.",
            "Kết quả bỏ phiếu: tập thể Trường THCS Bình Tân đạt 8/8 phiếu; ông Tạ Quang Vinh, "
            "giáo viên Thể dục, đạt 7/8 phiếu; bà Vương Thị Yến, nhân viên, đạt 3/8 phiếu.",
            "Cuộc họp kết thúc lúc 14 giờ 50 phút.",
        ],
        ctx,
        school,
    )
    got = [(n.kind, n.name, n.position, n.approved, n.votes_for) for n in facts.nominees]
    assert got == [
        ("collective", "Trường THCS Bình Tân", "", True, 8),
        ("individual", "Tạ Quang Vinh", "giáo viên Thể dục", True, 7),
        ("individual", "Vương Thị Yến", "nhân viên", False, 3),
    ]
    assert facts.quorum is not None and (facts.quorum.present, facts.quorum.members) == (8, 9)


def test_minutes_without_headings_or_vote_words(ctx: ExtractContext, school: Unit) -> None:
    """No "Kết quả", no vote: the result is what follows the list of members."""
    facts = minutes(
        [
            "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
            "Thành phần tham dự:",
            "- Ông Trần Văn Hòa, Hiệu trưởng;",
            "- Bà Lê Thị Hòa, Phó Hiệu trưởng;",
            "- Bà Ngô Thị Sen, Văn thư.",
            "Hội đồng đã xem xét thành tích các cá nhân do các tổ giới thiệu.",
            "Các cá nhân được đề nghị tặng Giấy khen của UBND quận:",
            "- Bà Nguyễn Thị Mai, giáo viên Ngữ văn;",
            "- Ông Đặng Văn Tài, nhân viên thiết bị.",
        ],
        ctx,
        school,
    )
    assert [n.name for n in facts.nominees] == ["Nguyễn Thị Mai", "Đặng Văn Tài"]
    assert all(n.award == "district_merit" for n in facts.nominees)
    assert all(n.approved is None and n.doubt for n in facts.nominees)  # no vote written


def test_a_result_naming_them_right_after_the_request(ctx: ExtractContext, school: Unit) -> None:
    facts = minutes(
        [
            "BIÊN BẢN",
            "Thành phần: có mặt 7/7 thành viên.",
            "Kết quả: Hội đồng thống nhất 100% (7/7) đề nghị khen thưởng tập thể Trường THCS "
            "Bình Tân và bà Lâm Thị Thu Hà, giáo viên Toán.",
            "Cuộc họp kết thúc lúc 15 giờ 30 phút.",
        ],
        ctx,
        school,
    )
    got = [(n.kind, n.name, n.approved, n.votes_for, n.votes_total) for n in facts.nominees]
    assert got == [
        ("collective", "Trường THCS Bình Tân", True, 7, 7),
        ("individual", "Lâm Thị Thu Hà", True, 7, 7),
    ]


def test_tellers_and_speakers_in_the_result_are_not_nominees(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = minutes(
        [
            "BIÊN BẢN",
            "Thành phần: có mặt 9/9 thành viên.",
            "Hội đồng tiến hành bỏ phiếu kín. Ban kiểm phiếu gồm: ông Đặng Hoàng Phúc (Trưởng "
            "ban); bà Cao Thị Tuyết.",
            "- Ông Trần Văn An, Hiệu trưởng, trình bày báo cáo thành tích của nhà trường.",
            "Kết quả kiểm phiếu:",
            "1. Bà Nguyễn Thị Mai, giáo viên: 9/9 phiếu.",
            "Cuộc họp kết thúc lúc 10 giờ.",
        ],
        ctx,
        school,
    )
    assert [(n.name, n.approved, n.votes_for) for n in facts.nominees] == [
        ("Nguyễn Thị Mai", True, 9)
    ]


def test_a_table_of_members_by_their_council_role_is_the_attendance(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = minutes(
        [
            "BIÊN BẢN",
            "Thành phần: có mặt 4/4 thành viên.",
            [
                ("TT", "Họ và tên", "Chức vụ", "Chức danh HĐ"),
                ("1", "Trần Văn Hòa", "Hiệu trưởng", "Chủ tịch"),
                ("2", "Lê Thị Hòa", "Phó Hiệu trưởng", "Phó Chủ tịch"),
                ("3", "Phạm Quốc Việt", "Chủ tịch Công đoàn", "Ủy viên"),
                ("4", "Ngô Thị Sen", "Văn thư", "Thư ký"),
            ],
            "Hội đồng đã xem xét hồ sơ; bà Nguyễn Thị Mai, giáo viên: 4/4 phiếu đồng ý.",
        ],
        ctx,
        school,
    )
    assert [(n.name, n.approved, n.votes_for) for n in facts.nominees] == [
        ("Nguyễn Thị Mai", True, 4)
    ]
