"""Document type from the anatomy of an administrative document (issue 14, point 1).

Each test builds a real DOCX the way an office writes one (a two-column header table with the
issuing body and number on the left, the national title and date on the right; the kind line
in capitals, its subject under it, then the body) and runs the whole extract step on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import pytest
from docx import Document

from pipeline.config import ConfigError, load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.extract.classify import classify
from pipeline.model import Block, InboxItem, ParsedDocument, Record
from pipeline.parse import parse_item
from tests.docx_builders import to_bytes

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT / "config" / "campaign_2021.yaml")
CTX = ExtractContext.build(CONFIG, load_roster(ROOT / "config" / "units.csv"))

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def official(
    issuer: str,
    number: str,
    date_line: str,
    title: Sequence[str],
    body: Sequence[str],
    *,
    vv: str = "",
    split_kind: bool = False,
) -> bytes:
    """An administrative document: header table, kind line and subject (``title``), body.

    ``vv`` is a letter's "V/v …" line, put under the number in the header's left cell;
    ``split_kind`` writes the kind line in several runs, as Word saves an edited title."""
    document = Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = issuer
    header.cell(0, 1).text = MOTTO
    header.cell(1, 0).text = f"Số: {number}" + (f"\n{vv}" if vv else "") if number else vv
    header.cell(1, 1).text = date_line
    for i, line in enumerate(title):
        paragraph = document.add_paragraph()
        if i == 0 and split_kind:
            for piece in (line[:3], line[3:7], line[7:]):
                paragraph.add_run(piece).bold = True
        else:
            paragraph.add_run(line).bold = True
    for text in body:
        document.add_paragraph(text)
    return to_bytes(document)


def extract(name: str, data: bytes) -> Record:
    item = InboxItem(source=name, sha256=hashlib.sha256(data).hexdigest(), format="docx", data=data)
    return extract_record(item, parse_item(item), CTX)


def codes(record: Record) -> list[str]:
    return [n.code for n in record.notices]


SCHOOL = "UBND QUẬN BÌNH TÂN\nTRƯỜNG THCS AN LẠC"
PLAN_BASIS = (
    "Căn cứ Kế hoạch số 701/KH-GDĐT ngày 04 tháng 5 năm 2021 của Phòng Giáo dục và Đào tạo quận "
    "về phát động đợt thi đua cao điểm chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi tìm đường cứu "
    "nước;"
)


def test_decision_quoting_a_proposal_is_not_used() -> None:
    data = official(
        "ỦY BAN NHÂN DÂN\nQUẬN BÌNH TÂN",
        "1532/QĐ-UBND",
        "Bình Tân, ngày 26 tháng 7 năm 2021",
        ["QUYẾT ĐỊNH", "Về việc khen thưởng các tập thể, cá nhân trong đợt thi đua cao điểm",
         "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN"],
        ["Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003;",
         "Xét đề nghị của Trường phòng Giáo dục và Đào tạo quận tại Tờ trình số 88/TTr-GDĐT "
         "ngày 12 tháng 7 năm 2021 về đề nghị khen thưởng,",
         "QUYẾT ĐỊNH:",
         "Điều 1. Tặng Giấy khen cho 03 tập thể và 07 cá nhân (có danh sách kèm theo)."],
    )
    record = extract("qd.docx", data)
    assert record.doc_type == "unknown"
    assert codes(record) == ["DOCUMENT_NOT_USED"]
    notice = record.notices[0]
    assert "Quyết định" in notice.detail and "1532/QĐ-UBND" in notice.detail
    assert notice.evidence is not None and notice.evidence.quote == "QUYẾT ĐỊNH"
    assert record.nominees == []


def test_proposal_citing_a_decision_is_a_proposal() -> None:
    data = official(
        SCHOOL,
        "41/TTr-THCSAL",
        "Bình Tân, ngày 16 tháng 6 năm 2021",
        ["TỜ TRÌNH", "V/v đề nghị tặng Giấy khen cho cá nhân có thành tích xuất sắc"],
        ["Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân.",
         PLAN_BASIS,
         "Căn cứ Quyết định số 112/QĐ-THCSAL ngày 10/9/2020 về việc thành lập Hội đồng Thi đua - "
         "Khen thưởng nhà trường;",
         "Trường THCS An Lạc kính đề nghị tặng Giấy khen của Ủy ban nhân dân quận cho bà Lê Thị "
         "Thu, Hiệu trưởng."],
    )
    record = extract("ttr.docx", data)
    assert record.doc_type == "proposal"
    assert codes(record) == []
    assert any(e.field == "doc_type" and e.quote == "TỜ TRÌNH" for e in record.evidence)


def test_official_letter_registering_is_a_registration() -> None:
    data = official(
        SCHOOL,
        "57/THCSAL",
        "Bình Tân, ngày 05 tháng 5 năm 2021",
        [],
        ["Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân.",
         "Thực hiện Kế hoạch phát động đợt thi đua cao điểm, nhà trường đăng ký như sau:",
         "- Nội dung 6: Xây dựng mô hình lớp học xanh. Hoàn thành: tháng 6/2021."],
        vv="V/v đăng ký thi đua đợt cao điểm\nnăm 2021 của nhà trường",
    )
    record = extract("cv.docx", data)
    assert record.doc_type == "registration"
    assert codes(record) == []
    assert any(e.field == "doc_type" and e.quote.startswith("V/v đăng ký") for e in record.evidence)


def test_minutes_of_the_emulation_council_titled_xet_thi_dua() -> None:
    data = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 15 tháng 6 năm 2021",
        ["BIÊN BẢN XÉT THI ĐUA", "Đợt thi đua cao điểm năm 2021"],
        ["Thời gian: 14 giờ 00, ngày 15/6/2021.",
         "Thành phần: Hội đồng Thi đua - Khen thưởng nhà trường, có mặt 7/7 thành viên.",
         "Kết quả: bà Lê Thị Thu, Hiệu trưởng - 7/7 phiếu đồng ý."],
        split_kind=True,
    )
    record = extract("bb.docx", data)
    assert record.doc_type == "council_minutes"
    assert codes(record) == []


def test_minutes_of_the_school_board_are_not_council_minutes() -> None:
    data = official(
        SCHOOL,
        "06/BB-HĐT",
        "Bình Tân, ngày 10 tháng 6 năm 2021",
        ["BIÊN BẢN HỌP HỘI ĐỒNG TRƯỜNG", "V/v thông qua quy chế chi tiêu nội bộ năm 2021"],
        ["Vào lúc 14 giờ 00, Hội đồng trường họp thường kỳ; có mặt 9/11 thành viên.",
         "Hội đồng biểu quyết 9/9 đồng ý, trích quỹ khen thưởng cho giáo viên đạt thi đua."],
    )
    record = extract("bb_hdt.docx", data)
    assert record.doc_type == "unknown"
    assert "DOCUMENT_NOT_USED" not in codes(record)  # a unit's paper: UNKNOWN_DOCUMENT reports it


def test_another_campaigns_launch_plan_is_not_this_campaigns() -> None:
    data = official(
        SCHOOL,
        "95/KH-THCSAL",
        "Bình Tân, ngày 12 tháng 10 năm 2021",
        ["KẾ HOẠCH", "Phát động phong trào thi đua chào mừng Ngày Nhà giáo Việt Nam 20/11/2021"],
        ["Thực hiện kế hoạch năm học 2021 - 2022, nhà trường phát động thi đua như sau:",
         "I. MỤC ĐÍCH, YÊU CẦU"],
    )
    record = extract("kh_2011.docx", data)
    assert record.doc_type == "unknown"
    assert codes(record) == ["DOCUMENT_NOT_USED"]
    assert "đợt thi đua khác" in record.notices[0].detail
    assert "12/10/2021" in record.notices[0].detail


def test_this_campaigns_launch_plan_is_a_launch() -> None:
    data = official(
        SCHOOL,
        "25/KH-THCSAL",
        "Bình Tân, ngày 04 tháng 5 năm 2021",
        ["KẾ HOẠCH", "Phát động đợt thi đua cao điểm chào mừng kỷ niệm 110 năm Ngày Bác Hồ ra đi "
         "tìm đường cứu nước"],
        [PLAN_BASIS, "I. MỤC ĐÍCH, YÊU CẦU", "Các tổ đăng ký thi đua và gửi tờ trình đề nghị khen "
         "thưởng khi kết thúc đợt."],
    )
    record = extract("kh.docx", data)
    assert record.doc_type == "launch"
    assert codes(record) == []


def test_kind_line_and_number_code_disagree() -> None:
    data = official(
        SCHOOL,
        "48/TTr-THCSAL",
        "Bình Tân, ngày 18 tháng 6 năm 2021",
        ["BÁO CÁO", "Kết quả thực hiện đợt thi đua cao điểm năm 2021"],
        [PLAN_BASIS, "I. KẾT QUẢ THỰC HIỆN"],
    )
    record = extract("bc.docx", data)
    assert record.doc_type == "result_report"  # the kind line is the stronger signal
    assert codes(record) == ["TYPE_SIGNALS_DISAGREE"]
    detail = record.notices[0].detail
    assert "BÁO CÁO" in detail and "48/TTr-THCSAL" in detail and "Tờ trình" in detail


def test_subject_alone_decides_with_a_notice() -> None:
    data = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 05 tháng 5 năm 2021",
        ["Đăng ký nội dung thi đua đợt cao điểm năm 2021"],
        ["Kính gửi: Phòng Giáo dục và Đào tạo quận Bình Tân."],
    )
    record = extract("dk.docx", data)
    assert record.doc_type == "registration"
    assert codes(record) == ["TYPE_SIGNALS_DISAGREE"]
    assert "trích yếu" in record.notices[0].detail


def test_news_item_is_not_used() -> None:
    document = Document()
    for text in (
        "CỔNG THÔNG TIN GIÁO DỤC QUẬN | Tin tức - Sự kiện",
        "Trường THCS An Lạc ra quân đợt thi đua cao điểm chào mừng 110 năm Ngày Bác Hồ ra đi "
        "tìm đường cứu nước",
        "Cập nhật lúc: 08/5/2021 - Người viết: Thanh Mai",
        "Sáng 06/5, nhà trường tổ chức lễ phát động thi đua; các tổ đã gửi bản đăng ký thi đua "
        "và sẽ lập tờ trình đề nghị khen thưởng khi tổng kết. " * 3,
    ):
        document.add_paragraph(text)
    record = extract("tin.docx", to_bytes(document))
    assert record.doc_type == "unknown"
    assert codes(record) == ["DOCUMENT_NOT_USED"]
    assert "tin bài" in record.notices[0].detail


def test_quotes_in_the_body_never_decide() -> None:
    data = official(
        SCHOOL,
        "30/TTr-THCSAL",
        "Bình Tân, ngày 08 tháng 6 năm 2021",
        ["TỜ TRÌNH", "Về việc xin kinh phí sửa chữa nhà vệ sinh học sinh"],
        [PLAN_BASIS,
         "Hưởng ứng Kế hoạch phát động đợt thi đua cao điểm, nhà trường đề nghị khen thưởng và "
         "đăng ký thi đua đã thực hiện; nay kính trình xin kinh phí sửa chữa."],
    )
    record = extract("ttr_sua_chua.docx", data)
    assert record.doc_type == "unknown"
    assert record.nominees == []


def test_blank_form_is_not_used() -> None:
    data = official(
        "ĐƠN VỊ CẤP TRÊN\nĐƠN VỊ",
        "",
        "……, ngày … tháng … năm ……",
        ["BÁO CÁO THÀNH TÍCH", "ĐỀ NGHỊ TẶNG ……………"],
        ["- Họ tên (ghi đầy đủ bằng chữ in thường): ………………………",
         "- Đơn vị công tác: ………………………………",
         "- Chức vụ: ………………………………………",
         "- Thành tích đạt được: ………………………………"],
    )
    record = extract("mau.docx", data)
    assert record.doc_type == "unknown"
    assert codes(record) == ["DOCUMENT_NOT_USED"]
    assert "để trống" in record.notices[0].detail


def test_kind_merged_with_subject_as_in_a_pdf() -> None:
    data = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 14 tháng 6 năm 2021",
        ["BÁO CÁO TÓM TẮT THÀNH TÍCH Đề nghị tặng Giấy khen của Ủy ban nhân dân quận"],
        ["I. SƠ LƯỢC LÝ LỊCH", "Họ và tên: Lê Thị Thu; chức vụ: Hiệu trưởng."],
    )
    assert extract("bctt.docx", data).doc_type == "achievement_report"


def test_not_a_document_gets_its_notice() -> None:
    item = InboxItem(source="Thumbs.db", sha256="0" * 64, format="not_document", data=b"x")
    doc = ParsedDocument(source="Thumbs.db", format="not_document",
                         warnings=["tệp hệ thống của Windows (Thumbs.db)"])
    record = extract_record(item, doc, CTX)
    assert record.doc_type == "unknown"
    assert [(n.code, n.detail) for n in record.notices] == [
        ("NOT_A_DOCUMENT", "tệp hệ thống của Windows (Thumbs.db)")
    ]


def test_the_vocabulary_is_the_configs() -> None:
    """A campaign whose config calls a kind something else classifies by its own words."""
    vocab = CONFIG.document_types
    kinds = [k.model_copy(update={"use": "campaign"}) if k.key == "thong_bao" else k
             for k in vocab.kinds]
    types = [t.model_copy(update={"kinds": [*t.kinds, "thong_bao"]}) if t.doc_type == "launch"
             else t for t in vocab.types]
    other = CONFIG.model_copy(
        update={"document_types": vocab.model_copy(update={"kinds": kinds, "types": types})}
    )
    blocks = [Block(kind="paragraph", text=t, index=i + 1) for i, t in enumerate(
        ["TRƯỜNG THCS AN LẠC", "Số: 7/TB-THCSAL", "THÔNG BÁO",
         "Phát động đợt thi đua cao điểm năm 2021"])]
    doc = ParsedDocument(source="tb.docx", format="docx", blocks=blocks)
    assert classify(doc, CONFIG).doc_type == "unknown"
    assert classify(doc, other).doc_type == "launch"


def test_config_without_document_types_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "config" / "campaign_2021.yaml").read_text(encoding="utf-8")
    start = text.index("document_types:")
    end = text.index("campaign_markers:")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ConfigError, match="document_types"):
        load_config(bad)


def test_the_campaigns_own_plan_is_not_a_units_launch() -> None:
    data = official(
        "UBND QUẬN BÌNH TÂN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "701/KH-GDĐT",
        "Bình Tân, ngày 04 tháng 5 năm 2021",
        ["KẾ HOẠCH", "Phát động đợt thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm "
         "Ngày Bác Hồ ra đi tìm đường cứu nước"],
        ["Căn cứ Kế hoạch số 293/KH-UBND ngày 29 tháng 4 năm 2021 của Ủy ban nhân dân quận;"],
    )
    record = extract("kh_701.docx", data)
    assert record.doc_type == "unknown"
    assert codes(record) == ["DOCUMENT_NOT_USED"]
    assert "chính đợt thi đua" in record.notices[0].detail


def test_kind_line_typed_in_lower_case_and_a_plan_from_before_the_campaign() -> None:
    """Word's "All caps" shows a lower-case kind line in capitals; a plan dated before the
    campaign's first plan belongs to another campaign even when it has no number."""
    registration = official(
        "ubnd quận bình tân\ntrường thcs an lạc",
        "",
        "Bình Tân, ngày 05 tháng 5 năm 2021",
        ["mẫu đăng ký nội dung thi đua", "Đợt thi đua cao điểm năm 2021"],
        ["Thực hiện kế hoạch của Phòng, nhà trường đăng ký như sau:"],
    )
    assert extract("dk_thuong.docx", registration).doc_type == "registration"
    earlier = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 02 tháng 3 năm 2021",
        ["KẾ HOẠCH", "Phát động thi đua chào mừng Ngày Quốc tế Phụ nữ 8/3"],
        ["Nhà trường phát động thi đua trong nữ cán bộ, giáo viên, nhân viên như sau:"],
    )
    record = extract("kh_83.docx", earlier)
    assert record.doc_type == "unknown"
    assert "02/03/2021" in record.notices[0].detail


