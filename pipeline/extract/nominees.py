"""Nominees of the commendation dossier documents (SPEC §3): who is proposed, for what award.

Proposals (tờ trình) and council minutes (biên bản họp Hội đồng Thi đua - Khen thưởng) list
nominees in a table or as numbered lines; an achievement report (báo cáo tóm tắt thành tích)
is about one nominee and is read for the models, initiatives and solutions it names; a tax
confirmation (xác nhận của cơ quan thuế) names one entity.  Every nominee keeps the row or
line it came from as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pipeline.config import CampaignConfig, Unit
from pipeline.extract.cells import is_numbering_row, is_same_as_above
from pipeline.extract.context import ExtractContext
from pipeline.model import Block, Evidence, Nominee, ParsedDocument
from pipeline.text import bare, canonical_tones, clean_spaces, fold, nfc
from pipeline.text.names import (
    display_name,
    has_honorific,
    is_head_of_unit,
    parse_award,
    strip_collective_prefix,
    strip_unit_suffix,
)

QUOTE_MAX = 400  # characters of a row or line kept as evidence
NAME_MAX_WORDS = 14  # a longer "name" is a sentence of prose, not a nominee
ITEM_MAX_CHARS = 1000  # a longer line is prose; also bounds the work on hostile input
NEGATION_WINDOW = 40  # characters before a model keyword that may negate it ("không có")
PERSON_NAME_WORDS = (2, 6)  # a Vietnamese full name without honorific has 2 to 6 words
MODEL_CHECK = "model_or_solution"  # the check kind whose params.keywords name a model
MODEL_FIELD = "model_or_solution"  # Evidence.field of a sentence naming one

# Header cells of a nominee table, on folded text, tried in order (first match wins).
COLUMN_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stt", ("stt", "so tt", "tt", "so thu tu")),
    ("against", ("khong dong y", "khong tan thanh", "phieu chong")),
    ("votes", ("so phieu", "dong y", "tan thanh", "phieu bau", "bieu quyet")),
    ("result", ("ket qua", "thong qua", "dat khong dat")),
    ("award", ("hinh thuc", "danh hieu", "muc khen", "de nghi khen", "loai khen")),
    ("name", ("ho va ten", "ho ten", "ten tap the", "ten ca nhan", "ten don vi", "tap the",
              "ca nhan", "ten")),
    ("unit", ("don vi cong tac", "co quan cong tac", "noi cong tac", "don vi")),
    ("position", ("chuc vu", "chuc danh")),
    ("note", ("ghi chu",)),
)  # fmt: skip
# "Chức vụ, đơn vị công tác" is one column holding both: it is the position column.
POSITION_UNIT = ("chuc vu", "chuc danh")
HEADER_SCAN_ROWS = 4  # the header row is among the first rows of a table
TOTAL_ROW = re.compile(r"^(?:tong cong|tong so|cong)(?:\s+\d.*)?$")  # "Tổng cộng 05", not "Công ty"

# Organisations a collective's name starts with, on lower-case NFC text with diacritics:
# "Tổ Toán" is a collective, "Tô Văn Ân" a person; "Trường" a school, "Trương" a surname.
ORG_PREFIXES = (
    "trường", "trung tâm", "tổ", "phòng", "công ty", "doanh nghiệp", "ban", "chi bộ",
    "đảng bộ", "công đoàn", "đoàn thanh niên", "đoàn tncs", "chi đoàn", "liên đội", "khối",
    "bộ phận", "văn phòng", "cơ quan", "lớp", "nhóm", "thư viện", "hợp tác xã", "ủy ban",
    "ubnd", "câu lạc bộ", "đội", "chi hội", "nhà trường", "thcs", "thpt", "th", "mn", "tt",
)  # fmt: skip
# A PDF paragraph may run list items together: "… quận. 2. Bà Nguyễn Thị Mai, …".
_INLINE_ITEM = re.compile(r"(?<=[.;:])\s+(?=(?:\d{1,3}[.)]|[-–•+])\s+\S)")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-–—•+*‒]|[a-zđ]\s*\))\s*")
_SECTION = re.compile(
    r"^(?:(?:[ivx]+|[a-d]|\d{1,2})\s*[.)/-]\s*)?(tap the|ca nhan)(?![a-z0-9])(.*)$"
)
_SECTION_WORDS = frozenset(
    {"de", "nghi", "khen", "thuong", "gom", "co", "duoc", "so", "luong", "tang", "danh",
     "sach", "tap", "the", "ca", "nhan", "va", "cac", "cu", "sau", "nhu"}
)  # fmt: skip
# Separators between a nominee's name, position and award in a line of prose.
_SEPARATOR = re.compile(r"\s*(?:[,:;(]|\s[–—-]\s)\s*")
# What stands between a nominee and the award asked for ("…: đề nghị tặng Giấy khen").
_REQUEST_TAIL = re.compile(
    r"(?:[\s,:;(–—-]+|(?<!\w)(?:đề nghị|khen thưởng|tặng|xét|hình thức|cho)\s*)$",
    re.IGNORECASE,
)
# A collective's name (or a position) ends at a colon, a bracket, a comma before a number or
# a dash before a number or a lower-case word ("Tổ Toán - Tin" is one name).
_COLLECTIVE_CUT = re.compile(r"\s*(?::|;|\(|\s[–—-]\s+(?=[\d\W]|[a-zà-ỹđ])|,\s*(?=\d))")
# Where an award is written when it is not one of the config's ("Bằng khen của Bộ …").
_AWARD_WORDS = re.compile(
    r"(?<!\w)(?:bằng khen|giấy khen|bk|gk|danh hiệu|chiến sĩ thi đua|lao động tiên tiến|"
    r"cờ thi đua|huân chương|kỷ niệm chương)(?!\w)",
    re.IGNORECASE,
)

# Council decisions, on plain text (no diacritics, punctuation kept).
_NEGATIVE = re.compile(
    r"\bkhong\s+(?:duoc\s+)?(?:dat|thong qua|nhat tri|chap thuan|de nghi|dong y)\b|\bbac\b"
)
_POSITIVE = re.compile(r"\b(?:dat|thong qua|nhat tri|tan thanh|chap thuan|dong y)\b")
_VOTES_PAIR = re.compile(
    r"(?<![\d/.])(\d{1,3})\s*(?:phieu|thanh vien|tv|ng)?\s*/\s*(\d{1,3})(?![\d/])"
)
_VOTES_FOR = re.compile(r"(?<![\d/.])(\d{1,3})\s*(?:phieu|thanh vien)(?:\s*(?:dong y|tan thanh))?")
_VOTES_AGAINST = re.compile(r"(\d{1,3})\s*(?:phieu\s*)?(?:khong dong y|khong tan thanh)")
_PRESENT = (
    re.compile(r"co mat\s*:?\s*(\d{1,3})\s*/\s*\d{1,3}"),
    re.compile(r"co mat\s*:?\s*(\d{1,3})\s*(?:thanh vien|nguoi|dong chi|tv)"),
    re.compile(r"(\d{1,3})\s*(?:thanh vien|nguoi|dong chi)\s*(?:co mat|tham du|du hop|hien dien)"),
    re.compile(r"(?:hien dien|tham du|du hop)\s*:?\s*(\d{1,3})"),
)
# Minutes prose that says the list below it was passed, or not.
_CONTEXT_NEGATIVE = re.compile(r"\bkhong\s+(?:duoc\s+)?(?:thong qua|dat|de nghi)\b")
_CONTEXT_POSITIVE = re.compile(r"\b(?:nhat tri|thong nhat|thong qua|bieu quyet)\b")
# Lines that open or close a list of nominees.
_CONTEXT_OPEN = re.compile(
    r"\b(?:de nghi|khen thuong|danh sach|binh xet|ket qua|cu the|nhu sau|gom)\b"
)
_CONTEXT_CLOSE = re.compile(
    r"^(?:thanh phan|tham du|co mat|vang mat|chu tri|thu ky|chu toa|noi nhan|can cu|ho so"
    r"|tai lieu|kem theo)\b"
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
_EMPTY_VALUE = re.compile(r"^[\s.…_\-:]*$")
# Tax confirmation: the labelled entity, else a company named in a sentence.
_TAX_LABEL = re.compile(
    r"^(?:\d+\s*[.)]\s*)?ten\s+(?:nguoi nop thue|doanh nghiep|don vi|to chuc|co so)\b"
)
_COMPANY = re.compile(
    r"((?:Công ty|CÔNG TY|Doanh nghiệp|DOANH NGHIỆP|Hợp tác xã|HỢP TÁC XÃ)\b[^,;:()\n]{3,120})"
)
_TAX_OFFICE = re.compile(r"\b(?:cuc thue|chi cuc thue|co quan thue|doi thue|tong cuc thue)\b")


PREFIX_SCAN = 80  # characters enough to see how a line starts ("Tập thể", "Bà ThS. …")

# Lower case without diacritics, punctuation kept ("15/17"): the form the patterns here read.
plain = bare


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


# ---------------------------------------------------------------------- shared pieces


def _evidence(source: str, block: Block, quote: str, field_name: str) -> Evidence:
    return Evidence(
        source=source,
        page=block.page,
        quote=clean_spaces(quote)[:QUOTE_MAX],
        field=field_name,
        paragraph=block.index if block.page is None else None,
    )


def _lower_vi(text: str) -> str:
    return canonical_tones(clean_spaces(nfc(text))).lower()


def _starts_with_org(text: str) -> bool:
    lowered = _lower_vi(text)
    return any(lowered == p or lowered.startswith(p + " ") for p in ORG_PREFIXES)


def _starts_with_collective(text: str) -> bool:
    start = plain(text[:PREFIX_SCAN])
    return start.startswith("tap the ") or start == "tap the"


def _looks_like_person(text: str) -> bool:
    """A bare full name: 2–6 words, each capitalised, no digits."""
    words = clean_spaces(text).split()
    low, high = PERSON_NAME_WORDS
    if not low <= len(words) <= high or any(ch.isdigit() for ch in text):
        return False
    return all(w[:1].isupper() for w in words)


def _decision(text: str) -> bool | None:
    """A council decision written in ``text``: "Không đạt" → False, "Thông qua" → True."""
    p = plain(text)
    if _NEGATIVE.search(p):
        return False
    if _POSITIVE.search(p):
        return True
    return None


def _votes(text: str) -> tuple[int | None, int | None, int | None]:
    """(for, total, against) written in ``text``: "15/17", "15 phiếu", "2 không đồng ý", "15"."""
    p = plain(text)
    if p.isdigit():
        return int(p), None, None
    against_match = _VOTES_AGAINST.search(p)
    against = int(against_match.group(1)) if against_match else None
    pair = _VOTES_PAIR.search(p)
    if pair and int(pair.group(1)) <= int(pair.group(2)):
        return int(pair.group(1)), int(pair.group(2)), against
    single = _VOTES_FOR.search(_VOTES_AGAINST.sub(" ", p))
    if single:
        return int(single.group(1)), None, against
    return None, None, against


def _members_present(doc: ParsedDocument) -> int | None:
    """How many council members the minutes say were present ("có mặt 17/19")."""
    for block in doc.paragraphs():
        p = plain(block.text)
        for pattern in _PRESENT:
            match = pattern.search(p)
            if match:
                return int(match.group(1))
    return None


@dataclass
class _State:
    """What the lines read so far say about the lines to come."""

    doc: ParsedDocument
    doc_type: str
    unit: Unit | None
    ctx: ExtractContext
    present: int | None = None
    section_kind: str | None = None  # collective | individual, from "I. TẬP THỂ"
    award: tuple[str | None, str] = (None, "")  # from a heading or the title
    last_award: tuple[str | None, str] = (None, "")  # the previous nominee's, for "Như trên"
    default_approved: bool | None = None  # minutes: the list below was passed / not
    in_list: bool = False  # inside a list of nominees
    nominees: list[Nominee] = field(default_factory=list)

    @property
    def minutes(self) -> bool:
        return self.doc_type == "council_minutes"


def _resolve_award(raw: str, state: _State, empty_inherits: bool) -> tuple[str | None, str]:
    """The award key and raw text of a cell or phrase; "Như trên" repeats the one above."""
    raw = clean_spaces(raw)
    if raw and is_same_as_above(raw, state.ctx.config):
        return state.last_award
    if raw:
        return parse_award(raw, state.ctx.config), raw
    if empty_inherits and state.last_award[1]:
        return state.last_award
    return state.award


def _approved(
    state: _State, result: str, votes_text: str, against_text: str = ""
) -> tuple[bool | None, int | None, int | None]:
    """Approved flag, votes for and votes counted of a minutes entry (None for proposals).

    "15/17" counts 17; a bare "15" counts the members present, else those for and against.
    An explicit result ("Đạt", "Không thông qua") wins over the count.
    """
    if not state.minutes:
        return None, None, None
    votes_for, total, against = _votes(votes_text)
    if against_text:
        against = _votes(against_text)[0]
    if total is None and votes_for is not None:
        total = state.present or (votes_for + against if against is not None else None)
    decided = _decision(result) if result else None
    if decided is None and votes_for is not None and total:
        decided = votes_for * 2 > total
    if decided is None:
        decided = state.default_approved
    return decided, votes_for, total


def _make_nominee(
    state: _State,
    kind: str,
    name_text: str,
    position: str,
    award: tuple[str | None, str],
    evidence: Evidence,
) -> Nominee:
    """A nominee with its display name, unit and head flag settled."""
    unit_id = state.unit.unit_id if state.unit else None
    position = clean_spaces(nfc(position)).strip(" ,;:-–.")
    if kind == "collective":
        stripped = strip_collective_prefix(name_text).strip(" ,;:-–.")
        matched = state.ctx.matcher.by_name(stripped)
        inside = matched or state.ctx.matcher.in_text(stripped)
        name = matched.name if matched else canonical_tones(stripped)
        unit_id = inside.unit_id if inside else unit_id
        head = False
    else:
        name = display_name(name_text.strip(" ,;:-–."))
        named = state.ctx.matcher.in_text(position) if position else None
        unit_id = named.unit_id if named else unit_id
        head = is_head_of_unit(position, state.ctx.config.heads_of_unit)
        unit = state.ctx.matcher.units.get(unit_id or "")
        if unit is not None:
            position = strip_unit_suffix(position, [unit.name, *unit.aliases])
    return Nominee(
        kind=kind,
        name=name,
        position=position,
        unit_id=unit_id,
        award=award[0],
        award_raw=award[1],
        head_of_unit=head,
        evidence=evidence,
    )


def _kind_of(name_text: str, state: _State) -> str | None:
    """Collective or individual, from the name itself, else the section it is listed under."""
    if has_honorific(name_text):
        return "individual"
    if _starts_with_collective(name_text):
        return "collective"
    if state.section_kind:
        return state.section_kind
    if _names_organisation(name_text, state):
        return "collective"
    if _looks_like_person(name_text):
        return "individual"
    return None


def _names_organisation(text: str, state: _State) -> bool:
    """Whether ``text`` starts like an organisation ("Tổ Toán") or is a roster unit."""
    return _starts_with_org(text) or state.ctx.matcher.by_name(text) is not None


def _section_heading(text: str) -> str | None:
    """The kind a heading like "I. TẬP THỂ (02)" or "Cá nhân:" opens, else None."""
    p = plain(text)
    match = _SECTION.match(p)
    if not match:
        return None
    rest = match.group(2).split(":", 1)[0]
    words = re.findall(r"[a-z]+", rest)
    if any(w not in _SECTION_WORDS for w in words):
        return None
    return "collective" if match.group(1) == "tap the" else "individual"


# ------------------------------------------------------------------------------ tables


def _column_role(cell: str) -> str | None:
    f = fold(cell)
    if not f:
        return None
    for role, keys in COLUMN_ROLES:
        if role == "name" and any(f.startswith(k) for k in POSITION_UNIT):
            return "position"
        if any(f == k or f.startswith(k + " ") or f" {k} " in f" {f} " for k in keys):
            return role
    return None


def _header_roles(row: tuple[str, ...]) -> list[str | None] | None:
    """Column roles when ``row`` is a nominee table header (a name column and another)."""
    roles = [_column_role(cell) for cell in row]
    if "name" in roles and len({r for r in roles if r and r != "name"}) >= 1:
        return roles
    return None


def _subheader_roles(top: list[str | None], sub: tuple[str, ...]) -> list[str | None] | None:
    """Roles of a two-row header ("Số phiếu" over "Đồng ý | Không đồng ý").

    Word gives a vertically merged header cell as "" in the second row and a horizontally
    merged one once in the first, so the rows are aligned by walking both.
    """
    if len(sub) < len(top) or (len(sub) == len(top) and all(sub)):
        return None
    sub_roles = [_column_role(c) if c else None for c in sub]
    if any(c and r in (None, "name") for c, r in zip(sub, sub_roles, strict=True)):
        return None
    if not any(sub_roles):
        return None
    roles: list[str | None] = []
    j = 0
    i = 0
    while i < len(sub) and j < len(top):
        if not sub[i]:
            roles.append(top[j])
            i += 1
        else:
            while i < len(sub) and sub[i]:
                roles.append(sub_roles[i] or top[j])
                i += 1
        j += 1
    roles.extend([None] * (len(sub) - len(roles)))
    return roles


def _find_header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, list[str | None]] | None:
    """Index of the last header row and the column roles, if the table lists nominees."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        roles = _header_roles(row)
        if roles is None:
            continue
        if i + 1 < len(rows):
            merged = _subheader_roles(roles, rows[i + 1])
            if merged is not None:
                return i + 1, merged
        return i, roles
    return None


