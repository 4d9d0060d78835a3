"""Decide what kind of document this is (SPEC §3) from its anatomy (Nghị định 30/2020/NĐ-CP).

An administrative document says what it is in four places at its top: the kind line ("TỜ
TRÌNH", capitals, under the header), the kind's code in its number ("Số: 12/TTr-THCS"), the
subject under the kind line ("Về việc …"; an official letter, which has no kind line, puts a
"V/v …" line under its number instead), and, by its plan numbers, words and date, which
campaign it belongs to.  Each is read by a small function here; ``decide_type`` weighs them.
A quote in the body ("Xét đề nghị của …", "Căn cứ Kế hoạch … phát động …") never decides: no
kind line or subject is looked for past the start of the body.

The vocabulary (kind words, codes, subject phrases, campaign markers) is the config's
``document_types`` and ``campaign_markers``; this module holds only the method.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.config import CampaignConfig, DocumentKind, DocumentTypeForm, DocumentTypes
from pipeline.extract.header import _NUMBER
from pipeline.model import Block, Evidence, Notice, ParsedDocument
from pipeline.text import clean_spaces, fold

TITLE_ZONE_BLOCKS = 25  # blocks from the top that may hold the type and subject lines
HEADER_TABLE_MAX_ROWS = 4  # a table this small at the top is the two-column header
KIND_LINE_MAX_CHARS = 300  # a kind line, even merged with its subject in a PDF, is short
BODY_LINE_CHARS = 250  # a line this long is body text, not a title
SUBJECT_LINES = 4  # lines under the kind line (or the V/v line) that may continue the subject
GAP_WORDS = 8  # "…" in a vocabulary phrase stands for at most this many words

_HEADING = re.compile(r"^(?:[IVX]{1,4}|\d{1,2}|[a-dđ])\s*[.)]\s")
_PLACE_DATE = re.compile(r"^[^,\d]{2,40},\s*ng[àa]y\b", re.IGNORECASE)
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc")
_PLACEHOLDER = re.compile(r"…\s*…|\.{4,}|_{4,}|(?:…\s*){2,}")

# How a detail names each type (SPEC §3).
_TYPE_NAMES = {
    "registration": "bản đăng ký thi đua",
    "launch": "kế hoạch phát động thi đua",
    "result_report": "báo cáo kết quả thi đua",
    "proposal": "văn bản đề nghị khen thưởng",
    "council_minutes": "biên bản họp xét thi đua, khen thưởng",
    "achievement_report": "báo cáo thành tích",
    "tax_confirmation": "xác nhận chấp hành pháp luật thuế",
}
_NOT_USED_TAIL = "không phải văn bản của đơn vị gửi trong đợt thi đua"


@dataclass(frozen=True)
class Line:
    """One line of the title zone: its text, its folded key, and the block it is in."""

    text: str
    key: str
    block: Block


@dataclass(frozen=True)
class KindLine:
    """The kind line: which kind it names, the line itself, and the words after the kind."""

    kind: DocumentKind
    line: Line
    position: int  # index among the head lines
    rest: str  # the line after the kind word ("BÁO CÁO THÀNH TÍCH" → "THÀNH TÍCH")


@dataclass(frozen=True)
class NumberCode:
    """The document's number ("12/TTr-THCS"), its code (TTr) and the kind that code means."""

    number: str
    code: str
    kind: DocumentKind | None
    line: Line


@dataclass(frozen=True)
class Concern:
    """Whether a document concerns this campaign: the marker it names, and its lateness."""

    marker: str | None  # the plan number or campaign words it names, as found
    late: bool  # dated more than the allowed days after the campaign ended
    early: bool  # dated before the campaign's first plan was issued
    date: dt.date | None


@dataclass
class Classification:
    """The type, the block that decided it (for evidence), and what a person should know."""

    doc_type: str
    block: Block | None = None
    notices: list[Notice] = field(default_factory=list)
    quote: str = ""  # the deciding line of ``block`` (a header table holds many)


# ------------------------------------------------------------------------------ reading


def title_zone(doc: ParsedDocument) -> list[Block]:
    """The blocks at the top of the body: header lines, type, subject (no data tables)."""
    zone: list[Block] = []
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table" and len(block.rows) > HEADER_TABLE_MAX_ROWS:
            break
        zone.append(block)
        if len(zone) >= TITLE_ZONE_BLOCKS:
            break
    return zone


