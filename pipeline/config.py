"""Load and check the campaign YAML and the roster CSV.

The campaign's dates, contents, award levels, dossier parts and rules are data: this module
reads them into checked pydantic models, and a wrong key or date fails loudly, naming the key
and the line of the YAML it is on.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pipeline.text import nfc


class ConfigError(Exception):
    """The campaign config or roster cannot be used; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    start: dt.date
    end: dt.date
    clause: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("period.end is before period.start")
        return self


class Organiser(_Strict):
    parent: str
    name: str
    short: str
    emails: list[str] = Field(default_factory=list)


class Campaign(_Strict):
    id: str
    name: str
    short_name: str
    period: Period
    utc_offset: str = "+07:00"
    roster: str
    place: str
    organiser: Organiser


class Reference(_Strict):
    key: str
    number: str
    date: dt.date
    issuer: str
    title: str


class Instrument(_Strict):
    """A legal instrument the campaign cites (a law, a decree), with the dates it is in force.

    ``source`` says where the number and dates were read; ``unverified`` marks a fact that a
    second source did not confirm (the log shows it beside every finding that rests on it).
    """

    id: str
    title: str
    number: str
    issued: dt.date | None = None
    effective: dt.date
    repealed: dt.date | None = None  # the first day it no longer applies
    replaced_by: str | None = None
    source: str
    unverified: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> Instrument:
        if self.repealed is not None and self.repealed <= self.effective:
            raise ValueError(f"instruments.{self.id}: repealed is not after effective")
        return self


class LegalSource(_Strict):
    """Where a legal fact comes from: an instrument of ``instruments``, its article and clause."""

    instrument: str
    article: str = ""  # "Điều 74"
    clause: str = ""  # "khoản 2"
    unverified: bool = False  # this article/clause was not confirmed by a second source
    note: str = ""


class Content(_Strict):
    number: int
    title: str
    agency: str
    # Short names schools write instead of the number or the title ("Bầu cử", "Chống rác
    # thải"), and phrases of the plan's full text that the title here abridges.
    labels: list[str] = Field(default_factory=list)


class Deadline(_Strict):
    date: dt.date
    label: str
    clause: str
    inclusive: bool = True

    def is_late(self, day: dt.date) -> bool:
        """Whether a document received on ``day`` missed this deadline."""
        return day > self.date if self.inclusive else day >= self.date


class RegistrationForm(_Strict):
    placeholders: list[str]
    same_as_above: list[str]


class DossierPartSpec(_Strict):
    label: str
    doc_type: str
    legal: list[LegalSource] = Field(default_factory=list)


class Award(_Strict):
    name: str
    short: str
    decided_by: str
    handled: bool
    clause: str
    aliases: list[str]
    parts: list[str]
    deadline: str | None = None
    legal: list[LegalSource] = Field(default_factory=list)


class HeadsOfUnit(_Strict):
    positions: list[str]
    not_heads: list[str]


class AppliesTo(_Strict):
    awards: list[str] | None = None
    categories: list[str] | None = None


class Rule(_Strict):
    code: str
    check: str
    severity: Literal["error", "warning", "info"]
    clause: str
    message: str
    params: dict[str, Any] = Field(default_factory=dict)
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    order: int = 0
    # A finding of this rule is a point the unit can act on (send, resend, complete, correct):
    # it goes into the unit's reply letter (outbox/phan_hoi/, issue 17).
    reply: bool = False
    # The deadline (a key of `deadlines`) a reply point of this rule answers to, when neither
    # params.deadline nor the nominee's award names one (e.g. a registration's contents).
    reply_deadline: str | None = None
    legal: list[LegalSource] = Field(default_factory=list)  # the law the rule rests on



class DocumentKind(_Strict):
    """A kind of administrative document (tên loại văn bản): its kind line and number code."""

    key: str
    name: str  # as a sentence names it: "Quyết định"
    words: list[str] = Field(min_length=1)  # how its kind line begins: "QUYẾT ĐỊNH"
    codes: list[str]  # its code in the number ("Số: 15/QĐ-UBND" → QĐ)
    # campaign: a campaign document when its subject fits; not_used: never one (a decision, a
    # law …), reported as such; other: a unit's paper of other business (an invitation …)
    use: Literal["campaign", "not_used", "other"]


