"""The reply to each unit that still owes something: ``phan_hoi/<unit_id>.docx`` and ``.eml``.

The organiser's letter (công văn "V/v bổ sung, hoàn chỉnh hồ sơ thi đua", Nghị định 30
layout) lists every point the unit can act on: its findings of the rules the config marks
``reply: true`` (documents missing, late or unreadable, dossier parts lacking, contents to
correct), each with its deadline from the config and the file it refers to.  The e-mail
carries the same text as plain text and the letter attached; it is addressed to the roster's
``emails`` from the organiser's address, dated the as-of day at the config's ``send_time``
and identified by a Message-ID made from its content, so that a re-run writes the same bytes.
A unit that owes nothing gets no reply; without a ``replies`` section there are none.

Wording and layout live in the templates ``phan_hoi.docx`` (the letter) and
``phan_hoi.txt.j2`` (the e-mail's text); the README lists their placeholders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from email import policy
from email.charset import QP, Charset
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from pipeline.config import CampaignConfig, Rule, Unit
from pipeline.model import Finding, RunResult
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.tables import header_lines, long_date, printable

LETTER_TEMPLATE = "phan_hoi.docx"
TEXT_TEMPLATE = "phan_hoi.txt.j2"
FOLDER = "phan_hoi"
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
NO_FILE = "Chưa nhận được"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def short_date(day: dt.date | str) -> str:
    """A date as the findings write it: "05/05/2021"."""
    day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def safe_name(unit_id: str) -> str:
    """A unit id as a file name (roster ids are already plain; anything else is replaced)."""
    return _UNSAFE.sub("_", unit_id).strip("._") or "don_vi"


def reply_rules(config: CampaignConfig) -> dict[str, Rule]:
    """The rules whose findings are points of a reply, by code."""
    return {rule.code: rule for rule in config.rules if rule.reply}


def point_deadline(finding: Finding, rule: Rule, config: CampaignConfig) -> dt.date | None:
    """The deadline a point answers to: its rule's (params.deadline), else its award's, else
    the rule's ``reply_deadline``; None when there is none."""
    key = rule.params.get("deadline")
    if not key and finding.award in config.awards:
        key = config.awards[finding.award].deadline
    key = key or rule.reply_deadline
    deadline = config.deadlines.get(str(key)) if key else None
    return deadline.date if deadline else None


def point_file(finding: Finding) -> str:
    """The file a point refers to: the finding's source, else its evidence's."""
    source = finding.source or (finding.evidence.source if finding.evidence else "")
    return printable(source) if source else NO_FILE


def unit_points(
    findings: list[Finding], config: CampaignConfig
) -> dict[str, list[dict[str, str]]]:
    """Each unit's points (text, file, deadline), in the findings' order, repeats left out."""
    rules = reply_rules(config)
    points: dict[str, list[dict[str, str]]] = {}
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None or not finding.unit_id or finding.severity == "info":
            continue
        deadline = point_deadline(finding, rule, config)
        point = {
            "code": finding.rule,
            "text": printable(finding.message),
            "file": point_file(finding),
            "deadline": short_date(deadline) if deadline else "",
        }
        listed = points.setdefault(finding.unit_id, [])
        if point not in listed:
            listed.append(point)
    return points