def _table_rows(
    block: Block, state: _State, roles: list[str | None], start: int
) -> Iterator[Nominee]:
    """Nominees of the data rows of a table whose columns have ``roles``."""
    source = state.doc.source
    for row in block.rows[start:]:
        cells = [c.strip() for c in row]
        if is_numbering_row(row):
            continue
        by_role: dict[str, str] = {}
        for role, cell in zip(roles, cells, strict=False):
            if role and cell and role not in by_role:
                by_role[role] = cell
        name_cell = by_role.get("name", "")
        distinct = {c for c in cells if c}
        if len(distinct) == 1 and (
            not name_cell or len(cells) < len(roles) or _section_heading(name_cell)
        ):
            _heading(next(iter(distinct)), state)  # "I. TẬP THỂ" across the row
            continue
        if not name_cell or len(name_cell) > ITEM_MAX_CHARS or TOTAL_ROW.match(fold(name_cell)):
            continue
        section = _section_heading(name_cell)
        if section and len(distinct) <= 2:
            _heading(name_cell, state)
            continue
        quote = " | ".join(c for c in cells if c)
        yield _row_nominee(state, by_role, _evidence(source, block, quote, "nominee"))


def _row_nominee(state: _State, by_role: dict[str, str], evidence: Evidence) -> Nominee:
    """The nominee of one table row, its cells keyed by column role."""
    name_cell = by_role["name"]
    position = by_role.get("position", "")
    lines = [line.strip() for line in name_cell.split("\n") if line.strip()]
    name_text = lines[0]
    kind = _kind_of(name_text, state) or "individual"
    if kind == "individual" and not position:
        name_text, position = _split_name(" ".join(lines))
    elif kind == "collective":
        name_text = " ".join(lines)
    if by_role.get("unit") and fold(by_role["unit"]) not in fold(position):
        position = f"{position}, {by_role['unit']}" if position else by_role["unit"]
    award = _resolve_award(by_role.get("award", ""), state, empty_inherits=True)
    approved, votes_for, total = _approved(
        state,
        by_role.get("result", ""),
        by_role.get("votes") or by_role.get("result", ""),
        by_role.get("against", ""),
    )
    nominee = _make_nominee(state, kind, name_text, position, award, evidence)
    nominee.approved, nominee.votes_for, nominee.votes_total = approved, votes_for, total
    state.last_award = award
    return nominee


