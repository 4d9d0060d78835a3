"""Write a plan's facts into a draft campaign YAML, in the shape of a model config.

What the plan says (references, period, contents and agencies, deadlines, award levels and
their dossiers) is written from the facts, each value followed by a comment quoting where it
came from.  What is generic (document types, heads of unit, the registration form's
placeholders, the rules' checks and messages) is copied from the model config: the sections
the writer does not know are copied as the model writes them, comments included.  What the
plan does not say is ``TODO``; ``pipeline.config.todo_keys`` finds each one again.

PyYAML writes every scalar (quoting and escapes are its business); this module only lays out
the lines so a comment can follow each value, which PyYAML cannot do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from pipeline.plan import vocab
from pipeline.plan.reader import AwardFact, DeadlineFact, PlanFacts, level_of

TODO = "TODO"
QUOTE_MAX = 140
# Top-level sections the writer writes itself; any other is copied from the model.
WRITTEN = (
    "schema_version", "campaign", "references", "contents", "deadlines", "campaign_markers",
    "dossier_parts", "awards", "rules", "drafts",
)  # fmt: skip
# Keys of a draft section that are the form of any such document, copied from the model.
# (the decision's: the submission's are the organiser's own, left TODO).
DRAFT_FORM_KEYS = (
    "authority_body", "number_code", "signer_role", "signer_on_behalf", "signer_deputy",
    "signer_title",
)  # fmt: skip
# The part of the plan each kind of check rests on (its clause in the new config).
CHECK_TOPICS = {
    "entry_placeholder": "contents", "entry_content": "contents", "entry_completion": "period",
    "award_unknown": "award_list", "award_not_handled": "unhandled", "proposal_late": "proposal",
    "dossier_part": "dossier", "approved_in_minutes": "dossier", "model_or_solution": "criteria",
    "registered": "criteria", "head_collective": "criteria",
}  # fmt: skip


def scalar(value: Any) -> str:
    """One value as YAML writes it in flow style (a scalar, a short list)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def quoted(quote: str, clause: str = "") -> str:
    """A comment quoting the plan: ``"…trước ngày DD/MM/YYYY…" (§IV.2)``."""
    text = " ".join(quote.split()).replace('"', "'")
    if len(text) > QUOTE_MAX:  # its start and its end (where a deadline's words stand)
        head = QUOTE_MAX // 3
        text = text[:head].rstrip() + " … " + text[len(text) - (QUOTE_MAX - head - 3) :].lstrip()
    return f'"{text}"' + (f" ({clause})" if clause else "")


@dataclass
class Out:
    """The YAML text, a line at a time."""

    lines: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)  # why each TODO, for the terminal

    def comment(self, indent: int, text: str) -> None:
        self.lines.append(" " * indent + "# " + text)

    def key(
        self, indent: int, name: str, value: Any = None, note: str = "", block: bool = False
    ) -> None:
        pad = " " * indent
        if block:
            self.lines.append(f"{pad}{name}:" + (f"  # {note}" if note else ""))
            return
        self.lines.append(f"{pad}{name}: {scalar(value)}" + (f"  # {note}" if note else ""))

    def todo(self, indent: int, name: str, why: str, item: bool = False) -> None:
        self.todos.append(why)
        lead = "- " if item else ""
        self.lines.append(f"{' ' * indent}{lead}{name}{': ' if name else ''}{TODO}  # {why}")

    def blank(self) -> None:
        self.lines.append("")

    def dump(self, indent: int, value: Any) -> None:
        """A nested value, block style with flow leaves, as PyYAML writes it."""
        text = yaml.dump(
            value, Dumper=_NoAliases, default_flow_style=None, allow_unicode=True,
            sort_keys=False, width=10**9,
        )  # fmt: skip
        self.lines.extend(" " * indent + line for line in text.rstrip("\n").split("\n"))


class _NoAliases(yaml.SafeDumper):
    """A shared list is written out each time, never as an anchor and alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def model_sections(text: str) -> dict[str, str]:
    """The model's top-level sections as written, each with the comments just above it."""
    sections: dict[str, str] = {}
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"^[A-Za-z_]\w*:", line)]
    for n, start in enumerate(starts):
        first = start
        while first > 0 and lines[first - 1].startswith("#"):
            first -= 1
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        name = lines[start].split(":", 1)[0]
        sections[name] = "\n".join(lines[first:end])
    return sections


