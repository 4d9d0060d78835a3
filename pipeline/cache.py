"""The run's cache: what was parsed and extracted before, so a re-run redoes only what changed.

A SQLite file (the standard library's ``sqlite3``) beside the outbox,
``<outbox parent>/.<outbox name>.cache.sqlite``, with two tables of compressed JSON:

- ``parsed``: (sha256 of the item's bytes, its format, ``PARSER_VERSION``) → the parsed
  document.  ``PARSER_VERSION`` is a digest of the parsers' own source (``pipeline/parse``,
  ``pipeline/text``, the model), of the libraries and tools they call, and of a manual epoch:
  changing any of them re-parses everything, and nothing else does.
- ``records``: a digest of the item's metadata (source, bytes, receipt, sender, folder) and of
  :func:`extract_version` (the parser version, the extractors' source, the campaign config and
  the roster) → the extracted record.  A changed config or roster re-extracts from the parsed
  documents without parsing again.
- ``rendered``: a digest of an office document's (or a chart's) inputs, of the code and of
  the libraries that write it (``pipeline.render.task_digest``) → its files, so an output
  whose inputs did not change is not written again.

The cache is an accelerator, never a dependency: a missing, corrupt or locked file is rebuilt
or skipped with a log line, and the run goes on.  After a complete run the rows of other
parser versions and of items no longer in the inbox are swept, so the file tracks the inbox.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import shutil
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.config import CampaignConfig, Unit
from pipeline.model import (
    Block,
    Entry,
    Evidence,
    InboxItem,
    Nominee,
    Notice,
    ParsedDocument,
    Quorum,
    Record,
    to_plain,
)

PARSER_EPOCH = "1"  # bump by hand for a change the hashed sources below do not show
HASHED_PACKAGES = ("parse", "text")  # under pipeline/: every module's bytes
HASHED_MODULES = ("model.py", "cache.py")  # the shape of what is cached, and its encoding
EXTRACT_PACKAGES = ("extract",)  # what turns a parsed document into a record …
EXTRACT_MODULES = ("config.py",)  # … and the config model it reads
LIBRARIES = (
    "pdfplumber", "pdfminer.six", "pypdfium2", "lxml", "python-docx", "pytesseract", "openpyxl",
    "xlrd", "pillow",
)  # fmt: skip
TOOLS = ("tesseract", "soffice")  # OCR and .doc conversion happen only where these exist
FLUSH_EVERY = 64  # rows written per transaction
BUSY_TIMEOUT_S = 5.0
COMPRESS_LEVEL = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS parsed (
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    parser TEXT NOT NULL,
    doc BLOB NOT NULL,
    PRIMARY KEY (sha256, format, parser)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records (
    key TEXT PRIMARY KEY,
    record BLOB NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rendered (
    digest TEXT NOT NULL,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (digest, name)
) WITHOUT ROWID;
"""

log = logging.getLogger(__name__)
V = TypeVar("V")


def _hash_sources(digest: Any, packages: tuple[str, ...], modules: tuple[str, ...]) -> None:
    """Feed ``digest`` the path and bytes of every module of ``packages`` and ``modules``."""
    root = Path(__file__).resolve().parent
    paths = [p for package in packages for p in sorted((root / package).rglob("*.py"))]
    paths += [root / name for name in modules]
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode() + b"\n" + path.read_bytes())


def parser_version() -> str:
    """A digest of everything a parse result depends on besides the file itself."""
    digest = hashlib.sha256(f"epoch={PARSER_EPOCH}\n".encode())
    _hash_sources(digest, HASHED_PACKAGES, HASHED_MODULES)
    for library in LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = ""
        digest.update(f"{library}={version}\n".encode())
    for tool in TOOLS:
        digest.update(f"{tool}={shutil.which(tool) or ''}\n".encode())
    return digest.hexdigest()[:20]


PARSER_VERSION = parser_version()


def extract_version(config: CampaignConfig, units: list[Unit]) -> str:
    """A digest of everything a record depends on besides its item and parsed document."""
    digest = hashlib.sha256(f"parser={PARSER_VERSION}\n".encode())
    _hash_sources(digest, EXTRACT_PACKAGES, EXTRACT_MODULES)
    digest.update(config.model_dump_json().encode())
    for unit in units:
        digest.update(unit.model_dump_json().encode())
    return digest.hexdigest()[:20]


def record_key(item: InboxItem, version: str) -> str:
    """The records table's key: the item's metadata and bytes under ``version``."""
    fields = [version, item.source, item.sha256, item.format, item.received_at,
              item.received_time, item.received_source, item.sender, item.folder, item.errors]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def cache_path(outbox: Path) -> Path:
    """Where the cache of ``outbox`` lives: a hidden file beside it."""
    outbox = outbox.absolute()
    return outbox.parent / f".{outbox.name}.cache.sqlite"


def encode_document(doc: ParsedDocument) -> bytes:
    """A parsed document as compressed JSON, each block a row: kind, text, index, page,
    part, cells (tuples are JSON arrays as they are)."""
    plain = {
        "source": doc.source,
        "format": doc.format,
        "text_source": doc.text_source,
        "page_count": doc.page_count,
        "errors": doc.errors,
        "warnings": doc.warnings,
        "blocks": [(b.kind, b.text, b.index, b.page, b.part, b.rows) for b in doc.blocks],
    }
    text = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), COMPRESS_LEVEL)


