"""Issue 16: the award register (SQLite) and the rules that read it.

Recording a decision is one transaction: a duplicate number is refused and changes nothing,
a writer killed inside the transaction leaves all of its rows or none, two writers at once
both succeed or one is refused cleanly.  ``register list`` and ``register export`` show the
rows and the yearly counts.  ALREADY_AWARDED and AWARD_GAP read the register's rows, each
with a neighbour case that must not fire.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli import main as cli_main
from pipeline.config import CampaignConfig, ConfigError, Unit, load_config, load_roster, roster_path
from pipeline.model import Verdict
from pipeline.register import AlreadyRecorded, AwardRow, awards, record_decision, register_file
from pipeline.register.location import read_for_run
from pipeline.register.store import RegisterSnapshot, snapshot
from pipeline.validate.dossier import judge_nominees
from tests.test_dossier import NO_CLUSTER, SCHOOL, full_dossier, person, record, status

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config" / "campaign_2021.yaml"
AS_OF = dt.date(2021, 7, 10)
GK = "Giấy khen của Ủy ban nhân dân quận"
BK = "Bằng khen của Ủy ban nhân dân Thành phố Hồ Chí Minh"
OLD_CAMPAIGN = "thi_dua_nam_hoc_2019_2020"
MODEL = "Mô hình “Lớp học xanh”."  # the achievement report's sentence in tests.test_dossier
# What finalize records: the campaign's line and the model the awardee's report named.
OLD_ACHIEVEMENT = "Đã có thành tích xuất sắc trong năm học 2019 - 2020. Mô hình “Lớp học xanh”."
OTHER_ACHIEVEMENT = "Đã có thành tích xuất sắc trong năm học 2019 - 2020. Mô hình “Thư viện thân thiện”."


def row(
    number: str = "123/QĐ-UBND",
    name: str = "Nguyễn Thị Mai",
    *,
    date: str = "2021-07-05",
    award: str = "district_merit",
    kind: str = "individual",
    unit_id: str | None = SCHOOL,
    unit_name: str = "Trường THCS Bình Tân",
    campaign: str = "thi_dua_cao_diem_2021",
    achievement: str = "Đã có thành tích xuất sắc trong đợt thi đua cao điểm năm 2021",
) -> AwardRow:
    return AwardRow(
        campaign=campaign,
        decision_number=number,
        decision_date=date,
        award=award,
        award_name=GK if award == "district_merit" else BK,
        kind=kind,
        name=name,
        unit_id=unit_id,
        unit_name=unit_name,
        position="Giáo viên" if kind == "individual" else "",
        achievement=achievement,
    )


def decision(number: str, count: int, date: str = "2021-07-05") -> list[AwardRow]:
    return [row(number, f"Người Thứ {i}", date=date) for i in range(count)]


def table(db: Path) -> list[tuple[object, ...]]:
    """Every stored row of both tables, for comparing the register before and after."""
    with sqlite3.connect(db) as conn:
        return [
            *conn.execute("SELECT number_key, number, date, campaign FROM decisions ORDER BY 1"),
            *conn.execute("SELECT * FROM awards ORDER BY id"),
        ]


# -------------------------------------------------------------------------- the store


def test_record_and_list_by_year_and_unit(tmp_path: Path) -> None:
    db = tmp_path / "so" / "khen_thuong.sqlite"
    first = [row(), row(name="Trường THCS Bình Tân", kind="collective")]
    later = [row("45/QĐ-UBND", "Lê Văn An", date="2022-06-01", unit_id=NO_CLUSTER,
                 unit_name="Trường THCS An Lạc")]
    assert record_decision(db, first) == 2
    assert record_decision(db, later) == 1
    assert awards(db) == [*first, *later]
    assert awards(db, year=2021) == first
    assert awards(db, year=2022) == later
    assert awards(db, unit=NO_CLUSTER) == later
    assert awards(db, unit="an lac") == later  # part of the name, diacritics and case ignored
    assert awards(db, year=2020) == []
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_missing_register_is_empty_and_not_created(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite"
    assert awards(db) == []
    assert not db.exists()


def test_a_recorded_number_is_refused_and_the_register_is_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    record_decision(db, decision("123/QĐ-UBND", 3))
    before = table(db)
    again = [row(" 123 / qđ-ubnd ", "Người Khác")]  # the same number, written otherwise
    with pytest.raises(AlreadyRecorded, match="Quyết định số 123/QĐ-UBND đã được ghi"):
        record_decision(db, again)
    assert table(db) == before


def test_rows_of_two_decisions_or_a_bad_row_write_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    with pytest.raises(ValueError):
        record_decision(db, [row("1/QĐ-UBND"), row("2/QĐ-UBND")])
    with pytest.raises(ValueError):
        record_decision(db, [row(kind="nobody")])
    with pytest.raises(ValueError):
        record_decision(db, [])
    assert awards(db) == []


def test_the_register_is_never_inside_the_outbox(tmp_path: Path) -> None:
    config = load_config(CONFIG_PATH)
    assert register_file(CONFIG_PATH, config) == ROOT / "config" / "register" / "khen_thuong.sqlite"
    outbox = tmp_path / "outbox"
    with pytest.raises(ConfigError, match="nằm trong thư mục kết quả"):
        register_file(CONFIG_PATH, config, override=outbox / "so.sqlite", outbox=outbox)
    assert register_file(CONFIG_PATH, config, override=tmp_path / "so.sqlite", outbox=outbox)


# -------------------------------------------------------------- killed and concurrent writers

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from pipeline.register import store

    db, number, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    rows = [
        store.AwardRow("c", number, "2021-07-05", "district_merit", "Giấy khen", "individual",
                       f"Người Thứ {i}", "u1", "Trường A", "Giáo viên", "Thành tích " * 8)
        for i in range(count)
    ]
    calls = [0]
    real = store.astuple
    hang = sys.argv[5] == "hang"
    def astuple(value):  # tell the parent when the transaction is open ("hang": stop there)
        calls[0] += 1
        # _clean sees every row, then the transaction opens and the rows become parameters:
        # "hang" stops at the first of them, "go" tells when the last is ready (the inserts
        # and the commit follow at once).
        if calls[0] == (len(rows) + 1 if hang else 2 * len(rows)):
            start.with_suffix(f".{os.getpid()}.begun").write_text("1")
            if hang:
                time.sleep(600)
        return real(value)
    store.astuple = astuple
    while not start.exists():
        time.sleep(0.002)
    try:
        store.record_decision(db, rows)
    except store.AlreadyRecorded as exc:
        print(exc)
        sys.exit(3)
    """
)