class LetterSpec(_Strict):
    """An official letter (công văn): no kind line, its subject ("V/v …") under its number."""

    kind: str
    subject_starts: list[str] = Field(min_length=1)


class DocumentTypeForm(_Strict):
    """One way a doc_type shows: its kinds, and the subject phrases that make it this type."""

    doc_type: Literal[
        "registration", "launch", "result_report", "proposal", "council_minutes",
        "achievement_report", "tax_confirmation",
    ]  # fmt: skip
    kinds: list[str] = Field(min_length=1)
    subjects: list[str] = Field(default_factory=list)  # empty: any subject
    not_subjects: list[str] = Field(default_factory=list)
    needs_campaign_marker: bool = False


class DocumentTypes(_Strict):
    """The vocabulary of document classification (SPEC §3); the code holds only the method."""

    kinds: list[DocumentKind] = Field(min_length=1)
    letter: LetterSpec
    types: list[DocumentTypeForm] = Field(min_length=1)
    body_starts: list[str]
    news_markers: list[str]
    blank_form_lines: int = Field(ge=1)

    @model_validator(mode="after")
    def _known_kinds(self) -> DocumentTypes:
        keys = [k.key for k in self.kinds]
        if len(set(keys)) != len(keys):
            raise ValueError("document_types.kinds: kind keys repeat")
        if self.letter.kind not in keys:
            raise ValueError(f"document_types.letter.kind: unknown kind {self.letter.kind!r}")
        for form in self.types:
            for kind in form.kinds:
                if kind not in keys:
                    raise ValueError(f"document_types.types.{form.doc_type}: unknown kind {kind!r}")
        return self

    def kind(self, key: str) -> DocumentKind:
        """The kind with this key."""
        return next(k for k in self.kinds if k.key == key)


class CampaignMarkers(_Strict):
    """What says a document concerns this campaign rather than another."""

    numbers: list[str] = Field(default_factory=list)  # besides the numbers of `references`
    phrases: list[str]
    days_after_period: int = Field(ge=0)


class MailSpec(_Strict):
    """Intake from the office mailbox (``fetch``, issue 17)."""

    max_message_mb: float = Field(default=25, gt=0)  # a bigger message is skipped, with a line


class RegisterSpec(_Strict):
    """The award register (sổ khen thưởng, SQLite) that outlives campaigns (issue 16)."""

    path: str  # relative to the config file; never inside an outbox


class ReplySpec(_Strict):
    """The letter (công văn) to each unit that still owes something, and its e-mail (issue 17).

    The organiser issues it; ``sender`` is the From address (default: the organiser's first
    e-mail); ``reference`` is the key of the plan it cites; a unit is asked to answer within
    ``respond_within_days`` of the as-of date; the e-mail is dated the as-of day at
    ``send_time`` (local time), so that a re-run gives the same bytes.
    """

    subject: str = "V/v bổ sung, hoàn chỉnh hồ sơ thi đua"
    email_subject: str = "Đề nghị bổ sung, hoàn chỉnh hồ sơ thi đua"
    number_code: str = ""
    sender: str | None = None
    reference: str | None = None
    respond_within_days: int = Field(default=5, ge=0)
    send_time: dt.time = dt.time(8, 0)
    signer_role: str = ""
    signer_name: str = ""
    recipients: list[str] = Field(default_factory=lambda: ["Như trên"])
    archive: str = "Lưu: VT"


