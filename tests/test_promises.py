"""SPEC §7 and issue 5, end to end: a killed run leaves the old outbox or the new one, the inbox
is never written, same inputs give the same bytes (whatever ``--jobs``), and re-runs parse only
what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bench.inbox import build_inbox
from pipeline import cache as cache_module
from pipeline import workers
from pipeline.cache import cache_path
from pipeline.config import load_config, load_roster
from pipeline.progress import Progress
from pipeline.run import RunOptions, collect_records, run
from tests import corpus as c
from tests.docx_builders import paragraphs_docx

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "campaign_2021.yaml"
AS_OF_OLD = dt.date(2021, 7, 10)
AS_OF_NEW = dt.date(2021, 6, 1)  # a different as-of: the new outbox differs from the old
HAVE_SOFFICE = shutil.which("soffice") is not None
KILL_FRACTIONS = (0.2, 0.45, 0.7, 0.85, 0.95)  # of a full run's duration
SEED = 7


def _extras(inbox: Path) -> None:
    """An e-mail with attachments, a zip bundle, a truncated DOCX and an empty file."""
    letter = paragraphs_docx(["TRƯỜNG THCS TÂN TẠO", "BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA"])
    eml = c.build_eml(
        "c2tantao.binhtan@hcm.edu.vn", "tanxuanma@gmail.com", "Tue, 04 May 2021 09:15:00 +0700",
        "Đăng ký thi đua", [("dang_ky.docx", letter), ("ghi_chu.docx", paragraphs_docx(["Ghi chú"]))],
    )
    (inbox / "thu_den").mkdir(exist_ok=True)
    (inbox / "thu_den" / "tan_tao.eml").write_bytes(eml)
    (inbox / "goi.zip").write_bytes(c.build_zip([("a/van_ban.docx", letter)]))
    (inbox / "cut.docx").write_bytes(c.truncate(letter))
    (inbox / "rong.docx").write_bytes(b"")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 40 documents: DOCX, LibreOffice PDFs (when soffice exists), e-mail, zip, broken."""
    root = tmp_path_factory.mktemp("promises")
    target = root / "inbox"
    build_inbox(target, 34, SEED, root / "cache", pdf=HAVE_SOFFICE, pool=6)
    _extras(target)
    return target


