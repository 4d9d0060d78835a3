"""Parse and extract in worker processes, each document bounded in time and memory (SPEC §7).

A hostile PDF can make a parser loop inside C code or allocate without end; only a separate
process can be stopped then.  So every document is parsed in a worker of a small pool that is
cheap to keep and cheap to rebuild:

- workers are forked from a ``forkserver`` that has already imported the parsers, so starting
  or replacing one costs milliseconds, and they are started only when a document needs parsing
  (a re-run over an unchanged inbox starts none).  A re-run, which parses only what changed,
  forks its workers from the run itself instead, after importing the parsers there: that
  spares it the fork server's own start (a new interpreter and its imports, about half a
  second of a core) for one or two files;
- each worker runs under ``RLIMIT_AS`` (``MemoryError`` becomes a finding) and in its own
  process group, so a timed-out worker is killed together with any converter it started;
- a worker runs one document at a time and is sent the next one ahead (``QUEUE_DEPTH``), so
  it never waits for this process between two; a file of the inbox is sent as its path (the
  worker reads it again) and a large task is never sent ahead, so at most ``2 × jobs`` items
  are in flight and no two full pipes wait on each other;
- the worker extracts the record too and encodes both for the cache: this process only walks
  the inbox, dispatches and gathers records;
- a document over its time limit, or whose worker dies, gets a Vietnamese error and its worker
  is replaced; the batch goes on.

With ``--jobs 1`` documents still go to one worker: measured on the 200-document benchmark
corpus, that costs 6-17 % over parsing in the main process (about 0.4 s of it starting the fork
server), the price of a time limit that holds inside C code.  Results come back in completion
order; the caller sorts (records are sorted by source).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib
import logging
import multiprocessing
import os
import resource
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, Generic, TypeVar

from pipeline.cache import ParseCache
from pipeline.extract.context import ExtractContext
from pipeline.forkserver import PRELOAD, START_METHOD
from pipeline.model import InboxItem, ParsedDocument, Record
from pipeline.progress import Progress

TIME_LIMIT_S = 120.0  # per document; a parser that loops is stopped after this
MAX_TIME_LIMIT_S = 900.0  # with every extension a worker asked for (OCR of a long scan)
MEMORY_LIMIT_BYTES = 2 << 30  # address space of one worker; converters it starts inherit it
STOP_GRACE_S = 1.0  # how long an idle worker may take to exit before it is killed
QUEUE_DEPTH = 2  # tasks sent ahead to one worker: it never waits for this process between two
# A task sent ahead, to a worker still busy, must fit in the pipe: the worker reads it only
# after sending its result, and two full pipes would wait on each other.
SEND_AHEAD_MAX_BYTES = 32 << 10
_PR_SET_PDEATHSIG = 1

MSG_TIMEOUT = (
    "Quá thời gian đọc tệp ({seconds:.0f} giây) — tệp có thể bị hỏng hoặc cố tình gây treo."
)
MSG_MEMORY = (
    "Tệp cần quá nhiều bộ nhớ để đọc (giới hạn {limit}) — tệp có thể bị hỏng hoặc cố tình "
    "gây tràn bộ nhớ."
)
MSG_CRASH = "Bộ đọc tệp bị dừng đột ngột ({reason}) — tệp có thể bị hỏng."
MSG_FAILED = "Lỗi không lường trước khi đọc tệp: {reason}"

T = TypeVar("T")
R = TypeVar("R")

_TO_PARENT: Connection | None = None  # set in a worker: where to ask for more time


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What became of one task: its value, or why there is none.

    ``failure`` is ``None`` on success, else ``"timeout"``, ``"memory"``, ``"crash"`` (the
    worker died: killed, segfault) or ``"exception"`` (the function raised; ``detail`` holds
    the traceback).
    """

    value: R | None = None
    failure: str | None = None
    detail: str = ""
    seconds: float = 0.0  # the time limit that applied, for a timeout's message


class WorkerStartError(RuntimeError):
    """A worker process could not start at all: the run cannot parse in isolation."""


# ----------------------------------------------------------------------- worker side


def extend_time_limit(seconds: float) -> None:
    """Ask for ``seconds`` more from now for the current task (e.g. before each OCR page).

    Work that is slow by nature but makes progress says so; the total stays capped at
    ``MAX_TIME_LIMIT_S``.  Outside a worker this does nothing.
    """
    if _TO_PARENT is not None:
        _TO_PARENT.send(("more_time", float(seconds), ""))


