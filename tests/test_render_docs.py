"""The DOCX/XLSX renderers: content read back, escaping, determinism, and a real PDF conversion.

Every document is rendered from a RunResult built here and read back with python-docx or
openpyxl; the DOCX files are converted with LibreOffice (one call) and their text checked
with pdftotext.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from itertools import chain, repeat
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.document import Document as DocxDocument
from docx.shared import Pt
from docx.table import Table

from pipeline.config import CampaignConfig, Unit, load_config, load_roster
from pipeline.model import Entry, Finding, Record, RunResult, UnitStatus, Verdict
from pipeline.render import (
    OFFICE_KINDS,
    OfficeTask,
    OfficeWorker,
    office_files,
    office_tasks,
    render_all,
    task_digest,
)
from pipeline.render.drafts import count_phrase, document_kind, render_drafts
from pipeline.render.summary import render_summary_report
from pipeline.render.tables import (
    header_lines,
    long_date,
    printable,
    render_registration_tables,
)

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2021-06-30"
HOSTILE = 'A & B <x> "q" {{ 7*7 }} {_{ 1+1 }_} {% raw %}'

# District Giấy khen, eligible: the order the annex must list them in (unit, then name).
COLLECTIVES = [
    ("mn_hoa_hong", "Trường Mầm non Hoa Hồng"),
    ("thcs_binh_tan", "Trường THCS Bình Tân"),
    ("th_kim_dong", "Trường Tiểu học Kim Đồng"),
]
INDIVIDUALS = [  # Đ sorts with D and Â with A: code-point order would get both wrong
    ("mn_hoa_hong", "Âu Thị Cúc", "Giáo viên"),
    ("mn_hoa_hong", "Bùi Văn Dũng", "Nhân viên"),
    ("thcs_binh_tan", "Đặng Văn An", "Hiệu trưởng"),
    ("thcs_binh_tan", "Dương Thị Bình", "Giáo viên"),
    ("th_kim_dong", "Lê Thị Mai", "Tổng phụ trách Đội"),
]
CITY = [
    ("thcs_an_lac", "collective", "Trường THCS An Lạc", ""),
    ("thcs_an_lac", "individual", "Phạm Thị Thu", "Phó Hiệu trưởng"),
]
NOT_AWARDED = ["Trần Văn Loại", "Võ Thị Xem", "Hồ Văn Phường"]


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def config() -> CampaignConfig:
    return load_config(ROOT / "config" / "campaign_2021.yaml")


@pytest.fixture(scope="session")
def roster() -> list[Unit]:
    return load_roster(ROOT / "config" / "units.csv")


def verdict(
    unit_id: str,
    kind: str,
    name: str,
    position: str = "",
    award: str = "district_merit",
    outcome: str = "eligible",
    reasons: tuple[str, ...] = (),
) -> Verdict:
    findings = [
        Finding(rule=code, severity="error", message=f"Hồ sơ của {name} thiếu {code}.")
        for code in reasons
    ]
    return Verdict(
        unit_id=unit_id,
        kind=kind,
        name=name,
        position=position,
        award=award,
        verdict=outcome,
        reasons=list(reasons),
        findings=findings,
    )


def registration(source: str, unit_id: str | None, *entries: Entry) -> Record:
    return Record(
        source=source,
        sha256="0" * 64,
        format="docx",
        doc_type="registration",
        unit_id=unit_id,
        entries=list(entries),
    )


def make_result(roster: list[Unit], verdicts: list[Verdict] | None = None) -> RunResult:
    records = [
        registration(
            "thcs_binh_tan/dang_ky.docx",
            "thcs_binh_tan",
            Entry(1, "Tuyên truyền bầu cử đến 100% phụ huynh", "2021-05-23", "23/5/2021"),
            Entry(3, "Xây dựng trường học xanh - sạch - đẹp", "2021-06-30", "Tháng 6/2021"),
            Entry(2, "Tên Công trình, dự án", None, ""),  # the form's placeholder
            Entry(5, "", None, ""),
            Entry(12, "Nội dung không có trong Kế hoạch", None, ""),
            Entry(None, "Không rõ nội dung", None, ""),
        ),
        registration(
            "mn_hoa_hong/dang_ky.pdf",
            "mn_hoa_hong",
            Entry(1, "=1+1 Trang trí khuôn viên chào mừng bầu cử", None, "Quý II/2021"),
            Entry(6, "Phân loại rác tại nguồn", "2021-06-30", "cuối tháng 6 năm 2021"),
            Entry(7, "Như trên", None, ""),
        ),
        registration(
            "la/thu.eml#dk.docx",
            None,
            Entry(11, "Tập huấn phòng cháy chữa cháy", "2021-06-15", "15/6/2021"),
        ),
        Record(
            source="mn_hoa_hong/phat_dong.docx",
            sha256="1" * 64,
            format="docx",
            doc_type="launch",
            unit_id="mn_hoa_hong",
            entries=[Entry(4, "Không phải bản đăng ký", None, "")],
        ),
    ]
    if verdicts is None:
        verdicts = (
            [verdict(u, "collective", n) for u, n in reversed(COLLECTIVES)]
            + [verdict(u, "individual", n, p) for u, n, p in reversed(INDIVIDUALS)]
            + [verdict(u, k, n, p, award="city_merit") for u, k, n, p in CITY]
            + [
                verdict(
                    "thcs_binh_tan",
                    "individual",
                    NOT_AWARDED[0],
                    "Giáo viên",
                    outcome="ineligible",
                    reasons=("MISSING_MINUTES", "NOT_IN_MINUTES"),
                ),
                verdict(
                    "th_kim_dong",
                    "individual",
                    NOT_AWARDED[1],
                    "Giáo viên",
                    outcome="needs_review",
                    reasons=("RECEIVED_DATE_UNKNOWN",),
                ),
                verdict(
                    "mn_son_ca",
                    "individual",
                    NOT_AWARDED[2],
                    "Giáo viên",
                    award="ward_merit",
                    outcome="not_handled",
                    reasons=("AWARD_NOT_HANDLED",),
                ),
            ]
        )
    statuses = ["on_time"] * 12 + ["late"] * 2 + ["missing"] * 2 + ["pending"]
    units = [
        UnitStatus(
            u.unit_id,
            u.name,
            status,
            "2021-05-04" if status != "missing" else None,
            "on_time",
            "pending",
            nominees=1,
            eligible=0,
        )
        for u, status in zip(roster, chain(statuses, repeat("on_time")), strict=False)
    ]
    return RunResult(as_of=AS_OF, records=records, findings=[], units=units, verdicts=verdicts)


@pytest.fixture(scope="session")
def result(roster: list[Unit]) -> RunResult:
    return make_result(roster)


@pytest.fixture(scope="session")
def outputs(result: RunResult, config: CampaignConfig, roster: list[Unit]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for render in (render_registration_tables, render_drafts, render_summary_report):
        files.update(render(result, config, roster))
    return files


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def body_lines(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_text(document: DocxDocument) -> str:
    parts = body_lines(document)
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def column(table: Table, index: int) -> list[str]:
    return [row.cells[index].text for row in table.rows[1:]]


# ------------------------------------------------------------------------- small parts


def test_long_date_uses_leading_zeros_for_days_and_early_months() -> None:
    assert long_date("2021-01-05") == "ngày 05 tháng 01 năm 2021"
    assert long_date("2021-04-29") == "ngày 29 tháng 4 năm 2021"
    assert long_date("2021-12-09") == "ngày 09 tháng 12 năm 2021"


def test_counts_and_document_kinds() -> None:
    assert count_phrase(5, 12) == "05 tập thể và 12 cá nhân"
    assert count_phrase(0, 3) == "03 cá nhân"
    assert document_kind("293/KH-UBND") == "Kế hoạch"
    assert document_kind("15/QĐ-UBND") == "Quyết định"
    assert document_kind("12/UBND-VX") == "Văn bản"


def test_header_lines_split_long_names_near_the_middle() -> None:
    assert header_lines("ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN") == ["ỦY BAN NHÂN DÂN", "QUẬN BÌNH TÂN"]
    assert header_lines("PHÒNG NỘI VỤ") == ["PHÒNG NỘI VỤ"]
    assert header_lines("") == []


def test_printable_drops_control_characters() -> None:
    assert printable("A\x07B\x0bC\u0301\n D") == "A B Ć D"


# ------------------------------------------------------------------------ registrations


def test_registration_docx_lists_every_content_with_its_agency(
    outputs: dict[str, bytes], config: CampaignConfig
) -> None:
    document = open_docx(outputs["tong_hop_dang_ky.docx"])
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "Stt",
        "Nội dung",
        "Tên công trình/ dự án đăng ký",
        "Dự kiến thời gian hoàn thành",
    ]
    content_rows = [row for row in table.rows[1:] if row.cells[2]._tc is row.cells[3]._tc]
    assert [row.cells[0].text for row in content_rows] == [f"{c.number}." for c in config.contents]
    for row, content in zip(content_rows, config.contents, strict=True):
        assert content.title in row.cells[1].text
        assert f"Phân công thực hiện: {content.agency}" in row.cells[1].text
    unregistered = {2, 4, 5, 7, 8, 9, 10}  # 7 only "Như trên", 5 only a blank
    for row, content in zip(content_rows, config.contents, strict=True):
        empty = row.cells[2].text == "Chưa có đơn vị đăng ký"
        assert empty == (content.number in unregistered), content.number


def test_registration_docx_shows_each_project_with_its_unit(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["tong_hop_dang_ky.docx"])
    table = document.tables[1]
    projects = [
        (row.cells[0].text, row.cells[2].text.split("\n"), row.cells[3].text)
        for row in table.rows[1:]
        if row.cells[2]._tc is not row.cells[3]._tc
    ]
    assert projects == [
        (
            "1.",
            ["Trường Mầm non Hoa Hồng", "=1+1 Trang trí khuôn viên chào mừng bầu cử"],
            "Quý II/2021",
        ),
        ("1.", ["Trường THCS Bình Tân", "Tuyên truyền bầu cử đến 100% phụ huynh"], "23/5/2021"),
        ("3.", ["Trường THCS Bình Tân", "Xây dựng trường học xanh - sạch - đẹp"], "Tháng 6/2021"),
        ("6.", ["Trường Mầm non Hoa Hồng", "Phân loại rác tại nguồn"], "cuối tháng 6 năm 2021"),
        (
            "11.",
            ["Chưa xác định đơn vị (tệp la/thu.eml#dk.docx)", "Tập huấn phòng cháy chữa cháy"],
            "15/6/2021",
        ),
    ]
    text = all_text(document)
    for skipped in (
        "Tên Công trình, dự án",
        "Nội dung không có",
        "Không rõ nội dung",
        "Như trên",
        "Không phải bản đăng ký",
    ):
        assert skipped not in text


def test_registration_docx_header(outputs: dict[str, bytes], config: CampaignConfig) -> None:
    document = open_docx(outputs["tong_hop_dang_ky.docx"])
    header = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert header[0] == "ỦY BAN NHÂN DÂN\nQUẬN BÌNH TÂN\nPHÒNG GIÁO DỤC\nVÀ ĐÀO TẠO\n"
    assert header[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    assert header[3] == "Bình Tân, ngày 30 tháng 6 năm 2021"
    lines = body_lines(document)
    title = lines.index("TỔNG HỢP ĐĂNG KÝ NỘI DUNG THI ĐUA")
    assert lines[title + 1] == config.campaign.name
    assert "02 đơn vị đăng ký, 05 công trình, dự án" in lines[title + 3]


def test_registration_xlsx_is_one_frozen_sheet_of_inert_text(outputs: dict[str, bytes]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(outputs["tong_hop_dang_ky.xlsx"]))
    assert book.sheetnames == ["Tổng hợp đăng ký"]
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "Nội dung số",
        "Nội dung",
        "Cơ quan chủ trì",
        "Đơn vị",
        "Tên công trình/dự án",
        "Dự kiến hoàn thành",
        "Ngày hoàn thành (ISO)",
        "Tệp nguồn",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 60
    assert [(r[0], r[3]) for r in rows[1:]] == [
        (1, "Trường Mầm non Hoa Hồng"),
        (1, "Trường THCS Bình Tân"),
        (3, "Trường THCS Bình Tân"),
        (6, "Trường Mầm non Hoa Hồng"),
        (11, "Chưa xác định đơn vị (tệp la/thu.eml#dk.docx)"),
    ]
    formula_like = sheet.cell(row=2, column=5)
    assert formula_like.value == "'=1+1 Trang trí khuôn viên chào mừng bầu cử"
    assert formula_like.data_type == "s"
    assert rows[3][6] == "2021-06-30" and rows[3][7] == "thcs_binh_tan/dang_ky.docx"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


# ---------------------------------------------------------------------------- decision


def test_decision_body_follows_the_decree(
    outputs: dict[str, bytes], config: CampaignConfig
) -> None:
    document = open_docx(outputs["du_thao_quyet_dinh_giay_khen.docx"])
    header = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert header[0].startswith("ỦY BAN NHÂN DÂN\nQUẬN BÌNH TÂN\n")
    assert header[2] == "Số:      /QĐ-UBND"
    assert header[3] == "Bình Tân, ngày … tháng … năm 20…"
    lines = body_lines(document)
    start = lines.index("QUYẾT ĐỊNH")
    assert lines[start + 1] == (
        "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích "
        f"xuất sắc trong {config.campaign.short_name}"
    )
    assert "ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN" in lines
    bases = [line for line in lines if line.startswith("Căn cứ")]
    assert bases[:3] == [f"{b};" for b in config.drafts["decision"]["legal_bases"]]
    assert bases[4] == (
        "Căn cứ Kế hoạch số 293/KH-UBND ngày 29 tháng 4 năm 2021 của Ủy ban nhân "
        f"dân quận Bình Tân về {config.references[1].title};"
    )
    proposal = lines.index(f"Xét đề nghị của {config.drafts['decision']['proposer']}.")
    assert lines.index("QUYẾT ĐỊNH:") == proposal + 1
    article = lines[proposal + 2]
    assert article.startswith(
        "Điều 1. Tặng Giấy khen của Ủy ban nhân dân quận cho 03 tập thể "
        "và 05 cá nhân đã có thành tích xuất sắc"
    )
    assert article.endswith("(có danh sách kèm theo).")
    assert lines[proposal + 3].endswith(f"theo quy định tại {config.drafts['decision']['decree']}.")
    assert lines[proposal + 4].startswith("Điều 3. Chánh Văn phòng Ủy ban nhân dân quận")
    assert lines[proposal + 4].endswith("chịu trách nhiệm thi hành Quyết định này./.")
    italic = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Xét đề nghị"))]
    assert len(italic) == 7 and {p.style.name for p in italic if p.style} == {"Basis"}
    assert document.styles["Basis"].font.italic


def test_decision_signature_and_recipients(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["du_thao_quyet_dinh_giay_khen.docx"])
    left, right = document.tables[1].rows[0].cells
    lines = [p.text for p in left.paragraphs]
    assert lines == [
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Thường trực Ủy ban nhân dân quận;",
        "- Phòng Nội vụ quận (Thường trực Hội đồng TĐKT);",
        "- Lưu: VT, NV.",
    ]
    label = left.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert right.text.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")


def test_decision_annex_lists_collectives_and_individuals_apart(
    outputs: dict[str, bytes], roster: list[Unit]
) -> None:
    document = open_docx(outputs["du_thao_quyet_dinh_giay_khen.docx"])
    annex = next(p for p in document.paragraphs if p.text == "DANH SÁCH")
    assert annex.paragraph_format.page_break_before
    lines = body_lines(document)
    assert lines[lines.index("DANH SÁCH") + 1] == (
        "Tập thể, cá nhân được tặng Giấy khen của Ủy ban nhân dân quận"
    )
    assert lines[lines.index("DANH SÁCH") + 2] == (
        "(Kèm theo Quyết định số      /QĐ-UBND ngày … tháng … năm … của Ủy ban nhân dân quận "
        "Bình Tân)"
    )
    collectives, individuals = document.tables[2], document.tables[3]
    assert [c.text for c in collectives.rows[0].cells] == ["Stt", "Tên tập thể"]
    assert column(collectives, 0) == ["1", "2", "3"]
    assert column(collectives, 1) == [name for _, name in COLLECTIVES]
    assert [c.text for c in individuals.rows[0].cells] == ["Stt", "Họ và tên", "Chức vụ, đơn vị"]
    assert column(individuals, 1) == [name for _, name, _ in INDIVIDUALS]
    names = {unit.unit_id: unit.name for unit in roster}
    assert column(individuals, 2) == [f"{p}, {names[u]}" for u, _, p in INDIVIDUALS]
    assert "I. TẬP THỂ (03)" in lines and "II. CÁ NHÂN (05)" in lines
    text = all_text(document)
    for name in NOT_AWARDED + [n for _, _, n, _ in CITY]:
        assert name not in text


def test_decision_page_layout(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["du_thao_quyet_dinh_giay_khen.docx"])
    section = document.sections[0]
    sizes = [
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    ]
    assert [round(size.mm) for size in sizes if size is not None] == [210, 297, 20, 20, 30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    body = document.styles["Body"].paragraph_format
    assert body.first_line_indent is not None and round(body.first_line_indent.cm, 2) == 1
    assert body.space_after == Pt(6)
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_decision_without_eligible_nominees_says_so(
    config: CampaignConfig, roster: list[Unit]
) -> None:
    empty = make_result(roster, verdicts=[])
    drafts = render_drafts(empty, config, roster)
    decision = open_docx(drafts["du_thao_quyet_dinh_giay_khen.docx"])
    lines = body_lines(decision)
    assert any(
        line.startswith(
            "Điều 1. Chưa có tập thể, cá nhân đủ điều kiện được tặng Giấy "
            "khen của Ủy ban nhân dân quận"
        )
        for line in lines
    )
    assert "Không có tập thể đủ điều kiện." in lines
    assert "Không có cá nhân đủ điều kiện." in lines
    assert len(decision.tables) == 2  # the header and the signature, no empty annex table
    submission = open_docx(drafts["du_thao_to_trinh_bang_khen.docx"])
    assert any("chưa có tập thể, cá nhân đủ điều kiện" in line for line in body_lines(submission))


# -------------------------------------------------------------------------- submission


def test_submission_asks_the_city_for_the_city_nominees(
    outputs: dict[str, bytes], config: CampaignConfig
) -> None:
    document = open_docx(outputs["du_thao_to_trinh_bang_khen.docx"])
    header = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert header[0].startswith("ỦY BAN NHÂN DÂN\nQUẬN BÌNH TÂN\nPHÒNG GIÁO DỤC\nVÀ ĐÀO TẠO")
    assert header[2] == "Số:      /TTr-GDĐT"
    lines = body_lines(document)
    start = lines.index("TỜ TRÌNH")
    assert lines[start + 1].startswith(
        "Về việc đề nghị tặng Bằng khen của Ủy ban nhân dân "
        "Thành phố Hồ Chí Minh cho các tập thể, cá nhân"
    )
    assert lines[start + 3] == (
        "Kính gửi: Ủy ban nhân dân Thành phố Hồ Chí Minh (qua Ban Thi "
        "đua - Khen thưởng, Sở Nội vụ)."
    )
    assert lines[start + 4].startswith("Căn cứ Kế hoạch số 1125/KH-UBND ngày 13 tháng 4 năm 2021")
    assert any("cho 01 tập thể và 01 cá nhân đã có thành tích" in line for line in lines)
    parts = lines.index("Hồ sơ đề nghị khen thưởng kèm theo gồm:")
    assert lines[parts + 1 : parts + 5] == [
        "- Văn bản đề nghị khen thưởng;",
        "- Biên bản họp Hội đồng Thi đua - Khen thưởng;",
        "- Báo cáo tóm tắt thành tích;",
        "- Xác nhận của cơ quan quản lý thuế.",
    ]
    assert (
        "Hồ sơ gửi về Ủy ban nhân dân Thành phố Hồ Chí Minh trước ngày 05 tháng 7 năm 2021."
        in lines
    )
    assert column(document.tables[1], 1) == ["Trường THCS An Lạc"]
    assert column(document.tables[2], 1) == ["Phạm Thị Thu"]
    assert column(document.tables[2], 2) == ["Phó Hiệu trưởng, Trường THCS An Lạc"]
    signature = document.tables[3].rows[0].cells
    assert signature[1].text.startswith("TRƯỞNG PHÒNG") and "Ngô Văn Tuyên" in signature[1].text
    assert [p.text for p in signature[0].paragraphs][-1] == "- Lưu: VT, TĐKT."
    text = all_text(document)
    assert all(name not in text for _, name in COLLECTIVES)


# ----------------------------------------------------------------------------- summary


def test_summary_report_tables_and_charts(outputs: dict[str, bytes]) -> None:
    document = open_docx(outputs["bao_cao_tong_hop.docx"])
    lines = body_lines(document)
    assert lines[lines.index("BÁO CÁO") + 1].startswith("Tổng hợp kết quả đợt thi đua cao điểm")
    assert (
        "Có 2/17 đơn vị gửi bản đăng ký với 5 công trình, dự án; 4/11 nội dung thi đua có "
        "đơn vị đăng ký." in lines
    )
    assert len(document.inline_shapes) == 3
    contents, submissions, units, awards, reasons = document.tables[1:6]
    assert column(contents, 0) == [str(n) for n in range(1, 12)]
    assert column(contents, 3)[:3] == ["2", "0", "1"]
    assert [c.text for c in submissions.rows[1].cells] == [
        "Bản đăng ký nội dung thi đua",
        "12",
        "2",
        "2",
        "1",
    ]
    assert len(units.rows) == 18
    assert column(awards, 0) == [
        "Bằng khen của UBND Thành phố",
        "Giấy khen của UBND quận",
        "Giấy khen của Chủ tịch UBND phường",
    ]
    assert [c.text for c in awards.rows[2].cells] == [
        "Giấy khen của UBND quận",
        "8",
        "1",
        "1",
        "0",
        "10",
    ]
    assert column(reasons, 1)[0] == "AWARD_NOT_HANDLED"
    assert "MISSING_MINUTES" in column(reasons, 1)
    assert column(reasons, 2)[column(reasons, 1).index("MISSING_MINUTES")] == "§III.3"
    images = [rel.target_part.blob for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == 3 and all(blob.startswith(b"\x89PNG") for blob in images)


def test_summary_workbook_has_a_sheet_per_table(outputs: dict[str, bytes]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(outputs["bao_cao_tong_hop.xlsx"]))
    assert book.sheetnames == [
        "Đăng ký theo nội dung",
        "Gửi văn bản",
        "Đơn vị",
        "Khen thưởng",
        "Lý do",
    ]
    assert [c.value for c in book["Gửi văn bản"][2]] == [
        "Bản đăng ký nội dung thi đua",
        12,
        2,
        2,
        1,
    ]
    assert book["Đơn vị"].max_row == 18 and book["Đơn vị"].freeze_panes == "A2"
    reasons = {row[0]: row[2] for row in book["Lý do"].iter_rows(min_row=2, values_only=True)}
    assert reasons == {
        "MISSING_MINUTES": 1,
        "NOT_IN_MINUTES": 1,
        "RECEIVED_DATE_UNKNOWN": 1,
        "AWARD_NOT_HANDLED": 1,
    }


# ----------------------------------------------------------------- escaping, determinism


def test_document_text_is_never_markup_or_template(
    config: CampaignConfig, roster: list[Unit]
) -> None:
    hostile_unit = Unit(unit_id="hostile", name=HOSTILE + "\x07")
    units = [*roster, hostile_unit]
    result = make_result(
        units,
        verdicts=[
            verdict("hostile", "collective", HOSTILE),
            verdict("hostile", "individual", "{{ config }}\x0b", position=HOSTILE),
        ],
    )
    result.records.append(
        registration(
            "x.docx", "hostile", Entry(8, "{% for x in range(9) %}{{ x }}{% endfor %}", None, "<b>")
        )
    )
    files = {
        **render_registration_tables(result, config, units),
        **render_drafts(result, config, units),
    }
    decision = all_text(open_docx(files["du_thao_quyet_dinh_giay_khen.docx"]))
    assert decision.count(HOSTILE) == 3  # the collective, and the individual's position, unit
    assert "{{ config }}" in decision and "49" not in decision
    table = all_text(open_docx(files["tong_hop_dang_ky.docx"]))
    assert HOSTILE in table and "{% for x in range(9) %}{{ x }}{% endfor %}" in table
    assert "<b>" in table and "012345678" not in table
    sheet = openpyxl.load_workbook(io.BytesIO(files["tong_hop_dang_ky.xlsx"])).active
    assert sheet is not None
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert HOSTILE in values


def test_renders_are_byte_identical(
    outputs: dict[str, bytes], config: CampaignConfig, roster: list[Unit]
) -> None:
    again: dict[str, bytes] = {}
    for render in (render_registration_tables, render_drafts, render_summary_report):
        again.update(render(make_result(roster), config, roster))
    assert sorted(again) == sorted(outputs) and len(outputs) == 6
    for name, data in outputs.items():
        assert again[name] == data, name


class FilesMemo:
    """A RenderMemo in a dict, which records the digests it is given files for."""

    def __init__(self) -> None:
        self.files: dict[str, dict[str, bytes]] = {}
        self.written: list[str] = []

    def get_rendered(self, digest: str) -> dict[str, bytes] | None:
        return self.files.get(digest)

    def put_rendered(self, digest: str, files: dict[str, bytes]) -> None:
        self.written.append(digest)
        self.files[digest] = dict(files)


def test_office_documents_come_from_the_memo_while_their_inputs_stay(
    config: CampaignConfig, roster: list[Unit]
) -> None:
    memo = FilesMemo()
    first = render_all(make_result(roster), config, roster, memo=memo, salt="code 1")
    charts = {name for files in memo.files.values() for name in files if name.startswith("chart")}
    assert len(memo.written) == len(OFFICE_KINDS) + 3 and len(charts) == 3
    assert render_all(make_result(roster), config, roster, memo=memo, salt="code 1") == first
    assert len(memo.written) == len(OFFICE_KINDS) + 3  # every office document from the memo
    # One more eligible individual: the drafts, the summary and its awards chart change; the
    # registrations and the two other charts do not.
    changed = make_result(roster)
    changed.verdicts.append(verdict("mn_son_ca", "individual", "Phạm Thị Mới", "Giáo viên"))
    digests = [task_digest(task, "code 1") for task in office_tasks(changed, config, roster)]
    memo.written.clear()
    again = render_all(changed, config, roster, memo=memo, salt="code 1")
    redrawn = [name for d in memo.written for name in memo.files[d] if name.startswith("chart")]
    assert [d for d in memo.written if d in digests] == [digests[0], digests[2]]
    assert redrawn == ["chart_awards"]
    assert again == render_all(changed, config, roster)
    assert again["tong_hop_dang_ky.docx"] == first["tong_hop_dang_ky.docx"]
    assert again["du_thao_quyet_dinh_giay_khen.docx"] != first["du_thao_quyet_dinh_giay_khen.docx"]
    memo.written.clear()
    render_all(changed, config, roster, memo=memo, salt="code 2")  # new code: nothing reused
    assert len(memo.written) == len(OFFICE_KINDS) + 3


@pytest.mark.parametrize("start_method", ["forkserver", "fork"])
def test_the_office_worker_writes_the_bytes_this_process_writes(
    config: CampaignConfig, roster: list[Unit], start_method: str
) -> None:
    here = render_all(make_result(roster), config, roster)
    with OfficeWorker(start_method=start_method) as worker:
        there = render_all(make_result(roster), config, roster, office_worker=worker)
    assert there == here and len(here) == 6 + 6  # office documents, data files and the log


class BusyWorker:
    """An office worker's stand-in that never reports itself idle before the end: it writes
    what it was given (with the real writers) only when asked for its outputs."""

    def __init__(self) -> None:
        self.tasks: dict[int, OfficeTask] = {}

    def poll(self) -> None:
        pass

    def idle(self) -> bool:
        return False

    def render(self, key: int, task: OfficeTask) -> None:
        self.tasks[key] = task

    def outputs(self) -> dict[int, dict[str, bytes] | None]:
        return {key: office_files(task) for key, task in self.tasks.items()}


def test_the_last_office_document_waiting_is_left_to_the_worker(
    config: CampaignConfig, roster: list[Unit]
) -> None:
    # The worker has the summary and stays busy: this process writes the drafts (one more
    # still waits), but leaves the registrations, the last, to the worker.
    worker = BusyWorker()
    there = render_all(make_result(roster), config, roster, office_worker=worker)
    assert [kind for kind, _ in worker.tasks.values()] == ["summary", "registrations"]
    assert there == render_all(make_result(roster), config, roster)


def test_template_builder_is_reproducible(tmp_path: Path) -> None:
    from tools.build_templates import build_all

    first = {p.name: p.read_bytes() for p in build_all(tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in build_all(tmp_path / "b")}
    assert first == second
    assert sorted(first) == sorted(p.name for p in (ROOT / "templates").glob("*.docx"))


# ------------------------------------------------------------------------ PDF rendition


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction splits words where fonts change."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def pdf_text(
    outputs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, list[str]]]:
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("soffice or pdftotext is not installed")
    work = tmp_path_factory.mktemp("pdf")
    names = [n for n in outputs if n.endswith(".docx")]
    for name in names:
        (work / name).write_bytes(outputs[name])
    profile = tmp_path_factory.mktemp("lo_profile")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *names,
        ],
        cwd=work,
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages: dict[str, list[str]] = {}
    for name in names:
        pdf = work / name.replace(".docx", ".pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[name] = [squeeze(page) for page in text.split("\f") if page.strip()]
    yield pages


def in_order(text: str, items: list[str]) -> bool:
    positions = [text.find(squeeze(item)) for item in items]
    return -1 not in positions and positions == sorted(positions)


def test_every_docx_converts_to_pdf_with_names_in_order(pdf_text: dict[str, list[str]]) -> None:
    assert len(pdf_text) == 4
    decision = pdf_text["du_thao_quyet_dinh_giay_khen.docx"]
    annex = next(i for i, page in enumerate(decision) if squeeze("DANH SÁCH") in page)
    assert annex >= 1 and squeeze("Điều 3.") not in decision[annex]
    assert in_order(
        decision[0],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "QUYẾT ĐỊNH",
            "Căn cứ Luật Tổ chức chính quyền địa phương",
            "QUYẾT ĐỊNH:",
        ],
    )
    annex_text = "".join(decision[annex:])
    assert in_order(
        annex_text,
        ["I. TẬP THỂ"]
        + [n for _, n in COLLECTIVES]
        + ["II. CÁ NHÂN"]
        + [n for _, n, _ in INDIVIDUALS],
    )
    registration_text = "".join(pdf_text["tong_hop_dang_ky.docx"])
    assert in_order(
        registration_text,
        [
            "Trường Mầm non Hoa Hồng",
            "Trường THCS Bình Tân",
            "Xây dựng trường học xanh",
            "Phân loại rác tại nguồn",
            "Tập huấn phòng cháy chữa cháy",
        ],
    )
    assert in_order(
        "".join(pdf_text["du_thao_to_trinh_bang_khen.docx"]),
        ["TỜ TRÌNH", "Kính gửi:", "Trường THCS An Lạc", "Phạm Thị Thu", "Ngô Văn Tuyên"],
    )
    assert in_order(
        "".join(pdf_text["bao_cao_tong_hop.docx"]),
        [
            "I. ĐĂNG KÝ NỘI DUNG THI ĐUA",
            "II. TÌNH HÌNH GỬI VĂN BẢN",
            "III. HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG",
            "MISSING_MINUTES",
        ],
    )
    assert not any(squeeze(name) in "".join(decision) for name in NOT_AWARDED)