def _split_name(text: str) -> tuple[str, str]:
    """A person's name and the position written after it ("Bà X, Giáo viên Trường Y")."""
    match = _SEPARATOR.search(text)
    if not match:
        return text, ""
    return text[: match.start()], text[match.end() :]


# ------------------------------------------------------------------------------- prose


@dataclass
class _Item:
    """A line of prose that may name a nominee, with wrapped lines joined to it."""

    text: str
    block: Block
    marked: bool  # started with a list marker ("1.", "-")


def _heading(text: str, state: _State) -> None:
    """Update the reading state from a line that is not a nominee."""
    section = _section_heading(text)
    p = plain(text)
    if section:
        state.section_kind = section
        state.in_list = True
    if _CONTEXT_CLOSE.match(_LIST_MARKER.sub("", p)):
        state.in_list = False
        state.section_kind = None
    elif _CONTEXT_OPEN.search(p) or section:
        state.in_list = True
    award = parse_award(text, state.ctx.config)
    if award is not None:
        state.award = state.last_award = (award, _award_phrase(text))
    if state.minutes:
        if _CONTEXT_NEGATIVE.search(p):
            state.default_approved = False
        elif _CONTEXT_POSITIVE.search(p):
            state.default_approved = True


def _award_phrase(text: str) -> str:
    """A heading or title naming the award, as the raw award text."""
    return clean_spaces(text).rstrip(" :.")[:QUOTE_MAX]


