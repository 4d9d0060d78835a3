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
from pipeline.model import Block, Evidence, Nominee, Notice, ParsedDocument, Quorum
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
_COLLECTIVE_CUT = re.compile(
    r"\s*(?::|;|\(|\s[–—-]\s+(?=[\d\W]|[a-zà-ỹđ])|,\s*(?=\d)|,?\s+(?=(?:đạt|được)\s+\d))"
)
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
# "đạt 7/8 phiếu" says how many votes, not that it passed.
_POSITIVE = re.compile(r"\b(?:dat(?!\s*\d)|thong qua|nhat tri|tan thanh|chap thuan|dong y)\b")
_VOTES_PAIR = re.compile(
    r"(?<![\d/.])(\d{1,3})\s*(?:phieu|thanh vien|tv|ng)?\s*/\s*(\d{1,3})(?![\d/])"
)
_VOTES_FOR = re.compile(r"(?<![\d/.])(\d{1,3})\s*(?:phieu|thanh vien)(?:\s*(?:dong y|tan thanh))?")
_VOTES_AGAINST = re.compile(r"(\d{1,3})\s*(?:phieu\s*)?(?:khong dong y|khong tan thanh)")
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
    notices: list[Notice] = field(default_factory=list)

    @property
    def minutes(self) -> bool:
        return self.doc_type == "council_minutes"


def _resolve_award(raw: str, state: _State, empty_inherits: bool) -> tuple[str | None, str]:
    """The award key and raw text of a cell or phrase; "Như trên" repeats the one above."""
    raw = clean_spaces(raw)
    if raw and is_same_as_above(raw, state.ctx.config):
        return state.last_award
    if raw:
        return parse_award(raw, state.ctx.awards), raw
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
    """A heading or title naming the award, as the raw award text (from its award words on:
    "1. Đề nghị UBND quận tặng Giấy khen:" → "Giấy khen")."""
    text = clean_spaces(text).rstrip(" :.")
    words = _AWARD_WORDS.search(text)
    phrase = text[words.start() :] if words else text
    return re.split(r"\s+cho\s+|\s*[;(]", phrase, maxsplit=1)[0][:QUOTE_MAX]


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


# ------------------------------------------------------------- precision: plausible names

# Common Vietnamese surnames (lower case, NFC): a person's name that starts with one of them
# is a strong signal; one that does not still counts when the line is clearly a nominee.
SURNAMES = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi",
     "đỗ", "hồ", "ngô", "dương", "lý", "lí", "đinh", "đoàn", "trịnh", "trương", "mai",
     "lương", "lâm", "cao", "tạ", "tô", "hà", "quách", "thái", "châu", "lưu", "la", "kha",
     "mạc", "tăng", "văn", "từ", "triệu", "khổng", "kiều", "âu", "hứa", "mẫn", "mãn", "đào",
     "chu", "thạch", "tiêu", "đàm", "doãn", "phùng", "vương", "bạch", "giang", "lại", "diệp",
     "phí", "ninh", "nông", "tống", "lã", "lục", "cù", "viên", "trình", "ông", "hầu", "quan",
     "khúc", "hàn", "tôn", "phương", "đồng", "thân", "nghiêm", "vi", "sơn", "cái"}
)  # fmt: skip
# A council member's role: a line naming one belongs to the attendance, not the result.
COUNCIL_ROLE = re.compile(
    r"\b(?:(?:pho )?chu tich(?: hoi dong)?|uy vien|thu ky(?: hoi dong)?|thanh vien hoi dong|"
    r"truong ban|chu tri|chu toa)\b"
)
# Honorifics before a name inside a sentence ("… gồm bà Nguyễn Thị Mai, giáo viên …").
_INLINE_HONORIFIC = re.compile(r"(?<!\w)(?:ông|bà|đồng chí|đ/c|thầy|cô)\s+", re.IGNORECASE)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
EXTRACTION_DOUBT = "EXTRACTION_DOUBT"
COLLECTIVE_PLAIN_WORDS = 4  # "Tổ văn phòng": a short collective may be all lower case
# How a position starts ("Tổ trưởng Tổ khối 5" is a position, not the collective "Tổ …").
POSITION_WORDS = (
    "tổ trưởng", "tổ phó", "khối trưởng", "trưởng", "phó", "giáo viên", "nhân viên",
    "hiệu trưởng", "tổng phụ trách", "chủ tịch", "bí thư", "kế toán", "văn thư", "thư ký",
    "giám đốc", "cán bộ", "chuyên viên", "bảo vệ", "y tế", "thủ quỹ", "thủ thư",
)  # fmt: skip


