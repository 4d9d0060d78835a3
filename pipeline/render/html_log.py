"""validation_log.html: the auditor's view, one self-contained file (no network)."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.config import CampaignConfig, Unit
from pipeline.model import Finding, RunResult
from pipeline.render import labels
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.text import fold


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vn_date"] = _vn_date
    return env


def _vn_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def _where(finding: Finding) -> str:
    ev = finding.evidence
    if ev is None:
        return ""
    if ev.page is not None:
        return f"trang {ev.page}"
    if ev.paragraph is not None:
        return f"đoạn {ev.paragraph}"
    return ""


def unverified_notes(config: CampaignConfig) -> dict[str, str]:
    """For each rule resting on a legal fact no second source confirmed, the facts it cites
    ("Nghị định số 152/2025/NĐ-CP, Điều …"), shown beside its findings as unverified."""
    notes: dict[str, str] = {}
    for code in sorted(config.unverified_rules()):
        rule = config.rule(code)
        cited = []
        for source in rule.legal if rule else []:
            inst = config.instrument(source.instrument)
            where = ", ".join(p for p in (source.article, source.clause) if p)
            name = inst.number if inst else source.instrument
            cited.append(f"{name}, {where}" if where else name)
        notes[code] = "; ".join(cited)
    return notes


def render_validation_log(result: RunResult, config: CampaignConfig, units: list[Unit]) -> bytes:
    """The HTML log: findings by unit with clause and evidence, dossiers, statuses, manifest."""
    names = {u.unit_id: u.name for u in units}
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in result.findings:
        key = f.unit_id or ""
        by_unit[key].append({"f": f, "where": _where(f)})

    def order(unit_id: str) -> tuple[bool, str]:
        return unit_id == "", fold(names.get(unit_id, unit_id))

    groups = [
        {"unit_id": uid, "name": names.get(uid, uid) if uid else "Chưa xác định đơn vị",
         "findings": by_unit[uid]}
        for uid in sorted(by_unit, key=order)
    ]
    rules = sorted({f.rule for f in result.findings})
    severity_counts = {
        s: sum(1 for f in result.findings if f.severity == s) for s in labels.SEVERITIES
    }
    chunks = _environment().get_template("validation_log.html.j2").generate(
        config=config,
        result=result,
        groups=groups,
        rules=rules,
        rule_titles={r.code: r.clause for r in config.rules},
        unverified=unverified_notes(config),
        unit_names=names,
        units_with_findings=[g for g in groups if g["unit_id"]],
        severity_counts=severity_counts,
        labels=labels,
    )
    # Encoded piece by piece: the page never exists whole as a Python string.
    out = io.BytesIO()
    for chunk in chunks:
        out.write(chunk.encode("utf-8"))
    return out.getvalue()
