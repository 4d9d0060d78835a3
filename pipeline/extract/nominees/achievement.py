"""The subject of an achievement report (báo cáo tóm tắt thành tích) and its models.

The report follows one of the official annex forms (Nghị định 91/2017 Mẫu 01 collective and
Mẫu 02 individual; the forms of Nghị định 98/2023 and 152/2025): a title asking for the award
("ĐỀ NGHỊ TẶNG GIẤY KHEN …", "Đề nghị UBND Thành phố tặng Bằng khen cho tập thể …"), then
"I. SƠ LƯỢC LÝ LỊCH" / "I. THÔNG TIN CHUNG" with labelled fields (see ``form_fields``),
"II. THÀNH TÍCH ĐẠT ĐƯỢC" and "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" (earlier awards, never
the one asked for).  The subject is read only when it can be read with confidence; otherwise
the report gives no nominee and an ``EXTRACTION_DOUBT`` notice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.config import CampaignConfig, Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.common import (
    _AWARD_WORDS,
    _EMPTY_VALUE,
    EXTRACTION_DOUBT,
    MODEL_CHECK,
    MODEL_FIELD,
    NEGATION_WINDOW,
    QUOTE_MAX,
    NomineeFacts,
    _evidence,
    _field_lines,
    _make_nominee,
    _starts_with_org,
    _State,
    plain,
)
from pipeline.extract.nominees.form_fields import (
    FormField,
    fold_chars,
    row_fields,
    split_fields,
)
from pipeline.model import Block, Evidence, Nominee, Notice, ParsedDocument
from pipeline.text import clean_spaces, fold, nfc
from pipeline.text.names import parse_award, strip_honorific

PERSON_WORDS = (2, 7)  # words of a full name (a long one: "Tôn Nữ Thị Ngọc Bảo Trâm")
COLLECTIVE_MAX_WORDS = 20  # a longer "Tên tập thể" value is prose, not a name
HEADING_MAX_WORDS = 14  # "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"; a longer line is prose
TITLE_JOIN = 4  # lines a title's request may be broken over in a PDF ("… cho tập" / "thể")

# The form's instructions to the writer (kept in brackets, often italic): never its own text.
_INSTRUCTION = re.compile(
    r"\([^()]*?\b(?:neu|ghi|trinh bay|mo ta|liet ke)\s+(?:ro|cu the|ngan gon|tom tat|day du)\b"
    r"[^()]*(?:\)|$)"
)
_PDF_GLYPH = re.compile(r"\(cid:\d+\)")  # a glyph a PDF's font could not map to text
_INSTRUCTION_LINE = re.compile(r"^\W*(?:neu|ghi)\s+(?:ro|cu the)\b")
_FORM_NOTE = re.compile(r"^\W*ghi chu\s*:?\s*[(\-]?\s*\(?\d\)")  # "Ghi chú: (1) …" footnotes
_MODEL_NEGATED = re.compile(r"\b(?:khong|chua)\s+(?:co\s+)?(?:\w+\s+){0,2}?$")
# The object of an instruction left unbracketed: "… ghi rõ mô hình, sáng kiến, giải pháp …".
_MODEL_INSTRUCTED = re.compile(
    r"\b(?:neu|ghi|trinh bay|liet ke)\s+(?:ro|cu the|ngan gon|tom tat)\s+(?:cac\s+)?"
    r"(?:(?:mo hinh|sang kien|giai phap|cach lam)\s+){0,3}$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-ZÀ-Ỹ“\"(\-–•+0-9])")

# A numbered section of the form ("I. SƠ LƯỢC LÝ LỊCH", "III. CÁC HÌNH THỨC …"), on folded text.
_ROMAN_HEADING = re.compile(r"^\s*([ivx]{1,4})\s*[.)/-]\s*(\S.*)$")
# Section III lists the awards already received: none of them is the one asked for.
_EARLIER_AWARDS = re.compile(
    r"(?:hinh thuc|danh hieu|khen thuong)[^.;]{0,30}\bda (?:duoc|dat|nhan)\b"
    r"|\bda duoc khen thuong\b|\bqua trinh khen thuong\b"
)
# The request in a title: "ĐỀ NGHỊ TẶNG …", "Đề nghị UBND … tặng Bằng khen cho tập thể …".
_REQUEST = re.compile(r"\bde ?nghi|^\s*(?:xet\s+)?tang\b|\btruy ?tang\b")
_REQUEST_PREFIX = re.compile(
    r"^\s*đề nghị\s+(?:(?:xét\s+)?(?:tặng|truy tặng|công nhận|khen thưởng)\s+)?"
    r"(?:\(hoặc truy tặng\)\s+)?",
    re.IGNORECASE,
)
# Who the request is for: "… cho tập thể Trường …", "… của tập thể …", "… cho Trường …".
_FOR_COLLECTIVE = re.compile(r"\b(?:cho|doi voi)\s+(tap the\s+)?|\btap the\s+")
_NAME_CUT = re.compile(r"\s*(?:\(|;|:|\s[–—-]\s(?=[a-zà-ỹđ\d])|,\s*(?:da|vi|ve)\s)")
_NOT_A_COLLECTIVE = re.compile(r"^(?:lao dong|tien tien|xuat sac|vung manh|hoan thanh)\b")
_UNIT_SUFFIX = re.compile(r"\s+[–—-]\s+|\s*,\s+(?=[Tt]rường\b)")  # "Tổ Lá – Trường …"
_NAME_END = re.compile(r"\s*(?:[,;]|\.\s|\s[–—-]\s)")  # where a name written in prose ends
_PERSON_WORD = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)?$")


@dataclass
class _Line:
    text: str
    block: Block
    fields: list[FormField]


# ------------------------------------------------------------------ reading the form


def _report_lines(doc: ParsedDocument) -> Iterator[_Line]:
    """Lines of the body with their labelled fields; a (label, value) table row is fields."""
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table":
            for row in block.rows:
                cells = [c.strip() for c in row if c.strip()]
                paired = row_fields(cells)
                if paired is not None:
                    text = "; ".join(f"{f.label}: {f.value}" for f in paired)
                    yield _Line(text, block, paired)
                    continue
                for cell in cells:
                    for ln in cell.split("\n"):
                        if ln.strip():
                            yield _Line(ln.strip(), block, split_fields(ln))
            continue
        for ln in block.text.split("\n"):
            if ln.strip():
                yield _Line(ln.strip(), block, split_fields(ln))


@dataclass
class _Form:
    """The fields of the report (first filled-in value of each role) and its title lines."""

    fields: dict[str, tuple[str, Block]] = field(default_factory=dict)
    labelled: set[str] = field(default_factory=set)  # roles whose label is present
    title: list[_Line] = field(default_factory=list)


def _read_form(doc: ParsedDocument) -> _Form:
    form = _Form()
    lines = list(_report_lines(doc))
    in_title, earlier = True, False
    for i, line in enumerate(lines):
        folded = fold_chars(nfc(line.text))
        heading = _ROMAN_HEADING.match(folded)
        if heading is not None and len(heading.group(2).split()) > HEADING_MAX_WORDS:
            heading = None
        if heading is not None:
            in_title = False
            earlier = bool(_EARLIER_AWARDS.search(heading.group(2)))
        if line.fields:
            in_title = False
        if in_title and line.block.kind == "paragraph":
            form.title.append(line)
        for f in line.fields:
            if earlier and f.role == "award":
                continue
            form.labelled.add(f.role)
            value = f.value
            if not value and line.text.rstrip().endswith(":") and f is line.fields[-1]:
                value = _value_below(lines, i)  # a bold label, its value on the next line
            if value and f.role not in form.fields:
                form.fields[f.role] = (value, line.block)
        if not earlier and heading is None and _EARLIER_AWARDS.search(fold(line.text)):
            earlier = True  # a heading run into the line before it in a PDF
    return form


def _value_below(lines: list[_Line], i: int) -> str:
    """The next line as a value: not a label, a heading or the form's placeholder."""
    if i + 1 >= len(lines):
        return ""
    below = lines[i + 1]
    text = clean_spaces(below.text)
    if below.fields or _ROMAN_HEADING.match(fold_chars(text)) or _EMPTY_VALUE.match(text):
        return ""
    return text if len(text.split()) <= COLLECTIVE_MAX_WORDS else ""


