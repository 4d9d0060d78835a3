"""Intake from the office mailbox: read-only IMAP, one ``.eml`` per Message-ID (SPEC §8).

``python -m pipeline fetch --host H --user U --folder INBOX --inbox DIR`` copies the folder's
messages into ``DIR/mail/``.  Nothing changes on the server: the folder is opened with EXAMINE
(read-only) and bodies are fetched with ``BODY.PEEK[]``, so no message is marked read, moved or
deleted.  The inbox is written only under ``mail/``, and only by this command (``run`` still
reads the inbox and never writes it).

Each message is saved once, keyed by its Message-ID (a message without one by the sha256 of its
bytes), under a safe ASCII name made from its date, sender and subject plus a short digest of
the key.  ``mail/.fetched.json`` remembers which keys are saved and which server messages were
already looked at; it is only a cache of what the saved files say: a missing or damaged index is
rebuilt from the files, and a file the clerk deleted is fetched again.

A message larger than the config's ``mail.max_message_mb`` is skipped with a line saying so
(the size is asked before anything is downloaded); a malformed message or one whose subject is
not valid text is saved with a line saying what is wrong with it; either way the rest goes on.
The password comes from ``THIDUA_IMAP_PASSWORD`` or ``--password-file`` (or a prompt on a
terminal), never from the command line, and is never printed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.header
import email.utils
import hashlib
import json
import os
import re
import socket
import ssl
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

MAIL_DIR = "mail"
INDEX_NAME = ".fetched.json"
DEFAULT_MAX_MESSAGE_MB = 25.0
DEFAULT_UTC_OFFSET = "+07:00"
IMAPS_PORT = 993
IMAP_PORT = 143
TIMEOUT_S = 60.0
BATCH = 100  # messages whose headers are asked for in one FETCH
HEADER_READ_BYTES = 256 * 1024  # enough of a saved file to read its Message-ID

SENDER_CHARS = 40
SUBJECT_CHARS = 60
_HEADER_FIELDS = "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID DATE FROM SUBJECT)]"
_HEADER_KEY = b"BODY[HEADER.FIELDS (MESSAGE-ID DATE FROM SUBJECT)]"
_BODY_KEY = b"BODY[]"
_SIZE_KEY = b"RFC822.SIZE"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_ENCODED_WORD = re.compile(rb"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_FALLBACK_CHARSET = "cp1258"  # windows-1258: what a Vietnamese Windows mail client sends


class FetchError(Exception):
    """The fetch cannot go on (connection, TLS, login, folder); the message is Vietnamese."""


# ------------------------------------------------------------------------------ options


@dataclass(frozen=True)
class FetchOptions:
    """Where to fetch from and to, and how."""

    host: str
    user: str
    password: str
    inbox: Path
    folder: str = "INBOX"
    port: int | None = None
    since: dt.date | None = None
    cafile: Path | None = None
    insecure: bool = False
    starttls: bool = False
    max_message_bytes: int = int(DEFAULT_MAX_MESSAGE_MB * (1 << 20))
    local: dt.timezone = dt.timezone(dt.timedelta(hours=7))
    timeout_s: float = TIMEOUT_S

    @property
    def server_port(self) -> int:
        if self.port is not None:
            return self.port
        return IMAP_PORT if self.starttls else IMAPS_PORT


@dataclass
class FetchReport:
    """What one fetch did, counted; ``notes`` are the lines shown about single messages."""

    on_server: int = 0
    saved: list[str] = field(default_factory=list)
    already: int = 0
    duplicates: int = 0
    too_big: int = 0
    failed: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One Vietnamese line for the terminal."""
        return (
            f"Đã xem {self.on_server} thư trên máy chủ: lưu mới {len(self.saved)}, "
            f"đã có từ trước {self.already}, trùng Message-ID {self.duplicates}, "
            f"quá dung lượng {self.too_big}, lỗi {self.failed}."
        )


# ------------------------------------------------------------------------------ naming


@dataclass(frozen=True)
class Head:
    """What the header block says, decoded for names and lines."""

    message_id: str | None
    sender: str
    subject: str
    stamp: dt.datetime | None
    subject_note: str | None = None  # why the subject is a guess, when it is


