"""The parse cache: exact round trips, keys, version changes, and survival of a damaged file."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path

import pytest

from pipeline import cache as cache_module
from pipeline.cache import (
    ParseCache,
    cache_path,
    decode_document,
    decode_record,
    encode_document,
    encode_record,
    parser_version,
)
from pipeline.model import Entry, Evidence, InboxItem, Nominee, ParsedDocument, Record
from pipeline.parse import parse_item
from tests.docx_builders import paragraphs_docx, table_docx


def _item(name: str, data: bytes, fmt: str = "docx") -> InboxItem:
    return InboxItem(source=name, sha256=hashlib.sha256(data).hexdigest(), format=fmt, data=data)


@pytest.fixture(scope="module")
def parsed() -> list[tuple[InboxItem, ParsedDocument]]:
    """Real parses: paragraphs (NFD input), a table with merged and nested cells."""
    items = [
        _item("a.docx", paragraphs_docx(["Trường Tiểu học An Lạc 1", "Ngày 04 tháng 5 năm 2021"])),
        _item("b.docx", table_docx()),
    ]
    return [(item, parse_item(item)) for item in items]


def test_the_cache_sits_hidden_beside_the_outbox(tmp_path: Path) -> None:
    assert cache_path(tmp_path / "outbox") == tmp_path / ".outbox.cache.sqlite"


def test_a_document_round_trips_exactly(parsed: list[tuple[InboxItem, ParsedDocument]]) -> None:
    for _, doc in parsed:
        assert decode_document(encode_document(doc)) == doc
    table = next(b for b in parsed[1][1].blocks if b.kind == "table")
    assert isinstance(table.rows, tuple) and isinstance(table.rows[0], tuple)


def test_hits_need_the_same_bytes_format_and_parser_version(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    path = tmp_path / "c.sqlite"
    (item, doc), (other, _) = parsed
    with ParseCache(path) as cache:
        cache.put(item, doc)
    with ParseCache(path) as cache:
        assert cache.get(item) == doc
        assert cache.get(other) is None
        assert cache.get(_item("a.docx", item.data, "doc")) is None
        cache.get(other)
    with ParseCache(path, version="another parser") as cache:
        assert cache.get(item) is None
    assert cache.hits == 0


def test_a_complete_run_sweeps_rows_of_files_gone_and_of_old_parsers(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    path = tmp_path / "c.sqlite"
    (a, doc_a), (b, doc_b) = parsed
    with ParseCache(path, version="v1") as cache:
        cache.put(a, doc_a)
        cache.put(b, doc_b)
    with ParseCache(path, version="v1") as cache:  # b is not in the inbox any more
        assert cache.get(a) == doc_a
    with ParseCache(path, version="v1") as cache:
        assert cache.get(b) is None
    with ParseCache(path, version="v2") as cache:
        cache.put(a, doc_a)
    rows = sqlite3.connect(path).execute("SELECT sha256, parser FROM parsed").fetchall()
    assert rows == [(a.sha256, "v2")]


def test_rendered_files_round_trip_and_only_those_a_rendering_run_used_stay(
    tmp_path: Path,
) -> None:
    path = tmp_path / "c.sqlite"
    files = {"a.docx": b"PK\x03\x04" + bytes(range(256)) * 40, "a.xlsx": b""}
    with ParseCache(path) as cache:
        assert cache.get_rendered("d1") is None
        cache.put_rendered("d1", files)
        cache.put_rendered("d2", {"b.docx": b"b"})
    with ParseCache(path) as cache:  # a run that only parses sweeps no rendered file
        pass
    with ParseCache(path) as cache:
        assert cache.get_rendered("d1") == files
    with ParseCache(path) as cache:
        assert cache.get_rendered("d2") is None  # the run before rendered d1 only
        assert cache.get_rendered("d1") == files
    with sqlite3.connect(path) as db:
        db.execute("UPDATE rendered SET data = x'00' WHERE name = 'a.xlsx'")
    with ParseCache(path) as cache:
        assert cache.get_rendered("d1") is None  # a damaged row is a miss


def test_an_interrupted_run_sweeps_nothing(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    path = tmp_path / "c.sqlite"
    (a, doc_a), (b, doc_b) = parsed
    with ParseCache(path) as cache:
        cache.put(a, doc_a)
        cache.put(b, doc_b)
    with pytest.raises(KeyboardInterrupt), ParseCache(path) as cache:
        cache.get(a)
        raise KeyboardInterrupt
    with ParseCache(path) as cache:
        assert cache.get(b) == doc_b


def test_a_garbage_file_is_rebuilt_not_fatal(
    tmp_path: Path,
    parsed: list[tuple[InboxItem, ParsedDocument]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database, just garbage " * 300)
    item, doc = parsed[0]
    with caplog.at_level(logging.WARNING), ParseCache(path) as cache:
        assert cache.get(item) is None
        cache.put(item, doc)
    assert "hỏng" in caplog.text
    with ParseCache(path) as cache:
        assert cache.get(item) == doc


def test_a_file_damaged_inside_is_rebuilt_when_the_damage_is_met(
    tmp_path: Path,
    parsed: list[tuple[InboxItem, ParsedDocument]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "c.sqlite"
    item, doc = parsed[0]
    with ParseCache(path) as cache:
        for i in range(300):
            cache.put(_item(f"{i}.docx", f"{i}".encode()), doc)
        cache.put(item, doc)
    data = bytearray(path.read_bytes())
    data[4096:] = bytes([0xA5]) * (len(data) - 4096)  # every page after the first
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING), ParseCache(path) as cache:
        assert cache.get(item) is None  # damaged: a miss, then a fresh file
        cache.put(item, doc)
    assert "tạo lại" in caplog.text
    with ParseCache(path) as cache:
        assert cache.get(item) == doc


def test_a_damaged_row_is_a_miss(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    path = tmp_path / "c.sqlite"
    item, doc = parsed[0]
    with ParseCache(path) as cache:
        cache.put(item, doc)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE parsed SET doc = ?", (b"\x78\x01garbage",))
    with ParseCache(path) as cache:
        assert cache.get(item) is None


def test_an_unwritable_place_disables_the_cache_quietly(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    item, doc = parsed[0]
    with ParseCache(tmp_path / "no" / "such" / "dir" / "c.sqlite") as cache:
        cache.put(item, doc)
        assert cache.get(item) is None


def test_the_parser_version_is_stable_and_moves_with_the_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert parser_version() == parser_version() == cache_module.PARSER_VERSION
    monkeypatch.setattr(cache_module, "PARSER_EPOCH", "manual bump")
    assert parser_version() != cache_module.PARSER_VERSION


def test_the_version_covers_every_parser_and_text_module() -> None:
    root = Path(cache_module.__file__).resolve().parent
    hashed = {p.relative_to(root).as_posix() for pkg in cache_module.HASHED_PACKAGES
              for p in (root / pkg).rglob("*.py")}
    assert {"parse/pdf.py", "parse/docx.py", "text/normalize.py"} <= hashed


def _record(source: str) -> Record:
    quote = Evidence(source=source, page=None, quote="Công trình 1", field="entry", paragraph=4)
    return Record(
        source=source, sha256="ab" * 32, format="docx", doc_type="registration",
        unit_id="thcs_tan_tao", doc_date="2021-05-04", received_source="doc_date",
        entries=[Entry(1, "Thư viện xanh", "2021-06-30", "Tháng 6/2021", quote)],
        nominees=[Nominee("individual", "Trần Thị Thu", "Giáo viên", award="district_merit",
                          approved=True, votes_for=15, votes_total=17, evidence=None)],
        evidence=[quote], warnings=["Chất lượng nhận dạng chữ thấp"],
    )


def test_a_record_round_trips_exactly() -> None:
    record = _record("a.docx")
    assert decode_record(encode_record(record)) == record


def test_records_are_keyed_by_the_item_and_the_extract_version(
    tmp_path: Path, parsed: list[tuple[InboxItem, ParsedDocument]]
) -> None:
    path = tmp_path / "c.sqlite"
    item = parsed[0][0]
    with ParseCache(path) as cache:
        cache.put_record(item, "x1", _record(item.source))
    moved = _item("khac/a.docx", item.data)  # same bytes elsewhere: another record
    late = _item("a.docx", item.data)
    late.received_at = "2021-06-30"  # another receipt date: another record
    with ParseCache(path) as cache:
        assert cache.get_record(item, "x1") == _record(item.source)
        assert cache.get_record(item, "x2") is None
        assert cache.get_record(moved, "x1") is None
        assert cache.get_record(late, "x1") is None
    with ParseCache(path) as cache:  # x1 of item was looked up last time: kept
        assert cache.get_record(moved, "x1") is None
    with ParseCache(path) as cache:  # not looked up last time: swept
        assert cache.get_record(item, "x1") is None