def _prose_lines(doc: ParsedDocument) -> Iterator[tuple[str, Block]]:
    """Lines of the body in order, list items run together split apart; a table is ("", it)."""
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table":
            yield "", block
            continue
        for line in block.text.split("\n"):
            for piece in _INLINE_ITEM.split(line):
                if piece.strip():
                    yield piece.strip(), block


def _award_start(text: str, config: CampaignConfig) -> int | None:
    """Where the award phrase of a line begins: the last word the award still parses from."""
    found = None
    for match in re.finditer(r"\S+", text):
        if parse_award(text[match.start() :], config) is None:
            break
        found = match.start()
    return found


def _trim_request(head: str) -> str:
    """``head`` without the trailing "đề nghị tặng", separators and the like."""
    while True:
        trimmed = _REQUEST_TAIL.sub("", head)
        if trimmed == head:
            return head
        head = trimmed


def _split_item(text: str, state: _State) -> tuple[str, str, str]:
    """(nominee part, award text, rest) of a line of prose naming a nominee."""
    config = state.ctx.config
    award_at = _award_start(text, config)
    if award_at is None:
        words = _AWARD_WORDS.search(canonical_tones(text), 1)
        award_at = words.start() if words else None
    if award_at is None:
        for m in _SEPARATOR.finditer(text):
            if is_same_as_above(re.split(r"[,;:]", text[m.end() :])[0], config):
                award_at = m.end()
                break
    if award_at is None:
        return text.strip(), "", ""
    tail = text[award_at:]
    end = _SEPARATOR.search(tail)
    award_text, rest = (tail[: end.start()], tail[end.end() :]) if end else (tail, "")
    return _trim_request(text[:award_at]).strip(), award_text.strip(" ."), rest.strip()


