"""Achievement reports (báo cáo thành tích) as the official annex forms lay them out.

Each test writes a real DOCX with python-docx (labels as bold runs where the forms have them,
tables for the label/value layouts), parses it with ``pipeline.parse`` and reads the subject
and the model sentences; one layout is also converted to PDF by LibreOffice.  Every case has
a neighbour that must not change.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from docx import Document

from pipeline.config import Unit
from pipeline.extract import extract_record
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees import MODEL_FIELD, extract_nominee_facts
from pipeline.extract.nominees.common import NomineeFacts
from pipeline.extract.nominees.form_fields import label_role, row_fields, split_fields
from pipeline.model import InboxItem, Nominee
from pipeline.parse import parse_item

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config" / "campaign_2021.yaml"
SOFFICE = shutil.which("soffice")
SOFFICE_TIMEOUT = 300

# A paragraph; ("label", "value") a bold label run and a plain value run; a table as rows.
Item = str | tuple[str, str] | list[list[str]]

Reader = Callable[..., NomineeFacts]  # items of a report → what it says

TITLE = ("UBND QUẬN BÌNH TÂN", "TRƯỜNG THCS BÌNH TÂN", "BÁO CÁO TÓM TẮT THÀNH TÍCH")
DISTRICT = "Đề nghị tặng Giấy khen của Ủy ban nhân dân quận"
BODY = (
    "II. THÀNH TÍCH ĐẠT ĐƯỢC",
    "- Hoàn thành tốt nhiệm vụ giảng dạy năm học 2020 - 2021.",
    "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    "- Năm học 2019 - 2020: Lao động tiên tiến.",
)


def build_docx(items: Sequence[Item]) -> bytes:
    document = Document()
    # Times New Roman as Vietnamese offices use it (its LibreOffice twin): Word's default
    # Calibri is replaced by a font whose PDF text layer garbles Vietnamese letters.
    document.styles["Normal"].font.name = "Liberation Serif"
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
        elif isinstance(item, tuple):
            paragraph = document.add_paragraph()
            paragraph.add_run(item[0]).bold = True
            paragraph.add_run(item[1])
        else:
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for r, row in enumerate(item):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def item_of(path: Path) -> InboxItem:
    data = path.read_bytes()
    return InboxItem(
        source=f"thcs_binh_tan/{path.name}",
        sha256=hashlib.sha256(data).hexdigest(),
        format=path.suffix[1:],
        data=data,
    )


def read_file(path: Path, ctx: ExtractContext, school: Unit | None) -> NomineeFacts:
    doc = parse_item(item_of(path))
    assert doc.errors == []
    return extract_nominee_facts(doc, "achievement_report", school, ctx)


@pytest.fixture
def report(tmp_path: Path, ctx: ExtractContext, school: Unit) -> Reader:
    def read(*items: Item, name: str = "bao_cao") -> NomineeFacts:
        path = tmp_path / f"{name}.docx"
        path.write_bytes(build_docx(items))
        return read_file(path, ctx, school)

    return read


def subject(facts: NomineeFacts) -> tuple[str, str, str | None]:
    (nominee,) = facts.nominees
    return nominee.kind, nominee.name, nominee.award


def only(facts: NomineeFacts) -> Nominee:
    (nominee,) = facts.nominees
    return nominee


# ------------------------------------------------------------------ the label vocabulary


def test_split_fields_ends_each_value_at_the_next_label() -> None:
    fields = split_fields("Họ và tên: Phan Thị Kiều Oanh\tGiới tính: Nữ\tNăm sinh: 1983")
    assert [(f.role, f.value) for f in fields] == [
        ("name", "Phan Thị Kiều Oanh"),
        ("sex", "Nữ"),
        ("birth", "1983"),
    ]
    run_together = split_fields("Họ tên: Phan Thị Kiều Oanh Giới tính: Nữ Ngày sinh: 02/3/1983")
    assert run_together[0].value == "Phan Thị Kiều Oanh"
    sentence = split_fields("Họ và tên: Phan Thị Kiều Oanh. Giới tính: Nữ")
    assert sentence[0].value == "Phan Thị Kiều Oanh"
    # A colon after words that are no label belongs to the value.
    model = split_fields("2. Mô hình “Sân chơi xanh”: 12 lớp tham gia")
    assert model == []
    # The form's own hint in brackets, footnote marks and placeholders.
    hint = split_fields("- Chức vụ (Đảng, chính quyền, đoàn thể): Tổ trưởng; Quê quán(1): ……")
    assert [(f.role, f.value) for f in hint] == [("position", "Tổ trưởng"), ("hometown", "")]


def test_label_cells_of_a_table_row() -> None:
    assert label_role("Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt)") == "name"
    assert label_role("Tên tập thể đề nghị khen thưởng") == "collective"
    assert label_role("Năm học") is None
    four = row_fields(["Họ và tên", "Lương Văn Sáu", "Dân tộc", "Kinh"])
    assert four is not None and [(f.role, f.value) for f in four] == [
        ("name", "Lương Văn Sáu"),
        ("ethnicity", "Kinh"),
    ]
    # A table of earlier awards is no label table.
    assert row_fields(["Năm", "Hình thức khen thưởng"]) is None


# ------------------------------------------------------------------ individual layouts


def test_several_fields_on_one_line_with_tabs_and_semicolons(report: Reader) -> None:
    facts = report(
        *TITLE,
        DISTRICT,
        "I. SƠ LƯỢC LÝ LỊCH",
        "Họ và tên: Phan Thị Kiều Oanh\tGiới tính: Nữ\tNăm sinh: 1983",
        "Quê quán: Long An;   Nơi ở hiện nay: quận Bình Tân",
        "Chức vụ: Giáo viên Hóa học; Đơn vị: Trường THCS Bình Tân",
        *BODY,
    )
    oanh = only(facts)
    assert (oanh.kind, oanh.name, oanh.award) == (
        "individual",
        "Phan Thị Kiều Oanh",
        "district_merit",
    )
    assert oanh.position == "Giáo viên Hóa học" and oanh.unit_id == "thcs_binh_tan"
    assert facts.notices == []
    # One ';'-separated paragraph holding every detail.
    facts = report(
        *TITLE,
        DISTRICT,
        "Họ và tên: Phan Thị Kiều Oanh; sinh năm: 1983; giới tính: nữ; quê quán: tỉnh Long An; "
        "đơn vị công tác: Trường THCS Bình Tân; chức vụ: giáo viên Hóa học, chủ nhiệm lớp 9A1",
        *BODY,
    )
    assert only(facts).name == "Phan Thị Kiều Oanh"
    assert only(facts).position == "giáo viên Hóa học, chủ nhiệm lớp 9A1"
    # The neighbour: one field a line.
    facts = report(*TITLE, DISTRICT, "Họ và tên: Phan Thị Kiều Oanh", "Chức vụ: Giáo viên", *BODY)
    assert subject(facts) == ("individual", "Phan Thị Kiều Oanh", "district_merit")


def test_fields_run_together_without_separators(report: Reader) -> None:
    facts = report(
        *TITLE, DISTRICT, "Họ và tên: Phan Thị Kiều Oanh Giới tính: Nữ Năm sinh: 1983", *BODY
    )
    assert only(facts).name == "Phan Thị Kiều Oanh"


def test_two_column_table_with_the_forms_long_labels(report: Reader) -> None:
    facts = report(
        *TITLE[:2],
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA ỦY BAN NHÂN DÂN QUẬN",
        "I. SƠ LƯỢC LÝ LỊCH",
        [
            ["Họ tên (ghi đầy đủ bằng chữ in thường, không viết tắt)", "Lương Văn Sáu"],
            ["Sinh ngày, tháng, năm", "05/9/1978"],
            ["Chức vụ (Đảng, chính quyền, đoàn thể)", "Bí thư Chi bộ, Hiệu trưởng"],
            ["Học hàm, học vị, danh hiệu, giải thưởng", "Không"],
        ],
        *BODY,
    )
    sau = only(facts)
    assert (sau.name, sau.award, sau.head_of_unit) == ("Lương Văn Sáu", "district_merit", True)
    assert sau.award_raw == "GIẤY KHEN CỦA ỦY BAN NHÂN DÂN QUẬN"


def test_four_column_table(report: Reader) -> None:
    facts = report(
        *TITLE,
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN",
        "QUẬN",
        "I. SƠ LƯỢC LÝ LỊCH",
        [
            ["Họ và tên", "Đinh Thị Bích Vân", "Giới tính", "Nữ"],
            ["Ngày sinh", "11/02/1990", "Dân tộc", "Kinh"],
            ["Đơn vị công tác", "Trường THCS Bình Tân", "Chức vụ", "Phó Hiệu trưởng"],
        ],
        *BODY,
    )
    van = only(facts)
    assert (van.name, van.position, van.award) == (
        "Đinh Thị Bích Vân",
        "Phó Hiệu trưởng",
        "district_merit",
    )
    assert van.head_of_unit is False


def test_numbered_sections_and_bold_label_runs(report: Reader) -> None:
    facts = report(
        *TITLE,
        DISTRICT,
        "1. Sơ lược lý lịch",
        ("1.1. Đơn vị công tác: ", "Trường THCS Bình Tân"),
        ("1.2. Họ và tên: ", "Trịnh Quốc Bảo"),
        ("1.3. Năm sinh: ", "1987"),
        ("1.4. Chức vụ: ", "Giáo viên Sinh học"),
        "2. Thành tích đạt được",
        "- Hoàn thành tốt nhiệm vụ.",
    )
    bao = only(facts)
    assert (bao.name, bao.position, bao.award) == (
        "Trịnh Quốc Bảo",
        "Giáo viên Sinh học",
        "district_merit",
    )
    # A bold label alone on its line, its value on the next.
    facts = report(
        *TITLE, DISTRICT, ("Họ và tên:", ""), "Trịnh Quốc Bảo", ("Chức vụ: ", "Giáo viên")
    )
    assert only(facts).name == "Trịnh Quốc Bảo"


def test_a_name_with_more_after_it_and_a_group_in_the_name_field(report: Reader) -> None:
    facts = report(*TITLE, DISTRICT, "Họ và tên: Bà Trịnh Thị Lụa, giáo viên Ngữ văn", *BODY)
    assert subject(facts) == ("individual", "Trịnh Thị Lụa", "district_merit")
    facts = report(*TITLE, DISTRICT, "Họ và tên: Tổ Ngữ văn", *BODY)
    assert subject(facts) == ("collective", "Tổ Ngữ văn", "district_merit")


# ------------------------------------------------------------------ collectives


def test_collective_form_and_its_group_within_the_school(report: Reader) -> None:
    facts = report(
        *TITLE[:2],
        "BÁO CÁO THÀNH TÍCH ĐỀ NGHỊ KHEN THƯỞNG",
        ("Tên tập thể: ", "Tổ Toán – Tin – Trường THCS Bình Tân"),
        ("Hình thức đề nghị: ", "Giấy khen của Ủy ban nhân dân quận Bình Tân"),
        "I. THÔNG TIN CHUNG",
        "1. Đặc điểm, tình hình: Tổ gồm 12 giáo viên; Địa chỉ: 12 Tân Hòa Đông.",
        *BODY,
    )
    group = only(facts)
    assert (group.kind, group.name, group.award) == (
        "collective",
        "Tổ Toán – Tin",
        "district_merit",
    )
    assert group.unit_id == "thcs_binh_tan"
    # The school named beside the group is its unit, whoever sent the report.
    facts = report(
        *TITLE[:2],
        "BÁO CÁO THÀNH TÍCH TẬP THỂ",
        DISTRICT,
        "Tên tập thể: Tổ Khối 3 – Trường THCS Tân Tạo",
        *BODY,
    )
    assert (only(facts).name, only(facts).unit_id) == ("Tổ Khối 3", "thcs_tan_tao")


def test_the_school_itself_with_a_request_phrased_award(report: Reader) -> None:
    facts = report(
        *TITLE,
        "Đề nghị Ủy ban nhân dân Thành phố Hồ Chí Minh tặng Bằng khen cho tập",
        "thể",
        "Trường Trung học cơ sở Bình Tân",
        "(Đã có thành tích xuất sắc trong đợt thi đua cao điểm năm 2021)",
        "I. THÔNG TIN CHUNG",
        "1. Đặc điểm, tình hình: Trường có 30 lớp.",
        *BODY,
    )
    school_nominee = only(facts)
    assert (school_nominee.kind, school_nominee.unit_id, school_nominee.award) == (
        "collective",
        "thcs_binh_tan",
        "city_merit",
    )
    assert school_nominee.award_raw == "Ủy ban nhân dân Thành phố Hồ Chí Minh tặng Bằng khen"
    # The neighbour: the school named in the title, the award in its own line.
    facts = report(
        "BÁO CÁO THÀNH TÍCH CỦA TẬP THỂ TRƯỜNG THCS BÌNH TÂN",
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA ỦY BAN NHÂN DÂN QUẬN",
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
        *BODY,
    )
    assert subject(facts) == ("collective", "Trường THCS Bình Tân", "district_merit")
    # The award's giver is no collective: "… của Ủy ban nhân dân quận" names no subject.
    facts = report(*TITLE, DISTRICT, *BODY)
    assert facts.nominees == [] and [n.code for n in facts.notices] == ["EXTRACTION_DOUBT"]


# ------------------------------------------------------------------ the award asked for


def test_an_earlier_award_in_section_three_is_not_the_one_asked_for(report: Reader) -> None:
    earlier = (
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "2. Hình thức khen thưởng: Giấy khen của Chủ tịch Ủy ban nhân dân quận",
        [["Năm", "Hình thức khen thưởng", "Quyết định"],
         ["2019 - 2020", "Bằng khen của Ủy ban nhân dân Thành phố", "Số 12/QĐ-UBND"]],
    )  # fmt: skip
    facts = report(*TITLE, "I. SƠ LƯỢC LÝ LỊCH", "Họ và tên: Trịnh Quốc Bảo", *BODY[:2], *earlier)
    assert only(facts).award is None
    # The neighbour: the title asks for the city's Bằng khen; section III changes nothing.
    facts = report(
        *TITLE,
        "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ",
        "I. SƠ LƯỢC LÝ LỊCH",
        "Họ và tên: Trịnh Quốc Bảo",
        *BODY[:2],
        *earlier,
    )
    assert only(facts).award == "city_merit"


def test_an_award_field_naming_no_award_is_a_doubt(report: Reader) -> None:
    facts = report(
        *TITLE,
        "Họ và tên: Trịnh Quốc Bảo",
        "Hình thức đề nghị khen thưởng: theo kết quả bình xét của Hội đồng",
        *BODY,
    )
    bao = only(facts)
    assert bao.award is None and "theo kết quả bình xét" in bao.doubt
    # An award outside the plan is read with confidence: AWARD_UNKNOWN judges it, no doubt.
    facts = report(
        *TITLE,
        "Họ và tên: Trịnh Quốc Bảo",
        "Hình thức đề nghị khen thưởng: Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo",
        *BODY,
    )
    assert only(facts).award is None and only(facts).doubt == ""
    assert only(facts).award_raw == "Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo"
    facts = report(
        *TITLE,
        "Họ và tên: Trịnh Quốc Bảo",
        "Hình thức đề nghị khen thưởng: Giấy khen của UBND quận",
        *BODY,
    )
    assert only(facts).award == "district_merit" and only(facts).doubt == ""


# ------------------------------------------------------------------ precision first


def test_a_name_that_cannot_be_read_gives_a_notice_not_a_wrong_name(report: Reader) -> None:
    facts = report(
        *TITLE,
        DISTRICT,
        "Họ và tên: cô giáo chủ nhiệm lớp 9A1 nhiều năm liền đạt giáo viên dạy giỏi cấp quận",
        *BODY,
    )
    assert facts.nominees == []
    (notice,) = facts.notices
    assert notice.code == "EXTRACTION_DOUBT" and "họ và tên" in notice.detail
    assert notice.evidence is not None and "cô giáo chủ nhiệm" in notice.evidence.quote
    # The blank form: placeholders are no values, and no nominee either.
    facts = report(
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG (HOẶC TRUY TẶNG) ……………",
        "- Họ tên (Ghi đầy đủ bằng chữ in thường, không viết tắt): ………………………",
        "- Sinh ngày, tháng, năm: …………………… Giới tính: ……………",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): ………………………",
    )
    assert facts.nominees == [] and [n.code for n in facts.notices] == ["EXTRACTION_DOUBT"]


def test_the_notice_reaches_the_record(tmp_path: Path, ctx: ExtractContext) -> None:
    path = tmp_path / "bao_cao_thanh_tich.docx"
    path.write_bytes(
        build_docx(
            [*TITLE, DISTRICT, "Họ và tên: giáo viên dạy giỏi nhiều năm liền 2019, 2020", *BODY]
        )
    )
    item = item_of(path)
    record = extract_record(item, parse_item(item), ctx)
    assert record.doc_type == "achievement_report"
    assert record.nominees == [] and [n.code for n in record.notices] == ["EXTRACTION_DOUBT"]


# ------------------------------------------------------------------ models and solutions


def test_the_forms_instruction_is_not_a_model(report: Reader) -> None:
    instruction = (
        "(Báo cáo nêu ngắn gọn thành tích đạt được; ghi rõ mô hình, sáng kiến, giải pháp được "
        "áp dụng hiệu quả – nếu có)"
    )
    head = (*TITLE, DISTRICT, "Họ và tên: Trịnh Quốc Bảo", "II. THÀNH TÍCH ĐẠT ĐƯỢC", instruction)
    facts = report(*head, "- Hoàn thành tốt nhiệm vụ giảng dạy.")
    assert [e for e in facts.evidence if e.field == MODEL_FIELD] == []
    # The same instruction without its brackets, and one filled in after its colon.
    unbracketed = instruction.strip("()")
    facts = report(*head[:-1], unbracketed, "- Hoàn thành tốt nhiệm vụ giảng dạy.")
    assert [e for e in facts.evidence if e.field == MODEL_FIELD] == []
    facts = report(*head[:-1], "Ghi rõ mô hình: Mô hình “Góc học tập xanh” ở 12 lớp.")
    assert len([e for e in facts.evidence if e.field == MODEL_FIELD]) == 1
    facts = report(*head, "- Là tác giả sáng kiến “Ôn tập Sinh học bằng sơ đồ tư duy”.")
    assert [e.quote for e in facts.evidence if e.field == MODEL_FIELD] == [
        "- Là tác giả sáng kiến “Ôn tập Sinh học bằng sơ đồ tư duy”."
    ]


# ------------------------------------------------------------------ a LibreOffice PDF


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_bold_labels_and_a_four_column_table_in_a_pdf(
    tmp_path: Path, ctx: ExtractContext, school: Unit
) -> None:
    items: list[Item] = [
        *TITLE,
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA ỦY BAN NHÂN DÂN QUẬN",
        "I. SƠ LƯỢC LÝ LỊCH",
        ("Họ và tên: ", "Trịnh Quốc Bảo"),
        ("Giới tính: ", "Nam"),
        ("Chức vụ: ", "Giáo viên Sinh học"),
        [["Ngày sinh", "01/01/1987", "Dân tộc", "Kinh"]],
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "(Nêu rõ mô hình, sáng kiến, giải pháp được áp dụng hiệu quả)",
        "- Hoàn thành tốt nhiệm vụ giảng dạy.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "- Bằng khen của Ủy ban nhân dân Thành phố năm 2019.",
    ]
    docx = tmp_path / "bao_cao_pdf.docx"
    docx.write_bytes(build_docx(items))
    profile = tmp_path / "lo_profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(docx)],
        check=True,
        capture_output=True,
        timeout=SOFFICE_TIMEOUT,
    )  # fmt: skip
    facts = read_file(tmp_path / "bao_cao_pdf.pdf", ctx, school)
    bao = only(facts)
    assert (bao.kind, bao.name, bao.award) == ("individual", "Trịnh Quốc Bảo", "district_merit")
    assert bao.evidence is not None and bao.evidence.page == 1
    assert [e for e in facts.evidence if e.field == MODEL_FIELD] == []
