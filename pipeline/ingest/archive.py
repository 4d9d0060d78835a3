"""Read the members of a zip bundle without trusting it (SPEC §7: zip bombs, path traversal).

Every member is inflated in chunks and dropped as soon as it passes its cap, whatever sizes
the archive declares; the bytes inflated for one inbox file are counted against one budget
shared by every archive nested inside it.  Member names are only ever labels: nothing here
writes to disk.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.ingest.sniff import ZIP_ERRORS, is_system_name

CHUNK_BYTES = 1 << 20  # inflate one MiB at a time
_CENTRAL_ENTRY = b"PK\x01\x02"
_DRIVE = re.compile(r"^[A-Za-z]:")
_ENCRYPTED_FLAG = 0x1
_UTF8_FLAG = 0x800


class ArchiveError(Exception):
    """The archive as a whole cannot be read; the message is Vietnamese."""


@dataclass
class ExpansionBudget:
    """What one inbox file may still expand to, across all the archives nested in it."""

    bytes_left: int
    members_left: int


@dataclass(frozen=True)
class ArchiveMember:
    """One file of an archive: its normalised name and bytes, or why it was not read."""

    name: str
    data: bytes
    errors: tuple[str, ...] = ()


class UniqueNames:
    """Names made unique within one archive or e-mail: "a.docx", "a (2).docx", …

    Compared case-insensitively, as the Windows machines of the senders do.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, name: str) -> str:
        """``name``, or the first free "stem (n).ext" when it is taken."""
        stem, ext = posixpath.splitext(name)
        candidate, counter = name, 1
        while candidate.casefold() in self._taken:
            counter += 1
            candidate = f"{stem} ({counter}){ext}"
        self._taken.add(candidate.casefold())
        return candidate


def format_size(size: int) -> str:
    """A byte count as people read it: "64 MB", "512 KB" or "300 byte"."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.0f} {unit}"
    return f"{size} byte"


def open_zip(data: bytes, budget: ExpansionBudget) -> zipfile.ZipFile:
    """The zip in ``data``, after checking its entry count against the budget.

    The entries are counted in the raw bytes before the directory is parsed, so an archive
    claiming millions of entries is refused without building millions of objects.
    """
    declared = data.count(_CENTRAL_ENTRY)
    if declared > budget.members_left:
        raise ArchiveError(
            f"Gói nén có quá nhiều tệp (khoảng {declared} tệp, giới hạn còn "
            f"{budget.members_left}) — nghi là bom nén; không giải nén."
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise ArchiveError("Gói nén ZIP bị hỏng, không đọc được danh mục tệp.") from exc


def iter_members(
    zf: zipfile.ZipFile, max_member_bytes: int, budget: ExpansionBudget
) -> Iterator[ArchiveMember]:
    """The files of ``zf`` sorted by normalised name, each read within the caps.

    Directories and junk (see ``is_junk``) are skipped.  A member that cannot be read safely
    comes with errors and no data; the others still come.
    """
    infos = [info for info in zf.infolist() if not info.is_dir() and not is_junk(info.filename)]
    named = sorted(((member_name(info), index, info) for index, info in enumerate(infos)))
    names = UniqueNames()
    for name, _, info in named:
        budget.members_left -= 1
        member = _read_member(zf, info, name, max_member_bytes, budget)
        yield ArchiveMember(names.claim(member.name), member.data, member.errors)


def is_junk(path: str) -> bool:
    """True for what is walked past without a record, in the inbox or in an archive.

    Hidden files and folders (".*") and the "__MACOSX" folder of a zip made on a Mac (one
    resource fork per member: noise, not something a school sent).  The files the system or
    Office leave beside documents (Thumbs.db, desktop.ini, .DS_Store, "~$…" owner files, see
    :func:`pipeline.ingest.sniff.is_system_name`) are not junk: each becomes a record that
    says what it is, so every inbox file is accounted for.  "." and ".." are path steps, not
    hidden names: traversal is caught elsewhere.
    """
    parts = path.replace("\\", "/").split("/")
    for position, part in enumerate(parts):
        if part == "__MACOSX":
            return True
        if position == len(parts) - 1 and is_system_name(part):
            return False
        if part.startswith(".") and part not in (".", ".."):
            return True
    return False


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name in NFC with "/" separators.

    Names without the UTF-8 flag are decoded by zipfile as CP437; when those bytes are in
    fact valid UTF-8 (as many Windows and macOS tools write Vietnamese names) UTF-8 is used.
    """
    name = info.filename
    if not info.flag_bits & _UTF8_FLAG:
        try:
            raw = name.encode("cp437")
            if not raw.isascii():
                name = raw.decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def safe_member_path(name: str) -> str | None:
    """The normalised relative path of a member, or None if it is absolute or climbs out."""
    if name.startswith("/") or _DRIVE.match(name):
        return None
    normal = posixpath.normpath(name)
    if normal == ".." or normal.startswith("../"):
        return None
    return normal


def _read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, cap: int, budget: ExpansionBudget
) -> ArchiveMember:
    path = safe_member_path(name)
    if path is None:
        return _refused(name, f"Tên tệp trong gói nén không hợp lệ (trỏ ra ngoài thư mục): {name}")
    if info.flag_bits & _ENCRYPTED_FLAG:
        return _refused(path, f"Tệp trong gói nén được đặt mật khẩu, không đọc được: {path}")
    if budget.bytes_left <= 0:
        return _refused(path, _total_exceeded(path))
    try:
        data = _inflate(zf, info, min(cap, budget.bytes_left), budget)
    except _OverCap as over:
        if over.total:
            return _refused(path, _total_exceeded(path))
        return _refused(
            path,
            f"Tệp trong gói nén quá dung lượng cho phép khi giải nén (hơn {format_size(cap)}) "
            f"— nghi là bom nén; không giải nén: {path}",
        )
    except NotImplementedError:
        return _refused(path, f"Tệp trong gói nén dùng kiểu nén không được hỗ trợ: {path}")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        return _refused(path, f"Tệp trong gói nén bị hỏng (sai dữ liệu nén hoặc CRC): {path}")
    return ArchiveMember(path, data)


class _OverCap(Exception):
    def __init__(self, total: bool) -> None:
        super().__init__()
        self.total = total


def _inflate(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, budget: ExpansionBudget
) -> bytes:
    """The member's bytes, counting every inflated byte against the budget as it comes."""
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as stream:
        while chunk := stream.read(CHUNK_BYTES):
            size += len(chunk)
            budget.bytes_left -= len(chunk)
            if size > cap:
                raise _OverCap(total=budget.bytes_left < 0)
            chunks.append(chunk)
    return b"".join(chunks)


def _refused(name: str, message: str) -> ArchiveMember:
    return ArchiveMember(name, b"", (unicodedata.normalize("NFC", message),))


def _total_exceeded(path: str) -> str:
    return (
        "Tổng dung lượng giải nén của gói vượt giới hạn (quá dung lượng cho phép) "
        f"— nghi là bom nén; không giải nén: {path}"
    )