def _harden(memory_limit: int) -> None:
    """Limit this worker's memory, give it its own process group, die with its parent.

    Library log chatter (pdfminer warns about every odd font) is silenced: what matters about
    a document reaches the user as a finding, not as a log line.
    """
    logging.disable(logging.WARNING)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setpgid(0, 0)
    die_with_parent()


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent (the fork server) dies: a run that is
    killed leaves no worker behind (Linux; elsewhere nothing happens)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name:
        ctypes.CDLL(libc_name).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _serve(
    conn: Connection, fn: Callable[[Any], Any], memory_limit: int, parent_end: Any = None
) -> None:
    """A worker's loop: receive a task, run ``fn`` on it, send back the outcome.

    A forked worker is given the parent's end of its pipe, to close: else its own copy would
    keep the pipe open, and the end of input would never come.
    """
    global _TO_PARENT
    if parent_end is not None:
        parent_end.close()
    _harden(memory_limit)
    _TO_PARENT = conn
    conn.send(("ready", None, ""))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            message: tuple[str, Any, str] = ("ok", fn(task), "")
        except MemoryError:
            message = ("memory", None, "")
        except Exception:  # noqa: BLE001 — reported to the parent, which decides
            message = ("exception", None, traceback.format_exc(limit=-8))
        del task
        try:
            conn.send(message)
        except (OSError, EOFError):
            return
        except Exception:  # noqa: BLE001 — the value could not be pickled
            conn.send(("exception", None, traceback.format_exc(limit=-8)))


# ----------------------------------------------------------------------- parent side


def preload() -> None:
    """Import what every worker needs (:data:`PRELOAD`), here, once: before workers are forked
    from this process."""
    for name in PRELOAD:
        importlib.import_module(name)


@dataclass
class _Slot:
    """One worker process and the tasks sent to it, oldest (the one it runs) first."""

    process: Any  # multiprocessing.Process of the forkserver context
    conn: Connection
    queue: deque[tuple[int, bytes]] = field(default_factory=deque)  # (key, pickled task)
    ready: bool = False  # the worker has started (its first message)
    started: float = 0.0  # when the oldest task started
    deadline: float = 0.0

    @property
    def busy(self) -> bool:
        return bool(self.queue)


