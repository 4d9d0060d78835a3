"""Registration entries from a letter (công văn "V/v đăng ký …") instead of the form.

One paragraph per content, in one of a few shapes:

    - Nội dung 1: <project>. Thời gian hoàn thành: ngày 23/5/2021.
    1. Nội dung số 9: dự án “<project>”; thời gian hoàn thành: 30/6/2021.
    Đối với Nội dung 3, nhà trường đăng ký <project>, dự kiến hoàn thành tháng 6/2021.
    - Bầu cử: <project>, hoàn thành trước ngày 20/5/2021.   (a label from the config)

Only a paragraph that opens with its content (number or label) is an entry: prose that merely
mentions a content ("theo nội dung 3 của Kế hoạch") is not.
"""

from __future__ import annotations

import re

from pipeline.config import CampaignConfig
from pipeline.extract.cells import split_items, trailing_date
from pipeline.extract.registration_contents import matcher_for
from pipeline.model import Block, Entry, Evidence
from pipeline.text import clean_spaces, fold
from pipeline.text.dates import parse_completion

_BULLET = r"^(?:[-–•+*]\s*)?(?:\d{1,2}\s*[.)]\s*)?"
_LEAD = re.compile(
    _BULLET + r"(?:(?:đối với|về|với|thuộc)\s+)?n[ộo]i dung\s*(?:thi đua\s*)?(?:s[ốo]\s*)?"
    r"(\d{1,3})\s*[:.,)\-–]?\s*",
    re.IGNORECASE,
)
_LABEL_LEAD = re.compile(_BULLET + r"([^:;,.]{3,60}?)\s*:\s*")
_REGISTERS = re.compile(
    r"^(?:(?:nhà trường|trường|đơn vị|chúng tôi)\s+)?đăng k[ýí](?:\s*:\s*|\s+)(?:thực hiện\s+)?"
    r"|^(?:công trình|dự án|phần việc)\s*:\s*",
    re.IGNORECASE,
)
_MARKER = re.compile(
    r"(?:^|(?<=[\s,;.(–-]))(?:thời gian|thời hạn|dự kiến|hoàn thành)"
    r"(?:\s+(?:dự kiến|hoàn thành|thực hiện))*\s*(?:vào|trong)?\s*:?\s*",
    re.IGNORECASE,
)
_ONGOING = re.compile(r"\b(?:thuong xuyen|lien tuc|ca nam|suot|hang (?:ngay|tuan|thang|nam))\b")
_ONLY_QUOTED = re.compile(
    r"^(?:(?:công trình|dự án|phần việc|mô hình)\s*)?[“\"](.+?)[”\"]$", re.IGNORECASE
)
_PARENTHESIS = re.compile(r"^\s*\([^)]*\)\s*[:,.\-–]?\s*")
_ENDS_ENTRIES = re.compile(r"^(?:[-–•+*]|\d{1,2}\s*[.)]|nơi nhận|kính gửi)", re.IGNORECASE)
_SEVERAL = re.compile(
    r"^(?:(?:nhà trường|trường|đơn vị)\s+)?(?:đăng k[ýí]\s+)?(?:\d{1,2}|hai|ba|bốn|năm)\s+"
    r"(?:công trình|dự án|phần việc)[^:]{0,40}:\s*",
    re.IGNORECASE,
)
_LONGEST_DATE = 60  # characters after a completion marker that can still be its date
LONG_CONTENT_WORDS = 8  # a content's text copied before its project is at least this long


def letter_entries(
    source: str, blocks: list[Block], config: CampaignConfig, wrapped: bool = False,
    ocr: bool = False,
) -> list[Entry]:
    """One entry per paragraph that opens with a content number or label.

    ``wrapped``: the blocks are lines (a PDF's or OCR's), so an entry may go on to the next.
    ``ocr``: the text was read from an image, where a table's cells come out as such lines
    too; only a line that also says when the project ends is then taken for an entry.
    """
    year = config.campaign.period.start.year
    entries: list[Entry] = []
    for block, text, content_no, body in _entry_paragraphs(blocks, config, wrapped):
        if "|" in text:
            continue  # a table's row as OCR read it, cells run together: not a sentence
        evidence = Evidence(
            source=source,
            page=block.page,
            quote=text[:400],
            field="entry",
            paragraph=block.index if block.page is None else None,
        )
        for project, raw in _projects(body, content_no, config, year):
            if ocr and not raw:
                continue
            if not re.search(r"[^\W\d_]{2}", project):
                continue
            date = parse_completion(raw, year)
            entries.append(
                Entry(
                    content_no=content_no,
                    project=project,
                    expected_completion=date.isoformat() if date else None,
                    expected_completion_raw=raw,
                    evidence=evidence,
                )
            )
    return entries


