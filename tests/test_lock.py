"""Two clerks, one folder: the lock beside the outbox (pipeline/lock.py, issue 17)."""

from __future__ import annotations

import fcntl
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.lock import FolderLock, LockBusy, lock_path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2021-07-10"
BUSY = "đang được một lần chạy khác sử dụng"

# A process that takes the lock of argv[1], says so, and holds it until its stdin closes;
# with argv[2] == "fork" it first forks a child that outlives it (printing the child's PID).
HOLDER = """
import os, sys, time
from pathlib import Path
from pipeline.lock import FolderLock
with FolderLock(Path(sys.argv[1]), wait=False):
    if sys.argv[2:] == ["fork"]:
        child = os.fork()
        if child == 0:
            time.sleep(60)
            os._exit(0)
        print(child, flush=True)
    print("held", flush=True)
    sys.stdin.read()
"""


def holder(folder: Path, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder), *extra],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    lines = []
    while (line := proc.stdout.readline().strip()) != "held":
        assert line, "the holder died before taking the lock"
        lines.append(line)
    return proc, lines


@pytest.fixture
def held(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    proc, _ = holder(tmp_path / "outbox")
    yield proc
    stop(proc)


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()


def run_cli(inbox: Path, outbox: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox",
            str(outbox), "--as-of", AS_OF, "--jobs", "1", *extra]


def test_the_lock_file_sits_beside_the_folder_with_pid_and_start_time(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    assert lock_path(folder) == tmp_path / ".outbox.lock"
    with FolderLock(folder) as lock:
        data = json.loads(lock_path(folder).read_text("utf-8"))
        assert data["pid"] == os.getpid() and data["host"] == socket.gethostname()
        assert data["started"].endswith("+00:00")
        assert lock.held and not folder.exists()  # beside it: the folder is not made
    assert not lock_path(folder).exists()


def test_a_second_taker_is_refused_without_wait_and_times_out_with_one_message(
    tmp_path: Path, held: subprocess.Popen[str]
) -> None:
    folder = tmp_path / "outbox"
    with pytest.raises(LockBusy) as busy:
        FolderLock(folder, wait=False).acquire()
    assert busy.value.holder is not None and busy.value.holder.pid == held.pid
    assert BUSY in str(busy.value) and f"PID {held.pid}" in str(busy.value)
    said = io.StringIO()
    started = time.monotonic()
    with pytest.raises(LockBusy):
        FolderLock(folder, timeout_s=0.5, poll_s=0.05, stream=said).acquire()
    assert time.monotonic() - started >= 0.5
    assert said.getvalue().count("Đang chờ") == 1


def test_a_run_with_no_wait_exits_4_with_a_message(
    tmp_path: Path, held: subprocess.Popen[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = subprocess.run(run_cli(inbox, tmp_path / "outbox", "--no-wait"), cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 4
    assert BUSY in proc.stderr and f"PID {held.pid}" in proc.stderr
    assert not (tmp_path / "outbox").exists()


def test_a_run_waits_for_the_other_then_proceeds(
    tmp_path: Path, held: subprocess.Popen[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    waiting = subprocess.Popen(run_cli(inbox, tmp_path / "outbox"), cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert waiting.stderr is not None
    first = waiting.stderr.readline()  # blocks until the run says it waits
    assert BUSY in first and "Đang chờ" in first
    time.sleep(0.5)
    assert waiting.poll() is None and not (tmp_path / "outbox").exists()
    assert held.stdin is not None
    held.stdin.close()  # the other run ends
    held.wait(timeout=10)
    assert held.returncode == 0
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "tiếp tục" in err and (tmp_path / "outbox" / "manifest.json").is_file()
    assert not lock_path(tmp_path / "outbox").exists()


def test_a_killed_run_does_not_block_the_next(tmp_path: Path) -> None:
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    proc, _ = holder(outbox)
    stop(proc)
    assert lock_path(outbox).exists()  # left behind
    done = subprocess.run(run_cli(inbox, outbox, "--no-wait"), cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert "tiếp quản" in done.stderr and f"PID {proc.pid}" in done.stderr
    assert (outbox / "manifest.json").is_file() and not lock_path(outbox).exists()


def test_a_child_forked_by_a_killed_run_does_not_keep_its_lock(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    proc, lines = holder(folder, "fork")
    child = int(lines[0])
    try:
        stop(proc)
        os.kill(child, 0)  # the child lives on, but holds no copy of the lock
        fd = os.open(lock_path(folder), os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
        said = io.StringIO()
        with FolderLock(folder, wait=False, stream=said) as lock:
            assert lock.taken_over is not None and lock.taken_over.pid == proc.pid
        assert "tiếp quản" in said.getvalue()
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_lock_file_naming_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    folder = tmp_path / "outbox"
    gone = subprocess.Popen(["true"])
    gone.wait()
    lock_path(folder).write_text(json.dumps(
        {"pid": gone.pid, "host": socket.gethostname(), "started": "2021-07-10T01:00:00+00:00"}
    ), "utf-8")
    said = io.StringIO()
    with FolderLock(folder, wait=False, stream=said) as lock:
        assert lock.taken_over is not None and lock.taken_over.pid == gone.pid
    assert "01:00:00 10/07/2021 UTC" in said.getvalue()
    lock_path(folder).write_text("", "utf-8")  # killed between creating and writing it
    with FolderLock(folder, wait=False, stream=said) as lock:
        assert lock.taken_over is None
