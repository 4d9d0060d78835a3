"""Vietnamese text: normal forms, matching keys, abbreviations and dates."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipeline.text import canonical_tones, clean_spaces, fold, nfc
from pipeline.text.abbrev import unit_key
from pipeline.text.dates import find_dates, parse_completion, parse_date


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cuối tháng 6 năm 2021", dt.date(2021, 6, 30)),
        ("Quý II/2021", dt.date(2021, 6, 30)),
        ("Quý 2 năm 2021", dt.date(2021, 6, 30)),
        ("Quý 2 năm\n2021", dt.date(2021, 6, 30)),
        ("tháng 6/2021", dt.date(2021, 6, 30)),
        ("T6/2021", dt.date(2021, 6, 30)),
        ("trước ngày 30/6/2021", dt.date(2021, 6, 30)),
        ("30/6", dt.date(2021, 6, 30)),  # no year: the campaign's
        ("ngày 15 tháng 6", dt.date(2021, 6, 15)),
        ("cuối tháng 5", dt.date(2021, 5, 31)),
        ("từ 10/5 đến 30/6/2021", dt.date(2021, 6, 30)),  # a range: its end
        ("10/5 - 20/6/2021", dt.date(2021, 6, 20)),
        ("từ 10/5 – 25/6", dt.date(2021, 6, 25)),
        ("6 tháng đầu năm 2021", dt.date(2021, 6, 30)),
        ("06 tháng đầu năm 2021", dt.date(2021, 6, 30)),
        ("Sáu tháng đầu năm", dt.date(2021, 6, 30)),
        ("23-5-2021", dt.date(2021, 5, 23)),
        ("04.06.2021", dt.date(2021, 6, 4)),
        ("ngày 23 tháng 5 năm 2021", dt.date(2021, 5, 23)),
        ("Quý III/2021", dt.date(2021, 9, 30)),
        ("tháng 5-6/2021", dt.date(2021, 6, 30)),
        ("Quý II - III/2021", dt.date(2021, 9, 30)),
        ("Quý:II/2021", dt.date(2021, 6, 30)),  # as OCR reads it
    ],
)
def test_parse_completion_phrases(text: str, expected: dt.date) -> None:
    assert parse_completion(text, 2021) == expected


@pytest.mark.parametrize("text", ["thường xuyên", "Thường xuyên, liên tục", "Như trên", "", "cả năm học"])
def test_parse_completion_ongoing_is_no_date(text: str) -> None:
    assert parse_completion(text, 2021) is None


def test_completion_year_comes_from_the_caller_not_the_text() -> None:
    assert parse_completion("30/6", 2024) == dt.date(2024, 6, 30)
    assert parse_completion("30/6/2021", 2024) == dt.date(2021, 6, 30)


@pytest.mark.parametrize("text", ["30/6", "ngày 15 tháng 6", "cuối tháng 5", "12/12 nhóm, lớp"])
def test_parse_date_still_needs_a_year(text: str) -> None:
    """A document's own date is never guessed: only a completion phrase takes the campaign year."""
    assert parse_date(text) is None


def test_half_year_is_june_not_december() -> None:
    assert parse_date("Phấn đấu 6 tháng đầu năm 2021 đạt 45%") == dt.date(2021, 6, 30)
    assert parse_date("6 tháng cuối năm 2021") == dt.date(2021, 12, 31)
    assert parse_date("cuối năm 2021") == dt.date(2021, 12, 31)