def read_head(block: bytes, local: dt.timezone) -> Head:
    """Message-ID, sender address, subject and date from a raw header block; never raises."""
    fields = _raw_fields(block)
    message_id = _message_id(fields.get("message-id", b""))
    sender = _sender(fields.get("from", b""))
    subject, note = decode_subject(fields.get("subject", b""))
    return Head(message_id, sender, subject, _stamp(fields.get("date", b""), local), note)


def _raw_fields(block: bytes) -> dict[str, bytes]:
    """The first value of each header field, unfolded, as raw bytes."""
    fields: dict[str, bytes] = {}
    name: str | None = None
    for line in block.replace(b"\r\n", b"\n").split(b"\n"):
        if not line.strip():
            if name is None and fields:
                break
            continue
        if line[:1] in (b" ", b"\t") and name is not None:
            if name in fields:
                fields[name] += b" " + line.strip()
            continue
        head, sep, value = line.partition(b":")
        if not sep:
            name = None
            continue
        name = head.strip().decode("ascii", "replace").lower()
        fields.setdefault(name, value.strip())
    return fields


def _message_id(raw: bytes) -> str | None:
    text = raw.decode("ascii", "replace").strip()
    text = "".join(text.split())
    return text or None


def _sender(raw: bytes) -> str:
    text, _ = decode_subject(raw)
    for _, address in email.utils.getaddresses([text]):
        if address:
            return address.strip().lower()
    return ""


def _stamp(raw: bytes, local: dt.timezone) -> dt.datetime | None:
    try:
        stamp = email.utils.parsedate_to_datetime(raw.decode("ascii", "replace").strip())
    except (TypeError, ValueError, IndexError):
        return None
    return stamp.replace(tzinfo=local) if stamp.tzinfo is None else stamp.astimezone(local)


def decode_subject(raw: bytes) -> tuple[str, str | None]:
    """A header value as text, and a Vietnamese note when it had to be guessed.

    MIME encoded words are decoded with their charset; raw 8-bit text is UTF-8 when it is
    valid UTF-8, else read as windows-1258 (the Vietnamese Windows code page) with a note.
    """
    if not raw:
        return "", None
    note = None
    if _ENCODED_WORD.search(raw):
        pieces: list[str] = []
        try:
            parts = email.header.decode_header(raw.decode("ascii", "surrogateescape"))
        except Exception:  # a malformed encoded word
            parts = [(raw, None)]
        for chunk, charset in parts:
            if isinstance(chunk, str):
                pieces.append(chunk)
                continue
            text, guessed = _decode_bytes(chunk, charset)
            pieces.append(text)
            note = note or guessed
        text = "".join(pieces)
    else:
        text, note = _decode_bytes(raw, None)
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    return text, note


def _decode_bytes(chunk: bytes, charset: str | None) -> tuple[str, str | None]:
    label = None
    if charset and charset.lower() not in ("unknown-8bit", "x-unknown"):
        try:
            return chunk.decode(charset), None
        except (LookupError, UnicodeDecodeError):
            label = f"bảng mã {charset} không giải mã được"
    try:
        return chunk.decode("utf-8"), label
    except UnicodeDecodeError:
        pass
    reason = label or "không phải UTF-8"
    return chunk.decode(_FALLBACK_CHARSET, "replace"), f"{reason}, đọc tạm theo windows-1258"


def slug(text: str, limit: int) -> str:
    """Lower-case ASCII words joined by '-', Vietnamese letters without their marks, cut at a
    word boundary to at most ``limit`` characters."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if len(words) <= limit:
        return words
    cut = words[:limit]
    if words[limit] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def message_key(message_id: str | None, data: bytes | None) -> str:
    """The identity a message is saved under: its Message-ID, else a hash of its bytes."""
    if message_id:
        return message_id
    return "sha256:" + hashlib.sha256(data or b"").hexdigest()


def file_name(head: Head, key: str) -> str:
    """``20210505-0830_thcs-an-lac-gmail-com_dang-ky-thi-dua_1a2b3c4d5e.eml``: deterministic,
    ASCII, at most about 130 characters, unique by the key's digest."""
    stamp = head.stamp.strftime("%Y%m%d-%H%M") if head.stamp else "khong-ngay"
    sender = slug(head.sender, SENDER_CHARS) or "khong-ro-nguoi-gui"
    subject = slug(head.subject, SUBJECT_CHARS) or "khong-tieu-de"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{stamp}_{sender}_{subject}_{digest}.eml"


