"""The worker pool: limits in time and memory, crashes survived, documents parsed in isolation."""

from __future__ import annotations

import ctypes
import hashlib
import io
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from pipeline import progress as progress_module
from pipeline.cache import ParseCache
from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.model import InboxItem
from pipeline.parse import parse_item
from pipeline.progress import BarProgress, LineProgress, ParseStats, Progress, progress_for
from pipeline.workers import (
    MSG_TIMEOUT,
    Outcome,
    WorkerPool,
    extend_time_limit,
    failed_document,
    in_workers,
    parse_items,
    process_items,
)
from tests.docx_builders import paragraphs_docx

T = TypeVar("T")
R = TypeVar("R")

# ---------------------------------------------------------------- task functions (in workers)


def square(x: int) -> int:
    return x * x


def sleep_then(seconds: float) -> str:
    time.sleep(seconds)
    return "woke"


def segfault_on_negative(x: int) -> int:
    if x < 0:
        ctypes.string_at(0)
    return x


def allocate(mebibytes: int) -> int:
    return len(bytearray(mebibytes << 20))


def fail(_: object) -> None:
    raise ValueError("hỏng rồi")


def echo_sized(task: tuple[int, bytes]) -> bytes:
    """A task of any size whose result is as large as the task: both pipes can fill."""
    number, payload = task
    if number < 0:
        ctypes.string_at(0)
    return payload + number.to_bytes(4, "big")


def extended_sleep(seconds: float) -> str:
    for _ in range(int(seconds / 0.25)):
        extend_time_limit(1.0)
        time.sleep(0.25)
    return "done"


def hang_with_child(pid_file: str) -> None:
    child = subprocess.Popen(["sleep", "600"])
    Path(pid_file).write_text(str(child.pid))
    while True:
        time.sleep(1)


def _run_all(pool: WorkerPool[T, R], tasks: list[T]) -> dict[int, Outcome[R]]:
    outcomes: dict[int, Outcome[R]] = {}
    pending = list(enumerate(tasks))
    while pending or pool.in_flight():
        while pending and pool.has_room():
            key, task = pending.pop(0)
            pool.submit(key, task)
        outcomes.update(pool.collect())
    return outcomes


# --------------------------------------------------------------------------- the pool


def test_values_come_back_under_their_keys_with_two_workers() -> None:
    with WorkerPool(square, 2) as pool:
        outcomes = _run_all(pool, list(range(20)))
    assert {k: o.value for k, o in outcomes.items()} == {i: i * i for i in range(20)}
    assert pool.restarts == 0


def test_tasks_sent_ahead_survive_the_crash_of_the_one_before_them() -> None:
    """One worker, two tasks sent at once: the first crashes it, the second still runs."""
    with WorkerPool(segfault_on_negative, 1, depth=2) as pool:
        pool.submit(0, -1)
        pool.submit(1, 7)
        assert pool.in_flight() == 2 and not pool.has_room()
        outcomes = _run_all(pool, [])
    assert outcomes[0].failure == "crash"
    assert outcomes[1].value == 7
    assert pool.restarts == 1


def test_large_tasks_and_results_never_wait_on_each_other() -> None:
    """Tasks and results over the pipe's size: a large task is not sent ahead to a busy
    worker (both sides would wait on a full pipe), so the run ends, every value intact."""
    big = [(i, bytes([i]) * (3 << 20)) for i in range(6)]
    small = [(10 + i, b"x") for i in range(6)]
    tasks = [task for pair in zip(big, small, strict=True) for task in pair]
    started = time.monotonic()
    with WorkerPool(echo_sized, 2, depth=2) as pool:
        outcomes = _run_all(pool, tasks)
    assert time.monotonic() - started < 60
    assert {k: o.value for k, o in outcomes.items()} == {
        k: payload + number.to_bytes(4, "big") for k, (number, payload) in enumerate(tasks)
    }


def test_a_forked_worker_exits_by_itself_at_the_end_of_input() -> None:
    """A worker copied by fork holds no copy of the parent's pipe end: closing the pool ends
    its input and it exits with code 0, instead of waiting to be killed."""
    pool: WorkerPool[int, int] = WorkerPool(square, 1, start_method="fork")
    outcomes = _run_all(pool, [3, 4])
    [slot] = pool._slots
    pool.close()
    assert {k: o.value for k, o in outcomes.items()} == {0: 9, 1: 16}
    assert slot.process.exitcode == 0


def test_poll_takes_what_ended_without_waiting_for_what_runs() -> None:
    with WorkerPool(sleep_then, 2, depth=1) as pool:
        pool.submit(0, 0.0)
        pool.submit(1, 30.0)
        done: list[tuple[int, Outcome[str]]] = []
        while not done:
            done = pool.poll()
        assert [(key, outcome.value) for key, outcome in done] == [(0, "woke")]
        assert pool.in_flight() == 1 and pool.poll() == []


