"""Check kinds about documents, units and registration entries (SPEC §4, first half).

Each function is one *kind* of check: the YAML rule says which kind, with which parameters,
clause, severity and message.  A new campaign reuses these kinds with its own rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pipeline.config import Rule
from pipeline.model import Entry, Evidence, Finding, Record
from pipeline.text import fold
from pipeline.validate.facts import Facts, vn_date
from pipeline.validate.findings import make_finding
from pipeline.validate.statuses import LATE, MISSING, submission_status

Check = Callable[[Rule, Facts], list[Finding]]
# Notices that say what an unknown document is instead (no UNKNOWN_DOCUMENT for it).
EXPLAINS_UNKNOWN = ("DOCUMENT_NOT_USED", "NOT_A_DOCUMENT")


def _first_evidence(record: Record, *fields: str) -> Evidence | None:
    for name in fields:
        for ev in record.evidence:
            if ev.field == name:
                return ev
    return Evidence(source=record.source, page=None, quote="", field="file")


def unreadable(rule: Rule, facts: Facts) -> list[Finding]:
    """A file that could not be parsed at all."""
    return [
        make_finding(
            rule,
            unit_id=r.unit_id,
            source=r.source,
            evidence=Evidence(source=r.source, page=None, quote="", field="file"),
            reason="; ".join(r.errors),
        )
        for r in facts.records
        if r.errors
    ]


def unknown_document(rule: Rule, facts: Facts) -> list[Finding]:
    """A readable file that is none of the campaign's document types.

    A file the extractor recognised as something else (a decision, a law, another campaign's
    plan, not a document at all) has a notice saying so, reported by ``record_notice``.
    """
    return [
        make_finding(rule, unit_id=r.unit_id, source=r.source, evidence=_first_evidence(r, "unit"))
        for r in facts.records
        if not r.errors
        and r.doc_type == "unknown"
        and not any(n.code in EXPLAINS_UNKNOWN for n in r.notices)
    ]


def record_notice(rule: Rule, facts: Facts) -> list[Finding]:
    """What the extractor noticed about a document, under the rule of the same code."""
    return [
        make_finding(
            rule,
            unit_id=r.unit_id,
            source=r.source,
            evidence=n.evidence or _first_evidence(r, "doc_type"),
            detail=n.detail,
        )
        for r in facts.records
        for n in r.notices
        if n.code == rule.code
    ]


def unknown_unit(rule: Rule, facts: Facts) -> list[Finding]:
    """A campaign document whose sender matches no roster unit."""
    return [
        make_finding(
            rule,
            source=r.source,
            evidence=_first_evidence(r, "doc_type"),
            issuer=r.issuer or "?",
            sender=r.sender or "?",
        )
        for r in facts.records
        if not r.errors and r.doc_type != "unknown" and r.unit_id is None
    ]


def received_date_unknown(rule: Rule, facts: Facts) -> list[Finding]:
    """A campaign document with neither an e-mail date nor a register entry."""
    return [
        make_finding(
            rule,
            unit_id=r.unit_id,
            source=r.source,
            evidence=_first_evidence(r, "doc_date", "doc_type"),
            doc_date=vn_date(r.doc_date) if r.doc_date else "(không ghi ngày)",
        )
        for r in facts.records
        if not r.errors and r.doc_type != "unknown" and r.received_source in {"doc_date", "none"}
    ]


def _deadline_fields(rule: Rule, facts: Facts) -> tuple[str, dt.date, str]:
    deadline = facts.config.deadlines[rule.params["deadline"]]
    return rule.params["doc_type"], deadline.date, deadline.label


def submitted_late(rule: Rule, facts: Facts) -> list[Finding]:
    """A unit whose every document of a type arrived after the deadline."""
    doc_type, _, label = _deadline_fields(rule, facts)
    deadline = facts.config.deadlines[rule.params["deadline"]]
    findings = []
    for unit in facts.units:
        documents = facts.documents(unit.unit_id, doc_type)
        if submission_status(documents, deadline, facts.as_of) != LATE:
            continue
        first = documents[0]
        findings.append(
            make_finding(
                rule,
                unit_id=unit.unit_id,
                source=first.source,
                evidence=_first_evidence(first, "received_at", "doc_date", "doc_type"),
                unit=unit.name,
                label=label,
                received_at=vn_date(first.received_at),
                deadline=vn_date(deadline.date),
            )
        )
    return findings


def submission_missing(rule: Rule, facts: Facts) -> list[Finding]:
    """A unit with no document of a type once the as-of date is past the deadline."""
    doc_type, day, label = _deadline_fields(rule, facts)
    deadline = facts.config.deadlines[rule.params["deadline"]]
    return [
        make_finding(
            rule,
            unit_id=unit.unit_id,
            unit=unit.name,
            label=label,
            deadline=vn_date(day),
            as_of=vn_date(facts.as_of),
        )
        for unit in facts.units
        if submission_status(facts.documents(unit.unit_id, doc_type), deadline, facts.as_of)
        == MISSING
    ]


def _registrations(facts: Facts) -> list[Record]:
    return [r for r in facts.records if r.doc_type == "registration" and not r.errors]


def _entry_findings(
    rule: Rule,
    facts: Facts,
    fails: Callable[[Entry], bool],
    fields: Callable[[Entry], dict[str, Any]],
) -> list[Finding]:
    """A finding for every registration entry that ``fails``, its message filled by ``fields``."""
    return [
        make_finding(
            rule,
            unit_id=r.unit_id,
            source=r.source,
            evidence=e.evidence,
            unit=facts.unit_name(r.unit_id),
            **fields(e),
        )
        for r in _registrations(facts)
        for e in r.entries
        if fails(e)
    ]


def is_placeholder(project: str, facts: Facts) -> bool:
    """Whether a project is empty, the form's own placeholder, or an unresolved "Như trên"."""
    key = fold(project)
    form = facts.config.registration
    return not key or key in {fold(p) for p in form.placeholders + form.same_as_above}


