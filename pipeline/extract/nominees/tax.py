"""The entity a tax confirmation (xác nhận của cơ quan thuế) is about."""

from __future__ import annotations

import re

from pipeline.config import Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.common import (
    _EMPTY_VALUE,
    ITEM_MAX_CHARS,
    _evidence,
    _field_lines,
    _make_nominee,
    _State,
    plain,
)
from pipeline.model import Block, Evidence, Nominee, ParsedDocument

# Tax confirmation: the labelled entity, else a company named in a sentence.
_TAX_LABEL = re.compile(
    r"^(?:\d+\s*[.)]\s*)?ten\s+(?:nguoi nop thue|doanh nghiep|don vi|to chuc|co so)\b"
)
_COMPANY = re.compile(
    r"((?:Công ty|CÔNG TY|Doanh nghiệp|DOANH NGHIỆP|Hợp tác xã|HỢP TÁC XÃ)\b[^,;:()\n]{3,120})"
)
_TAX_OFFICE = re.compile(r"\b(?:cuc thue|chi cuc thue|co quan thue|doi thue|tong cuc thue)\b")


# ------------------------------------------------------------------- tax confirmation


def extract_tax(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """The entity a tax office confirms (the issuer is the tax office, not the entity)."""
    state = _State(doc=doc, doc_type=doc_type, unit=unit, ctx=ctx)
    labelled: list[tuple[str, Block, str]] = []  # (name text, block, quote)
    mentioned: list[tuple[str, Block, str]] = []
    for line, block in _field_lines(doc):
        label, _, value = line.partition(":")
        if _TAX_LABEL.match(plain(label)) and not _EMPTY_VALUE.match(value[:ITEM_MAX_CHARS]):
            labelled.append((value.strip()[:ITEM_MAX_CHARS], block, line))
            continue
        if _TAX_OFFICE.search(plain(line)) and not _COMPANY.search(line):
            continue  # the issuing tax office's own lines
        named = ctx.matcher.in_text(line)
        company = _COMPANY.search(line)
        if named is not None:
            mentioned.append((named.name, block, line))
        elif company:
            mentioned.append((company.group(1), block, line))
    candidates = labelled + mentioned
    if not candidates:
        return [], []
    name, block, quote = candidates[0]
    name = re.split(r"\s*(?:,|\bmã số thuế\b|\bMST\b)", name, maxsplit=1)[0]
    evidence = _evidence(doc.source, block, quote, "nominee")
    return [_make_nominee(state, "collective", name, "", (None, ""), evidence)], []