def test_a_task_over_its_time_limit_is_stopped_and_the_pool_goes_on() -> None:
    started = time.monotonic()
    with WorkerPool(sleep_then, 1, time_limit=1.0) as pool:
        outcomes = _run_all(pool, [30.0, 0.0])
    assert time.monotonic() - started < 10
    assert outcomes[0].failure == "timeout"
    assert outcomes[1].value == "woke"
    assert pool.restarts == 1


def test_a_crashed_worker_fails_its_task_only() -> None:
    with WorkerPool(segfault_on_negative, 1) as pool:
        outcomes = _run_all(pool, [2, -1, 3])
    assert outcomes[1].failure == "crash" and "SIGSEGV" in outcomes[1].detail
    assert (outcomes[0].value, outcomes[2].value) == (2, 3)
    assert pool.restarts == 1


def test_memory_over_the_limit_is_a_memory_failure() -> None:
    with WorkerPool(allocate, 1, memory_limit=1 << 30) as pool:
        outcomes = _run_all(pool, [1536, 8])
    assert outcomes[0].failure == "memory"
    assert outcomes[1].value == 8 << 20


def test_an_exception_is_reported_with_its_traceback() -> None:
    with WorkerPool(fail, 1) as pool:
        outcome = _run_all(pool, [None])[0]
    assert outcome.failure == "exception"
    assert "ValueError: hỏng rồi" in outcome.detail


def test_work_that_asks_for_more_time_gets_it() -> None:
    with WorkerPool(extended_sleep, 1, time_limit=0.5) as pool:
        outcome = _run_all(pool, [1.5])[0]
    assert outcome.failure is None and outcome.value == "done"


