"""A short fuzz as part of ``make test``: mutated DOCX, PDF, EML and ZIP never crash the batch,
hang, or vanish (the long run is ``make fuzz``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.fuzz import Case, build_seeds, check, mutate, run_fuzz

SECONDS = 20.0
SEED = 20210504


@pytest.fixture(scope="module")
def seeds_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz_seeds")


def test_a_short_fuzz_finds_no_crash_hang_or_lost_file(seeds_dir: Path) -> None:
    report = run_fuzz(SECONDS, seed=SEED, jobs=2, seeds_dir=seeds_dir)
    if report.failures:
        lines = [f"{case.recipe}: {reason.splitlines()[0]}" for case, reason in report.failures]
        first = report.failures[0][1]
        pytest.fail(f"{len(lines)} of {report.tried} inputs failed:\n" + "\n".join(lines)
                    + f"\n\nfirst failure in full:\n{first}")
    assert report.tried >= 100
    assert 0 < report.unreadable < report.records  # mutants reach the parsers, not only errors
    assert set(report.by_seed) >= {"form.docx", "tiny.pdf", "thu.eml", "goi.zip"}


def test_the_mutations_are_seeded_and_change_the_input(seeds_dir: Path) -> None:
    seeds = build_seeds(seeds_dir)
    rng, again_rng = random.Random(5), random.Random(5)
    first = [mutate(rng, seeds) for _ in range(5)]
    again = [mutate(again_rng, seeds) for _ in range(5)]
    assert first == again
    assert len({case.data for case in first}) == 5
    assert all(case.data not in {s.data for s in seeds} for case in first)


def test_the_check_counts_every_document_of_an_input(seeds_dir: Path) -> None:
    seeds = {s.name: s for s in build_seeds(seeds_dir)}
    assert check(Case("goi.zip", seeds["goi.zip"].data, "valid")) == (2, 0)
    assert check(Case("rong.docx", b"", "empty")) == (1, 1)
