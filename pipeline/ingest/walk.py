"""Walk the inbox and turn every file, attachment and archive member into an InboxItem.

The inbox is read-only (SPEC §7): files are opened "rb" and nothing else is done to them.
Items come one at a time in a fixed order (files sorted by their NFC relative path,
members and attachments in the order their readers give), so a run is reproducible and
a huge inbox never sits in memory at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from pipeline.ingest.archive import (
    ArchiveError,
    ExpansionBudget,
    format_size,
    is_junk,
    iter_members,
    open_zip,
)
from pipeline.ingest.mail import Mail, parse_utc_offset, read_mail
from pipeline.ingest.register import (
    REGISTER_NAME,
    RegisterIndex,
    bare_name,
    inbox_register,
)
from pipeline.ingest.sniff import MAIL_HEAD_BYTES, format_problem, sniff
from pipeline.model import InboxItem

MAX_FILE_BYTES = 100 << 20
MAX_MEMBER_BYTES = 64 << 20
MAX_ARCHIVE_TOTAL_BYTES = 512 << 20
MAX_ARCHIVE_MEMBERS = 2000
MAX_DEPTH = 3
STAFF_README = "README.md"  # the staff's instructions at the top of the inbox
HASH_CHUNK_BYTES = 1 << 20
# An e-mail carrying one of these is not read for its body.  An image is not among them: a
# signature's logo must not hide the letter written in the body.
DOCUMENT_FORMATS = frozenset({"pdf", "docx", "doc", "xlsx", "xls", "html", "text"})
_CONTAINERS = {"zip": "Gói nén", "eml": "Thư điện tử"}


@dataclass(frozen=True)
class IngestLimits:
    """How much one inbox file may cost to read; past a limit the file becomes an error."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_member_bytes: int = MAX_MEMBER_BYTES
    max_archive_total_bytes: int = MAX_ARCHIVE_TOTAL_BYTES
    max_archive_members: int = MAX_ARCHIVE_MEMBERS
    max_depth: int = MAX_DEPTH


@dataclass(frozen=True)
class _Origin:
    """What the enclosing files tell about an item: sub-folder, e-mail receipt, sender."""

    folder: str
    mailed: bool = False  # inside an e-mail: that outermost e-mail dates the item
    received_at: str | None = None
    received_time: str | None = None
    sender: str = ""


@dataclass
class _Context:
    """The settings and the expansion budget for one physical inbox file."""

    limits: IngestLimits
    local: dt.timezone
    budget: ExpansionBudget


def iter_inbox(
    inbox: Path, utc_offset: str = "+07:00", limits: IngestLimits | None = None
) -> Iterator[InboxItem]:
    """Every document in ``inbox``, one at a time, in a deterministic order.

    Received dates come from the e-mail ``Date`` (converted to ``utc_offset``), else from
    the register ``so_den.csv``, else they stay unknown.  Problems never raise: they become
    items with Vietnamese ``errors``.
    """
    limits = limits or IngestLimits()
    local = parse_utc_offset(utc_offset)
    files = _physical_files(inbox)
    entries, _ = inbox_register(inbox)
    index = RegisterIndex(entries, _ambiguous_names(rel for rel, _ in files))
    for rel, path in files:
        if rel == REGISTER_NAME:
            continue
        budget = ExpansionBudget(limits.max_archive_total_bytes, limits.max_archive_members)
        context = _Context(limits, local, budget)
        for item in _read_physical(rel, path, context):
            yield _apply_register(item, index)


def inbox_files(inbox: Path) -> list[tuple[str, str]]:
    """(relative posix path, sha256) of every physical inbox file, sorted: the manifest's inputs.

    The register is included; hidden files, junk and the staff README are not.  A file that
    cannot be read has an empty hash.
    """
    listed: list[tuple[str, str]] = []
    for rel, path in _physical_files(inbox):
        try:
            with path.open("rb") as handle:
                listed.append((rel, _hash_stream(handle, hashlib.sha256()).hexdigest()))
        except OSError:
            listed.append((rel, ""))
    return listed


# ------------------------------------------------------------------------------ the tree


