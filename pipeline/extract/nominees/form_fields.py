"""The labelled fields of the official achievement-report forms, and a splitter for them.

The annex forms of Nghị định 91/2017 (Mẫu 01 collective, Mẫu 02 individual), 98/2023 and
152/2025 ask for the same facts under a small set of labels ("Họ và tên", "Giới tính",
"Sinh ngày, tháng, năm", "Quê quán", "Chức vụ (Đảng, chính quyền, đoàn thể)", "Tên tập thể",
"Đặc điểm, tình hình" …).  Offices fill them in every way: one field a line, several on one
line ("Họ tên: … Giới tính: …", "…; sinh năm: …; quê quán: …", tab-separated), a two-column
table (label, value) or a four-column one (label, value, label, value).  A field's value ends
where the next label of the vocabulary begins, so knowing the labels is what keeps
"Nguyễn Thị Mai Giới tính: Nữ" from being read as a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.text import nfc

# The forms' labels by the role of their value, on folded text (lower case, no diacritics,
# đ as d; commas between words are ignored when matching).  A label may be followed by a
# parenthesised hint ("Chức vụ (Đảng, chính quyền, đoàn thể)", "Họ tên (khai sinh)") or a
# footnote mark ("Quê quán(1)") before its colon.  Longer labels win over their prefixes.
FORM_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("ho va ten", "ho ten", "ho va ten khai sinh", "ho ten khai sinh"),
    "alias": ("bi danh", "ten goi khac", "ten thuong goi"),
    "sex": ("gioi tinh",),
    "birth": (
        "sinh ngay thang nam", "ngay thang nam sinh", "sinh ngay", "ngay sinh", "nam sinh",
        "sinh nam",
    ),
    "hometown": ("que quan", "nguyen quan", "noi sinh"),
    "residence": (
        "tru quan", "noi o hien nay", "cho o hien nay", "noi o", "noi cu tru", "thuong tru",
        "tam tru", "dia chi thuong tru", "dia chi lien he",
    ),
    "ethnicity": ("dan toc",),
    "religion": ("ton giao",),
    "unit": (
        "don vi cong tac", "co quan cong tac", "noi cong tac", "don vi", "co quan",
        "co quan don vi cong tac",
    ),
    "position": ("chuc vu", "chuc danh", "chuc vu hien nay", "chuc vu hien tai"),
    "qualification": (
        "trinh do chuyen mon nghiep vu", "trinh do chuyen mon", "trinh do dao tao",
        "trinh do van hoa", "trinh do",
    ),
    "academic": ("hoc ham hoc vi danh hieu giai thuong", "hoc ham hoc vi", "hoc ham", "hoc vi"),
    "politics": ("ly luan chinh tri", "trinh do ly luan chinh tri"),
    "party": ("ngay vao dang", "ngay vao dang chinh thuc", "ngay chinh thuc", "dang vien"),
    "years": ("so nam cong tac", "tham nien cong tac", "nam vao nganh", "ngay vao nganh"),
    "award": (
        "hinh thuc de nghi khen thuong", "hinh thuc khen thuong de nghi", "hinh thuc de nghi",
        "hinh thuc khen thuong", "de nghi khen thuong", "muc khen de nghi", "de nghi",
    ),
    "collective": (
        "ten tap the", "ten tap the de nghi khen thuong", "ten don vi", "ten co quan",
        "ten to chuc", "ten don vi de nghi khen thuong",
    ),
    "address": ("dia chi", "tru so", "tru so chinh"),
    "phone": ("dien thoai", "so dien thoai", "dt"),
    "fax": ("fax",),
    "email": ("email", "e mail", "thu dien tu"),
    "website": ("website", "trang thong tin dien tu", "cong thong tin dien tu"),
    "situation": ("dac diem tinh hinh", "dac diem", "so luoc dac diem tinh hinh"),
    "structure": ("co cau to chuc", "co cau to chuc bo may"),
    "duties": (
        "chuc nang nhiem vu", "quyen han nhiem vu duoc giao", "nhiem vu duoc giao",
        "quyen han nhiem vu duoc giao hoac dam nhan",
    ),
    "facilities": ("co so vat chat", "co so vat chat trang thiet bi"),
}  # fmt: skip

LABEL_MAX_EXTRA_WORDS = 6  # "Tên tập thể đề nghị khen thưởng:" at a line's start: a label
PLACEHOLDER_CHARS = ".…_-–—:/·,;() \t"  # a value of only these is the form's blank


@dataclass(frozen=True)
class FormField:
    """A labelled field: its role, the label as written and the value (placeholder → "")."""

    role: str
    label: str
    value: str


_WORD = re.compile(r"[0-9a-z]+")
_LIST_MARK = re.compile(r"^[\s\-–—•+*]*(?:(?:[ivx]+|\d{1,2}|[a-d])\s*[.)]\s+)?[\s\-–—•+*]*")
_TRAILING_HINTS = re.compile(r"(?:\s*\([^()]{0,120}\))+\s*$")  # "(Đảng, …)", "(1)" before ':'


def _label_table() -> tuple[tuple[str, str], ...]:
    """(label without spaces, role), the longest first."""
    pairs = {"".join(_WORD.findall(label)): role for role, labels in FORM_LABELS.items()
             for label in labels}  # fmt: skip
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


_LABELS = _label_table()


def _fold_table() -> dict[int, str]:
    """Each lower-case letter with marks → its one base letter; đ → d; a stray mark → space."""
    table = {ord("đ"): "d"}
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[:1]
        if unicodedata.combining(char):
            table[code] = " "
        elif base != char and base.isascii() and base.isalpha():
            table[code] = base
    return table


_FOLD_TABLE = _fold_table()


def fold_chars(text: str) -> str:
    """Lower case without diacritics (đ as d), one character for each character of ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is two characters ("İ")
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD_TABLE)


