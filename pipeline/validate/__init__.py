"""Stage: validate — apply the campaign's rules to the records; decide statuses and verdicts."""

from __future__ import annotations

import datetime as dt

from pipeline.config import CampaignConfig, ConfigError, Unit
from pipeline.model import Finding, Record, UnitStatus, Verdict
from pipeline.register.store import RegisterSnapshot
from pipeline.validate.document_checks import DOCUMENT_CHECKS
from pipeline.validate.facts import Facts
from pipeline.validate.statuses import unit_statuses

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def known_check_kinds() -> set[str]:
    """Every check kind the code supplies, for checking a config before a run."""
    from pipeline.validate.nominee_checks import NOMINEE_CHECKS

    return set(DOCUMENT_CHECKS) | set(NOMINEE_CHECKS)


def check_rules(config: CampaignConfig) -> None:
    """Fail early, naming the rule, when the config asks for a check kind the code lacks."""
    known = known_check_kinds()
    for rule in config.rules:
        if rule.check not in known:
            raise ConfigError(
                f"rule {rule.code}: unknown check kind {rule.check!r} "
                f"(known: {', '.join(sorted(known))})"
            )


def validate(
    records: list[Record],
    config: CampaignConfig,
    units: list[Unit],
    as_of: dt.date,
    register: RegisterSnapshot | None = None,
) -> tuple[list[Finding], list[UnitStatus], list[Verdict]]:
    """Findings for every rule, each unit's status and each nominee's verdict (``register``:
    the award register as the run read it, if the config names one that exists)."""
    from pipeline.validate.dossier import judge_nominees

    facts = Facts(config=config, units=units, records=records, as_of=as_of)
    statuses = unit_statuses(facts)
    findings: list[Finding] = []
    for rule in config.rules:
        check = DOCUMENT_CHECKS.get(rule.check)
        if check is not None:
            findings.extend(check(rule, facts))
    verdicts, nominee_findings = judge_nominees(
        records, {s.unit_id: s for s in statuses}, config, units, as_of, register
    )
    findings.extend(nominee_findings)
    for status in statuses:
        mine = [v for v in verdicts if v.unit_id == status.unit_id]
        status.nominees = len(mine)
        status.eligible = sum(1 for v in mine if v.verdict == "eligible")
    return sort_findings(findings), statuses, verdicts


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """A stable order for outputs: by unit, severity, rule, source, nominee, message."""
    return sorted(
        findings,
        key=lambda f: (
            f.unit_id or "~",
            SEVERITY_ORDER.get(f.severity, 9),
            f.rule,
            f.source or "",
            f.nominee or "",
            f.message,
        ),
    )
