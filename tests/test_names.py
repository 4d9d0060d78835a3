"""Names, collectives, positions and award levels as dossier documents write them."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import CampaignConfig, load_config
from pipeline.text.names import (
    collective_key,
    display_name,
    has_honorific,
    is_head_of_unit,
    parse_award,
    person_key,
    strip_collective_prefix,
    strip_unit_suffix,
)

CONFIG_PATH = Path(__file__).resolve().parents[1] / "config" / "campaign_2021.yaml"


@pytest.fixture(scope="module")
def config() -> CampaignConfig:
    return load_config(CONFIG_PATH)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    "written",
    [
        "Nguyễn Thị Mai",
        "NGUYỄN THỊ MAI",
        "nguyễn thị mai",
        "Bà Nguyễn Thị Mai",
        "bà  Nguyễn   Thị Mai ",
        "Đ/c Nguyễn Thị Mai",
        "Đc. Nguyễn Thị Mai",
        "Đồng chí Nguyễn Thị Mai",
        "Cô Nguyễn Thị Mai",
        "Nhà giáo Nguyễn Thị Mai",
        "NGƯT. ThS. Nguyễn Thị Mai",
        "TS. Nguyễn Thị Mai",
        "Nguyen Thi Mai",
    ],
)
def test_person_key_ignores_honorific_case_spacing_and_diacritics(written: str) -> None:
    assert person_key(written) == person_key(nfd(written)) == "nguyen thi mai"


def test_person_key_old_and_new_tone_placement() -> None:
    assert person_key("Lê Thị Hoà") == person_key("Lê Thị Hòa") == person_key(nfd("LÊ THỊ HOÀ"))
    assert person_key("Trần Thuỷ") == person_key("Trần Thủy")


def test_person_key_keeps_different_people_apart() -> None:
    assert person_key("Nguyễn Văn An") != person_key("Nguyễn Văn Anh")


def test_honorific_needs_a_full_name_after_it() -> None:
    # "Cô Mai" is all there is: nothing to strip safely, the words stay.
    assert person_key("Cô Mai") == "co mai"
    assert has_honorific("Ông Trần Văn Hòa") and not has_honorific("Trần Văn Hòa")
    assert not has_honorific("Bà Mai")  # one word left: not a full name, nothing stripped


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("NGUYỄN THỊ MAI", "Nguyễn Thị Mai"),
        ("Bà NGUYỄN THỊ MAI", "Nguyễn Thị Mai"),
        ("Đ/c Lê Thị Hoà", "Lê Thị Hòa"),
        ("  Ông   Trần  Văn Hòa ", "Trần Văn Hòa"),
        ("nguyễn văn an", "Nguyễn Văn An"),
        ("Nguyễn Thị Mai", "Nguyễn Thị Mai"),
    ],
)
def test_display_name(written: str, shown: str) -> None:
    assert display_name(written) == shown
    assert display_name(nfd(written)) == shown
    assert unicodedata.is_normalized("NFC", display_name(nfd(written)))


@pytest.mark.parametrize(
    "written",
    [
        "Tập thể Trường THCS Bình Tân",
        "Trường THCS Bình Tân",
        "THCS Bình Tân",
        "TRƯỜNG TRUNG HỌC CƠ SỞ BÌNH TÂN",
        "Tập thể cán bộ, giáo viên, nhân viên Trường THCS Bình Tân",
        "Tập thể: Trường THCS Bình Tân",
    ],
)
def test_collective_key_one_key_for_one_school(written: str) -> None:
    assert collective_key(written) == collective_key(nfd(written))
    assert collective_key(written) == collective_key("Trường Trung học cơ sở Bình Tân")


def test_collective_key_tells_schools_and_teams_apart() -> None:
    assert collective_key("Trường THCS Bình Tân") != collective_key("Trường THCS Tân Tạo")
    assert collective_key("Trường THCS Bình Tân") != collective_key("Trường Tiểu học Bình Tân")
    assert collective_key("Tổ Toán") != collective_key("Trường THCS Bình Tân")


def test_strip_collective_prefix_keeps_the_unit_name() -> None:
    assert strip_collective_prefix("Tập thể Trường THCS Bình Tân") == "Trường THCS Bình Tân"
    assert strip_collective_prefix("TẬP THỂ TỔ TOÁN") == "TỔ TOÁN"
    assert strip_collective_prefix("Tập thể") == "Tập thể"


def test_strip_unit_suffix() -> None:
    names = ["Trường THCS Bình Tân", "THCS Bình Tân"]
    assert strip_unit_suffix("Giáo viên Trường THCS Bình Tân", names) == "Giáo viên"
    assert strip_unit_suffix("Hiệu trưởng, THCS Bình Tân", names) == "Hiệu trưởng"
    assert strip_unit_suffix("Giáo viên Trường THCS Tân Tạo", names) == (
        "Giáo viên Trường THCS Tân Tạo"
    )
    assert strip_unit_suffix("Trường THCS Bình Tân", names) == "Trường THCS Bình Tân"


@pytest.mark.parametrize(
    ("position", "head"),
    [
        ("Hiệu trưởng", True),
        ("HIỆU TRƯỞNG", True),
        ("Hiệu trưởng Trường THCS Bình Tân", True),
        ("Giám đốc Trung tâm GDNN - GDTX quận Bình Tân", True),
        ("Bí thư Chi bộ, Hiệu trưởng", True),
        ("Chủ tịch Công đoàn kiêm Hiệu trưởng", True),
        ("Phó Hiệu trưởng", False),
        ("Phó Giám đốc", False),
        ("KT. Hiệu trưởng", False),
        ("KT. HIỆU TRƯỞNG – PHÓ HIỆU TRƯỞNG", False),
        ("Phó Hiệu trưởng kiêm Chủ tịch Công đoàn", False),
        ("Tổ trưởng chuyên môn", False),
        ("Giáo viên", False),
        ("", False),
    ],
)
def test_is_head_of_unit(config: CampaignConfig, position: str, head: bool) -> None:
    assert is_head_of_unit(position, config.heads_of_unit) is head
    assert is_head_of_unit(nfd(position), config.heads_of_unit) is head


@pytest.mark.parametrize(
    ("text", "award"),
    [
        ("Giấy khen của Chủ tịch UBND phường", "ward_merit"),
        ("Giấy khen của UBND phường Bình Trị Đông", "ward_merit"),
        ("GK UBND quận", "district_merit"),
        ("Giấy khen của Ủy ban nhân dân quận Bình Tân", "district_merit"),
        ("Giấy khen của Chủ tịch UBND quận", "district_merit"),
        ("đề nghị tặng Giấy khen của UBND quận.", "district_merit"),
        ("Đề nghị UBND quận tặng Giấy khen", "district_merit"),
        ("BK UBND TP", "city_merit"),
        ("Bằng khen của Ủy ban nhân dân Thành phố Hồ Chí Minh", "city_merit"),
        ("Bằng khen", "city_merit"),
        ("Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo", None),
        ("Bằng khen của Thủ tướng Chính phủ", None),
        ("Giấy khen của Hiệu trưởng", None),
        ("Chiến sĩ thi đua cơ sở", None),
        ("", None),
    ],
)
def test_parse_award(config: CampaignConfig, text: str, award: str | None) -> None:
    assert parse_award(text, config.award_names()) == award
    assert parse_award(nfd(text.upper()), config.award_names()) == award


SYLLABLES = ["Nguyễn", "Trần", "Lê", "Thị", "Văn", "Hoà", "Thuỷ", "Mai", "Ánh", "Đức", "Quỳnh"]
HONORIFICS = ["", "Bà ", "Ông ", "Đ/c ", "Đồng chí ", "Cô ", "Thầy ", "ThS. ", "NGƯT. "]


@given(
    words=st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4),
    honorific=st.sampled_from(HONORIFICS),
    upper=st.booleans(),
    decomposed=st.booleans(),
)
def test_person_key_is_stable_under_rewriting(
    words: list[str], honorific: str, upper: bool, decomposed: bool
) -> None:
    name = " ".join(words)
    written = honorific + (name.upper() if upper else name)
    assert person_key(nfd(written) if decomposed else written) == person_key(name)