def is_placeholder(value: str) -> bool:
    """A value left as the form's dotted blank ("……", "…………/………") or empty."""
    rest = value.strip(PLACEHOLDER_CHARS)
    return not rest or all(ch in PLACEHOLDER_CHARS for ch in rest)


def clean_value(value: str) -> str:
    """The value without surrounding separators; "" when it is the form's placeholder."""
    value = value.strip(" \t;,")
    value = value.rstrip(".") if not value.endswith("..") else value
    value = value.strip()
    return "" if is_placeholder(value) else value


def label_role(text: str, at_line_start: bool = True) -> str | None:
    """The role of a label cell or a line's text before its colon, else None.

    At a line's start a label may go on with a few words ("Tên tập thể đề nghị khen
    thưởng"); elsewhere it must be the label alone (with its hint in brackets).
    """
    folded = _TRAILING_HINTS.sub("", fold_chars(nfc(text)))
    folded = _LIST_MARK.sub("", folded, count=1)
    folded = re.sub(r"\([^()]{0,120}\)", " ", folded)
    words = _WORD.findall(folded)
    if not words or re.search(r"[;\t:]", folded):
        return None
    compact = "".join(words)
    for label, role in _LABELS:
        if compact == label:
            return role
    if at_line_start and len(words) <= 2 * LABEL_MAX_EXTRA_WORDS:
        for label, role in _LABELS:
            if not compact.startswith(label):
                continue
            extra = _extra_words(words, label)
            if extra is not None and extra <= LABEL_MAX_EXTRA_WORDS:
                return role
    return None


def _extra_words(words: list[str], label: str) -> int | None:
    """How many words follow ``label`` (spaces ignored) at the start of ``words``, else None."""
    joined = ""
    for i, word in enumerate(words):
        joined += word
        if joined == label:
            return len(words) - i - 1
        if len(joined) >= len(label):
            return None
    return None


def _label_before(folded: str, colon: int, line_start: int | None) -> tuple[int, str] | None:
    """(start, role) of the label that ends just before the colon at ``colon``.

    A label of the vocabulary ends a value wherever it stands ("Nguyễn Thị Mai Giới tính:
    Nữ"); with ``line_start`` given (the line's first field), a label followed by a few more
    words before the colon also counts ("Tên tập thể đề nghị khen thưởng:").
    """
    head = _TRAILING_HINTS.sub("", folded[:colon])
    # Letters and digits alone, so that a PDF that lost a space ("Họvà tên") still matches.
    at = [i for i, ch in enumerate(head) if ch.isascii() and ch.isalnum()]
    compact = "".join(head[i] for i in at)
    for label, role in _LABELS:
        if not compact.endswith(label) or len(label) > len(compact):
            continue
        start = at[len(compact) - len(label)]
        if start > 0 and head[start - 1].isalnum():
            continue  # the end of a longer word
        if re.search(r"[;\t.:()]", head[start:]):
            continue  # a label's words run together, with at most commas between them
        return start, role
    if line_start is None:
        return None
    rest = head[line_start:]
    start_role = label_role(rest, at_line_start=True)
    if start_role is not None and not rest.strip(" -–•+*").startswith("("):
        return line_start, start_role
    return None


def split_fields(line: str) -> list[FormField]:
    """Every labelled field of one line, in order; each value ends at the next label.

    "Họ và tên: Phạm Thị Hân\tGiới tính: Nữ" gives two fields; a colon not preceded by a
    known label belongs to the value it stands in ("Mô hình “…”: 36/36 lớp").
    """
    if ":" not in line:
        return []
    line = nfc(line)
    folded = fold_chars(line)
    if len(folded) != len(line):  # cannot happen for NFC text; be safe
        return []
    marker = _LIST_MARK.match(folded)
    line_start = marker.end() if marker else 0
    found: list[tuple[int, int, str]] = []  # (label start, colon, role)
    for colon in (m.start() for m in re.finditer(":", folded)):
        if found and colon <= found[-1][1]:
            continue
        lower_bound = found[-1][1] + 1 if found else line_start
        label = _label_before(folded, colon, None if found else line_start)
        if label is None or label[0] < lower_bound:
            continue
        found.append((label[0], colon, label[1]))
    fields = []
    for i, (start, colon, role) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(line)
        value = clean_value(line[colon + 1 : end])
        fields.append(FormField(role, line[start:colon].strip(), value))
    return fields


def row_fields(cells: list[str]) -> list[FormField] | None:
    """A table row of (label, value) pairs: two or four columns; None when it is not one."""
    if len(cells) < 2 or len(cells) % 2:
        return None
    pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells), 2)]
    roles = [label_role(label) if ":" not in label else None for label, _ in pairs]
    if any(role is None for role in roles):
        return None
    return [
        FormField(role, label.strip(), clean_value(" ".join(value.split())))
        for role, (label, value) in zip(roles, pairs, strict=True)
        if role is not None
    ]
