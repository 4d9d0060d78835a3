"""The subject of an achievement report (báo cáo tóm tắt thành tích) and its models."""

from __future__ import annotations

import re

from pipeline.config import CampaignConfig, Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.common import (
    _EMPTY_VALUE,
    ITEM_MAX_CHARS,
    MODEL_CHECK,
    MODEL_FIELD,
    NEGATION_WINDOW,
    _award_phrase,
    _evidence,
    _field_lines,
    _make_nominee,
    _State,
    plain,
)
from pipeline.model import Block, Evidence, Nominee, ParsedDocument
from pipeline.text import fold
from pipeline.text.names import (
    parse_award,
)

# Achievement report fields: (role, pattern on the plain label before the colon).
FIELD_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(r"^(?:\d+\s*[.)]\s*)?(?:ho va ten|ho ten)\b")),
    ("collective", re.compile(r"^(?:\d+\s*[.)]\s*)?(?:ten tap the|ten don vi|ten co quan)\b")),
    ("unit", re.compile(r"^(?:\d+\s*[.)]\s*)?(?:don vi cong tac|co quan cong tac|noi cong tac)")),
    ("position", re.compile(r"^(?:\d+\s*[.)]\s*)?(?:chuc vu|chuc danh)\b")),
    ("award", re.compile(r"^(?:\d+\s*[.)]\s*)?(?:hinh thuc (?:de nghi )?khen thuong|de nghi)")),
)
_INSTRUCTION = re.compile(r"\((?:\s*(?:neu|ghi)\s+(?:ro|cu the)\b)[^)]*\)?")
_INSTRUCTION_LINE = re.compile(r"^\W*(?:neu|ghi)\s+(?:ro|cu the)\b")
_MODEL_NEGATED = re.compile(r"\b(?:khong|chua)\s+(?:co\s+)?(?:\w+\s+){0,2}?$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ỹ“\"(\-–•+0-9])")

# ------------------------------------------------------------------ achievement report


def _field(line: str) -> tuple[str, str] | None:
    """(role, value) of a "Họ và tên: …" style line whose value is filled in."""
    if ":" not in line:
        return None
    label, value = line.split(":", 1)
    label_plain = re.sub(r"\([^)]*\)", " ", plain(label))
    label_plain = re.sub(r"^[\W_]+", "", label_plain).strip()
    value = value.strip()
    if _EMPTY_VALUE.match(value) or len(value) > ITEM_MAX_CHARS:
        return None
    for role, pattern in FIELD_LABELS:
        if pattern.match(label_plain):
            return role, value
    return None


def model_keywords(config: CampaignConfig) -> list[str]:
    """The folded words that name a model, initiative or solution (the config's rule)."""
    for rule in config.rules:
        if rule.check == MODEL_CHECK:
            return [fold(k) for k in rule.params.get("keywords", []) if fold(k)]
    return []


def _sentences(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]


def _names_model(sentence: str, keywords: list[str]) -> bool:
    """Whether a sentence names a model/initiative/solution (not the form's instruction)."""
    p = plain(sentence)
    p = _INSTRUCTION.sub(" ", p)
    if _INSTRUCTION_LINE.match(p) or (":" in p and _decision_empty(p.rsplit(":", 1)[1])):
        return False
    folded = f" {fold(p)} "
    for keyword in keywords:
        at = folded.find(f" {keyword} ")
        while at >= 0:
            if not _MODEL_NEGATED.search(folded[max(0, at - NEGATION_WINDOW) : at + 1]):
                return True
            at = folded.find(f" {keyword} ", at + 1)
    return False


def _is_heading_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return line.rstrip().endswith(":") or (bool(letters) and all(c.isupper() for c in letters))


def _model_evidence(doc: ParsedDocument, keywords: list[str]) -> list[Evidence]:
    """Every sentence of the report naming a model, initiative or solution."""
    lines = list(_field_lines(doc))
    found: list[Evidence] = []
    for i, (line, block) in enumerate(lines):
        for sentence in _sentences(line):
            if not _names_model(sentence, keywords):
                continue
            quote = sentence
            if _is_heading_line(sentence):
                following = lines[i + 1][0] if i + 1 < len(lines) else ""
                if not following or _is_heading_line(following) or _decision_empty(following):
                    continue
                quote = f"{sentence} {following}"
            found.append(_evidence(doc.source, block, quote, MODEL_FIELD))
    return found


def _decision_empty(text: str) -> bool:
    """A filled-in "Không" / "Không có" under a heading: nothing named."""
    return bool(re.fullmatch(r"\W*(?:khong|chua)(?:\s+co)?\W*", plain(text)))


def extract_achievement(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """The report's subject (one nominee) and its model/solution sentences."""
    state = _State(doc=doc, doc_type=doc_type, unit=unit, ctx=ctx)
    fields: dict[str, tuple[str, Block]] = {}
    award: tuple[str | None, str] = (None, "")
    for line, block in _field_lines(doc):
        found = _field(line)
        if found and found[0] not in fields:
            fields[found[0]] = (found[1], block)
        if award[0] is None:
            key = parse_award(line, ctx.config)
            if key is not None and (found is None or found[0] == "award"):
                award = (key, found[1] if found else _award_phrase(line))
    nominee = _achievement_subject(state, fields, award)
    keywords = model_keywords(ctx.config)
    return ([nominee] if nominee else []), _model_evidence(doc, keywords)


def _achievement_subject(
    state: _State,
    fields: dict[str, tuple[str, Block]],
    award: tuple[str | None, str],
) -> Nominee | None:
    """The subject: "Họ và tên: …", else "Tên tập thể: …", else the collective of the title."""
    source = state.doc.source
    if "name" in fields:
        name, block = fields["name"]
        position = fields.get("position", ("", block))[0]
        unit_text = fields.get("unit", ("", block))[0]
        if unit_text and fold(unit_text) not in fold(position):
            position = f"{position}, {unit_text}" if position else unit_text
        quote = f"{name} – {position}" if position else name
        evidence = _evidence(source, block, quote, "nominee")
        return _make_nominee(state, "individual", name, position, award, evidence)
    if "collective" in fields:
        name, block = fields["collective"]
        evidence = _evidence(source, block, name, "nominee")
        return _make_nominee(state, "collective", name, "", award, evidence)
    for block in state.doc.paragraphs()[:20]:
        p = plain(block.text)
        if "tap the" in p:
            named = state.ctx.matcher.in_text(block.text) or state.unit
            if named is not None:
                evidence = _evidence(source, block, block.text, "nominee")
                return _make_nominee(state, "collective", named.name, "", award, evidence)
    return None
