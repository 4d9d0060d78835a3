"""The award register (sổ khen thưởng): an SQLite database that outlives campaigns.

One row per award: campaign, decision number and date, award level, kind, name, unit,
position, achievement summary.  A decision is recorded in one transaction, and a decision
number that is already recorded is refused, so nobody is entered twice for one decision.

The database runs in WAL mode with a busy timeout: a writer killed mid-transaction leaves
either all of its rows or none, and two writers at once are serialised (the second waits for
the first, then finds the number recorded or writes its own).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from pipeline.text import nfc
from pipeline.text.normalize import bare, clean_spaces, fold

BUSY_TIMEOUT_S = 30.0
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    number_key  TEXT NOT NULL UNIQUE,   -- the number folded: one decision, however written
    number      TEXT NOT NULL,
    date        TEXT NOT NULL,          -- ISO date
    campaign    TEXT NOT NULL,
    recorded_at TEXT NOT NULL           -- UTC, ISO
);
CREATE TABLE IF NOT EXISTS awards (
    id              INTEGER PRIMARY KEY,
    decision_key    TEXT NOT NULL REFERENCES decisions(number_key),
    campaign        TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    decision_date   TEXT NOT NULL,
    award           TEXT NOT NULL,
    award_name      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('collective', 'individual')),
    name            TEXT NOT NULL,
    unit_id         TEXT,
    unit_name       TEXT NOT NULL,
    position        TEXT NOT NULL,
    achievement     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS awards_by_date ON awards(decision_date);
"""


@dataclass(frozen=True)
class AwardRow:
    """One award as the register keeps it."""

    campaign: str  # config campaign id/short name
    decision_number: str  # "123/QĐ-UBND"
    decision_date: str  # ISO date
    award: str  # config award key (district_merit …)
    award_name: str  # "Giấy khen của Ủy ban nhân dân quận"
    kind: str  # collective | individual
    name: str
    unit_id: str | None
    unit_name: str
    position: str
    achievement: str  # summary line of the achievement


_COLUMNS = tuple(f.name for f in fields(AwardRow))


class AlreadyRecorded(Exception):
    """The decision number is already in the register; nothing was written."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(
            f"Quyết định số {number} đã được ghi vào sổ khen thưởng; "
            "không ghi lại lần thứ hai (sổ không thay đổi)."
        )


def decision_key(number: str) -> str:
    """One key for a decision number however it is spaced or cased ("123/QĐ-UBND")."""
    return bare(nfc(number)).replace(" ", "")


def _connect(db: Path) -> sqlite3.Connection:
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    return conn


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")  # take the write lock first: no lost check-then-insert
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _clean(row: AwardRow) -> AwardRow:
    values = [nfc(clean_spaces(v)) if isinstance(v, str) else v for v in astuple(row)]
    clean = AwardRow(*values)
    if clean.kind not in {"collective", "individual"}:
        raise ValueError(f"kind must be collective or individual, not {clean.kind!r}")
    dt.date.fromisoformat(clean.decision_date)  # raises ValueError on a bad date
    return clean


def record_decision(db: Path, rows: Sequence[AwardRow]) -> int:
    """Record one signed decision's awards in one transaction; return the rows written.

    Raises AlreadyRecorded (and writes nothing) when the decision number is already in the
    register; ValueError when the rows are empty or name more than one decision.
    """
    if not rows:
        raise ValueError("a decision with no award rows")
    clean = [_clean(r) for r in rows]
    keys = {decision_key(r.decision_number) for r in clean}
    if len(keys) != 1 or len({r.decision_date for r in clean}) != 1:
        raise ValueError("the rows name more than one decision number or date")
    first = clean[0]
    key = keys.pop()
    with closing(_connect(db)) as conn:
        try:
            with _transaction(conn):
                found = conn.execute(
                    "SELECT number FROM decisions WHERE number_key = ?", (key,)
                ).fetchone()
                if found:
                    raise AlreadyRecorded(found[0])
                conn.execute(
                    "INSERT INTO decisions (number_key, number, date, campaign, recorded_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        key,
                        first.decision_number,
                        first.decision_date,
                        first.campaign,
                        dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    ),
                )
                conn.executemany(
                    f"INSERT INTO awards (decision_key, {', '.join(_COLUMNS)})"
                    f" VALUES (?, {', '.join('?' for _ in _COLUMNS)})",
                    [(key, *astuple(r)) for r in clean],
                )
        except sqlite3.IntegrityError as exc:  # a writer that raced past the check
            raise AlreadyRecorded(first.decision_number) from exc
    return len(clean)


def _open_read_only(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return conn


def awards(db: Path, *, year: int | None = None, unit: str | None = None) -> list[AwardRow]:
    """The register's rows, oldest decision first, read-only (a missing register: none).

    ``year`` keeps the decisions dated in that year; ``unit`` keeps the rows whose unit id is
    ``unit`` or whose unit name contains it (diacritics and case ignored).
    """
    if not db.is_file():
        return []
    with closing(_open_read_only(db)) as conn:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'awards'"
        ).fetchone()
        if not has_table:
            return []
        sql = f"SELECT {', '.join(_COLUMNS)} FROM awards"
        args: list[str] = []
        if year is not None:
            sql += " WHERE substr(decision_date, 1, 4) = ?"
            args.append(f"{year:04d}")
        sql += " ORDER BY decision_date, id"
        rows = [AwardRow(*r) for r in conn.execute(sql, args)]
    if unit:
        wanted = fold(clean_spaces(nfc(unit)))
        rows = [r for r in rows if r.unit_id == unit or wanted in fold(r.unit_name)]
    return rows


@dataclass(frozen=True)
class RegisterSnapshot:
    """The register as one run reads it: its rows and a fingerprint of their content."""

    source: str  # the register as findings cite it (the config's path)
    rows: tuple[AwardRow, ...]
    sha256: str  # of the rows, not of the file: WAL checkpoints change bytes, not content


def snapshot(db: Path, source: str) -> RegisterSnapshot:
    """Every row of the register, read-only, with its content's sha256 (none: no rows)."""
    rows = tuple(awards(db))
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(astuple(row), ensure_ascii=False).encode("utf-8") + b"\n")
    return RegisterSnapshot(source=source, rows=rows, sha256=digest.hexdigest())


def decisions(db: Path) -> list[tuple[str, str, str]]:
    """The recorded decisions as (number, ISO date, campaign), oldest first."""
    if not db.is_file():
        return []
    with closing(_open_read_only(db)) as conn:
        try:
            return list(
                conn.execute("SELECT number, date, campaign FROM decisions ORDER BY date, rowid")
            )
        except sqlite3.OperationalError:
            return []