def write_config(
    facts: PlanFacts, model_text: str, model_name: str, plan_name: str
) -> tuple[str, list[str]]:
    """The draft YAML text, and why each TODO is one."""
    model: dict[str, Any] = yaml.safe_load(model_text)
    copied = model_sections(model_text)
    out = Out()
    number = facts.number.value if facts.number else "?"
    day = facts.date.value if facts.date else "?"
    out.comment(0, f"Draft campaign config written by `init-campaign` from {plan_name}")
    out.comment(0, f"(Kế hoạch {number}, {day}).  Each value is followed by the plan's words it")
    out.comment(0, "came from; check each against the plan.  Replace every TODO: `run` refuses the")
    out.comment(0, f"config until none is left.  Generic sections are copied from {model_name}.")
    out.key(0, "schema_version", model.get("schema_version", 1))
    out.blank()
    deadlines = _deadline_keys(facts, model)
    _campaign(out, facts, model)
    _references(out, facts, model)
    _contents(out, facts)
    _deadlines(out, facts, model, deadlines)
    for name in model:
        if name not in WRITTEN and name in copied:
            out.blank()
            out.comment(
                0, f"`{name}`: copied from the model as it is: check it fits this campaign."
            )
            out.lines.extend(copied[name].split("\n"))
    _markers(out, facts, model)
    _dossier_parts(out, facts, model)
    awards = _awards(out, facts, model, deadlines)
    _rules(out, facts, model, deadlines, awards)
    _drafts(out, facts, model)
    return "\n".join(out.lines) + "\n", out.todos


# ----------------------------------------------------------------------- sections


def _campaign(out: Out, facts: PlanFacts, model: dict[str, Any]) -> None:
    out.key(0, "campaign", block=True)
    year = (facts.date.value[:4] if facts.date else "") or "x"
    if facts.number:
        slug = re.sub(r"[^0-9a-z]+", "_", facts.number.value.lower().replace("đ", "d")).strip("_")
        out.key(2, "id", f"ke_hoach_{slug}_{year}", quoted(facts.number.quote))
    else:
        out.todo(2, "id", "campaign.id: an identifier (the plan's number was not found)")
    if facts.name:
        out.key(2, "name", facts.name.value, quoted(facts.name.quote))
    else:
        out.todo(2, "name", "campaign.name: the campaign's name (no title under KẾ HOẠCH)")
    out.todo(
        2, "short_name", "campaign.short_name: how the drafts name the campaign in a few words"
    )
    out.key(2, "period", block=True)
    for end in ("start", "end"):
        fact = facts.period_start if end == "start" else facts.period_end
        if fact:
            out.key(4, end, dt.date.fromisoformat(fact.value), quoted(fact.quote, fact.clause))
        else:
            out.todo(4, end, f"campaign.period.{end}: the plan's “Thời gian thi đua” was not read")
    clause = facts.period_end or facts.period_start
    out.key(4, "clause", clause.clause if clause else "")
    out.key(2, "utc_offset", model["campaign"].get("utc_offset", "+07:00"))
    out.todo(2, "roster", "campaign.roster: the participating units' CSV, relative to this file")
    if facts.place:
        out.key(2, "place", facts.place.value, quoted(facts.place.quote))
    else:
        out.todo(2, "place", "campaign.place: the place of the plan's date line")
    out.key(2, "organiser", block=True)
    parent, name = _organiser_header(facts)
    if parent == "" and facts.desk is not None:  # the body issues; its office runs it
        desk = facts.desk
        office = desk.value
        for _key, _rank, pattern in vocab.LEVELS:
            office = re.sub(r"(?i)\s+" + pattern + r"\s*$", "", office)
        out.key(4, "parent", name, quoted(" / ".join(facts.organiser_header)))
        out.key(4, "name", office.upper(), quoted(desk.quote, desk.clause))
        out.key(4, "short", desk.value, quoted(desk.quote, desk.clause))
        out.key(
            4, "emails", facts.emails, "found in the plan" if facts.emails else "none in the plan"
        )
        out.blank()
        return
    if parent is not None:
        out.key(4, "parent", parent, quoted(" / ".join(facts.organiser_header)))
        out.key(4, "name", name, quoted(" / ".join(facts.organiser_header)))
    else:
        out.todo(4, "parent", "campaign.organiser.parent: the issuing body's parent, in capitals")
        out.todo(4, "name", "campaign.organiser.name: the issuing body, in capitals")
    if facts.organiser:
        out.key(4, "short", facts.organiser.value, quoted(facts.organiser.quote))
    else:
        out.todo(4, "short", "campaign.organiser.short: the organiser as a sentence names it")
    out.key(4, "emails", facts.emails, "found in the plan" if facts.emails else "none in the plan")
    out.blank()


