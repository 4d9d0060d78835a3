"""The document builders, the sample scenario and the committed sample inbox."""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import io
import re
import shutil
import unicodedata
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pipeline.config import load_config, load_roster
from pipeline.extract.units import UnitMatcher
from pipeline.render.ooxml import FIXED_ZIP_TIME
from pipeline.text import fold
from tests.corpus import (
    DEFAULT_STYLE,
    NATIONAL_TITLE,
    FormRow,
    Person,
    Sender,
    Style,
    achievement_report,
    build_docx,
    build_eml,
    build_zip,
    docx_to_pdf,
    normalize_pdf,
    registration_form,
    tax_confirmation,
    truncate,
)
from tests.make_samples import (
    DEFAULT_SEED,
    EXPECTED_DIR,
    all_docs,
    build_inbox,
    committed_pdfs,
    readme,
)
from tests.scenario import (
    CONFIG_PATH,
    NOMINEE_NOTES,
    REPO,
    STRAY_FILES,
    UNIT_NOTES,
    Filed,
    Mail,
    deliveries,
    docs_of,
)

SAMPLES = REPO / "samples"
INBOX = SAMPLES / "inbox"
ROSTER = REPO / "config" / "units.csv"
SCHOOL = Sender(
    name="Trường THCS Bình Tân",
    header="TRƯỜNG THCS BÌNH TÂN",
    code="THCSBT",
    head="Trần Văn Hùng",
    deputy="Nguyễn Hoàng Nam",
)
ROWS = [
    FormRow(
        "2.",
        "Hoàn thành các chỉ tiêu nhiệm vụ phát triển kinh tế 6 tháng đầu năm 2021.",
        ("1. Xây dựng “Thư viện xanh – thân thiện”", "2. Tổ chức Ngày hội đọc sách"),
        "Tháng 6/2021",
    ),
    FormRow("", "", ("Vườn rau sạch",), "Quý II/2021", continues=True),
    FormRow("9.", "Duy trì chỉ số hài lòng của người dân.", (), "30/6/2021"),
]
MAX_INBOX_BYTES = 1_500_000


def _form(style: Style = DEFAULT_STYLE, seed: int = 7) -> bytes:
    spec = registration_form(SCHOOL, "26/ĐK-THCSBT", dt.date(2021, 5, 5), ROWS, style)
    return build_docx(spec, seed)


