"""Two clerks, one folder: a lock file beside a folder, held while a run works on it.

``with FolderLock(outbox):`` takes ``.<outbox>.lock`` in the outbox's parent directory.  The
file is created with ``O_CREAT | O_EXCL`` and records who holds it (PID, host, start time), so
that a second run can say whom it waits for.  The holder also keeps an exclusive ``flock`` on
it: the kernel drops that lock when the holder dies, however it dies, so a lock file left by a
killed run is recognised (its lock is free, or its PID is gone) and taken over with a note,
never waited for.

A second run waits with a message on stderr (``wait=True``), or raises :class:`LockBusy` at
once (``wait=False``; the command line's ``--no-wait``).  The same class locks any folder: the
run its outbox, ``fetch`` its inbox.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import socket
import sys
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

DEFAULT_POLL_S = 0.5

WAITING = (
    "Thư mục {folder} đang được một lần chạy khác sử dụng ({holder}). "
    "Đang chờ lần chạy đó kết thúc… (nhấn Ctrl+C để dừng)"
)
BUSY = (
    "Thư mục {folder} đang được một lần chạy khác sử dụng ({holder}). "
    "Hãy chạy lại sau khi lần chạy đó kết thúc."
)
TAKEN_OVER = (
    "Ghi chú: lần chạy trước ({holder}) đã dừng giữa chừng và để lại khóa {path}; "
    "lần chạy này tiếp quản khóa."
)
ACQUIRED_AFTER_WAIT = "Lần chạy kia đã kết thúc; tiếp tục."


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a lock, as its lock file says."""

    pid: int
    host: str
    started: str  # ISO 8601, UTC

    def describe(self) -> str:
        """In Vietnamese: "PID 123 trên máy X, bắt đầu lúc 21:30:05 05/12/2026 UTC"."""
        try:
            when = dt.datetime.fromisoformat(self.started)
            started = when.strftime("%H:%M:%S %d/%m/%Y") + " UTC"
        except ValueError:
            started = self.started or "không rõ"
        return f"PID {self.pid} trên máy {self.host or 'không rõ'}, bắt đầu lúc {started}"

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        """The holder a lock file names; None when it is missing, empty or garbled."""
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(int(data["pid"]), str(data.get("host", "")), str(data.get("started", "")))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def alive(self) -> bool:
        """False when the holder ran on this host and its process is gone; True otherwise
        (another host's process cannot be checked: its ``flock`` decides)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class LockBusy(Exception):
    """The folder is locked by another live run and the caller chose not to wait."""

    def __init__(self, path: Path, holder: Holder | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.holder = holder


def lock_path(folder: Path) -> Path:
    """The lock file of ``folder``: ``.<name>.lock`` beside it (never inside: the outbox is
    replaced whole, and the inbox is read-only)."""
    folder = Path(os.path.abspath(folder))
    return folder.with_name(f".{folder.name}.lock")


# Lock files held by this process, closed in a forked child (a worker): the child's copy of
# the descriptor would otherwise keep the flock alive after this process was killed.
_HELD: weakref.WeakSet[FolderLock] = weakref.WeakSet()


def _close_in_child() -> None:
    for lock in list(_HELD):
        lock._forget()


os.register_at_fork(after_in_child=_close_in_child)


class FolderLock:
    """An exclusive lock on ``folder`` for the time of a ``with`` block.

    ``wait``: wait for a live holder (polling every ``poll_s`` seconds, up to ``timeout_s``
    when given, then :class:`LockBusy`), printing ``message`` once on ``stream``; with
    ``wait=False`` raise :class:`LockBusy` at once.  ``message`` and ``busy_message`` may use
    ``{folder}``, ``{holder}`` and ``{path}``.  ``path`` overrides the lock file's place.
    """

    def __init__(
        self,
        folder: Path,
        *,
        wait: bool = True,
        message: str = WAITING,
        busy_message: str = BUSY,
        path: Path | None = None,
        poll_s: float = DEFAULT_POLL_S,
        timeout_s: float | None = None,
        stream: IO[str] | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.path = path or lock_path(self.folder)
        self.wait = wait
        self.message = message
        self.busy_message = busy_message
        self.poll_s = poll_s
        self.timeout_s = timeout_s
        self._stream = stream
        self._fd: int | None = None
        self.taken_over: Holder | None = None  # the dead holder whose lock this one took over
        self.waited = False

    # -- the with block ----------------------------------------------------------------------
    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting or raising :class:`LockBusy` as the options say."""
        if self._fd is not None:
            raise RuntimeError(f"lock {self.path} already held by this object")
        deadline = None if self.timeout_s is None else time.monotonic() + self.timeout_s
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            holder = self._try()
            if holder is None:
                if self.waited:
                    self._say(ACQUIRED_AFTER_WAIT)
                return
            text = self._format(self.busy_message, holder)
            if not self.wait or (deadline is not None and time.monotonic() >= deadline):
                raise LockBusy(self.path, holder, text)
            if not self.waited:
                self._say(self._format(self.message, holder))
                self.waited = True
            time.sleep(self.poll_s)

    def release(self) -> None:
        """Remove the lock file and let go of it (the file first: a waiter that opened it
        finds it gone and tries again with a new one)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD.discard(self)
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                os.unlink(self.path)
        os.close(fd)

    # -- the mechanism -----------------------------------------------------------------------
    def _try(self) -> Holder | None:
        """One attempt: None when the lock is now ours, else the live holder (or a stand-in
        when its file cannot be read yet)."""
        while True:
            created = True
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
            except FileExistsError:
                created = False
                try:
                    fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
                except FileNotFoundError:
                    continue  # released in between: create it afresh
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                return self._busy_holder()
            if not self._same_file(fd):
                os.close(fd)  # the holder removed it after we opened it: try the new one
                continue
            if not created:
                previous = Holder.read(self.path)
                if previous is not None and previous.pid != os.getpid():
                    self.taken_over = previous
                    self._say(self._format(TAKEN_OVER, previous))
            self._claim(fd)
            return None

    def _busy_holder(self) -> Holder | None:
        """The holder of a lock whose flock is taken; a file left by a dead process whose flock
        lives on in an orphaned child is removed (the next attempt creates a new one)."""
        holder = Holder.read(self.path)
        if holder is None:
            return Holder(0, "", "")
        if holder.alive():
            return holder
        # Its descriptor survived it in some child: the lock file itself is stale.
        try:
            os.unlink(self.path)
        except OSError:
            return holder
        self._say(self._format(TAKEN_OVER, holder))
        self.taken_over = holder
        return self._try()

    def _same_file(self, fd: int) -> bool:
        try:
            return os.fstat(fd).st_ino == os.stat(self.path).st_ino
        except FileNotFoundError:
            return False

    def _claim(self, fd: int) -> None:
        started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        data: dict[str, Any] = {"pid": os.getpid(), "host": socket.gethostname(),
                                "started": started, "folder": str(self.folder)}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        os.fsync(fd)
        self._fd = fd
        _HELD.add(self)

    def _forget(self) -> None:
        """In a forked child: close this process's copy without touching the lock."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _format(self, template: str, holder: Holder) -> str:
        who = holder.describe() if holder.pid else "chưa rõ tiến trình nào"
        return template.format(folder=self.folder, holder=who, path=self.path)

    def _say(self, text: str) -> None:
        stream = self._stream or sys.stderr
        print(text, file=stream, flush=True)
