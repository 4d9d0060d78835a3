"""Extract: document type, issuing unit, number, date and registration entries from real files.

The documents are built by tests/corpus.py the way schools write them (Word-like runs split
mid-word, a two-column header table) and converted to PDF by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest

from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.model import InboxItem, Record
from pipeline.parse import parse_item
from tests import corpus
from tests.corpus import FormRow, Sender, Style

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT / "config" / "campaign_2021.yaml")
CTX = ExtractContext.build(CONFIG, load_roster(ROOT / "config" / "units.csv"))
DAY = dt.date(2021, 5, 3)

AN_LAC = Sender(name="Trường THCS An Lạc", header="TRƯỜNG THCS AN LẠC", code="THCSAL",
                head="Lê Thị Thu", email="c2anlac.binhtan@hcm.edu.vn")
STRANGER = Sender(name="Trường THCS Nguyễn Văn Linh", header="TRƯỜNG THCS NGUYỄN VĂN LINH",
                  code="THCSNVL", head="Võ Văn Ba")

FORM_ROWS = [
    FormRow("1.", CONFIG.contents[0].title, ("1. Tổ chức tuyên truyền bầu cử", "2. Trang trí khu vực bỏ phiếu"),
            "Tháng 5/2021"),
    FormRow("3.", CONFIG.contents[2].title, ("Như trên",), "Như trên"),
    FormRow("9.", CONFIG.contents[8].title, ("Số hoá hồ sơ học sinh",), "Quý III/2021"),
    FormRow("", "", ("Cổng thông tin một cửa",), "30/6/2021", continues=True),
    FormRow("12.", "Nội dung tự đặt", ("Tên Công trình, dự án",), "cuối tháng 6 năm 2021"),
]
LETTER_ENTRIES = [
    "1. Nội dung 2: Công trình “Xây dựng thư viện xanh”, dự kiến hoàn thành tháng 6/2021.",
    "2. Nội dung số 9: dự án “Sổ liên lạc điện tử”; thời gian hoàn thành: 30/6/2021.",
]


def item_of(source: str, data: bytes, fmt: str) -> InboxItem:
    return InboxItem(source=source, sha256=hashlib.sha256(data).hexdigest(), format=fmt, data=data)


def extract(source: str, data: bytes, fmt: str) -> Record:
    item = item_of(source, data, fmt)
    return extract_record(item, parse_item(item), CTX)


def documents() -> dict[str, bytes]:
    return {
        "form.docx": corpus.build_docx(corpus.registration_form(AN_LAC, "12/ĐK-THCSAL", DAY, FORM_ROWS), seed=1),
        "letter.docx": corpus.build_docx(corpus.registration_letter(AN_LAC, "15/THCSAL", DAY, LETTER_ENTRIES), seed=2),
        "nfd.docx": corpus.build_docx(corpus.registration_form(AN_LAC, "12/ĐK-THCSAL", DAY, FORM_ROWS,
                                                               Style(nfd=True, header="paragraphs")), seed=3),
        "launch.docx": corpus.build_docx(corpus.launch_plan(AN_LAC, "10/KH-THCSAL", DAY), seed=4),
        "stranger.docx": corpus.build_docx(corpus.registration_letter(STRANGER, "3/NVL", DAY, LETTER_ENTRIES), seed=5),
    }


@pytest.fixture(scope="module")
def docx_records() -> dict[str, Record]:
    return {name: extract(name, data, "docx") for name, data in documents().items()}


@pytest.fixture(scope="module")
def pdf_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Record]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    paths = []
    for name, data in documents().items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    pdfs = corpus.docx_to_pdf(paths, folder / "out")
    return {p.name: extract(p.name, p.read_bytes(), "pdf") for p in pdfs}


def entries(record: Record) -> list[tuple[int | None, str, str | None, str]]:
    return [(e.content_no, e.project, e.expected_completion, e.expected_completion_raw)
            for e in record.entries]


EXPECTED_FORM = [
    (1, "Tổ chức tuyên truyền bầu cử", "2021-05-31", "Tháng 5/2021"),
    (1, "Trang trí khu vực bỏ phiếu", "2021-05-31", "Tháng 5/2021"),
    (3, "Tổ chức tuyên truyền bầu cử", "2021-05-31", "Tháng 5/2021"),
    (3, "Trang trí khu vực bỏ phiếu", "2021-05-31", "Tháng 5/2021"),
    (9, "Số hoá hồ sơ học sinh", "2021-09-30", "Quý III/2021"),
    (9, "Cổng thông tin một cửa", "2021-06-30", "30/6/2021"),
    (12, "Tên Công trình, dự án", "2021-06-30", "cuối tháng 6 năm 2021"),
]
EXPECTED_LETTER = [
    (2, "Xây dựng thư viện xanh", "2021-06-30", "tháng 6/2021"),
    (9, "Sổ liên lạc điện tử", "2021-06-30", "30/6/2021"),
]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize(("name", "expected"), [("form", EXPECTED_FORM), ("letter", EXPECTED_LETTER)])
def test_registration_entries(kind: str, name: str, expected: list[tuple[int | None, str, str | None, str]],
                              docx_records: dict[str, Record], request: pytest.FixtureRequest) -> None:
    records = docx_records if kind == "docx" else request.getfixturevalue("pdf_records")
    record = records[f"{name}.{kind}"]
    assert record.doc_type == "registration"
    assert entries(record) == expected


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_header_facts_with_evidence(kind: str, docx_records: dict[str, Record],
                                    request: pytest.FixtureRequest) -> None:
    records = docx_records if kind == "docx" else request.getfixturevalue("pdf_records")
    record = records[f"form.{kind}"]
    assert record.unit_id == "thcs_an_lac"
    assert record.doc_number == "12/ĐK-THCSAL"
    assert record.doc_date == "2021-05-03"
    assert record.title and record.title.startswith("BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA")
    fields = {e.field: e for e in record.evidence}
    assert "AN LẠC" in fields["unit"].quote and "03" in fields["doc_date"].quote
    if kind == "pdf":
        assert fields["unit"].page == 1
    else:
        assert fields["unit"].paragraph is not None


def test_nfd_document_reads_like_nfc(docx_records: dict[str, Record]) -> None:
    nfd = docx_records["nfd.docx"]
    assert entries(nfd) == EXPECTED_FORM
    assert nfd.unit_id == "thcs_an_lac"
    for e in nfd.entries:
        assert e.project == unicodedata.normalize("NFC", e.project)


def test_launch_is_not_a_registration(docx_records: dict[str, Record]) -> None:
    assert docx_records["launch.docx"].doc_type == "launch"
    assert docx_records["launch.docx"].entries == []


def test_unit_outside_the_roster_stays_unknown(docx_records: dict[str, Record]) -> None:
    record = docx_records["stranger.docx"]
    assert record.doc_type == "registration" and record.unit_id is None
    assert "NGUYỄN VĂN LINH" in record.issuer


def test_received_date_falls_back_to_the_document_date(docx_records: dict[str, Record]) -> None:
    record = docx_records["letter.docx"]
    assert (record.received_at, record.received_source) == ("2021-05-03", "doc_date")


def test_sender_address_names_the_unit_when_the_header_does_not() -> None:
    data = corpus.build_docx(corpus.registration_letter(STRANGER, "3/NVL", DAY, LETTER_ENTRIES))
    item = item_of("mail.eml#x.docx", data, "docx")
    item.sender = "c2anlac.binhtan@hcm.edu.vn"
    assert extract_record(item, parse_item(item), CTX).unit_id == "thcs_an_lac"