def plausible_person(name: str) -> bool:
    """A personal name: 2–6 capitalised words of letters, nothing else."""
    words = clean_spaces(nfc(name)).split()
    low, high = PERSON_NAME_WORDS
    if not low <= len(words) <= high:
        return False
    return all(_NAME_WORD.fullmatch(w) and w[0].isupper() for w in words)


def has_surname(name: str) -> bool:
    words = _lower_vi(name).split()
    return bool(words) and words[0] in SURNAMES


def plausible_collective(name: str, state: _State) -> bool:
    """A collective's name: an organisation word first (or a roster unit), capitalised, short,
    no votes or dates in it ("mặt 7/7 thành viên" is a fragment, not a collective)."""
    text = clean_spaces(nfc(name)).strip(" ,;:.-–")
    core = strip_collective_prefix(text).strip(" ,;:.-–") if _starts_with_collective(text) else text
    if not core or len(core.split()) > NAME_MAX_WORDS or re.search(r"\d\s*/\s*\d", core):
        return False
    if _starts_with_collective(text):
        return True  # "Tập thể cán bộ, giáo viên … Trường X": the writer said it is one
    if not core[0].isupper():
        return False
    if state.ctx.matcher.by_name(core) is not None:
        return True
    words = core.split()
    if _lower_vi(core).startswith("tổ chức ") and not words[2][:1].isupper():
        return False  # "Tổ chức tốt phong trào …": a verb, not the group "Tổ …"
    named = any(w[:1].isupper() or w[:1].isdigit() for w in words[1:])
    return _starts_with_org(core) and (named or len(words) <= COLLECTIVE_PLAIN_WORDS)


def leading_person(text: str) -> tuple[str, str]:
    """The capitalised words a name is made of at the start of ``text``, and the rest."""
    words: list[str] = []
    rest = clean_spaces(text)
    for match in re.finditer(r"\S+", rest):
        word = match.group(0)
        bare_word = word.rstrip(",;:.)")
        if not (_NAME_WORD.fullmatch(bare_word) and bare_word[0].isupper()):
            return " ".join(words), rest[match.start() :]
        words.append(bare_word)
        if bare_word != word or len(words) == PERSON_NAME_WORDS[1]:
            return " ".join(words), rest[match.start() + len(bare_word) :]
    return " ".join(words), ""


# ----------------------------------------------------------------- nominees in a sentence

