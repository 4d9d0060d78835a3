"""Each nominee's dossier gathered across files, judged by the campaign's nominee rules.

A nominee is named in a proposal, the council's minutes or an achievement report — often in
all three, written three ways.  The mentions are grouped by unit, kind and name key into one
:class:`Dossier`; the config's nominee rules run on it in ascending ``order``; the findings
decide the verdict:

- ``not_handled`` — an award level decided elsewhere (``handled: false``, the wards' Giấy
  khen): listed with its AWARD_NOT_HANDLED info, never judged;
- ``ineligible`` — any error;
- ``needs_review`` — a warning that leaves a required fact unproven: a dossier part from a
  file whose receipt date is unknown, or a missing part while a file of the unit could not
  be read (the rules of check kind ``received_date_unknown`` / ``unreadable``, scoped to
  the nominee);
- ``eligible`` — otherwise.  A warning that proves nothing missing (DUPLICATE_NOMINEE) does
  not change it.

``Verdict.reasons`` lists the codes of the error and warning findings, plus the info code
that decides a ``not_handled`` verdict (AWARD_NOT_HANDLED), so that every verdict other than
``eligible`` says why in nominees.csv.

Collectives are judged before individuals: a head of unit's rule (HEAD_WITHOUT_COLLECTIVE)
reads the verdict of the unit's collective, and collectives read nothing of individuals, so
there is no cycle.
"""

from __future__ import annotations

import datetime as dt

from pipeline.config import CampaignConfig, Rule, Unit
from pipeline.extract.units import UnitMatcher
from pipeline.model import DossierPart, Finding, Record, UnitStatus, Verdict
from pipeline.register.store import RegisterSnapshot
from pipeline.text import fold
from pipeline.text.names import collective_key, person_key, strip_collective_prefix
from pipeline.validate.nominee_checks import (
    NOMINEE_CHECKS,
    UNIT_KEY,
    UNPROVEN_KINDS,
    CheckContext,
    Dossier,
    Mention,
    deadline_of,
    is_late,
    part_documents,
)

# The documents that make a nominee exist, in the order their word counts (the award asked
# for is the proposal's, else the minutes', else the achievement report's).
NAMING_TYPES = ("proposal", "council_minutes", "achievement_report")
DOSSIER_TYPES = (*NAMING_TYPES, "tax_confirmation")
VERDICT_DECIDING_INFO = ("award_not_handled",)  # info check kinds that set a verdict


def judge_nominees(
    records: list[Record],
    statuses: dict[str, UnitStatus],
    config: CampaignConfig,
    units: list[Unit],
    as_of: dt.date,
    register: RegisterSnapshot | None = None,
) -> tuple[list[Verdict], list[Finding]]:
    """A verdict per nominee and the findings behind them, in a stable order (``register``:
    the award register's rows, for ALREADY_AWARDED and AWARD_GAP)."""
    ordered = sorted(records, key=lambda r: (r.received_at or "9999-99-99", r.source))
    ctx = CheckContext(
        config=config,
        statuses=statuses,
        units={u.unit_id: u for u in units},
        records=ordered,
        as_of=as_of,
        register=register,
    )
    rules = nominee_rules(config)
    verdicts = []
    for dossier in sorted(build_dossiers(ordered, ctx), key=_judging_order):
        verdict = judge(dossier, rules, ctx)
        if dossier.is_unit_collective and dossier.unit_id:
            ctx.collectives.setdefault(dossier.unit_id, verdict)
        verdicts.append(verdict)
    verdicts.sort(key=lambda v: (v.unit_id or "", v.kind, fold(v.name), v.name))
    return verdicts, [f for v in verdicts for f in v.findings]


def nominee_rules(config: CampaignConfig) -> list[Rule]:
    """The config's rules of a nominee check kind, by ascending ``order`` (stable)."""
    return sorted((r for r in config.rules if r.check in NOMINEE_CHECKS), key=lambda r: r.order)


def _judging_order(dossier: Dossier) -> tuple[int, str, str]:
    return (0 if dossier.kind == "collective" else 1, dossier.unit_id or "", dossier.key)


# ------------------------------------------------------------------------- gathering


def build_dossiers(records: list[Record], ctx: CheckContext) -> list[Dossier]:
    """One dossier per nominee named in a proposal, minutes or achievement report."""
    matcher = UnitMatcher(list(ctx.units.values()))
    groups: dict[tuple[str, str, str], dict[str, list[Mention]]] = {}
    for record in records:
        if record.errors or record.doc_type not in DOSSIER_TYPES:
            continue
        for nominee in record.nominees:
            unit_id = nominee.unit_id or record.unit_id
            key = _identity(nominee.kind, nominee.name, unit_id, matcher)
            by_type = groups.setdefault((unit_id or "", nominee.kind, key), {})
            by_type.setdefault(record.doc_type, []).append(Mention(record, nominee))
    return [
        _dossier(unit_id or None, kind, key, mentions, ctx)
        for (unit_id, kind, key), mentions in groups.items()
        if proposes(mentions)
    ]


def proposes(mentions: dict[str, list[Mention]]) -> bool:
    """Whether the documents propose the nominee: a proposal or an achievement report names
    them, or the council's minutes passed them.  Someone the council voted down and the unit
    then did not propose is no nominee (issue 14: precision before recall)."""
    if "proposal" in mentions or "achievement_report" in mentions:
        return True
    return any(m.nominee.approved is not False for m in mentions.get("council_minutes", []))


