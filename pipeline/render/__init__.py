"""Stage: render — every output file, as bytes; only the writer touches the outbox.

Two kinds of output.  The office documents (the summary report, the registration tables and
the drafts: DOCX and XLSX through docxtpl, openpyxl and matplotlib) are each computed first
as small plain inputs, an :data:`OfficeTask`, and then written; with ``jobs > 1`` an
:class:`OfficeWorker` writes them in another process while this one writes the data files and
the HTML log.  A :class:`RenderMemo` (the run's cache) keeps each task's files under a digest
of its inputs, so a re-run whose inputs for a document did not change takes that document's
bytes as they were instead of writing it again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import json
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult

OFFICE_TIME_LIMIT_S = 600.0  # the office documents in their own process; far above their seconds
OFFICE_KINDS = ("summary", "registrations", "drafts", "replies")  # the slowest first
# What the office documents' bytes depend on besides their inputs and this package's code.
RENDER_LIBRARIES = ("docxtpl", "python-docx", "openpyxl", "matplotlib", "pillow", "jinja2", "lxml")

OfficeTask = tuple[str, Any]  # (one of OFFICE_KINDS, the plain inputs its writer reads)
# A chart the summary task drew comes back beside its files under this prefix, to be kept.
PICTURE = "picture:"


class RenderMemo(Protocol):
    """Where rendered files are kept between runs, by the digest of what they were made of."""

    def get_rendered(self, digest: str) -> dict[str, bytes] | None: ...

    def put_rendered(self, digest: str, files: dict[str, bytes]) -> None: ...


class OfficeWorker:
    """The office documents written in a worker process while this one writes the rest.

    The worker is started, and imports matplotlib, docxtpl and openpyxl, before the findings
    are worked out, so that it is ready when they are (``start_method``: see
    :class:`~pipeline.workers.WorkerPool`).  A task the worker fails is written by this
    process instead.
    """

    def __init__(self, start_method: str | None = None) -> None:
        from pipeline.workers import START_METHOD, WorkerPool

        self._pool: WorkerPool[OfficeTask | None, dict[str, bytes]] = WorkerPool(
            _office_task,
            1,
            time_limit=OFFICE_TIME_LIMIT_S,
            depth=1 + len(OFFICE_KINDS),
            start_method=start_method or START_METHOD,
        )
        self._pool.submit(-1, None)  # the imports
        self._done: dict[int, dict[str, bytes] | None] = {}

    def __enter__(self) -> OfficeWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.close()

    def render(self, key: int, task: OfficeTask) -> None:
        """Queue ``task``; it is sent on (even while the worker still imports, when small)."""
        self._pool.submit(key, task)

    def poll(self) -> None:
        """Take in what has ended and send on what waits, without waiting."""
        self._keep(self._pool.poll())

    def idle(self) -> bool:
        """True when the worker has nothing to do (as of the last :meth:`poll`)."""
        return self._pool.in_flight() == 0

    def outputs(self) -> dict[int, dict[str, bytes] | None]:
        """Every queued task's files by key, None for a task the worker failed."""
        while self._pool.in_flight():
            self._keep(self._pool.collect())
        self._done.pop(-1, None)
        return self._done

    def _keep(self, outcomes: list[tuple[int, Any]]) -> None:
        for key, outcome in outcomes:
            self._done[key] = outcome.value


def _office_task(task: OfficeTask | None) -> dict[str, bytes]:
    """An office task in the worker; None is the first one: the writing libraries' imports."""
    if task is not None:
        return office_files(task)
    import docxtpl  # noqa: F401
    import openpyxl  # noqa: F401

    import pipeline.render.charts  # noqa: F401 — matplotlib
    return {}


def office_tasks(result: RunResult, config: CampaignConfig, units: list[Unit]) -> list[OfficeTask]:
    """The office documents' inputs (plain data, a few kilobytes each), in OFFICE_KINDS order."""
    from pipeline.render.drafts import draft_inputs
    from pipeline.render.replies import reply_inputs
    from pipeline.render.summary import report_inputs
    from pipeline.render.tables import registration_inputs

    return [
        ("summary", (*report_inputs(result, config, units), {})),  # {}: no chart drawn yet
        ("registrations", registration_inputs(result, config, units)),
        ("drafts", draft_inputs(result, config, units)),
        ("replies", reply_inputs(result, config, units)),
    ]


def office_files(task: OfficeTask) -> dict[str, bytes]:
    """Write one office task's files: the same bytes in whichever process writes them."""
    kind, inputs = task
    if kind == "summary":
        from pipeline.render.summary import report_files

        summary, context, pictures = inputs
        files, drawn = report_files(summary, context, pictures=pictures)
        return {**files, **{PICTURE + name: png for name, png in drawn.items()}}
    if kind == "registrations":
        from pipeline.render.tables import registration_files

        return registration_files(*inputs)
    if kind == "drafts":
        from pipeline.render.drafts import draft_files

        return draft_files(inputs)
    if kind == "replies":
        from pipeline.render.replies import reply_files

        return reply_files(inputs)
    raise ValueError(f"unknown office task {kind!r}")


