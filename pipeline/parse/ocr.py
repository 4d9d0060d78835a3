"""OCR of scanned PDF pages in Vietnamese, with Tesseract.

A scanned letter has no text layer: each page is rendered with pdfium, read by Tesseract's
Vietnamese model (``vie``) and returned as lines of NFC text with the mean word confidence, so
the caller can warn about a poor scan. Time is bounded three ways: at most ``MAX_OCR_PAGES``
pages, ``PAGE_TIMEOUT_S`` per page and ``TOTAL_TIMEOUT_S`` for the document; the pixel count of
a rendered page is capped so an oversized page cannot exhaust memory.
"""

from __future__ import annotations

import math
import shutil
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pypdfium2
import pytesseract

LANGUAGE = "vie"
# --psm 3 (automatic layout) keeps the two header columns of an administrative document
# ("UBND QUẬN … / TRƯỜNG …" left, "CỘNG HÒA …" right) as separate blocks; see the report.
TESSERACT_CONFIG = "--psm 3"
DEFAULT_DPI = 300
MAX_OCR_PAGES = 30
PAGE_TIMEOUT_S = 120.0
TOTAL_TIMEOUT_S = 600.0
MAX_PAGE_PIXELS = 40_000_000  # A4 at 300 dpi is 8.7 million pixels


@dataclass
class OcrPage:
    """The text Tesseract read on one page (1-based), line by line, and its mean confidence.

    ``confidence`` is the mean word confidence (0-100) over the words Tesseract scored; 0.0
    when nothing was read, including a page that ran out of time.
    """

    page: int
    lines: list[str]
    confidence: float


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed on this machine."""


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """True when the tesseract binary is installed with the Vietnamese model (cached)."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return False
    try:
        return LANGUAGE in pytesseract.get_languages(config="")
    except (pytesseract.TesseractError, OSError, RuntimeError):
        return False


def ocr_pdf_pages(data: bytes, pages: list[int], dpi: int = DEFAULT_DPI) -> list[OcrPage]:
    """Read the given 1-based ``pages`` of the PDF ``data`` with Vietnamese OCR.

    Page numbers outside the document are ignored and only the first ``MAX_OCR_PAGES`` are
    read; pages left when the ``TOTAL_TIMEOUT_S`` budget is spent are not returned. Raises
    ``OcrUnavailable`` when Tesseract or its ``vie`` model is missing, and pypdfium2's
    ``PdfiumError`` when the PDF cannot be opened.
    """
    if not ocr_available():
        raise OcrUnavailable("Máy không có Tesseract với dữ liệu tiếng Việt (vie) để nhận dạng chữ")
    deadline = time.monotonic() + TOTAL_TIMEOUT_S
    document = pypdfium2.PdfDocument(data)
    try:
        wanted = [p for p in pages if 1 <= p <= len(document)][:MAX_OCR_PAGES]
        results: list[OcrPage] = []
        for number in wanted:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            image = _render_page(document[number - 1], dpi)
            results.append(_read_page(image, number, min(PAGE_TIMEOUT_S, remaining)))
        return results
    finally:
        document.close()


def _render_page(page: pypdfium2.PdfPage, dpi: int) -> Any:
    """The page as a grayscale PIL image at ``dpi``, scaled down if it would be too large."""
    width, height = page.get_size()  # points
    scale = dpi / 72
    if width * height * scale * scale > MAX_PAGE_PIXELS:
        scale = math.sqrt(MAX_PAGE_PIXELS / (width * height))
    try:
        return page.render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def _read_page(image: Any, number: int, timeout: float) -> OcrPage:
    """OCR one rendered page; a page that runs out of time comes back empty."""
    try:
        data = pytesseract.image_to_data(
            image,
            lang=LANGUAGE,
            config=TESSERACT_CONFIG,
            timeout=timeout,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractError:
        raise
    except RuntimeError:  # pytesseract signals its timeout with a bare RuntimeError
        return OcrPage(page=number, lines=[], confidence=0.0)
    return OcrPage(page=number, lines=_group_lines(data), confidence=_mean_confidence(data))


def _group_lines(data: dict[str, list[Any]]) -> list[str]:
    """Words joined into lines by Tesseract's (block, paragraph, line) numbers, in order."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    for i, word in enumerate(data["text"]):
        word = unicodedata.normalize("NFC", str(word)).strip()
        if word:
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            lines.setdefault(key, []).append(word)
    return [" ".join(words) for words in lines.values()]


def _mean_confidence(data: dict[str, list[Any]]) -> float:
    """Mean confidence of the words Tesseract scored (it gives -1 to non-word boxes)."""
    scores = [
        float(conf)
        for conf, word in zip(data["conf"], data["text"], strict=True)
        if float(conf) >= 0 and str(word).strip()
    ]
    return round(sum(scores) / len(scores), 1) if scores else 0.0