def _writer(
    tmp_path: Path, db: Path, number: str, count: int, start: Path, hang: bool = False
) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), str(db), number, str(count), str(start),
         "hang" if hang else "go"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _begun(child: subprocess.Popen[str], start: Path) -> float:
    """Wait until the writer's transaction is open (BEGIN IMMEDIATE, its first insert);
    the moment it was."""
    marker = start.with_suffix(f".{child.pid}.begun")
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.communicate()[1]
        assert time.monotonic() < deadline, "the writer never reached the transaction"
        time.sleep(0.0005)
    return time.monotonic()


def _all_or_none(db: Path, number: str, count: int) -> int:
    """The rows of ``number`` in the register: all of them or none, and the file sound."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    mine = [r for r in awards(db) if r.decision_number == number]
    assert len(mine) in (0, count), f"{len(mine)} of {count} rows: a half-written decision"
    return len(mine)


def test_a_writer_killed_inside_the_transaction_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    record_decision(db, decision("1/QĐ-UBND", 2))
    start = tmp_path / "start"
    start.write_text("go")
    child = _writer(tmp_path, db, "2/QĐ-UBND", 50, start, hang=True)
    _begun(child, start)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()
    assert _all_or_none(db, "2/QĐ-UBND", 50) == 0
    assert len(awards(db)) == 2  # the earlier decision is intact
    assert record_decision(db, decision("2/QĐ-UBND", 50)) == 50  # the lock was released


KILL_FRACTIONS = (0.05, 0.3, 0.5, 0.7, 0.85, 0.95, 1.5)  # of a whole write's duration
BIG = 30000  # rows: more than the page cache holds, so a transaction spills into the WAL


def test_a_writer_killed_at_any_moment_leaves_all_rows_or_none(tmp_path: Path) -> None:
    """Kills spread over a write (as the outbox promise is tested): every one leaves the
    decision whole or absent, and at least one lands while its pages were being written."""
    first = tmp_path / "calibrate"
    first.mkdir()
    start = first / "start"
    start.write_text("go")
    child = _writer(first, first / "k.sqlite", "9/QĐ-UBND", BIG, start)
    began = _begun(child, start)
    child.communicate()
    duration = time.monotonic() - began
    outcomes = []
    for i, fraction in enumerate(KILL_FRACTIONS):
        folder = tmp_path / f"kill{i}"
        folder.mkdir()
        db = folder / "k.sqlite"
        record_decision(db, decision("1/QĐ-UBND", 1))
        start = folder / "start"
        start.write_text("go")
        child = _writer(folder, db, "9/QĐ-UBND", BIG, start)
        began = _begun(child, start)
        time.sleep(max(0.0, began + fraction * duration - time.monotonic()))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate()
        wal = db.with_name(db.name + "-wal")
        spilled = wal.exists() and wal.stat().st_size > 0
        rows = _all_or_none(db, "9/QĐ-UBND", BIG)
        outcomes.append((fraction, rows, spilled))
        assert awards(db, year=2021)[0].decision_number == "1/QĐ-UBND"
        assert record_decision(db, decision("10/QĐ-UBND", 1)) == 1  # nothing left locked
    assert any(rows == 0 and spilled for _, rows, spilled in outcomes), (
        f"no kill landed inside the transaction: the test proved nothing {outcomes}"
    )


def test_two_writers_of_two_decisions_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    start = tmp_path / "start"
    children = [_writer(tmp_path, db, f"{n}/QĐ-UBND", 3000, start) for n in (1, 2)]
    time.sleep(0.5)  # both are importing, then waiting for the start file
    start.write_text("go")
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    assert _all_or_none(db, "1/QĐ-UBND", 3000) == 3000
    assert _all_or_none(db, "2/QĐ-UBND", 3000) == 3000


def test_two_writers_of_one_number_one_is_refused_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    start = tmp_path / "start"
    children = [_writer(tmp_path, db, "7/QĐ-UBND", 3000, start) for _ in range(2)]
    time.sleep(0.5)
    start.write_text("go")
    results = [child.communicate(timeout=120) for child in children]
    codes = sorted(child.returncode for child in children)
    assert codes == [0, 3], results
    refused = next(out for (out, _), c in zip(results, children, strict=True) if c.returncode)
    assert "Quyết định số 7/QĐ-UBND đã được ghi vào sổ khen thưởng" in refused
    assert _all_or_none(db, "7/QĐ-UBND", 3000) == 3000


# ----------------------------------------------------------------- list and export


def test_register_list_prints_a_vietnamese_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "k.sqlite"
    record_decision(db, [row(), row(name="Trường THCS Bình Tân", kind="collective")])
    record_decision(db, [row("45/QĐ-UBND", "Lê Văn An", date="2022-06-01", award="city_merit")])
    assert cli_main(["register", "list", "--register", str(db), "--year", "2021"]) == 0
    out = capsys.readouterr().out
    assert "Số quyết định" in out and "Tên tập thể, cá nhân" in out
    assert "123/QĐ-UBND" in out and "05/07/2021" in out and "Nguyễn Thị Mai" in out
    assert "Lê Văn An" not in out
    assert "Tổng cộng: 2 lượt khen thưởng (1 tập thể, 1 cá nhân) theo 1 quyết định." in out
    assert cli_main(["register", "list", "--register", str(db), "--unit", "99"]) == 0
    assert "không có dòng nào" in capsys.readouterr().out


def test_register_export_writes_rows_and_yearly_counts(tmp_path: Path) -> None:
    db = tmp_path / "k.sqlite"
    record_decision(db, [
        row(), row(name="Trần Văn Hòa"), row(name="Trường THCS Bình Tân", kind="collective"),
    ])
    record_decision(db, [
        row("45/QĐ-UBND", "=cmd|' /C calc'!A0", date="2022-06-01", award="city_merit"),
        row("45/QĐ-UBND", "Trường THCS An Lạc", date="2022-06-01", award="city_merit",
            kind="collective", unit_id=NO_CLUSTER, unit_name="Trường THCS An Lạc"),
    ])
    out = tmp_path / "xuat" / "so_khen_thuong.xlsx"
    assert cli_main(["register", "export", "--register", str(db), "--xlsx", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sổ khen thưởng", "Thống kê theo năm", "Theo đơn vị"]
    rows = list(book["Sổ khen thưởng"].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Số quyết định", "Ngày quyết định", "Hình thức khen thưởng", "Đối tượng",
        "Tên tập thể, cá nhân",
    )
    assert len(rows) == 6
    assert "'=cmd|' /C calc'!A0" in [r[4] for r in rows]  # shown, never run as a formula
    counts = list(book["Thống kê theo năm"].iter_rows(values_only=True))
    assert counts == [
        ("Năm", "Hình thức khen thưởng", "Tập thể", "Cá nhân", "Tổng cộng"),
        (2021, GK, 1, 2, 3),
        (2022, BK, 1, 1, 2),
        ("Tổng cộng", None, 2, 3, 5),
    ]
    units = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert (2022, "Trường THCS An Lạc", 1, 0, 1) in units


# ------------------------------------------------------------------ the register rules


@pytest.fixture(scope="module")
def config() -> CampaignConfig:
    return load_config(CONFIG_PATH)


@pytest.fixture(scope="module")
def units(config: CampaignConfig) -> list[Unit]:
    return load_roster(roster_path(CONFIG_PATH, config))


def judged(
    config: CampaignConfig, units: list[Unit], rows: list[AwardRow] | None, as_of: dt.date = AS_OF
) -> list[Verdict]:
    """The full, eligible dossier of tests.test_dossier judged against a register."""
    register = RegisterSnapshot("register/khen_thuong.sqlite", tuple(rows), "x") if rows else None
    statuses = {u: status(u) for u in (SCHOOL, NO_CLUSTER)}
    verdicts, _ = judge_nominees(full_dossier(), statuses, config, units, as_of, register)
    return verdicts


def codes(verdicts: list[Verdict], name: str) -> set[str]:
    return {f.rule for v in verdicts if v.name == name for f in v.findings}


def test_without_a_register_the_dossier_is_eligible(config: CampaignConfig, units: list[Unit]) -> None:
    verdicts = judged(config, units, None)
    assert {v.verdict for v in verdicts} == {"eligible"}


def test_already_awarded_fires_on_a_second_campaigns_nominee(
    config: CampaignConfig, units: list[Unit]
) -> None:
    """A decision of an earlier campaign awarded Mai a Giấy khen for the very achievement her
    report now puts forward again: she is not awarded twice for it."""
    earlier = row("88/QĐ-UBND", "Bà NGUYỄN THỊ MAI", date="2020-07-20", campaign=OLD_CAMPAIGN,
                  achievement=OLD_ACHIEVEMENT)
    verdicts = judged(config, units, [earlier])
    mai = next(v for v in verdicts if v.name == "Nguyễn Thị Mai")
    assert mai.verdict == "ineligible" and mai.reasons == ["ALREADY_AWARDED"]
    (found,) = [f for f in mai.findings if f.rule == "ALREADY_AWARDED"]
    assert found.severity == "error"
    assert "Luật Thi đua, khen thưởng 2022" in found.clause
    assert "88/QĐ-UBND" in found.message and "20/07/2020" in found.message
    assert "cho cùng thành tích" in found.message
    assert found.evidence is not None
    assert found.evidence.source == "register/khen_thuong.sqlite"
    assert found.evidence.quote == f"QĐ số 88/QĐ-UBND ngày 20/07/2020, {GK}, Bà NGUYỄN THỊ MAI"
    assert found.source == "to_trinh.docx"  # the file that proposes her
    others = [v for v in verdicts if v.name != "Nguyễn Thị Mai"]
    assert {v.verdict for v in others} == {"eligible"}


def test_already_awarded_fires_for_the_same_campaign(config: CampaignConfig, units: list[Unit]) -> None:
    """This campaign's decision already awarded the school's collective (a second proposal)."""
    done = row(name="Tập thể Trường THCS Bình Tân", kind="collective")
    verdicts = judged(config, units, [done])
    assert codes(verdicts, "Trường THCS Bình Tân") == {"ALREADY_AWARDED"}
    school = next(v for v in verdicts if v.name == "Trường THCS Bình Tân")
    assert "trong cùng đợt thi đua" in school.findings[0].message
    # The head's collective is no longer eligible: HEAD_WITHOUT_COLLECTIVE follows.
    assert "HEAD_WITHOUT_COLLECTIVE" in codes(verdicts, "Trần Văn Hòa")


@pytest.mark.parametrize(
    "neighbour",
    [
        # the same name in another school is another person
        row(unit_id=NO_CLUSTER, unit_name="Trường THCS An Lạc", achievement=MODEL),
        # another award level for the same achievement is not this rule's (the same award)
        row(award="city_merit", achievement=MODEL),
        # a collective's row is not a person's
        row(name="Nguyễn Thị Mai", kind="collective", achievement=MODEL),
        # another campaign, another achievement: AWARD_GAP's business, not this rule's
        row(date="2019-05-10", campaign=OLD_CAMPAIGN, achievement=OTHER_ACHIEVEMENT),
        # another campaign, a summary that names no model: no achievement to compare
        row(date="2019-05-10", campaign=OLD_CAMPAIGN, achievement="Hoàn thành tốt"),
        # another person of the same school
        row(name="Nguyễn Thị Mây"),
    ],
    ids=["other-unit", "other-award", "collective", "other-achievement", "no-model",
         "other-person"],
)
def test_already_awarded_neighbours_do_not_fire(
    config: CampaignConfig, units: list[Unit], neighbour: AwardRow
) -> None:
    verdicts = judged(config, units, [neighbour])
    assert all("ALREADY_AWARDED" not in codes(verdicts, v.name) for v in verdicts)
    assert all("AWARD_GAP" not in codes(verdicts, v.name) for v in verdicts)


def test_award_gap_fires_within_the_configured_years(config: CampaignConfig, units: list[Unit]) -> None:
    rule = config.rule("AWARD_GAP")
    assert rule is not None and rule.params == {"years": 1}
    recent = row("31/QĐ-UBND", date="2020-09-01", campaign=OLD_CAMPAIGN,
                 achievement=OTHER_ACHIEVEMENT)
    verdicts = judged(config, units, [recent])
    mai = next(v for v in verdicts if v.name == "Nguyễn Thị Mai")
    (found,) = mai.findings
    assert found.rule == "AWARD_GAP" and found.severity == "warning"
    assert "31/QĐ-UBND" in found.message and "chưa đủ 1 năm" in found.message
    assert found.evidence is not None
    assert found.evidence.quote == f"QĐ số 31/QĐ-UBND ngày 01/09/2020, {GK}, Nguyễn Thị Mai"
    assert mai.verdict == "eligible"  # a warning that proves nothing missing (the YAML's choice)


def test_award_gap_neighbours(config: CampaignConfig, units: list[Unit]) -> None:
    old_enough = row("31/QĐ-UBND", date="2020-07-10", campaign=OLD_CAMPAIGN,
                     achievement=OTHER_ACHIEVEMENT)
    assert codes(judged(config, units, [old_enough]), "Nguyễn Thị Mai") == set()
    later = replace(old_enough, decision_date="2021-08-01")  # after the as-of date
    assert codes(judged(config, units, [later]), "Nguyễn Thị Mai") == set()
    other_level = replace(old_enough, decision_date="2021-01-10", award="city_merit",
                          award_name=BK)
    assert codes(judged(config, units, [other_level]), "Nguyễn Thị Mai") == set()
    # the gap is a parameter: two years make the July 2020 award too recent
    gap = next(r for r in config.rules if r.code == "AWARD_GAP")
    two = config.model_copy(update={
        "rules": [replace_params(r, {"years": 2}) if r is gap else r for r in config.rules]
    })
    assert codes(judged(two, units, [old_enough]), "Nguyễn Thị Mai") == {"AWARD_GAP"}


def replace_params(rule: object, params: dict[str, object]) -> object:
    return rule.model_copy(update={"params": params})  # type: ignore[attr-defined]


def test_the_run_reads_the_register_only_when_it_exists(tmp_path: Path) -> None:
    config_dir = tmp_path / "cfg"
    config_dir.mkdir()
    text = CONFIG_PATH.read_text(encoding="utf-8").replace(
        "roster: units.csv", f"roster: {ROOT / 'config' / 'units.csv'}"
    )
    (config_dir / "c.yaml").write_text(text, encoding="utf-8")
    config = load_config(config_dir / "c.yaml")
    snap, line = read_for_run(config_dir / "c.yaml", config, tmp_path / "outbox")
    assert snap is None and line == {"path": "register/khen_thuong.sqlite", "rows": 0, "sha256": None}
    assert not (config_dir / "register").exists()
    db = config_dir / "register" / "khen_thuong.sqlite"
    record_decision(db, [row()])
    snap, line = read_for_run(config_dir / "c.yaml", config, tmp_path / "outbox")
    assert snap is not None and snap.rows == (row(),)
    assert line == {"path": "register/khen_thuong.sqlite", "rows": 1, "sha256": snap.sha256}
    assert snapshot(db, "x").sha256 == snap.sha256  # the content's hash: stable across reads
    with pytest.raises(ConfigError):
        read_for_run(config_dir / "c.yaml", config, config_dir)  # the register in the outbox


def test_a_nominee_named_with_an_honorific_matches(config: CampaignConfig, units: list[Unit]) -> None:
    """The register's "Đ/c Nguyễn Thị Mai" and the dossier's "Nguyễn Thị Mai" are one person
    (person_key); the proposal naming her by another spelling of tones is covered too."""
    done = row(name="Đ/c Nguyễn Thị Mai")
    records = full_dossier()
    records[0] = record("to_trinh.docx", "proposal",
                        [*records[0].nominees[:1], person("NGUYỄN THỊ MAI"), *records[0].nominees[2:]])
    register = RegisterSnapshot("r", (done,), "x")
    statuses = {u: status(u) for u in (SCHOOL, NO_CLUSTER)}
    verdicts, _ = judge_nominees(records, statuses, config, units, AS_OF, register)
    assert any("ALREADY_AWARDED" in v.reasons for v in verdicts if v.kind == "individual")