@pytest.fixture
def small_inbox(tmp_path: Path) -> Path:
    """A dozen DOCX and the extras, in a folder of this test's own (it may be changed)."""
    target = tmp_path / "inbox"
    build_inbox(target, 12, SEED, tmp_path / "cache", pdf=False)
    _extras(target)
    return target


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry under ``folder``: sha256 (files), mtime in ns and size."""
    found = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[path.relative_to(folder).as_posix()] = (digest, stat.st_mtime_ns, stat.st_size)
    return found


def _files(outbox: Path) -> dict[str, bytes]:
    return {p.relative_to(outbox).as_posix(): p.read_bytes() for p in outbox.rglob("*")
            if p.is_file()}


def _options(inbox: Path, outbox: Path, jobs: int, as_of: dt.date = AS_OF_OLD) -> RunOptions:
    return RunOptions(inbox=inbox, outbox=outbox, config=CONFIG, as_of=as_of, jobs=jobs)


def _count_parses(inbox: Path, cache_file: Path) -> Progress:
    config = load_config(CONFIG)
    progress = Progress()
    collect_records(inbox, config, load_roster(ROOT / "config" / "units.csv"), 2,
                    cache_file=cache_file, progress=progress)
    return progress


# ------------------------------------------------------------------------ determinism


def test_same_inputs_give_the_same_bytes_with_one_or_two_jobs(
    inbox: Path, tmp_path: Path
) -> None:
    before = _snapshot(inbox)
    run(_options(inbox, tmp_path / "one", jobs=1))
    first = _files(tmp_path / "one")
    run(_options(inbox, tmp_path / "two", jobs=2))
    run(_options(inbox, tmp_path / "one", jobs=2))  # again, from the cache
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert "records.jsonl" in one and "manifest.json" in one
    assert sorted(first) == sorted(one) == sorted(two)
    for name in one:
        assert first[name] == one[name], f"{name} differs between two runs"
        assert one[name] == two[name], f"{name} differs between --jobs 1 and --jobs 2"
    records = one["records.jsonl"].decode().splitlines()
    assert len(records) == 34 + 5  # the e-mail gives two documents
    assert _snapshot(inbox) == before


# -------------------------------------------------------------------------- the cache


def test_an_unchanged_inbox_parses_nothing_again(
    small_inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outbox = tmp_path / "outbox"
    assert not run(_options(small_inbox, outbox, jobs=2)).reused
    first = capsys.readouterr().err
    assert "0 lấy từ bộ nhớ đệm" in first
    assert run(_options(small_inbox, outbox, jobs=2)).reused  # nothing read, parsed or written
    (outbox / "nominees.csv").write_text("edited by hand\n", encoding="utf-8")
    rebuilt = run(_options(small_inbox, outbox, jobs=2))
    again = capsys.readouterr().err
    assert not rebuilt.reused and " 0 đọc mới" in again
    assert (outbox / "nominees.csv").read_text("utf-8").startswith("unit_id,")
    assert run(_options(small_inbox, outbox, jobs=2, as_of=AS_OF_OLD + dt.timedelta(days=1))).reused is False
    warm = _count_parses(small_inbox, cache_path(outbox))
    assert warm.stats.parsed == 0 and warm.stats.cached >= 12


def test_a_changed_file_is_the_only_one_parsed_again(small_inbox: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "c.sqlite"
    cold = _count_parses(small_inbox, cache_file)
    changed = next(small_inbox.glob("*/registration_*.docx"))
    changed.write_bytes(paragraphs_docx(["BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA", "Đã sửa lại."]))
    warm = _count_parses(small_inbox, cache_file)
    assert cold.stats.parsed >= 12
    assert (warm.stats.parsed, warm.stats.cached) == (1, cold.stats.total - 1)


def _parse_pool_starts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start method of every parse worker pool made from now on, in order."""
    started: list[str] = []
    original = workers.WorkerPool.__init__

    def recording(self: Any, fn: Any, jobs: int, **kwargs: Any) -> None:
        if isinstance(fn, workers.DocumentJob):
            started.append(kwargs.get("start_method", workers.START_METHOD))
        original(self, fn, jobs, **kwargs)

    monkeypatch.setattr(workers.WorkerPool, "__init__", recording)
    return started


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rerun_after_a_change_writes_what_a_first_run_writes(
    small_inbox: Path, tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records, and office documents whose inputs did not change, come from the cache; the
    outbox is still byte for byte that of a run from nothing.  The first run parses in
    workers of the fork server; the re-run forks its one worker from the run itself."""
    starts = _parse_pool_starts(monkeypatch)
    outbox = tmp_path / "outbox"
    run(_options(small_inbox, outbox, jobs=jobs))
    changed = next(small_inbox.glob("*/registration_*.docx"))
    changed.write_bytes(paragraphs_docx(["BẢN ĐĂNG KÝ NỘI DUNG THI ĐUA", "Đã sửa lại."]))
    assert not run(_options(small_inbox, outbox, jobs=jobs)).reused
    assert starts == ["forkserver", "fork"]
    with sqlite3.connect(cache_path(outbox)) as db:
        kept = db.execute("SELECT COUNT(DISTINCT digest) FROM rendered").fetchone()[0]
    run(_options(small_inbox, tmp_path / "fresh", jobs=jobs))
    assert kept >= 3  # the summary, the registrations and the drafts
    assert _files(outbox) == _files(tmp_path / "fresh")


def test_a_roster_change_extracts_again_without_parsing(small_inbox: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "c.sqlite"
    config = load_config(CONFIG)
    units = load_roster(ROOT / "config" / "units.csv")
    before = collect_records(small_inbox, config, units, 2, cache_file=cache_file,
                             progress=Progress())
    fewer = [unit for unit in units if unit.unit_id != "thcs_tan_tao"]
    progress = Progress()
    after = collect_records(small_inbox, config, fewer, 2, cache_file=cache_file,
                            progress=progress)
    assert progress.stats.parsed == 0
    assert any(r.unit_id == "thcs_tan_tao" for r in before)
    assert not any(r.unit_id == "thcs_tan_tao" for r in after)


def test_a_new_parser_version_parses_everything_again(
    small_inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file = tmp_path / "c.sqlite"
    cold = _count_parses(small_inbox, cache_file)
    monkeypatch.setattr(cache_module, "PARSER_VERSION", "a parser changed")
    bumped = _count_parses(small_inbox, cache_file)
    assert bumped.stats.parsed == cold.stats.parsed and bumped.stats.cached == 0


# ----------------------------------------------------------------------- killed runs


def _command(inbox: Path, outbox: Path, as_of: dt.date) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox",
            str(outbox), "--as-of", as_of.isoformat(), "--jobs", "2"]


def _run_cli(inbox: Path, outbox: Path, as_of: dt.date) -> float:
    started = time.monotonic()
    subprocess.run(_command(inbox, outbox, as_of), cwd=ROOT, check=True, capture_output=True)
    return time.monotonic() - started


def _session_alive(sid: int) -> list[int]:
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _wait_session_gone(sid: int, within: float) -> list[int]:
    end = time.monotonic() + within
    while (alive := _session_alive(sid)) and time.monotonic() < end:
        time.sleep(0.1)
    return alive


def test_a_killed_run_leaves_the_old_outbox_or_the_new_one(inbox: Path, tmp_path: Path) -> None:
    before = _snapshot(inbox)
    old_box, new_box, outbox = tmp_path / "old", tmp_path / "new", tmp_path / "outbox"
    _run_cli(inbox, old_box, AS_OF_OLD)
    cold = _run_cli(inbox, new_box, AS_OF_NEW)
    old, new = _files(old_box), _files(new_box)
    assert old != new
    interrupted = 0
    for i, fraction in enumerate(KILL_FRACTIONS):
        shutil.rmtree(outbox, ignore_errors=True)
        shutil.copytree(old_box, outbox)
        if i % 2 == 0:  # a cold run: killed while parsing as well as while writing
            cache_path(outbox).unlink(missing_ok=True)
        process = subprocess.Popen(_command(inbox, outbox, AS_OF_NEW), cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(cold * fraction)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert not _wait_session_gone(process.pid, within=10), "workers outlived the run"
        now = _files(outbox)
        assert now in (old, new), f"killed at {fraction:.0%}: a mix of two outboxes"
        interrupted += now == old
    assert interrupted, "no kill landed before the swap: the test proved nothing"
    _run_cli(inbox, outbox, AS_OF_NEW)  # the cache a kill left behind is sound
    assert _files(outbox) == new
    assert _snapshot(inbox) == before
