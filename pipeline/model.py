"""The plain data that flows between the stages: ingest → parse → extract → validate → render.

Every class here is a dataclass of plain values so that a stage can be tested alone and a
record can be cached, pickled to a worker and written as JSON without translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, None for any other class."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


_LEAVES = frozenset({str, int, float, bool, type(None)})


def to_plain(value: Any) -> Any:
    """Dataclasses, lists and tuples as plain dicts and lists, for JSON.

    ``dataclasses.asdict`` deep-copies every leaf; records are written by the thousand, and
    this is several times faster (the class of a value decides, looked up once per class).
    """
    cls = value.__class__
    if cls in _LEAVES:
        return value
    if cls is list or cls is tuple:
        return [to_plain(v) for v in value]
    names = _field_names(cls)
    if names is not None:
        return {name: to_plain(getattr(value, name)) for name in names}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------- ingest


@dataclass
class InboxItem:
    """One document found in the inbox: a file, an e-mail attachment or a zip member.

    ``source`` is relative to the inbox; an attachment is ``mail.eml#file.docx`` and a zip
    member ``bundle.zip#dir/file.pdf`` (SPEC §5).  ``format`` is decided from the bytes, not
    the name: ``docx``, ``pdf``, ``doc``, ``text`` (an e-mail body), ``html``, ``empty`` or
    ``unknown``.
    """

    source: str
    sha256: str
    format: str
    data: bytes = field(repr=False)
    received_at: str | None = None  # local (Vietnam) date, ISO YYYY-MM-DD
    received_time: str | None = None  # local time HH:MM, when known
    received_source: str = "none"  # eml | register | none  (doc_date is set by extract)
    sender: str = ""  # e-mail address or the register's sender text
    folder: str = ""  # first inbox sub-folder, a hint to the sender
    errors: list[str] = field(default_factory=list)  # Vietnamese messages: why unreadable
    # The inbox file when ``data`` is all of it: a parser worker reads the bytes again from
    # there rather than receive them through a pipe (see ``ingest.with_data``).
    path: str = ""


# ----------------------------------------------------------------------------- parse


@dataclass(frozen=True)
class Block:
    """A paragraph or a table of a document, and where it was found.

    For a table, ``rows`` holds the text of each distinct cell (a merged cell once, nested
    tables folded into their cell's text) and ``text`` the rows joined by newlines.
    """

    kind: str  # "paragraph" | "table"
    text: str
    index: int  # 1-based ordinal among the document's blocks
    page: int | None = None  # 1-based PDF page; None for DOCX
    part: str = "body"  # "body" | "header" | "footer"
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass
class ParsedDocument:
    """A document reduced to ordered blocks of NFC text, whatever its format."""

    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    text_source: str = "text"  # text | ocr | legacy
    page_count: int = 0
    errors: list[str] = field(default_factory=list)  # fatal: the document is unreadable
    warnings: list[str] = field(default_factory=list)  # e.g. low OCR confidence

    def paragraphs(self) -> list[Block]:
        """Paragraph blocks of the body, in order."""
        return [b for b in self.blocks if b.kind == "paragraph" and b.part == "body"]

    def tables(self) -> list[Block]:
        """Table blocks, in order."""
        return [b for b in self.blocks if b.kind == "table"]


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True)
class Evidence:
    """Where a fact came from: the file, the page (PDF) or paragraph (DOCX), the quote."""

    source: str
    page: int | None
    quote: str
    field: str = ""
    paragraph: int | None = None


@dataclass
class Entry:
    """One registered project (công trình, dự án) under one content of the campaign."""

    content_no: int | None
    project: str
    expected_completion: str | None  # ISO date: the last day of the period written
    expected_completion_raw: str
    evidence: Evidence | None = None


@dataclass
class Nominee:
    """A collective or individual proposed, approved or reported on in a dossier document."""

    kind: str  # collective | individual
    name: str
    position: str = ""
    unit_id: str | None = None
    award: str | None = None  # config award key (city_merit …) or None when not recognised
    award_raw: str = ""
    head_of_unit: bool = False
    approved: bool | None = None  # council minutes: passed or voted down
    votes_for: int | None = None
    votes_total: int | None = None
    evidence: Evidence | None = None
    # Why a fact of this nominee could not be read with confidence (Vietnamese); a nominee
    # with a doubt is judged ``needs_review``, never ``eligible``.
    doubt: str = ""


@dataclass
class Quorum:
    """Council minutes: how many members were present, of how many (a quorum fact)."""

    present: int | None
    members: int | None
    evidence: Evidence | None = None


@dataclass
class Notice:
    """Something the extractor saw about a whole document that a person should know.

    ``code`` is a rule of the config (``DOCUMENT_NOT_USED``, ``TYPE_SIGNALS_DISAGREE``,
    ``NOT_A_DOCUMENT``, ``EXTRACTION_DOUBT``); ``detail`` is the Vietnamese text the rule's
    message template shows; ``evidence`` the quote it rests on.
    """

    code: str
    detail: str
    evidence: Evidence | None = None


@dataclass
class Record:
    """Everything the pipeline learnt about one document (one line of records.jsonl)."""

    source: str
    sha256: str
    format: str
    doc_type: str = "unknown"
    unit_id: str | None = None
    doc_number: str | None = None
    doc_date: str | None = None
    title: str | None = None
    received_at: str | None = None
    received_source: str = "none"
    text_source: str = "text"
    sender: str = ""
    issuer: str = ""  # the issuing-body lines at the top, as written
    entries: list[Entry] = field(default_factory=list)
    nominees: list[Nominee] = field(default_factory=list)
    quorum: Quorum | None = None  # council minutes only
    notices: list[Notice] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The record as SPEC §5 lays it out."""
        plain: dict[str, Any] = to_plain(self)
        return plain


# -------------------------------------------------------------------------- validate


@dataclass
class Finding:
    """One rule applied to one unit, document or nominee (one line of findings.jsonl)."""

    rule: str
    severity: str  # error | warning | info
    message: str  # Vietnamese, NFC
    clause: str = ""
    unit_id: str | None = None
    nominee: str | None = None
    award: str | None = None
    source: str | None = None
    evidence: Evidence | None = None

    def to_json(self) -> dict[str, Any]:
        """The finding as SPEC §5 lays it out."""
        plain: dict[str, Any] = to_plain(self)
        return plain


@dataclass
class UnitStatus:
    """One unit's standing in the campaign (one row of units.csv)."""

    unit_id: str
    name: str
    registration: str  # on_time | late | missing | pending
    registration_received_at: str | None
    launch: str
    result_report: str
    nominees: int = 0
    eligible: int = 0


@dataclass
class DossierPart:
    """One required part of a nominee's dossier and the file that supplied it, if any."""

    part: str  # proposal | council_minutes | achievement_report | tax_confirmation
    label: str  # Vietnamese name of the part
    required: bool
    source: str | None = None


@dataclass
class Verdict:
    """A nominee's dossier and what the rules decided about it (one row of nominees.csv)."""

    unit_id: str | None
    kind: str
    name: str
    position: str
    award: str | None
    verdict: str  # eligible | ineligible | needs_review | not_handled
    reasons: list[str] = field(default_factory=list)
    head_of_unit: bool = False
    parts: list[DossierPart] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# ---------------------------------------------------------------------------- render


@dataclass
class RunResult:
    """Everything a run decided, handed to the renderers (which only write)."""

    as_of: str  # ISO date the run judged "missing" against
    records: list[Record]
    findings: list[Finding]
    units: list[UnitStatus]
    verdicts: list[Verdict]
    manifest: dict[str, Any] = field(default_factory=dict)
