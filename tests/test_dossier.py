"""Nominee dossiers gathered across files and judged by the campaign's nominee rules.

Records are built directly here (the extraction has its own tests); every rule has a case
that triggers it and a neighbour that does not.  The end of the file runs the same judgement
on a second, small campaign to show a new kind of rule is YAML plus one check function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.config import CampaignConfig, Rule, Unit, load_config, load_roster, roster_path
from pipeline.model import Evidence, Finding, Nominee, Record, UnitStatus, Verdict
from pipeline.validate import check_rules
from pipeline.validate.dossier import judge_nominees, nominee_rules
from pipeline.validate.nominee_checks import NOMINEE_CHECKS, CheckContext, Dossier

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config" / "campaign_2021.yaml"
SMALL_PATH = ROOT / "tests" / "configs" / "small_campaign.yaml"
AS_OF = dt.date(2021, 7, 10)
SCHOOL = "thcs_binh_tan"  # in a cluster
NO_CLUSTER = "thcs_an_lac"
COMPANY = "cty_sach_thiet_bi"  # an enterprise
ON_TIME = "2021-06-15"


@pytest.fixture(scope="module")
def config() -> CampaignConfig:
    return load_config(CONFIG_PATH)


@pytest.fixture(scope="module")
def units(config: CampaignConfig) -> list[Unit]:
    return load_roster(roster_path(CONFIG_PATH, config))


def person(
    name: str,
    position: str = "Giáo viên",
    award: str | None = "district_merit",
    unit_id: str = SCHOOL,
    **extra: object,
) -> Nominee:
    head = position.startswith("Hiệu trưởng")
    return Nominee(
        kind="individual",
        name=name,
        position=position,
        unit_id=unit_id,
        award=award,
        award_raw="Giấy khen của UBND quận" if award else "Bằng khen của Bộ trưởng",
        head_of_unit=head,
        evidence=Evidence(source="?", page=None, quote=name, field="nominee", paragraph=3),
        **extra,  # type: ignore[arg-type]
    )


def collective(
    name: str, unit_id: str = SCHOOL, award: str | None = "district_merit", **extra: object
) -> Nominee:
    return replace(person(name, "", award, unit_id, **extra), kind="collective")


def record(
    source: str,
    doc_type: str,
    nominees: list[Nominee],
    unit_id: str | None = SCHOOL,
    received_at: str | None = ON_TIME,
    received_source: str = "register",
    model: bool = True,
) -> Record:
    evidence = []
    if doc_type == "achievement_report" and model:
        evidence.append(
            Evidence(
                source=source,
                page=None,
                quote="Mô hình “Lớp học xanh”.",
                field="model_or_solution",
                paragraph=9,
            )
        )
    return Record(
        source=source,
        sha256="0" * 64,
        format="docx",
        doc_type=doc_type,
        unit_id=unit_id,
        doc_date=received_at,
        received_at=received_at,
        received_source=received_source,
        nominees=[
            replace(n, evidence=replace(n.evidence, source=source)) if n.evidence else n
            for n in nominees
        ],
        evidence=evidence,
    )


def status(unit_id: str, registration: str = "on_time", launch: str = "on_time") -> UnitStatus:
    return UnitStatus(
        unit_id=unit_id,
        name=unit_id,
        registration=registration,
        registration_received_at="2021-05-04" if registration != "missing" else None,
        launch=launch,
        result_report="on_time",
    )


def full_dossier(unit_id: str = SCHOOL, prefix: str = "") -> list[Record]:
    """A complete, on-time dossier: the unit's collective, a teacher and the head."""
    school = {SCHOOL: "Trường THCS Bình Tân", NO_CLUSTER: "Trường THCS An Lạc"}[unit_id]
    who = [
        collective(school, unit_id),
        person("Nguyễn Thị Mai", unit_id=unit_id),
        person("Trần Văn Hòa", "Hiệu trưởng", unit_id=unit_id),
    ]
    voted = [replace(n, approved=True, votes_for=15, votes_total=17) for n in who]
    return [
        record(f"{prefix}to_trinh.docx", "proposal", who, unit_id),
        record(f"{prefix}bien_ban.docx", "council_minutes", voted, unit_id),
        record(f"{prefix}bc_tap_the.docx", "achievement_report", [who[0]], unit_id),
        record(f"{prefix}bc_mai.docx", "achievement_report", [who[1]], unit_id),
        record(f"{prefix}bc_hoa.docx", "achievement_report", [who[2]], unit_id),
    ]


