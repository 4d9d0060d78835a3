"""Proposals: tờ trình, công văn đề nghị, danh sách đề nghị khen thưởng.

The nominees are in a table (columns in any order, "I. TẬP THỂ" / "II. CÁ NHÂN" group rows,
an award cell merged over several rows, an annex after the signature), in a list of lines, or
in a sentence ("… đề nghị tặng Giấy khen cho 01 tập thể là … và 02 cá nhân gồm bà …").  The
recipients ("Kính gửi: Phòng …", "Nơi nhận: …"), the legal grounds ("Căn cứ …") and the signer
are never nominees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.config import Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.common import (
    NomineeFacts,
    _State,
    name_key,
    plain,
    settle_doubts,
)
from pipeline.extract.nominees.listed import _prose_lines, read_listed
from pipeline.model import Block, Nominee, ParsedDocument
from pipeline.text import fold

# A line that opens a list of recipients; the list goes on over the marked lines after it.
_RECIPIENTS = re.compile(r"^(?:kinh gui|noi nhan|dong gui|gui)\s*:")
_BULLET = re.compile(r"^\s*[-–—•+*]\s*")  # a recipient's line: "- Phòng Nội vụ quận;"


def read_proposal(doc: ParsedDocument, unit: Unit | None, ctx: ExtractContext) -> NomineeFacts:
    """The nominees a proposal asks an award for, with notices of lines it could not read."""
    state = _State(doc=doc, doc_type="proposal", unit=unit, ctx=ctx)
    state.in_list = True
    recipients: list[str] = []
    read_listed(state, _without_recipients(_prose_lines(doc), recipients))
    named = " | ".join(fold(r) for r in recipients)
    nominees: list[Nominee] = []
    for nominee in state.nominees:
        key = name_key(nominee)
        if nominee.kind == "collective" and key and key in named:
            continue  # an office the proposal is addressed to
        nominees.append(nominee)
    settle_doubts(nominees, minutes=False)
    return NomineeFacts(nominees=nominees, notices=state.notices)


def _without_recipients(
    lines: Iterator[tuple[str, Block]], recipients: list[str]
) -> Iterator[tuple[str, Block]]:
    """``lines`` without the "Kính gửi" and "Nơi nhận" lists, which go to ``recipients``."""
    inside = False
    for line, block in lines:
        if block.kind == "table":
            inside = False
            yield line, block
            continue
        p = plain(line)
        if _RECIPIENTS.match(p):
            named = line.split(":", 1)[1].strip()
            inside = not named or named.endswith((";", ","))
            recipients.append(named)
            continue
        if inside and _BULLET.match(line):
            recipients.append(_BULLET.sub("", line, count=1))
            inside = line.rstrip().endswith((";", ","))
            continue
        inside = False
        yield line, block
