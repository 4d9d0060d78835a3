"""CPU seconds of each stage of a worker's job, over a benchmark corpus, in this one process.

``python -m bench.stage_times .bench/inbox-2021-1000`` prints parse and extract seconds per
format and the cache encoding, unprofiled: what the workers of a cold run spend in all, to
set beside the floor that ``make bench`` measures.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.cache import encode_document, encode_record
from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.ingest import iter_inbox
from pipeline.parse import parse_item

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Time parse, extract and encode of every document of an inbox; print the totals."""
    inbox = Path((argv if argv is not None else sys.argv[1:])[0])
    config = load_config(ROOT / "config" / "campaign_2021.yaml")
    ctx = ExtractContext.build(config, load_roster(ROOT / "config" / "units.csv"))
    seconds: dict[str, float] = defaultdict(float)
    formats: Counter[str] = Counter()
    for item in iter_inbox(inbox):
        started = time.perf_counter()
        doc = parse_item(item)
        parsed = time.perf_counter()
        record = extract_record(item, doc, ctx)
        extracted = time.perf_counter()
        encode_document(doc)
        encode_record(record)
        seconds[f"parse {item.format}"] += parsed - started
        seconds[f"extract {item.format}"] += extracted - parsed
        seconds["encode for the cache"] += time.perf_counter() - extracted
        formats[item.format] += 1
    for stage, value in sorted(seconds.items()):
        print(f"{stage:22} {value:7.2f} s")
    print(f"{'in all':22} {sum(seconds.values()):7.2f} s for "
          + ", ".join(f"{n} {fmt}" for fmt, n in sorted(formats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