def reply_inputs(result: RunResult, config: CampaignConfig, units: list[Unit]) -> dict[str, Any]:
    """Every reply's plain inputs: the letters' contexts and the e-mails' headers."""
    spec = config.replies
    if spec is None:
        return {"letters": []}
    organiser = config.campaign.organiser
    sender = spec.sender or (organiser.emails[0] if organiser.emails else "")
    as_of = dt.date.fromisoformat(result.as_of)
    respond_by = as_of + dt.timedelta(days=spec.respond_within_days)
    reference = next((r for r in config.references if r.key == spec.reference), None)
    from pipeline.render.drafts import document_kind

    cited = None
    if reference is not None:
        cited = {
            "kind": document_kind(reference.number),
            "number": reference.number,
            "date": long_date(reference.date),
            "issuer": reference.issuer,
            "title": printable(reference.title).rstrip(" ;.,"),
        }
    offset = dt.datetime.strptime(config.campaign.utc_offset, "%z").tzinfo
    sent = dt.datetime.combine(as_of, spec.send_time, tzinfo=offset)
    by_id = {unit.unit_id: unit for unit in units}
    letters = []
    for unit_id, points in sorted(unit_points(result.findings, config).items()):
        unit = by_id.get(unit_id)
        if unit is None:
            continue
        name = f"{FOLDER}/{safe_name(unit_id)}"
        context = {
            "parent_lines": header_lines(organiser.parent),
            "issuer_lines": header_lines(organiser.name),
            "organiser": printable(organiser.short),
            "number_code": printable(spec.number_code),
            "subject": printable(spec.subject),
            "place": config.campaign.place,
            "date_long": long_date(as_of),
            "as_of_long": long_date(as_of),
            "unit_name": printable(unit.name),
            "reference": cited,
            "points": [{k: v for k, v in p.items() if k != "code"} for p in points],
            "point_count": f"{len(points):02d}",
            "sender": sender,
            "respond_by_long": long_date(respond_by),
            "signer_role": printable(spec.signer_role),
            "signer_name": printable(spec.signer_name),
            "recipients": [printable(r).rstrip(" ;.,") for r in spec.recipients],
            "archive": printable(spec.archive).rstrip(" ;.,"),
            "attachment": f"{safe_name(unit_id)}.docx",
        }
        letters.append({
            "file": name,
            "context": context,
            "to": [[printable(unit.name), email] for email in unit.emails],
            "from": [printable(organiser.short), sender],
            "subject": printable(f"{spec.email_subject} – {unit.name}"),
            "date": format_datetime(sent),
            "campaign": config.campaign.id,
        })
    return {"letters": letters}


def reply_files(
    inputs: dict[str, Any], *, templates_dir: Path = TEMPLATES_DIR
) -> dict[str, bytes]:
    """The letters (DOCX) and e-mails (.eml) from :func:`reply_inputs`."""
    from pipeline.render.tables import render_docx

    files: dict[str, bytes] = {}
    for letter in inputs["letters"]:
        docx = render_docx(templates_dir / LETTER_TEMPLATE, letter["context"])
        text = render_text(templates_dir / TEXT_TEMPLATE, letter["context"])
        files[letter["file"] + ".docx"] = docx
        files[letter["file"] + ".eml"] = email_bytes(letter, text, docx)
    return files


def render_text(template: Path, context: dict[str, Any]) -> str:
    """The e-mail's plain text: the letter's words, from a jinja template (no escaping)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    text = env.from_string(template.read_text("utf-8")).render(context)
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def email_bytes(letter: dict[str, Any], text: str, docx: bytes) -> bytes:
    """A ready-to-send message (RFC 5322, CRLF): the text, the letter attached.

    ``X-Unsent: 1`` makes Outlook open it as a draft to send; other clients open it as a
    message to forward or re-send.  The MIME boundary and the Message-ID are made from the
    content, and the Date from the as-of day: the bytes are the same from run to run.  The
    headers are encoded with :class:`email.header.Header` (RFC 2047): Python 3.11's newer
    folding drops the space between two encoded words of a long Vietnamese subject.
    """
    digest = hashlib.sha256()
    for part in (letter["campaign"], letter["file"], letter["subject"], letter["date"], text):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(docx)
    token = digest.hexdigest()
    sender_name, sender = letter["from"]
    domain = sender.rpartition("@")[2] or "localhost"
    msg = MIMEMultipart(boundary=f"=_thidua_{token[16:48]}")
    if sender:
        msg["From"] = formataddr((sender_name, sender), charset="utf-8")
    if letter["to"]:
        msg["To"] = ", ".join(
            formataddr((name, email), charset="utf-8") for name, email in letter["to"]
        )
    msg["Subject"] = Header(letter["subject"], "utf-8")  # type: ignore[assignment]
    msg["Date"] = letter["date"]
    msg["Message-ID"] = f"<phan-hoi.{token[:24]}@{domain}>"
    msg["X-Unsent"] = "1"
    charset = Charset("utf-8")
    charset.body_encoding = QP
    msg.attach(MIMEText(text, "plain", charset))  # type: ignore[arg-type]
    attachment = MIMEApplication(docx, DOCX_TYPE[1])
    attachment.add_header(
        "Content-Disposition", "attachment", filename=letter["context"]["attachment"]
    )
    msg.attach(attachment)
    return msg.as_bytes(policy=policy.compat32.clone(linesep="\r\n"))
