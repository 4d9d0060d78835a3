"""Write the outbox whole or not at all (SPEC §7).

The new outbox is built in a sibling directory and swapped in with one atomic
``renameat2(RENAME_EXCHANGE)``; a run killed at any moment leaves the old outbox or the new
one, never a mix.  Where the kernel lacks the exchange, two renames are used and a stale
``.old`` directory left by a kill is restored on the next start.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the platform cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def recover(outbox: Path) -> None:
    """Put back an outbox that a killed two-rename swap left aside."""
    old = outbox.with_name(f".{outbox.name}.old")
    if old.exists() and not outbox.exists():
        old.rename(outbox)
    elif old.exists():
        shutil.rmtree(old, ignore_errors=True)
    for stale in outbox.parent.glob(f".{outbox.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_outbox(
    outbox: Path, files: dict[str, bytes], before_swap: Callable[[], None] | None = None
) -> None:
    """Replace ``outbox`` with exactly ``files`` (name → bytes), atomically.

    ``before_swap`` runs once the new outbox is staged and before it replaces the old one: if
    it raises, the old outbox stays as it was.
    """
    outbox = outbox.absolute()
    outbox.parent.mkdir(parents=True, exist_ok=True)
    recover(outbox)
    staging = Path(tempfile.mkdtemp(prefix=f".{outbox.name}.new-", dir=outbox.parent))
    try:
        for name, data in sorted(files.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        staging.chmod(0o755)
        if before_swap is not None:
            before_swap()
        if not outbox.exists():
            staging.rename(outbox)
            return
        if _exchange(staging, outbox):
            shutil.rmtree(staging)  # now holds the previous outbox
            return
        old = outbox.with_name(f".{outbox.name}.old")
        outbox.rename(old)
        staging.rename(outbox)
        shutil.rmtree(old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