def zone_lines(zone: list[Block]) -> list[Line]:
    """The lines of the zone in reading order (a header table's left column first)."""
    lines: list[Line] = []
    for block in zone:
        if block.kind == "table" and block.rows:
            left = [row[0] for row in block.rows if row]
            rest = [cell for row in block.rows for cell in row[1:]]
            texts = [line for cell in left + rest for line in cell.split("\n")]
        else:
            texts = block.text.split("\n")
        for raw in texts:
            for piece in raw.split("\t"):
                text = clean_spaces(piece)
                if text:
                    lines.append(Line(text=text, key=fold(text), block=block))
    return lines


@lru_cache(maxsize=256)
def _phrase(phrase: str, anchored: bool = False) -> re.Pattern[str]:
    """A vocabulary phrase as a pattern on folded text; "…" stands for a few words."""
    parts = [re.escape(fold(part)) for part in phrase.split("…") if fold(part)]
    if not parts:
        return re.compile(r"(?!)")  # an empty phrase names nothing
    gap = rf"(?: \S+){{0,{GAP_WORDS}}} "
    body = gap.join(parts)
    return re.compile(("^" if anchored else r"(?:^|\s)") + body + r"(?=\s|$)")


@lru_cache(maxsize=256)
@lru_cache(maxsize=256)
def _first_part(phrase: str) -> str:
    """The phrase's first literal piece, folded: text without it cannot say the phrase."""
    return next((fold(part) for part in phrase.split("…") if fold(part)), "")


def _says(phrase: str, text: str) -> bool:
    """Whether folded ``text`` says ``phrase`` (the cheap substring test first)."""
    return _first_part(phrase) in text and bool(_phrase(phrase).search(text))


