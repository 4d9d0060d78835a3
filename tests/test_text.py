"""Vietnamese text: normal forms, matching keys, abbreviations and dates."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipeline.text import canonical_tones, clean_spaces, fold, nfc
from pipeline.text.abbrev import unit_key
from pipeline.text.dates import find_dates, parse_date


def test_nfc_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Trường Tiểu học")
    assert decomposed != "Trường Tiểu học"
    assert nfc(decomposed) == "Trường Tiểu học"


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoà", "hòa"), ("Thuỷ", "Thủy"), ("khoẻ", "khỏe"), ("Hoà Bình", "Hòa Bình")],
)
def test_old_tone_placement_moves_to_new(old: str, new: str) -> None:
    assert nfc(old) != new  # NFC alone does not unify them
    assert canonical_tones(old) == new


@pytest.mark.parametrize("word", ["quý", "hoàng", "thuyền", "Nguyễn"])
def test_tone_placement_leaves_other_words(word: str) -> None:
    assert canonical_tones(word) == word


def test_fold_ignores_case_diacritics_d_and_punctuation() -> None:
    assert fold("TRƯỜNG THCS  Bình-Tân") == fold("truong thcs binh tan")
    assert fold("Đinh Đức") == "dinh duc"
    assert fold(unicodedata.normalize("NFD", "Hòa")) == fold("hoà") == "hoa"


def test_clean_spaces_handles_no_break_and_zero_width() -> None:
    assert clean_spaces("a\u00a0 b\u200b\n c ") == "a b c"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Trường THCS Bình Tân", "TRƯỜNG TRUNG HỌC CƠ SỞ BÌNH TÂN"),
        ("TH Bình Trị 1", "Trường Tiểu học Bình Trị I"),
        ("MN Hoạ Mi", "Trường Mầm non Họa Mi"),
        ("Tập thể Trường THCS An Lạc", "THCS An Lạc"),
    ],
)
def test_unit_key_expands_abbreviations(a: str, b: str) -> None:
    assert unit_key(a) == unit_key(b)


def test_unit_key_keeps_levels_apart() -> None:
    assert unit_key("Trường TH Bình Hưng Hòa") != unit_key("Trường THCS Bình Hưng Hòa")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bình Tân, ngày 04 tháng 5 năm 2021", dt.date(2021, 5, 4)),
        ("04/5/2021", dt.date(2021, 5, 4)),
        ("4-5-2021", dt.date(2021, 5, 4)),
        ("04.05.2021", dt.date(2021, 5, 4)),
        ("tháng 6/2021", dt.date(2021, 6, 30)),
        ("Tháng 6 năm 2021", dt.date(2021, 6, 30)),
        ("cuối tháng 6 năm 2021", dt.date(2021, 6, 30)),
        ("Quý II/2021", dt.date(2021, 6, 30)),
        ("quý 3 năm 2021", dt.date(2021, 9, 30)),
        ("Quý III/2021", dt.date(2021, 9, 30)),
        ("06/2021", dt.date(2021, 6, 30)),
        ("tháng 02/2024", dt.date(2024, 2, 29)),
        (unicodedata.normalize("NFD", "ngày 20 tháng 6 năm 2021"), dt.date(2021, 6, 20)),
    ],
)
def test_parse_date_forms(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "không ghi ngày", "nhiệm kỳ 2021 - 2026", ""])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_in_reading_order() -> None:
    text = "Kế hoạch số 293/KH-UBND ngày 29/4/2021; hạn gửi trước ngày 05 tháng 5 năm 2021"
    assert [d for _, d in find_dates(text)] == [dt.date(2021, 4, 29), dt.date(2021, 5, 5)]