def render_all(
    result: RunResult,
    config: CampaignConfig,
    units: list[Unit],
    *,
    office_worker: OfficeWorker | None = None,
    memo: RenderMemo | None = None,
    salt: str = "",
) -> dict[str, bytes]:
    """Every output but manifest.json, by file name.

    With an ``office_worker`` the office documents are written there, one at a time and the
    slowest first, while this process writes the rest; then this process takes, last first,
    those the worker has not begun while another still waits (the last is the worker's).
    With a ``memo``, an office document whose inputs (and ``salt``: the code's digest) are
    those of a previous run is taken from it.  The bytes are the same either way.
    """
    tasks = office_tasks(result, config, units)
    digests = [task_digest(task, salt) if memo is not None else None for task in tasks]
    outputs: dict[str, bytes] = {}
    waiting: list[int] = []
    for index, digest in enumerate(digests):
        kept = memo.get_rendered(digest) if memo is not None and digest else None
        if kept is None:
            waiting.append(index)
        else:
            outputs.update(kept)
    charts = _known_charts(tasks, waiting, memo, salt)

    def write_rest(between: Callable[[], None] | None = None) -> None:
        outputs.update(render_rest(result, config, units, between=between))

    if office_worker is None:
        write_rest()
        written = {index: office_files(tasks[index]) for index in waiting}
    else:
        written = _shared(office_worker, tasks, waiting, write_rest)
    for index, files in sorted(written.items()):
        outputs.update(_keep(files, digests[index], charts, memo))
    return dict(sorted(outputs.items()))


def _shared(
    worker: OfficeWorker,
    tasks: list[OfficeTask],
    waiting: list[int],
    write_rest: Callable[[Callable[[], None]], None],
) -> dict[int, dict[str, bytes]]:
    """The ``waiting`` tasks' files, written by the worker and by this process between them,
    while this process also runs ``write_rest``."""
    waiting = list(waiting)

    def hand_on() -> None:
        worker.poll()
        if waiting and worker.idle():
            index = waiting.pop(0)
            worker.render(index, tasks[index])

    worker.poll()  # free from its imports, it can take a large task at once
    if waiting:
        index = waiting.pop(0)
        worker.render(index, tasks[index])
    write_rest(hand_on)
    written: dict[int, dict[str, bytes] | None] = {}
    # This process takes tasks from the end only while another one still waits: the last is
    # left to the worker, which has the writing libraries imported (this process would spend
    # longer importing them than the worker needs to finish the task in hand).
    while len(waiting) > 1:
        hand_on()
        if len(waiting) > 1:
            index = waiting.pop()
            written[index] = office_files(tasks[index])
    for index in waiting:
        worker.render(index, tasks[index])  # sent on as soon as the worker is free
    written.update(worker.outputs())
    # None: the worker failed the task, and this process writes it
    return {index: office_files(tasks[index]) if files is None else files
            for index, files in written.items()}


def _keep(
    files: dict[str, bytes], digest: str | None, charts: dict[str, str], memo: RenderMemo | None
) -> dict[str, bytes]:
    """A task's output files, the charts it drew set apart; both kept in the memo."""
    files = dict(files)
    for name in [name for name in files if name.startswith(PICTURE)]:
        png = files.pop(name)
        chart = name.removeprefix(PICTURE)
        if memo is not None and chart in charts:
            memo.put_rendered(charts[chart], {chart: png})
    if memo is not None and digest:
        memo.put_rendered(digest, files)
    return files


def _known_charts(
    tasks: list[OfficeTask], waiting: list[int], memo: RenderMemo | None, salt: str
) -> dict[str, str]:
    """The digest of each chart of the summary, by name.  When the summary is still to write,
    a chart the memo has is put into its task's pictures (after the task's own digest was
    taken), so that it is not drawn again; else the charts are only looked up, which keeps
    them in the memo for a later run."""
    from pipeline.render.summary import chart_specs

    found = [i for i, task in enumerate(tasks) if task[0] == "summary"]
    if memo is None or not found:
        return {}
    summary, _, pictures = tasks[found[0]][1]
    digests: dict[str, str] = {}
    for name, spec in chart_specs(summary).items():
        digest = task_digest(("chart", spec), salt)
        if digest is None:
            continue
        digests[name] = digest
        kept = (memo.get_rendered(digest) or {}).get(name)
        if kept is not None and found[0] in waiting:
            pictures[name] = kept
    return digests


def render_rest(
    result: RunResult, config: CampaignConfig, units: list[Unit], *, between: Any = None
) -> dict[str, bytes]:
    """The data files and the HTML log; ``between()`` runs between the two (a worker's poll)."""
    from pipeline.render.data_files import render_data_files
    from pipeline.render.html_log import render_validation_log

    outputs = {"validation_log.html": render_validation_log(result, config, units)}
    if between is not None:
        between()
    outputs.update(render_data_files(result))
    return outputs


def task_digest(task: OfficeTask, salt: str) -> str | None:
    """A digest of everything an office task's bytes depend on: its inputs, ``salt`` (the
    code) and the writing libraries' versions; None when the inputs are not plain data."""
    try:
        text = json.dumps([salt, renderer_versions(), task], default=_plain, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not plain data: {type(value).__name__}")


@cache
def renderer_versions() -> tuple[str, ...]:
    """The installed versions of the libraries that write the office documents."""
    versions = []
    for name in RENDER_LIBRARIES:
        try:
            versions.append(f"{name}=={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return tuple(versions)