# ------------------------------------------------------------------ the award asked for


def _title_request(form: _Form) -> tuple[str, Block] | None:
    """The title's request, its PDF line breaks joined, without the bracketed subtitle."""
    lines = form.title
    for i, line in enumerate(lines):
        if not _REQUEST.search(fold(line.text)):
            continue
        first = line.text.strip()
        if first.startswith("(") and first.endswith(")"):
            first = first[1:-1]  # "(Đề nghị Giấy khen UBND quận)" under the title
        parts = [first]
        for below in lines[i + 1 : i + TITLE_JOIN]:
            if below.text.lstrip().startswith("(") or _REQUEST.search(fold(below.text)):
                break
            parts.append(below.text)
        text = re.sub(r"\([^()]*\)?", " ", " ".join(parts))
        return clean_spaces(text), line.block
    return None


def _award_raw(request: str) -> str:
    """The words naming the award in a request ("Đề nghị tặng Giấy khen … cho …")."""
    text = _REQUEST_PREFIX.sub("", request)
    text = re.split(r"\s+(?:cho|đối với)\s+", text, maxsplit=1, flags=re.IGNORECASE)[0]
    return text.strip(" ,;:.")[:QUOTE_MAX]


def _award(form: _Form, config: CampaignConfig) -> tuple[tuple[str | None, str], str]:
    """(award key, raw text) asked for, and a doubt when the award field cannot be read.

    An award clearly written but not one of the plan's ("Huân chương Lao động hạng Ba") is
    read with confidence: the key stays None and the AWARD_UNKNOWN rule judges it.  A field
    whose text names no award at all ("theo đề nghị của Hội đồng") is a doubt.
    """
    unread = ""
    awards = config.award_names()
    if "award" in form.fields:
        raw = form.fields["award"][0]
        key = parse_award(raw, awards)
        if key is not None or _AWARD_WORDS.search(raw):
            return (key, raw), ""
        unread = raw
    request = _title_request(form)
    if request is not None:
        key = parse_award(request[0], awards)
        raw = _award_raw(request[0])
        if key is not None:
            return (key, raw), ""
        if _AWARD_WORDS.search(raw) and "…" not in raw and "..." not in raw:
            return (None, raw), ""
    for title_line in form.title:  # a title naming the award without "Đề nghị"
        key = parse_award(title_line.text, awards)
        if key is not None:
            return (key, clean_spaces(title_line.text).strip(" :.")[:QUOTE_MAX]), ""
    if unread:
        return (None, unread), f"không nhận ra hình thức khen thưởng đề nghị “{unread[:80]}”"
    return (None, ""), ""


