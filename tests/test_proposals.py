"""Proposals (tờ trình, công văn đề nghị, danh sách): who is asked an award for, and no one else.

Real DOCX built with python-docx (see ``tests.test_minutes.build_docx``), in the phrasings of
several hands: nominees in a sentence, in lines under "Tập thể (01): …", in a table whose
columns come in another order with the award cell merged down; addressed to offices in
"Kính gửi" and "Nơi nhận", which are never nominees.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.config import Unit
from pipeline.extract import extract_record
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees import NomineeFacts, extract_nominee_facts
from tests.test_minutes import HEADER_TABLE, Item, parse


def proposal(items: Sequence[Item], ctx: ExtractContext, unit: Unit) -> NomineeFacts:
    _, doc = parse(items, name="to_trinh.docx")
    return extract_nominee_facts(doc, "proposal", unit, ctx)


SIGNATURE = [("Nơi nhận:\n- Như trên;\n- Phòng Nội vụ quận;\n- Lưu: VT.", "HIỆU TRƯỞNG\n\n\n"
              "Trần Văn Hòa")]  # fmt: skip


def test_a_proposal_in_prose(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            HEADER_TABLE,
            "TỜ TRÌNH",
            "Về việc đề nghị tặng Giấy khen cho tập thể, cá nhân có thành tích xuất sắc",
            "Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân.",
            "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng ngày 14/6/2021 cho các tổ;",
            "Trường THCS Bình Tân kính trình Phòng Giáo dục và Đào tạo quận xem xét, đề nghị "
            "tặng Giấy khen của Ủy ban nhân dân quận cho 01 tập thể là Tổ Ngữ văn và 02 cá nhân "
            "gồm bà Nguyễn Thị Mai, Phó Hiệu trưởng và ông Trịnh Quang Huy, giáo viên Tin học, "
            "đã có thành tích xuất sắc trong đợt thi đua.",
            "Kính trình./.",
            SIGNATURE,
        ],
        ctx,
        school,
    )
    got = [(n.kind, n.name, n.position, n.award, n.approved) for n in facts.nominees]
    assert got == [
        ("collective", "Tổ Ngữ văn", "", "district_merit", None),
        ("individual", "Nguyễn Thị Mai", "Phó Hiệu trưởng", "district_merit", None),
        ("individual", "Trịnh Quang Huy", "giáo viên Tin học", "district_merit", None),
    ]
    assert not facts.nominees[1].head_of_unit
    assert facts.nominees[0].evidence is not None
    assert "01 tập thể là Tổ Ngữ văn" in facts.nominees[0].evidence.quote


def test_offices_addressed_are_never_nominees(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            HEADER_TABLE,
            "TỜ TRÌNH",
            "V/v đề nghị khen thưởng đợt thi đua cao điểm năm 2021",
            "Kính gửi:",
            "- Phòng Giáo dục và Đào tạo quận Bình Tân;",
            "- Phòng Nội vụ quận Bình Tân.",
            "Trường THCS Bình Tân đề nghị khen thưởng các tập thể, cá nhân sau:",
            [
                ("Hình thức khen thưởng", "STT", "Họ và tên", "Đơn vị", "Chức vụ"),
                ("I. TẬP THỂ",),
                ("Bằng khen của UBND Thành phố", "1", "Trường THCS Bình Tân", "Quận Bình Tân", ""),
                ("II. CÁ NHÂN",),
                ("Giấy khen của UBND quận", "1", "Trần Văn Hòa", "Trường THCS Bình Tân",
                 "Hiệu trưởng"),
                ("", "2", "Phan Thị Thu Cúc", "Trường THCS Bình Tân", "Kế toán"),
            ],
            "Nơi nhận:",
            "- Như trên;",
            "- Phòng Tài chính - Kế hoạch quận;",
            "- Lưu: VT.",
            "HIỆU TRƯỞNG",
            "Trần Văn Hòa",
        ],
        ctx,
        school,
    )  # fmt: skip
    assert [(n.kind, n.name, n.award) for n in facts.nominees] == [
        ("collective", "Trường THCS Bình Tân", "city_merit"),
        ("individual", "Trần Văn Hòa", "district_merit"),
        ("individual", "Phan Thị Thu Cúc", "district_merit"),  # the award merged down
    ]
    assert facts.nominees[1].head_of_unit and facts.nominees[1].position == "Hiệu trưởng"
    assert not any(n.name.startswith("Phòng") for n in facts.nominees)


def test_a_kind_heading_with_its_name_after_the_colon(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            "CÔNG VĂN",
            "Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân.",
            "1. Đề nghị Ủy ban nhân dân quận tặng Giấy khen:",
            "a) Tập thể (01): Tổ khối 3.",
            "b) Cá nhân (02):",
            "- Bà Nguyễn Thị Mai, giáo viên, Tổ trưởng Tổ khối 3;",
            "- Ông Phạm Quốc Việt, Giáo viên – Tổng phụ trách Đội.",
            "Hồ sơ kèm theo gồm: Biên bản họp Hội đồng Thi đua – Khen thưởng.",
            SIGNATURE,
        ],
        ctx,
        school,
    )
    assert [(n.kind, n.name, n.award) for n in facts.nominees] == [
        ("collective", "Tổ khối 3", "district_merit"),
        ("individual", "Nguyễn Thị Mai", "district_merit"),
        ("individual", "Phạm Quốc Việt", "district_merit"),
    ]
    assert facts.nominees[2].position == "Giáo viên – Tổng phụ trách Đội"


def test_fragments_are_never_nominees_and_an_unreadable_name_is_a_notice(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = proposal(
        [
            "TỜ TRÌNH",
            "Hội đồng họp ngày 14/6/2021: có mặt 7/7 thành viên Hội đồng Thi đua.",
            "- mặt 7/7 thành viên Hội đồng Thi đua – Giấy khen của UBND quận;",
            "Đề nghị tặng Giấy khen của UBND quận cho:",
            "1. Bà Nguyễn Thị Mai, giáo viên: Giấy khen của UBND quận.",
            "2. Bà Ng*yễn Th? L@n, giáo viên: Giấy khen của UBND quận.",
            "3. Tổ chức tốt phong trào thi đua trong toàn trường – 7/7 lớp đạt.",
        ],
        ctx,
        school,
    )
    assert [n.name for n in facts.nominees] == ["Nguyễn Thị Mai"]
    assert [n.code for n in facts.notices] == ["EXTRACTION_DOUBT"]
    evidence = facts.notices[0].evidence
    assert evidence is not None and "Th? L@n" in evidence.quote


def test_an_unreadable_award_is_a_doubt(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            [
                ("STT", "Họ và tên", "Chức vụ"),
                ("1", "Nguyễn Thị Mai", "Giáo viên"),
            ],
        ],
        ctx,
        school,
    )
    (mai,) = facts.nominees
    assert mai.award is None and "hình thức khen thưởng" in mai.doubt


def test_extract_record_of_a_proposal_keeps_its_notices(ctx: ExtractContext) -> None:
    item, doc = parse(
        [
            HEADER_TABLE,
            "TỜ TRÌNH",
            "Về việc đề nghị khen thưởng",
            "Đề nghị tặng Giấy khen của UBND quận cho:",
            "1. Ông Tr@n V# Hòa, Hiệu trưởng: Giấy khen của UBND quận.",
            "2. Bà Lê Thị Hòa, Phó Hiệu trưởng: Giấy khen của UBND quận.",
        ],
        name="to_trinh.docx",
    )
    record = extract_record(item, doc, ctx)
    assert record.doc_type == "proposal"
    assert [n.name for n in record.nominees] == ["Lê Thị Hòa"]
    doubts = [n for n in record.notices if n.code == "EXTRACTION_DOUBT"]
    assert len(doubts) == 1 and doubts[0].evidence is not None
    assert "Tr@n" in doubts[0].evidence.quote


def test_a_sentence_naming_a_collective_with_its_kind_in_brackets(
    ctx: ExtractContext, school: Unit
) -> None:
    facts = proposal(
        [
            "TỜ TRÌNH",
            "Xét đề nghị của Hội đồng Thi đua - Khen thưởng nhà trường, Trường THCS Bình Tân kính "
            "đề nghị Ủy ban nhân dân quận tặng Giấy khen cho Tổ Khối 3 (tập thể) và bà Cao Thị "
            "Mỹ Linh, Phó Hiệu trưởng, đã có thành tích xuất sắc trong đợt thi đua cao điểm.",
        ],
        ctx,
        school,
    )
    assert [(n.kind, n.name, n.position) for n in facts.nominees] == [
        ("collective", "Tổ Khối 3", ""),
        ("individual", "Cao Thị Mỹ Linh", "Phó Hiệu trưởng"),
    ]


def test_a_request_for_money_names_no_nominee(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            "TỜ TRÌNH",
            "Về việc đề nghị bổ sung kinh phí sửa chữa phòng học",
            "Kính gửi: Phòng Tài chính - Kế hoạch quận Bình Tân.",
            "Căn cứ đề nghị của Ban cơ sở vật chất, nhà trường kính đề nghị bổ sung kinh phí "
            "sửa chữa cho Trường THCS Bình Tân với tổng dự toán 186.450.000 đồng.",
            "Căn cứ đề nghị của Hội đồng Thi đua - Khen thưởng, nhà trường kính đề nghị tặng "
            "Giấy khen của UBND quận cho bà Nguyễn Thị Mai, giáo viên.",
        ],
        ctx,
        school,
    )
    assert [(n.name, n.award) for n in facts.nominees] == [("Nguyễn Thị Mai", "district_merit")]


def test_an_unreadable_name_in_a_table_is_a_notice(ctx: ExtractContext, school: Unit) -> None:
    facts = proposal(
        [
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
            [
                ("STT", "Họ và tên", "Chức vụ", "Hình thức khen thưởng"),
                ("1", "Nguyễn Thị Mai", "Giáo viên", "Giấy khen của UBND quận"),
                ("2", "Tr@n V# H0a", "Giáo viên", "Giấy khen của UBND quận"),
            ],
        ],
        ctx,
        school,
    )
    assert [n.name for n in facts.nominees] == ["Nguyễn Thị Mai"]
    assert [n.code for n in facts.notices] == ["EXTRACTION_DOUBT"]