def _item_nominee(item: _Item, state: _State) -> Nominee | None:
    """The nominee a line of prose names, or None when it names none."""
    text = _LIST_MARKER.sub("", item.text, count=1) if item.marked else item.text
    if len(text) > ITEM_MAX_CHARS:
        return None
    head, award_text, rest = _split_item(text, state)
    cut = (_COLLECTIVE_CUT if _starts_with_collective(head) else _SEPARATOR).search(head)
    name = head if cut is None else head[: cut.start()]
    if not name or len(name.split()) > NAME_MAX_WORDS:
        return None
    kind = _kind_of(name, state)
    if kind == "collective":
        cut = _COLLECTIVE_CUT.search(head)
        name = head if cut is None else head[: cut.start()]
    position = "" if cut is None or kind == "collective" else head[cut.end() :]
    tail_cut = _COLLECTIVE_CUT.search(position)
    position = position if tail_cut is None else position[: tail_cut.start()]
    explicit = has_honorific(name) or _starts_with_collective(name)
    if kind is None or not (award_text or state.in_list) or not (item.marked or explicit):
        return None
    if kind == "individual" and not (has_honorific(name) or _looks_like_person(name)):
        return None
    if kind == "collective" and not (explicit or _names_organisation(name, state)):
        return None
    award = _resolve_award(award_text, state, empty_inherits=False)
    after_name = text[len(name) :]
    approved, votes_for, total = _approved(state, rest or after_name, after_name)
    evidence = _evidence(state.doc.source, item.block, item.text, "nominee")
    nominee = _make_nominee(state, kind, name, position, award, evidence)
    nominee.approved, nominee.votes_for, nominee.votes_total = approved, votes_for, total
    state.last_award = award
    return nominee


