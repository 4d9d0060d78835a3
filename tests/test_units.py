"""Units named in documents, folders and e-mails, matched to the roster (issue 14, point 5)."""

from __future__ import annotations

import pytest

from pipeline.config import Unit
from pipeline.extract.units import UnitMatcher, distinguishing_tokens
from pipeline.text.abbrev import unit_key


def unit(unit_id: str, name: str, *aliases: str) -> Unit:
    return Unit(unit_id=unit_id, name=name, aliases=list(aliases), kind="th", ward="")


ROSTER = [
    unit("th_btd", "Trường Tiểu học Bình Trị Đông", "TH Bình Trị Đông"),
    unit("th_btd_a", "Trường Tiểu học Bình Trị Đông A", "TH Bình Trị Đông A"),
    unit("th_al1", "Trường Tiểu học An Lạc 1", "TH An Lạc 1"),
    unit("thcs_al", "Trường Trung học cơ sở An Lạc", "THCS An Lạc"),
    unit("mn_hs2", "Trường Mầm non Hoa Sen 2"),
]


@pytest.fixture(scope="module")
def matcher() -> UnitMatcher:
    return UnitMatcher(ROSTER)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # Neighbours that must keep matching themselves.
        ("TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG", "th_btd"),
        ("Trường TH Bình Trị Đông A", "th_btd_a"),
        ("TRƯỜNG TIỂU HỌC AN LẠC 1", "th_al1"),
        ("Trường Tiểu học An Lạc I", "th_al1"),
        ("TRƯỜNG THCS AN LẠC", "thcs_al"),
        # A distinguishing letter or number that the roster does not have: another unit.
        ("TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG B", None),
        ("Trường Tiểu học An Lạc 2", None),
        ("TRƯỜNG TIỂU HỌC AN LẠC", None),
        ("Trường Mầm non Hoa Sen", None),
        ("Trường Mầm non Hoa Sen 3", None),
    ],
)
def test_a_distinguishing_word_must_agree(
    matcher: UnitMatcher, written: str, expected: str | None
) -> None:
    found = matcher.in_text(written)
    assert (found.unit_id if found else None) == expected
    by_name = matcher.by_name(written)
    assert (by_name.unit_id if by_name else None) == expected


def test_a_name_inside_a_header_line(matcher: UnitMatcher) -> None:
    line = "UBND QUẬN BÌNH TÂN TRƯỜNG TH BÌNH TRỊ ĐÔNG, PHƯỜNG BÌNH TRỊ ĐÔNG"
    assert matcher.in_text(line).unit_id == "th_btd"  # type: ignore[union-attr]
    assert matcher.in_text(line.replace("ĐÔNG,", "ĐÔNG B,")) is None


def test_a_folder_of_an_unknown_neighbour_borrows_nothing(matcher: UnitMatcher) -> None:
    assert matcher.by_folder("th_binh_tri_dong_b") is None
    assert matcher.by_folder("TH Binh Tri Dong A").unit_id == "th_btd_a"  # type: ignore[union-attr]


def test_fuzzy_matching_still_forgives_a_typo(matcher: UnitMatcher) -> None:
    """A slip of the keyboard is still the unit; a different letter is not."""
    found = matcher.by_name("Trường Tiểu học Bình Trị Đôngg A")
    assert found is not None and found.unit_id == "th_btd_a"


def test_distinguishing_tokens_of_keys() -> None:
    assert distinguishing_tokens(unit_key("Trường Tiểu học Bình Trị Đông B")) == ("b",)
    assert distinguishing_tokens(unit_key("Trường Tiểu học An Lạc I")) == ("1",)
    assert distinguishing_tokens(unit_key("Trường THCS Lý Thường Kiệt")) == ()


# ------------------------------------------------------------- a unit from the siblings


def record(source: str, unit_id: str | None, issuer: str = "", doc_type: str = "proposal"):  # type: ignore[no-untyped-def]
    from pipeline.model import Nominee, Record

    nominees = [Nominee(kind="individual", name="Nguyễn Thị Hồng Nhung")]
    return Record(source=source, sha256="0", format="pdf", doc_type=doc_type,
                  unit_id=unit_id, issuer=issuer, nominees=nominees)  # fmt: skip


def test_a_report_without_a_header_takes_the_unit_of_its_email() -> None:
    from pipeline.extract.siblings import units_from_siblings

    records = [
        record("thu.eml#to_trinh.docx", "th_btd"),
        record("thu.eml#bao_cao_thanh_tich.pdf", None, doc_type="achievement_report"),
        record("khac/bao_cao.pdf", None, doc_type="achievement_report"),
    ]
    units_from_siblings(records)
    assert records[1].unit_id == "th_btd"
    assert records[1].nominees[0].unit_id == "th_btd"
    assert any(e.field == "unit" and "thu.eml" in e.quote for e in records[1].evidence)
    assert records[2].unit_id is None  # alone in its folder: nothing to take


def test_siblings_that_disagree_or_an_issuer_of_its_own_give_nothing() -> None:
    from pipeline.extract.siblings import units_from_siblings

    records = [
        record("goi/a.docx", "th_btd"),
        record("goi/b.docx", "th_btd_a"),
        record("goi/c.pdf", None, doc_type="achievement_report"),
        record("x/a.docx", "th_btd"),
        record("x/b.docx", None, issuer="UBND QUẬN BÌNH TÂN / TRƯỜNG TIỂU HỌC BÌNH TRỊ ĐÔNG B"),
        record("x/c.docx", None, doc_type="unknown"),
    ]
    units_from_siblings(records)
    assert [r.unit_id for r in records[2:]] == [None, "th_btd", None, None]