# Where a sentence names who is proposed: "… đề nghị … tặng Giấy khen … cho <list>".
_PROPOSE = re.compile(r"\bde nghi\b|\bkinh trinh\b|\btrinh\b")
_FOR = re.compile(r"(?<!\w)cho\s+", re.IGNORECASE)
# What a request for an award says before its list (an award's name or the word for it).
_AWARD_REQUEST = re.compile(
    r"(?<!\w)(?:khen thưởng|tặng thưởng|tặng|công nhận|biểu dương|bằng khen|giấy khen|"
    r"danh hiệu|chiến sĩ thi đua|lao động tiên tiến|cờ thi đua)(?!\w)",
    re.IGNORECASE,
)
# … or names them right after the request: "… đề nghị khen thưởng tập thể Trường X và bà Y".
_PROPOSE_DIRECT = re.compile(
    r"(?<!\w)đề (?:nghị|xuất)\s+(?:khen thưởng|tặng thưởng|công nhận|biểu dương)\s+"
    r"(?=(?:\d{1,3}\s+)?(?:tập thể|cá nhân|ông|bà|đồng chí|đ/c)\b|[A-ZĐ])",
    re.IGNORECASE,
)
# Where the list of a sentence ends: "…, đã có thành tích xuất sắc …".
_LIST_END = re.compile(
    r",?\s*(?:đã|vì|do|có thành tích|với thành tích|trong đợt|\(có danh sách|\(kèm)\b",
    re.IGNORECASE,
)
# A counted preface: "01 tập thể là", "02 cá nhân gồm", "các cá nhân:".
_COUNT_PREFACE = re.compile(
    r"^(?:\d{1,3}|các|những)?\s*(tập thể|cá nhân)\s*(?:\(\d+\))?\s*(?:là|gồm|sau|:)?\s*[:]?\s*",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(
    r"\s*[;,]\s*|\s+và\s+(?=(?:\d{1,3}\s|các\s|ông\s|bà\s|đồng chí\s|đ/c|thầy\s|cô\s|tập thể\s|"
    r"cá nhân\s)|[A-ZĐ])",
    re.IGNORECASE,
)
# Soft and hard refusals of the council ("chưa đề nghị khen thưởng trong đợt này").
REFUSAL = re.compile(
    r"\b(?:chua|khong)\s+(?:duoc\s+)?(?:de nghi|dua vao|xet|thong qua|dat|du dieu kien|"
    r"nhat tri|dong y|chap thuan)\b|\bbi loai\b|\btam hoan\b"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ\d(–-])")


# A piece that does not end a sentence: a list marker ("1.", "a)", "II.") or a title ("ThS.").
_NOT_AN_END = re.compile(
    r"(?:^\s*(?:\d{1,3}|[a-zđ]|[ivxlc]+)\s*[.)]|(?<!\w)(?:ths|ts|pgs|gs|bs|cn|th\.s|đ/c)\.)$",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    """The sentences of a line; a list marker or a title stays with what follows it."""
    pieces: list[str] = []
    for piece in _SENTENCE_SPLIT.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and _NOT_AN_END.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def _segments(list_text: str) -> list[str]:
    cut = _LIST_END.search(list_text)
    if cut:
        list_text = list_text[: cut.start()]
    pieces = (re.sub(r"^(?:và|cùng)\s+", "", s.strip(" .")) for s in _LIST_SPLIT.split(list_text))
    return [piece for piece in pieces if piece]


def list_nominees(
    list_text: str, state: _State, award: tuple[str | None, str], evidence: Evidence
) -> list[Nominee]:
    """The nominees of a list written in a sentence: "Tổ X, bà A, Phó Hiệu trưởng và bà B"."""
    found: list[Nominee] = []
    person: Nominee | None = None
    kind_hint: str | None = None
    for segment in _segments(list_text):
        preface = _COUNT_PREFACE.match(segment)
        if preface:
            kind_hint = "collective" if plain(preface.group(1)) == "tap the" else "individual"
            segment = segment[preface.end() :]
            if not segment:
                continue
        honorific = _INLINE_HONORIFIC.match(segment)
        if honorific and segment[honorific.end() :][:1].isupper():
            name, rest = leading_person(segment[honorific.end() :])
            if plausible_person(name):
                position = re.sub(r"^[\s–—:-]+", "", rest)
                person = _make_nominee(state, "individual", name, position, award, evidence)
                found.append(person)
                continue
        positional = _lower_vi(segment).startswith(POSITION_WORDS)
        if not honorific and "(" in segment:  # "Tổ Khối 3 (tập thể)": the name before it
            segment = segment.split("(", 1)[0].strip()
            if not segment:
                continue
        if (
            not positional
            and kind_hint != "individual"
            and plausible_collective(segment, state)
            and (kind_hint == "collective" or _starts_with_org(segment))
        ):
            found.append(_make_nominee(state, "collective", segment, "", award, evidence))
            person = None
            continue
        if kind_hint == "individual" and plausible_person(segment) and has_surname(segment):
            person = _make_nominee(state, "individual", segment, "", award, evidence)
            found.append(person)
            continue
        if person is not None and (positional or segment[:1].islower()):
            person.position = _join_position(person, segment, state)
    return found


def _join_position(person: Nominee, segment: str, state: _State) -> str:
    position = f"{person.position}, {segment}" if person.position else segment
    person.head_of_unit = is_head_of_unit(position, state.ctx.config.heads_of_unit)
    return clean_spaces(position)


def sentence_nominees(text: str, block: Block, state: _State) -> list[Nominee]:
    """Nominees proposed (or, in minutes, refused) by one sentence of prose."""
    p = plain(text)
    evidence = _evidence(state.doc.source, block, text, "nominee")
    if state.minutes and REFUSAL.search(p):
        return _refused(text, state, evidence)
    if not _PROPOSE.search(p):
        return []
    found = _FOR.search(text) or _PROPOSE_DIRECT.search(text)
    if found is None:
        return []
    award_raw = text[: found.start()]
    award_key = parse_award(award_raw, state.ctx.awards)
    if award_key is None and not _AWARD_REQUEST.search(text[: found.end()]):
        return []  # "đề nghị bổ sung kinh phí cho Trường X" asks for no award
    award = (award_key, _award_text(award_raw)) if award_key else state.award
    nominees = list_nominees(text[found.end() :], state, award, evidence)
    if state.minutes:
        votes_for, total, _ = _votes_of_all(p, state)
        for nominee in nominees:
            nominee.approved = True
            nominee.votes_for, nominee.votes_total = votes_for, total
    return nominees


def _award_text(text: str) -> str:
    words = _AWARD_WORDS.search(text)
    return clean_spaces(text[words.start() :]).strip(" ,:;") if words else ""


_ALL_VOTES = re.compile(r"(\d{1,3})\s*/\s*(\d{1,3})\s*(?:\)|thanh vien|phieu|tv)")
_AGREED_VOTES = re.compile(
    r"(?:thong nhat|nhat tri|bieu quyet|dong y)\s*:?\s*(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])"
)
_ALL_PERCENT = re.compile(r"100\s*%\s*(?:thanh vien|so phieu|phieu)")


def _votes_of_all(p: str, state: _State) -> tuple[int | None, int | None, None]:
    """Votes written once for a whole list: "6/6 thành viên có mặt", "100% thành viên"."""
    pair = _ALL_VOTES.search(p) or _AGREED_VOTES.search(p)
    if pair and int(pair.group(1)) <= int(pair.group(2)):
        return int(pair.group(1)), int(pair.group(2)), None
    if _ALL_PERCENT.search(p) and state.present:
        return state.present, state.present, None
    return None, None, None


_REFUSAL_POSITION_END = re.compile(r"[,(;:]|(?:^|\s)(?:do|vì|không|chưa|nên|đã|bị)\s", re.I)


def _refused(text: str, state: _State, evidence: Evidence) -> list[Nominee]:
    """People (or collectives) a sentence says the council did not pass."""
    found: list[Nominee] = []
    for match in _INLINE_HONORIFIC.finditer(text):
        after = text[match.end() :]
        if not after[:1].isupper():
            continue
        name, rest = leading_person(after)
        if not plausible_person(name) or COUNCIL_ROLE.search(plain(rest[:60])):
            continue
        rest = re.sub(r"^[\s–—:-]+", "", rest)
        position = _REFUSAL_POSITION_END.split(rest)[0].strip()
        award = (state.award[0], _award_text(state.award[1]) or state.award[1])
        nominee = _make_nominee(state, "individual", name, position, award, evidence)
        nominee.approved = False
        votes_for, total, _ = _votes(rest)
        nominee.votes_for, nominee.votes_total = votes_for, total
        found.append(nominee)
        break  # the one the sentence is about
    return found


def name_key(nominee: Nominee) -> str:
    return fold(nominee.name)


def settle_doubts(nominees: list[Nominee], minutes: bool) -> None:
    """A doubt for what could not be read of an otherwise clear nominee (Vietnamese).

    The award is the proposal's fact: minutes that do not repeat it leave no doubt.
    """
    for nominee in nominees:
        if nominee.kind == "collective" and plain(nominee.position) in {"tap the", "-"}:
            nominee.position = ""
        doubts = []
        if not minutes and not nominee.award and not nominee.award_raw:
            doubts.append("không đọc được hình thức khen thưởng được đề nghị")
        if minutes and nominee.approved is None:
            doubts.append("biên bản không ghi rõ Hội đồng thông qua hay không")
        if doubts and not nominee.doubt:
            nominee.doubt = "Cần kiểm tra: " + "; ".join(doubts) + "."


def doubt_notice(state: _State, text: str, block: Block, why: str) -> Notice:
    return Notice(
        code=EXTRACTION_DOUBT,
        detail=f"Dòng có vẻ nêu một người được đề nghị nhưng không đọc được ({why}).",
        evidence=_evidence(state.doc.source, block, text, "nominee"),
    )


@dataclass
class NomineeFacts:
    """What a dossier document says about nominees, and about itself."""

    nominees: list[Nominee] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    quorum: Quorum | None = None
