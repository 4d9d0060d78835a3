"""A document with no unit of its own takes it from the documents it came with.

An achievement report (báo cáo thành tích) is often written by the nominee, with no issuing
body at the top: a clerk knows its unit because it came in the same e-mail, zip or folder as
the school's proposal.  This step runs once all records are extracted, after each record has
tried its own header, e-mail sender and folder (``extract_record``).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from pipeline.model import Evidence, Record
from pipeline.text import fold

# Records whose issuer line names a school of its own: never given a neighbour's unit.
_SCHOOL_WORDS = ("truong ",)


def container_of(source: str) -> str:
    """The e-mail or zip an item came in ("mail.eml#a.docx" → "mail.eml"), else its folder."""
    if "#" in source:
        return source.split("#", 1)[0]
    return posixpath.dirname(source)


def names_its_own_issuer(record: Record) -> bool:
    """Whether the document's header names a school (matched to the roster or not)."""
    return any(fold(line).startswith(_SCHOOL_WORDS) for line in record.issuer.split(" / "))


def units_from_siblings(records: list[Record]) -> list[Record]:
    """Give each unit-less campaign document the one unit of its e-mail, zip or folder.

    Only when every sibling that has a unit agrees on it, and only for documents that do not
    name an issuer of their own (an unknown school stays unknown: ``UNKNOWN_UNIT``).  Records
    are changed in place and returned, in the same order.
    """
    units: dict[str, set[str]] = defaultdict(set)
    for record in records:
        if record.unit_id and not record.errors:
            units[container_of(record.source)].add(record.unit_id)
    for record in records:
        if record.unit_id or record.doc_type == "unknown" or names_its_own_issuer(record):
            continue
        container = container_of(record.source)
        found = units.get(container, set()) if container else set()
        if len(found) != 1:
            continue
        record.unit_id = next(iter(found))
        record.evidence.append(
            Evidence(
                source=record.source,
                page=None,
                quote=f"Không ghi đơn vị; cùng gửi với các văn bản của đơn vị trong “{container}”",
                field="unit",
            )
        )
        for nominee in record.nominees:
            if nominee.unit_id is None:
                nominee.unit_id = record.unit_id
    return records
