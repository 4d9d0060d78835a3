"""The extractors against documents other people wrote (issue 14): the figures must hold.

``tests/fixtures/variety`` is a corpus written from the published forms by an author who had
not read the extractors, with the facts a clerk reads from each file written by hand.  The
whole pipeline runs on it through the command line and the outbox is scored as a user would
read it (``tests/accuracy.py``; ``make accuracy`` prints the table).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accuracy import OUTSIDE, THRESHOLDS, VARIETY, Score, report, score_corpus


@pytest.fixture(scope="module")
def variety(tmp_path_factory: pytest.TempPathFactory) -> Score:
    if not (VARIETY / "expected.json").exists():
        pytest.fail("the variety corpus is missing: tests/fixtures/variety/expected.json")
    return score_corpus(VARIETY, tmp_path_factory.mktemp("variety") / "outbox")


@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_variety_corpus_meets_the_threshold(variety: Score, field: str) -> None:
    tally = variety.fields[field]
    floor = THRESHOLDS[field]
    assert tally.recall >= floor and tally.precision >= floor, report(variety, verbose=True)


def test_no_extra_nominee_on_the_variety_corpus(variety: Score) -> None:
    """A wrong nominee is worse than a missing one: none may be invented."""
    assert variety.fields["nominee_names"].fp == 0, variety.fields["nominee_names"].misses


def test_every_variety_file_is_accounted_for(variety: Score) -> None:
    accounted = variety.fields.get("accounted_for")
    assert accounted is not None and accounted.fn == 0 and accounted.fp == 0


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Score:
    if not (OUTSIDE / "expected.json").exists():
        pytest.skip(f"the outside document set is not beside the project ({OUTSIDE})")
    return score_corpus(OUTSIDE, tmp_path_factory.mktemp("outside") / "outbox")


@pytest.mark.parametrize("field", ["doc_type", "unit"])
def test_outside_set_types_and_units(outside: Score, field: str) -> None:
    tally = outside.fields[field]
    assert tally.precision == 1.0 and tally.recall == 1.0, report(outside, verbose=True)


def test_no_extra_nominee_on_the_outside_set(outside: Score) -> None:
    assert outside.fields["nominee_names"].fp == 0, outside.fields["nominee_names"].misses


def test_scorer_counts_a_wrong_value_as_both_extra_and_missed(tmp_path: Path) -> None:
    """The scorer itself: a wrong value costs precision and recall, a missing one recall."""
    from tests.accuracy import Tally

    tally = Tally()
    tally.add("a", "a", "x")
    tally.add("b", "c", "y")
    tally.add("d", None, "z")
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 2)
    assert tally.precision == 0.5 and tally.recall == pytest.approx(1 / 3)