def test_image_without_text_is_not_a_document() -> None:
    """Ingest sees an image; the parser finds no text in it and says so by its format."""
    item = InboxItem(source="tranh.png", sha256="1" * 64, format="image", data=b"x")
    doc = ParsedDocument(source="tranh.png", format="not_document", warnings=["ảnh không có chữ"])
    record = extract_record(item, doc, CTX)
    assert [(n.code, n.detail) for n in record.notices] == [("NOT_A_DOCUMENT", "ảnh không có chữ")]


def test_filled_form_with_leftover_dots_is_not_blank() -> None:
    data = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 05 tháng 5 năm 2021",
        ["BẢN ĐĂNG KÝ THI ĐUA", "Đợt thi đua cao điểm năm 2021"],
        ["Đơn vị: Trường THCS An Lạc ……………",
         "- Nội dung 3: Sổ điểm điện tử ……………",
         "- Nội dung 6: Lớp học xanh ……………",
         "- Nội dung 9: Thu học phí không dùng tiền mặt ……………"],
    )
    record = extract("dk_cham.docx", data)
    assert record.doc_type == "registration"
    assert codes(record) == []


def test_a_number_quoted_in_the_body_is_not_the_documents() -> None:
    data = official(
        SCHOOL,
        "",
        "Bình Tân, ngày 15 tháng 6 năm 2021",
        ["BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng đợt thi đua cao điểm"],
        ["Thành phần: Hội đồng thành lập theo Quyết định Số 112/QĐ-THCSAL ngày 10/9/2020; "
         "có mặt 7/7 thành viên.",
         "Kết quả: bà Lê Thị Thu, Hiệu trưởng - 7/7 phiếu đồng ý."],
    )
    record = extract("bb_so.docx", data)
    assert record.doc_type == "council_minutes"
    assert codes(record) == []
