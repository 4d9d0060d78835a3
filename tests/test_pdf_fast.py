"""The fast PDF engine (pypdfium2) against the reference (pdfplumber): the same blocks.

The corpus is every campaign document of tests/corpus.py (and the parse tests' form and
letter), in several layouts and in Unicode NFD, made into PDFs by LibreOffice in one
``soffice`` call per session.  For each PDF both engines must give the same document, block
for block (kind, text, rows, page) — compared exactly, no whitespace normalised — and, one
level down, the same words, edges and table cells per page, so that a difference shows where
it starts.  Word grouping is also checked against pdfplumber's on random chars, and paths and
text drawn through transformation matrices on a PDF written with pypdfium2.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils.text import extract_words

from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.model import InboxItem, Record
from pipeline.parse import finish
from pipeline.parse.pdf import MSG_CORRUPT, parse_pdf
from pipeline.parse.pdf_fast import (
    CharBox,
    WordBox,
    chars_to_words,
    page_edges,
    page_height,
    read_content,
)
from tests import corpus as c
from tests import docx_builders as build

HAS_SOFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
HAS_PDFTOCAIRO = shutil.which("pdftocairo") is not None
COORDINATE_SLACK = 0.01  # points: PDFium reads coordinates as 32-bit floats, pdfminer as 64
INK_OVERHANG = 1.0  # points: at most how far a glyph's ink passes its advance
KERNING = 0.2  # points: at most how far kerning pulls the glyph after a composed one back
# points: how far a word read by text object may sit from pdfminer's glyphs.  Such words are
# placed by the font's advances from their object's origin, without each pair's kerning.
WORD_SLACK = 1.0

SENDER = c.Sender(
    name="Trường THCS Bình Tân",
    header="TRƯỜNG THCS BÌNH TÂN",
    code="THCSBT",
    head="Nguyễn Văn An",
    deputy="Trần Thị Thu Hà",
)
AWARD = "Giấy khen của Ủy ban nhân dân quận"
DAY = dt.date(2021, 5, 4)


# ------------------------------------------------------------------------------ corpus


def _form_rows() -> list[c.FormRow]:
    """Merged Stt/Nội dung cells (a content over two rows), multi-project and empty cells."""
    return [
        c.FormRow(
            "1.",
            "Thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV",
            ("Công trình 1: Thư viện xanh thân thiện", "Công trình 2: Góc đọc sách lớp học"),
            "Tháng 5 năm 2021",
        ),
        c.FormRow(
            "1.",
            "Thực hiện tốt công tác bầu cử đại biểu Quốc hội khóa XV",
            ("Công trình 3: Số hoá hồ sơ quản lý học sinh",),
            "Quý II/2021",
            continues=True,
        ),
        c.FormRow("2.", "Xây dựng chính quyền đô thị", (), "Tháng 6 năm 2021"),
        c.FormRow(
            "3.",
            "Chuyển đổi số trong dạy học",
            ("1. Ứng dụng công nghệ thông tin trong dạy học trực tuyến", "2. Như trên"),
            "30/6/2021",
        ),
    ]


def _long_rows(count: int) -> list[c.FormRow]:
    return [
        c.FormRow(
            f"{i}.",
            f"Nội dung thi đua số {i} của đợt thi đua cao điểm",
            (f"Công trình {i}: Cải tạo sân chơi cho học sinh khối {i % 5 + 6}",),
            f"Tháng {5 + i % 2} năm 2021",
        )
        for i in range(1, count + 1)
    ]


def _votes() -> list[c.Vote]:
    return [
        c.Vote(f"Tập thể {SENDER.name}", "", AWARD, "15/17", "Đạt"),
        c.Vote("Lê Thị Hồng Nhung", "Giáo viên", AWARD, "16/17", "Đạt"),
        c.Vote("Phạm Quốc Bảo", "Tổ trưởng chuyên môn", AWARD, "9/17", "Không đạt"),
    ]


def _proposed() -> list[c.Proposed]:
    return [
        c.Proposed(f"Tập thể {SENDER.name}", "", AWARD),
        c.Proposed("Bà Lê Thị Hồng Nhung", "Giáo viên", AWARD),
        c.Proposed("Ông Phạm Quốc Bảo", "Tổ trưởng chuyên môn", AWARD),
    ]


def _documents(style: c.Style, tag: str) -> dict[str, c.DocSpec]:
    """One of each campaign document, laid out in ``style``."""
    achievements = [
        "- Chủ trì sáng kiến “Mô hình lớp học hạnh phúc” được Hội đồng khoa học công nhận.",
        "- Có 02 học sinh đạt giải cấp thành phố, tỷ lệ học sinh khá giỏi đạt 85%.",
    ]
    return {
        f"form{tag}": c.registration_form(SENDER, "5/ĐK-THCSBT", DAY, _form_rows(), style),
        f"letter{tag}": c.registration_letter(
            SENDER,
            "12/THCSBT",
            DAY,
            [
                "1. Thực hiện tốt công tác bầu cử: công trình thư viện xanh, hoàn thành tháng "
                "5 năm 2021.",
                "2. Chuyển đổi số trong dạy học: số hoá hồ sơ, hoàn thành quý II/2021.",
            ],
            style,
        ),
        f"launch{tag}": c.launch_plan(SENDER, "4/KH-THCSBT", DAY, style),
        f"result{tag}": c.result_report(
            SENDER,
            "20/BC-THCSBT",
            dt.date(2021, 7, 2),
            ["- Hoàn thành công trình thư viện xanh.", "- Hoàn thành số hoá hồ sơ học sinh."],
            style,
        ),
        f"proposal{tag}": c.proposal(
            SENDER, "9/TTr-THCSBT", DAY, _proposed(), council_date=DAY, style=style
        ),
        f"proposal_prose{tag}": c.proposal(
            SENDER, "10/TTr-THCSBT", DAY, _proposed(), council_date=DAY, prose=True, style=style
        ),
        f"minutes{tag}": c.council_minutes(
            SENDER,
            "3/BB-THCSBT",
            DAY,
            _votes(),
            present=17,
            members=17,
            secretary=SENDER.deputy,
            style=style,
        ),  # fmt: skip
        f"achievement{tag}": c.achievement_report(
            SENDER,
            DAY,
            AWARD,
            achievements,
            person=c.Person("Lê Thị Hồng Nhung", "Giáo viên"),
            style=style,
        ),  # fmt: skip
        f"achievement_collective{tag}": c.achievement_report(
            SENDER, DAY, AWARD, achievements, members=45, style=style
        ),
        f"tax{tag}": c.tax_confirmation(
            "Công ty TNHH Xây dựng Bình Tân",
            "0301234567",
            "125/XN-CCT",
            DAY,
            c.Style(deputy_signs=True, header=style.header, footer=style.footer, nfd=style.nfd),
        ),
    }


def corpus_docx() -> dict[str, bytes]:
    """Every document of the corpus as DOCX bytes, by name."""
    specs: dict[str, c.DocSpec] = {}
    specs.update(_documents(c.Style(), ""))
    specs.update(_documents(c.Style(nfd=True), "_nfd"))
    specs.update(_documents(c.Style(header="paragraphs", footer="paragraphs"), "_paragraphs"))
    specs.update(_documents(c.Style(header="tabs", font_size=14), "_tabs"))
    specs["form40"] = c.registration_form(SENDER, "6/ĐK-THCSBT", DAY, _long_rows(40))
    specs["form40_nfd"] = c.registration_form(
        SENDER, "7/ĐK-THCSBT", DAY, _long_rows(40), c.Style(nfd=True)
    )
    docs = {name: c.build_docx(spec, seed=i) for i, (name, spec) in enumerate(specs.items())}
    docs["parse_form_long"] = build.registration_docx(build.form_rows(40, long_text=True), True)
    docs["parse_letter"] = build.letter_docx()
    return docs


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The corpus as LibreOffice PDFs, all converted in one soffice call."""
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("fast_pdfs")
    paths = []
    for name, data in corpus_docx().items():
        path = folder / f"{name}.docx"
        path.write_bytes(data)
        paths.append(path)
    return {pdf.stem: pdf.read_bytes() for pdf in c.docx_to_pdf(paths, folder)}


