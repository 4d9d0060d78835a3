"""The campaign's summary report: ``bao_cao_tong_hop.docx`` with charts, and its ``.xlsx``.

Four tables, computed once and written twice (a report section and a sheet each):
registrations per content, how the units stand on each required document, nominees by award
level and verdict, and the reasons that kept nominees from being eligible.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import CampaignConfig, Unit
from pipeline.model import RunResult, UnitStatus
from pipeline.render import labels
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.tables import (
    Column,
    add_sheet,
    long_date,
    new_workbook,
    organiser_header,
    registered_projects,
    render_docx,
    workbook_bytes,
)

SUMMARY_TEMPLATE = "bao_cao_tong_hop.docx"
DOCUMENTS = ("registration", "launch", "result_report")  # the UnitStatus fields, in order
STATUSES = tuple(labels.STATUSES)
VERDICTS = tuple(labels.VERDICTS)
UNKNOWN_AWARD = "Không xác định"


@dataclass
class Summary:
    """The report's figures, each a list of plain rows (dicts keyed as the template reads)."""

    contents: list[dict[str, Any]]
    submissions: list[dict[str, Any]]
    units: list[dict[str, Any]]
    awards: list[dict[str, Any]]
    reasons: list[dict[str, Any]]
    registered_units: int
    project_total: int


def summarise(result: RunResult, config: CampaignConfig, units: list[Unit]) -> Summary:
    """Count everything the report shows."""
    projects = registered_projects(result, config, units)
    contents = [
        {
            "number": content.number,
            "title": content.title,
            "agency": content.agency,
            "units": len({p.unit for p in projects if p.content_no == content.number}),
            "projects": sum(1 for p in projects if p.content_no == content.number),
        }
        for content in config.contents
    ]
    return Summary(
        contents=contents,
        submissions=[_submission_row(result.units, doc) for doc in DOCUMENTS],
        units=[_unit_row(status) for status in result.units],
        awards=_award_rows(result, config),
        reasons=_reason_rows(result, config),
        registered_units=len({p.unit_id for p in projects if p.unit_id}),
        project_total=len(projects),
    )


def _submission_row(statuses: list[UnitStatus], document: str) -> dict[str, Any]:
    counts = Counter(getattr(status, document) for status in statuses)
    return {"label": labels.DOC_TYPES[document], **{key: counts[key] for key in STATUSES}}


def _unit_row(status: UnitStatus) -> dict[str, Any]:
    return {
        "unit_id": status.unit_id,
        "name": status.name,
        "registration_received_at": status.registration_received_at or "",
        "nominees": status.nominees,
        "eligible": status.eligible,
        **{
            doc: labels.STATUSES.get(getattr(status, doc), getattr(status, doc))
            for doc in DOCUMENTS
        },
    }


def _award_rows(result: RunResult, config: CampaignConfig) -> list[dict[str, Any]]:
    names = {key: award.short for key, award in config.awards.items()}
    counts: dict[str, Counter[str]] = {label: Counter() for label in names.values()}
    for verdict in result.verdicts:
        label = names.get(verdict.award or "", UNKNOWN_AWARD)
        counts.setdefault(label, Counter())[verdict.verdict] += 1
    return [
        {"label": label, **{key: count[key] for key in VERDICTS}, "total": sum(count.values())}
        for label, count in counts.items()
    ]


def _reason_rows(result: RunResult, config: CampaignConfig) -> list[dict[str, Any]]:
    """Each reason code with its clause, how many nominees it hit and one real message."""
    counts = Counter(code for verdict in result.verdicts for code in set(verdict.reasons))
    examples: dict[str, str] = {}
    for verdict in result.verdicts:
        for finding in verdict.findings:
            examples.setdefault(finding.rule, finding.message)
    rows = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        rule = config.rule(code)
        rows.append(
            {
                "code": code,
                "clause": rule.clause if rule else "",
                "count": count,
                "example": examples.get(code, ""),
            }
        )
    return rows


ChartSpec = dict[str, Any]  # the keyword arguments of charts.bar_chart: plain data


def chart_specs(summary: Summary) -> dict[str, ChartSpec]:
    """The report's three charts, by their template placeholder, as what draws each."""
    status_names = [labels.STATUSES[key] for key in STATUSES]
    verdict_names = [labels.VERDICTS[key] for key in VERDICTS]
    return {
        "chart_contents": {
            "categories": [str(row["number"]) for row in summary.contents],
            "series": {
                "Số đơn vị": [row["units"] for row in summary.contents],
                "Số công trình, dự án": [row["projects"] for row in summary.contents],
            },
            "title": "Đăng ký theo nội dung thi đua",
            "axis_label": "Số lượng",
        },
        "chart_submissions": {
            "categories": [row["label"] for row in summary.submissions],
            "series": {
                name: [row[key] for row in summary.submissions]
                for key, name in zip(STATUSES, status_names, strict=True)
            },
            "title": "Tình hình gửi văn bản của các đơn vị",
            "axis_label": "Số đơn vị",
            "stacked": True,
            "horizontal": True,
        },
        "chart_awards": {
            "categories": [row["label"] for row in summary.awards],
            "series": {
                name: [row[key] for row in summary.awards]
                for key, name in zip(VERDICTS, verdict_names, strict=True)
            },
            "title": "Hồ sơ đề nghị khen thưởng theo kết quả xét",
            "axis_label": "Số tập thể, cá nhân",
            "stacked": True,
            "horizontal": True,
        },
    }


