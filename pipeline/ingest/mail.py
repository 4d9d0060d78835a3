"""Read a saved e-mail: when it was received, who sent it, and what it carries (SPEC §2).

The ``Date`` header is the receipt time; it is read in its own offset and converted to the
campaign's local time, so a mail sent at 22:30 UTC on 4 May arrived on 5 May in Vietnam.
Attachment names come from the sender and are only labels: they are decoded, normalised and
cut down to a base name, never used as a path.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from dataclasses import dataclass, field
from email import policy
from email.errors import (
    MessageDefect,
    MultipartInvariantViolationDefect,
    NoBoundaryInMultipartDefect,
    StartBoundaryNotFoundDefect,
)
from email.message import Message
from email.parser import BytesParser
from html.parser import HTMLParser

from pipeline.ingest.archive import UniqueNames, format_size

FORWARDED_NAME = "forwarded.eml"
ATTACHMENT_NAME = "tep_dinh_kem"  # stands in for an attachment that has no usable name
_BODY_TYPES = ("text/plain", "text/html")
_OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BROKEN_STRUCTURE = (
    StartBoundaryNotFoundDefect,
    NoBoundaryInMultipartDefect,
    MultipartInvariantViolationDefect,
)


@dataclass(frozen=True)
class MailPart:
    """An attachment, or a forwarded message (``is_message``) to be read as an e-mail."""

    name: str
    data: bytes
    is_message: bool = False
    errors: tuple[str, ...] = ()


@dataclass
class Mail:
    """What ingest needs from one e-mail."""

    received_at: str | None = None  # local date YYYY-MM-DD
    received_time: str | None = None  # local time HH:MM
    sender: str = ""
    parts: list[MailPart] = field(default_factory=list)
    body: str = ""
    errors: list[str] = field(default_factory=list)


def parse_utc_offset(text: str) -> dt.timezone:
    """The fixed offset written as "+07:00" (or "+0700")."""
    match = _OFFSET.match(text.strip())
    if match is None:
        raise ValueError(f"UTC offset must look like +07:00, got {text!r}")
    sign = -1 if match.group(1) == "-" else 1
    delta = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3)))
    return dt.timezone(sign * delta)


def read_mail(data: bytes, local: dt.timezone, max_part_bytes: int, max_parts: int) -> Mail:
    """Parse ``data`` as an e-mail; problems become Vietnamese errors, never exceptions."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception:  # the stdlib parser can fail in many ways on hostile input
        return Mail(errors=["Thư điện tử bị hỏng, không đọc được."])
    mail = Mail(sender=_sender(message))
    received = _received(message, local)
    if received is not None:
        mail.received_at, mail.received_time = received
    try:
        _collect(message, mail, UniqueNames(), max_part_bytes, max_parts)
    except Exception:
        mail.errors.append("Thư điện tử bị hỏng cấu trúc MIME, không đọc hết được nội dung.")
    if _has_broken_structure(message):
        mail.errors.append(
            "Thư điện tử bị hỏng cấu trúc MIME (thiếu ranh giới phần); có thể mất tệp đính kèm."
        )
    return mail


def _received(message: Message, local: dt.timezone) -> tuple[str, str] | None:
    """The Date header as a local (date, time); a header without an offset is local already."""
    try:
        value = message.get("Date")
        if value is None:
            return None
        stamp = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    stamp = stamp.replace(tzinfo=local) if stamp.tzinfo is None else stamp.astimezone(local)
    return stamp.strftime("%Y-%m-%d"), stamp.strftime("%H:%M")


def _sender(message: Message) -> str:
    """The first From address, lower case; "" when there is none."""
    try:
        raw = message.get("From")
    except Exception:  # a malformed header the new parser rejects
        return ""
    if raw is None:
        return ""
    addresses = email.utils.getaddresses([str(raw)])
    for _, address in addresses:
        if address:
            return unicodedata.normalize("NFC", address.strip().lower())
    return ""


def _collect(
    part: Message, mail: Mail, names: UniqueNames, max_part_bytes: int, max_parts: int
) -> None:
    """Walk the MIME tree: attachments and forwarded messages to ``mail.parts``, text to body."""
    if part.get_content_type() == "message/rfc822":
        _add(mail, _forwarded(part, names), max_parts)
        return
    if part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                _collect(child, mail, names, max_part_bytes, max_parts)
        return
    filename = _filename(part)
    if filename is not None or part.get_content_disposition() == "attachment":
        name = names.claim(safe_name(filename or ""))
        _add(mail, _attachment(part, name, max_part_bytes), max_parts)
        return
    if part.get_content_type() in _BODY_TYPES and not mail.body:
        mail.body = _body_text(part)


def _add(mail: Mail, item: MailPart, max_parts: int) -> None:
    if len(mail.parts) < max_parts:
        mail.parts.append(item)
    elif len(mail.parts) == max_parts:
        mail.parts.append(
            MailPart(
                item.name,
                b"",
                errors=(f"Thư có quá nhiều tệp đính kèm (hơn {max_parts}); bỏ qua phần còn lại.",),
            )
        )


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # undecodable parameter
        return ATTACHMENT_NAME
    return None if name is None else str(name)


def _attachment(part: Message, name: str, max_part_bytes: int) -> MailPart:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if not isinstance(payload, bytes):
        return MailPart(name, b"", errors=(f"Không giải mã được tệp đính kèm: {name}",))
    if len(payload) > max_part_bytes:
        return MailPart(name, b"", errors=(_too_big(name, len(payload), max_part_bytes),))
    return MailPart(name, payload)


def _forwarded(part: Message, names: UniqueNames) -> MailPart:
    """A message/rfc822 part as the bytes of the inner e-mail."""
    name = names.claim(safe_name(_filename(part) or FORWARDED_NAME))
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        return MailPart(name, b"", True, (f"Thư chuyển tiếp bị hỏng, không đọc được: {name}",))
    try:
        return MailPart(name, inner.as_bytes(policy=policy.default), True)
    except Exception:
        return MailPart(name, b"", True, (f"Thư chuyển tiếp bị hỏng, không đọc được: {name}",))


def _too_big(name: str, size: int, limit: int) -> str:
    sizes = f"{format_size(size)}, tối đa {format_size(limit)}"
    return f"Tệp đính kèm quá dung lượng cho phép ({sizes}): {name}"


def _body_text(part: Message) -> str:
    """The text of a body part; HTML is reduced to its visible text."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def _has_broken_structure(message: Message) -> bool:
    for part in message.walk():
        defects: list[MessageDefect] = list(getattr(part, "defects", []))
        if any(isinstance(defect, _BROKEN_STRUCTURE) for defect in defects):
            return True
    return False


def safe_name(raw: str) -> str:
    """A sender-given file name reduced to an NFC base name with no path parts."""
    text = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text)).replace("\\", "/")
    base = text.rsplit("/", 1)[-1].strip().strip(".").strip()
    return base or ATTACHMENT_NAME


class _TextOnly(HTMLParser):
    """Collects the visible text of an HTML body, one line per block element."""

    _SKIP = frozenset({"script", "style", "head", "title"})
    _BLOCK = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.pieces.append(data)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML fragment, with block elements on their own lines."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).splitlines())
    return "\n".join(line for line in lines if line)