# ------------------------------------------------------------------ the subject


def _person_name(value: str) -> str | None:
    """A full name as written in the field, or None when the value is not just a name.

    A name has no comma, dash or full stop: "Nguyễn Thị Mai, giáo viên Toán" is the name
    and more; anything else that is not capitalised words is not read as a name.
    """
    text = clean_spaces(re.sub(r"\([^)]*\)", " ", nfc(value))).strip(" ,;:-–.")
    for candidate in (text, _NAME_END.split(text, maxsplit=1)[0]):
        words = _unglue(strip_honorific(candidate)).split()
        low, high = PERSON_WORDS
        if low <= len(words) <= high and all(
            _PERSON_WORD.match(w) and w[:1].isupper() for w in words
        ):
            return " ".join(words)
    return None


def _unglue(text: str) -> str:
    """A space put back between two capitalised words a PDF ran together ("ThịMai")."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isupper() and text[i - 1].islower():
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _collective_in_title(request: str) -> str | None:
    """The collective a title asks for ("… cho tập thể Trường THCS X"), else None."""
    folded = fold_chars(request)
    for match in _FOR_COLLECTIVE.finditer(folded):
        rest = request[match.end() :].strip()
        named = _NAME_CUT.split(rest, maxsplit=1)[0].strip(" ,;:.")
        said_collective = "tap the" in match.group(0)
        if not named or _NOT_A_COLLECTIVE.match(fold_chars(named)):
            continue
        if said_collective or _starts_with_org(named):
            return named
    return None


def _subject(
    state: _State, form: _Form, award: tuple[str | None, str]
) -> tuple[Nominee | None, Notice | None]:
    """The report's one nominee, or None and a notice saying why it could not be read."""
    source = state.doc.source
    fields = form.fields
    if "name" in fields and "collective" not in fields and _starts_with_org(fields["name"][0]):
        fields = {**fields, "collective": fields["name"]}  # "Họ tên/Tên tập thể: Tổ Toán"
        del fields["name"]
    if "name" in fields:
        value, block = fields["name"]
        name = _person_name(value)
        if name is None:
            detail = f"không đọc chắc chắn được họ và tên người được đề nghị (“{value[:80]}”)"
            return None, _doubt(state, detail, block, value)
        position = fields.get("position", ("", block))[0]
        unit_text = fields.get("unit", ("", block))[0]
        if unit_text and fold(unit_text) not in fold(position):
            position = f"{position}, {unit_text}" if position else unit_text
        quote = f"{name} – {position}" if position else name
        evidence = _evidence(source, block, quote, "nominee")
        return _make_nominee(state, "individual", name, position, award, evidence), None
    if "name" in form.labelled and "collective" not in fields:
        return None, _doubt(state, "báo cáo thành tích để trống họ và tên người được đề nghị")
    if "collective" in fields:
        value, block = fields["collective"]
        if len(value.split()) > COLLECTIVE_MAX_WORDS:
            detail = f"không đọc chắc chắn được tên tập thể (“{value[:80]}”)"
            return None, _doubt(state, detail, block, value)
        evidence = _evidence(source, block, value, "nominee")
        name, parent = _without_parent_unit(value, state)
        nominee = _make_nominee(state, "collective", name, "", award, evidence)
        if parent is not None:
            nominee.unit_id = parent.unit_id  # the school named beside the group
        return nominee, None
    return _title_subject(state, form, award)