# ---------------------------------------------------------------------------- helpers


def pdfium_pages(data: bytes) -> Iterator[tuple[int, pdfium.PdfPage, pdfium.PdfTextPage]]:
    """Each page (1-based number) with its text page, closed after use."""
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                yield index + 1, page, textpage
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()


def plumber_words(page: Any) -> list[WordBox]:
    return [
        (w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"])
        for w in page.extract_words(extra_attrs=["size"])
    ]


def by_place(words: list[WordBox]) -> list[WordBox]:
    """Words top to bottom, left to right.  PDFium orders the text objects of a line by x where
    pdfminer keeps content order, which can change the order words come out in (pdfplumber
    groups consecutive chars of one size), never the words themselves."""
    return sorted(words, key=lambda w: (round(w[3], 1), round(w[1], 1), w[0]))


def assert_words_match(fast: list[WordBox], slow: list[WordBox], *, descent: float = 0) -> None:
    """Same words with the same boxes, but for documented differences: a word read by text
    object (NFC text) has its ends within WORD_SLACK; one read glyph by glyph (NFD text) is
    exact, except that a glyph with several code points ends where its ink does when that
    overhangs its advance; and a font whose descriptor has a /Descent (LibreOffice writes 0)
    puts pdfminer's boxes ``descent`` × size lower."""
    assert len(fast) == len(slow)
    nfd = any(unicodedata.combining(ch) for word in fast for ch in word[0])
    for a, b in zip(by_place(fast), by_place(slow), strict=True):
        assert a[0] == b[0] and a[5] == pytest.approx(b[5], abs=COORDINATE_SLACK), (a, b)
        if nfd:
            assert a[1] == pytest.approx(b[1], abs=COORDINATE_SLACK), (a, b)
            overhang = INK_OVERHANG if any(unicodedata.combining(ch) for ch in a[0]) else 0
            kerning = KERNING if overhang else 0
            assert -COORDINATE_SLACK - kerning <= a[2] - b[2] <= COORDINATE_SLACK + overhang, (a, b)
        else:
            assert a[1] == pytest.approx(b[1], abs=WORD_SLACK), (a, b)
            assert a[2] == pytest.approx(b[2], abs=WORD_SLACK), (a, b)
        for mine, theirs in ((a[3], b[3]), (a[4], b[4])):
            assert -COORDINATE_SLACK - descent * a[5] <= mine - theirs <= COORDINATE_SLACK, (a, b)


def assert_boxes_match(fast: list[tuple[Any, ...]], slow: list[tuple[Any, ...]]) -> None:
    """Same length, same labels, coordinates within COORDINATE_SLACK."""
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float | int) and isinstance(y, float | int):
                assert x == pytest.approx(y, abs=COORDINATE_SLACK), (a, b)
            else:
                assert x == y, (a, b)


