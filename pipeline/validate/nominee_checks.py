"""Check kinds about nominees and their dossiers (SPEC §4, second half).

Each function is one *kind* of check: a YAML rule names the kind, its parameters, severity,
clause and message, and narrows it to award levels and nominee categories (``applies_to``).
Every check reads one nominee's :class:`Dossier` and the run's :class:`CheckContext` and
returns findings.  Adding a kind of check is adding a function to ``NOMINEE_CHECKS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pipeline.config import Award, CampaignConfig, Deadline, Rule, Unit
from pipeline.extract.nominees import MODEL_FIELD
from pipeline.model import Evidence, Finding, Nominee, Record, UnitStatus, Verdict
from pipeline.register.match import Holder, holds, row_quote, same_achievement, same_campaign
from pipeline.register.store import AwardRow, RegisterSnapshot
from pipeline.validate.facts import vn_date
from pipeline.validate.findings import make_finding

# Check kinds of file-level rules whose warnings, scoped to a nominee, leave a required fact
# of its dossier unproven (the verdict is then needs_review, not eligible).
UNPROVEN_KINDS = ("unreadable", "received_date_unknown", "nominee_doubt")
UNKNOWN_RECEIPT = ("none", "doc_date")  # received_source values with no proof of receipt
# Dossier parts one document covers for the whole unit: the council's minutes, the
# enterprise's tax confirmation.  Other parts must name the nominee.
UNIT_WIDE_PARTS = ("council_minutes", "tax_confirmation")
NO_AWARD_TEXT = "(không ghi)"


@dataclass(frozen=True)
class Mention:
    """One document naming the nominee: the record and the nominee as it was read there."""

    record: Record
    nominee: Nominee

    @property
    def where(self) -> str:
        """The file and place, as people cite it: "to_trinh.pdf (trang 2)"."""
        evidence = self.nominee.evidence
        if evidence is not None and evidence.page is not None:
            return f"{self.record.source} (trang {evidence.page})"
        if evidence is not None and evidence.paragraph is not None:
            return f"{self.record.source} (đoạn {evidence.paragraph})"
        return self.record.source


@dataclass
class Dossier:
    """Everything the documents say about one nominee (hồ sơ đề nghị khen thưởng)."""

    unit_id: str | None
    kind: str  # collective | individual
    key: str  # person_key / collective_key, or "@unit" for the unit's own collective
    name: str
    position: str
    award: str | None
    award_raw: str
    head_of_unit: bool
    categories: frozenset[str]
    unit: Unit | None
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # by doc_type

    def named_in(self, doc_type: str) -> list[Mention]:
        """The documents of a type that name the nominee, earliest received first."""
        return self.mentions.get(doc_type, [])

    @property
    def file_units(self) -> set[str]:
        """The units whose files name the nominee, and the nominee's own unit."""
        found = {m.record.unit_id for ms in self.mentions.values() for m in ms}
        found.add(self.unit_id)
        return {u for u in found if u}

    @property
    def is_unit_collective(self) -> bool:
        """Whether the nominee is a roster unit's own collective (not a team within it)."""
        return self.kind == "collective" and self.key == UNIT_KEY


UNIT_KEY = "@unit"