def _organiser_header(facts: PlanFacts) -> tuple[str | None, str]:
    lines = facts.organiser_header
    if not lines:
        return None, ""
    if len(lines) >= 2 and lines[-1].startswith(vocab.SUBORDINATE_WORDS):
        return " ".join(lines[:-1]), lines[-1]
    return "", " ".join(lines)


def _references(out: Out, facts: PlanFacts, model: dict[str, Any]) -> None:
    out.key(0, "references", block=True)
    used: set[str] = set()
    for ref in facts.references:
        key = f"plan_{ref.level or 'other'}"
        key = key if key not in used else f"{key}_{len(used) + 1}"
        used.add(key)
        out.lines.append(f"  - key: {scalar(key)}  # {quoted(ref.quote, ref.clause)}")
        out.key(4, "number", ref.number)
        out.key(4, "date", ref.date)
        out.key(4, "issuer", ref.issuer)
        out.key(4, "title", ref.title)
    if facts.number and facts.date:
        # The plan itself, last, under the key the model gives its own plan (its last one).
        own = (model.get("references") or [{}])[-1].get("key", "plan")
        out.lines.append(f"  - key: {scalar(own)}  # the plan itself: {quoted(facts.number.quote)}")
        out.key(4, "number", facts.number.value)
        out.key(4, "date", dt.date.fromisoformat(facts.date.value), quoted(facts.date.quote))
        if facts.organiser:
            out.key(4, "issuer", facts.organiser.value)
        else:
            out.todo(4, "issuer", "references.plan.issuer: who issued the plan")
        title = facts.title[:1].lower() + facts.title[1:] if facts.title else ""
        if title:
            out.key(4, "title", title)
        else:
            out.todo(4, "title", "references.plan.title: the plan's title")
    elif not facts.references:
        out.todo(2, "", "references: the plan's number and date were not found", item=True)
    for cited in facts.cited:
        out.comment(2, f"cited, not a reference: {quoted(cited)}")
    out.blank()


def _labels(title: str) -> list[str]:
    return [m.strip() for m in re.findall(r"“([^”]{6,120})”", title)]


def _contents(out: Out, facts: PlanFacts) -> None:
    if not facts.contents:
        out.todo(0, "contents", "contents: no numbered contents (nội dung thi đua) were found")
        out.blank()
        return
    out.comment(0, "Nội dung thi đua, and the agency assigned to each.  `labels`: the short names")
    out.comment(0, "schools write for a content (here the plan's own: an assignment table's short")
    out.comment(0, "title, quoted phrases): add more.")
    out.key(0, "contents", block=True)
    for index, content in enumerate(facts.contents):
        out.lines.append(f"  - number: {content.number}  # {quoted(content.quote, content.clause)}")
        out.key(4, "title", content.title)
        if content.agency:
            agency = content.agency
            out.key(4, "agency", agency.value, quoted(agency.quote, agency.clause))
        else:
            out.todo(4, "agency", f"contents.{index}.agency: no agency assigned in the plan")
        out.key(4, "labels", list(dict.fromkeys([*content.short_titles, *_labels(content.title)])))
    out.blank()


@dataclass
class DeadlineKey:
    key: str
    kind: str
    facts: list[DeadlineFact]