def _projects(
    body: str, content_no: int, config: CampaignConfig, year: int
) -> list[tuple[str, str]]:
    """(project, completion as written) for each project of a paragraph: one, or several
    numbered ones ("1. … 2. …", "(1) …; (2) …"), each with its date or all with the last's."""
    body = _SEVERAL.sub("", body, count=1)
    items = split_items(body)
    found = []
    for item in items if len(items) > 1 else [body]:
        project, raw = _split_completion(item, year)
        project = _without_content_text(project, content_no, config)
        if not raw and (own := trailing_date(project, year)):
            project, raw = own  # "<project> (tháng 6/2021)"
        if quoted := _ONLY_QUOTED.match(project):
            project = quoted.group(1)
        found.append((project, raw))
    dated = [raw for _, raw in found if raw]
    if len(found) > 1 and dated == [found[-1][1]]:
        found = [(project, found[-1][1]) for project, _ in found]  # "1. A; 2. B, hoàn thành …"
    return found


def _lead(text: str, config: CampaignConfig) -> tuple[int, str] | None:
    """The content a paragraph opens with and the rest of it, or None if it opens with none."""
    if m := _LEAD.match(text):
        return int(m.group(1)), text[m.end() :]
    if (m := _LABEL_LEAD.match(text)) and (number := matcher_for(config).by_label(m.group(1))):
        return number, text[m.end() :]
    return None


def _entry_paragraphs(
    blocks: list[Block], config: CampaignConfig, wrapped: bool
) -> list[tuple[Block, str, int, str]]:
    """Entry paragraphs with their wrapped lines rejoined (OCR gives one block per line)."""
    found: list[tuple[Block, str, int, str]] = []
    open_entry = False
    for block in blocks:
        text = clean_spaces(block.text)
        lead = _lead(text, config)
        if lead is not None:
            found.append((block, text, lead[0], _body(lead[1])))
            open_entry = not text.endswith((".", ";"))
        elif open_entry and found and wrapped and not _ends_entries(text):
            first, joined, number, body = found[-1]
            found[-1] = (first, f"{joined} {text}", number, f"{body} {text}")
            open_entry = not text.endswith((".", ";"))
        else:
            open_entry = False
    return found


def _ends_entries(text: str) -> bool:
    """A line that cannot go on an entry: a new bullet, the recipients, a title in capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(_ENDS_ENTRIES.match(text)) or (len(letters) >= 4 and text.upper() == text)


def _body(rest: str) -> str:
    """What follows the content number: without a parenthesis naming it, nor "đăng ký"."""
    rest = _PARENTHESIS.sub("", rest, count=1)
    return _REGISTERS.sub("", rest.strip(), count=1)


def _without_content_text(project: str, content_no: int, config: CampaignConfig) -> str:
    """"<the content's text or label>: <project>" without the content's part."""
    head, colon, tail = project.partition(":")
    if not colon or not tail.strip():
        return project
    matcher = matcher_for(config)
    if matcher.by_label(head) == content_no or (
        len(head.split()) >= LONG_CONTENT_WORDS and matcher.by_text(head) == content_no
    ):
        return _REGISTERS.sub("", tail.strip(), count=1)
    return project


def _split_completion(body: str, year: int) -> tuple[str, str]:
    """(project, completion as written): the completion is a short dated tail after a marker."""
    for m in _MARKER.finditer(body):
        if m.start() == 0:
            continue
        tail = body[m.end() :].strip().rstrip(".;)").strip()
        if len(tail) > _LONGEST_DATE:
            continue
        if parse_completion(tail, year) is not None or _ONGOING.search(fold(tail)):
            project = body[: m.start()]
            return clean_spaces(project).strip(" ,;:.-–(").strip(), tail
    return clean_spaces(body).strip(" ,;:.-–").strip(), ""
