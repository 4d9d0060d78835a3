"""Read a campaign plan (kế hoạch phát động) into facts, each with the quote it came from.

The plan is parsed by the project's parsers (DOCX, PDF, text) into blocks; this module walks
them as lines (a paragraph's line or a table's row), keeps track of the section each stands in
("§IV.2": a Roman part, Arabic items, a letter), and reads what a clerk would read: the
plan's number and date, the plans it implements, the period, the numbered contents and the
agencies assigned to them, the deadlines, the award levels and their dossiers.  It guesses
nothing: what it cannot find stays ``None`` and the writer leaves a ``TODO``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import InboxItem, ParsedDocument
from pipeline.plan import vocab
from pipeline.text import clean_spaces, nfc
from pipeline.text.dates import parse_date

QUOTE_MAX = 160  # characters of a quote in a comment
SHORT_TITLE_MAX = 80  # an assignment table's title of a content this short is a label of it


@dataclass(frozen=True)
class Fact:
    """A value and where it came from: the quote and the plan's clause ("§IV.2")."""

    value: str
    quote: str
    clause: str = ""


@dataclass
class ContentFact:
    number: int
    title: str
    quote: str
    clause: str
    agency: Fact | None = None
    short_titles: list[str] = field(default_factory=list)  # the assignment table's words


@dataclass
class DeadlineFact:
    kind: str  # a key of vocab.DEADLINE_KINDS
    date: dt.date
    quote: str
    clause: str
    upward: bool = False  # the organiser's own deadline to a higher authority
    recipient: str = ""


@dataclass
class ReferenceFact:
    number: str
    date: dt.date
    issuer: str
    title: str
    quote: str
    clause: str = ""
    level: str = ""


@dataclass
class PartFact:
    key: str | None  # a dossier part of the model config, None when the words fit none
    text: str
    clause: str


@dataclass
class AwardFact:
    key: str
    name: str
    kind: str  # "Bằng khen" …
    level: str
    decided_by: str
    quote: str
    clauses: list[str]
    parts: list[PartFact] = field(default_factory=list)
    deadline_clauses: list[str] = field(default_factory=list)
    dossier_clauses: list[str] = field(default_factory=list)


