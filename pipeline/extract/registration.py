"""Registration entries (bản đăng ký nội dung thi đua) from the form's table or a free letter.

The plan's form has four columns: Stt | Nội dung | Tên công trình/ dự án đăng ký | Dự kiến thời
gian hoàn thành.  Schools copy it and fill it in (``registration_table``), or write a letter with
one paragraph per content (``registration_letter``); OCR may give a form's table back as lines
(``registration_ocr``).  Which content a row or paragraph names is ``registration_contents``'s
question, answered from the config's contents.  The extractor keeps what was written; judging it
(placeholders, invalid numbers) is validation's.
"""

from __future__ import annotations

from pipeline.config import CampaignConfig
from pipeline.extract.cells import split_items
from pipeline.extract.registration_letter import letter_entries
from pipeline.extract.registration_ocr import ocr_entries
from pipeline.extract.registration_table import continued_tables, table_entries
from pipeline.model import Entry, ParsedDocument

__all__ = ["extract_entries", "split_projects"]


def extract_entries(doc: ParsedDocument, config: CampaignConfig) -> list[Entry]:
    """Every registered project: from the form's table(s) when there is one, else from prose."""
    entries: list[Entry] = []
    for chain in continued_tables(doc.tables()):
        entries.extend(table_entries(doc.source, chain, config))
    if entries:
        return entries
    if doc.text_source == "ocr" and (entries := ocr_entries(doc.source, doc.paragraphs(), config)):
        return entries  # a form whose table OCR read as lines
    return letter_entries(
        doc.source, doc.paragraphs(), config,
        wrapped=doc.format != "docx", ocr=doc.text_source == "ocr",
    )


def split_projects(cell: str) -> list[str]:
    """The projects written in one cell: "1. A 2. B" or "- A / - B" give two; else one."""
    return split_items(cell)
