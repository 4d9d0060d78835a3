"""``make bench``: the pipeline's speed at 200, 1,000 and 5,000 documents, against a floor.

For each size, on the same files: the floor (pypdfium2 text of each PDF plus zipfile + lxml
text of each DOCX, in this one process), then ``python -m pipeline run`` as a user runs it —
cold (no parse cache), warm with nothing changed, warm with one DOCX changed — with wall time,
documents per second and the peak memory of the whole run (main process and workers, sampled
from /proc).  Just before the floor it also measures how much two processes get done at once
(the pipeline parses in two workers, the floor in one): on a shared virtual machine that
varies from minute to minute, and the ratio cold/floor with it.  Corpora are generated from a
seed and kept under ``.bench/`` between runs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2
from lxml import etree

from bench.inbox import ROOT, build_inbox, describe, plan, senders, spec_for
from tests import corpus as c

BENCH_DIR = ROOT / ".bench"
AS_OF = "2021-07-10"
SAMPLE_S = 0.05
TARGET_COLD_OVER_FLOOR = 3.0  # at 1,000 documents
TARGET_WARM_S = 1.0  # at 1,000 documents
TARGET_SCALING = 5.5  # time(5,000) / time(1,000)
TARGET_RSS_MB = 400.0  # at 5,000 documents
STAGE_NAMES = {"đối chiếu đầu vào": "checking the inputs", "đọc tệp": "reading the inbox",
               "kiểm tra": "validation", "lập kết quả": "rendering and writing"}
_PARSE_LINE = re.compile(r"Đã đọc xong (\d+) tệp trong ([\d,]+) giây")
_STAGE = re.compile(r"(đối chiếu đầu vào|đọc tệp|kiểm tra|lập kết quả) ([\d,]+) giây")


@dataclass
class Timed:
    """One run of the pipeline: wall seconds, seconds spent parsing, peak memory (MB)."""

    seconds: float
    parse_seconds: float
    rss_mb: float
    pss_mb: float
    stages: dict[str, float] = field(default_factory=dict)  # as the CLI's "Thời gian" line


@dataclass
class SizeResult:
    """Every measurement of one corpus size: each kind repeated, in the order taken.

    Floors and cold runs alternate, so that both see the machine in the same moods; a
    figure is the median of its repeats, a peak memory the highest of all runs.
    """

    size: int
    floors: list[float]
    colds: list[Timed]
    warms: list[Timed]
    changeds: list[Timed]
    changed_parse_alone: float
    speedup: float = float("nan")  # what two processes did at once, in units of one
    job_alone: list[float] = field(default_factory=list)  # the workers' job without the run

    @property
    def floor(self) -> float:
        return _lower_median(self.floors)

    @property
    def job(self) -> float:
        return _lower_median(self.job_alone) if self.job_alone else float("nan")

    @property
    def cold(self) -> Timed:
        return _median_run(self.colds)

    @property
    def warm(self) -> Timed:
        return _median_run(self.warms)

    @property
    def changed(self) -> Timed:
        return _median_run(self.changeds)

    @property
    def ratios(self) -> list[float]:
        """cold/floor of each alternated pair."""
        return [c.seconds / f for c, f in zip(self.colds, self.floors, strict=True)]

    def peak(self, key: str) -> float:
        """The highest peak memory (``rss_mb`` or ``pss_mb``) of all runs of this size."""
        return max(getattr(t, key) for t in self.colds + self.warms + self.changeds)


def _lower_median(values: list[float]) -> float:
    """The median, the lower middle one of an even number: a value that was measured."""
    return sorted(values)[(len(values) - 1) // 2]


def _median_run(runs: list[Timed]) -> Timed:
    """The run of median wall time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda t: t.seconds)[(len(runs) - 1) // 2]


# ------------------------------------------------------------------------ measuring


def floor_seconds(inbox: Path) -> float:
    """Text of every file by the cheapest means: pypdfium2 for PDF, zipfile + lxml for DOCX."""
    files = sorted(p for p in inbox.rglob("*") if p.is_file())
    started = time.perf_counter()
    for path in files:
        if path.suffix == ".pdf":
            pdf = pypdfium2.PdfDocument(path.read_bytes())
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
        else:
            with zipfile.ZipFile(path) as package:
                "".join(etree.fromstring(package.read("word/document.xml")).itertext())
    return time.perf_counter() - started


def job_alone_seconds(inbox: Path, processes: int) -> float:
    """The workers' job alone over every item of ``inbox`` (read, parse, extract, encode:
    :class:`pipeline.workers.DocumentJob`), split among ``processes`` processes forked once
    the parsers are imported: what a cold run would take with no walk of the inbox, no
    dispatch, no validation and no output."""
    from pipeline.config import load_config, load_roster
    from pipeline.extract import ExtractContext
    from pipeline.ingest import iter_inbox
    from pipeline.workers import DocumentJob

    config = load_config(ROOT / "config" / "campaign_2021.yaml")
    job = DocumentJob(ExtractContext.build(config, load_roster(ROOT / "config" / "units.csv")))
    items = [replace(item, data=b"") if item.path else item for item in iter_inbox(inbox)]
    started = time.perf_counter()
    children = []
    for k in range(processes):
        pid = os.fork()
        if pid == 0:  # the child: its exit status says whether every job ran
            status = 1
            try:
                for item in items[k::processes]:
                    job(item)
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise RuntimeError(f"the workers' job failed in {len(failed)} of {processes} processes")
    return time.perf_counter() - started


def _spin(loops: int) -> float:
    """Seconds of a pure-Python loop: CPU only, no memory traffic to speak of."""
    started = time.perf_counter()
    total = 0
    for i in range(loops):
        total += i
    return time.perf_counter() - started


def parallel_speedup(rounds: int = 3, loops: int = 3_000_000) -> float:
    """How much work two processes do at once, in units of one process alone, now.

    2.0 means two full cores.  A shared virtual machine often gives less, and it varies from
    minute to minute: the pipeline parses in two workers, the floor runs in one process, so
    the ratio cold/floor depends on it.  Alone and together alternate, medians are compared.
    """
    alone, both = [], []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(rounds):
            alone.append(_spin(loops))
            both.append(max(pool.map(_spin, [loops, loops])))
    return 2 * statistics.median(alone) / statistics.median(both)


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_rss = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            rss = pss = 0
            for pid in _descendants(self.pid):
                rss += _status_kb(pid, "VmRSS")
                pss += _rollup_kb(pid, "Pss")
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self.done.wait(SAMPLE_S)


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rollup_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_pipeline(inbox: Path, outbox: Path, jobs: int) -> Timed:
    """``python -m pipeline run`` as a user runs it, timed, with its memory sampled."""
    command = [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--outbox",
               str(outbox), "--as-of", AS_OF, "--jobs", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    memory = TreeMemory(process.pid)
    memory.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise RuntimeError(f"pipeline run failed ({process.returncode}):\n{out}\n{err}")
    match = _PARSE_LINE.search(err)
    parse = float(match.group(2).replace(",", ".")) if match else float("nan")
    stages = {name: float(value.replace(",", ".")) for name, value in _STAGE.findall(err)}
    return Timed(seconds, parse, memory.peak_rss / 1024, memory.peak_pss / 1024, stages)


def one_parse_seconds(path: Path) -> float:
    """How long the pipeline's parser takes on one file, in this process (best of three)."""
    from pipeline.ingest import iter_inbox
    from pipeline.parse import parse_item

    folder = BENCH_DIR / "one"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(path, folder / path.name)
    [item] = list(iter_inbox(folder))
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        parse_item(item)
        best = min(best, time.perf_counter() - started)
    return best


def measure(size: int, seed: int, jobs: int, pool: int, repeat: int) -> SizeResult:
    """Build (or reuse) the corpus of ``size`` documents and take every measurement,
    ``repeat`` times each."""
    inbox = BENCH_DIR / f"inbox-{seed}-{size}"
    started = time.perf_counter()
    build_inbox(inbox, size, seed, BENCH_DIR, pool=pool)
    print(f"[{size}] corpus ready in {time.perf_counter() - started:.1f} s: {inbox}", flush=True)
    outbox = BENCH_DIR / f"outbox-{size}"
    cache = outbox.with_name(f".{outbox.name}.cache.sqlite")
    floor_seconds(inbox)  # read every file once, so that both sides find them in the OS cache
    speedup = parallel_speedup()
    floors, colds, alone = [], [], []
    for _ in range(repeat):
        floors.append(floor_seconds(inbox))
        alone.append(job_alone_seconds(inbox, jobs))
        shutil.rmtree(outbox, ignore_errors=True)
        cache.unlink(missing_ok=True)
        colds.append(run_pipeline(inbox, outbox, jobs))
    warms = [run_pipeline(inbox, outbox, jobs) for _ in range(repeat)]
    target = next(p for p in plan(size, seed) if p.path.endswith(".docx"))
    changed_path = inbox / target.path
    people = {unit.unit_id: sender for unit, sender in senders(seed)}
    original = changed_path.read_bytes()
    changeds = []
    try:
        for k in range(repeat):  # each run finds one file changed since the run before
            new = c.build_docx(spec_for(target.index + 1_000_000 + k, target.kind,
                                        people[target.unit.unit_id], seed), seed=1)
            changed_path.unlink()  # the inbox file is a hard link into the store: replace it
            changed_path.write_bytes(new)
            changeds.append(run_pipeline(inbox, outbox, jobs))
        parse_alone = one_parse_seconds(changed_path)
    finally:
        changed_path.unlink()
        changed_path.write_bytes(original)
    return SizeResult(size, floors, colds, warms, changeds, parse_alone, speedup, alone)


# ------------------------------------------------------------------------- reporting


def report(results: list[SizeResult], jobs: int, pool: int) -> str:
    """The benchmark's printed table, ratios and targets."""
    repeat = len(results[0].colds) if results else 0
    lines = [
        f"Machine: {os.cpu_count()} cores; --jobs {jobs}; Python {sys.version.split()[0]}.",
        describe(pool),
        f"Each figure is the median of {repeat} runs; floors and cold runs alternate.",
        "",
        f"{'docs':>6} {'floor s':>8} {'cold s':>8} {'parse s':>8} {'docs/s':>7} "
        f"{'cold/floor':>10} {'warm s':>7} {'1 changed s':>11} {'its parse s':>11} "
        f"{'peak RSS MB':>11} {'peak PSS MB':>11} {'2-proc x':>8} {'job s':>6}",
    ]
    for r in results:
        lines.append(
            f"{r.size:>6} {r.floor:>8.2f} {r.cold.seconds:>8.2f} {r.cold.parse_seconds:>8.2f} "
            f"{r.size / r.cold.seconds:>7.1f} {r.cold.seconds / r.floor:>10.1f} "
            f"{r.warm.seconds:>7.2f} {r.changed.seconds:>11.2f} {r.changed_parse_alone:>11.3f} "
            f"{r.peak('rss_mb'):>11.0f} {r.peak('pss_mb'):>11.0f} {r.speedup:>8.2f} "
            f"{r.job:>6.2f}"
        )
    lines.append("")
    lines.append("2-proc x: the work two processes did at once, in units of one alone, "
                 "measured just before the floor (2.00 = two full cores).")
    lines.append(f"job s: the workers' job alone (read, parse, extract, encode) in {jobs} "
                 "processes, measured beside each floor: no walk, dispatch, validation or output.")
    lines.extend(_targets({r.size: r for r in results}))
    return "\n".join(lines)


def _targets(by_size: dict[int, SizeResult]) -> list[str]:
    def mark(ok: bool) -> str:
        return "met" if ok else "NOT MET"

    out = []
    if 1000 in by_size:
        r = by_size[1000]
        ratio = r.cold.seconds / r.floor
        pairs = ", ".join(f"{x:.1f}" for x in r.ratios)
        out.append(f"cold/floor at 1,000 = {ratio:.1f} (target ≤ {TARGET_COLD_OVER_FLOOR}): "
                   f"{mark(ratio <= TARGET_COLD_OVER_FLOOR)}; alternated pairs: {pairs}")
        out.append(f"  the workers' job alone = {r.job / r.floor:.1f} × the floor; the rest of the "
                   f"cold run = {(r.cold.seconds - r.job) / r.floor:.1f} × the floor")
        out.append(f"warm unchanged at 1,000 = {r.warm.seconds:.2f} s (target < {TARGET_WARM_S} s):"
                   f" {mark(r.warm.seconds < TARGET_WARM_S)}")
        extra = r.changed.seconds - r.warm.seconds
        out.append(f"one changed file adds {extra:.2f} s over warm (target ≤ its own parse, "
                   f"{r.changed_parse_alone:.3f} s): {mark(extra <= r.changed_parse_alone)}")
        stages = r.changed.stages
        if stages:
            out.append("  the changed run's stages: " + ", ".join(
                f"{STAGE_NAMES.get(k, k)} {v:.2f} s" for k, v in stages.items()))
    if 1000 in by_size and 5000 in by_size:
        scaling = by_size[5000].cold.seconds / by_size[1000].cold.seconds
        out.append(f"time(5,000)/time(1,000) cold = {scaling:.2f} (target ≤ {TARGET_SCALING}): "
                   f"{mark(scaling <= TARGET_SCALING)}")
    if 5000 in by_size:
        r = by_size[5000]
        rss = r.peak("rss_mb")
        out.append(f"peak RSS at 5,000 = {rss:.0f} MB summed over all processes (target < "
                   f"{TARGET_RSS_MB:.0f} MB): {mark(rss < TARGET_RSS_MB)}")
    if not out:
        out.append("Targets are stated at 1,000 and 5,000 documents: run those sizes to check.")
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure every requested size and print the table."""
    parser = argparse.ArgumentParser(description="Benchmark the pipeline against a floor.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pool", type=int, default=48, help="distinct LibreOffice PDFs")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each kind per size (medians are printed)")
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(exist_ok=True)
    repeat = max(1, args.repeat)
    results = [measure(size, args.seed, args.jobs, args.pool, repeat) for size in args.sizes]
    print()
    print(report(results, args.jobs, args.pool))
    return 0


if __name__ == "__main__":
    sys.exit(main())