@dataclass
class PlanFacts:
    """Everything read from one plan."""

    source: str
    number: Fact | None = None
    date: Fact | None = None
    place: Fact | None = None
    name: Fact | None = None  # the campaign's name: the title without "Phát động"
    title: str = ""  # the plan's title as written
    organiser: Fact | None = None  # as the body names it ("Phòng … quận")
    organiser_header: list[str] = field(default_factory=list)  # its capitals header lines
    desk: Fact | None = None  # the issuing body's office that runs the campaign, if named
    emails: list[str] = field(default_factory=list)
    references: list[ReferenceFact] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)  # laws and decrees the plan cites
    period_start: Fact | None = None
    period_end: Fact | None = None
    contents: list[ContentFact] = field(default_factory=list)
    deadlines: list[DeadlineFact] = field(default_factory=list)
    awards: list[AwardFact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was seen but not understood


# ------------------------------------------------------------------------- the lines


@dataclass
class Line:
    text: str
    clause: str
    headings: tuple[str, ...]  # the texts of the headings above it, outermost first
    cells: tuple[str, ...] = ()  # a table row
    body: bool = True  # before "Nơi nhận"
    heading: bool = False


_ROMAN = re.compile(r"^(?:(?:Phần|PHẦN|Mục|MỤC|Chương|CHƯƠNG)\s+)?([IVX]{1,5})\s*[.\-–:]\s*(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.):]?\s+(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}|</?(?:i|b|em|strong)>")
_CELL_SPLIT = re.compile(r"\t| \| ")


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _raw_lines(doc: ParsedDocument) -> list[tuple[str, tuple[str, ...]]]:
    """(text, cells) in reading order; a paragraph's line has no cells."""
    out: list[tuple[str, tuple[str, ...]]] = []
    text_format = doc.format == "text"
    for block in doc.blocks:
        if block.part != "body":
            continue
        if block.kind == "table":
            for row in block.rows:
                cells = tuple(_cell(c) for c in row)
                out.append((clean_spaces(" | ".join(c for c in cells if c)), cells))
            continue
        for raw in block.text.split("\n"):
            line = clean_spaces(_EMPHASIS.sub("", raw) if text_format else raw)
            if not line:
                continue
            if text_format and _CELL_SPLIT.search(raw):
                cells = tuple(clean_spaces(_EMPHASIS.sub("", c)) for c in _CELL_SPLIT.split(raw))
                out.append((" | ".join(c for c in cells if c), cells))
                continue
            broken = line[0].isalpha() and line[0].islower() and not _LETTER.match(line)
            if out and not out[-1][1] and broken:
                out[-1] = (f"{out[-1][0]} {line}", ())  # a paragraph broken in two
                continue
            out.append((line, ()))
    return out


def _cell(text: str) -> str:
    """A table cell's text, its own lines kept (a header cell stacks the issuer's lines)."""
    return "\n".join(x for x in (clean_spaces(p) for p in text.split("\n")) if x)


def _starts(text: str, phrases: tuple[str, ...]) -> str | None:
    low = text.lower()
    return next((p for p in phrases if low.startswith(p.lower())), None)


def _says(phrase: str, text: str) -> bool:
    low = text.lower()
    parts = [re.escape(p.strip().lower()) for p in phrase.split("…")]
    return re.search(r"\b" + r"\b.{0,60}?\b".join(parts) + r"\b", low) is not None


def lines_of(doc: ParsedDocument) -> list[Line]:
    """The document as lines, each with its clause and the headings above it."""
    lines: list[Line] = []
    roman: tuple[str, str] | None = None
    arabic: list[tuple[str, str]] = []
    letter: tuple[str, str] | None = None
    annex = annex_last = ""
    body = True
    for text, cells in _raw_lines(doc):
        first = cells[0] if cells else text
        if body and _starts(first, vocab.BODY_END):
            body = False
        heading = False
        if body and not cells:
            if (m := _ROMAN.match(text)) and _upper_share(m.group(2)) > 0.6:
                roman, arabic, letter, heading = (m.group(1), m.group(2)), [], None, True
            elif m := _ARABIC.match(text):
                numbers = m.group(1).split(".")
                kept = [a for a in arabic if len(a[0].split(".")) < len(numbers)]
                arabic = [*kept[: len(numbers) - 1], (numbers[-1], m.group(2))]
                letter, heading = None, True
            elif m := _LETTER.match(text):
                letter, heading = (m.group(1), m.group(2)), True
        elif not body and not cells and _upper_share(text) > 0.8 and len(text) > 12:
            joined = lines and not lines[-1].body and lines[-1].text == annex_last
            annex = f"{annex} {text}" if joined else text
            annex_last = text
        if body:
            path = [p for p in [roman, *arabic, letter] if p is not None]
            clause = "§" + ".".join(p[0] for p in path) if path else ""
            headings = tuple(p[1] for p in path)
        else:
            clause = f"phụ lục “{_short(annex, 60)}”" if annex else ""
            headings = (annex,) if annex else ()
        lines.append(Line(text, clause, headings, cells, body, heading))
    return lines


def _short(text: str, limit: int = QUOTE_MAX) -> str:
    text = clean_spaces(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _around(text: str, start: int, end: int, limit: int = QUOTE_MAX) -> str:
    """A quote of ``text`` that keeps [start, end) whole and what leads to it."""
    if len(text) <= limit:
        return text
    head = text[: max(0, limit - (end - start) - 40)]
    if start <= len(head) + 40:
        return _short(text, max(limit, end + 1))
    return clean_spaces(head).rstrip() + " … " + text[max(start - 40, 0) : end].lstrip()


# ------------------------------------------------------------------------- reading

_DATE = r"(?:ngày\s*)?\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*\d{4}|[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4})"
_HOUR = r"(?:\d{1,2}\s*(?:giờ|h)\s*(?:\d{1,2}\s*(?:phút)?)?\s*,?\s*(?:ngày\s*)?)?"
_DEADLINE = re.compile(
    r"(?i)\b(?P<phrase>"
    + "|".join(re.escape(p) for p in sorted(vocab.DEADLINE_PHRASES, key=len, reverse=True))
    + r")\s*(?:là\s*|:\s*|hết\s*)?(?:ngày\s*)?"
    + _HOUR
    + r"(?P<date>"
    + _DATE
    + ")"
)
_NUMBER = re.compile(r"\bSố\s*:?\s*(\d{1,5}\s*/\s*[0-9A-ZĐa-zđ\-]+(?:\s*/\s*[0-9A-ZĐa-zđ\-]+)?)")
_PLACE_DATE = re.compile(r"^([^,\d|]{2,40}),\s*ngày\s+(\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REFERENCE = re.compile(
    r"(?P<kind>" + "|".join(vocab.REFERENCE_KINDS + vocab.CITED_KINDS) + r")\s+số\s+"
    r"(?P<number>\d[\w\-]*\s*/\s*[\wĐđ\-/]+)\s+ngày\s+(?P<date>" + _DATE + r")"
    r"(?:\s+của\s+(?P<issuer>.+?))?\s+(?:về|quy định|hướng dẫn)\s+(?P<title>.+?)"
    r"(?=\s+và\s+(?:" + "|".join(vocab.REFERENCE_KINDS + vocab.CITED_KINDS) + r")\s+số|[;,]?\s*$)"
)
_CONTENT = re.compile(
    r"(?i)^(?:"
    + "|".join(re.escape(w) for w in vocab.CONTENT_WORDS)
    + r")\s*(\d{1,2})\s*[:.\-–)]\s*(\S.*)$"
)
_ITEM_MARK = re.compile(r"^([-+•–*]|\d{1,2}[.)]|[a-zđ]\))\s*")


def day_of(text: str) -> dt.date | None:
    """The day written in ``text`` ("04 tháng 5 năm YYYY" is a day, not the month)."""
    text = text.strip()
    if "tháng" in text.lower() and not text.lower().startswith("ngày"):
        text = "ngày " + text
    return parse_date(text)


def level_of(text: str) -> tuple[str, int] | None:
    """The level of government a name speaks of first ("… quận …" → district)."""
    low = nfc(text).lower()
    best: tuple[int, str, int] | None = None
    for key, rank, pattern in vocab.LEVELS:
        if (m := re.search(pattern, low)) and (best is None or m.start() < best[0]):
            best = (m.start(), key, rank)
    return (best[1], best[2]) if best else None


def read_plan(doc: ParsedDocument) -> PlanFacts:
    """The facts of a parsed plan."""
    facts = PlanFacts(source=doc.source)
    lines = lines_of(doc)
    _read_header(lines, facts)
    _read_references(lines, facts)
    _read_desk(lines, facts)
    _read_period(lines, facts)
    _read_contents(lines, facts)
    _read_awards(lines, facts)
    _read_deadlines(lines, facts)
    emails = _EMAIL.findall(" ".join(line.text for line in lines if line.body))
    facts.emails = list(dict.fromkeys(e.lower() for e in emails))
    return facts


def read_plan_file(path: Path) -> PlanFacts:
    """Parse a plan file (DOCX, PDF, text …) with the project's parsers and read it."""
    from pipeline.ingest.sniff import sniff
    from pipeline.parse import parse_item

    data = path.read_bytes()
    fmt = sniff(data, path.name)
    if fmt == "unknown":
        try:
            data.decode("utf-8")
            fmt = "text"
        except UnicodeDecodeError:
            pass
    doc = parse_item(InboxItem(source=path.name, sha256="", format=fmt, data=data))
    if doc.errors:
        raise ValueError("; ".join(doc.errors))
    return read_plan(doc)


# --- header: number, date, place, title, organiser


def _read_header(lines: list[Line], facts: PlanFacts) -> None:
    head = lines[:15]
    pieces = [(piece, line) for line in head for cell in (line.cells or (line.text,))
              for piece in cell.split("\n")]  # fmt: skip
    for piece, _line in pieces:
        text = clean_spaces(piece)
        if facts.number is None and (m := _NUMBER.search(text)):
            facts.number = Fact(re.sub(r"\s+", "", m.group(1)), _short(text))
        if facts.date is None and (m := _PLACE_DATE.match(text)):
            day = day_of(m.group(2))
            if day:
                facts.date = Fact(day.isoformat(), _short(text))
                facts.place = Fact(m.group(1).strip(), _short(text))
    issuer: list[str] = []
    for piece, _line in pieces:
        text = clean_spaces(piece)
        low = text.lower()
        if not text or "cộng hòa" in low or "cộng hoà" in low or "độc lập" in low:
            continue
        if _NUMBER.search(text) or text.startswith(("KẾ HOẠCH", "Số")):
            break
        if _upper_share(text) > 0.9 and len(issuer) < 3:
            issuer.append(text)
    facts.organiser_header = issuer
    for i, line in enumerate(lines[:40]):
        if line.text.startswith("KẾ HOẠCH") and _upper_share(line.text) > 0.9:
            title: list[str] = []
            for nxt in lines[i + 1 : i + 6]:
                if nxt.cells or _starts(nxt.text, vocab.REFERENCE_INTRO) or nxt.heading:
                    break
                title.append(nxt.text)
            if title:
                joined = clean_spaces(" ".join(title))
                verb = _starts(joined, vocab.TITLE_VERBS)
                name = joined[len(verb) :].strip() if verb else joined
                facts.name = Fact(name[:1].upper() + name[1:], _short(joined))
                facts.title = joined
            break
    verbs = "|".join(re.escape(v) for v in vocab.ISSUE_VERBS)
    for line in lines[:40]:
        if line.cells or line.heading or _upper_share(line.text) > 0.5:
            continue
        m = re.search(r"(?:^|,\s*)([^,]{6,80}?)\s+(?:" + verbs + r")\b", line.text)
        if m and level_of(m.group(1)) and not _starts(m.group(1), vocab.REFERENCE_INTRO):
            facts.organiser = Fact(m.group(1).strip(), _around(line.text, m.start(1), m.end()))
            break


def _read_desk(lines: list[Line], facts: PlanFacts) -> None:
    words = "|".join(re.escape(w) for w in vocab.DESK_WORDS)
    desk = re.compile(r"(?i)^([^:;,]{4,80}):\s*(?:là\s+)?(?:" + words + r")\b")
    for line in lines:
        if not line.body or line.cells:
            continue
        text = _ARABIC.sub(r"\2", line.text) if line.heading else line.text
        if m := desk.match(text.lstrip("-+• ")):
            facts.desk = Fact(m.group(1).strip(), _short(text), line.clause)
            return


# --- references


def _read_references(lines: list[Line], facts: PlanFacts) -> None:
    for line in lines[:40]:
        if line.cells or not _starts(line.text, vocab.REFERENCE_INTRO):
            continue
        for m in _REFERENCE.finditer(line.text):
            number = re.sub(r"\s+", "", m.group("number"))
            day = day_of(m.group("date"))
            if m.group("kind") not in vocab.REFERENCE_KINDS or not m.group("issuer") or not day:
                _cite(facts, m.group(0))
                continue
            issuer = clean_spaces(m.group("issuer"))
            level = level_of(issuer)
            facts.references.append(
                ReferenceFact(
                    number=number,
                    date=day,
                    issuer=issuer,
                    title=clean_spaces(m.group("title")).rstrip(",;. "),
                    quote=_short(m.group(0)[:100]),
                    clause=line.clause,
                    level=level[0] if level else "",
                )
            )
        if not _REFERENCE.search(line.text):
            m2 = re.search(r"(" + "|".join(vocab.CITED_KINDS) + r")\s+[^;]{5,100}", line.text)
            if m2:
                _cite(facts, m2.group(0).rstrip(";,. "))


def _cite(facts: PlanFacts, text: str) -> None:
    if not any(c.startswith(text[:40]) or text.startswith(c[:40]) for c in facts.cited):
        facts.cited.append(_short(text, 120))


# --- period


def _read_period(lines: list[Line], facts: PlanFacts) -> None:
    for line in lines:
        if not line.body or line.cells:
            continue
        own = _ARABIC.match(line.text)
        text = own.group(2) if own else line.text
        label = _starts(text, vocab.HEADINGS["period"])
        if not label:
            continue
        rest = text[len(label) :]
        to = re.search(r"(?i)\b(" + "|".join(re.escape(p) for p in vocab.PERIOD_TO) + r")\s*"
                       r"(?P<date>" + _DATE + ")", rest)  # fmt: skip
        if not to:
            continue
        end = day_of(to.group("date"))
        quote = _short(text)
        if end:
            facts.period_end = Fact(end.isoformat(), quote, line.clause)
        before = rest[: to.start()]
        start_date = day_of(before) if re.search(_DATE, before) else None
        if start_date:
            facts.period_start = Fact(start_date.isoformat(), quote, line.clause)
        elif any(p in before.lower() for p in vocab.PERIOD_FROM_PLAN_DATE) and facts.date:
            facts.period_start = Fact(facts.date.value, quote, line.clause)
        return


# --- contents and agencies


def _read_contents(lines: list[Line], facts: PlanFacts) -> None:
    numbered: dict[int, ContentFact] = {}
    last: ContentFact | None = None
    for line in lines:
        if not line.body or line.cells:
            continue
        if m := _CONTENT.match(line.text):
            no = int(m.group(1))
            if no not in numbered:
                last = ContentFact(no, m.group(2).strip(), _short(line.text), line.clause)
                numbered[no] = last
            continue
        label = _starts(line.text.lstrip("-+• "), vocab.AGENCY_LABELS)
        if last is not None and label and ":" in line.text:
            agency = line.text.split(":", 1)[1].strip().rstrip(".;")
            last.agency = Fact(agency, _short(line.text), line.clause)
    if not numbered:
        numbered = _contents_by_section(lines)
    table = _assignment_table(lines)
    for no, (agency, quote, clause, title) in table.items():
        if no in numbered:
            if numbered[no].agency is None:
                numbered[no].agency = Fact(agency, quote, clause)
            full = numbered[no].title.lower()
            if (
                title
                and len(title) <= SHORT_TITLE_MAX
                and title.lower().rstrip(".;") != full.rstrip(".;")
            ):
                numbered[no].short_titles.append(title.rstrip(".;"))
        elif not numbered or len(table) > len(numbered):
            numbered[no] = ContentFact(no, title, quote, clause, Fact(agency, quote, clause))
    facts.contents = [numbered[k] for k in sorted(numbered)]


def _contents_by_section(lines: list[Line]) -> dict[int, ContentFact]:
    """Items numbered "1.", "2." … right under a heading "Nội dung thi đua"."""
    found: dict[int, ContentFact] = {}
    for line in lines:
        if not (line.body and line.heading and len(line.headings) >= 2):
            continue
        parent = line.headings[-2]
        if not _starts(parent.lstrip("0123456789. "), vocab.HEADINGS["contents"][:1]):
            continue
        m = _ARABIC.match(line.text)
        if m and "." not in m.group(1):
            no = int(m.group(1))
            found.setdefault(
                no, ContentFact(no, m.group(2).strip(), _short(line.text), line.clause)
            )
    return found


def _assignment_table(lines: list[Line]) -> dict[int, tuple[str, str, str, str]]:
    """number → (agency, quote, clause, content title) from a table with an agency column."""
    out: dict[int, tuple[str, str, str, str]] = {}
    header: tuple[str, ...] | None = None
    agency_col = number_col = -1
    for line in lines:
        if not line.cells:
            continue
        cells = tuple(clean_spaces(c.replace("\n", " ")) for c in line.cells)
        squeezed = re.sub(r"\s+", "", cells[0]).lower()  # a PDF wraps "STT" as "ST T"
        if squeezed in {re.sub(r"\s+", "", h) for h in vocab.NUMBER_HEADERS}:
            header = cells
            agency_col = next(
                (
                    i
                    for i, c in enumerate(cells)
                    if any(_says(p, c) for p in vocab.ASSIGNMENT_HEADERS)
                ),
                -1,
            )
            number_col = 0
            continue
        if header is None or agency_col < 0 or len(cells) <= agency_col:
            continue
        m = re.match(r"^\s*(\d{1,2})\s*[.)]?\s*$", cells[number_col])
        if not m or not cells[agency_col]:
            continue
        titles = [c for i, c in enumerate(cells) if i not in (number_col, agency_col)]
        title = titles[0] if titles else ""
        agency = cells[agency_col].rstrip(".;")
        quote = _short(f"{cells[number_col]} {_short(title, 60)} | {agency}")
        out.setdefault(int(m.group(1)), (agency, quote, line.clause, title))
    return out


# --- awards and their dossiers


def _award_kind(text: str) -> tuple[str, str] | None:
    return next(((k, s) for k, s in vocab.AWARD_KINDS if text.lower().startswith(k.lower())), None)


def _award_name(text: str) -> str:
    body = _ITEM_MARK.sub("", text).strip()
    return re.split(r"\s*[:;(]|\.\s|\.$", body, maxsplit=1)[0].strip()


def _read_awards(lines: list[Line], facts: PlanFacts) -> None:
    awards: list[AwardFact] = []
    for line in lines:
        if not line.body or line.cells:
            continue
        under = [h for h in line.headings[:-1]] if line.heading else list(line.headings)
        if not any(_says(p, h) for h in under[-2:] for p in vocab.HEADINGS["awards"]):
            continue
        name = _award_name(line.text)
        kind = _award_kind(name)
        if not kind or " của " not in name:
            continue
        if any(a.name == name for a in awards):
            continue
        level = level_of(name.split(" của ", 1)[1])
        level_key = level[0] if level else "other"
        key = f"{level_key}_{kind[1]}"
        if any(a.key == key for a in awards):
            key = f"{key}_{len(awards) + 1}"
        awards.append(
            AwardFact(
                key=key, name=name, kind=kind[0], level=level_key,
                decided_by=name.split(" của ", 1)[1].strip(),
                quote=_short(line.text), clauses=[line.clause],
            )
        )  # fmt: skip
    facts.awards = awards
    if awards:
        _read_dossiers(lines, facts)
        _read_shared_criteria(lines, facts)


def _read_shared_criteria(lines: list[Line], facts: PlanFacts) -> None:
    """A section of criteria for every level ("2. Tiêu chuẩn"), in the awards' part of the plan:
    the criteria clause of each level that has none of its own."""
    part = facts.awards[0].clauses[0].split(".")[0]
    for line in lines:
        text = _ARABIC.sub(r"\2", line.text)
        if not (line.body and line.heading and line.clause.split(".")[0] == part):
            continue
        if not _starts(text, vocab.HEADINGS["criteria"]):
            continue
        for award in facts.awards:
            own = [c for c in award.clauses[1:] if c not in award.dossier_clauses]
            if not own:
                award.clauses.insert(1, line.clause)
        return


def _matching_award(text: str, awards: list[AwardFact]) -> AwardFact | None:
    name = _award_name(text)
    kind = _award_kind(name)
    if not kind or " của " not in name:
        return None
    level = level_of(name.split(" của ", 1)[1])
    return next((a for a in awards if a.kind == kind[0] and level and a.level == level[0]), None)


def _read_dossiers(lines: list[Line], facts: PlanFacts) -> None:
    """Each award's criteria and dossier sections, and the parts its dossier lists."""
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.body or line.cells:
            continue
        award = _matching_award(line.text.split(" ", 1)[-1], facts.awards) if line.heading else None
        if award is not None and line.clause not in award.clauses:
            award.clauses.append(line.clause)
        if not any(_says(p, line.text) for p in vocab.DOSSIER_INTRO):
            continue
        in_dossier = [
            h for h in line.headings if any(_says(p, h) for p in vocab.HEADINGS["dossier"])
        ]
        if not in_dossier and not any(_says(p, line.text) for p in vocab.HEADINGS["dossier"][:1]):
            continue
        owner = next((a for h in reversed(line.headings) if (a := _matching_award(
            _ARABIC.sub(r"\2", h), facts.awards))), None)  # fmt: skip
        parts: list[PartFact] = []
        marker = ""
        while i < len(lines) and lines[i].body and not lines[i].cells:
            item = lines[i]
            m = _ITEM_MARK.match(item.text)
            if (
                not m
                or (marker and m.group(1) != marker)
                or item.heading
                and m.group(1) not in "-+•–*"
            ):
                break
            marker = marker or m.group(1)
            text = _ITEM_MARK.sub("", item.text[m.end() :]).strip()
            if _DEADLINE.search(text):
                break
            key = next((k for k, ps in vocab.DOSSIER_PARTS.items()
                        if any(_says(p, text) for p in ps)), None)  # fmt: skip
            parts.append(PartFact(key, _short(text, 120), item.clause))
            i += 1
        for award in [owner] if owner else facts.awards:
            award.parts.extend(parts)
            award.dossier_clauses.append(line.clause)
            if line.clause not in award.clauses:
                award.clauses.append(line.clause)


# --- deadlines


def _clause_before(text: str, start: int) -> tuple[str, int]:
    """The clause that leads to a deadline: from the last sentence or ';' break before it."""
    cut = 0
    for m in re.finditer(r"(?:[.;!?]\s+(?=\S))", text[:start]):
        cut = m.end()
    return text[cut:start], cut


def _kinds(text: str) -> list[str]:
    return [
        k for k, phrases in vocab.DEADLINE_KINDS.items() if any(_says(p, text) for p in phrases)
    ]


def _recipient(clause: str) -> str:
    verbs = "|".join(re.escape(v) for v in vocab.SEND_VERBS)
    found = list(re.finditer(r"(?i)\b(?:" + verbs + r")\s+(?=\S)", clause))
    if not found:
        return ""
    rest = clause[found[-1].end() :]
    ends = "|".join(re.escape(e) for e in vocab.RECIPIENT_ENDS)
    rest = re.split(r"(?i)\s+(?:" + ends + r")\b", rest, maxsplit=1)[0]
    return clean_spaces(rest).rstrip(" :,")


def _read_deadlines(lines: list[Line], facts: PlanFacts) -> None:
    organiser = facts.organiser.value if facts.organiser else " ".join(facts.organiser_header)
    own_level = level_of(organiser)
    for index, line in enumerate(lines):
        if not line.body:
            continue
        text = line.text
        for m in _DEADLINE.finditer(text):
            day = day_of(m.group("date"))
            if day is None:
                continue
            clause_text, cut = _clause_before(text, m.start())
            kinds = _kinds(clause_text)
            if not kinds:
                kinds = next((k for h in reversed(line.headings) if (k := _kinds(h))), [])
            if not kinds:
                before = reversed(lines[max(0, index - 2) : index])
                kinds = _kinds(text[:cut]) or next((k for b in before if (k := _kinds(b.text))), [])
            recipient = _recipient(clause_text)
            level = level_of(recipient) if recipient else None
            upward = bool(level and own_level and level[1] > own_level[1])
            quote = _around(text[cut : m.end()], 0, m.end() - cut).lstrip("-+• ")
            if not kinds:
                what = f"“{_short(quote, 100)}”"
                facts.notes.append(
                    f"hạn {day:%d/%m/%Y} ({line.clause}) không rõ của văn bản nào: {what}"
                )
                continue
            for kind in kinds:
                facts.deadlines.append(
                    DeadlineFact(kind, day, quote, line.clause, upward, recipient)
                )
    for award in facts.awards:
        award.deadline_clauses = [
            d.clause for d in facts.deadlines
            if d.kind == "proposal" and not d.upward and d.clause in award.clauses
        ]  # fmt: skip
