"""Council minutes (biên bản họp Hội đồng Thi đua - Khen thưởng), read by their sections.

Minutes follow an order: time and place, attendance (the members present and the council's
size: the quorum), the agenda, the result (who was put to the vote and what was decided), the
closing ("Cuộc họp kết thúc lúc …") and the signatures.  Only the result names nominees: the
members of the attendance list, the chair and the secretary and the signers never do.

The result starts at the first line that speaks of the vote or of the council's proposal
("Kết quả bỏ phiếu", "Hội đồng biểu quyết …", "Hội đồng thống nhất đề nghị …", "III. KẾT
LUẬN"); minutes without headings are read the same way, since these words are what a result
says.  It ends at the closing.
"""

from __future__ import annotations

import re

from pipeline.config import Unit
from pipeline.extract.context import ExtractContext
from pipeline.extract.nominees.common import (
    _AWARD_WORDS,
    _LIST_MARKER,
    COUNCIL_ROLE,
    REFUSAL,
    NomineeFacts,
    _approved,
    _award_phrase,
    _evidence,
    _make_nominee,
    _starts_with_org,
    _State,
    _votes_of_all,
    has_surname,
    name_key,
    plain,
    plausible_person,
    sentences,
    settle_doubts,
)
from pipeline.extract.nominees.listed import _find_header, _prose_lines, read_listed
from pipeline.model import Block, Nominee, ParsedDocument, Quorum
from pipeline.text.names import has_honorific, parse_award

# Where the result begins (plain text: no diacritics, lower case).
_RESULT_START = re.compile(
    r"\bket qua\s*(?:bo phieu|kiem phieu|bieu quyet|xet|binh xet|hop|nhu sau|cu the|:|$)"
    r"|\bbieu quyet\b|\bbo phieu\b|\bkiem phieu\b"
    r"|\b(?:thong nhat|nhat tri|dong y)\b[^.:]{0,40}?\b(?:de nghi|thong qua|danh sach)"
    r"|^(?:[ivx]+\s*[./)]\s*)?ket luan\b"
)
# Where it ends: the closing line, the signatures.
_CLOSING = re.compile(
    r"\b(?:cuoc hop|buoi hop|phien hop|bien ban|hoi nghi)\s+(?:ket thuc|be mac)|\bket thuc luc\b"
)
_SIGNATURE = re.compile(
    r"^(?:thu ky|chu tich hoi dong|chu toa|chu tri|nguoi ghi bien ban|thu ky hoi dong)"
    r"(?:\s+\S+)?\s*$"
)
# Lines of the attendance and the chair's lines: never a nominee, wherever they stand.
_ATTENDANCE_LINE = re.compile(
    r"^(?:[ivx]+\s*[./)]\s*|\d{1,2}\s*[./)]\s*)?(?:thanh phan|tham du|co mat|vang mat|chu tri|"
    r"chu toa|thu ky|thanh vien)\b"
)

# Quorum phrases, on the plain text of the part before the result.
_PAIR = re.compile(
    r"(?<![\d/.])(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])\s*(?:thanh vien|tv|dong chi|nguoi|"
    r"uy vien)"
)
_PRESENT_PAIR = re.compile(r"co mat\s*:?\s*(\d{1,3})\s*/\s*(\d{1,3})(?![\d/])")
_MEMBERS = re.compile(
    r"(?:gom|co|tong so|tong cong|tat ca)\s*:?\s*(\d{1,3})\s*(?:thanh vien|tv|dong chi|uy vien)"
    r"|tong so thanh vien(?: hoi dong)?\s*:?\s*(\d{1,3})"
)
_PRESENT = re.compile(
    r"co mat\s*:?\s*(\d{1,3})(?![\d/])"
    r"|(\d{1,3})\s*(?:thanh vien|tv|dong chi|nguoi)\s*(?:co mat|tham du|du hop|hien dien)"
    r"|(?:hien dien|tham du|du hop)\s*:?\s*(\d{1,3})(?![\d/])"
)
_ABSENT = re.compile(r"vang(?: mat)?\s*:?\s*(\d{1,3})(?![\d/])|vang\s*:?\s*khong\b")
# An attendance table: a column of "Có mặt" / "Vắng", or a member's role in the council.
_ATTENDANCE_CELL = re.compile(r"^(?:co mat|vang|vang mat|vang co ly do|x)\b")
# A cell that is a member's role in the council and nothing else ("Ủy viên", "Thư ký").
_ROLE_CELL = re.compile(
    r"^(?:pho )?chu tich(?: hoi dong| hd)?$|^uy vien$|^thu ky(?: hoi dong| hd)?$|^thanh vien$"
)
_ATTENDANCE_HEAD = re.compile(r"nhiem vu|trong hoi dong|ky ten|diem danh|co mat|vang")