def _deadline_keys(facts: PlanFacts, model: dict[str, Any]) -> list[DeadlineKey]:
    """The units' deadlines by key: one per kind, another key for each further date."""
    keys: list[DeadlineKey] = []
    kinds = list(dict.fromkeys([*model.get("deadlines", {}), *vocab.DEADLINE_KINDS]))
    for kind in kinds:
        found = [d for d in facts.deadlines if d.kind == kind and not d.upward]
        dates = sorted({d.date for d in found})
        if not dates and kind in model.get("deadlines", {}):
            keys.append(DeadlineKey(kind, kind, []))
        for n, date in enumerate(dates):
            key = kind if n == 0 else f"{kind}_{n + 1}"
            keys.append(DeadlineKey(key, kind, [d for d in found if d.date == date]))
    return keys


def _deadlines(out: Out, facts: PlanFacts, model: dict[str, Any], keys: list[DeadlineKey]) -> None:
    model_deadlines = model.get("deadlines", {})
    out.comment(
        0, "Hạn gửi văn bản của các đơn vị.  Inclusive: “trước ngày D” means on or before D."
    )
    out.key(0, "deadlines", block=True)
    for entry in keys:
        label = (model_deadlines.get(entry.kind) or {}).get("label", entry.kind)
        out.key(2, entry.key, block=True)
        for extra in entry.facts[1:]:
            out.comment(4, f"also {quoted(extra.quote, extra.clause)}")
        if entry.facts:
            first = entry.facts[0]
            out.key(4, "date", first.date, quoted(first.quote, first.clause))
        else:
            rules = [
                r["code"]
                for r in model.get("rules", [])
                if (r.get("params") or {}).get("deadline") == entry.key
            ]
            why = f"the plan gives no deadline for {label}; or delete it and the rules"
            out.todo(4, "date", f"deadlines.{entry.key}.date: {why} {', '.join(rules) or '(none)'}")
        out.key(4, "label", label)
        clauses = list(dict.fromkeys(d.clause for d in entry.facts))
        out.key(4, "clause", ", ".join(clauses))
    out.blank()


def _markers(out: Out, facts: PlanFacts, model: dict[str, Any]) -> None:
    markers = model.get("campaign_markers", {})
    out.comment(0, "What says a document concerns this campaign: the references' numbers and these")
    out.comment(0, "phrases of the plan's title (shorter phrases match more documents: trim them).")
    out.key(0, "campaign_markers", block=True)
    out.key(2, "numbers", [])
    name = facts.name.value if facts.name else ""
    quoted_names = _labels(name)  # a movement's name in quotes is what documents repeat
    pieces = [p.strip(" ,;") for p in re.split(r"\(|\)|,|;", name)]
    phrases = quoted_names or [p for p in pieces if len(p.split()) >= 4][:4]
    if phrases:
        out.key(2, "phrases", phrases, quoted(facts.name.quote) if facts.name else "")
    else:
        out.todo(2, "phrases", "campaign_markers.phrases: words that name this campaign")
    out.key(2, "days_after_period", markers.get("days_after_period", 60), "from the model")
    out.blank()


def _dossier_parts(out: Out, facts: PlanFacts, model: dict[str, Any]) -> None:
    parts = dict(model.get("dossier_parts", {}))
    unknown = []
    for award in facts.awards:
        for part in award.parts:
            if part.key is None and part.text not in unknown:
                unknown.append(part.text)
    out.comment(0, "The dossier's parts (labels from the model; the awards below list theirs).")
    out.key(0, "dossier_parts", block=True)
    for key, spec in parts.items():
        out.key(2, key, block=True)
        out.key(4, "label", spec["label"])
        out.key(4, "doc_type", spec["doc_type"])
    for n, text in enumerate(unknown, start=1):
        out.key(2, f"part_{n}", block=True)
        out.key(4, "label", text[:80], quoted(text))
        out.todo(4, "doc_type", f"dossier_parts.part_{n}.doc_type: which document is “{text[:60]}”")
    out.blank()


