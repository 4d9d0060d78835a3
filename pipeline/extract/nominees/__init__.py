"""Nominees of the commendation dossier documents (SPEC §3): who is proposed, for what award.

One module per kind of document: ``proposal``/``minutes`` (via ``listed``), ``achievement``
and ``tax``; ``common`` holds what they share.  Every nominee keeps the row or line it came
from as evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.config import Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.achievement import MODEL_FIELD, extract_achievement
from pipeline.extract.nominees.listed import extract_listed
from pipeline.extract.nominees.tax import extract_tax
from pipeline.model import Evidence, Nominee, ParsedDocument

__all__ = ["MODEL_FIELD", "extract_nominees"]

Extractor = Callable[
    [ParsedDocument, str, Unit | None, ExtractContext], tuple[list[Nominee], list[Evidence]]
]
_EXTRACTORS: dict[str, Extractor] = {
    "proposal": extract_listed,
    "council_minutes": extract_listed,
    "achievement_report": extract_achievement,
    "tax_confirmation": extract_tax,
}


def extract_nominees(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """The nominees a dossier document names, and extra evidence (models, solutions).

    ``unit`` is the document's sender, used for individuals and unnamed collectives; other
    document types give nothing.
    """
    extractor = _EXTRACTORS.get(doc_type)
    if extractor is None:
        return [], []
    return extractor(doc, doc_type, unit, ctx)