def read_minutes(doc: ParsedDocument, unit: Unit | None, ctx: ExtractContext) -> NomineeFacts:
    """Nominees of the result section, the quorum of the attendance, and notices."""
    lines = _sentence_lines(doc)
    start, end = _result_span(lines)
    quorum = _quorum(doc, lines[:start] if start < len(lines) else lines)
    state = _State(doc=doc, doc_type="council_minutes", unit=unit, ctx=ctx)
    state.present = quorum.present if quorum else None
    state.in_list = True
    result = [(line, block) for line, block in lines[start:end] if not _never_nominee(line)]
    ruled = [(line, block) for line, block in result if "\t" in line.strip()]
    if len(ruled) >= 2:  # a table a PDF or an OCR gave as lines of tab-separated cells
        state.nominees.extend(_tab_rows(ruled, state))
        result = [(line, block) for line, block in result if "\t" not in line.strip()]
    read_listed(state, result, table_filter=lambda block: not _attendance_table(block))
    summary = next((plain(ln) for ln, _ in result if _passes_the_list(plain(ln))), "")
    if not state.nominees and summary:
        state.nominees = _listed_before(lines[:start], state)
        votes_for, total, _ = _votes_of_all(summary, state)
        for nominee in state.nominees:
            nominee.votes_for, nominee.votes_total = votes_for, total
    nominees = _merge(state.nominees)
    for nominee in nominees:
        if nominee.approved is None and summary:
            nominee.approved = True  # "Hội đồng thống nhất thông qua danh sách trên."
    award = state.award if state.award[0] else _award_before(lines[:start], state)
    for nominee in nominees:
        if nominee.award is None and not nominee.award_raw and award[0]:
            nominee.award, nominee.award_raw = award  # "… tặng Giấy khen cho 01 tập thể …"
    settle_doubts(nominees, minutes=True)
    return NomineeFacts(nominees=nominees, notices=state.notices, quorum=quorum)


# The council passes the list above as a whole.
_PASSED_AS_LISTED = re.compile(
    r"\b(?:thong nhat|nhat tri|dong y)\b.{0,60}\b(?:thong qua|de nghi)\b.{0,60}"
    r"(?:danh sach (?:tren|nhu tren|neu tren)|nhu tren|neu tren|(?:toan bo|tat ca|ca)\s+"
    r"(?:danh sach|cac truong hop))"
)


def _passes_the_list(p: str) -> bool:
    return bool(_PASSED_AS_LISTED.search(p)) and not REFUSAL.search(p)


def _listed_before(lines: list[tuple[str, Block]], state: _State) -> list[Nominee]:
    """The list the council examined before a result that passes it whole ("Hội đồng xem xét
    danh sách do các tổ đề xuất: 1. … – đề nghị Giấy khen …" then "… nhất trí thông qua
    toàn bộ danh sách"): only items that name the award asked for, all passed."""
    before = _State(doc=state.doc, doc_type=state.doc_type, unit=state.unit, ctx=state.ctx)
    before.present, before.in_list = state.present, True
    candidates = [(line, block) for line, block in lines if not _never_nominee(line)]
    read_listed(before, candidates, table_filter=lambda block: not _attendance_table(block))
    state.notices.extend(before.notices)
    listed = [
        n
        for n in before.nominees
        if n.award_raw
        and n.evidence
        and n.award_raw in n.evidence.quote
        and n.approved is not False
    ]  # the award written on the item itself, not a heading's
    for nominee in listed:
        nominee.approved = True
    return listed


_VOTE_TEXT = re.compile(r"\d{1,3}\s*/\s*\d{1,3}|\(?\d+(?:[.,]\d+)?\s*%\)?")
_JUNK = re.compile(r"[^\w\s/,.%()–-]|_")