def _doubt(state: _State, detail: str, block: Block | None = None, quote: str = "") -> Notice:
    """An EXTRACTION_DOUBT notice: the subject could not be read with confidence."""
    evidence = _evidence(state.doc.source, block, quote, "nominee") if block else None
    return Notice(code=EXTRACTION_DOUBT, detail=detail, evidence=evidence)


def _without_parent_unit(name: str, state: _State) -> tuple[str, Unit | None]:
    """The group of "Tổ chuyên môn Khối Lá – Trường Mầm non Hoa Mai" and the school it is in."""
    matcher = state.ctx.matcher
    if matcher.by_name(name) is not None:
        return name, None
    for cut in reversed(list(_UNIT_SUFFIX.finditer(name))):
        head, tail = name[: cut.start()].strip(), name[cut.end() :].strip(" .")
        parent = matcher.by_name(tail)
        if head and parent is not None:
            return head, parent
    return name, None


def _title_subject(
    state: _State, form: _Form, award: tuple[str | None, str]
) -> tuple[Nominee | None, Notice | None]:
    """A collective named by the title ("… cho tập thể Trường …"), else the sending unit."""
    source = state.doc.source
    texts = []
    request = _title_request(form)
    if request is not None:
        texts.append(request)
    texts.extend((line.text, line.block) for line in form.title)
    for text, block in texts:
        named = _collective_in_title(text)
        if named is None:
            continue
        unit = state.ctx.matcher.by_name(named) or state.ctx.matcher.in_text(named)
        if unit is None and not _starts_with_org(named):
            detail = f"không đọc chắc chắn được tên tập thể trong tiêu đề (“{named[:80]}”)"
            return None, _doubt(state, detail, block, text)
        evidence = _evidence(source, block, text, "nominee")
        return _make_nominee(state, "collective", named, "", award, evidence), None
    for line in form.title:
        if re.search(r"\btap the\b", fold(line.text)) and state.unit is not None:
            evidence = _evidence(source, line.block, line.text, "nominee")
            nominee = _make_nominee(state, "collective", state.unit.name, "", award, evidence)
            nominee.doubt = "báo cáo thành tích tập thể không ghi tên tập thể; lấy đơn vị gửi"
            return nominee, None
    detail = "không tìm thấy họ và tên hoặc tên tập thể được đề nghị trong báo cáo thành tích"
    return None, _doubt(state, detail)


