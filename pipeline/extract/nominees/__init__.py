"""Nominees of the commendation dossier documents (SPEC §3): who is proposed, for what award.

One module per kind of document: ``proposal`` (tờ trình, công văn, danh sách đề nghị),
``minutes`` (biên bản họp Hội đồng Thi đua - Khen thưởng, read by its sections), both on the
table and list reader of ``listed``; ``achievement`` and ``tax``; ``common`` holds what they
share.  Every nominee keeps the row or line it came from as evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.config import Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.achievement import MODEL_FIELD, read_achievement
from pipeline.extract.nominees.common import NomineeFacts
from pipeline.extract.nominees.minutes import read_minutes, read_quorum
from pipeline.extract.nominees.proposal import read_proposal
from pipeline.extract.nominees.tax import extract_tax
from pipeline.model import Evidence, Nominee, ParsedDocument

__all__ = [
    "MODEL_FIELD",
    "NomineeFacts",
    "extract_nominee_facts",
    "extract_nominees",
    "read_quorum",
]

Extractor = Callable[
    [ParsedDocument, str, Unit | None, ExtractContext], tuple[list[Nominee], list[Evidence]]
]
_EXTRACTORS: dict[str, Extractor] = {"tax_confirmation": extract_tax}


def extract_nominee_facts(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> NomineeFacts:
    """Nominees, extra evidence, notices (EXTRACTION_DOUBT) and, for minutes, the quorum.

    ``unit`` is the document's sender, used for individuals and unnamed collectives; other
    document types give nothing.
    """
    if doc_type == "proposal":
        return read_proposal(doc, unit, ctx)
    if doc_type == "council_minutes":
        return read_minutes(doc, unit, ctx)
    if doc_type == "achievement_report":
        return read_achievement(doc, unit, ctx)
    extractor = _EXTRACTORS.get(doc_type)
    if extractor is None:
        return NomineeFacts()
    nominees, evidence = extractor(doc, doc_type, unit, ctx)
    return NomineeFacts(nominees=nominees, evidence=evidence)


def extract_nominees(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """The nominees a dossier document names, and extra evidence (models, solutions)."""
    facts = extract_nominee_facts(doc, doc_type, unit, ctx)
    return facts.nominees, facts.evidence