class WorkerPool(Generic[T, R]):
    """Run ``fn`` over tasks in up to ``jobs`` worker processes, each task under limits.

    Use :meth:`submit` while :meth:`has_room`, then :meth:`collect` to wait for outcomes;
    close the pool (or use it as a context manager) to stop the workers.  Each worker is
    sent up to ``depth`` tasks, so that it starts the next one without waiting for this
    process; a task's time runs from when the one before it ended.

    Workers come from the fork server (``start_method``), which has the parsers imported;
    ``"fork"`` copies this process instead, at once.  That suits a process with nothing in
    hand a worker could trip on: the office worker, forked before the inbox is read, and a
    re-run's few parse workers (this process holds its cache open and perhaps a progress
    bar's thread; a worker touches neither).  A forked worker's memory limit counts this
    process's address space too (a few hundred MB of the 2 GiB).
    """

    def __init__(
        self,
        fn: Callable[[T], R],
        jobs: int,
        *,
        time_limit: float = TIME_LIMIT_S,
        memory_limit: int = MEMORY_LIMIT_BYTES,
        depth: int = QUEUE_DEPTH,
        start_method: str = START_METHOD,
    ) -> None:
        self._fn = fn
        self._jobs = max(1, jobs)
        self._depth = max(1, depth)
        self._time_limit = time_limit
        self._memory_limit = memory_limit
        self._context: Any = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(list(PRELOAD))
        self._slots: list[_Slot] = []
        self._pending: deque[tuple[int, bytes]] = deque()  # submitted, not yet sent
        self.restarts = 0  # workers replaced after a timeout, crash or memory failure

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has_room(self) -> bool:
        """True when a task can be submitted without waiting."""
        return self.in_flight() < self._jobs * self._depth

    def in_flight(self) -> int:
        """Tasks submitted whose outcome has not been collected."""
        return len(self._pending) + sum(len(slot.queue) for slot in self._slots)

    def submit(self, key: int, task: T) -> None:
        """Queue ``task``, sent to a worker as soon as one can take it; ``key`` names its
        outcome."""
        if not self.has_room():
            raise RuntimeError("WorkerPool.submit without room")
        self._pending.append((key, bytes(ForkingPickler.dumps(task))))
        self._dispatch()

    def collect(self) -> list[tuple[int, Outcome[R]]]:
        """Wait until at least one task ends; return the outcomes of all that have ended."""
        self._dispatch()
        busy = [slot for slot in self._slots if slot.busy]
        if not busy:
            return []
        while True:
            timeout = max(0.0, min(slot.deadline for slot in busy) - time.monotonic())
            wait([slot.conn for slot in busy] + [slot.process.sentinel for slot in busy], timeout)
            done = [(slot, outcome) for slot in busy if (outcome := self._check(slot)) is not None]
            if done:
                return [self._finish(slot, outcome) for slot, outcome in done]

    def poll(self) -> list[tuple[int, Outcome[R]]]:
        """The outcomes of tasks that have ended, without waiting; queued tasks are sent on
        to workers that became free."""
        done = [(slot, outcome) for slot in self._slots
                if slot.busy and (outcome := self._check(slot)) is not None]
        finished = [self._finish(slot, outcome) for slot, outcome in done]
        self._dispatch()
        return finished

    def close(self) -> None:
        """Stop every worker: idle ones exit on end of input, busy or stuck ones are killed."""
        for slot in self._slots:
            slot.conn.close()
        end = time.monotonic() + STOP_GRACE_S
        for slot in self._slots:
            slot.process.join(max(0.0, end - time.monotonic()))
            if slot.process.is_alive():
                _kill(slot)
        self._slots.clear()

    # ---- internals

    def _dispatch(self) -> None:
        """Send queued tasks, in order: to an idle worker (starting one while fewer than
        ``jobs`` run), or ahead to a busy one when the task is small."""
        while self._pending:
            key, data = self._pending[0]
            slot = self._slot_for(len(data))
            if slot is None:
                return
            self._pending.popleft()
            try:
                slot.conn.send_bytes(data)
            except (OSError, EOFError):
                if not slot.busy:  # the idle worker died in between: one more try
                    slot = self._replace(slot)
                    slot.conn.send_bytes(data)
                # else its death is found by collect(), which resends its tasks
            slot.queue.append((key, data))
            if len(slot.queue) == 1:
                self._begin(slot)

    def _slot_for(self, size: int) -> _Slot | None:
        idle = next((s for s in self._slots if not s.busy), None)
        if idle is not None:
            return idle if idle.process.is_alive() else self._replace(idle)
        if len(self._slots) < self._jobs:
            self._slots.append(self._start())
            return self._slots[-1]
        if size > SEND_AHEAD_MAX_BYTES:
            return None
        ahead = [s for s in self._slots if len(s.queue) < self._depth]
        return min(ahead, key=lambda s: len(s.queue), default=None)

    def _start(self) -> _Slot:
        parent_end, child_end = self._context.Pipe()
        args: tuple[Any, ...] = (child_end, self._fn, self._memory_limit)
        if self._context.get_start_method() == "fork":
            args += (parent_end,)
        process = self._context.Process(target=_serve, args=args, daemon=True)
        process.start()
        child_end.close()
        return _Slot(process=process, conn=parent_end)

    def _begin(self, slot: _Slot) -> None:
        """The slot's oldest task starts its time now."""
        slot.started = time.monotonic()
        slot.deadline = slot.started + self._time_limit

    def _replace(self, slot: _Slot) -> _Slot:
        """A new worker in the slot's place, sent the tasks the old one had not finished."""
        _kill(slot)
        self.restarts += 1
        fresh = self._start()
        fresh.queue = slot.queue
        for _, data in fresh.queue:
            fresh.conn.send_bytes(data)
        if fresh.queue:
            self._begin(fresh)
        self._slots[self._slots.index(slot)] = fresh
        return fresh

    def _check(self, slot: _Slot) -> Outcome[R] | None:
        """The outcome of the slot's oldest task if it has ended (result, death or deadline),
        else None."""
        try:
            while slot.conn.poll():
                kind, value, detail = slot.conn.recv()
                if kind == "ready":
                    slot.ready = True
                    continue
                if kind == "more_time":
                    cap = slot.started + MAX_TIME_LIMIT_S
                    slot.deadline = min(max(slot.deadline, time.monotonic() + value), cap)
                    continue
                return Outcome(value=value if kind == "ok" else None,
                               failure=None if kind == "ok" else kind, detail=detail)
        except (EOFError, OSError):
            return self._death(slot)
        if not slot.process.is_alive():
            return self._death(slot)
        if time.monotonic() >= slot.deadline:
            return Outcome(failure="timeout", seconds=slot.deadline - slot.started)
        return None

    def _death(self, slot: _Slot) -> Outcome[R]:
        slot.process.join(STOP_GRACE_S)
        code = slot.process.exitcode
        if not slot.ready and code is not None and code > 0:
            raise WorkerStartError(
                f"a worker process exited with code {code} before it started; is the main "
                "module importable (see multiprocessing's 'safe importing of main module')?"
            )
        if code is not None and code < 0 and -code in signal.valid_signals():
            reason = f"tín hiệu {signal.Signals(-code).name}"
        else:
            reason = f"mã thoát {code}"
        return Outcome(failure="crash", detail=reason)

    def _finish(self, slot: _Slot, outcome: Outcome[R]) -> tuple[int, Outcome[R]]:
        key, _ = slot.queue.popleft()
        if outcome.failure in ("timeout", "crash", "memory"):
            self._replace(slot)  # a worker that ran out of memory may be left fragmented
        elif slot.queue:
            self._begin(slot)
        self._dispatch()
        return key, outcome