def _open(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def _all_paragraphs(document: DocxDocument) -> list[Paragraph]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs


# ------------------------------------------------------------------------------ builders


def test_runs_are_split_inside_words() -> None:
    document = _open(_form())
    split_words = 0
    for paragraph in _all_paragraphs(document):
        texts = [run.text for run in paragraph.runs]
        for left, right in zip(texts, texts[1:], strict=False):
            if left and right and left[-1].isalnum() and right[0].isalnum():
                split_words += 1
    assert split_words >= 3


def test_runs_carry_times_new_roman_at_13_or_14_points() -> None:
    for style, half_points in ((Style(), "26"), (Style(font_size=14), "28")):
        document = _open(_form(style))
        body = document.paragraphs[-1]
        rpr = body.runs[0]._r.find(qn("w:rPr"))
        assert rpr is not None
        assert rpr.find(qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == half_points


def test_nfd_option_decomposes_every_text_node() -> None:
    nfd_doc, nfc_doc = _open(_form(Style(nfd=True))), _open(_form())
    nfd_texts = [t.text for t in nfd_doc.element.body.iter(qn("w:t")) if t.text]
    assert all(unicodedata.is_normalized("NFD", t) for t in nfd_texts)
    assert not all(unicodedata.is_normalized("NFC", t) for t in nfd_texts)
    joined_nfd = "".join(p.text for p in _all_paragraphs(nfd_doc))
    joined_nfc = "".join(p.text for p in _all_paragraphs(nfc_doc))
    assert unicodedata.normalize("NFC", joined_nfd) == joined_nfc
    assert "TRƯỜNG THCS BÌNH TÂN" in joined_nfc


def test_header_variants() -> None:
    table_doc = _open(_form(Style(header="table")))
    left, right = table_doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "Số: 26/ĐK-THCSBT",
    ]
    assert right.paragraphs[0].text == NATIONAL_TITLE
    assert right.paragraphs[2].text == "Bình Tân, ngày 05 tháng 5 năm 2021"
    assert all(run.bold for run in left.paragraphs[1].runs)
    assert all(run.italic for run in right.paragraphs[2].runs)

    plain = _open(_form(Style(header="paragraphs")))
    assert [p.text for p in plain.paragraphs[:3]] == [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "Số: 26/ĐK-THCSBT",
    ]
    assert not any(NATIONAL_TITLE in c.text for t in plain.tables for c in t.rows[0].cells)

    tabs = _open(_form(Style(header="tabs")))
    assert tabs.paragraphs[1].text == "TRƯỜNG THCS BÌNH TÂN\tĐộc lập - Tự do - Hạnh phúc"


def test_registration_form_cells_merges_and_projects() -> None:
    form = _open(_form()).tables[1]
    assert [c.text for c in form.rows[0].cells] == [
        "Stt",
        "Nội dung",
        "Tên công trình/ dự án đăng ký",
        "Dự kiến thời gian hoàn thành",
    ]
    projects = form.rows[1].cells[2].paragraphs
    assert [p.text for p in projects] == [
        "1. Xây dựng “Thư viện xanh – thân thiện”",
        "2. Tổ chức Ngày hội đọc sách",
    ]
    assert form.rows[2].cells[0]._tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
    assert form.rows[2].cells[1].text == form.rows[1].cells[1].text  # one merged cell
    assert form.rows[2].cells[2].text == "Vườn rau sạch"
    assert form.rows[3].cells[2].text == ""


def test_signed_on_behalf_of_the_head() -> None:
    texts = [p.text for p in _all_paragraphs(_open(_form(Style(deputy_signs=True))))]
    at = texts.index("KT. HIỆU TRƯỞNG")
    assert texts[at + 1] == "PHÓ HIỆU TRƯỞNG"
    assert "Nguyễn Hoàng Nam" in texts[at + 2 :]


def test_same_seed_same_bytes_other_seed_same_text() -> None:
    assert _form(seed=1) == _form(seed=1)
    assert _form(seed=1) != _form(seed=2)
    first, second = _open(_form(seed=1)), _open(_form(seed=2))
    assert [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]


def test_package_is_small_and_opens() -> None:
    data = _form()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert all(info.date_time == FIXED_ZIP_TIME for info in package.infolist())
    assert names[0] == "[Content_Types].xml"
    assert "word/stylesWithEffects.xml" not in names
    assert len(data) < 15_000
    created = _open(data).core_properties.created
    assert created == dt.datetime(2021, 5, 5, 1, 0, tzinfo=dt.UTC)


def test_achievement_report_of_a_person() -> None:
    spec = achievement_report(
        SCHOOL,
        dt.date(2021, 6, 10),
        "Giấy khen của Ủy ban nhân dân quận",
        ["Sáng kiến “Ứng dụng Google Classroom” được công nhận."],
        person=Person("Nguyễn Thị Mai", "Giáo viên"),
    )
    texts = [p.text for p in _open(build_docx(spec, 3)).paragraphs]
    assert "BÁO CÁO TÓM TẮT THÀNH TÍCH" in texts
    assert "Họ và tên: Nguyễn Thị Mai" in texts
    assert "Chức vụ: Giáo viên" in texts
    assert texts.index("II. THÀNH TÍCH ĐẠT ĐƯỢC") < texts.index(
        "Sáng kiến “Ứng dụng Google Classroom” được công nhận."
    )


def test_tax_confirmation_is_issued_by_the_tax_office() -> None:
    enterprise = "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân"
    spec = tax_confirmation(enterprise, "0301234567", "1523/CCT-KK", dt.date(2021, 6, 10))
    document = _open(build_docx(spec, 5))
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert left[:2] == ["CỤC THUẾ TP. HỒ CHÍ MINH", "CHI CỤC THUẾ QUẬN BÌNH TÂN"]
    texts = [p.text for p in document.paragraphs]
    assert texts[1:3] == ["GIẤY XÁC NHẬN", "Về việc chấp hành chính sách, pháp luật thuế"]
    assert any(f"{enterprise}, mã số thuế 0301234567" in t for t in texts)


def test_truncated_docx_does_not_open() -> None:
    with pytest.raises(zipfile.BadZipFile):
        _open(truncate(_form()))


def test_eml_parses_with_the_standard_library() -> None:
    attachments = [("Đăng ký thi đua.docx", _form()), ("bundle.zip", build_zip([("a.txt", b"x")]))]
    raw = build_eml(
        "Trường THCS Bình Tân <c2binhtan.binhtan@hcm.edu.vn>",
        "tanxuanma@gmail.com",
        "Wed, 05 May 2021 23:48:00 +0700",
        "Đăng ký nội dung thi đua",
        attachments,
    )
    assert raw == build_eml(
        "Trường THCS Bình Tân <c2binhtan.binhtan@hcm.edu.vn>",
        "tanxuanma@gmail.com",
        "Wed, 05 May 2021 23:48:00 +0700",
        "Đăng ký nội dung thi đua",
        attachments,
    )
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "Đăng ký nội dung thi đua"
    sent = message["Date"].datetime
    assert sent.utcoffset() == dt.timedelta(hours=7) and sent.date() == dt.date(2021, 5, 5)
    got = [(p.get_filename(), p.get_payload(decode=True)) for p in message.iter_attachments()]
    assert got == attachments


def test_zip_members_and_timestamps() -> None:
    data = build_zip([("MN Hoa Hong/a.docx", b"one"), ("b.pdf", b"two")])
    assert data == build_zip([("MN Hoa Hong/a.docx", b"one"), ("b.pdf", b"two")])
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        assert bundle.read("MN Hoa Hong/a.docx") == b"one"
        assert {i.date_time for i in bundle.infolist()} == {FIXED_ZIP_TIME}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="soffice (LibreOffice) not installed")