def _aliases(name: str) -> list[str]:
    forms = [name]
    for long, short in vocab.ABBREVIATIONS:
        forms += [f.replace(long, short) for f in forms if long in f]
    forms += [f.replace(" của Chủ tịch ", " của ") for f in forms if " của Chủ tịch " in f]
    forms += [f.replace(" của ", " của Chủ tịch ", 1) for f in forms if " của Chủ tịch " not in f]
    forms += [f.replace(" của ", " ", 1) for f in forms]
    return list(dict.fromkeys(forms))


def _award_deadline(award: AwardFact, keys: list[DeadlineKey]) -> str | None:
    proposals = [k for k in keys if k.kind == "proposal" and k.facts]
    for entry in proposals:
        if any(d.clause in award.clauses for d in entry.facts):
            return entry.key
    return proposals[0].key if proposals else None


def _awards(
    out: Out, facts: PlanFacts, model: dict[str, Any], keys: list[DeadlineKey]
) -> list[AwardFact]:
    if not facts.awards:
        out.todo(0, "awards", "awards: no award levels (hình thức khen thưởng) were found")
        out.blank()
        return []
    out.comment(
        0, "Hình thức khen thưởng and the dossier each needs.  `handled`: the organiser collects"
    )
    out.comment(0, "its dossier (the plan lists one); a level without one is listed only.")
    out.key(0, "awards", block=True)
    for award in facts.awards:
        handled = bool(award.parts)
        out.key(2, award.key, block=True)
        out.key(4, "name", award.name, quoted(award.quote, award.clauses[0]))
        short = award.name
        for long, abbr in vocab.ABBREVIATIONS[:1]:
            short = short.replace(long, abbr)
        out.key(4, "short", short)
        out.key(4, "decided_by", award.decided_by)
        note = (
            f"its dossier: {', '.join(award.dossier_clauses)}"
            if handled
            else "no dossier in the plan"
        )
        out.key(4, "handled", handled, note)
        deadline = _award_deadline(award, keys) if handled else None
        if handled and deadline:
            entry = next(k for k in keys if k.key == deadline)
            out.key(4, "deadline", deadline, quoted(entry.facts[0].quote, entry.facts[0].clause))
        elif handled:
            out.todo(4, "deadline", f"awards.{award.key}.deadline: no deadline for its dossier")
        out.key(4, "clause", ", ".join(award.clauses))
        out.key(4, "aliases", _aliases(award.name))
        part_keys = []
        for n, part in enumerate(award.parts, start=1):
            key = part.key or f"part_{n}"
            if key not in part_keys:
                part_keys.append(key)
        for part in award.parts:
            out.comment(4, f"part {quoted(part.text, part.clause)}")
        out.key(4, "parts", part_keys)
    out.blank()
    return facts.awards


def _clauses_of(facts: PlanFacts, keys: list[DeadlineKey]) -> dict[str, str]:
    def join(items: list[str]) -> str:
        return ", ".join(dict.fromkeys(c for c in items if c))

    handled = [a for a in facts.awards if a.parts]
    period = facts.period_end or facts.period_start
    return {
        "contents": join([c.clause for c in facts.contents[:1]]),
        "period": period.clause if period else "",
        "award_list": join([a.clauses[0] for a in facts.awards]),
        "unhandled": join([c for a in facts.awards if not a.parts for c in a.clauses[1:]]),
        "proposal": join([d.clause for k in keys if k.kind == "proposal" for d in k.facts]),
        "dossier": join([c for a in handled for c in a.dossier_clauses]),
        "criteria": join([c for a in handled for c in a.clauses[1:] if c not in a.dossier_clauses]),
    }  # fmt: skip


