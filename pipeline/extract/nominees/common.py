"""What the nominee extractors share: names, kinds, awards, votes, evidence and reading state.

Proposals (tờ trình), council minutes (biên bản họp Hội đồng Thi đua - Khen thưởng),
achievement reports (báo cáo tóm tắt thành tích) and tax confirmations each have a module of
their own in this package; this one holds the pieces they have in common.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.config import Unit
from pipeline.extract.cells import is_same_as_above
from pipeline.extract.context import ExtractContext
from pipeline.model import Block, Evidence, Nominee, ParsedDocument
from pipeline.text import bare, canonical_tones, clean_spaces, nfc
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


_EMPTY_VALUE = re.compile(r"^[\s.…_\-:]*$")
PREFIX_SCAN = 80  # characters enough to see how a line starts ("Tập thể", "Bà ThS. …")

# Lower case without diacritics, punctuation kept ("15/17"): the form the patterns here read.
plain = bare

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


def _award_phrase(text: str) -> str:
    """A heading or title naming the award, as the raw award text."""
    return clean_spaces(text).rstrip(" :.")[:QUOTE_MAX]


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
