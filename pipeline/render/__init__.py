"""Stage: render — every output file, as bytes; only the writer touches the outbox."""

from __future__ import annotations

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult

SUMMARY_TIME_LIMIT_S = 600.0  # the summary report in its own process; far above its seconds


def render_all(
    result: RunResult, config: CampaignConfig, units: list[Unit], *, parallel: bool = False
) -> dict[str, bytes]:
    """Every output but manifest.json, by file name.

    With ``parallel`` the summary report (its charts, with matplotlib, are the slowest part)
    is rendered in a worker process while this one renders the rest; the bytes are the same
    either way, and a worker that fails leaves the work to this process.
    """
    if not parallel:
        return {**render_rest(result, config, units), **render_summary(result, config, units)}
    from pipeline.workers import WorkerPool

    with WorkerPool(_summary_task, 1, time_limit=SUMMARY_TIME_LIMIT_S) as pool:
        pool.submit(0, (result, config, units))
        outputs = render_rest(result, config, units)
        [(_, outcome)] = pool.collect()
    if outcome.value is None:
        return {**outputs, **render_summary(result, config, units)}
    return {**outputs, **outcome.value}


def _summary_task(task: tuple[RunResult, CampaignConfig, list[Unit]]) -> dict[str, bytes]:
    return render_summary(*task)


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
