"""A photo or scan sent as an image (JPEG, PNG, TIFF: each page of a multi-page TIFF), read by
Vietnamese OCR like a scanned PDF page.

The OCR itself is :mod:`pipeline.parse.ocr`'s, with its bounds (pages, time per page and in
all); its lines become blocks the way a scanned PDF's do (:func:`pipeline.parse.pdf.assemble`).
An image whose OCR reads no meaningful text (a photo of the school gate, a drawing) is not a
document: format ``not_document`` with the warning "ảnh không có chữ" and no error.

Size is bounded before any pixel is decoded: an image over ``MAX_IMAGE_PIXELS`` (a
decompression bomb declares billions) is refused with a finding, and a large one is scaled down
to the pixel budget of a rendered PDF page before OCR.
"""

from __future__ import annotations

import io
import math
import re
import statistics
import warnings
from collections.abc import Callable
from typing import Any

from pipeline.model import ParsedDocument
from pipeline.parse import TimeRequest
from pipeline.parse.ocr import MAX_PAGE_PIXELS, OcrPage, OcrUnavailable, ocr_pages
from pipeline.parse.pdf import LOW_OCR_CONFIDENCE, MSG_LOW_CONFIDENCE, Item, assemble

MAX_IMAGE_PIXELS = 64_000_000  # a 48-megapixel phone photo passes; Pillow's own bomb limit is 89M
MIN_LETTERS = 20  # letters in words of two or more letters: fewer, and the image has no text
MIN_CONFIDENCE = 40.0  # mean word confidence under which what was read is noise
NO_TEXT = "ảnh không có chữ"

MSG_TOO_LARGE = (
    "Ảnh quá lớn ({pixels:.0f} triệu điểm ảnh, tối đa {limit:.0f} triệu) — tệp có thể bị hỏng "
    "hoặc cố tình gây tràn bộ nhớ; không đọc."
)
MSG_BROKEN = "Ảnh bị hỏng, không đọc được: {reason}"
MSG_NO_OCR = (
    "Không đọc được ảnh: máy không có Tesseract với dữ liệu tiếng Việt (vie) để nhận dạng chữ."
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def parse_image(data: bytes, source: str, extend_time: TimeRequest | None = None) -> ParsedDocument:
    """The image's text read by OCR, page by page; ``not_document`` when it has none."""
    from PIL import Image, UnidentifiedImageError  # Pillow only when an image is seen

    doc = ParsedDocument(source=source, format="image", text_source="ocr")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            frames = int(getattr(image, "n_frames", 1) or 1)
            too_large = _too_large(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            doc.errors.append(MSG_BROKEN.format(reason=_short(exc)))
            return doc
        except (UnidentifiedImageError, OSError, ValueError, EOFError) as exc:
            doc.errors.append(MSG_BROKEN.format(reason=_short(exc)))
            return doc
        if too_large:
            doc.errors.append(too_large)
            return doc
        doc.page_count = frames
        renders = ((n, _frame_render(image, n)) for n in range(1, frames + 1))
        try:
            pages = ocr_pages(renders, extend_time)
        except OcrUnavailable:
            doc.errors.append(MSG_NO_OCR)
            return doc
        except _TooLarge as exc:
            doc.errors.append(str(exc))
            return doc
    if not _meaningful(pages):
        return ParsedDocument(
            source=source, format="not_document", page_count=frames, warnings=[NO_TEXT]
        )
    confidence = statistics.fmean(page.confidence for page in pages)
    if confidence < LOW_OCR_CONFIDENCE:
        doc.warnings.append(MSG_LOW_CONFIDENCE.format(confidence=confidence))
    items = [
        [Item("paragraph", page.page, float(i), text=line) for i, line in enumerate(page.lines)
         if line.strip()]
        for page in pages
    ]  # fmt: skip
    doc.blocks = assemble(items)
    return doc


class _TooLarge(Exception):
    """A frame of a multi-page image over the pixel limit (met only when its turn comes)."""


def _too_large(image: Any) -> str | None:
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        return MSG_TOO_LARGE.format(pixels=width * height / 1e6, limit=MAX_IMAGE_PIXELS / 1e6)
    return None


def _frame_render(image: Any, number: int) -> Callable[[], Any]:
    """A function decoding frame ``number`` (1-based) as an upright grayscale image within the
    OCR pixel budget."""

    def render() -> Any:
        from PIL import Image, ImageOps

        image.seek(number - 1)
        problem = _too_large(image)
        if problem:
            raise _TooLarge(problem)
        frame = ImageOps.exif_transpose(image)  # a phone photo taken sideways, stood up
        if frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info:
            rgba = frame.convert("RGBA")  # transparent is paper, not black
            frame = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba)
        gray = frame.convert("L")
        width, height = gray.size
        if width * height > MAX_PAGE_PIXELS:
            scale = math.sqrt(MAX_PAGE_PIXELS / (width * height))
            gray = gray.resize((max(1, int(width * scale)), max(1, int(height * scale))))
        return gray

    return render


def _meaningful(pages: list[OcrPage]) -> bool:
    """Enough letters in real words, read with enough confidence, to be a document's text."""
    letters = sum(
        len(word) for page in pages for line in page.lines for word in _WORD.findall(line)
    )
    if letters < MIN_LETTERS:
        return False
    scored = [page.confidence for page in pages if page.lines]
    return bool(scored) and statistics.fmean(scored) >= MIN_CONFIDENCE


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