def judge(
    records: list[Record],
    config: CampaignConfig,
    units: list[Unit],
    statuses: dict[str, UnitStatus] | None = None,
) -> list[Verdict]:
    if statuses is None:
        statuses = {u: status(u) for u in (SCHOOL, NO_CLUSTER, COMPANY)}
    verdicts, findings = judge_nominees(records, statuses, config, units, AS_OF)
    assert findings == [f for v in verdicts for f in v.findings]
    return verdicts


def by_name(verdicts: list[Verdict], name: str) -> Verdict:
    return next(v for v in verdicts if v.name == name)


def codes(verdict: Verdict) -> list[str]:
    return [f.rule for f in verdict.findings]


def finding(verdict: Verdict, code: str) -> Finding:
    return next(f for f in verdict.findings if f.rule == code)


# ------------------------------------------------------------------------- gathering


def test_complete_dossier_is_eligible_with_its_checklist(
    config: CampaignConfig, units: list[Unit]
) -> None:
    verdicts = judge(full_dossier(), config, units)
    assert [(v.kind, v.name, v.verdict) for v in verdicts] == [
        ("collective", "Trường THCS Bình Tân", "eligible"),
        ("individual", "Nguyễn Thị Mai", "eligible"),
        ("individual", "Trần Văn Hòa", "eligible"),
    ]
    mai = by_name(verdicts, "Nguyễn Thị Mai")
    assert mai.reasons == [] and mai.findings == []
    assert [(p.part, p.required, p.source) for p in mai.parts] == [
        ("proposal", True, "to_trinh.docx"),
        ("council_minutes", True, "bien_ban.docx"),
        ("achievement_report", True, "bc_mai.docx"),
    ]
    assert by_name(verdicts, "Trần Văn Hòa").head_of_unit


