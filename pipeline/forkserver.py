"""The fork server the parse workers come from, started as early as a run can tell it needs it.

Kept apart from :mod:`pipeline.workers` (which imports the cache and the extractors) so that
the command line can start it before its own imports: the server's imports of the parsers then
overlap those, and the first worker waits less.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from pathlib import Path
from typing import Final

START_METHOD: Final = "forkserver"
# Imported once in the fork server (the first pool of a process starts it), shared by all workers.
PRELOAD = ("pipeline.ingest", "pipeline.parse", "pipeline.extract")


def start_fork_server() -> None:
    """Start the fork server now, so that it imports the parsers while this process does
    other work; the first worker then starts without waiting for those imports.  A second
    call finds it running."""
    context = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload(list(PRELOAD))
    multiprocessing.forkserver.ensure_running()


def start_for_first_run(outbox: Path) -> bool:
    """Start the fork server when ``outbox`` has no manifest, and say whether it had none.

    A first run parses every file, in workers of the fork server.  A re-run mostly finds its
    records cached and forks its few workers from itself (see :func:`pipeline.workers.in_workers`),
    which is cheaper than starting the server for one or two files.
    """
    first = not (outbox / "manifest.json").is_file()
    if first:
        start_fork_server()
    return first