# ------------------------------------------------------------------------------ the index


class Index:
    """``mail/.fetched.json``: saved keys → file, server messages (folder/UIDVALIDITY/UID) → key.

    Rebuilt from the saved files whenever they disagree with it; written atomically.
    """

    def __init__(self, mail_dir: Path) -> None:
        self.mail_dir = mail_dir
        self.path = mail_dir / INDEX_NAME
        self.files: dict[str, str] = {}  # key -> file name
        self.seen: dict[str, str] = {}  # server ref -> key
        self.dirty = False

    @classmethod
    def load(cls, mail_dir: Path) -> Index:
        index = cls(mail_dir)
        try:
            data = json.loads(index.path.read_text(encoding="utf-8"))
            index.files = {str(k): str(v) for k, v in dict(data["messages"]).items()}
            index.seen = {str(k): str(v) for k, v in dict(data["seen"]).items()}
        except (OSError, ValueError, KeyError, TypeError):
            index.files, index.seen = {}, {}
            index.dirty = True
        index._reconcile()
        return index

    def _reconcile(self) -> None:
        """Forget entries whose file is gone; learn files the index does not name."""
        on_disk = {p.name for p in self.mail_dir.glob("*.eml") if p.is_file()}
        kept = {k: f for k, f in self.files.items() if f in on_disk}
        if len(kept) != len(self.files):
            self.dirty = True
        self.files = kept
        known = set(kept.values())
        for name in sorted(on_disk - known):
            key = _key_of_file(self.mail_dir / name)
            if key is not None and key not in self.files:
                self.files[key] = name
                self.dirty = True
        seen = {ref: key for ref, key in self.seen.items() if key in self.files}
        if len(seen) != len(self.seen):
            self.dirty = True
        self.seen = seen

    def add(self, key: str, name: str, ref: str) -> None:
        self.files[key] = name
        self.remember(ref, key)

    def remember(self, ref: str, key: str) -> None:
        if self.seen.get(ref) != key:
            self.seen[ref] = key
            self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        data = {"version": 1, "messages": self.files, "seen": self.seen}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        try:
            _write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:
            raise FetchError(f"Không ghi được chỉ mục {self.path}: {exc.strerror}.") from exc
        self.dirty = False