class CampaignConfig(_Strict):
    """A whole campaign: the plan's references, contents, deadlines, awards and rules."""

    schema_version: Literal[1]
    campaign: Campaign
    references: list[Reference]
    contents: list[Content]
    deadlines: dict[str, Deadline]
    registration: RegistrationForm
    dossier_parts: dict[str, DossierPartSpec]
    awards: dict[str, Award]
    heads_of_unit: HeadsOfUnit
    document_types: DocumentTypes
    campaign_markers: CampaignMarkers
    rules: list[Rule]
    drafts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    replies: ReplySpec | None = None
    instruments: list[Instrument] = Field(default_factory=list)
    # "register" in the YAML (the name shadows pydantic's ABC ``register``)
    award_register: RegisterSpec | None = Field(default=None, alias="register")
    mail: MailSpec = Field(default_factory=MailSpec)

    @model_validator(mode="after")
    def _cross_references(self) -> CampaignConfig:
        for key, award in self.awards.items():
            for part in award.parts:
                if part not in self.dossier_parts:
                    raise ValueError(f"awards.{key}.parts: unknown dossier part {part!r}")
            if award.deadline and award.deadline not in self.deadlines:
                raise ValueError(f"awards.{key}.deadline: unknown deadline {award.deadline!r}")
        for rule in self.rules:
            for award_key in rule.applies_to.awards or []:
                if award_key not in self.awards:
                    raise ValueError(f"rules.{rule.code}.applies_to: unknown award {award_key!r}")
            if rule.reply_deadline and rule.reply_deadline not in self.deadlines:
                raise ValueError(
                    f"rules.{rule.code}.reply_deadline: unknown {rule.reply_deadline!r}"
                )
            deadline = rule.params.get("deadline")
            if deadline and deadline not in self.deadlines:
                raise ValueError(f"rules.{rule.code}.params.deadline: unknown {deadline!r}")
        cited = self.replies.reference if self.replies else None
        if cited and cited not in {ref.key for ref in self.references}:
            raise ValueError(f"replies.reference: unknown reference {cited!r}")
        numbers = [c.number for c in self.contents]
        if len(set(numbers)) != len(numbers):
            raise ValueError("contents: content numbers repeat")
        self._check_instruments()
        return self

    def _citations(self) -> list[tuple[str, str]]:
        """Every instrument cited, with where: ``(where, instrument id)``."""
        cited: list[tuple[str, str]] = []
        for key, part in self.dossier_parts.items():
            cited += [(f"dossier_parts.{key}.legal", s.instrument) for s in part.legal]
        for key, award in self.awards.items():
            cited += [(f"awards.{key}.legal", s.instrument) for s in award.legal]
        for rule in self.rules:
            cited += [(f"rules.{rule.code}.legal", s.instrument) for s in rule.legal]
        for name, draft in self.drafts.items():
            ids = draft.get("instruments") or []
            if not isinstance(ids, list):
                raise ValueError(f"drafts.{name}.instruments: a list of instrument ids")
            cited += [(f"drafts.{name}.instruments", str(i)) for i in ids]
        return cited

    def _check_instruments(self) -> None:
        """Cited instruments exist and are in force during the campaign (law with dates)."""
        known = {i.id: i for i in self.instruments}
        if len(known) != len(self.instruments):
            raise ValueError("instruments: instrument ids repeat")
        for entry in self.instruments:
            if entry.replaced_by and entry.replaced_by not in known:
                raise ValueError(
                    f"instruments.{entry.id}.replaced_by: unknown instrument {entry.replaced_by!r}"
                )
        period = self.campaign.period
        for where, ident in self._citations():
            inst = known.get(ident)
            if inst is None:
                raise ValueError(f"{where}: unknown instrument {ident!r}")
            if inst.repealed is not None and period.start >= inst.repealed:
                by = f", replaced by {inst.replaced_by}" if inst.replaced_by else ""
                raise ValueError(
                    f"{where}: campaign {self.campaign.id} (period {period.start} to "
                    f"{period.end}) cites instrument {inst.id} ({inst.number}), repealed from "
                    f"{inst.repealed}{by}"
                )
            if inst.effective > period.end:
                raise ValueError(
                    f"{where}: campaign {self.campaign.id} (period {period.start} to "
                    f"{period.end}) cites instrument {inst.id} ({inst.number}), in force only "
                    f"from {inst.effective}"
                )

    def instrument(self, ident: str) -> Instrument | None:
        """The legal instrument with this id."""
        return next((i for i in self.instruments if i.id == ident), None)

    def unverified_rules(self) -> frozenset[str]:
        """Codes of the rules resting on a legal fact not confirmed by a second source: a cited
        article marked unverified, or an instrument whose facts are."""

        def shaky(sources: list[LegalSource]) -> bool:
            return any(
                s.unverified or getattr(self.instrument(s.instrument), "unverified", False)
                for s in sources
            )

        return frozenset(r.code for r in self.rules if shaky(r.legal))


    def rule(self, code: str) -> Rule | None:
        """The rule with this reason code, if the campaign declares it."""
        return next((r for r in self.rules if r.code == code), None)

    def award_names(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each award level's key and every name it goes by, as ``parse_award`` takes them."""
        return tuple(
            (key, (award.name, award.short, *award.aliases)) for key, award in self.awards.items()
        )

    def content(self, no: int) -> Content | None:
        """The content (nội dung thi đua) with this number."""
        return next((c for c in self.contents if c.number == no), None)


class Unit(_Strict):
    """One participating unit of the roster (SPEC §2)."""

    unit_id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    ward: str = ""
    cluster: str = ""
    emails: tuple[str, ...] = ()
    enterprise: bool = False


# ------------------------------------------------------------------------------ loading


class _TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic checks them and names the line
    (libyaml's parser where PyYAML has it: a tenth of the time of the pure-Python one)."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    lines: dict[tuple[str | int, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str | int, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, str(key.value))
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=_TextDateLoader)
    if root is not None:
        walk(root, ())
    return lines


def _line_of(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


TODO = "TODO"  # what `init-campaign` writes where the plan says nothing


def todo_keys(text: str) -> list[tuple[str, int]]:
    """Every value of a config still ``TODO`` (a draft not yet reviewed): its key and line."""
    found: list[tuple[str, int]] = []

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.ScalarNode):
            if str(node.value).strip() == TODO:
                found.append((".".join(path) or "(top level)", node.start_mark.line + 1))
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, str(key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, str(i)))

    root = yaml.compose(text, Loader=_TextDateLoader)
    if root is not None:
        walk(root, ())
    return found