def _physical_files(inbox: Path) -> list[tuple[str, Path]]:
    """(relative NFC posix path, path) of the inbox's regular files, sorted by the former.

    Symbolic links are followed only to files inside the inbox; linked directories are not
    entered, so the walk can neither loop nor leave the inbox.
    """
    if not inbox.is_dir():
        raise NotADirectoryError(f"Không tìm thấy thư mục hộp thư đến: {inbox}")
    root = inbox.resolve()
    found: list[tuple[str, Path]] = []
    pending: list[tuple[Path, str]] = [(inbox, "")]
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                rel = prefix + _display_name(entry.name)
                if is_junk(rel) or rel == STAFF_README:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((Path(entry.path), rel + "/"))
                elif _is_regular_inside(entry, root):
                    found.append((rel, Path(entry.path)))
    return sorted(found)


def _display_name(name: str) -> str:
    """A file name as text: NFC, with bytes that are not UTF-8 shown as U+FFFD."""
    text = os.fsencode(name).decode("utf-8", errors="replace")
    return unicodedata.normalize("NFC", text)


def _is_regular_inside(entry: os.DirEntry[str], root: Path) -> bool:
    if not entry.is_symlink():
        return entry.is_file(follow_symlinks=False)
    target = Path(entry.path).resolve()
    return target.is_relative_to(root) and target.is_file()


def _ambiguous_names(rels: Iterable[str]) -> frozenset[str]:
    """Bare file names that more than one inbox file has (register matching by name is unsafe)."""
    counts = Counter(bare_name(rel) for rel in rels)
    return frozenset(name for name, count in counts.items() if count > 1)


# ----------------------------------------------------------------------------- reading


def _read_physical(rel: str, path: Path, context: _Context) -> Iterator[InboxItem]:
    """The items of one inbox file: itself, or what it contains."""
    origin = _Origin(folder=rel.split("/", 1)[0] if "/" in rel else "")
    try:
        data, oversized = _load(rel, path, context.limits.max_file_bytes, origin)
    except OSError:
        message = "Không mở được tệp (không có quyền đọc hoặc lỗi đĩa)."
        yield _item(rel, b"", "unknown", origin, [message])
        return
    if oversized is not None:
        yield oversized
        return
    for item in _expand(rel, rel, data, origin, 0, context):
        if item.source == rel and item.data and not item.errors:
            item.path = str(path)
        yield item


MSG_CHANGED = "Tệp bị thay đổi trong lúc đang đọc; hãy chạy lại khi tệp đã chép xong."