@lru_cache(maxsize=256)
def _folded(words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(word, its folded form followed by a space) of a vocabulary list, read once."""
    return tuple((word, fold(word) + " ") for word in words if fold(word))


def _starts(key: str, words: list[str]) -> str | None:
    """The first of ``words`` that ``key`` (folded) begins with, as a whole word."""
    spaced = key + " "
    for word, folded in _folded(tuple(words)):
        if spaced.startswith(folded):
            return word
    return None


def _is_header_line(line: Line) -> bool:
    """A line of the two-column header: national title, motto, number, place and date."""
    return (
        any(line.key.startswith(n) for n in _NATIONAL)
        or bool(_NUMBER.search(line.text))
        or bool(_PLACE_DATE.search(line.text))
    )


def head_lines(lines: list[Line], vocab: DocumentTypes) -> list[Line]:
    """The lines before the body begins: header, kind line, subject.  Past these, every
    mention of a kind of document is a quote."""
    head: list[Line] = []
    for line in lines:
        if len(line.text) > BODY_LINE_CHARS or _HEADING.match(line.text):
            break
        if line.text.isupper():  # a title in capitals ("NỘI DUNG ĐĂNG KÝ …") is no body
            head.append(line)
            continue
        if _starts(line.key, vocab.body_starts):
            break
        head.append(line)
    return head


_KIND_INDEX: dict[int, tuple[DocumentTypes, dict[str, list[tuple[DocumentKind, str, str]]]]] = {}


def _kind_index(vocab: DocumentTypes) -> dict[str, list[tuple[DocumentKind, str, str]]]:
    """The kind words by their first folded word, in vocabulary order (built once per vocab:
    every document's head lines are looked up here)."""
    cached = _KIND_INDEX.get(id(vocab))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    index: dict[str, list[tuple[DocumentKind, str, str]]] = {}
    for kind in vocab.kinds:
        for word, folded in _folded(tuple(kind.words)):
            index.setdefault(folded.split(" ", 1)[0], []).append((kind, word, folded))
    _KIND_INDEX[id(vocab)] = (vocab, index)
    return index


def kind_line(head: list[Line], vocab: DocumentTypes) -> KindLine | None:
    """The first line that begins with a kind word written in capitals ("BIÊN BẢN …")."""
    index = _kind_index(vocab)
    for i, line in enumerate(head):
        if len(line.text) > KIND_LINE_MAX_CHARS:
            continue
        spaced = line.key + " "
        for kind, word, folded in index.get(spaced.split(" ", 1)[0], ()):
            if not spaced.startswith(folded):
                continue
            written = line.text.split()[: len(word.split())]
            # Capitals; or a line with no capital at all: typed in lower case and shown in
            # capitals by its format (Word's "All caps"), which the text does not keep.
            if not (all(w.isupper() for w in written) or line.text.islower()):
                continue
            rest = " ".join(line.text.split()[len(word.split()) :])
            return KindLine(kind=kind, line=line, position=i, rest=rest)
    return None


def number_code(lines: list[Line], vocab: DocumentTypes) -> NumberCode | None:
    """The number under the issuing body and the kind its code names ("TTr" → Tờ trình);
    a letter's number ("69/THBT2") has no kind code."""
    for line in lines:
        m = _NUMBER.search(line.text)
        if m is None:
            continue
        number = re.sub(r"\s+", "", m.group(1))
        code = number.split("/", 1)[1].split("-", 1)[0]
        kinds = [k for k in vocab.kinds if any(code.upper() == c.upper() for c in k.codes)]
        return NumberCode(number=number, code=code, kind=kinds[0] if kinds else None, line=line)
    return None


def letter_line(head: list[Line], vocab: DocumentTypes) -> tuple[int, Line] | None:
    """An official letter's subject line ("V/v …") and its position among the head lines."""
    for i, line in enumerate(head):
        if _starts(line.key, vocab.letter.subject_starts):
            return i, line
    return None


def subject_line(head: list[Line], position: int, first: str, letter: bool) -> str:
    """The subject: ``first`` (the rest of the kind line, or the V/v line) and the lines that
    continue it.  A letter's subject continues in lower case only (the header's capitals
    follow it in the same cell)."""
    parts = [first] if first else []
    for line in head[position + 1 : position + 1 + SUBJECT_LINES]:
        if _is_header_line(line) or (letter and line.text.isupper()):
            break
        parts.append(line.text)
    return clean_spaces(" ".join(parts))


def concerns_campaign(lines: list[Line], day: dt.date | None, config: CampaignConfig) -> Concern:
    """Which marker of this campaign the top of the document names (a plan number, the
    campaign's words), and whether it is dated too long after the campaign ended or before
    the first of its plans (``references``) was issued."""
    text = " ".join(line.key for line in lines)
    marker = None
    numbers = [r.number for r in config.references] + config.campaign_markers.numbers
    for number in numbers:
        if _says(number, text):
            marker = number
            break
    if marker is None:
        for phrase in config.campaign_markers.phrases:
            if _says(phrase, text):
                marker = phrase
                break
    allowed = dt.timedelta(days=config.campaign_markers.days_after_period)
    limit = config.campaign.period.end + allowed
    first = min([r.date for r in config.references] + [config.campaign.period.start])
    return Concern(
        marker=marker,
        late=day is not None and day > limit,
        early=day is not None and day < first,
        date=day,
    )


def is_blank_form(lines: list[Line], vocab: DocumentTypes, day: dt.date | None) -> bool:
    """A form nobody filled in: dotted placeholders ("……") on several lines, and no date:
    its date line is dots too ("……, ngày … tháng … năm ……") or there is none."""
    if day is not None:
        return False
    dotted = [line for line in lines if _PLACEHOLDER.search(line.text)]
    if len(dotted) < vocab.blank_form_lines:
        return False
    dated = [line for line in lines if " thang " in f" {line.key} " and " nam " in line.key]
    return not dated or any(line in dotted for line in dated)


def is_news(lines: list[Line], vocab: DocumentTypes) -> bool:
    """A news item: no national title, and the words of a news page ("Tin tức", "Cập nhật")."""
    if any(line.key.startswith(n) for line in lines for n in _NATIONAL):
        return False
    return any(_says(marker, line.key) for line in lines for marker in vocab.news_markers)


# ----------------------------------------------------------------------------- deciding


def _fits(form: DocumentTypeForm, kind: DocumentKind | None, subject: str) -> bool:
    if kind is not None and kind.key not in form.kinds:
        return False
    key = fold(subject)
    if any(_says(p, key) for p in form.not_subjects):
        return False
    return not form.subjects or any(_says(p, key) for p in form.subjects)


def match_type(
    kind: DocumentKind | None, subject: str, vocab: DocumentTypes
) -> DocumentTypeForm | None:
    """The first type form that takes this kind with this subject."""
    return next((f for f in vocab.types if _fits(f, kind, subject)), None)


def _fallback_subject(
    head: list[Line], vocab: DocumentTypes
) -> tuple[Line, DocumentTypeForm] | None:
    """With no kind line, no letter line and no kind code: a head line that begins with a
    subject phrase ("Đăng ký thi đua …", "Đề nghị khen thưởng …")."""
    for line in head:
        if _is_header_line(line) or line.text.isupper():
            continue
        for form in vocab.types:
            if any(_phrase(p, anchored=True).search(line.key) for p in form.subjects):
                return line, form
    return None


def _evidence(source: str, line: Line) -> Evidence:
    block = line.block
    return Evidence(
        source=source,
        page=block.page,
        quote=line.text[:300],
        field="doc_type",
        paragraph=block.index if block.page is None else None,
    )


def _described(kind: DocumentKind, kl: KindLine | None, num: NumberCode | None) -> str:
    """"Quyết định (QUYẾT ĐỊNH, số 4217/QĐ-UBND)"."""
    inside = []
    if kl is not None:  # the whole kind line when it is a title in capitals, else its kind
        whole = kl.line.text.isupper() and len(kl.line.text) <= 80
        word = " ".join(kl.line.text.split()[: len(_kind_word(kl).split())])
        inside.append(kl.line.text if whole else word)
    if num is not None:
        inside.append(f"số {num.number}")
    return f"{kind.name} ({', '.join(inside)})" if inside else kind.name


def _kind_word(kl: KindLine) -> str:
    return _starts(kl.line.key, kl.kind.words) or kl.kind.words[0]


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def decide_type(
    source: str,
    head: list[Line],
    kl: KindLine | None,
    num: NumberCode | None,
    letter: tuple[int, Line] | None,
    concern: Concern,
    vocab: DocumentTypes,
    plans: frozenset[str] = frozenset(),
) -> Classification:
    """Weigh the signals: the kind line first, then a letter's V/v line, then the number's
    code, then a subject alone; a kind no unit sends, the campaign's own plan (its number is
    one of ``plans``) or another campaign's document is ``unknown`` with a notice saying why;
    a kind units send about other business (a subject no campaign document has) is
    ``unknown`` like any paper the campaign does not expect."""

    def not_used(detail: str, line: Line) -> Classification:
        notice = Notice(code="DOCUMENT_NOT_USED", detail=detail, evidence=_evidence(source, line))
        return Classification("unknown", line.block, [notice], line.text)

    notices: list[Notice] = []
    kind: DocumentKind | None
    if kl is not None:
        kind, line = kl.kind, kl.line
        subject = subject_line(head, kl.position, kl.rest, letter=False)
    elif letter is not None:
        kind, line = vocab.kind(vocab.letter.kind), letter[1]
        subject = subject_line(head, letter[0], letter[1].text, letter=True)
    elif num is not None and num.kind is not None:
        kind, line = num.kind, num.line
        found = _fallback_subject(head, vocab)
        subject = found[0].text if found else ""
        notices.append(
            Notice(
                code="TYPE_SIGNALS_DISAGREE",
                detail=(
                    f"không thấy dòng tên loại văn bản; loại được xác định theo ký hiệu "
                    f"«{num.code}» trong số {num.number}"
                    + (f" và trích yếu «{_short(subject)}»" if subject else "")
                ),
                evidence=_evidence(source, num.line),
            )
        )
    else:
        found = _fallback_subject(head, vocab)
        if found is None:
            if is_news(head, vocab) and head:
                return not_used(
                    "là tin bài (không có quốc hiệu, số và tên loại văn bản), " + _NOT_USED_TAIL,
                    head[0],
                )
            return Classification("unknown")
        line, guessed = found
        notice = Notice(
            code="TYPE_SIGNALS_DISAGREE",
            detail=(
                "không có tên loại văn bản và số ký hiệu; đã xếp là "
                f"{_TYPE_NAMES[guessed.doc_type]} "
                f"chỉ theo trích yếu «{_short(line.text)}»"
            ),
            evidence=_evidence(source, line),
        )
        guess = Classification(guessed.doc_type, line.block, [notice], line.text)
        return _campaign_checked(
            guess, guessed, concern, kind=None, line=line, source=source, kl=None, num=None
        )

    if kind.use == "not_used":
        return not_used(f"là {_described(kind, kl, num)}, {_NOT_USED_TAIL}", line)
    if num is not None and fold(num.number) in plans:
        return not_used(f"là {_described(kind, kl, num)}, kế hoạch của chính đợt thi đua", line)
    if kind.use == "other":
        return Classification("unknown", line.block, [], line.text)

    form = match_type(kind, subject, vocab)
    if num is not None and num.kind is not None and num.kind.key != kind.key and kl is not None:
        by_code = match_type(num.kind, subject, vocab)
        if form is None and by_code is not None:
            form, kind, chosen = by_code, num.kind, "ký hiệu số"
        else:
            chosen = "tên loại"
        notices.append(
            Notice(
                code="TYPE_SIGNALS_DISAGREE",
                detail=(
                    f"tên loại văn bản là «{_kind_word(kl)}» nhưng ký hiệu «{num.code}» trong số "
                    f"{num.number} là của {num.kind.name}; đã xếp theo {chosen}"
                    + (f" ({_TYPE_NAMES[form.doc_type]})" if form is not None else "")
                ),
                evidence=_evidence(source, kl.line),
            )
        )
    if form is None:  # a kind units send, about other business: an unknown document
        kept = notices if kl is not None else []  # a code's guess that came to nothing
        return Classification("unknown", line.block, kept, line.text)
    return _campaign_checked(
        Classification(form.doc_type, line.block, notices, line.text), form, concern, kind=kind,
        line=line, source=source, kl=kl, num=num,
    )


def _campaign_checked(
    result: Classification,
    form: DocumentTypeForm,
    concern: Concern,
    *,
    kind: DocumentKind | None,
    line: Line,
    source: str,
    kl: KindLine | None,
    num: NumberCode | None,
) -> Classification:
    """``result``, unless the document belongs to another campaign: dated long after this one
    ended, or before its first plan.  A type that should name the campaign (a launch plan)
    and does not is kept, with a notice that it may be another campaign's."""
    what = _described(kind, kl, num) if kind is not None else _TYPE_NAMES[form.doc_type]
    if (concern.late or concern.early) and concern.date is not None:
        when = "sau khi đợt thi đua này đã kết thúc" if concern.late else (
            "trước khi có kế hoạch của đợt thi đua này"
        )
        reason = f"ban hành ngày {concern.date:%d/%m/%Y}, {when}"
        if concern.marker is None:
            reason += ", không nhắc đến kế hoạch hay tên đợt thi đua này"
        notice = Notice(
            code="DOCUMENT_NOT_USED",
            detail=f"là {what} của một đợt thi đua khác ({reason})",
            evidence=_evidence(source, line),
        )
        return Classification("unknown", line.block, [notice], line.text)
    if form.needs_campaign_marker and concern.marker is None:
        result.notices.append(
            Notice(
                code="TYPE_SIGNALS_DISAGREE",
                detail=(
                    f"là {what} nhưng không nhắc đến kế hoạch hay tên đợt thi đua này, có thể "
                    f"của một đợt thi đua khác; đã xếp là {_TYPE_NAMES[form.doc_type]}"
                ),
                evidence=_evidence(source, line),
            )
        )
    return result


def classify(
    doc: ParsedDocument, config: CampaignConfig, day: dt.date | None = None
) -> Classification:
    """The document's type from its anatomy, the block that decided it, and any notices.

    ``day`` is the document's own date (from its header), which says whether it can belong
    to this campaign.
    """
    vocab = config.document_types
    lines = zone_lines(title_zone(doc))
    head = head_lines(lines, vocab)
    if is_blank_form(lines, vocab, day):
        kl = kind_line(head, vocab)
        line = kl.line if kl is not None else (head[0] if head else None)
        what = f"{kl.kind.name} ({_short(kl.line.text, 60)})" if kl is not None else "văn bản"
        detail = f"là mẫu {what} để trống: còn dòng chấm chờ điền, chưa có tên, ngày"
        evidence = _evidence(doc.source, line) if line is not None else None
        notice = Notice(code="DOCUMENT_NOT_USED", detail=detail, evidence=evidence)
        quote = line.text if line is not None else ""
        return Classification("unknown", line.block if line else None, [notice], quote)
    kl = kind_line(head, vocab)
    letter = letter_line(head, vocab) if kl is None else None
    num = number_code(head, vocab)  # a number quoted in the body is another document's
    concern = concerns_campaign(lines, day, config)
    plans = frozenset(fold(r.number) for r in config.references)
    return decide_type(doc.source, head, kl, num, letter, concern, vocab, plans)
