"""Nominees listed in a table, as list items or in sentences: the reader that ``proposal`` and
``minutes`` run over the lines they choose (the whole body; the result section)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pipeline.extract.cells import is_numbering_row, is_same_as_above
from pipeline.extract.nominees.common import (
    _AWARD_WORDS,
    _COLLECTIVE_CUT,
    _CONTEXT_CLOSE,
    _CONTEXT_NEGATIVE,
    _CONTEXT_OPEN,
    _CONTEXT_POSITIVE,
    _INLINE_ITEM,
    _LIST_MARKER,
    _REQUEST_TAIL,
    _SEPARATOR,
    COLUMN_ROLES,
    COUNCIL_ROLE,
    HEADER_SCAN_ROWS,
    ITEM_MAX_CHARS,
    NAME_MAX_WORDS,
    PERSON_NAME_WORDS,
    POSITION_UNIT,
    TOTAL_ROW,
    _approved,
    _award_phrase,
    _decision,
    _evidence,
    _kind_of,
    _looks_like_person,
    _make_nominee,
    _names_organisation,
    _resolve_award,
    _section_heading,
    _starts_with_collective,
    _State,
    doubt_notice,
    list_nominees,
    plain,
    plausible_collective,
    plausible_person,
    sentence_nominees,
    sentences,
)
from pipeline.model import Block, Evidence, Nominee, ParsedDocument
from pipeline.text import canonical_tones, fold
from pipeline.text.names import (
    AwardNames,
    has_honorific,
    parse_award,
    strip_honorific,
)

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
    if any(r == "name" for r in sub_roles):
        return None
    unknown = any(c and r is None for c, r in zip(sub, sub_roles, strict=True))
    if (unknown or not any(sub_roles)) and not _plain_subheader(top, sub):
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


SUBHEADER_CELL_MAX = 30  # characters: "Nam", "Nữ", "Đồng ý" — not a name with a position


def _plain_subheader(top: list[str | None], sub: tuple[str, ...]) -> bool:
    """A second header row of words the roles do not know ("Năm sinh" over "Nam | Nữ"): more
    cells than the first row, short, and no row number (a data row has one)."""
    return (
        len(sub) > len(top)
        and any(sub)
        and all(len(c) <= SUBHEADER_CELL_MAX for c in sub)
        and not any(re.fullmatch(r"\d+[.)]?", c.strip()) for c in sub)
    )


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
        nominee = _row_nominee(state, by_role, _evidence(source, block, quote, "nominee"))
        if _readable_row_name(nominee):
            yield nominee
        elif len(nominee.name.split()) <= NAME_MAX_WORDS:
            state.notices.append(doubt_notice(state, quote, block, "tên không rõ"))


_VOTE_PAIR = re.compile(r"\d\s*/\s*\d")


def _readable_row_name(nominee: Nominee) -> bool:
    """A table row's name: a person's 2–6 capitalised words, or a collective's short name
    (the column says what it is; a collective need not start with a known word)."""
    if nominee.kind == "individual":
        return plausible_person(nominee.name)
    name = nominee.name
    return 0 < len(name.split()) <= NAME_MAX_WORDS and not _VOTE_PAIR.search(name)


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


# "Căn cứ Biên bản …, Trường X kính trình … đề nghị … tặng Giấy khen cho:" opens the list.
_GROUNDS_THEN_LIST = re.compile(r"^(?:can cu|thuc hien)\b.*\bde nghi\b.*:\s*$")


def _heading(text: str, state: _State) -> None:
    """Update the reading state from a line that is not a nominee."""
    section = _section_heading(text)
    p = plain(text)
    if section:
        state.section_kind = section
        state.in_list = True
    if _CONTEXT_CLOSE.match(_LIST_MARKER.sub("", p)) and not _GROUNDS_THEN_LIST.match(p):
        state.in_list = False
        state.section_kind = None
    elif _CONTEXT_OPEN.search(p) or section:
        state.in_list = True
    award = parse_award(text, state.ctx.awards)
    if award is not None:
        state.award = state.last_award = (award, _award_phrase(text))
    if state.minutes:
        if _CONTEXT_NEGATIVE.search(p):
            state.default_approved = False
        elif _CONTEXT_POSITIVE.search(p):
            state.default_approved = True


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


def _award_start(text: str, awards: AwardNames) -> int | None:
    """Where the award phrase of a line begins: the last word the award still parses from."""
    found = None
    for match in re.finditer(r"\S+", text):
        if parse_award(text[match.start() :], awards) is None:
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
    award_at = _award_start(text, state.ctx.awards)
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
    readable = (
        plausible_person(strip_honorific(name))
        if kind == "individual"
        else plausible_collective(name, state)
    )
    if not readable:
        slot = strip_honorific(name).split()
        if explicit and (award_text or item.marked) and len(slot) <= PERSON_NAME_WORDS[1]:
            state.notices.append(doubt_notice(state, item.text, item.block, "tên không rõ"))
        return None
    if state.minutes and not award_text and COUNCIL_ROLE.search(plain(position)):
        return None  # a council member of an attendance list: "Ông A – Hiệu trưởng – Ủy viên"
    award = _resolve_award(award_text, state, empty_inherits=False)
    after_name = text[len(name) :]
    approved, votes_for, total = _approved(state, rest or after_name, after_name)
    if state.minutes and not (award_text or votes_for is not None or _decision(rest or after_name)
                              is not None or state.default_approved is not None or state.award[0]):
        return None  # "- Ông A, Hiệu trưởng, trình bày báo cáo": no vote, award or list
    evidence = _evidence(state.doc.source, item.block, item.text, "nominee")
    nominee = _make_nominee(state, kind, name, position, award, evidence)
    nominee.approved, nominee.votes_for, nominee.votes_total = approved, votes_for, total
    state.last_award = award
    return nominee


def _starts_item(line: str) -> bool:
    return bool(_LIST_MARKER.match(line)) or has_honorific(line) or _starts_with_collective(line)


def read_listed(
    state: _State,
    lines: Iterable[tuple[str, Block]],
    table_filter: Callable[[Block], bool] | None = None,
) -> None:
    """Read nominees from ``lines`` (as :func:`_prose_lines` gives them) into ``state``.

    Tables with a nominee header, list items ("1. Bà …", "- Tập thể …") and sentences that
    propose someone ("… đề nghị tặng Giấy khen cho …") are read; ``table_filter`` may refuse
    a table (the attendance table of the minutes).
    """
    pending: _Item | None = None
    continued: list[str | None] | None = None  # the roles of a table that may go on
    width = 0

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            found = _item_nominees(pending, state)
            if found:
                state.nominees.extend(found)
            else:
                _heading(pending.text, state)
                _sentences(pending.text, pending.block, state)
        pending = None

    for line, block in lines:
        if block.kind == "table":
            flush()
            if table_filter is not None and not table_filter(block):
                continued = None
                continue
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
            _sentences(line, block, state)
    flush()


# Lines that cite, address or title, never propose: "Căn cứ …", "Kính gửi: …", "V/v …".
_NOT_A_REQUEST = re.compile(r"^(?:can cu|thuc hien|kinh gui|noi nhan|ve viec|v/v|trich yeu)\b")
_GROUNDS = re.compile(r"^(?:can cu|thuc hien)\b")


def _after_grounds(text: str) -> str:
    """The request after the grounds of "Căn cứ …, Trường X đề nghị … cho …", else ""."""
    if len(text) > ITEM_MAX_CHARS * 2 or not _GROUNDS.match(plain(text)):
        return ""
    for request in re.finditer(r"(?<!\w)(?:kính )?(?:đề nghị|trình)(?!\w)", text, re.I):
        comma = text.rfind(",", 0, request.start())
        if comma >= 0:
            return text[comma + 1 :].strip()
    return ""


def _sentences(text: str, block: Block, state: _State) -> None:
    """Nominees named in the sentences of a line of prose."""
    if len(text) > ITEM_MAX_CHARS * 2 or _NOT_A_REQUEST.match(plain(text)):
        text = _after_grounds(text)
        if not text:
            return
    for sentence in sentences(text):
        state.nominees.extend(sentence_nominees(sentence, block, state))


# "Tập thể (01): Tổ khối 5." — a kind heading with its names after the colon.
_HEADED_LIST = re.compile(r"^(?:tap the|ca nhan)\s*(?:\(\s*\d+\s*\))?\s*:\s*\S")


def _item_nominees(item: _Item, state: _State) -> list[Nominee]:
    """The nominees one list item names: usually one, several after "Tập thể (02): …"."""
    text = _LIST_MARKER.sub("", item.text, count=1) if item.marked else item.text
    if _HEADED_LIST.match(plain(text)):
        head, rest = text.split(":", 1)
        _heading(head, state)
        evidence = _evidence(state.doc.source, item.block, item.text, "nominee")
        found = list_nominees(f"{head}: {rest}", state, state.award, evidence)
        for listed in found:
            listed.approved = state.default_approved if state.minutes else None
        return found
    nominee = _item_nominee(item, state)
    return [nominee] if nominee is not None else []


def _continues(item: _Item, line: str, block: Block) -> bool:
    """Whether ``line`` goes on from ``item``: a wrapped line of the same paragraph (or of a
    PDF, where every line is its own), not a new heading."""
    if item.text.rstrip().endswith((".", ";", ":")) or line.rstrip().endswith(":"):
        return False
    return block is item.block or block.page is not None


def _row_width(block: Block) -> int:
    return max((len(row) for row in block.rows), default=0)
