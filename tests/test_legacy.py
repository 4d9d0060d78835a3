"""Legacy TCVN3/VNI text back to Unicode: tables, round trips, conservative detection."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from pipeline.parse.legacy import (
    TCVN3_TABLE,
    VNI_TABLE,
    convert_legacy,
    detect_legacy,
    fix_legacy,
    font_encoding,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TONES = "\u0300\u0301\u0309\u0303\u0323"

SENTENCES = [
    "Trường Trung học cơ sở Bình Tân đăng ký nội dung thi đua",
    "Phát động đợt thi đua cao điểm lập thành tích chào mừng kỷ niệm 110 năm Ngày Bác Hồ "
    "ra đi tìm đường cứu nước",
    "Bình Tân, ngày 03 tháng 5 năm 2021",
    "Giấy khen của Chủ tịch Ủy ban nhân dân phường cho tập thể có thành tích xuất sắc",
    "ỦY BAN NHÂN DÂN QUẬN BÌNH TÂN",
    "Có mô hình, giải pháp được áp dụng có hiệu quả; Hiệu trưởng ký tên, đóng dấu.",
]


def _all_letters() -> set[str]:
    """The 134 non-ASCII letters of Vietnamese, both cases."""
    letters = {"đ", "Đ"}
    for vowel in "aăâeêioôơuưy":
        for form in [unicodedata.normalize("NFC", vowel + t) for t in TONES] + [vowel]:
            letters.update({form, form.upper()})
    return {letter for letter in letters if not letter.isascii()}


# Encoders, the inverse of the tables under test.
_TCVN3_ENCODE = {letter: code for code, letter in TCVN3_TABLE.items()}
_VNI_ENCODE = {letter: seq for seq, letter in VNI_TABLE.items()}
_VNI_ENCODE.update({letter.upper(): seq.upper() for seq, letter in VNI_TABLE.items()})


def to_tcvn3(text: str) -> str:
    return "".join(_TCVN3_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    return "".join(_VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# ----------------------------------------------------------------------------- tables


def test_tcvn3_table_maps_134_code_points_to_every_letter() -> None:
    assert len(TCVN3_TABLE) == 134
    assert set(TCVN3_TABLE.values()) == _all_letters()


def test_vni_table_covers_every_lowercase_letter_once() -> None:
    lowercase = {letter for letter in _all_letters() if letter.islower()}
    assert len(VNI_TABLE) == 67
    assert set(VNI_TABLE.values()) == lowercase


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_agrees_with_glibc_iconv() -> None:
    codes = sorted(ord(ch) for ch in TCVN3_TABLE)
    raw = b"\n".join(bytes([code]) for code in codes)
    run = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=raw, capture_output=True, check=False
    )
    if run.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1 decoder")
    decoded = run.stdout.decode("utf-8").split("\n")
    assert decoded == [TCVN3_TABLE[chr(code)] for code in codes]


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("B¶o Th¾ng", "tcvn3", "Bảo Thắng"),
        ("M\xadêng Kh\xad¬ng", "tcvn3", "Mường Khương"),
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("Xin chaøo caùc baïn", "vni", "Xin chào các bạn"),
        ("Vieät Nam", "vni", "Việt Nam"),
        ("Tröôøng", "vni", "Trường"),
    ],
)
def test_published_samples_convert(legacy: str, encoding: str, expected: str) -> None:
    assert convert_legacy(legacy, encoding) == expected


# ------------------------------------------------------------------------ round trips


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize(("encode", "encoding"), [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_round_trip_detects_and_converts(
    sentence: str, encode: Callable[[str], str], encoding: str
) -> None:
    legacy = encode(sentence)
    assert legacy != sentence
    assert detect_legacy(legacy) == encoding
    assert fix_legacy(legacy) == (sentence, encoding)


@pytest.mark.parametrize(
    ("legacy", "expected", "encoding"),
    [
        ("Nôi nhaän:", "Nơi nhận:", "vni"),  # a TCVN3 reading gives "Nụi nhaọn": not syllables
        ("2. Yeâu caàu:", "2. Yêu cầu:", "vni"),  # only Vietnamese letters, in VNI pairs
        ("- Löu: VT (724 /GDÑT-DT).", "- Lưu: VT (724 /GDĐT-DT).", "vni"),  # an abbreviation
        ("- L\xadu: VT (724 /GD§T-DT).", "- Lưu: VT (724 /GDĐT-DT).", "tcvn3"),
        ("Tªn", "Tên", "tcvn3"),
    ],
)
def test_short_lines_are_detected(legacy: str, expected: str, encoding: str) -> None:
    assert fix_legacy(legacy) == (expected, encoding)


def test_round_trip_of_a_whole_paragraph_with_line_breaks() -> None:
    paragraph = "\n".join(SENTENCES)
    assert fix_legacy(to_tcvn3(paragraph)) == (paragraph, "tcvn3")
    assert fix_legacy(to_vni(paragraph)) == (paragraph, "vni")


_VIET_LOWER = sorted(letter for letter in _all_letters() if letter.islower())
_VIET_UPPER = sorted(letter for letter in _all_letters() if letter.isupper())


@given(st.text(alphabet=_VIET_LOWER + _VIET_UPPER + list("abcdhnstxyzAIOUY0123 ,.")))
def test_vni_round_trip_any_text(text: str) -> None:
    assert convert_legacy(to_vni(text), "vni") == text


@given(st.text(alphabet=_VIET_LOWER + _VIET_UPPER + list("abcdhnstxyz0123 ,.")))
def test_tcvn3_round_trip_any_text_without_ascii_capitals(text: str) -> None:
    assert convert_legacy(to_tcvn3(text), "tcvn3") == text


def test_output_is_nfc_even_for_decomposed_input() -> None:
    legacy = unicodedata.normalize("NFD", to_tcvn3(SENTENCES[0]))
    assert legacy != to_tcvn3(SENTENCES[0])  # "é", "ë" … really were decomposed
    text, encoding = fix_legacy(legacy)
    assert (text, encoding) == (SENTENCES[0], "tcvn3")
    assert unicodedata.is_normalized("NFC", text)


# ---------------------------------------------------------------------- real fonts


def test_vntimeh_heading_words_become_capitals() -> None:
    # The ".VnTimeH" heading font draws lowercase codes as capitals: ờ (0xEA) shows as Ờ.
    assert fix_legacy("TR\xa6êNG THCS B×NH T¢N") == ("TRƯỜNG THCS BÌNH TÂN", "tcvn3")
    assert convert_legacy("Hµ Néi", "tcvn3") == "Hà Nội"  # one capital: an ordinary word


def test_vni_title_case_words_keep_their_case() -> None:
    # Word's "Title Case" on VNI text capitalises only the base letter: "aùo" -> "Aùo".
    assert convert_legacy("Aùo Daøi Vieät Nam", "vni") == "Áo Dài Việt Nam"
    assert convert_legacy("ÑAÏI HOÏC", "vni") == "ĐẠI HỌC"


def _docx_with_font(paragraphs: list[str], font: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph().add_run(text).font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_paragraph_texts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    paragraphs = root.iter(f"{{{W_NS}}}p")
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")) for p in paragraphs]
    return [text for text in texts if text]


def test_docx_with_vntime_run_is_repaired() -> None:
    # Only the letters the ".VnTime" font really has: lowercase and the seven toneless capitals.
    heading = "UBND QUËN B×NH T¢N"
    body = "Tr\xadêng Trung häc c¬ së B×nh T©n ®¨ng ký néi dung thi ®ua ®ît cao ®iÓm"
    data = _docx_with_font([heading, body], ".VnTime")
    texts = _docx_paragraph_texts(data)
    assert texts == [heading, body]  # the XML keeps the legacy characters as they are
    assert font_encoding(".VnTime") == "tcvn3"
    expected = [
        "UBND QUẬN BÌNH TÂN",
        "Trường Trung học cơ sở Bình Tân đăng ký nội dung thi đua đợt cao điểm",
    ]
    assert fix_legacy("\n".join(texts)) == ("\n".join(expected), "tcvn3")


def test_docx_with_vni_times_run_is_repaired() -> None:
    data = _docx_with_font([to_vni(SENTENCES[0])], "VNI-Times")
    (text,) = _docx_paragraph_texts(data)
    assert font_encoding("VNI-Times") == "vni"
    assert fix_legacy(text) == (SENTENCES[0], "vni")


@pytest.mark.parametrize("font", ["Times New Roman", "Arial", "VnTimes Unicode", ""])
def test_unicode_fonts_imply_no_legacy_encoding(font: str) -> None:
    assert font_encoding(font) is None


# ----------------------------------------------------------------------- negatives

NEGATIVES = [
    *SENTENCES,
    *(unicodedata.normalize("NFD", s) for s in SENTENCES),
    "Hoà Bình, Thuỷ lợi, khoẻ mạnh, toán học, quý khách",  # old tone placement, "oá" pairs
    "The emulation desk reads every file and writes the consolidated tables.",
    "Copyright © 2021 Microsoft® Word — all rights reserved.",
    "Trường THCS Bình Tân © 2021, Microsoft® Office",
    "Schöne Grüße aus München; Noël à la forêt; mañana en España; Ångström",
    "Je ne sais pas où il est, ESPAÑA",
    "Kích thước 20×30 cm, nhiệt độ 25°C, ±5%, ½ trang, § 3",
    "UBND QUẬN BÌNH TÂN\nTRƯỜNG THCS BÌNH TÂN\nSố: 15/KH-THCS",
    "",
    "12/5/2021 – 30/6/2021",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_unicode_english_and_symbols_are_not_detected(text: str) -> None:
    assert detect_legacy(text) is None
    assert fix_legacy(text) == (text, None)


def test_fixing_twice_changes_nothing_more() -> None:
    once, _ = fix_legacy(to_tcvn3(SENTENCES[1]))
    assert fix_legacy(once) == (once, None)


def test_unknown_encoding_is_an_error() -> None:
    with pytest.raises(ValueError, match="viqr"):
        convert_legacy("Vieät", "viqr")