def _refuse_todos(path: Path, text: str) -> None:
    todos = todo_keys(text)
    if todos:
        where = "\n  ".join(f"{path}:line {line}: {key}" for key, line in todos)
        raise ConfigError(
            f"cấu hình còn {len(todos)} mục TODO chưa điền / the config still has "
            f"{len(todos)} TODO to fill in:\n  {where}"
        )


def load_config(path: Path) -> CampaignConfig:
    """Read and check a campaign YAML; raise ConfigError naming the key and line on error
    (a value still ``TODO`` included)."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.load(text, Loader=_TextDateLoader)  # a SafeLoader subclass
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    _refuse_todos(path, text)
    try:
        return CampaignConfig.model_validate(_nfc_tree(raw))
    except ValidationError as exc:
        lines = _key_lines(text)
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            where = ".".join(str(p) for p in loc) or "(top level)"
            line = _line_of(lines, loc)
            at = f"line {line}" if line else "line ?"
            problems.append(f"{path}:{at}: {where}: {err['msg']}")
        raise ConfigError("invalid campaign config:\n  " + "\n  ".join(problems)) from exc


def _nfc_tree(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_tree(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_tree(v) for k, v in value.items()}
    return value


ROSTER_COLUMNS = ["unit_id", "name", "aliases", "kind", "ward", "cluster", "emails", "enterprise"]


def load_roster(path: Path) -> list[Unit]:
    """Read the roster CSV (SPEC §2); ``aliases`` and ``emails`` are split on ``|``."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the roster: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ROSTER_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ConfigError(f"{path}: roster lacks columns {', '.join(missing)}")
    units: list[Unit] = []
    seen: set[str] = set()
    for lineno, row in enumerate(reader, start=2):
        unit_id = (row["unit_id"] or "").strip()
        if not unit_id or unit_id in seen:
            raise ConfigError(f"{path}:line {lineno}: empty or repeated unit_id {unit_id!r}")
        seen.add(unit_id)
        flag = (row["enterprise"] or "false").strip().lower()
        if flag not in {"true", "false", ""}:
            raise ConfigError(f"{path}:line {lineno}: enterprise must be true or false")
        units.append(
            Unit(
                unit_id=unit_id,
                name=nfc(row["name"].strip()),
                aliases=tuple(nfc(a) for a in _split(row["aliases"])),
                kind=(row["kind"] or "").strip(),
                ward=nfc((row["ward"] or "").strip()),
                cluster=nfc((row["cluster"] or "").strip()),
                emails=tuple(e.lower() for e in _split(row["emails"])),
                enterprise=flag == "true",
            )
        )
    return units


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def roster_path(config_path: Path, config: CampaignConfig) -> Path:
    """Where the config says its roster is (relative to the config file)."""
    return (config_path.parent / config.campaign.roster).resolve()


def register_path(config_path: Path, config: CampaignConfig) -> Path | None:
    """Where the config says the award register is (relative to the config file), if it does."""
    if config.award_register is None:
        return None
    return (config_path.parent / config.award_register.path).resolve()


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, for the manifest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