def test_one_nominee_written_many_ways_is_one_dossier(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = [
        record("to_trinh.docx", "proposal", [person("Bà NGUYỄN THỊ MAI")]),
        record("bien_ban.docx", "council_minutes", [person("Nguyễn Thị Mai", approved=True)]),
        record("bc.docx", "achievement_report", [person("Nguye\u0302\u0303n Thi\u0323 Mai")]),
    ]
    verdicts = judge(records, config, units)
    assert len(verdicts) == 1
    assert verdicts[0].verdict == "eligible"
    assert [p.source for p in verdicts[0].parts] == ["to_trinh.docx", "bien_ban.docx", "bc.docx"]


def test_collective_written_as_tap_the_or_abbreviation_is_the_unit(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = [
        record("to_trinh.docx", "proposal", [collective("Tập thể Trường THCS Bình Tân")]),
        record("bien_ban.docx", "council_minutes", [collective("THCS Bình Tân", approved=True)]),
        record("bc.docx", "achievement_report", [collective("Trường Trung học cơ sở Bình Tân")]),
    ]
    (verdict,) = judge(records, config, units)
    assert verdict.name == "Trường THCS Bình Tân"  # as the roster names it
    assert verdict.verdict == "eligible"


def test_same_name_in_two_units_is_two_nominees(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier() + full_dossier(NO_CLUSTER, "al_")
    verdicts = judge(records, config, units)
    assert [v.unit_id for v in verdicts if v.name == "Nguyễn Thị Mai"] == [NO_CLUSTER, SCHOOL]
    assert [v.unit_id for v in verdicts] == sorted(v.unit_id or "" for v in verdicts)
    assert all(v.verdict == "eligible" for v in verdicts)


def test_award_is_the_proposals_else_the_minutes(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[1].nominees[1] = replace(records[1].nominees[1], award="city_merit")
    assert by_name(judge(records, config, units), "Nguyễn Thị Mai").award == "district_merit"
    records[0].nominees[1] = replace(records[0].nominees[1], award=None, award_raw="")
    assert by_name(judge(records, config, units), "Nguyễn Thị Mai").award == "city_merit"


def test_a_tax_confirmation_alone_makes_no_nominee(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = [
        record(
            "xac_nhan_thue.docx",
            "tax_confirmation",
            [
                collective(
                    "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân", COMPANY, award=None
                )
            ],
            unit_id=COMPANY,
        )
    ]
    assert judge(records, config, units) == []


def test_verdicts_are_deterministic(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier() + full_dossier(NO_CLUSTER, "al_")
    first = judge(records, config, units)
    again = judge(list(reversed(records)), config, units)
    assert first == again


# ------------------------------------------------------------------------- the rules


def test_award_unknown(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[0].nominees[1] = replace(
        records[0].nominees[1], award=None, award_raw="Bằng khen của Bộ trưởng"
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "ineligible" and mai.reasons == ["AWARD_UNKNOWN"]
    assert "Bằng khen của Bộ trưởng" in finding(mai, "AWARD_UNKNOWN").message
    assert mai.parts == []
    teacher = by_name(judge(full_dossier(), config, units), "Nguyễn Thị Mai")
    assert "AWARD_UNKNOWN" not in codes(teacher)


def test_ward_award_is_listed_not_handled(config: CampaignConfig, units: list[Unit]) -> None:
    ward = person("Lê Thị Hoà", "Phó Hiệu trưởng", award="ward_merit")
    (verdict,) = judge([record("to_trinh.docx", "proposal", [ward])], config, units)
    assert verdict.verdict == "not_handled"
    assert verdict.reasons == ["AWARD_NOT_HANDLED"]
    assert finding(verdict, "AWARD_NOT_HANDLED").severity == "info"
    assert "Giấy khen của Chủ tịch Ủy ban nhân dân phường" in verdict.findings[0].message
    district = by_name(judge(full_dossier(), config, units), "Nguyễn Thị Mai")
    assert "AWARD_NOT_HANDLED" not in codes(district)


def test_duplicate_nominee_is_a_warning_listing_the_sources(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records.append(
        record(
            "to_trinh_bo_sung.docx",
            "proposal",
            [person("Nguyễn Thị Mai")],
            received_at="2021-06-16",
        )
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    dup = finding(mai, "DUPLICATE_NOMINEE")
    assert dup.severity == "warning" and mai.verdict == "eligible"
    assert "2 lần" in dup.message
    assert "to_trinh.docx (đoạn 3)" in dup.message and "to_trinh_bo_sung.docx" in dup.message
    assert mai.reasons == ["DUPLICATE_NOMINEE"]
    head = by_name(judge(records, config, units), "Trần Văn Hòa")
    assert "DUPLICATE_NOMINEE" not in codes(head)


def test_proposal_late_means_no_proposal(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[0] = replace(records[0], received_at="2021-06-21")
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert codes(mai) == ["PROPOSAL_LATE"]  # and no MISSING_PROPOSAL on top
    assert "21/06/2021" in mai.findings[0].message and "20/06/2021" in mai.findings[0].message
    assert mai.verdict == "ineligible"
    assert mai.parts[0].part == "proposal" and mai.parts[0].source is None


def test_proposal_on_the_deadline_day_is_on_time(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[0] = replace(records[0], received_at="2021-06-20")
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "eligible" and mai.parts[0].source == "to_trinh.docx"


def test_one_late_proposal_beside_an_on_time_one_is_not_late(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records.append(
        record("gui_lai.docx", "proposal", [person("Nguyễn Thị Mai")], received_at="2021-06-25")
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert "PROPOSAL_LATE" not in codes(mai) and mai.verdict == "eligible"


@pytest.mark.parametrize(
    ("dropped", "code"),
    [
        ("to_trinh.docx", "MISSING_PROPOSAL"),
        ("bien_ban.docx", "MISSING_MINUTES"),
        ("bc_mai.docx", "MISSING_ACHIEVEMENT_REPORT"),
    ],
)
def test_missing_dossier_part(
    config: CampaignConfig, units: list[Unit], dropped: str, code: str
) -> None:
    records = [r for r in full_dossier() if r.source != dropped]
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert codes(mai) == [code]
    assert mai.verdict == "ineligible"
    part = {p.part: p for p in mai.parts}
    missing = {
        "to_trinh.docx": "proposal",
        "bien_ban.docx": "council_minutes",
        "bc_mai.docx": "achievement_report",
    }[dropped]
    assert part[missing].source is None and part[missing].required


def test_missing_part_message_names_the_part(config: CampaignConfig, units: list[Unit]) -> None:
    records = [r for r in full_dossier() if r.source != "bien_ban.docx"]
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    message = finding(mai, "MISSING_MINUTES").message
    assert message == (
        "Hồ sơ của Nguyễn Thị Mai (Giấy khen của Ủy ban nhân dân quận) thiếu biên bản họp "
        "Hội đồng Thi đua - Khen thưởng."
    )
    assert finding(mai, "MISSING_MINUTES").clause == "§III.3"


def enterprise_dossier(with_tax: bool) -> list[Record]:
    company = "Công ty Cổ phần Sách và Thiết bị trường học Bình Tân"
    who = [collective(company, COMPANY, award="city_merit")]
    records = [
        record("cty/to_trinh.docx", "proposal", who, COMPANY),
        record("cty/bien_ban.docx", "council_minutes", [replace(who[0], approved=True)], COMPANY),
        record("cty/bao_cao.docx", "achievement_report", who, COMPANY),
    ]
    if with_tax:
        records.append(
            record("cty/thue.pdf", "tax_confirmation", [replace(who[0], award=None)], COMPANY)
        )
    return records


def test_missing_tax_confirmation_only_for_enterprises(
    config: CampaignConfig, units: list[Unit]
) -> None:
    (without,) = judge(enterprise_dossier(False), config, units)
    assert codes(without) == ["MISSING_TAX_CONFIRMATION"]
    assert [(p.part, p.required) for p in without.parts][-1] == ("tax_confirmation", True)
    (with_tax,) = judge(enterprise_dossier(True), config, units)
    assert with_tax.verdict == "eligible" and with_tax.parts[-1].source == "cty/thue.pdf"
    # A school asking for the city's Bằng khen needs no tax confirmation.
    records = full_dossier()
    for r in records:
        r.nominees = [replace(n, award="city_merit") for n in r.nominees]
    school = by_name(judge(records, config, units), "Trường THCS Bình Tân")
    assert school.verdict == "eligible"
    assert [(p.part, p.required, p.source) for p in school.parts][-1] == (
        "tax_confirmation",
        False,
        None,
    )


def test_not_in_minutes_when_absent(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[1].nominees = records[1].nominees[:1]  # only the collective was voted on
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert codes(mai) == ["NOT_IN_MINUTES"]
    assert "bien_ban.docx: không có tên trong biên bản" in mai.findings[0].message
    assert mai.findings[0].source == "bien_ban.docx"


def test_not_in_minutes_when_voted_down_shows_the_votes(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records[1].nominees[1] = replace(
        records[1].nominees[1], approved=False, votes_for=7, votes_total=17
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert codes(mai) == ["NOT_IN_MINUTES"]
    assert mai.findings[0].message.endswith("(bien_ban.docx: 7/17 phiếu đồng ý).")
    approved = by_name(judge(full_dossier(), config, units), "Nguyễn Thị Mai")
    assert "NOT_IN_MINUTES" not in codes(approved)


def test_no_model_or_solution(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    records[3] = record(
        "bc_mai.docx", "achievement_report", [person("Nguyễn Thị Mai")], model=False
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert codes(mai) == ["NO_MODEL_OR_SOLUTION"]
    assert mai.findings[0].source == "bc_mai.docx"
    other = by_name(judge(records, config, units), "Trần Văn Hòa")
    assert "NO_MODEL_OR_SOLUTION" not in codes(other)


def test_cluster_collective_needs_launch_and_registration_on_time(
    config: CampaignConfig, units: list[Unit]
) -> None:
    late = {SCHOOL: status(SCHOOL, registration="late", launch="missing")}
    verdicts = judge(full_dossier(), config, units, late)
    school = by_name(verdicts, "Trường THCS Bình Tân")
    assert codes(school) == ["CLUSTER_NOT_REGISTERED"]
    assert school.findings[0].message == (
        "Trường THCS Bình Tân thuộc cụm, khối thi đua nhưng chưa gửi văn bản phát động đợt thi "
        "đua và gửi văn bản đăng ký nội dung thi đua sau hạn 05/05/2021."
    )
    # Individuals are not judged on their unit's registration …
    assert "CLUSTER_NOT_REGISTERED" not in codes(by_name(verdicts, "Nguyễn Thị Mai"))
    # … and a unit with both on time passes.
    assert (
        by_name(judge(full_dossier(), config, units), "Trường THCS Bình Tân").verdict == "eligible"
    )


def test_collective_in_no_cluster_needs_a_registration_late_or_not(
    config: CampaignConfig, units: list[Unit]
) -> None:
    missing = {NO_CLUSTER: status(NO_CLUSTER, registration="missing", launch="missing")}
    school = by_name(judge(full_dossier(NO_CLUSTER), config, units, missing), "Trường THCS An Lạc")
    assert codes(school) == ["NOT_REGISTERED"]
    assert "chưa gửi văn bản đăng ký nội dung thi đua" in school.findings[0].message
    late = {NO_CLUSTER: status(NO_CLUSTER, registration="late", launch="missing")}
    school = by_name(judge(full_dossier(NO_CLUSTER), config, units, late), "Trường THCS An Lạc")
    assert school.verdict == "eligible"  # no launch needed, a late registration counts


def test_head_without_collective(config: CampaignConfig, units: list[Unit]) -> None:
    records = full_dossier()
    for r in records:
        r.nominees = [n for n in r.nominees if n.kind != "collective"]
    records = [r for r in records if r.nominees]
    verdicts = judge(records, config, units)
    head = by_name(verdicts, "Trần Văn Hòa")
    assert codes(head) == ["HEAD_WITHOUT_COLLECTIVE"]
    assert "tập thể Trường THCS Bình Tân" in head.findings[0].message
    assert "HEAD_WITHOUT_COLLECTIVE" not in codes(by_name(verdicts, "Nguyễn Thị Mai"))


def test_head_with_an_ineligible_collective(config: CampaignConfig, units: list[Unit]) -> None:
    late = {SCHOOL: status(SCHOOL, registration="late")}
    verdicts = judge(full_dossier(), config, units, late)
    assert by_name(verdicts, "Trường THCS Bình Tân").verdict == "ineligible"
    assert codes(by_name(verdicts, "Trần Văn Hòa")) == ["HEAD_WITHOUT_COLLECTIVE"]


def test_deputy_is_not_held_to_the_collective(config: CampaignConfig, units: list[Unit]) -> None:
    deputy = person("Lê Thị Hòa", "Phó Hiệu trưởng")
    records = [
        record("to_trinh.docx", "proposal", [deputy]),
        record("bien_ban.docx", "council_minutes", [replace(deputy, approved=True)]),
        record("bc.docx", "achievement_report", [deputy]),
    ]
    (verdict,) = judge(records, config, units)
    assert verdict.verdict == "eligible" and not verdict.head_of_unit


# ------------------------------------------------------------------ needs_review


def test_part_with_unknown_receipt_date_needs_review(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records[3] = replace(records[3], received_source="doc_date")
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "needs_review"
    assert mai.reasons == ["RECEIVED_DATE_UNKNOWN"]
    found = finding(mai, "RECEIVED_DATE_UNKNOWN")
    assert found.source == "bc_mai.docx" and found.nominee == "Nguyễn Thị Mai"
    # The same file, with a register entry, proves the receipt.
    assert by_name(judge(full_dossier(), config, units), "Nguyễn Thị Mai").verdict == "eligible"


def test_missing_part_beside_an_unreadable_file_needs_review(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = [r for r in full_dossier() if r.source != "bien_ban.docx"]
    records.append(
        Record(
            source="bien_ban_scan.pdf",
            sha256="1" * 64,
            format="pdf",
            unit_id=SCHOOL,
            errors=["Tệp PDF được quét, không đọc được chữ."],
        )
    )
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "needs_review"
    assert codes(mai) == ["UNREADABLE"]  # not MISSING_MINUTES: the scan may be the minutes
    assert "bien_ban_scan.pdf" in mai.findings[0].message
    # An unreadable file of another unit proves nothing about this one.
    records[-1] = replace(records[-1], unit_id=NO_CLUSTER)
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "ineligible" and codes(mai) == ["MISSING_MINUTES"]


def test_head_inherits_the_doubt_of_a_collective_under_review(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records[2] = replace(records[2], received_source="none")  # the collective's report
    verdicts = judge(records, config, units)
    assert by_name(verdicts, "Trường THCS Bình Tân").verdict == "needs_review"
    head = by_name(verdicts, "Trần Văn Hòa")
    assert head.verdict == "needs_review" and head.reasons == ["RECEIVED_DATE_UNKNOWN"]
    assert head.findings[0].nominee == "Trần Văn Hòa"


# ----------------------------------------------------------- rule order and scope


def test_rules_run_in_ascending_order(config: CampaignConfig) -> None:
    orders = [r.order for r in nominee_rules(config)]
    assert orders == sorted(orders)
    assert nominee_rules(config)[-1].code == "HEAD_WITHOUT_COLLECTIVE"
    assert {r.check for r in nominee_rules(config)} <= set(NOMINEE_CHECKS)


def test_a_rule_with_categories_applies_on_any_of_them(
    config: CampaignConfig, units: list[Unit]
) -> None:
    # NO_MODEL_OR_SOLUTION narrowed to [enterprise, head_of_unit]: the head (head_of_unit but
    # not enterprise) is judged by it, the teacher is not.
    rules = []
    for rule in config.rules:
        if rule.code == "NO_MODEL_OR_SOLUTION":
            scope = rule.applies_to.model_copy(
                update={"categories": ["enterprise", "head_of_unit"]}
            )
            rule = rule.model_copy(update={"applies_to": scope})
        rules.append(rule)
    narrowed = config.model_copy(update={"rules": rules})
    records = [
        r if r.doc_type != "achievement_report" else replace(r, evidence=[]) for r in full_dossier()
    ]
    verdicts = judge(records, narrowed, units)
    assert "NO_MODEL_OR_SOLUTION" in codes(by_name(verdicts, "Trần Văn Hòa"))
    assert "NO_MODEL_OR_SOLUTION" not in codes(by_name(verdicts, "Nguyễn Thị Mai"))


# --------------------------------------------------- a second, smaller campaign


@pytest.fixture(scope="module")
def small() -> tuple[CampaignConfig, list[Unit]]:
    config = load_config(SMALL_PATH)
    return config, load_roster(roster_path(SMALL_PATH, config))


def small_records(votes_for: int, received_at: str = "2022-11-08") -> list[Record]:
    teacher = replace(
        person("Phạm Minh Tuấn", award="county_merit", unit_id="thcs_tan_kien"),
        award_raw="Giấy khen của Chủ tịch UBND huyện",
    )
    voted = replace(teacher, approved=True, votes_for=votes_for, votes_total=15)
    return [
        record("tk/to_trinh.docx", "proposal", [teacher], "thcs_tan_kien", received_at),
        record("tk/bien_ban.docx", "council_minutes", [voted], "thcs_tan_kien", received_at),
    ]


def test_small_campaign_is_a_valid_config(small: tuple[CampaignConfig, list[Unit]]) -> None:
    config, units = small
    check_rules(config)  # every check kind it names exists in the code
    assert [u.unit_id for u in units] == ["thcs_tan_kien", "th_an_phu_tay", "mn_hoa_sen"]
    assert set(config.awards) == {"county_merit", "school_merit"}
    assert config.rule("MIN_VOTE_RATIO") is not None


def test_min_vote_ratio_from_yaml_and_one_function(
    small: tuple[CampaignConfig, list[Unit]],
) -> None:
    config, units = small
    statuses = {"thcs_tan_kien": status("thcs_tan_kien")}
    below, _ = judge_nominees(small_records(9), statuses, config, units, dt.date(2022, 12, 1))
    (teacher,) = below
    assert codes(teacher) == ["MIN_VOTE_RATIO"] and teacher.verdict == "ineligible"
    assert "9/15" in teacher.findings[0].message and "66%" in teacher.findings[0].message
    above, _ = judge_nominees(small_records(10), statuses, config, units, dt.date(2022, 12, 1))
    assert above[0].verdict == "eligible"  # 10/15 = 0.667 ≥ 0.66
    # The 2021 campaign has no such rule: 9 of 15 passes there on a simple majority.
    assert "min_vote_ratio" not in {r.check for r in load_config(CONFIG_PATH).rules}


def test_small_campaign_uses_its_own_dates_and_parts(
    small: tuple[CampaignConfig, list[Unit]],
) -> None:
    config, units = small
    statuses = {"thcs_tan_kien": status("thcs_tan_kien")}
    # "trước ngày 10/11" is exclusive in this campaign: the 10th is late.
    late, _ = judge_nominees(
        small_records(12, "2022-11-10"), statuses, config, units, dt.date(2022, 12, 1)
    )
    assert codes(late[0]) == ["PROPOSAL_LATE"]
    assert [p.part for p in late[0].parts] == ["proposal", "council_minutes", "achievement_report"]
    assert [p.required for p in late[0].parts] == [True, True, False]  # no report rule


@pytest.fixture
def extra_check() -> Iterator[None]:
    """A brand-new kind of check, registered for one test only."""

    def proposal_names_position(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
        from pipeline.validate.nominee_checks import finding as make

        return [] if dossier.position else [make(rule, dossier, ctx)]

    NOMINEE_CHECKS["position_given"] = proposal_names_position
    yield
    del NOMINEE_CHECKS["position_given"]


def test_a_new_check_kind_is_one_function(
    extra_check: None, small: tuple[CampaignConfig, list[Unit]]
) -> None:
    config, units = small
    rule = Rule(
        code="NO_POSITION",
        check="position_given",
        severity="warning",
        clause="",
        message="Không ghi chức vụ của {nominee}.",
        order=40,
    )
    config = config.model_copy(update={"rules": [*config.rules, rule]})
    records = small_records(12)
    for r in records:
        r.nominees = [replace(n, position="") for n in r.nominees]
    (teacher,) = judge_nominees(
        records, {"thcs_tan_kien": status("thcs_tan_kien")}, config, units, dt.date(2022, 12, 1)
    )[0]
    assert codes(teacher) == ["NO_POSITION"]
    assert teacher.findings[0].message == "Không ghi chức vụ của Phạm Minh Tuấn."


# ------------------------------------------------------------ from real DOCX files


def test_dossier_from_real_documents(config: CampaignConfig, units: list[Unit]) -> None:
    """Proposal, minutes and reports written as DOCX, read by the parse and extract stages."""
    from pipeline.extract import ExtractContext, extract_record
    from pipeline.model import InboxItem
    from pipeline.parse import parse_item
    from tests.test_nominees import HEADER, MINUTES_HEAD, TABLE_HEAD, Item, build_docx

    documents: dict[str, list[Item]] = {
        "to_trinh.docx": [
            *HEADER,
            "TỜ TRÌNH",
            "Về việc đề nghị khen thưởng",
            [
                TABLE_HEAD,
                ("1", "Tập thể Trường THCS Bình Tân", "", "Giấy khen của UBND quận"),
                ("2", "Bà NGUYỄN THỊ MAI", "Giáo viên", "Như trên"),
                ("3", "Ông Trần Văn Hoà", "Hiệu trưởng", "Như trên"),
            ],
        ],
        "bien_ban.docx": [
            *HEADER[:2],
            "BIÊN BẢN",
            "Họp Hội đồng Thi đua - Khen thưởng Trường THCS Bình Tân",
            "Thành phần: có mặt 17/19 thành viên.",
            [
                MINUTES_HEAD,
                ("1", "Trường THCS Bình Tân", "", "GK UBND quận", "17/17", "Đạt"),
                ("2", "Nguyễn Thị Mai", "Giáo viên", "GK UBND quận", "15/17", "Đạt"),
                ("3", "Trần Văn Hòa", "Hiệu trưởng", "GK UBND quận", "8/17", "Không đạt"),
            ],
        ],
        "bc_mai.docx": [
            *HEADER[:2],
            "BÁO CÁO TÓM TẮT THÀNH TÍCH",
            "Đề nghị tặng Giấy khen của UBND quận",
            "Họ và tên: Nguyễn Thị Mai",
            "Chức vụ: Giáo viên",
            "Áp dụng sáng kiến “Học mà chơi” trong dạy học Toán.",
        ],
        "bc_truong.docx": [
            *HEADER[:2],
            "BÁO CÁO THÀNH TÍCH",
            "Đề nghị tặng Giấy khen của UBND quận",
            "Tên tập thể: Trường THCS Bình Tân",
            "Nhà trường triển khai mô hình “Trường học xanh – sạch – đẹp”.",
        ],
    }
    ctx = ExtractContext.build(config, units)
    records = []
    for name, items in documents.items():
        data = build_docx(items, nfd=name == "bc_mai.docx")
        item = InboxItem(
            source=f"thcs_binh_tan/{name}",
            sha256="0" * 64,
            format="docx",
            data=data,
            received_at="2021-06-18",
            received_source="register",
        )
        records.append(extract_record(item, parse_item(item), ctx))
    assert [r.doc_type for r in records] == [
        "proposal",
        "council_minutes",
        "achievement_report",
        "achievement_report",
    ]
    verdicts = judge(records, config, units)
    assert [(v.name, v.verdict, v.reasons) for v in verdicts] == [
        ("Trường THCS Bình Tân", "eligible", []),
        ("Nguyễn Thị Mai", "eligible", []),
        ("Trần Văn Hòa", "ineligible", ["MISSING_ACHIEVEMENT_REPORT", "NOT_IN_MINUTES"]),
    ]
    hoa = by_name(verdicts, "Trần Văn Hòa")
    assert hoa.head_of_unit
    assert finding(hoa, "NOT_IN_MINUTES").message.endswith(
        "(thcs_binh_tan/bien_ban.docx: 8/17 phiếu đồng ý)."
    )


def test_someone_the_council_voted_down_and_nobody_proposed_is_no_nominee(
    config: CampaignConfig, units: list[Unit]
) -> None:
    """Issue 14: a nominee exists only where a document proposes them."""
    records = full_dossier()
    minutes = records[1]
    minutes.nominees.append(replace(person("Lê Văn Tám"), approved=False, votes_for=3))
    names = [v.name for v in judge(records, config, units)]
    assert "Lê Văn Tám" not in names
    # The neighbour: voted down but proposed all the same is a nominee, and not eligible.
    records[0].nominees.append(person("Lê Văn Tám"))
    tam = by_name(judge(records, config, units), "Lê Văn Tám")
    assert tam.verdict == "ineligible" and "NOT_IN_MINUTES" in tam.reasons


def test_a_doubt_about_a_nominee_makes_the_verdict_needs_review(
    config: CampaignConfig, units: list[Unit]
) -> None:
    records = full_dossier()
    records[3].nominees[0] = replace(records[3].nominees[0], doubt="không đọc rõ hình thức khen")
    mai = by_name(judge(records, config, units), "Nguyễn Thị Mai")
    assert mai.verdict == "needs_review" and "NOMINEE_DOUBT" in mai.reasons
    assert by_name(judge(full_dossier(), config, units), "Nguyễn Thị Mai").verdict == "eligible"