def draw_charts(specs: dict[str, ChartSpec]) -> dict[str, bytes]:
    """Each chart of ``specs`` as PNG bytes, by its placeholder."""
    if not specs:
        return {}
    from pipeline.render.charts import bar_chart  # matplotlib: imported where it draws

    return {name: bar_chart(**spec) for name, spec in specs.items()}


def report_context(summary: Summary, result: RunResult, config: CampaignConfig) -> dict[str, Any]:
    """Every placeholder of the report template (the README lists them)."""
    return {
        **organiser_header(config),
        "date_long": long_date(result.as_of),
        "as_of_long": long_date(result.as_of),
        "campaign_short": config.campaign.short_name,
        "registered_units": summary.registered_units,
        "unit_total": len(result.units),
        "project_total": summary.project_total,
        "contents_covered": sum(1 for row in summary.contents if row["projects"]),
        "content_total": len(summary.contents),
        "contents": summary.contents,
        "submissions": summary.submissions,
        "units": summary.units,
        "awards": summary.awards,
        "reasons": summary.reasons,
        "nominee_total": sum(row["total"] for row in summary.awards),
        "eligible_total": sum(row["eligible"] for row in summary.awards),
        "status_labels": labels.STATUSES,
        "verdict_labels": labels.VERDICTS,
    }


def report_workbook(summary: Summary) -> bytes:
    """The report's tables, one sheet each."""
    book = new_workbook()
    add_sheet(
        book,
        "Đăng ký theo nội dung",
        [
            Column("Nội dung số", 10),
            Column("Nội dung", 60),
            Column("Cơ quan chủ trì", 30),
            Column("Số đơn vị", 10),
            Column("Số công trình, dự án", 12),
        ],
        [
            [r["number"], r["title"], r["agency"], r["units"], r["projects"]]
            for r in summary.contents
        ],
    )
    add_sheet(
        book,
        "Gửi văn bản",
        [Column("Văn bản", 34)] + [Column(labels.STATUSES[k], 14) for k in STATUSES],
        [[r["label"], *(r[k] for k in STATUSES)] for r in summary.submissions],
    )
    add_sheet(
        book,
        "Đơn vị",
        [
            Column("Mã đơn vị", 20),
            Column("Đơn vị", 44),
            Column("Đăng ký", 14),
            Column("Ngày nhận đăng ký", 14),
            Column("Phát động", 14),
            Column("Báo cáo kết quả", 14),
            Column("Hồ sơ đề nghị", 10),
            Column("Đủ điều kiện", 10),
        ],
        [
            [
                r["unit_id"],
                r["name"],
                r["registration"],
                r["registration_received_at"],
                r["launch"],
                r["result_report"],
                r["nominees"],
                r["eligible"],
            ]
            for r in summary.units
        ],
    )
    add_sheet(
        book,
        "Khen thưởng",
        [Column("Hình thức khen thưởng", 34)]
        + [Column(labels.VERDICTS[k], 16) for k in VERDICTS]
        + [Column("Tổng", 10)],
        [[r["label"], *(r[k] for k in VERDICTS), r["total"]] for r in summary.awards],
    )
    add_sheet(
        book,
        "Lý do",
        [
            Column("Mã lý do", 32),
            Column("Điều khoản", 22),
            Column("Số hồ sơ", 10),
            Column("Ví dụ", 80),
        ],
        [[r["code"], r["clause"], r["count"], r["example"]] for r in summary.reasons],
    )
    return workbook_bytes(book)


def render_summary_report(
    result: RunResult,
    config: CampaignConfig,
    units: list[Unit],
    *,
    templates_dir: Path = TEMPLATES_DIR,
) -> dict[str, bytes]:
    """``bao_cao_tong_hop.docx`` (tables and charts) and ``bao_cao_tong_hop.xlsx`` (SPEC §5)."""
    summary, context = report_inputs(result, config, units)
    files, _ = report_files(summary, context, templates_dir=templates_dir)
    return files


def report_inputs(
    result: RunResult, config: CampaignConfig, units: list[Unit]
) -> tuple[Summary, dict[str, Any]]:
    """What the report shows, as small plain data: the counts, and the template's context."""
    summary = summarise(result, config, units)
    return summary, report_context(summary, result, config)


def report_files(
    summary: Summary,
    context: dict[str, Any],
    *,
    pictures: dict[str, bytes] | None = None,
    templates_dir: Path = TEMPLATES_DIR,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The report's DOCX, with its charts, and XLSX, from :func:`report_inputs`; and the
    charts drawn for it.

    ``pictures`` are charts drawn before (the same PNG bytes); the others are drawn here.
    """
    pictures = pictures or {}
    specs = chart_specs(summary)
    drawn = draw_charts({k: spec for k, spec in specs.items() if k not in pictures})
    images = {name: pictures.get(name) or drawn[name] for name in specs}
    files = {
        "bao_cao_tong_hop.docx": render_docx(
            templates_dir / SUMMARY_TEMPLATE, context, images=images
        ),
        "bao_cao_tong_hop.xlsx": report_workbook(summary),
    }
    return files, drawn
