"""Stage: extract — from a parsed document to a Record of facts, each with its evidence."""

from __future__ import annotations

import datetime as dt

from pipeline.config import Unit
from pipeline.extract.classify import classify, title_zone
from pipeline.extract.context import ExtractContext
from pipeline.extract.header import read_header
from pipeline.extract.registration import extract_entries
from pipeline.model import Evidence, InboxItem, Notice, ParsedDocument, Record

__all__ = ["ExtractContext", "extract_record"]

CLOSING_BLOCKS = 12  # paragraphs at the end where a form puts its place and date


def extract_record(item: InboxItem, doc: ParsedDocument, ctx: ExtractContext) -> Record:
    """Classify ``doc``, read its header, entries and nominees, and settle its received date."""
    record = Record(
        source=item.source,
        sha256=item.sha256,
        format=item.format,
        received_at=item.received_at,
        received_source=item.received_source,
        text_source=doc.text_source,
        sender=item.sender,
        errors=list(doc.errors),
        warnings=list(doc.warnings),
    )
    if item.received_at:
        record.evidence.append(_receipt_evidence(item))
    if "not_document" in (item.format, doc.format):  # a system file; an image with no text
        detail = doc.warnings[0] if doc.warnings else "tệp hệ thống hoặc hình ảnh không có chữ"
        record.notices.append(Notice(code="NOT_A_DOCUMENT", detail=detail))
        unit = _unit_from_delivery(item, ctx)
        record.unit_id = unit.unit_id if unit else None
        return record
    if doc.errors:
        unit = _unit_from_delivery(item, ctx)
        record.unit_id = unit.unit_id if unit else None
        return record
    zone = title_zone(doc)
    header = read_header(doc.source, zone, ctx.matcher, closing=doc.paragraphs()[-CLOSING_BLOCKS:])
    day = dt.date.fromisoformat(header.doc_date) if header.doc_date else None
    decided = classify(doc, ctx.config, day)
    doc_type, decided_by = decided.doc_type, decided.block
    record.doc_type = doc_type
    record.notices.extend(decided.notices)
    record.doc_number = header.doc_number
    record.doc_date = header.doc_date
    record.title = header.title
    record.issuer = header.issuer_text
    record.evidence.extend(header.evidence or [])
    if decided_by is not None:
        record.evidence.append(
            Evidence(
                source=doc.source,
                page=decided_by.page,
                quote=(decided.quote or decided_by.text)[:300],
                field="doc_type",
                paragraph=decided_by.index if decided_by.page is None else None,
            )
        )
    unit = header.unit
    if doc_type == "tax_confirmation":
        unit = None  # the header is the tax office's; the entity is named in the body
    if doc_type == "registration":
        record.entries = extract_entries(doc, ctx.config)
    elif doc_type in {"proposal", "council_minutes", "achievement_report", "tax_confirmation"}:
        from pipeline.extract.nominees import extract_nominee_facts

        facts = extract_nominee_facts(doc, doc_type, unit, ctx)
        nominees = facts.nominees
        record.nominees = nominees
        record.evidence.extend(facts.evidence)
        record.notices.extend(facts.notices)
        if doc_type == "council_minutes":
            record.quorum = facts.quorum
        if unit is None and doc_type == "tax_confirmation":
            unit_ids = [n.unit_id for n in nominees if n.unit_id]
            unit = ctx.matcher.units.get(unit_ids[0]) if unit_ids else None
    if unit is None:
        unit = _unit_from_delivery(item, ctx)
    record.unit_id = unit.unit_id if unit else None
    if record.unit_id:
        for nominee in record.nominees:
            if nominee.unit_id is None:
                nominee.unit_id = record.unit_id
    if record.received_at is None and record.doc_date:
        record.received_at = record.doc_date
        record.received_source = "doc_date"
    return record



def _receipt_evidence(item: InboxItem) -> Evidence:
    """Where the received date came from: the e-mail's Date header or the register."""
    when = f"{item.received_at} {item.received_time or ''}".strip()
    if item.received_source == "eml":
        quote = f"Thư điện tử gửi lúc {when} (giờ Việt Nam), người gửi: {item.sender or '?'}"
    else:
        quote = f"Sổ công văn đến (so_den.csv): nhận ngày {when}, nơi gửi: {item.sender or '?'}"
    return Evidence(source=item.source, page=None, quote=quote, field="received_at")


def _unit_from_delivery(item: InboxItem, ctx: ExtractContext) -> Unit | None:
    """The sender by e-mail address, else by the inbox sub-folder (SPEC §2)."""
    unit = ctx.matcher.by_email(item.sender) if item.sender else None
    if unit is None and item.folder:
        unit = ctx.matcher.by_folder(item.folder)
    return unit
