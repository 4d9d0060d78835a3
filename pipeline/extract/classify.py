"""Decide what kind of document this is (SPEC §3) from its title zone.

Only the top of a document is read: a registration letter may mention the launch, and a launch
plan asks units to register, so the body would mislead.  Patterns run on folded text and are
tried in order: the more specific kinds first.
"""

from __future__ import annotations

import re

from pipeline.model import Block, ParsedDocument
from pipeline.text import fold

TITLE_ZONE_BLOCKS = 20  # blocks from the top that may hold the type and subject lines
HEADER_TABLE_MAX_ROWS = 4  # a table this small at the top is the two-column header

# (doc_type, pattern on folded text), most specific first.
DOC_TYPE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "council_minutes",
        re.compile(r"\bbien ban\b.{0,120}\b(hoi dong thi dua|thi dua khen thuong)"),
    ),
    ("achievement_report", re.compile(r"\bbao cao\b.{0,20}\b(tom tat )?thanh tich\b")),
    ("tax_confirmation", re.compile(r"\bxac nhan\b.{0,120}\bthue\b")),
    ("proposal", re.compile(r"\bto trinh\b|\bde nghi\b.{0,40}\bkhen thuong\b")),
    ("result_report", re.compile(r"\bbao cao\b.{0,120}\bket qua\b.{0,200}\bthi dua\b")),
    ("registration", re.compile(r"\bdang ky\b.{0,120}\bthi dua\b")),
    ("launch", re.compile(r"\bphat dong\b.{0,160}\bthi dua\b")),
)


def title_zone(doc: ParsedDocument) -> list[Block]:
    """The blocks at the top of the body: header lines, type, subject (no data tables)."""
    zone: list[Block] = []
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table" and len(block.rows) > HEADER_TABLE_MAX_ROWS:
            break
        zone.append(block)
        if len(zone) >= TITLE_ZONE_BLOCKS:
            break
    return zone


def classify(doc: ParsedDocument) -> tuple[str, Block | None]:
    """The document's type and the block whose text decided it (for evidence).

    The first block of the title zone that matches any pattern decides: the type line and
    subject come before the body, which may mention other kinds of document.
    """
    zone = title_zone(doc)
    for i, block in enumerate(zone):
        alone = fold(block.text)
        following = fold(zone[i + 1].text) if i + 1 < len(zone) else ""
        for doc_type, pattern in DOC_TYPE_PATTERNS:
            if pattern.search(alone):
                return doc_type, block
        # A type line ("BÁO CÁO") and its subject line are often separate blocks.
        for doc_type, pattern in DOC_TYPE_PATTERNS:
            if pattern.search(f"{alone} {following}") and not pattern.search(following):
                return doc_type, block
    return "unknown", None
