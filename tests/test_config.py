"""The campaign config and roster: the plan as data, checked on load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config, load_roster
from pipeline.validate import check_rules

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config" / "campaign_2021.yaml"


def test_campaign_2021_encodes_the_plan() -> None:
    config = load_config(CONFIG)
    assert [c.number for c in config.contents] == list(range(1, 12))
    assert config.content(11) is not None and config.content(11).agency == "Công an quận"
    assert config.deadlines["registration"].date == dt.date(2021, 5, 5)
    assert config.deadlines["result_report"].date == dt.date(2021, 6, 22)
    assert config.deadlines["proposal"].date == dt.date(2021, 6, 20)
    assert config.campaign.period.end == dt.date(2021, 7, 2)
    assert {r.number for r in config.references} == {"701/KH-GDDT", "293/KH-UBND", "1125/KH-UBND"}
    assert "tax_confirmation" in config.awards["city_merit"].parts
    assert "tax_confirmation" not in config.awards["district_merit"].parts
    assert not config.awards["ward_merit"].handled


def test_every_rule_has_clause_message_and_a_known_check() -> None:
    config = load_config(CONFIG)
    check_rules(config)
    for rule in config.rules:
        assert rule.message.strip(), rule.code
    clauses = {r.code: r.clause for r in config.rules}
    assert clauses["REGISTRATION_LATE"] == "§IV.2"
    assert clauses["HEAD_WITHOUT_COLLECTIVE"] == "§III.2.2.c"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("  utc_offset:", "  utc_ofset:", "campaign.utc_ofset"),
        ("date: 2021-06-22", "date: 2021-06-31", "deadlines.result_report.date"),
    ],
)
def test_wrong_key_or_date_is_named_with_its_line(tmp_path: Path, old: str, new: str, where: str) -> None:
    text = CONFIG.read_text(encoding="utf-8").replace(old, new, 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if new.strip() in ln)
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert where in str(err.value)
    assert f"line {line}" in str(err.value)


def test_unknown_check_kind_fails_before_the_run(tmp_path: Path) -> None:
    text = CONFIG.read_text(encoding="utf-8").replace(
        "check: entry_completion", "check: entry_completeness", 1
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="COMPLETION_AFTER_PERIOD"):
        check_rules(load_config(bad))


def test_roster_reads_aliases_emails_and_flags() -> None:
    units = {u.unit_id: u for u in load_roster(ROOT / "config" / "units.csv")}
    assert len({u.ward for u in units.values()}) == 10
    assert units["cty_sach_thiet_bi"].enterprise
    assert "THCS Bình Tân" in units["thcs_binh_tan"].aliases
    assert units["thcs_binh_hung_hoa"].cluster == ""
    assert units["thcs_binh_tan"].cluster


def test_roster_missing_column_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "units.csv"
    bad.write_text("unit_id,name\nx,Trường X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="aliases"):
        load_roster(bad)