def _tab_rows(lines: list[tuple[str, Block]], state: _State) -> list[Nominee]:
    """Nominees of a table read as lines of tab-separated cells (an OCR'd scan).

    A row starts at a line with a name (a person with a known surname, or an organisation);
    the lines after it that name no one carry the rest of its cells: the end of a collective's
    name ("Trường Tiểu học" / "Bình Trị Đông"), the end of the award ("… UBND" / "quận").
    """
    rows: list[tuple[str, list[str], Block, list[str]]] = []  # name, other cells, block, quote
    for line, block in lines:
        cells = [c for c in (_JUNK.sub(" ", c).strip(" .:;,") for c in line.split("\t")) if c]
        cells = [" ".join(c.split()) for c in cells if len(c) > 1 or c.isdigit()]
        named = next((c for c in cells if _row_name(c, state)), None)
        if named is not None:
            others = [c for c in cells if c is not named and not c.isdigit()]
            rows.append((named, others, block, [line]))
        elif rows:
            name, others, first, quote = rows[-1]
            extra = [c for c in cells if not c.isdigit()]
            if extra and _starts_with_org(name) and extra[0][:1].isupper() and len(quote) == 1:
                name = f"{name} {extra.pop(0)}"
            rows[-1] = (name, others + extra, first, [*quote, line])
    found = []
    for name, others, block, quote in rows:
        kind = "collective" if _starts_with_org(name) else "individual"
        text = " ".join(others)
        worded = " ".join(_VOTE_TEXT.sub(" ", text).split())
        award_at = _AWARD_WORDS.search(worded)
        award_raw = worded[award_at.start() :] if award_at else ""
        award = (parse_award(award_raw, state.ctx.awards), award_raw)
        evidence = _evidence(state.doc.source, block, " | ".join(quote), "nominee")
        nominee = _make_nominee(state, kind, name, "", award, evidence)
        nominee.approved, nominee.votes_for, nominee.votes_total = _approved(state, "", text)
        if nominee.approved is not None and nominee.votes_for is None:
            nominee.approved = None  # only the list's default: the summary line decides
        found.append(nominee)
    return found


def _row_name(cell: str, state: _State) -> bool:
    if plausible_person(cell):
        return has_surname(cell)
    issuer = plain(cell).startswith(("ubnd", "uy ban", "chu tich"))  # the end of an award
    return _starts_with_org(cell) and cell[:1].isupper() and not issuer


def _award_before(lines: list[tuple[str, Block]], state: _State) -> tuple[str | None, str]:
    """The award the title or the agenda names ("Nội dung: xét … tặng Giấy khen"), if one."""
    found: tuple[str | None, str] = (None, "")
    for line, block in lines:
        key = parse_award(line, state.ctx.awards) if block.kind != "table" else None
        if key is not None:
            found = (key, _award_phrase(line))
    return found


def read_quorum(doc: ParsedDocument) -> Quorum | None:
    """Members present and the council's size, as the attendance section states them."""
    lines = _sentence_lines(doc)
    start, _ = _result_span(lines)
    return _quorum(doc, lines[:start] if start < len(lines) else lines)


# "Kết quả: tập thể X đạt 8/8 phiếu; ông Y, giáo viên, đạt 7/8 phiếu." — one clause each.
_CLAUSE_SPLIT = re.compile(
    r"(?<=[:;])\s+(?=(?:ông|bà|đồng chí|đ/c|thầy|cô|tập thể)\s+\S)", re.IGNORECASE
)


def _sentence_lines(doc: ParsedDocument) -> list[tuple[str, Block]]:
    """Lines of the body split into sentences: a PDF paragraph may hold the attendance, the
    result and the closing together ("… và bà A, Hiệu trưởng. Cuộc họp kết thúc lúc 15 giờ.")."""
    return [
        (clause, block)
        for line, block in _prose_lines(doc)
        for piece in (sentences(line) if block.kind != "table" and "\t" not in line else [line])
        for clause in (_CLAUSE_SPLIT.split(piece) if block.kind != "table" else [piece])
    ]


def _never_nominee(line: str) -> bool:
    p = plain(_LIST_MARKER.sub("", line, count=1))
    return bool(_ATTENDANCE_LINE.match(p) and not _RESULT_START.search(p))