@dataclass
class CheckContext:
    """What every nominee check may consult besides the dossier itself."""

    config: CampaignConfig
    statuses: dict[str, UnitStatus]
    units: dict[str, Unit]
    records: list[Record]  # every record, earliest received first
    as_of: dt.date
    collectives: dict[str, Verdict] = field(default_factory=dict)  # unit_id → its collective
    register: RegisterSnapshot | None = None  # the award register, when the config names one

    # Indexes of ``records`` (positions): readable documents by (unit, doc_type), unreadable
    # ones by unit.  Without them every nominee check scanned every record.
    _readable: dict[tuple[str | None, str], list[int]] = field(init=False, repr=False)
    _unreadable: dict[str | None, list[int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._readable, self._unreadable = {}, {}
        for i, record in enumerate(self.records):
            if record.errors:
                self._unreadable.setdefault(record.unit_id, []).append(i)
                continue
            for unit in {record.unit_id} | {n.unit_id for n in record.nominees}:
                self._readable.setdefault((unit, record.doc_type), []).append(i)

    def unit_documents(self, unit_ids: set[str], doc_type: str) -> list[Record]:
        """Readable documents of a type sent by (or naming) these units."""
        found = {i for unit in unit_ids for i in self._readable.get((unit, doc_type), ())}
        return [self.records[i] for i in sorted(found)]

    def unreadable(self, unit_ids: set[str]) -> list[Record]:
        """The units' files that could not be read: any of them could hold a missing part."""
        found = {i for unit in unit_ids for i in self._unreadable.get(unit, ())}
        return [self.records[i] for i in sorted(found)]

    def rule_of_kind(self, kind: str) -> Rule | None:
        """The campaign's rule of a check kind (the file-level ones a dossier reuses)."""
        return next((r for r in self.config.rules if r.check == kind), None)

    def award(self, key: str | None) -> Award | None:
        """The award level with this key."""
        return self.config.awards.get(key) if key else None


NomineeCheck = Callable[[Rule, Dossier, CheckContext], list[Finding]]


# ------------------------------------------------------------------------------ helpers


def finding(
    rule: Rule,
    dossier: Dossier,
    ctx: CheckContext,
    mention: Mention | None = None,
    record: Record | None = None,
    **fields: object,
) -> Finding:
    """A finding of ``rule`` about the nominee, citing a mention (or a record) as evidence."""
    award = ctx.award(dossier.award)
    if mention is None:
        mention = first_mention(dossier)
    if record is None and mention is not None:
        record = mention.record
    evidence = mention.nominee.evidence if mention is not None else None
    if record is not None and (mention is None or mention.record is not record):
        evidence = Evidence(source=record.source, page=None, quote="", field="file")
    unit = dossier.unit.name if dossier.unit else (dossier.unit_id or "đơn vị không xác định")
    values: dict[str, object] = {
        "award_name": award.name if award else dossier.award_raw or NO_AWARD_TEXT,
        "award_raw": dossier.award_raw or NO_AWARD_TEXT,
        "unit": unit,
    }
    values.update(fields)
    return make_finding(
        rule,
        unit_id=dossier.unit_id,
        nominee=dossier.name,
        award=dossier.award,
        source=record.source if record else None,
        evidence=evidence,
        **values,
    )


def first_mention(dossier: Dossier) -> Mention | None:
    """The proposal naming the nominee, else the minutes, else the achievement report."""
    for doc_type in ("proposal", "council_minutes", "achievement_report"):
        if dossier.named_in(doc_type):
            return dossier.named_in(doc_type)[0]
    return None


def deadline_of(rule: Rule | None, dossier: Dossier, ctx: CheckContext) -> Deadline | None:
    """The rule's own deadline parameter, else the award level's."""
    key = rule.params.get("deadline") if rule is not None else None
    award = ctx.award(dossier.award)
    key = key or (award.deadline if award else None)
    return ctx.config.deadlines.get(key) if key else None


def is_late(record: Record, deadline: Deadline | None) -> bool:
    """Received after the deadline (an unknown date is not late: its warning says so)."""
    if deadline is None or not record.received_at:
        return False
    return deadline.is_late(dt.date.fromisoformat(record.received_at))


def part_documents(dossier: Dossier, ctx: CheckContext, doc_type: str) -> list[Record]:
    """The files that supply a dossier part: those naming the nominee, or the unit's own."""
    records = [m.record for m in dossier.named_in(doc_type)]
    if not records and doc_type in UNIT_WIDE_PARTS:
        records = ctx.unit_documents(dossier.file_units, doc_type)
    unique: dict[str, Record] = {}
    for record in records:
        unique.setdefault(record.source, record)
    return list(unique.values())


# ---------------------------------------------------------------------------- the checks


def award_unknown(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The award asked for is none of the campaign's levels (§III.1)."""
    return [] if dossier.award is not None else [finding(rule, dossier, ctx)]


def award_not_handled(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """An award level decided elsewhere (the wards' Giấy khen, §III.2.3): listed only."""
    award = ctx.award(dossier.award)
    return [finding(rule, dossier, ctx)] if award is not None and not award.handled else []


def duplicate_nominee(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The same nominee proposed in more than one row or file."""
    proposals = dossier.named_in("proposal")
    if len(proposals) < 2:
        return []
    sources = "; ".join(m.where for m in proposals)
    return [finding(rule, dossier, ctx, proposals[1], count=len(proposals), sources=sources)]


def proposal_late(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """Every proposal naming the nominee came after the deadline: as if none came (§III.3.2)."""
    deadline = deadline_of(rule, dossier, ctx)
    proposals = dossier.named_in("proposal")
    if deadline is None or not proposals or not all(is_late(m.record, deadline) for m in proposals):
        return []
    first = proposals[0]
    return [
        finding(
            rule,
            dossier,
            ctx,
            first,
            received_at=vn_date(first.record.received_at),
            deadline=vn_date(deadline.date),
        )
    ]


def dossier_part(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """A required part (params.part) is in the dossier, from a file whose receipt is proven.

    A missing part while a file of the unit could not be read is not proven missing: the
    unreadable file is reported for this nominee instead.  A part from a file whose receipt
    date is unknown is reported the same way.  Either leaves the verdict needs_review.
    """
    part = rule.params["part"]
    spec = ctx.config.dossier_parts[part]
    documents = part_documents(dossier, ctx, spec.doc_type)
    if documents:
        unknown = ctx.rule_of_kind("received_date_unknown")
        if unknown is None:
            return []
        return [
            finding(
                unknown,
                dossier,
                ctx,
                record=r,
                doc_date=vn_date(r.doc_date) if r.doc_date else "(không ghi ngày)",
            )
            for r in documents
            if r.received_source in UNKNOWN_RECEIPT
        ]
    unreadable_rule = ctx.rule_of_kind("unreadable")
    unreadable = ctx.unreadable(dossier.file_units)
    if unreadable and unreadable_rule is not None:
        return [
            finding(unreadable_rule, dossier, ctx, record=r, reason="; ".join(r.errors))
            for r in unreadable
        ]
    return [finding(rule, dossier, ctx, part_label=spec.label[:1].lower() + spec.label[1:])]


def nominee_doubt(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """A fact of the nominee that a document gave but could not be read with confidence."""
    return [
        finding(rule, dossier, ctx, mention=m, detail=m.nominee.doubt)
        for mentions in dossier.mentions.values()
        for m in mentions
        if m.nominee.doubt
    ]


def approved_in_minutes(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The council's minutes exist but do not record the nominee as passed."""
    minutes = part_documents(dossier, ctx, "council_minutes")
    if not minutes:
        return []  # the missing minutes are the dossier_part rule's finding
    named = dossier.named_in("council_minutes")
    if any(m.nominee.approved is not False for m in named):
        return []
    if not named:
        detail = f" ({minutes[0].source}: không có tên trong biên bản)"
        return [finding(rule, dossier, ctx, record=minutes[0], detail=detail)]
    mention = named[0]
    votes = _votes_text(mention.nominee)
    detail = f" ({mention.record.source}: {votes})" if votes else f" ({mention.record.source})"
    return [finding(rule, dossier, ctx, mention, detail=detail)]


def _votes_text(nominee: Nominee) -> str:
    if nominee.votes_for is not None and nominee.votes_total:
        return f"{nominee.votes_for}/{nominee.votes_total} phiếu đồng ý"
    if nominee.votes_for is not None:
        return f"{nominee.votes_for} phiếu đồng ý"
    return "không đạt" if nominee.approved is False else ""


def model_or_solution(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The achievement report names no model, initiative or solution (§III.2, §III.3)."""
    reports = dossier.named_in("achievement_report")
    if not reports:
        return []  # the missing report is the dossier_part rule's finding
    if any(ev.field == MODEL_FIELD for m in reports for ev in m.record.evidence):
        return []
    return [finding(rule, dossier, ctx, reports[0])]


def registered(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The unit sent the documents params.require lists (on time when params.on_time)."""
    status = ctx.statuses.get(dossier.unit_id or "")
    on_time = bool(rule.params.get("on_time", False))
    lacking = []
    for doc_type in rule.params.get("require", []):
        value = getattr(status, doc_type, "missing") if status else "missing"
        if value == "on_time" or (value == "late" and not on_time):
            continue
        deadline = ctx.config.deadlines.get(doc_type)
        label = deadline.label if deadline else doc_type
        if value == "late" and deadline is not None:
            lacking.append(f"gửi {label} sau hạn {vn_date(deadline.date)}")
        else:
            lacking.append(f"chưa gửi {label}")
    if not lacking:
        return []
    return [finding(rule, dossier, ctx, missing=" và ".join(lacking))]


def head_collective(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """A head of unit needs the unit's collective to be an eligible nominee (§III.2.2.c).

    Collectives are judged before individuals, so their verdicts are known here.  A
    collective still under review passes its doubts on to its head.
    """
    collective = ctx.collectives.get(dossier.unit_id or "")
    if collective is not None and collective.verdict == "eligible":
        return []
    if collective is not None and collective.verdict == "needs_review":
        kinds = {r.code for r in ctx.config.rules if r.check in UNPROVEN_KINDS}
        return [
            replace(f, nominee=dossier.name, award=dossier.award)
            for f in collective.findings
            if f.rule in kinds
        ]
    return [finding(rule, dossier, ctx)]


def min_vote_ratio(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The council passed the nominee with fewer votes than params.ratio of those voting."""
    ratio = float(rule.params.get("ratio", 0.5))
    for mention in dossier.named_in("council_minutes"):
        votes_for, total = mention.nominee.votes_for, mention.nominee.votes_total
        if votes_for is not None and total and votes_for / total < ratio:
            return [
                finding(
                    rule,
                    dossier,
                    ctx,
                    mention,
                    votes=f"{votes_for}/{total}",
                    ratio=f"{ratio:.0%}",
                )
            ]
    return []


# ------------------------------------------------------------- the award register (issue 16)


def _holder(dossier: Dossier) -> Holder:
    return Holder(
        kind=dossier.kind,
        name=dossier.name,
        unit_id=dossier.unit_id,
        unit_name=dossier.unit.name if dossier.unit else "",
        unit_collective=dossier.is_unit_collective,
    )


def achievement_texts(dossier: Dossier) -> list[str]:
    """The sentences of the nominee's achievement reports that name a model or solution."""
    return [
        ev.quote
        for m in dossier.named_in("achievement_report")
        for ev in m.record.evidence
        if ev.field == MODEL_FIELD and ev.quote
    ]


def _held(dossier: Dossier, ctx: CheckContext) -> list[AwardRow]:
    """The register's rows of the award asked for, held by this nominee, latest first."""
    if ctx.register is None or dossier.award is None:
        return []
    holder = _holder(dossier)
    rows = [r for r in ctx.register.rows if r.award == dossier.award and holds(r, holder)]
    return sorted(rows, key=lambda r: r.decision_date, reverse=True)


def _same_basis(row: AwardRow, dossier: Dossier, ctx: CheckContext, similarity: float) -> str:
    """Why the row is this very award: "trong cùng đợt thi đua", the achievement, or ""."""
    if same_campaign(row, ctx.config):
        return "trong cùng đợt thi đua"
    if same_achievement(row, achievement_texts(dossier), similarity):
        return f"cho cùng thành tích “{row.achievement}”"
    return ""


def _register_finding(
    rule: Rule, dossier: Dossier, ctx: CheckContext, row: AwardRow, **fields: object
) -> Finding:
    """A finding about the nominee whose evidence is the register row."""
    assert ctx.register is not None
    found = finding(
        rule,
        dossier,
        ctx,
        None,
        None,
        decision=row.decision_number,
        decision_date=vn_date(row.decision_date),
        **fields,
    )
    source = ctx.register.source
    evidence = Evidence(source=source, page=None, quote=row_quote(row), field="register")
    return replace(found, evidence=evidence)


def already_awarded(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The register shows the nominee already holds the award asked for, for this campaign
    or for the same achievement (params.similarity): not awarded twice for one achievement."""
    similarity = float(rule.params.get("similarity", 90))
    found = []
    for row in _held(dossier, ctx):
        basis = _same_basis(row, dossier, ctx, similarity)
        if basis:
            found.append(_register_finding(rule, dossier, ctx, row, basis=basis))
    return found


def award_gap(rule: Rule, dossier: Dossier, ctx: CheckContext) -> list[Finding]:
    """The nominee's latest award of this level is fewer than params.years before the as-of
    date.  Awards dated after it, and those ALREADY_AWARDED reports, are not counted."""
    years = int(rule.params.get("years", 1))
    similarity = float((ctx.rule_of_kind("already_awarded") or rule).params.get("similarity", 90))
    for row in _held(dossier, ctx):
        day = dt.date.fromisoformat(row.decision_date)
        if day > ctx.as_of or _same_basis(row, dossier, ctx, similarity):
            continue
        if _years_after(day, years) > ctx.as_of:
            return [
                _register_finding(
                    rule, dossier, ctx, row, years=years, as_of=vn_date(ctx.as_of)
                )
            ]
        return []  # the latest counted award is old enough
    return []


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


NOMINEE_CHECKS: dict[str, NomineeCheck] = {
    "award_unknown": award_unknown,
    "award_not_handled": award_not_handled,
    "duplicate_nominee": duplicate_nominee,
    "proposal_late": proposal_late,
    "dossier_part": dossier_part,
    "approved_in_minutes": approved_in_minutes,
    "nominee_doubt": nominee_doubt,
    "model_or_solution": model_or_solution,
    "registered": registered,
    "head_collective": head_collective,
    "min_vote_ratio": min_vote_ratio,
    "already_awarded": already_awarded,
    "award_gap": award_gap,
}