def _pack(value: Any) -> bytes:
    text = json.dumps(to_plain(value), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), COMPRESS_LEVEL)


def encode_record(record: Record) -> bytes:
    """A record as compressed JSON."""
    return _pack(record)


def decode_record(blob: bytes) -> Record:
    """The record :func:`encode_record` wrote (raises on anything else)."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))

    def evidence(value: dict[str, Any] | None) -> Evidence | None:
        return Evidence(**value) if value is not None else None

    data["entries"] = [Entry(**{**e, "evidence": evidence(e["evidence"])})
                       for e in data["entries"]]
    data["nominees"] = [Nominee(**{**n, "evidence": evidence(n["evidence"])})
                        for n in data["nominees"]]
    data["evidence"] = [Evidence(**e) for e in data["evidence"]]
    data["notices"] = [Notice(**{**n, "evidence": evidence(n["evidence"])})
                       for n in data["notices"]]
    if data["quorum"] is not None:
        quorum = data["quorum"]
        data["quorum"] = Quorum(**{**quorum, "evidence": evidence(quorum["evidence"])})
    return Record(**data)


def decode_document(blob: bytes) -> ParsedDocument:
    """The document :func:`encode_document` wrote (raises on anything else)."""
    data: dict[str, Any] = json.loads(zlib.decompress(blob))
    blocks = [
        Block(kind, text, index, page, part, tuple(tuple(row) for row in rows))
        for kind, text, index, page, part, rows in data.pop("blocks")
    ]
    return ParsedDocument(**data, blocks=blocks)


class ParseCache:
    """Parsed documents, records and rendered files (module docstring); every failure is
    survivable.

    ``path=None`` gives a cache that remembers nothing (tests, read-only places).
    """

    def __init__(self, path: Path | None, version: str | None = None) -> None:
        self.path = path
        self.version = version or PARSER_VERSION
        self.hits = 0
        self.stored = 0
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, str, bytes]] = []
        self._pending_records: list[tuple[str, bytes]] = []
        self._seen: set[tuple[str, str]] = set()
        self._seen_records: set[str] = set()
        self._seen_rendered: set[str] = set()
        self._rebuilt = False
        if path is not None:
            self._open(path)

    def __enter__(self) -> ParseCache:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.close(complete=exc_type is None)

    def get(self, item: InboxItem) -> ParsedDocument | None:
        """The cached document of ``item``'s bytes and format, or None."""
        self._seen.add((item.sha256, item.format))
        key = (item.sha256, item.format, self.version)
        row = self._guard(lambda db: _select(db, key), None)
        if row is None:
            return None
        try:
            doc = decode_document(row)
        except Exception:  # noqa: BLE001 — a damaged row is a miss
            return None
        self.hits += 1
        return doc

    def put(self, item: InboxItem, doc: ParsedDocument) -> None:
        """Remember ``doc`` as the parse of ``item``'s bytes (written in batches)."""
        self.put_encoded(item, encode_document(doc))

    def put_encoded(self, item: InboxItem, blob: bytes) -> None:
        """:meth:`put` for a document already encoded by :func:`encode_document`."""
        self._seen.add((item.sha256, item.format))
        if self._db is None:
            return
        self._pending.append((item.sha256, item.format, self.version, blob))
        if len(self._pending) >= FLUSH_EVERY:
            self._guard(self._flush, None)

    def get_record(self, item: InboxItem, version: str) -> Record | None:
        """The record extracted before from this item under ``version``, or None."""
        key = record_key(item, version)
        self._seen_records.add(key)
        self._seen.add((item.sha256, item.format))  # its parse stays cached for a config change
        row = self._guard(lambda db: _select_record(db, key), None)
        if row is None:
            return None
        try:
            record = decode_record(row)
        except Exception:  # noqa: BLE001 — a damaged row is a miss
            return None
        self.hits += 1
        return record

    def put_record(self, item: InboxItem, version: str, record: Record) -> None:
        """Remember ``record`` as what ``item`` gives under ``version``."""
        self.put_record_encoded(item, version, encode_record(record))

    def put_record_encoded(self, item: InboxItem, version: str, blob: bytes) -> None:
        """:meth:`put_record` for a record already encoded by :func:`encode_record`."""
        key = record_key(item, version)
        self._seen_records.add(key)
        if self._db is None:
            return
        self._pending_records.append((key, blob))
        if len(self._pending_records) >= FLUSH_EVERY:
            self._guard(self._flush, None)

    def get_rendered(self, digest: str) -> dict[str, bytes] | None:
        """The files rendered before from inputs of this digest, or None."""
        self._seen_rendered.add(digest)
        none: list[tuple[str, bytes]] = []
        rows = self._guard(lambda db: _select_rendered(db, digest), none)
        if not rows:
            return None
        try:
            return {name: zlib.decompress(data) for name, data in rows}
        except zlib.error:  # a damaged row is a miss
            return None

    def put_rendered(self, digest: str, files: dict[str, bytes]) -> None:
        """Remember the files rendered from inputs of this digest (written at once: few)."""
        self._seen_rendered.add(digest)
        rows = [(digest, name, zlib.compress(data, COMPRESS_LEVEL))
                for name, data in sorted(files.items())]

        def insert(db: sqlite3.Connection) -> None:
            with db:
                db.execute("DELETE FROM rendered WHERE digest = ?", (digest,))
                db.executemany("INSERT INTO rendered VALUES (?, ?, ?)", rows)

        self._guard(insert, None)

    def close(self, complete: bool = True) -> None:
        """Write what is pending; after a complete run, sweep rows the inbox no longer has."""
        self._guard(self._flush, None)
        if complete:
            self._guard(self._sweep, None)
        self._drop_connection()

    # ---- internals

    def _open(self, path: Path) -> None:
        """Connect, creating the table; a file that is not a database is replaced once."""
        try:
            self._db = _connect(path)
        except sqlite3.OperationalError as exc:  # no such directory, read-only, locked
            self._disable(str(exc))
        except sqlite3.DatabaseError as exc:  # not a database
            self._rebuild(path, exc)

    def _rebuild(self, path: Path, exc: Exception) -> None:
        self._drop_connection()
        if self._rebuilt:
            self._disable(str(exc))
            return
        log.warning("Bộ nhớ đệm %s bị hỏng (%s); tạo lại từ đầu.", path, exc)
        self._rebuilt = True
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                path.with_name(path.name + suffix).unlink()
        self._open(path)

    def _guard(self, action: Callable[[sqlite3.Connection], V], fallback: V) -> V:
        """Run a database action; a corrupt file is rebuilt once, any other failure disables."""
        if self._db is None:
            return fallback
        try:
            return action(self._db)
        except sqlite3.OperationalError as exc:  # locked, disk full
            self._disable(str(exc))
        except sqlite3.DatabaseError as exc:  # malformed image found mid-run
            assert self.path is not None
            self._rebuild(self.path, exc)
            return self._guard(action, fallback)
        return fallback

    def _flush(self, db: sqlite3.Connection) -> None:
        if self._pending or self._pending_records:
            with db:
                db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?, ?)", self._pending)
                db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?)",
                               self._pending_records)
            self.stored += len(self._pending) + len(self._pending_records)
            self._pending.clear()
            self._pending_records.clear()

    def _sweep(self, db: sqlite3.Connection) -> None:
        with db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS seen"
                       " (sha256 TEXT, format TEXT, PRIMARY KEY (sha256, format))")
            db.execute("DELETE FROM temp.seen")
            db.executemany("INSERT INTO temp.seen VALUES (?, ?)", sorted(self._seen))
            db.execute(
                "DELETE FROM parsed WHERE parser != ? OR NOT EXISTS (SELECT 1 FROM temp.seen s"
                " WHERE s.sha256 = parsed.sha256 AND s.format = parsed.format)",
                (self.version,),
            )
            db.execute("CREATE TEMP TABLE IF NOT EXISTS seen_records (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM temp.seen_records")
            db.executemany("INSERT INTO temp.seen_records VALUES (?)",
                           [(key,) for key in sorted(self._seen_records)])
            db.execute("DELETE FROM records WHERE key NOT IN (SELECT key FROM temp.seen_records)")
            if self._seen_rendered:  # a run that rendered: keep only what it used
                db.execute("CREATE TEMP TABLE IF NOT EXISTS seen_rendered"
                           " (digest TEXT PRIMARY KEY)")
                db.execute("DELETE FROM temp.seen_rendered")
                db.executemany("INSERT INTO temp.seen_rendered VALUES (?)",
                               [(digest,) for digest in sorted(self._seen_rendered)])
                db.execute("DELETE FROM rendered"
                           " WHERE digest NOT IN (SELECT digest FROM temp.seen_rendered)")

    def _disable(self, reason: str) -> None:
        log.warning("Không dùng được bộ nhớ đệm %s (%s); các tệp sẽ được đọc lại.", self.path,
                    reason)
        self._drop_connection()
        self._pending.clear()
        self._pending_records.clear()

    def _drop_connection(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        db.commit()
    except sqlite3.Error:
        db.close()
        raise
    return db


def _select_record(db: sqlite3.Connection, key: str) -> bytes | None:
    row = db.execute("SELECT record FROM records WHERE key = ?", (key,)).fetchone()
    return bytes(row[0]) if row else None


def _select(db: sqlite3.Connection, key: tuple[str, str, str]) -> bytes | None:
    row = db.execute(
        "SELECT doc FROM parsed WHERE sha256 = ? AND format = ? AND parser = ?", key
    ).fetchone()
    return bytes(row[0]) if row else None


def _select_rendered(db: sqlite3.Connection, digest: str) -> list[tuple[str, bytes]]:
    rows = db.execute("SELECT name, data FROM rendered WHERE digest = ? ORDER BY name",
                      (digest,)).fetchall()
    return [(str(name), bytes(data)) for name, data in rows]