def _result_span(lines: list[tuple[str, Block]]) -> tuple[int, int]:
    """[start, end) of the result section among ``lines``.

    The start is the first line speaking of the vote or the proposal, or a table of votes;
    without either, the line after the attendance.  The end is the closing or a signature.
    """
    start = None
    last_attendance = -1
    listing = False  # inside the list of members that follows "Thành phần:"
    for i, (line, block) in enumerate(lines):
        if block.kind == "table":
            if _vote_table(block):
                start = i
                break
            listing = False
            continue
        p = plain(_LIST_MARKER.sub("", line, count=1))
        if _CLOSING.search(p):
            break
        if _RESULT_START.search(p):
            start = i
            break
        if _ATTENDANCE_LINE.match(p) or COUNCIL_ROLE.search(p):
            last_attendance, listing = i, True
        elif listing and (_LIST_MARKER.match(line) or has_honorific(line)):
            last_attendance = i  # "- Bà B, Phó Hiệu trưởng;" under "Thành phần tham dự:"
        else:
            listing = False
    if start is None:
        start = last_attendance + 1
    end = len(lines)
    for i in range(start, len(lines)):
        line, block = lines[i]
        if block.kind == "table":
            continue
        p = plain(line).strip(" .:")
        if _CLOSING.search(p) or _SIGNATURE.match(p):
            end = i
            break
    return start, end


def _vote_table(block: Block) -> bool:
    found = _find_header(block.rows)
    if found is None or _attendance_table(block):
        return False
    return bool({"votes", "result", "against"} & set(found[1]))


def _attendance_table(block: Block) -> bool:
    """A table of the council's members: their role in it, or a column "Có mặt"/"Vắng"."""
    head = " ".join(plain(c) for row in block.rows[:2] for c in row)
    if _ATTENDANCE_HEAD.search(head) and "phieu" not in head:
        return True
    marks = sum(
        1 for row in block.rows[1:] for c in row if _ATTENDANCE_CELL.match(plain(c).strip())
    )
    roles = sum(
        1 for row in block.rows[1:] if any(_ROLE_CELL.match(plain(c).strip(" .")) for c in row)
    )
    return max(marks, roles) >= max(2, (len(block.rows) - 1) // 2)


def _quorum(doc: ParsedDocument, lines: list[tuple[str, Block]]) -> Quorum | None:
    """The quorum the part before the result states ("có mặt 10/11 thành viên")."""
    present = members = absent = None
    quote: tuple[str, Block] | None = None
    for line, block in lines:
        if block.kind == "table":
            continue
        p = plain(line)
        pair = _PRESENT_PAIR.search(p) or _PAIR.search(p)
        if pair and present is None and int(pair.group(1)) <= int(pair.group(2)):
            present, members = int(pair.group(1)), int(pair.group(2))
            quote = quote or (line, block)
        if members is None and (m := _MEMBERS.search(p)):
            members = int(m.group(1) or m.group(2))
            quote = quote or (line, block)
        if present is None and (m := _PRESENT.search(p)):
            present = int(next(g for g in m.groups() if g))
            quote = quote or (line, block)
        if absent is None and (m := _ABSENT.search(p)):
            absent = int(m.group(1)) if m.group(1) else 0
    if present is None and members is None:
        return _table_quorum(doc, lines)
    if members is None and present is not None and absent is not None:
        members = present + absent
    if present is None and members is not None and absent is not None:
        present = members - absent
    evidence = _evidence(doc.source, quote[1], quote[0], "quorum") if quote else None
    return Quorum(present=present, members=members, evidence=evidence)


def _table_quorum(doc: ParsedDocument, lines: list[tuple[str, Block]]) -> Quorum | None:
    """The quorum counted from an attendance table: rows marked present, of all rows."""
    for _, block in lines:
        if block.kind != "table" or not _attendance_table(block):
            continue
        rows = [r for r in block.rows[1:] if any(c.strip() for c in r) and len(r) > 1]
        here = sum(1 for r in rows if any(plain(c).strip().startswith("co mat") for c in r))
        away = sum(1 for r in rows if any(plain(c).strip().startswith("vang") for c in r))
        if here:
            quote = f"Danh sách thành viên: {here} có mặt, {away} vắng"
            evidence = _evidence(doc.source, block, quote, "quorum")
            return Quorum(present=here, members=len(rows), evidence=evidence)
    return None


def _merge(nominees: list[Nominee]) -> list[Nominee]:
    """One nominee per name: a later sentence refusing one read earlier settles it."""
    kept: dict[str, Nominee] = {}
    for nominee in nominees:
        key = name_key(nominee)
        first = kept.get(key)
        if first is None:
            kept[key] = nominee
        elif first.approved is None and nominee.approved is not None:
            first.approved = nominee.approved
            first.votes_for = first.votes_for or nominee.votes_for
            first.votes_total = first.votes_total or nominee.votes_total
    return list(kept.values())
