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


# ---- law with dates (issue 15) ---------------------------------------------------------

CONFIG_2026 = ROOT / "config" / "campaign_2026_phuong.yaml"


def _cite(config: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = config.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    bad = tmp_path / config.name
    bad.write_text(text.replace(old, new), encoding="utf-8")
    return bad


def test_campaign_2026_loads_with_its_instruments_and_roster() -> None:
    config = load_config(CONFIG_2026)
    check_rules(config)
    assert config.drafts["decision"]["instruments"] == ["luat_tccqdp_2025", "luat_tdkt_2022", "nd_152_2025"]
    decree = config.instrument("nd_152_2025")
    assert decree is not None and decree.effective == dt.date(2025, 7, 1) and decree.repealed is None
    assert config.awards["ward_merit"].handled and config.awards["city_merit"].handled
    assert "district_merit" not in config.awards
    units = load_roster(ROOT / "config" / config.campaign.roster)
    assert len(units) == 10 and {u.kind for u in units} == {"mn", "th", "thcs"}
    assert all(u.emails for u in units)


def test_citing_a_repealed_decree_in_2026_is_an_error_naming_both(tmp_path: Path) -> None:
    bad = _cite(CONFIG_2026, tmp_path, "instruments: [luat_tccqdp_2025, luat_tdkt_2022, nd_152_2025]",
                "instruments: [luat_tccqdp_2025, luat_tdkt_2022, nd_91_2017]")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    message = str(err.value)
    assert "nd_91_2017" in message and "91/2017/NĐ-CP" in message and "2024-01-01" in message
    assert "thi_dua_day_tot_hoc_tot_2026_binh_tri_dong" in message and "2026-01-16" in message
    assert "drafts.decision.instruments" in message


def test_a_rule_citing_a_repealed_decree_fails_too(tmp_path: Path) -> None:
    bad = _cite(CONFIG_2026, tmp_path,
                "      - {instrument: luat_tdkt_2022, article: \"Điều 5\"",
                "      - {instrument: nd_98_2023, article: \"Điều 5\"")
    with pytest.raises(ConfigError, match=r"rules\.HEAD_WITHOUT_COLLECTIVE\.legal.*nd_98_2023"):
        load_config(bad)


def test_neighbours_pass_the_same_decree_in_force_and_2021_citing_91_2017() -> None:
    # 2021 cites 91/2017/NĐ-CP, in force until 2024; 2026 cites 152/2025/NĐ-CP, in force.
    old = load_config(CONFIG)
    assert "nd_91_2017" in old.drafts["decision"]["instruments"]
    repealed = old.instrument("nd_91_2017")
    assert repealed is not None and repealed.repealed is not None
    assert old.campaign.period.end < repealed.repealed
    assert load_config(CONFIG_2026).campaign.period.start >= dt.date(2025, 7, 1)


def test_an_instrument_not_yet_in_force_or_unknown_is_an_error(tmp_path: Path) -> None:
    bad = _cite(CONFIG, tmp_path, "instruments: [luat_tccqdp_2015, luat_tdkt_2003, nd_91_2017]",
                "instruments: [luat_tccqdp_2015, luat_tdkt_2003, nd_152_2025]")
    with pytest.raises(ConfigError, match=r"nd_152_2025.*in force only from 2025-07-01"):
        load_config(bad)
    bad = _cite(CONFIG, tmp_path, "instruments: [luat_tccqdp_2015, luat_tdkt_2003, nd_91_2017]",
                "instruments: [luat_tccqdp_2015, luat_tdkt_2003, nd_99_2099]")
    with pytest.raises(ConfigError, match="unknown instrument 'nd_99_2099'"):
        load_config(bad)


def test_rules_resting_on_unverified_facts_are_known() -> None:
    assert load_config(CONFIG).unverified_rules() == frozenset()
    shaky = load_config(CONFIG_2026).unverified_rules()
    assert {"MISSING_MINUTES", "HEAD_WITHOUT_COLLECTIVE"} <= shaky
    assert "REGISTRATION_LATE" not in shaky  # the plan's own deadline, no law