def with_data(item: InboxItem) -> InboxItem:
    """``item`` with its bytes, read again from ``item.path`` when they were left behind.

    The bytes must still be the ones ingest hashed: a file changed meanwhile gives an item
    with an error instead, never another file's parse under this hash.
    """
    if item.data or not item.path or item.errors:
        return item
    try:
        with open(item.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        data = b""
    if hashlib.sha256(data).hexdigest() != item.sha256:
        return replace(item, errors=[MSG_CHANGED])
    return replace(item, data=data)


def _load(rel: str, path: Path, limit: int, origin: _Origin) -> tuple[bytes, InboxItem | None]:
    """The file's bytes, or an error item when it is over ``limit`` (read no further)."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data, None
        digest = _hash_stream(handle, hashlib.sha256(data))
        size = handle.tell()
    fmt = sniff(data[:MAIL_HEAD_BYTES], rel, complete=False)
    message = (
        f"Tệp quá dung lượng cho phép ({format_size(size)}, tối đa {format_size(limit)}); "
        "không đọc."
    )
    item = _item(rel, b"", fmt, origin, [message])
    item.sha256 = digest.hexdigest()
    return b"", item


def _hash_stream(handle: BinaryIO, digest: hashlib._Hash) -> hashlib._Hash:
    """``digest`` updated with the rest of ``handle``, read in chunks."""
    while chunk := handle.read(HASH_CHUNK_BYTES):
        digest.update(chunk)
    return digest


def _expand(
    source: str,
    name: str,
    data: bytes,
    origin: _Origin,
    depth: int,
    context: _Context,
    is_message: bool = False,
) -> Iterator[InboxItem]:
    """``data`` as items: a document is one item, a zip or an e-mail is opened."""
    fmt = "eml" if is_message else sniff(data, name)
    if fmt in _CONTAINERS and depth >= context.limits.max_depth:
        message = (
            f"{_CONTAINERS[fmt]} lồng nhau quá sâu (quá {context.limits.max_depth} cấp); "
            "không mở tiếp."
        )
        yield _item(source, data, fmt, origin, [message])
    elif fmt == "zip":
        yield from _expand_zip(source, data, origin, depth, context)
    elif fmt == "eml":
        yield from _expand_mail(source, data, origin, depth, context)
    else:
        problem = format_problem(data, fmt)
        yield _item(source, data, fmt, origin, [problem] if problem else [])


def _expand_zip(
    source: str, data: bytes, origin: _Origin, depth: int, context: _Context
) -> Iterator[InboxItem]:
    """The members of a zip, each expanded in turn; the zip itself when it cannot be read."""
    try:
        archive = open_zip(data, context.budget)
    except ArchiveError as exc:
        yield _item(source, data, "zip", origin, [str(exc)])
        return
    with archive:
        empty = True
        for member in iter_members(archive, context.limits.max_member_bytes, context.budget):
            empty = False
            child = f"{source}#{member.name}"
            if member.errors:
                yield _item(child, b"", "unknown", origin, list(member.errors))
            else:
                yield from _expand(child, member.name, member.data, origin, depth + 1, context)
    if empty:
        yield _item(source, data, "zip", origin, ["Gói nén không chứa tệp nào."])


def _expand_mail(
    source: str, data: bytes, origin: _Origin, depth: int, context: _Context
) -> Iterator[InboxItem]:
    """The attachments of an e-mail, or its body when it carries no document.

    The outermost e-mail's Date is the receipt; the innermost From is the sender (a
    forwarded message names the school that wrote it).
    """
    limits = context.limits
    mail = read_mail(data, context.local, limits.max_member_bytes, context.budget.members_left)
    origin = _mail_origin(origin, mail)
    if mail.errors and not mail.parts and not mail.body:
        yield _item(source, data, "eml", origin, mail.errors)
        return
    context.budget.members_left -= len(mail.parts)
    has_document = False
    for part in mail.parts:
        child = f"{source}#{part.name}"
        if part.errors:
            yield _item(child, b"", "unknown", origin, list(part.errors))
            continue
        inner = _expand(child, part.name, part.data, origin, depth + 1, context, part.is_message)
        for item in inner:
            has_document = has_document or item.format in DOCUMENT_FORMATS
            yield item
    if not has_document:
        yield _body_item(source, mail, origin)
    elif mail.errors:
        yield _item(source, b"", "eml", origin, mail.errors)


def _mail_origin(origin: _Origin, mail: Mail) -> _Origin:
    """The outermost e-mail dates what it carries, even when it has no Date; inner ones don't."""
    if not origin.mailed:
        origin = replace(
            origin, mailed=True, received_at=mail.received_at, received_time=mail.received_time
        )
    return replace(origin, sender=mail.sender or origin.sender)


def _body_item(source: str, mail: Mail, origin: _Origin) -> InboxItem:
    """The e-mail's text as a document of its own (a school may write in the body)."""
    errors = list(mail.errors)
    if not mail.body:
        errors.append("Thư không có tệp đính kèm và không có nội dung.")
    return _item(source, mail.body.encode("utf-8"), "text", origin, errors)


def _item(source: str, data: bytes, fmt: str, origin: _Origin, errors: list[str]) -> InboxItem:
    return InboxItem(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        data=data,
        received_at=origin.received_at,
        received_time=origin.received_time,
        received_source="eml" if origin.received_at else "none",
        sender=origin.sender,
        folder=origin.folder,
        errors=[unicodedata.normalize("NFC", error) for error in errors],
    )


def _apply_register(item: InboxItem, index: RegisterIndex) -> InboxItem:
    """Date (and, if missing, sender) from the register, for an item no e-mail dates."""
    if item.received_source == "eml":
        return item
    entry = index.match(item.source)
    if entry is None:
        return item
    item.received_at = entry.received_at
    item.received_time = entry.received_time
    item.received_source = "register"
    item.sender = item.sender or entry.sender
    return item