def _rules(
    out: Out,
    facts: PlanFacts,
    model: dict[str, Any],
    keys: list[DeadlineKey],
    awards: list[AwardFact],
) -> None:
    clauses = _clauses_of(facts, keys)
    by_key = {k.key: k for k in keys}
    handled = [a.key for a in awards if a.parts]
    model_awards: dict[str, Any] = model.get("awards", {})
    unhandled = [a for a in awards if not a.parts]
    rules = []
    for rule in model.get("rules", []):
        rule = dict(rule)
        deadline = (rule.get("params") or {}).get("deadline")
        if deadline:
            entry = by_key.get(deadline)
            rule["clause"] = (
                ", ".join(dict.fromkeys(d.clause for d in entry.facts)) if entry else ""
            )
        elif rule.get("clause"):
            rule["clause"] = clauses.get(CHECK_TOPICS.get(rule["check"], ""), "")
        if (rule.get("applies_to") or {}).get("awards"):
            applies = dict(rule["applies_to"])
            part = (rule.get("params") or {}).get("part")
            chosen = [
                a.key
                for a in awards
                if a.parts and (not part or any(p.key == part for p in a.parts))
            ]
            if not chosen:
                continue  # no award level of this plan needs it
            applies["awards"] = chosen if part else handled
            rule["applies_to"] = applies
        if rule["check"] == "award_not_handled" and len(unhandled) == 1:
            for old in model_awards.values():
                if not old.get("handled") and old.get("decided_by"):
                    rule["message"] = rule["message"].replace(
                        old["decided_by"], unhandled[0].decided_by
                    )
        rules.append(rule)
    out.comment(
        0, "The rules: checks and messages from the model; clauses point into this plan where"
    )
    out.comment(
        0, "the reader could tell (empty where it could not); deadline rules name the keys above."
    )
    out.key(0, "rules", block=True)
    out.dump(2, rules)
    out.blank()


def _drafts(out: Out, facts: PlanFacts, model: dict[str, Any]) -> None:
    drafts: dict[str, dict[str, Any]] = model.get("drafts") or {}
    upward = [d for d in facts.deadlines if d.upward]
    parent, name = _organiser_header(facts)
    organiser_level = level_of(facts.organiser.value if facts.organiser else name)
    out.comment(
        0, "The drafts (SPEC §5): who decides, the legal bases in force, who signs.  Nothing"
    )
    out.comment(0, "of the model's authority is kept: each is read from this plan or left TODO.")
    out.key(0, "drafts", block=True)
    for section, settings in drafts.items():
        out.key(2, section, block=True)
        for key, value in settings.items():
            where = f"drafts.{section}.{key}"
            if key in DRAFT_FORM_KEYS and section == "decision":
                out.key(4, key, value, "from the model: check")
            elif key == "signer_name":
                out.key(4, key, "", "filled in when signed")
            elif key == "city_deadline" and upward:
                out.key(4, key, upward[0].date, quoted(upward[0].quote, upward[0].clause))
            elif key == "addressee" and upward and upward[0].recipient:
                out.key(4, key, upward[0].recipient, quoted(upward[0].quote, upward[0].clause))
            elif key in ("parent", "authority") and parent is not None and section != "decision":
                value = parent if key == "parent" else name
                out.key(4, key, value, quoted(" / ".join(facts.organiser_header)))
            elif (
                key == "authority"
                and section == "decision"
                and parent is not None
                and organiser_level
            ):
                decider = parent or name
                out.key(4, key, decider, quoted(" / ".join(facts.organiser_header)))
            elif key == "parent" and section == "decision" and parent is not None:
                out.key(4, key, "", "the deciding body has no parent line")
            else:
                out.todo(4, key, f"{where}: {_DRAFT_HELP.get(key, 'as the drafts should say it')}")
    out.blank()


_DRAFT_HELP = {
    "legal_bases": "the “Căn cứ …” lines of the decision, under the law in force",
    "decree": "the decree that sets the award's amount",
    "instruments": "the ids (of `instruments`) of the laws the legal bases cite",
    "city_deadline": "the plan gives no deadline for the dossier sent upward",
    "addressee": "to whom the Tờ trình goes",
    "authority": "the issuing body, in capitals",
    "authority_short": "the issuing body, short (UBND …)",
    "parent": "the issuing body's parent line, in capitals (empty if none)",
    "number_code": "the code of the document's number (QĐ-UBND, TTr-…)",
    "signer_role": "the signer's title, in capitals",
    "recipients": "the “Nơi nhận” list",
    "archive": "the “Lưu: …” line",
    "proposer": "who proposes the awards (“Xét đề nghị của …”)",
    "executors": "who carries out the decision (its last article)",
}
