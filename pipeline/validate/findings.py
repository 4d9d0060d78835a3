"""Turn a configured rule and the facts of one case into a Finding."""

from __future__ import annotations

from typing import Any

from pipeline.config import Rule
from pipeline.model import Evidence, Finding
from pipeline.text import nfc


class _Lenient(dict[str, Any]):
    """Leaves an unknown placeholder visible instead of failing the run."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def make_finding(
    rule: Rule,
    *,
    unit_id: str | None = None,
    nominee: str | None = None,
    award: str | None = None,
    source: str | None = None,
    evidence: Evidence | None = None,
    **fields: Any,
) -> Finding:
    """A finding of ``rule`` whose Vietnamese message is the rule's template filled with fields.

    Values are substituted once, as data: a document's text containing braces is never
    re-read as a template.
    """
    values = _Lenient({k: "" if v is None else v for k, v in fields.items()})
    values.setdefault("source", source or "")
    values.setdefault("nominee", nominee or "")
    message = rule.message.format_map(values)
    return Finding(
        rule=rule.code,
        severity=rule.severity,
        message=nfc(message),
        clause=rule.clause,
        unit_id=unit_id,
        nominee=nominee,
        award=award,
        source=source,
        evidence=evidence,
    )