def test_a_timeout_also_kills_what_the_worker_started(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    with WorkerPool(hang_with_child, 1, time_limit=1.0) as pool:
        outcome = _run_all(pool, [str(pid_file)])[0]
    assert outcome.failure == "timeout"
    child = int(pid_file.read_text())
    assert _gone(child, within=5.0), "the converter a timed-out worker started still runs"


def _gone(pid: int, within: float) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True  # killed, waiting for its new parent to reap it
        time.sleep(0.05)
    return False


# ----------------------------------------------------------------- parsing documents


def _item(name: str, data: bytes, fmt: str = "docx") -> InboxItem:
    return InboxItem(source=name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, data=data)


def test_parse_items_gives_every_item_the_same_document_as_in_process(tmp_path: Path) -> None:
    datas = [paragraphs_docx([f"Văn bản số {i}", "Trường THCS Bình Tân"]) for i in range(6)]
    expected = {f"d{i}.docx": parse_item(_item(f"d{i}.docx", d)) for i, d in enumerate(datas)}
    broken = _item("hong.docx", b"", "unknown")
    broken.errors = ["Tệp rỗng (0 byte)."]
    items = [_item(f"d{i}.docx", d) for i, d in enumerate(datas)] + [broken]
    progress = Progress()
    with ParseCache(tmp_path / "c.sqlite") as cache:
        got = {item.source: doc for item, doc in parse_items(items, 2, cache, progress)}
    assert {k: got[k] for k in expected} == expected
    assert got["hong.docx"].errors == ["Tệp rỗng (0 byte)."]
    assert all(item.data == b"" for item in items)  # bytes dropped once parsed
    assert (progress.stats.parsed, progress.stats.skipped) == (6, 1)


def test_a_document_over_the_time_limit_becomes_an_error_and_is_not_cached(
    tmp_path: Path,
) -> None:
    data = paragraphs_docx(["Một văn bản bình thường"] * 400)
    cache_file = tmp_path / "c.sqlite"
    with ParseCache(cache_file) as cache:
        [(_, doc)] = parse_items([_item("a.docx", data)], 1, cache, Progress(), time_limit=0.001)
    assert doc.errors == [MSG_TIMEOUT.format(seconds=0.001)]
    assert "Quá thời gian đọc tệp" in doc.errors[0]
    with ParseCache(cache_file) as cache:
        assert cache.get(_item("a.docx", data)) is None


@pytest.mark.parametrize("start_method", ["forkserver", "fork"])
def test_records_from_workers_are_the_records_made_in_process(
    tmp_path: Path, start_method: str
) -> None:
    """Parsed and extracted in a worker (bytes read again from the file) or here: the same
    record, whether the worker came from the fork server or was forked from this process (as
    on a re-run); a second run takes every record from the cache and starts no parse."""
    root = Path(__file__).resolve().parent.parent
    config = load_config(root / "config" / "campaign_2021.yaml")
    ctx = ExtractContext.build(config, load_roster(root / "config" / "units.csv"))
    files = []
    for i in range(4):
        data = paragraphs_docx(["TRƯỜNG THCS AN LẠC", f"Số: {i}/KH-THCS", "KẾ HOẠCH",
                                "Phát động phong trào thi đua năm học 2020 - 2021"])
        (tmp_path / f"kh{i}.docx").write_bytes(data)
        item = _item(f"kh{i}.docx", data)
        item.path = str(tmp_path / f"kh{i}.docx")
        files.append(item)
    expected = {i.source: extract_record(i, parse_item(i), ctx) for i in files}
    cache_file = tmp_path / "c.sqlite"
    with ParseCache(cache_file) as cache:
        got = {r.source: r for r in process_items(files, 2, cache, Progress(), ctx, "v1",
                                                  start_method=start_method)}
    assert got == expected
    assert got["kh0.docx"].doc_type == "launch" and got["kh3.docx"].doc_number == "3/KH-THCS"
    with ParseCache(cache_file) as cache:
        assert all(cache.get_record(i, "v1") == expected[i.source] for i in files)


@pytest.mark.parametrize("start_method", ["forkserver", "fork"])
def test_a_timed_out_record_is_not_cached(tmp_path: Path, start_method: str) -> None:
    root = Path(__file__).resolve().parent.parent
    config = load_config(root / "config" / "campaign_2021.yaml")
    ctx = ExtractContext.build(config, load_roster(root / "config" / "units.csv"))
    item = _item("a.docx", paragraphs_docx(["Một văn bản bình thường"] * 400))
    cache_file = tmp_path / "c.sqlite"
    with ParseCache(cache_file) as cache:
        [record] = process_items([item], 1, cache, Progress(), ctx, "v1", time_limit=0.001,
                                 start_method=start_method)
    assert record.errors == [MSG_TIMEOUT.format(seconds=0.001)]
    with ParseCache(cache_file) as cache:
        assert cache.get_record(item, "v1") is None


def test_failed_documents_name_the_failure_in_vietnamese() -> None:
    from pipeline.workers import Outcome

    item = _item("x.pdf", b"%PDF", "pdf")
    crash = failed_document(item, Outcome(failure="crash", detail="tín hiệu SIGSEGV"))
    memory = failed_document(item, Outcome(failure="memory"))
    assert crash.errors == ["Bộ đọc tệp bị dừng đột ngột (tín hiệu SIGSEGV) — tệp có thể bị hỏng."]
    assert "quá nhiều bộ nhớ" in memory.errors[0] and "2 GiB" in memory.errors[0]
    assert crash.source == memory.source == "x.pdf"


def test_no_worker_starts_when_everything_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = paragraphs_docx(["Đã có trong bộ nhớ đệm"])
    cache_file = tmp_path / "c.sqlite"
    with ParseCache(cache_file) as cache:
        [(_, first)] = parse_items([_item("a.docx", data)], 1, cache, Progress())

    def no_worker(self: object) -> None:
        raise AssertionError("a worker was started")

    monkeypatch.setattr(WorkerPool, "_start", no_worker)
    progress = Progress()
    with ParseCache(cache_file) as cache:
        [(_, again)] = parse_items([_item("b.docx", data)], 1, cache, progress)
    assert again.source == "b.docx"  # the cached parse, under the item's own name
    assert again.blocks == first.blocks
    assert progress.stats.cached == 1


def started_at(_: object) -> float:
    return time.time()


def test_one_item_to_parse_waits_for_the_end_of_the_items_not_the_workers() -> None:
    """With fewer items to parse than workers, the workers start after the last item is
    read: a re-run with one changed file reads the whole inbox without waiting for one."""
    ended: list[float] = []

    def items() -> Iterator[InboxItem]:
        yield _item("new.docx", b"new")
        time.sleep(0.5)  # reading the rest of the inbox
        yield from (_item(f"cached_{i}.docx", b"old") for i in range(20))
        ended.append(time.time())

    def shortcut(item: InboxItem) -> str | None:
        return "cached" if item.source.startswith("cached") else None

    results = list(in_workers(items(), started_at, 2, shortcut))
    [(item, _, outcome)] = [r for r in results if r[2] is not None]
    assert item.source == "new.docx" and outcome is not None
    assert outcome.value is not None and outcome.value > ended[0]
    assert sum(1 for _, ready, _ in results if ready == "cached") == 20


# ------------------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_plain_lines_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "LINE_EVERY_DOCS", 2)
    stream = io.StringIO()
    with progress_for(stream) as progress:
        assert isinstance(progress, LineProgress)
        for kind in ("parsed", "cached", "cached", "failed", "skipped"):
            progress.count(kind)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Đang đọc tệp: 2 tệp (1 đọc mới, 1 lấy từ bộ nhớ đệm)")
    assert lines[-1].startswith("Đã đọc xong 5 tệp trong ")
    assert "1 không đọc được từ đầu" in lines[-1] and "1 lỗi khi đọc" in lines[-1]
    assert progress.stats == ParseStats(parsed=1, cached=2, skipped=1, failed=1)


def test_progress_is_a_bar_on_a_terminal() -> None:
    stream = _Terminal()
    with progress_for(stream) as progress:
        assert isinstance(progress, BarProgress)
        progress.count("parsed")
    assert "Đã đọc xong 1 tệp" in stream.getvalue()
