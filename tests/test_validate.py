"""Document, unit and registration rules: each triggered by one case and not by its neighbour.

The validate stage takes plain records, so these cases are records as extract would give them;
the end-to-end tests run the same rules over real files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import CampaignConfig, Unit, load_config, load_roster
from pipeline.model import Entry, Finding, Record
from pipeline.validate import validate
from pipeline.validate.document_checks import DOCUMENT_CHECKS
from pipeline.validate.facts import Facts
from pipeline.validate.statuses import submission_status

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2021, 7, 10)


@pytest.fixture(scope="module")
def config() -> CampaignConfig:
    return load_config(ROOT / "config" / "campaign_2021.yaml")


@pytest.fixture(scope="module")
def units() -> list[Unit]:
    return load_roster(ROOT / "config" / "units.csv")


def doc(source: str, doc_type: str, unit_id: str | None, received: str | None, **kw: object) -> Record:
    rec = Record(source=source, sha256="0" * 64, format="docx", doc_type=doc_type, unit_id=unit_id,
                 received_at=received, received_source="eml" if received else "none")
    for key, value in kw.items():
        setattr(rec, key, value)
    return rec


def run_rule(code: str, records: list[Record], config: CampaignConfig, units: list[Unit],
             as_of: dt.date = AS_OF) -> list[Finding]:
    rule = config.rule(code)
    assert rule is not None
    return DOCUMENT_CHECKS[rule.check](rule, Facts(config, units, records, as_of))


def entry(content_no: int | None, project: str, completion: str | None = "2021-06-30") -> Entry:
    return Entry(content_no=content_no, project=project, expected_completion=completion,
                 expected_completion_raw="tháng 6/2021")


def test_unreadable_only_for_files_with_errors(config: CampaignConfig, units: list[Unit]) -> None:
    bad = doc("a.pdf", "unknown", None, None, errors=["Tệp PDF được mã hoá"])
    good = doc("b.docx", "registration", "thcs_binh_tan", "2021-05-04")
    found = run_rule("UNREADABLE", [bad, good], config, units)
    assert [f.source for f in found] == ["a.pdf"]
    assert "mã hoá" in found[0].message and found[0].severity == "warning"


def test_unknown_document_not_for_unreadable_or_known(config: CampaignConfig, units: list[Unit]) -> None:
    records = [doc("moi.docx", "unknown", "thcs_binh_tan", "2021-05-04"),
               doc("bad.docx", "unknown", None, None, errors=["hỏng"]),
               doc("dk.docx", "registration", "thcs_binh_tan", "2021-05-04")]
    assert [f.source for f in run_rule("UNKNOWN_DOCUMENT", records, config, units)] == ["moi.docx"]


def test_unknown_unit_names_issuer_and_sender(config: CampaignConfig, units: list[Unit]) -> None:
    records = [doc("x.docx", "registration", None, "2021-05-04", issuer="TRƯỜNG THCS NGUYỄN VĂN LINH",
                   sender="c2nvl@hcm.edu.vn"),
               doc("y.docx", "registration", "thcs_an_lac", "2021-05-04")]
    found = run_rule("UNKNOWN_UNIT", records, config, units)
    assert [f.source for f in found] == ["x.docx"]
    assert "NGUYỄN VĂN LINH" in found[0].message and "c2nvl@hcm.edu.vn" in found[0].message
    assert found[0].clause == "§II.2" and found[0].severity == "error"


def test_received_date_unknown_for_doc_date_or_none(config: CampaignConfig, units: list[Unit]) -> None:
    records = [doc("a.docx", "registration", "thcs_an_lac", "2021-05-03", received_source="doc_date",
                   doc_date="2021-05-03"),
               doc("b.docx", "registration", "thcs_tan_tao", "2021-05-03", received_source="register")]
    found = run_rule("RECEIVED_DATE_UNKNOWN", records, config, units)
    assert [f.source for f in found] == ["a.docx"]
    assert "03/05/2021" in found[0].message


def test_deadline_is_inclusive_and_late_after(config: CampaignConfig, units: list[Unit]) -> None:
    on_day = doc("a.eml#dk.docx", "registration", "thcs_binh_tan", "2021-05-05")
    day_after = doc("b.eml#dk.docx", "registration", "thcs_tan_tao", "2021-05-06")
    found = run_rule("REGISTRATION_LATE", [on_day, day_after], config, units)
    assert [f.unit_id for f in found] == ["thcs_tan_tao"]
    assert "06/05/2021" in found[0].message and "05/05/2021" in found[0].message


def test_one_on_time_copy_is_enough(config: CampaignConfig, units: list[Unit]) -> None:
    early = doc("a.docx", "launch", "thcs_an_lac", "2021-05-04")
    resent = doc("b.docx", "launch", "thcs_an_lac", "2021-05-20")
    assert run_rule("LAUNCH_LATE", [early, resent], config, units) == []
    assert [f.unit_id for f in run_rule("LAUNCH_LATE", [resent], config, units)] == ["thcs_an_lac"]


def test_missing_versus_pending_depends_on_as_of(config: CampaignConfig, units: list[Unit]) -> None:
    sent = [doc("r.pdf", "result_report", u.unit_id, "2021-06-20") for u in units[1:]]
    before = run_rule("RESULT_REPORT_MISSING", sent, config, units, dt.date(2021, 6, 22))
    after = run_rule("RESULT_REPORT_MISSING", sent, config, units, dt.date(2021, 6, 23))
    assert before == []
    assert [f.unit_id for f in after] == [units[0].unit_id]
    deadline = config.deadlines["result_report"]
    assert submission_status([], deadline, dt.date(2021, 6, 1)) == "pending"


def test_registration_missing_and_late_are_exclusive(config: CampaignConfig, units: list[Unit]) -> None:
    late = doc("a.docx", "registration", "thcs_tan_tao", "2021-05-07")
    missing = {f.unit_id for f in run_rule("REGISTRATION_MISSING", [late], config, units)}
    assert "thcs_tan_tao" not in missing and "thcs_binh_tan" in missing


def test_placeholder_entries(config: CampaignConfig, units: list[Unit]) -> None:
    rec = doc("dk.docx", "registration", "thcs_huynh_van_nghe", "2021-05-04", entries=[
        entry(1, "Xây dựng thư viện xanh"),
        entry(2, "Tên Công trình, dự án"),
        entry(3, "Như trên"),
        entry(4, ""),
    ])
    found = run_rule("REGISTRATION_PLACEHOLDER", [rec], config, units)
    assert sorted(f.message.split()[2] for f in found) == ["2", "3", "4"]


def test_content_number_outside_the_plan(config: CampaignConfig, units: list[Unit]) -> None:
    rec = doc("dk.docx", "registration", "thcs_an_lac", "2021-05-04",
              entries=[entry(11, "An ninh trường học"), entry(12, "Công trình ngoài kế hoạch")])
    found = run_rule("CONTENT_INVALID", [rec], config, units)
    assert len(found) == 1 and "“12”" in found[0].message


def test_completion_after_period(config: CampaignConfig, units: list[Unit]) -> None:
    rec = doc("dk.docx", "registration", "thcs_an_lac", "2021-05-04", entries=[
        entry(1, "Đúng hạn", "2021-07-02"), entry(2, "Trễ", "2021-09-30")])
    found = run_rule("COMPLETION_AFTER_PERIOD", [rec], config, units)
    assert [f.severity for f in found] == ["warning"]
    assert "Trễ" in found[0].message and "02/07/2021" in found[0].message


def test_validate_counts_statuses_per_unit(config: CampaignConfig, units: list[Unit]) -> None:
    records = [doc("a.docx", "registration", "thcs_binh_tan", "2021-05-04"),
               doc("b.docx", "registration", "thcs_tan_tao", "2021-05-07")]
    findings, statuses, verdicts = validate(records, config, units, AS_OF)
    by_unit = {s.unit_id: s for s in statuses}
    assert by_unit["thcs_binh_tan"].registration == "on_time"
    assert by_unit["thcs_binh_tan"].registration_received_at == "2021-05-04"
    assert by_unit["thcs_tan_tao"].registration == "late"
    assert by_unit["th_kim_dong"].registration == "missing"
    assert verdicts == []