def sorted_edges(edges: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    keys = [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges]
    return sorted(keys, key=lambda k: (str(k[0]), *(round(v, 1) for v in k[1:])))


EXPECTED_TYPES = {
    "form": "registration",
    "letter": "registration",
    "launch": "launch",
    "result": "result_report",
    "proposal": "proposal",
    "proposal_prose": "proposal",
    "minutes": "council_minutes",
    "achievement": "achievement_report",
    "achievement_collective": "achievement_report",
    "tax": "tax_confirmation",
}


FACTS = ("doc_type", "unit_id", "doc_number", "doc_date", "title", "entries", "nominees")


@pytest.fixture(scope="session")
def extract_context() -> ExtractContext:
    root = Path(__file__).resolve().parent.parent
    config = load_config(root / "config" / "campaign_2021.yaml")
    return ExtractContext.build(config, load_roster(root / "config" / "units.csv"))


def kind_of(name: str) -> str:
    """The corpus document a PDF name stands for, without its style suffix."""
    return name.removesuffix("_nfd").removesuffix("_paragraphs").removesuffix("_tabs")


def records(data: bytes, name: str, ctx: ExtractContext) -> tuple[Record, Record]:
    """What extract reads from the PDF parsed by the fast engine, and by pdfplumber."""
    item = InboxItem(source=f"{name}.pdf", sha256="0" * 64, format="pdf", data=data)
    fast = extract_record(item, finish(parse_pdf(data, item.source)), ctx)
    slow = extract_record(item, finish(parse_pdf(data, item.source, engine="plumber")), ctx)
    return fast, slow


# ------------------------------------------------------------------------ equivalence


def test_corpus_is_what_it_claims(corpus: dict[str, bytes]) -> None:
    """The corpus holds multi-page tables and NFD sources, and the fast engine reads every
    page itself (an equivalence test where pdfplumber read everything would prove nothing)."""
    assert {kind_of(name) for name in corpus} >= set(EXPECTED_TYPES)
    assert {f"{kind}_nfd" for kind in EXPECTED_TYPES} <= corpus.keys()
    assert len(pdfium.PdfDocument(corpus["form40"])) >= 2
    for name, data in corpus.items():
        for number, page, textpage in pdfium_pages(data):
            assert read_content(page, textpage) is not None, (name, number)


def test_same_blocks_with_either_engine(corpus: dict[str, bytes]) -> None:
    differing = []
    for name, data in sorted(corpus.items()):
        fast = parse_pdf(data, f"{name}.pdf", engine="fast")
        slow = parse_pdf(data, f"{name}.pdf", engine="plumber")
        assert fast.errors == [] and fast.blocks, name
        if fast != slow:
            differing.append(name)
    assert differing == []


def test_same_facts_with_either_engine(
    corpus: dict[str, bytes], extract_context: ExtractContext
) -> None:
    """What extract reads from each PDF — type, unit, number, date, title, entries, nominees
    and their evidence — is the same whichever engine parsed it, and is the right thing."""
    for name, data in sorted(corpus.items()):
        fast, slow = records(data, name, extract_context)
        assert fast.to_json() == slow.to_json(), name
        kind = kind_of(name)
        if kind in EXPECTED_TYPES:
            assert fast.doc_type == EXPECTED_TYPES[kind], name
            assert fast.doc_date == ("2021-07-02" if kind == "result" else "2021-05-04"), name
        if kind == "form":
            assert fast.unit_id == "thcs_binh_tan" and fast.entries, name
            assert fast.entries[0].project.startswith("Công trình 1: Thư viện xanh"), name
        if kind == "minutes":
            assert [n.approved for n in fast.nominees] == [True, True, False], name


@pytest.mark.skipif(not HAS_PDFTOCAIRO, reason="pdftocairo (poppler) is not installed")
def test_same_facts_from_another_producer(
    corpus: dict[str, bytes], extract_context: ExtractContext, tmp_path: Path
) -> None:
    """The corpus redrawn by poppler's cairo backend — fonts with a real /Descent, composed
    glyphs in fonts of their own, no space glyphs.  The blocks may differ there (pdfminer's
    lower boxes reorder side-by-side header lines; pdfplumber splits "QUẬN" where the font
    changes size by a rounding error), the facts may not."""
    for name, data in sorted(corpus.items()):
        source, target = tmp_path / f"{name}.pdf", tmp_path / f"{name}.cairo.pdf"
        source.write_bytes(data)
        subprocess.run(["pdftocairo", "-pdf", str(source), str(target)], check=True, timeout=60)
        fast, slow = records(target.read_bytes(), name, extract_context)
        assert fast.doc_type == EXPECTED_TYPES.get(kind_of(name), fast.doc_type), name
        assert {k: fast.to_json()[k] for k in FACTS} == {k: slow.to_json()[k] for k in FACTS}, name


def test_blocks_hold_the_layout_rules(corpus: dict[str, bytes]) -> None:
    """The rules that make the blocks, checked on the fast engine's output: a table over three
    pages is one block with its header once, merged cells and multi-project cells, the
    header's two columns read left then right, wrapped lines joined into a paragraph."""
    long_form = parse_pdf(corpus["form40"], "form40.pdf")
    assert long_form.page_count >= 2
    [table] = long_form.tables()
    assert table.page == 1 and [row[0] for row in table.rows] == ["Stt"] + [
        f"{i}." for i in range(1, 41)
    ]
    assert long_form.blocks[-1].page == long_form.page_count
    rows = parse_pdf(corpus["form"], "form.pdf").tables()[0].rows
    assert (
        rows[1][2] == "Công trình 1: Thư viện xanh thân thiện\nCông trình 2: Góc đọc sách lớp học"
    )
    assert rows[2][:2] == ("", "")  # the merged Stt / Nội dung cells, text in the first row
    letter = [b.text for b in parse_pdf(corpus["parse_letter"], "letter.pdf").blocks]
    assert letter[:4] == [
        "UBND QUẬN BÌNH TÂN",
        "TRƯỜNG THCS BÌNH TÂN",
        "Số: 12/KH-THCS",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert letter[7] == build.LETTER_BODY


def test_same_words_edges_and_cells_per_page(corpus: dict[str, bytes]) -> None:
    for name, data in sorted(corpus.items()):
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for number, page, textpage in pdfium_pages(data):
                reference = plumber.pages[number - 1]
                content = read_content(page, textpage)
                assert content is not None
                assert_words_match(content.words, plumber_words(reference))
                height = page_height(page)
                assert height is not None
                fast_edges = sorted_edges(page_edges(page, height) or [])
                assert_boxes_match(fast_edges, sorted_edges(reference.edges))
                fast_cells = [sorted(t.cells) for t in content.tables]
                slow_cells = [sorted(t.cells) for t in reference.find_tables()]
                assert len(fast_cells) == len(slow_cells), (name, number)
                for a, b in zip(fast_cells, slow_cells, strict=True):
                    assert_boxes_match(a, b)


def _damaged(data: bytes, how: str) -> bytes:
    if how == "cut short":
        return data[: len(data) * 2 // 3]
    if how == "wrong startxref":
        return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)
    return data[: data.rfind(b"xref")] + data[data.rfind(b"trailer") :]  # no xref table


@pytest.mark.parametrize("how", ["cut short", "wrong startxref", "no xref table"])
def test_damaged_pdf_gives_the_same_result(corpus: dict[str, bytes], how: str) -> None:
    """Damaged files: PDFium refuses some (both engines report it) and repairs others."""
    data = _damaged(corpus["form"], how)
    fast = parse_pdf(data, "hong.pdf", engine="fast")
    slow = parse_pdf(data, "hong.pdf", engine="plumber")
    assert fast == slow
    if how == "cut short":
        assert fast.errors and fast.errors[0].startswith(MSG_CORRUPT.split(":")[0])
    else:
        assert fast.errors == [] and fast.tables()


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="pdfminer"):
        parse_pdf(b"%PDF-1.7", "x.pdf", engine="pdfminer")


def test_broken_pdf_same_error_with_either_engine() -> None:
    data = b"%PDF-1.7\n%\xe2\xe3 broken"
    fast, slow = parse_pdf(data, "x.pdf"), parse_pdf(data, "x.pdf", engine="plumber")
    assert fast.errors == slow.errors and fast.errors[0].startswith(MSG_CORRUPT.split(":")[0])


# ------------------------------------------------------------------ words, one by one


@st.composite
def char_boxes(draw: st.DrawFn) -> list[CharBox]:
    """Chars as PDFium gives them: several sizes, lines a few points apart, overlaps, spaces,
    ligatures and chars out of order."""
    count = draw(st.integers(min_value=0, max_value=40))
    chars: list[CharBox] = []
    for _ in range(count):
        size = draw(st.sampled_from([10.0, 12.0, 13.0]))
        top = draw(st.sampled_from([100.0, 101.5, 103.2, 104.0, 120.0])) + draw(
            st.sampled_from([0.0, 0.25, 2.9, 3.1])
        )
        x0 = draw(st.floats(min_value=50, max_value=90, allow_nan=False, width=32))
        width = draw(st.floats(min_value=0, max_value=6, allow_nan=False, width=32))
        text = draw(st.sampled_from(["a", "ư", "ﬁ", " ", "\u00a0", "1"]))
        chars.append((text, x0, x0 + width, top, size))
    return chars


@settings(max_examples=300, deadline=None)
@given(char_boxes())
def test_words_as_pdfplumber_groups_them(chars: list[CharBox]) -> None:
    as_dicts = [
        {"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + size, "doctop": top,
         "upright": True, "size": size}
        for t, x0, x1, top, size in chars
    ]  # fmt: skip
    expected = [
        (w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"])
        for w in extract_words(as_dicts, extra_attrs=["size"])
    ]
    assert chars_to_words(chars) == expected


# --------------------------------------------------------------- matrices, by pypdfium2


def _drawn_pdf(text_matrix: tuple[float, ...], path_matrix: tuple[float, ...]) -> bytes:
    """One page: a line of Times-Roman text and a ruled 2 × 2 grid of rectangles, each drawn
    through the given matrix (a, b, c, d, e, f)."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    font = pdfium_c.FPDFText_LoadStandardFont(pdf.raw, b"Times-Roman")
    text = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Times-Roman", ctypes.c_float(12))
    content = "Bang dang ky thi dua"
    encoded = ctypes.create_string_buffer((content + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(text, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
    pdfium_c.FPDFPageObj_Transform(text, *text_matrix)
    pdfium_c.FPDFPage_InsertObject(page.raw, text)
    for x, y in [(0, 0), (100, 0), (0, 40), (100, 40)]:
        rect = pdfium_c.FPDFPageObj_CreateNewRect(x, y, 100, 40)
        pdfium_c.FPDFPath_SetDrawMode(rect, 0, True)
        pdfium_c.FPDFPageObj_Transform(rect, *path_matrix)
        pdfium_c.FPDFPage_InsertObject(page.raw, rect)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdfium_c.FPDFFont_Close(font)
    out = io.BytesIO()
    pdf.save(out)
    page.close()
    pdf.close()
    return out.getvalue()


@pytest.mark.parametrize(
    ("text_matrix", "path_matrix"),
    [
        ((1, 0, 0, 1, 100, 700), (1, 0, 0, 1, 100, 400)),
        ((1.5, 0, 0, 2, 80, 650), (0.8, 0, 0, 1.5, 60, 300)),
    ],
)
def test_scaled_text_and_paths_read_as_pdfplumber_does(
    text_matrix: tuple[float, ...], path_matrix: tuple[float, ...]
) -> None:
    data = _drawn_pdf(text_matrix, path_matrix)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        reference = plumber.pages[0]
        for number, page, textpage in pdfium_pages(data):
            assert number == 1
            content = read_content(page, textpage)
            assert content is not None
            assert [w[0] for w in content.words] == ["Bang", "dang", "ky", "thi", "dua"]
            # Times-Roman is a standard font: pdfminer takes its /Descent from the AFM.
            assert_words_match(content.words, plumber_words(reference), descent=0.25)
            height = page_height(page)
            assert height is not None
            fast_edges = sorted_edges(page_edges(page, height) or [])
            assert len(fast_edges) == 16  # four rectangles, four sides each
            assert_boxes_match(fast_edges, sorted_edges(reference.edges))
            [table] = content.tables
            assert len(table.cells) == 4
    assert parse_pdf(data, "ve.pdf") == parse_pdf(data, "ve.pdf", engine="plumber")


def test_rotated_text_goes_to_pdfplumber() -> None:
    """Text turned a quarter: the fast engine declines the page, the result is pdfplumber's."""
    data = _drawn_pdf((0, 1, -1, 0, 300, 500), (1, 0, 0, 1, 100, 400))
    for _, page, textpage in pdfium_pages(data):
        assert read_content(page, textpage) is None
    assert parse_pdf(data, "xoay.pdf") == parse_pdf(data, "xoay.pdf", engine="plumber")


def _pieces_pdf(pieces: list[tuple[str, float]]) -> bytes:
    """One line of Times-Roman 12 pt text drawn as one text object per piece, each at the
    given x on the same baseline."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    for content, x in pieces:
        text = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Times-Roman", ctypes.c_float(12))
        encoded = ctypes.create_string_buffer((content + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(text, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
        pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, x, 700)
        pdfium_c.FPDFPage_InsertObject(page.raw, text)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    page.close()
    pdf.close()
    return out.getvalue()


BANG_WIDTH = (667 + 444 + 500 + 500) * 12 / 1000  # "Bang" in Times-Roman 12 pt


@pytest.mark.parametrize(
    ("pieces", "words"),
    [
        ([("Bang", 100), ("dang", 100 + BANG_WIDTH)], ["Bangdang"]),  # touching: one word
        ([("Bang", 100), ("dang", 100 + BANG_WIDTH + 5)], ["Bang", "dang"]),  # a gap
        ([("Bang ", 100), ("dang ky", 100 + BANG_WIDTH + 3)], ["Bang", "dang", "ky"]),
    ],
)
def test_text_objects_that_touch_inside_a_word_are_one_word(
    pieces: list[tuple[str, float]], words: list[str]
) -> None:
    data = _pieces_pdf(pieces)
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        reference = plumber_words(plumber.pages[0])
    for _, page, textpage in pdfium_pages(data):
        content = read_content(page, textpage)
        assert content is not None
        assert [w[0] for w in content.words] == words
        assert_words_match(content.words, reference, descent=0.25)