def _starts_item(line: str) -> bool:
    return bool(_LIST_MARKER.match(line)) or has_honorific(line) or _starts_with_collective(line)


def _extract_listed(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """Nominees of a proposal or council minutes: tables and lines of prose, in order."""
    state = _State(doc=doc, doc_type=doc_type, unit=unit, ctx=ctx)
    state.in_list = doc_type == "proposal"
    if state.minutes:
        state.present = _members_present(doc)
    pending: _Item | None = None
    continued: list[str | None] | None = None  # the roles of a table that may go on
    width = 0

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            nominee = _item_nominee(pending, state)
            if nominee is not None:
                state.nominees.append(nominee)
            else:
                _heading(pending.text, state)
        pending = None

    for line, block in _prose_lines(doc):
        if block.kind == "table":
            flush()
            found = _find_header(block.rows)
            if found is not None:
                start, roles = found
                continued, width = roles, len(roles)
                state.nominees.extend(_table_rows(block, state, roles, start + 1))
            elif continued is not None and _row_width(block) == width:
                state.nominees.extend(_table_rows(block, state, continued, 0))
            else:
                continued = None
            continue
        if _starts_item(line) or _section_heading(line):
            flush()
            pending = _Item(line, block, bool(_LIST_MARKER.match(line)))
        elif pending is not None and _continues(pending, line, block):
            pending = _Item(f"{pending.text} {line}", pending.block, pending.marked)
        else:
            flush()
            _heading(line, state)
    flush()
    return state.nominees, []


def _continues(item: _Item, line: str, block: Block) -> bool:
    """Whether ``line`` goes on from ``item``: a wrapped line of the same paragraph (or of a
    PDF, where every line is its own), not a new heading."""
    if item.text.rstrip().endswith((".", ";", ":")) or line.rstrip().endswith(":"):
        return False
    return block is item.block or block.page is not None


def _row_width(block: Block) -> int:
    return max((len(row) for row in block.rows), default=0)


# ------------------------------------------------------------------ achievement report


def _field_lines(doc: ParsedDocument) -> Iterator[tuple[str, Block]]:
    """Lines of the body; a two-cell table row reads as "label: value"."""
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table":
            for row in block.rows:
                cells = [c for c in row if c.strip()]
                if len(cells) == 2 and ":" not in cells[0]:
                    yield f"{cells[0]}: {cells[1]}", block
                else:
                    for cell in cells:
                        yield from ((ln.strip(), block) for ln in cell.split("\n") if ln.strip())
            continue
        yield from ((ln.strip(), block) for ln in block.text.split("\n") if ln.strip())


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


def _extract_achievement(
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


# ------------------------------------------------------------------- tax confirmation


def _extract_tax(
    doc: ParsedDocument, doc_type: str, unit: Unit | None, ctx: ExtractContext
) -> tuple[list[Nominee], list[Evidence]]:
    """The entity a tax office confirms (the issuer is the tax office, not the entity)."""
    state = _State(doc=doc, doc_type=doc_type, unit=unit, ctx=ctx)
    labelled: list[tuple[str, Block, str]] = []  # (name text, block, quote)
    mentioned: list[tuple[str, Block, str]] = []
    for line, block in _field_lines(doc):
        label, _, value = line.partition(":")
        if _TAX_LABEL.match(plain(label)) and not _EMPTY_VALUE.match(value[:ITEM_MAX_CHARS]):
            labelled.append((value.strip()[:ITEM_MAX_CHARS], block, line))
            continue
        if _TAX_OFFICE.search(plain(line)) and not _COMPANY.search(line):
            continue  # the issuing tax office's own lines
        named = ctx.matcher.in_text(line)
        company = _COMPANY.search(line)
        if named is not None:
            mentioned.append((named.name, block, line))
        elif company:
            mentioned.append((company.group(1), block, line))
    candidates = labelled + mentioned
    if not candidates:
        return [], []
    name, block, quote = candidates[0]
    name = re.split(r"\s*(?:,|\bmã số thuế\b|\bMST\b)", name, maxsplit=1)[0]
    evidence = _evidence(doc.source, block, quote, "nominee")
    return [_make_nominee(state, "collective", name, "", (None, ""), evidence)], []


_EXTRACTORS: dict[
    str,
    Callable[
        [ParsedDocument, str, Unit | None, ExtractContext], tuple[list[Nominee], list[Evidence]]
    ],
] = {
    "proposal": _extract_listed,
    "council_minutes": _extract_listed,
    "achievement_report": _extract_achievement,
    "tax_confirmation": _extract_tax,
}