def _key_of_file(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            start = handle.read(HEADER_READ_BYTES)
    except OSError:
        return None
    block = start.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    message_id = _message_id(_raw_fields(block).get("message-id", b""))
    if message_id:
        return message_id
    try:
        return message_key(None, path.read_bytes())
    except OSError:
        return None


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it: all or nothing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ------------------------------------------------------------------------------ the fetch


class Reporter:
    """Where lines and progress go; the command line shows them with rich on a terminal."""

    def note(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def progress(self, total: int) -> Iterator[Callable[[], None]]:
        yield lambda: None


class RichReporter(Reporter):
    """A live bar on a terminal (stderr), lines above it; plain lines when not a terminal."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True, highlight=False)

    def note(self, text: str) -> None:
        if self.console.is_terminal:
            self.console.print(text, markup=False)
        else:
            print(text, file=sys.stderr, flush=True)

    @contextlib.contextmanager
    def progress(self, total: int) -> Iterator[Callable[[], None]]:
        if not self.console.is_terminal:
            print(f"Đang tải {total} thư…", file=sys.stderr, flush=True)
            yield lambda: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        ) as bar:
            task = bar.add_task("Đang tải thư", total=total)
            yield lambda: bar.advance(task)


def tls_context(cafile: Path | None, insecure: bool) -> ssl.SSLContext:
    """Certificate and host name verified against the system's CAs (or ``cafile``), unless
    ``insecure``."""
    context = ssl.create_default_context(cafile=str(cafile) if cafile else None)
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def connect(options: FetchOptions) -> Any:
    """A logged-in IMAPClient; FetchError with a Vietnamese message when that fails."""
    from imapclient import IMAPClient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{options.host}:{options.server_port}"
    try:
        context = tls_context(options.cafile, options.insecure)
    except (OSError, ssl.SSLError) as exc:
        raise FetchError(f"Không đọc được tệp chứng chỉ CA {options.cafile}: {exc}.") from exc
    try:
        client = IMAPClient(
            options.host,
            port=options.server_port,
            ssl=not options.starttls,
            ssl_context=context,
            timeout=options.timeout_s,
        )
        if options.starttls:
            client.starttls(context)
    except ssl.SSLCertVerificationError as exc:
        raise FetchError(
            f"Chứng chỉ TLS của máy chủ {where} không hợp lệ ({exc.verify_message}). Kiểm tra "
            "tên máy chủ, hoặc chỉ tệp chứng chỉ CA của máy chủ bằng --cafile."
        ) from exc
    except ssl.SSLError as exc:
        raise FetchError(f"Không thiết lập được kết nối TLS với {where}: {exc.reason}.") from exc
    except (OSError, IMAPClientError) as exc:
        raise FetchError(f"Không kết nối được máy chủ thư {where}: {_reason(exc)}.") from exc
    try:
        client.login(options.user, options.password)
    except LoginError as exc:
        _close(client)
        raise FetchError(
            f"Máy chủ {where} từ chối đăng nhập của {options.user}: sai tên hoặc mật khẩu."
        ) from exc
    except (OSError, IMAPClientError) as exc:
        _close(client)
        raise FetchError(f"Lỗi khi đăng nhập máy chủ thư {where}: {_reason(exc)}.") from exc
    return client


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "hết thời gian chờ"
    if isinstance(exc, ConnectionRefusedError):
        return "máy chủ từ chối kết nối"
    if isinstance(exc, socket.gaierror):
        return "không tìm thấy tên máy chủ"
    return str(exc) or type(exc).__name__


def _close(client: Any) -> None:
    with contextlib.suppress(Exception):
        client.logout()


def fetch(options: FetchOptions, reporter: Reporter | None = None) -> FetchReport:
    """Copy the folder's messages into ``inbox/mail/``; the server is left unchanged."""
    from imapclient.exceptions import IMAPClientError

    reporter = reporter or Reporter()
    mail_dir = options.inbox / MAIL_DIR
    try:
        mail_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(f"Không tạo được thư mục {mail_dir}: {exc.strerror}.") from exc
    index = Index.load(mail_dir)
    report = FetchReport()
    client = connect(options)
    try:
        try:
            info = client.select_folder(options.folder, readonly=True)  # EXAMINE
        except IMAPClientError as exc:
            raise FetchError(
                f"Không mở được thư mục {options.folder!r} trên máy chủ: {_reason(exc)}."
            ) from exc
        validity = str(info.get(b"UIDVALIDITY", 0))
        criteria: list[Any] = ["SINCE", options.since] if options.since else ["ALL"]
        uids = sorted(client.search(criteria))
        report.on_server = len(uids)
        with reporter.progress(len(uids)) as advance:
            for start in range(0, len(uids), BATCH):
                batch = uids[start : start + BATCH]
                heads = client.fetch(batch, [_SIZE_KEY.decode(), _HEADER_FIELDS])
                for uid in batch:
                    ref = f"{options.folder}/{validity}/{uid}"
                    _one(client, uid, ref, heads.get(uid, {}), options, index, report, reporter)
                    advance()
                index.save()  # a long first fetch keeps what it has if it is cut short
    except (OSError, IMAPClientError) as exc:
        raise FetchError(f"Mất kết nối với máy chủ thư giữa chừng: {_reason(exc)}.") from exc
    finally:
        index.save()
        _close(client)
    return report


def _one(
    client: Any,
    uid: int,
    ref: str,
    meta: dict[bytes, Any],
    options: FetchOptions,
    index: Index,
    report: FetchReport,
    reporter: Reporter,
) -> None:
    """Look at one server message and save it unless it is saved already or too big."""
    known = index.seen.get(ref)
    if known is not None and known in index.files:
        report.already += 1
        return
    head = read_head(bytes(meta.get(_HEADER_KEY) or b""), options.local)
    label = _label(head)
    key = head.message_id
    if key is not None and key in index.files:
        index.remember(ref, key)
        _count_repeat(key, index, report, reporter, label)
        return
    size = int(meta.get(_SIZE_KEY) or 0)
    limit = options.max_message_bytes
    if size > limit:
        _too_big(report, reporter, label, size, limit)
        return
    data = _body(client, uid)
    if data is None:
        report.failed += 1
        _say(report, reporter, f"Không tải được thư {label}: máy chủ không trả nội dung; bỏ qua.")
        return
    if len(data) > limit:
        _too_big(report, reporter, label, len(data), limit)
        return
    key = message_key(head.message_id, data)
    if key in index.files:
        index.remember(ref, key)
        _count_repeat(key, index, report, reporter, label)
        return
    name = file_name(head, key)
    try:
        _write_atomic(index.mail_dir / name, data)
    except OSError as exc:
        report.failed += 1
        _say(report, reporter, f"Không ghi được thư {label} vào {name}: {exc.strerror}; bỏ qua.")
        return
    index.add(key, name, ref)
    report.saved.append(name)
    for problem in _problems(head, data, options):
        _say(report, reporter, f"{problem} (đã lưu: {name})")


def _body(client: Any, uid: int) -> bytes | None:
    response = client.fetch([uid], ["BODY.PEEK[]"]).get(uid, {})
    data = response.get(_BODY_KEY)
    return bytes(data) if data is not None else None


def _count_repeat(
    key: str, index: Index, report: FetchReport, reporter: Reporter, label: str
) -> None:
    if index.files[key] in report.saved:
        report.duplicates += 1
        _say(
            report,
            reporter,
            f"Thư {label} trùng Message-ID với thư vừa lưu ({index.files[key]}); bỏ qua.",
        )
    else:
        report.already += 1


def _too_big(report: FetchReport, reporter: Reporter, label: str, size: int, limit: int) -> None:
    report.too_big += 1
    _say(
        report,
        reporter,
        f"Bỏ qua thư quá dung lượng ({_mb(size)} MB, tối đa {_mb(limit)} MB theo "
        f"mail.max_message_mb của cấu hình): {label}. Hãy tải thư này bằng tay.",
    )


def _mb(size: int) -> str:
    return f"{size / (1 << 20):.1f}".replace(".", ",")


def _problems(head: Head, data: bytes, options: FetchOptions) -> list[str]:
    """What is wrong with a saved message, in Vietnamese (the run will read it all the same)."""
    from pipeline.ingest.mail import read_mail

    problems = []
    if head.subject_note:
        problems.append(f"Tiêu đề thư {_label(head)}: {head.subject_note}")
    if head.message_id is None:
        problems.append(f"Thư {_label(head)} không có Message-ID: nhận diện theo mã băm nội dung")
    if head.stamp is None:
        problems.append(f"Thư {_label(head)} không có ngày gửi đọc được")
    mail = read_mail(data, options.local, options.max_message_bytes, 1000)
    problems.extend(f"Thư {_label(head)}: {error}" for error in mail.errors)
    return problems


def _label(head: Head) -> str:
    """How a message is named in a line: «subject» của sender, ngày dd/mm/yyyy HH:MM."""
    subject = head.subject if len(head.subject) <= 80 else head.subject[:77] + "…"
    who = head.sender or "người gửi không rõ"
    when = head.stamp.strftime("%d/%m/%Y %H:%M") if head.stamp else "không rõ ngày"
    return f"«{subject or 'không tiêu đề'}» của {who}, {when}"


def _say(report: FetchReport, reporter: Reporter, text: str) -> None:
    report.notes.append(text)
    reporter.note(text)
