"""The benchmark's arithmetic: medians of alternated repeats, peaks over every run, targets."""

from __future__ import annotations

from pathlib import Path

from bench.run import SizeResult, Timed, job_alone_seconds, parallel_speedup, report


def _run(seconds: float, rss: float = 100.0) -> Timed:
    return Timed(seconds=seconds, parse_seconds=seconds / 2, rss_mb=rss, pss_mb=rss / 2,
                 stages={"đọc tệp": seconds / 2})


def _size(size: int, floors: list[float], colds: list[float], rss: float = 100.0) -> SizeResult:
    return SizeResult(
        size=size,
        floors=floors,
        colds=[_run(s) for s in colds],
        warms=[_run(0.5), _run(0.9, rss), _run(0.6)],
        changeds=[_run(2.0), _run(1.5), _run(3.0)],
        changed_parse_alone=0.003,
        speedup=1.8,
        job_alone=[f * 2 for f in floors],
    )


def test_each_figure_is_the_median_of_its_repeats_and_memory_the_peak_of_all() -> None:
    result = _size(1000, floors=[2.0, 3.0, 2.5], colds=[9.0, 7.0, 8.0], rss=450.0)
    assert result.floor == 2.5
    assert result.cold.seconds == 8.0
    assert result.warm.seconds == 0.6 and result.changed.seconds == 2.0
    assert result.ratios == [4.5, 7.0 / 3.0, 3.2]  # each cold run over the floor beside it
    assert result.peak("rss_mb") == 450.0  # a warm run's, not the median run's


def test_the_report_marks_each_target_from_the_medians() -> None:
    text = report([_size(1000, [2.5, 2.5, 2.5], [7.0, 7.5, 8.0]),
                   _size(5000, [12.0] * 3, [36.0, 30.0, 33.0], rss=420.0)], jobs=2, pool=48)
    assert "median of 3 runs" in text
    assert "cold/floor at 1,000 = 3.0 (target ≤ 3.0): met; alternated pairs: 2.8, 3.0, 3.2" in text
    assert "the workers' job alone = 2.0 × the floor; the rest of the cold run = 1.0 × " in text
    assert "warm unchanged at 1,000 = 0.60 s (target < 1.0 s): met" in text
    assert "one changed file adds 1.40 s over warm" in text and "NOT MET" in text
    assert "time(5,000)/time(1,000) cold = 4.40 (target ≤ 5.5): met" in text
    assert "peak RSS at 5,000 = 420 MB summed over all processes (target < 400 MB): NOT MET" in text
    assert "reading the inbox 1.00 s" in text  # the median changed run's stages


def test_two_processes_do_at_most_twice_the_work_of_one() -> None:
    speedup = parallel_speedup(rounds=1, loops=200_000)
    assert 0.3 < speedup < 2.6  # two cores give about 2; a loaded machine less


def test_the_workers_job_alone_is_timed_over_a_real_inbox(tmp_path: Path) -> None:
    from bench.inbox import plan, senders, spec_for
    from tests import corpus as c

    people = {unit.unit_id: sender for unit, sender in senders(2021)}
    planned = [p for p in plan(20, 2021) if p.path.endswith(".docx")][:4]
    for p in planned:
        spec = spec_for(p.index, p.kind, people[p.unit.unit_id], 2021)
        (tmp_path / f"{p.index}.docx").write_bytes(c.build_docx(spec, seed=1))
    assert 0.0 < job_alone_seconds(tmp_path, 2) < 60.0