def _kill(slot: _Slot) -> None:
    """Kill a worker and everything it started (its process group), then reap it."""
    pid = slot.process.pid
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)  # pgid == pid after _harden
    with contextlib.suppress(ProcessLookupError, AttributeError, OSError):
        slot.process.kill()
    slot.process.join()
    slot.conn.close()


# ------------------------------------------------------------------- parsing documents


def parse_in_worker(item: InboxItem) -> ParsedDocument:
    """``parse_item`` as a worker runs it: a memory failure is raised, not hidden.

    ``parse_item`` turns every exception into "Tệp bị hỏng…"; running out of memory under the
    worker's limit is a different finding, and the worker must be replaced after it.  OCR
    asks this worker's clock for more time through the ``extend_time`` it is given: parsers
    know nothing of the pool.
    """
    from pipeline.parse import MSG_BROKEN, parse_item  # preloaded in the fork server

    doc = parse_item(item, extend_time=extend_time_limit)
    if doc.errors == [MSG_BROKEN.format(reason="MemoryError")]:
        raise MemoryError
    return doc


def failed_document(item: InboxItem, outcome: Outcome[Any]) -> ParsedDocument:
    """The document of an item whose parse failed in its worker, with the reason."""
    if outcome.failure == "timeout":
        message = MSG_TIMEOUT.format(seconds=outcome.seconds)
    elif outcome.failure == "memory":
        message = MSG_MEMORY.format(limit=f"{MEMORY_LIMIT_BYTES / (1 << 30):g} GiB")
    elif outcome.failure == "crash":
        message = MSG_CRASH.format(reason=outcome.detail)
    else:
        last = (outcome.detail.strip().splitlines() or ["?"])[-1]
        message = MSG_FAILED.format(reason=last[:160])
    return ParsedDocument(source=item.source, format=item.format, errors=[message])


S = TypeVar("S")


def in_workers(
    items: Iterable[InboxItem],
    job: Callable[[InboxItem], R],
    jobs: int,
    shortcut: Callable[[InboxItem], S | None],
    *,
    time_limit: float = TIME_LIMIT_S,
    start_method: str = START_METHOD,
) -> Iterator[tuple[InboxItem, S | None, Outcome[R] | None]]:
    """Each item with what ``shortcut`` gives for it, or, when that is None, the outcome of
    ``job`` run on it in a worker (under the time and memory limits).

    Items come in completion order and at most ``jobs`` wait in workers.  An item whose bytes
    the worker reads again from the inbox (``item.path``) is sent without them.  The workers
    start once ``jobs`` items need them, or at the end of the items: a re-run with one changed
    file does not wait for a worker in the middle of reading the inbox.

    ``start_method`` is the pool's (see :class:`WorkerPool`).  With ``"fork"`` this process
    imports the parsers (:data:`PRELOAD`) before the first worker is copied from it, so that
    no worker, nor one that replaces it, imports them again.
    """
    waiting: dict[int, InboxItem] = {}
    held: list[tuple[int, InboxItem]] = []  # for workers not started yet
    stream = enumerate(items)
    exhausted = False
    with WorkerPool(job, jobs, time_limit=time_limit, start_method=start_method) as pool:
        while True:
            while not exhausted and pool.has_room():
                nxt = next(stream, None)
                if nxt is None:
                    exhausted = True
                    break
                key, item = nxt
                ready = shortcut(item)
                if ready is None:
                    waiting[key] = item
                    held.append((key, replace(item, data=b"") if item.path else item))
                    if len(held) >= jobs or pool.in_flight():
                        break
                    continue
                yield item, ready, None
            if held and start_method == "fork":
                preload()
            for key, task in held:
                pool.submit(key, task)
            held.clear()
            if not pool.in_flight():
                return
            for key, outcome in pool.collect():
                yield waiting.pop(key), None, outcome