# ------------------------------------------------------------------ models and solutions


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
    if _INSTRUCTION_LINE.match(p):
        if ":" not in p:
            return False
        p = p.split(":", 1)[1]  # "Ghi rõ mô hình: Mô hình “…”": what is written after it
    if ":" in p and _decision_empty(p.rsplit(":", 1)[1]):
        return False
    folded = f" {fold(p)} "
    for keyword in keywords:
        at = folded.find(f" {keyword} ")
        while at >= 0:
            before = folded[max(0, at - NEGATION_WINDOW) : at + 1]
            if not _MODEL_NEGATED.search(before) and not _MODEL_INSTRUCTED.search(before):
                return True
            at = folded.find(f" {keyword} ", at + 1)
    return False


def _is_heading_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return line.rstrip().endswith(":") or (bool(letters) and all(c.isupper() for c in letters))


def _without_instructions(line: str) -> str:
    """The line without the form's bracketed instructions ("(ghi rõ mô hình, …)")."""
    if "(" not in line:
        return line
    line = _PDF_GLYPH.sub("", line)
    folded = fold_chars(nfc(line))
    if len(folded) != len(line):
        return line
    pieces, at = [], 0
    for match in _INSTRUCTION.finditer(folded):
        pieces.append(line[at : match.start()])
        at = match.end()
    pieces.append(line[at:])
    return clean_spaces(" ".join(pieces))


def _model_evidence(doc: ParsedDocument, keywords: list[str]) -> list[Evidence]:
    """Every sentence of the report's own text naming a model, initiative or solution."""
    lines = [
        (_without_instructions(line), block)
        for line, block in _field_lines(doc)
        if not _FORM_NOTE.match(plain(line))
    ]
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


# ------------------------------------------------------------------ entry points


def _read_subject(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[Nominee | None, Notice | None]:
    state = _State(doc=doc, doc_type=doc_type, unit=unit, ctx=ctx)
    form = _read_form(doc)
    award, award_doubt = _award(form, ctx.config)
    nominee, notice = _subject(state, form, award)
    if nominee is not None and award_doubt and not nominee.doubt:
        nominee.doubt = award_doubt
    return nominee, notice


def read_achievement(doc: ParsedDocument, unit: Unit | None, ctx: ExtractContext) -> NomineeFacts:
    """The report's subject (one nominee, or none and a notice) and its model sentences."""
    nominee, notice = _read_subject(doc, "achievement_report", unit, ctx)
    facts = NomineeFacts(evidence=_model_evidence(doc, model_keywords(ctx.config)))
    if nominee is not None:
        facts.nominees.append(nominee)
    if notice is not None:
        facts.notices.append(notice)
    return facts

