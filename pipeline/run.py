"""The batch: every stage in order, from the inbox to a new outbox.

ingest → parse → extract → validate → render.  Items stream through parse and extract one at a
time; only the records (small) are kept for validation.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__
from pipeline.config import (
    CampaignConfig,
    Unit,
    file_sha256,
    load_config,
    load_roster,
    roster_path,
)
from pipeline.forkserver import START_METHOD, start_for_first_run
from pipeline.ingest import inbox_files
from pipeline.model import InboxItem, Record, RunResult
from pipeline.register.location import read_for_run
from pipeline.render.paths import TEMPLATES_DIR
from pipeline.render.writer import write_outbox
from pipeline.validate import check_rules, validate

if TYPE_CHECKING:
    from pipeline.cache import ParseCache
    from pipeline.progress import Progress

# The cache, the extractors, the workers and the progress bar are imported where the run
# reads files: a run that finds nothing changed needs none of them (a tenth of a second).


@dataclass
class RunOptions:
    """What the command line asked for."""

    inbox: Path
    outbox: Path
    config: Path
    roster: Path | None = None
    as_of: dt.date | None = None
    jobs: int = 1


def collect_records(
    inbox: Path,
    config: CampaignConfig,
    units: list[Unit],
    jobs: int = 1,
    *,
    cache_file: Path | None = None,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    start_method: str = START_METHOD,
) -> list[Record]:
    """Ingest, parse and extract every document of the inbox, sorted by source.

    ``cache_file`` keeps parsed documents and records between runs (none when None): an
    unchanged item is neither parsed nor extracted again.  An open ``cache`` is used instead
    of opening one, and left open.  ``progress`` defaults to a bar on a terminal and plain
    lines on stderr otherwise.  ``start_method`` is how parse workers start (the fork server
    by default; see :func:`pipeline.workers.in_workers`).
    """
    from pipeline.cache import ParseCache
    from pipeline.progress import progress_for

    with contextlib.ExitStack() as stack:
        if cache is None:
            cache = stack.enter_context(ParseCache(cache_file))
        shown = stack.enter_context(progress or progress_for())
        return _collect(inbox, config, units, jobs, cache, shown, start_method)


def _collect(
    inbox: Path,
    config: CampaignConfig,
    units: list[Unit],
    jobs: int,
    cache: ParseCache,
    shown: Progress,
    start_method: str,
) -> list[Record]:
    from pipeline.cache import extract_version
    from pipeline.extract import ExtractContext
    from pipeline.extract.siblings import units_from_siblings
    from pipeline.ingest import iter_inbox
    from pipeline.workers import process_items

    ctx = ExtractContext.build(config, units)
    version = extract_version(config, units)
    records: list[Record] = []

    def not_cached() -> Iterator[InboxItem]:
        for item in iter_inbox(inbox, utc_offset=config.campaign.utc_offset):
            record = cache.get_record(item, version)
            if record is None:
                yield item
            else:
                records.append(record)
                shown.count("cached")

    records.extend(process_items(not_cached(), jobs, cache, shown, ctx, version,
                                 start_method=start_method))
    return units_from_siblings(sorted(records, key=lambda r: r.source))


PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class RunReport:
    """What a run tells its caller: the counts for the terminal, and the result when computed.

    ``reused`` is true when nothing the outputs depend on had changed since the last run and
    the outbox, checked against its manifest, was kept as it was.  ``seconds`` is the wall
    time of each stage, by STAGES key (for the terminal and the benchmark; never an output).
    """

    summary: dict[str, Any]
    result: RunResult | None = None
    reused: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


STAGES = {  # stage → how the terminal names it
    "check_inputs": "đối chiếu đầu vào",
    "read": "đọc tệp",
    "validate": "kiểm tra",
    "render": "lập kết quả",
}


def code_fingerprint() -> str:
    """The sha256 of the pipeline's code and templates: outputs depend on them too."""
    digest = hashlib.sha256()
    templates = sorted(p for p in TEMPLATES_DIR.glob("*") if p.is_file())
    files = sorted(PACKAGE_DIR.rglob("*.py")) + templates
    for path in files:
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode("utf-8"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def summarize(result: RunResult) -> dict[str, Any]:
    """The counts a person reads first: documents, unit statuses, findings and verdicts."""
    return {
        "documents": len(result.records),
        "registration": dict(sorted(Counter(u.registration for u in result.units).items())),
        "severity": dict(sorted(Counter(f.severity for f in result.findings).items())),
        "verdicts": dict(sorted(Counter(v.verdict for v in result.verdicts).items())),
        "nominees": len(result.verdicts),
    }


def reusable_outbox(outbox: Path, inputs: dict[str, Any]) -> dict[str, Any] | None:
    """The previous manifest when it was made from exactly these inputs, config, roster,
    as-of date and code, and every output it lists is still there unchanged; else None."""
    try:
        previous = json.loads((outbox / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(previous, dict) or any(previous.get(k) != v for k, v in inputs.items()):
        return None
    for output in previous.get("outputs", []):
        path = outbox / output["file"]
        if not path.is_file() or file_sha256(path) != output["sha256"]:
            return None
    return previous


def manifest(options: RunOptions, roster_file: Path, as_of: dt.date) -> dict[str, Any]:
    """What the run read, by sha256, with no wall-clock time in it (outputs are added last)."""
    return {
        "tool": "thidua-pipeline",
        "version": __version__,
        "code_sha256": code_fingerprint(),
        "config": {"path": options.config.name, "sha256": file_sha256(options.config)},
        "roster": {"path": roster_file.name, "sha256": file_sha256(roster_file)},
        "as_of": as_of.isoformat(),
        "inputs": [{"source": s, "sha256": h} for s, h in inbox_files(options.inbox)],
    }


def run(options: RunOptions) -> RunReport:
    """Run the whole pipeline and replace the outbox; an unchanged outbox is kept as it is."""
    started = time.perf_counter()
    # The fork server imports the parsers while the checks below run (the command line has
    # started it earlier still).
    first_run = start_for_first_run(options.outbox)
    config = load_config(options.config)
    check_rules(config)
    roster_file = options.roster or roster_path(options.config, config)
    units = load_roster(roster_file)
    as_of = options.as_of or dt.date.today()
    inputs = manifest(options, roster_file, as_of)
    register, register_line = read_for_run(options.config, config, options.outbox)
    if register_line is not None:
        inputs["register"] = register_line
    previous = reusable_outbox(options.outbox, inputs)
    seconds: dict[str, float] = {}

    def lap(stage: str) -> None:  # the time since the stage before ended
        seconds[stage] = time.perf_counter() - started - sum(seconds.values())

    lap("check_inputs")
    if previous is not None:
        return RunReport(summary=previous.get("summary", {}), reused=True, seconds=seconds)
    from pipeline.cache import ParseCache, cache_path
    from pipeline.render import OfficeWorker, render_all

    with contextlib.ExitStack() as stack:
        # Forked now, while this process is small and has no thread: the office worker's
        # imports overlap the parsing, and it is ready when the findings are.
        helper = stack.enter_context(OfficeWorker("fork")) if options.jobs > 1 else None
        cache = stack.enter_context(ParseCache(cache_path(options.outbox)))
        records = collect_records(options.inbox, config, units, options.jobs, cache=cache,
                                  start_method="forkserver" if first_run else "fork")
        lap("read")
        findings, statuses, verdicts = validate(records, config, units, as_of, register)
        result = RunResult(as_of.isoformat(), records, findings, statuses, verdicts)
        result.manifest = inputs
        lap("validate")
        outputs = render_all(result, config, units, office_worker=helper, memo=cache,
                             salt=inputs["code_sha256"])
    result.manifest["summary"] = summarize(result)
    result.manifest["outputs"] = [
        {"file": name, "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(outputs.items())
    ]
    outputs["manifest.json"] = (
        json.dumps(result.manifest, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
    write_outbox(options.outbox, outputs)
    lap("render")
    return RunReport(summary=result.manifest["summary"], result=result, seconds=seconds)