def parse_items(
    items: Iterable[InboxItem],
    jobs: int,
    cache: ParseCache,
    progress: Progress,
    *,
    time_limit: float = TIME_LIMIT_S,
) -> Iterator[tuple[InboxItem, ParsedDocument]]:
    """Each item with its parsed document: from the cache, or parsed in a worker.

    Items come in completion order; each item's bytes are dropped once it is parsed.
    Deterministic results are stored in the cache; a timeout, a crash or a memory failure is
    not (it may not happen next time).
    """
    for item, ready, outcome in in_workers(
        items, parse_in_worker, jobs, lambda i: _without_worker(i, cache), time_limit=time_limit
    ):
        if ready is not None:
            doc, kind = ready
        elif outcome is not None and outcome.failure is None and outcome.value is not None:
            doc, kind = outcome.value, "parsed"
            cache.put(item, doc)
        else:
            doc, kind = failed_document(item, outcome or Outcome(failure="crash")), "failed"
        item.data = b""
        progress.count(kind)
        yield item, doc


@dataclass(frozen=True)
class Processed:
    """What a worker sends back for one item: its record, and both encoded for the cache."""

    record: Record
    encoded_document: bytes
    encoded_record: bytes
    cacheable: bool = True  # False when the file changed under the run: not its true parse


class DocumentJob:
    """The work on one item in a worker: read its bytes, parse, extract, encode for the cache.

    Extraction runs in the worker too, so that the main process only gathers records.
    """

    def __init__(self, ctx: ExtractContext) -> None:
        self.ctx = ctx

    def __call__(self, item: InboxItem) -> Processed:
        from pipeline.cache import encode_document, encode_record
        from pipeline.extract import extract_record
        from pipeline.ingest import with_data

        loaded = with_data(item)
        doc = parse_in_worker(loaded)
        record = extract_record(loaded, doc, self.ctx)
        cacheable = loaded.errors == item.errors
        return Processed(record, encode_document(doc), encode_record(record), cacheable)


def process_items(
    items: Iterable[InboxItem],
    jobs: int,
    cache: ParseCache,
    progress: Progress,
    ctx: ExtractContext,
    version: str,
    *,
    time_limit: float = TIME_LIMIT_S,
    start_method: str = START_METHOD,
) -> Iterator[Record]:
    """The record of each item (under extraction ``version``), parsed and extracted in a
    worker, or extracted here from a cached parse; both are stored in the cache.

    Records come in completion order; the caller sorts.
    """
    from pipeline.extract import extract_record

    for item, ready, outcome in in_workers(
        items, DocumentJob(ctx), jobs, lambda i: _without_worker(i, cache), time_limit=time_limit,
        start_method=start_method,
    ):
        if outcome is not None and outcome.failure is None and outcome.value is not None:
            done = outcome.value
            if done.cacheable:
                cache.put_encoded(item, done.encoded_document)
                cache.put_record_encoded(item, version, done.encoded_record)
            record, kind = done.record, "parsed"
        else:
            if ready is not None:
                doc, kind = ready
            else:
                doc = failed_document(item, outcome or Outcome(failure="crash"))
                kind = "failed"
            record = extract_record(item, doc, ctx)
            if kind != "failed":
                cache.put_record(item, version, record)
        item.data = b""
        progress.count(kind)
        yield record


def _without_worker(item: InboxItem, cache: ParseCache) -> tuple[ParsedDocument, str] | None:
    """The document when no parser has to run: ingest already failed it, or it is cached."""
    if item.errors or not item.data:
        # A message, no parsing: nothing to isolate.  Imported here: a run whose documents are
        # all cached never loads the parsers (pdfplumber …) in the main process.
        from pipeline.parse import parse_item

        return parse_item(item), "skipped"
    cached = cache.get(item)
    if cached is None:
        return None
    return replace(cached, source=item.source), "cached"
