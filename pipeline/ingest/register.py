"""The clerk's incoming register ``inbox/so_den.csv``: when a file arrived and from whom.

It is evidence of receipt for files that are not e-mails (SPEC §2).  A row that cannot be
read is skipped and described in Vietnamese, so one typo never loses the rest of the register.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REGISTER_NAME = "so_den.csv"
MAX_REGISTER_BYTES = 16 << 20
COLUMNS = ("file", "received_at", "sender")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2}))?$")


@dataclass(frozen=True)
class RegisterEntry:
    """One row of the register."""

    file: str  # as written, NFC
    received_at: str  # ISO YYYY-MM-DD
    received_time: str | None  # HH:MM when the row gives one
    sender: str
    line: int  # line of the CSV file, for messages


def source_key(source: str) -> str:
    """The form under which a file name is matched: NFC, "/" separators, case-folded."""
    text = unicodedata.normalize("NFC", source).strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.casefold()


def bare_name(source: str) -> str:
    """The file's own name: the last path part of the last ``#`` segment, as a key."""
    return source_key(source).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def parse_received(text: str) -> tuple[str, str | None] | None:
    """A register date as (ISO date, HH:MM or None); None when it is not a valid date."""
    value = " ".join(text.split())
    iso, dmy = _ISO.match(value), _DMY.match(value)
    if iso:
        year, month, day, hour, minute = iso.groups()
    elif dmy:
        day, month, year, hour, minute = dmy.groups()
    else:
        return None
    try:
        date = dt.date(int(year), int(month), int(day))
        time = dt.time(int(hour), int(minute)) if hour is not None else None
    except ValueError:
        return None
    return date.isoformat(), (time.strftime("%H:%M") if time else None)


def read_register(path: Path) -> tuple[dict[str, RegisterEntry], list[str]]:
    """The register's entries keyed by ``source_key(file)`` and the problems found, in Vietnamese.

    UTF-8 with or without BOM, comma or semicolon separated.  A missing file is an empty
    register, not a problem.
    """
    if not path.is_file():
        return {}, []
    text, problems = _read_text(path)
    if text is None:
        return {}, problems
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text))
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        columns = ", ".join(missing)
        problems.append(f"Sổ đến {REGISTER_NAME} thiếu cột: {columns}; không dùng sổ đến.")
        return {}, problems
    entries: dict[str, RegisterEntry] = {}
    try:
        for row in reader:
            values = {column: _cell(row.get(header[column])) for column in COLUMNS}
            _add_row(entries, problems, values, reader.line_num)
    except csv.Error:
        problems.append(
            f"Sổ đến {REGISTER_NAME}, dòng {reader.line_num}: sai định dạng CSV; "
            "bỏ qua phần còn lại của sổ."
        )
    return entries, problems


def _add_row(
    entries: dict[str, RegisterEntry], problems: list[str], values: dict[str, str], line: int
) -> None:
    """Keep the row as an entry, or record why it was skipped."""
    entry, problem = _entry(values, line)
    if problem:
        problems.append(problem)
    elif entry is not None:
        key = source_key(entry.file)
        if key in entries:
            problems.append(
                f"Sổ đến {REGISTER_NAME}, dòng {line}: tệp «{entry.file}» đã ghi ở "
                f"dòng {entries[key].line}; bỏ qua dòng này."
            )
        else:
            entries[key] = entry


def inbox_register(inbox: Path) -> tuple[dict[str, RegisterEntry], list[str]]:
    """``read_register`` of ``inbox/so_den.csv``; a link leading out of the inbox is ignored."""
    path = inbox / REGISTER_NAME
    if path.is_symlink() and not path.resolve().is_relative_to(inbox.resolve()):
        return {}, []
    return read_register(path)


def register_problems(inbox: Path) -> list[str]:
    """The problems of ``inbox/so_den.csv`` (empty when it is fine or absent)."""
    return inbox_register(inbox)[1]


def _read_text(path: Path) -> tuple[str | None, list[str]]:
    with path.open("rb") as handle:
        raw = handle.read(MAX_REGISTER_BYTES + 1)
    if len(raw) > MAX_REGISTER_BYTES:
        return None, [f"Sổ đến {REGISTER_NAME} quá lớn (hơn 16 MB); không dùng sổ đến."]
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        text = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
        return text, [
            f"Sổ đến {REGISTER_NAME} không phải mã UTF-8; đã đọc theo bảng mã Windows-1258, "
            "cần kiểm tra lại và lưu dạng CSV UTF-8."
        ]


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _cell(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entry(values: dict[str, str], line: int) -> tuple[RegisterEntry | None, str | None]:
    """A row as an entry, or the reason it was skipped; a blank row is neither."""
    if not any(values.values()):
        return None, None
    where = f"Sổ đến {REGISTER_NAME}, dòng {line}"
    if not values["file"]:
        return None, f"{where}: thiếu tên tệp (cột file); bỏ qua dòng này."
    received = parse_received(values["received_at"])
    if received is None:
        return None, (
            f"{where}: ngày nhận «{values['received_at']}» không hợp lệ (cần YYYY-MM-DD, "
            "YYYY-MM-DD HH:MM hoặc dd/mm/yyyy); bỏ qua dòng này."
        )
    entry = RegisterEntry(values["file"], received[0], received[1], values["sender"], line)
    return entry, None


class RegisterIndex:
    """Finds the register row of an inbox item.

    The item's own source first, then each enclosing file (a row for ``bundle.zip`` covers
    its members); failing that the same chain by bare file name, when exactly one row has
    that name and no two inbox files share it.
    """

    def __init__(self, entries: dict[str, RegisterEntry], ambiguous: frozenset[str]) -> None:
        self._entries = entries
        self._ambiguous = ambiguous
        counts: dict[str, list[RegisterEntry]] = {}
        for entry in entries.values():
            counts.setdefault(bare_name(entry.file), []).append(entry)
        self._by_name = {name: rows[0] for name, rows in counts.items() if len(rows) == 1}

    def match(self, source: str) -> RegisterEntry | None:
        """The row for ``source`` (an inbox item's source), or None."""
        chain = _enclosing(source_key(source))
        for key in chain:
            if key in self._entries:
                return self._entries[key]
        for key in chain:
            name = bare_name(key)
            if name in self._by_name and name not in self._ambiguous:
                return self._by_name[name]
        return None


def _enclosing(key: str) -> list[str]:
    """``a.zip#b.eml#c.docx`` → [itself, ``a.zip#b.eml``, ``a.zip``]: innermost first."""
    parts = key.split("#")
    return ["#".join(parts[:end]) for end in range(len(parts), 0, -1)]
