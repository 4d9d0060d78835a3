"""Stage: render — every output file, as bytes; only the writer touches the outbox."""

from __future__ import annotations

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult


def render_all(result: RunResult, config: CampaignConfig, units: list[Unit]) -> dict[str, bytes]:
    """Every output but manifest.json, by file name."""
    # Imported here: docxtpl, openpyxl and matplotlib take most of a second to import, and a
    # run that finds nothing changed never renders.
    from pipeline.render.data_files import render_data_files
    from pipeline.render.drafts import render_drafts
    from pipeline.render.html_log import render_validation_log
    from pipeline.render.summary import render_summary_report
    from pipeline.render.tables import render_registration_tables

    outputs = render_data_files(result)
    outputs["validation_log.html"] = render_validation_log(result, config, units)
    outputs.update(render_registration_tables(result, config, units))
    outputs.update(render_drafts(result, config, units))
    outputs.update(render_summary_report(result, config, units))
    return outputs
