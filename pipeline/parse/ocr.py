"""OCR of scanned PDF pages and of images in Vietnamese, with Tesseract.

A scanned letter has no text layer: each page is rendered with pdfium (or, for a photo or scan
sent as an image, decoded by :mod:`pipeline.parse.image`), read by Tesseract's Vietnamese model
(``vie``) and returned as lines of NFC text with the mean word confidence, so the caller can
warn about a poor scan. Time is bounded three ways: at most ``MAX_OCR_PAGES`` pages,
``PAGE_TIMEOUT_S`` per page and ``TOTAL_TIMEOUT_S`` for the document; the pixel count of a
rendered page is capped so an oversized page cannot exhaust memory.

Before each page the caller's ``extend_time`` is asked for that page's time (a worker's clock,
see :func:`pipeline.workers.extend_time_limit`): it is always given as a parameter, passed
down from :func:`pipeline.parse.parse_item`; this module knows nothing of the pool that runs it.
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import statistics
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytesseract

from pipeline.parse import TimeRequest

LANGUAGE = "vie"
# Automatic page segmentation: on a scanned registration table it read every row, with the best
# confidence; --psm 4 misread a digit and --psm 6 dropped and garbled lines.
TESSERACT_CONFIG = "--psm 3"
# Render at the scan's own resolution, kept within these bounds: upsampling a noisy 200 dpi scan
# to 300 dpi made Tesseract read far worse, and below 200 dpi accents are lost (see the report).
MIN_DPI = 200
MAX_DPI = 300
FALLBACK_DPI = 300  # a page with no image (e.g. text drawn as outlines)
MAX_IMAGES_INSPECTED = 50
MAX_OCR_PAGES = 30
PAGE_TIMEOUT_S = 120.0
RENDER_ALLOWANCE_S = 30.0  # asked of the worker's clock per page, on top of Tesseract's time
TOTAL_TIMEOUT_S = 600.0
MAX_PAGE_PIXELS = 40_000_000  # A4 at 300 dpi is 8.7 million pixels
# Word gaps measured on rendered pages: at most 0.75 word heights between words of a line
# (justified text included), at least 5 between the two columns of a document header.
COLUMN_GAP = 2.5


@dataclass
class OcrPage:
    """The text Tesseract read on one page (1-based), line by line, and its mean confidence.

    A line holds a tab where a wide gap separates two columns of the page ("TRƯỜNG THCS BÌNH
    TÂN\tVIỆT NAM" in a document header, the cells of a table row). ``confidence`` is the
    mean word confidence (0-100) over the words Tesseract scored; 0.0 when nothing was read,
    including a page that ran out of time.
    """

    page: int
    lines: list[str]
    confidence: float


@dataclass(frozen=True)
class _Word:
    text: str
    left: int
    right: int
    height: int


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


def ocr_pdf_pages(
    data: bytes, pages: list[int], dpi: int | None = None, extend_time: TimeRequest | None = None
) -> list[OcrPage]:
    """Read the given 1-based ``pages`` of the PDF ``data`` with Vietnamese OCR.

    Each page is rendered at ``dpi``, or when it is None at the resolution of the page's
    largest image (the scan) bounded to ``MIN_DPI``..``MAX_DPI``.
    Page numbers outside the document are ignored and only the first ``MAX_OCR_PAGES`` are
    read; pages left when the ``TOTAL_TIMEOUT_S`` budget is spent are not returned. Raises
    ``OcrUnavailable`` when Tesseract or its ``vie`` model is missing, and pypdfium2's
    ``PdfiumError`` when the PDF cannot be opened.
    """
    _require_ocr()
    document = pypdfium2.PdfDocument(data)
    try:
        wanted = [p for p in pages if 1 <= p <= len(document)]
        renders = ((n, lambda n=n: _render_page(document[n - 1], dpi)) for n in wanted)
        return ocr_pages(renders, extend_time)
    finally:
        document.close()


def ocr_pages(
    pages: Iterable[tuple[int, Callable[[], Any]]], extend_time: TimeRequest | None = None
) -> list[OcrPage]:
    """OCR of page images, each given as (1-based number, a function making its PIL image).

    An image is made only when its turn comes, within the bounds of this module (the first
    ``MAX_OCR_PAGES``, ``PAGE_TIMEOUT_S`` each, ``TOTAL_TIMEOUT_S`` in all).  ``extend_time``
    is asked for each page's time first (nothing is asked without it).  Raises
    ``OcrUnavailable`` when Tesseract or its ``vie`` model is missing.
    """
    _require_ocr()
    request = extend_time or _no_request
    # Tesseract's OpenMP threads fight over a small machine's cores: one thread per page was
    # four times faster on two cores (see the report). A value set by the user is kept.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    deadline = time.monotonic() + TOTAL_TIMEOUT_S
    results: list[OcrPage] = []
    for number, render in itertools.islice(pages, MAX_OCR_PAGES):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        request(min(PAGE_TIMEOUT_S, remaining) + RENDER_ALLOWANCE_S)
        image = render()
        results.append(_read_page(image, number, min(PAGE_TIMEOUT_S, remaining)))
    return results


def _require_ocr() -> None:
    if not ocr_available():
        raise OcrUnavailable("Máy không có Tesseract với dữ liệu tiếng Việt (vie) để nhận dạng chữ")


def _no_request(seconds: float) -> None:
    """Outside a worker there is no clock to extend."""


def _render_page(page: pypdfium2.PdfPage, dpi: int | None) -> Any:
    """The page as a grayscale PIL image, scaled down if it would be too large."""
    try:
        width, height = page.get_size()  # points
        scale = (dpi or _scan_dpi(page)) / 72
        if width * height * scale * scale > MAX_PAGE_PIXELS:
            scale = math.sqrt(MAX_PAGE_PIXELS / (width * height))
        return page.render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        page.close()


def _scan_dpi(page: pypdfium2.PdfPage) -> float:
    """The resolution of the page's largest image within MIN_DPI..MAX_DPI, else FALLBACK_DPI."""
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)
    best_area, best_dpi = 0.0, float(FALLBACK_DPI)
    for image in itertools.islice(images, MAX_IMAGES_INSPECTED):
        left, bottom, right, top = image.get_bounds()
        area = (right - left) * (top - bottom)
        resolution = float(image.get_metadata().horizontal_dpi)
        if area > best_area and resolution > 0:
            best_area, best_dpi = area, resolution
    return min(max(best_dpi, MIN_DPI), MAX_DPI)


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
    """Words joined into lines by Tesseract's (block, paragraph, line) numbers, in order.

    Within a line a gap wider than ``COLUMN_GAP`` word heights separates two columns (the
    two halves of a document header, the cells of a table row): it becomes a tab, the
    separator table text uses elsewhere, where an ordinary space would merge them.
    """
    lines: dict[tuple[int, int, int], list[_Word]] = {}
    for i, text in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", str(text)).strip()
        if text:
            key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
            left, width = int(data["left"][i]), int(data["width"][i])
            lines.setdefault(key, []).append(
                _Word(text, left, left + width, int(data["height"][i]))
            )
    return [_join_words(words) for words in lines.values()]


def _join_words(words: list[_Word]) -> str:
    height = statistics.median(word.height for word in words)
    parts = [words[0].text]
    for previous, word in itertools.pairwise(words):
        gap = word.left - previous.right
        parts.append("\t" if height > 0 and gap > COLUMN_GAP * height else " ")
        parts.append(word.text)
    return "".join(parts)


def _mean_confidence(data: dict[str, list[Any]]) -> float:
    """Mean confidence of the words Tesseract scored (it gives -1 to non-word boxes)."""
    scores = [
        float(conf)
        for conf, word in zip(data["conf"], data["text"], strict=True)
        if float(conf) >= 0 and str(word).strip()
    ]
    return round(sum(scores) / len(scores), 1) if scores else 0.0