def entry_placeholder(rule: Rule, facts: Facts) -> list[Finding]:
    """An entry that names no real project."""
    return _entry_findings(
        rule,
        facts,
        lambda e: is_placeholder(e.project, facts),
        lambda e: {"content_no": _content_no(e), "project": e.project},
    )


def entry_content(rule: Rule, facts: Facts) -> list[Finding]:
    """An entry whose content number is not one of the campaign's contents."""
    valid = {c.number for c in facts.config.contents}
    return _entry_findings(
        rule,
        facts,
        lambda e: e.content_no not in valid,
        lambda e: {"content_no": _content_no(e, "(không ghi)"), "count": len(valid)},
    )


def entry_completion(rule: Rule, facts: Facts) -> list[Finding]:
    """An entry expected to finish after the campaign's period ends."""
    end = facts.config.campaign.period.end
    return _entry_findings(
        rule,
        facts,
        lambda e: (
            bool(e.expected_completion) and dt.date.fromisoformat(str(e.expected_completion)) > end
        ),
        lambda e: {
            "project": e.project,
            "expected": vn_date(e.expected_completion),
            "raw": e.expected_completion_raw,
            "period_end": vn_date(end),
        },
    )


def _content_no(entry: Entry, unknown: str = "?") -> object:
    return entry.content_no if entry.content_no is not None else unknown


DOCUMENT_CHECKS: dict[str, Check] = {
    "unreadable": unreadable,
    "unknown_document": unknown_document,
    "record_notice": record_notice,
    "unknown_unit": unknown_unit,
    "received_date_unknown": received_date_unknown,
    "submitted_late": submitted_late,
    "submission_missing": submission_missing,
    "entry_placeholder": entry_placeholder,
    "entry_content": entry_content,
    "entry_completion": entry_completion,
}