def _identity(kind: str, name: str, unit_id: str | None, matcher: UnitMatcher) -> str:
    """The nominee's key within its unit: a person's name key, or the collective's."""
    if kind != "collective":
        return person_key(name)
    matched = matcher.by_name(strip_collective_prefix(name))
    if matched is not None and matched.unit_id == unit_id:
        return UNIT_KEY
    return collective_key(name)


def _dossier(
    unit_id: str | None,
    kind: str,
    key: str,
    mentions: dict[str, list[Mention]],
    ctx: CheckContext,
) -> Dossier:
    """The dossier's name, position and award, read from its documents by precedence."""
    ranked = [m for t in NAMING_TYPES for m in mentions.get(t, [])]
    unit = ctx.units.get(unit_id or "")
    name = unit.name if key == UNIT_KEY and unit else ranked[0].nominee.name
    position = next((m.nominee.position for m in ranked if m.nominee.position), "")
    asked = next((m.nominee for m in ranked if m.nominee.award or m.nominee.award_raw), None)
    head = kind == "individual" and any(m.nominee.head_of_unit for m in ranked)
    return Dossier(
        unit_id=unit_id,
        kind=kind,
        key=key,
        name=name,
        position=position,
        award=asked.award if asked else None,
        award_raw=asked.award_raw if asked else "",
        head_of_unit=head,
        categories=categories(kind, head, unit),
        unit=unit,
        mentions=mentions,
    )


def categories(kind: str, head: bool, unit: Unit | None) -> frozenset[str]:
    """The nominee categories rules apply to (config ``applies_to.categories``).

    An enterprise's collective and its head are both ``enterprise``: §III.3.1 asks a tax
    confirmation of "tập thể là doanh nghiệp, cá nhân là người đứng đầu doanh nghiệp".
    """
    found = set()
    if kind == "collective":
        found.add("collective_in_cluster" if unit and unit.cluster else "collective_no_cluster")
    else:
        found.add("individual")
        if head:
            found.add("head_of_unit")
    if unit is not None and unit.enterprise and (kind == "collective" or head):
        found.add("enterprise")
    return frozenset(found)


# --------------------------------------------------------------------------- judging


def applies(rule: Rule, dossier: Dossier) -> bool:
    """Whether a rule's ``applies_to`` covers the nominee (any listed category will do)."""
    scope = rule.applies_to
    if scope.awards is not None and dossier.award not in scope.awards:
        return False
    return scope.categories is None or bool(set(scope.categories) & dossier.categories)


def judge(dossier: Dossier, rules: list[Rule], ctx: CheckContext) -> Verdict:
    """Run the applicable rules on one dossier and decide its verdict."""
    findings: list[Finding] = []
    seen: set[tuple[str, str | None, str]] = set()
    for rule in rules:
        if not applies(rule, dossier):
            continue
        for found in NOMINEE_CHECKS[rule.check](rule, dossier, ctx):
            if (found.rule, found.source, found.message) not in seen:
                seen.add((found.rule, found.source, found.message))
                findings.append(found)
    kinds = {r.code: r.check for r in ctx.config.rules}
    return Verdict(
        unit_id=dossier.unit_id,
        kind=dossier.kind,
        name=dossier.name,
        position=dossier.position,
        award=dossier.award,
        verdict=decide(dossier, findings, kinds, ctx),
        reasons=sorted(
            {
                f.rule
                for f in findings
                if f.severity in ("error", "warning") or kinds.get(f.rule) in VERDICT_DECIDING_INFO
            }
        ),
        head_of_unit=dossier.head_of_unit,
        parts=dossier_parts(dossier, rules, ctx),
        findings=findings,
    )


def decide(
    dossier: Dossier, findings: list[Finding], kinds: dict[str, str], ctx: CheckContext
) -> str:
    """not_handled, ineligible, needs_review or eligible (see the module docstring)."""
    award = ctx.award(dossier.award)
    if award is not None and not award.handled:
        return "not_handled"
    if any(f.severity == "error" for f in findings):
        return "ineligible"
    if any(f.severity == "warning" and kinds.get(f.rule) in UNPROVEN_KINDS for f in findings):
        return "needs_review"
    return "eligible"


def dossier_parts(dossier: Dossier, rules: list[Rule], ctx: CheckContext) -> list[DossierPart]:
    """The award's dossier checklist: each part, whether this nominee needs it, its file.

    A part is required when a ``dossier_part`` rule for it applies to the nominee (so the
    tax confirmation only for enterprises); a late proposal supplies nothing.
    """
    award = ctx.award(dossier.award)
    if award is None:
        return []
    deadline = deadline_of(None, dossier, ctx)
    parts = []
    for part in award.parts:
        spec = ctx.config.dossier_parts[part]
        required = any(
            r.check == "dossier_part" and r.params.get("part") == part and applies(r, dossier)
            for r in rules
        )
        documents = part_documents(dossier, ctx, spec.doc_type)
        if spec.doc_type == "proposal":
            documents = [r for r in documents if not is_late(r, deadline)]
        parts.append(
            DossierPart(
                part=part,
                label=spec.label,
                required=required,
                source=documents[0].source if documents else None,
            )
        )
    return parts
