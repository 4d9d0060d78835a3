"""Where parse and extract time goes: both run in this one process over a benchmark corpus.

``python -m bench.profile_parse .bench/inbox-2021-200`` (pyinstrument must be installed); the
pipeline itself parses in workers, which a profiler of the main process does not see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyinstrument import Profiler

from pipeline.config import load_config, load_roster
from pipeline.extract import ExtractContext, extract_record
from pipeline.ingest import iter_inbox
from pipeline.parse import parse_item

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Profile ingest, parse and extract of every document of an inbox; print the tree."""
    inbox = Path((argv if argv is not None else sys.argv[1:])[0])
    config = load_config(ROOT / "config" / "campaign_2021.yaml")
    ctx = ExtractContext.build(config, load_roster(ROOT / "config" / "units.csv"))
    profiler = Profiler()
    profiler.start()
    for item in iter_inbox(inbox):
        extract_record(item, parse_item(item), ctx)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
