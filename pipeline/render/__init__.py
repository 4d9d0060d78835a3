"""Stage: render — every output file, as bytes; only the writer touches the outbox."""

from __future__ import annotations

from typing import Any

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult

SUMMARY_TIME_LIMIT_S = 600.0  # the summary report in its own process; far above its seconds


class SummaryWorker:
    """The summary report rendered in a worker process while this one renders the rest.

    Its charts (matplotlib) are the slowest output.  The worker is started, and imports
    matplotlib, docxtpl and openpyxl, before the findings are worked out, so that it is
    ready when they are.  A worker that fails leaves the work to this process.
    """

    def __init__(self) -> None:
        from pipeline.workers import WorkerPool

        self._pool: WorkerPool[SummaryTask | None, dict[str, bytes]] = WorkerPool(
            _summary_task, 1, time_limit=SUMMARY_TIME_LIMIT_S
        )
        self._pool.submit(0, None)  # the imports

    def __enter__(self) -> SummaryWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.close()

    def render(self, task: SummaryTask) -> None:
        """Start rendering the summary report from ``task`` (its counts and template context:
        a few kilobytes, sent even while the worker is still importing)."""
        self._pool.submit(1, task)

    def outputs(self) -> dict[str, bytes] | None:
        """The rendered summary report, or None when the worker failed."""
        while self._pool.in_flight():
            for key, outcome in self._pool.collect():
                if key == 1:
                    return outcome.value
        return None


SummaryTask = tuple[Any, dict[str, Any]]  # summary.report_inputs()


def render_all(
    result: RunResult,
    config: CampaignConfig,
    units: list[Unit],
    *,
    summary_worker: SummaryWorker | None = None,
) -> dict[str, bytes]:
    """Every output but manifest.json, by file name.

    With a ``summary_worker`` the summary report is rendered there, in parallel with the
    rest; the bytes are the same either way.
    """
    if summary_worker is None:
        return {**render_rest(result, config, units), **render_summary(result, config, units)}
    from pipeline.render.summary import report_inputs

    summary_worker.render(report_inputs(result, config, units))
    outputs = render_rest(result, config, units)
    summary = summary_worker.outputs()
    if summary is None:
        summary = render_summary(result, config, units)
    return {**outputs, **summary}


def _summary_task(task: SummaryTask | None) -> dict[str, bytes]:
    import pipeline.render.charts  # noqa: F401 — matplotlib, imported ahead of the work
    from pipeline.render.summary import report_files

    return {} if task is None else report_files(*task)


def render_summary(
    result: RunResult, config: CampaignConfig, units: list[Unit]
) -> dict[str, bytes]:
    """The summary report, DOCX with its charts and XLSX."""
    # Imported here: docxtpl, openpyxl and matplotlib take most of a second to import, and a
    # run that finds nothing changed never renders.
    from pipeline.render.summary import render_summary_report

    return render_summary_report(result, config, units)


def render_rest(result: RunResult, config: CampaignConfig, units: list[Unit]) -> dict[str, bytes]:
    """Every output but the summary report and manifest.json."""
    from pipeline.render.data_files import render_data_files
    from pipeline.render.drafts import render_drafts
    from pipeline.render.html_log import render_validation_log
    from pipeline.render.tables import render_registration_tables

    outputs = render_data_files(result)
    outputs["validation_log.html"] = render_validation_log(result, config, units)
    outputs.update(render_registration_tables(result, config, units))
    outputs.update(render_drafts(result, config, units))
    return outputs