def test_pdf_conversion_is_text_and_normalised(tmp_path: Path) -> None:
    for name in ("a.docx", "b.docx"):
        (tmp_path / name).write_bytes(_form())
    pdfs = docx_to_pdf([tmp_path / "a.docx", tmp_path / "b.docx"], tmp_path / "out")
    raw = [p.read_bytes() for p in pdfs]
    fixed = [normalize_pdf(r) for r in raw]
    assert fixed[0] == fixed[1]
    assert [len(f) for f in fixed] == [len(r) for r in raw]  # xref offsets unchanged
    assert b"20210101000000" in fixed[0]
    with pdfplumber.open(pdfs[0]) as pdf:
        text = pdf.pages[0].extract_text()
    assert "TRƯỜNG THCS BÌNH TÂN" in text and "Tháng 6/2021" in text


# ------------------------------------------------------------------------------ scenario


def _expected(name: str) -> list[dict[str, str]]:
    with (EXPECTED_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_document_names_its_unit_as_the_roster_does() -> None:
    matcher = UnitMatcher(load_roster(ROSTER))
    for item in deliveries():
        for source, doc in docs_of(item):
            unit = matcher.by_name(doc.spec.issuer.name)
            issued_by = unit.unit_id if unit else None
            # A unit may forward a document it did not issue (last year's decision).
            forwarded = doc.kind == "unknown" and issued_by is None
            assert forwarded or issued_by == doc.unit_id, source
        if isinstance(item, Filed):
            folder = matcher.by_folder(item.folder)
            assert folder is not None and folder.unit_id == item.doc.unit_id, item.path
        if isinstance(item, Mail):
            address = item.sender.rsplit("<", 1)[1].rstrip(">")
            by_mail = matcher.by_email(address)
            units = {doc.unit_id for _, doc in docs_of(item)}
            assert {by_mail.unit_id if by_mail else None} == units, item.path


def test_achievement_reports_name_a_model_unless_they_should_not() -> None:
    keywords = ("mo hinh", "sang kien", "giai phap")
    reports = [d for d in all_docs(deliveries()) if d.kind == "achievement_report"]
    assert len(reports) >= 10
    for doc in reports:
        text = fold(" ".join(b.text for b in doc.spec.body if hasattr(b, "text")))
        named = any(k in text for k in keywords)
        assert named != ("NO_MODEL_OR_SOLUTION" in doc.expect), doc.id


def test_expected_nominees_follow_the_verdict_rule() -> None:
    config = load_config(CONFIG_PATH)
    severity = {r.code: r.severity for r in config.rules}
    unproven = {"RECEIVED_DATE_UNKNOWN", "UNREADABLE"}
    units = {u.unit_id for u in load_roster(ROSTER)}
    rows = _expected("sample_nominees.csv")
    for row in rows:
        reasons = row["reasons"].split(";") if row["reasons"] else []
        assert reasons == sorted(reasons) and set(reasons) <= set(severity), row
        assert row["unit_id"] in units and row["kind"] in {"collective", "individual"}
        assert row["award"] in {"", *config.awards}
        if any(severity[r] == "error" for r in reasons):
            verdict = "ineligible"
        elif row["award"] and not config.awards[row["award"]].handled:
            verdict = "not_handled"
        elif unproven & set(reasons):
            verdict = "needs_review"
        else:
            verdict = "eligible"
        assert row["verdict"] == verdict, row
        assert unicodedata.is_normalized("NFC", row["name"])
    assert {(r["unit_id"], r["name"]) for r in rows} == set(NOMINEE_NOTES)
    assert {r["verdict"] for r in rows} == {"eligible", "ineligible", "needs_review", "not_handled"}


def test_expected_units_cover_the_roster() -> None:
    rows = _expected("sample_units.csv")
    assert [r["unit_id"] for r in rows] == [u.unit_id for u in load_roster(ROSTER)]
    assert set(UNIT_NOTES) == {r["unit_id"] for r in rows}
    for row in rows:
        assert {row["registration"], row["launch"], row["result_report"]} <= {
            "on_time",
            "late",
            "missing",
        }
    assert sum(1 for r in rows if set(r.values()) == {r["unit_id"], "missing"}) >= 3


def test_scenario_covers_every_rule_of_the_campaign() -> None:
    config = load_config(CONFIG_PATH)
    shown: set[str] = set()
    for row in _expected("sample_units.csv"):
        for column, prefix in (
            ("registration", "REGISTRATION"),
            ("launch", "LAUNCH"),
            ("result_report", "RESULT_REPORT"),
        ):
            if row[column] != "on_time":
                shown.add(f"{prefix}_{row[column].upper()}")
    for row in _expected("sample_nominees.csv"):
        shown.update(filter(None, row["reasons"].split(";")))
    codes = {r.code for r in config.rules}
    for doc in all_docs(deliveries()):
        shown.update(re.findall(r"\b[A-Z]+(?:_[A-Z]+)*\b", doc.expect))
    for _path, _data, why in STRAY_FILES:
        shown.update(re.findall(r"\b[A-Z]+(?:_[A-Z]+)*\b", why))
    # The extractor's own doubts: the scenario is written to be read, so it raises none;
    # tests/test_classify.py, test_proposals.py, test_achievement.py and test_dossier.py do.
    doubts = {"TYPE_SIGNALS_DISAGREE", "EXTRACTION_DOUBT", "NOMINEE_DOUBT"}
    # The award register's rules need a register, which no inbox carries: tests/test_register.py
    # shows them (issue 16).
    register = {r.code for r in config.rules if r.check in ("already_awarded", "award_gap")}
    assert shown & codes == codes - doubts - register


# --------------------------------------------------------------------- committed samples


@pytest.fixture(scope="module")
def rebuilt() -> dict[str, bytes]:
    if not INBOX.is_dir():
        pytest.skip("samples/inbox has not been generated")
    return build_inbox(DEFAULT_SEED, pdfs=committed_pdfs(INBOX, deliveries()))


def test_committed_inbox_is_reproducible(rebuilt: dict[str, bytes]) -> None:
    committed = {
        p.relative_to(INBOX).as_posix(): p.read_bytes() for p in INBOX.rglob("*") if p.is_file()
    }
    assert sorted(committed) == sorted(rebuilt)
    differing = [name for name, data in rebuilt.items() if committed[name] != data]
    assert differing == []
    assert sum(len(b) for b in committed.values()) < MAX_INBOX_BYTES


def test_committed_readme_is_current(rebuilt: dict[str, bytes]) -> None:
    written = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert written == readme(deliveries(), rebuilt, EXPECTED_DIR)
