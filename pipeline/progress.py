"""How far the parsing has got: a live bar on a terminal, plain lines in logs and CI.

Progress goes to stderr only and never into the outbox (outputs carry no wall-clock time).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress
from rich.text import Text

LINE_EVERY_DOCS = 200  # a plain line after this many documents …
LINE_EVERY_S = 5.0  # … or this many seconds, whichever comes first
KINDS = ("parsed", "cached", "skipped", "failed")
LABEL = "Đang đọc tệp"


@dataclass
class ParseStats:
    """How each document was obtained: parsed now, from the cache, not parseable, failed."""

    parsed: int = 0  # parsed in a worker
    cached: int = 0  # taken from the parse cache
    skipped: int = 0  # nothing to parse (ingest already found it unreadable, or empty)
    failed: int = 0  # time limit, memory limit or a crashed worker

    @property
    def total(self) -> int:
        """Every document counted so far."""
        return self.parsed + self.cached + self.skipped + self.failed


def _decimal(value: float) -> str:
    """One decimal, with the Vietnamese decimal comma."""
    return f"{value:.1f}".replace(".", ",")


class Progress:
    """Counts documents and shows how the parsing goes; subclasses decide how it is shown."""

    def __init__(self) -> None:
        self.stats = ParseStats()
        self.started = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, kind: str) -> None:
        """One more document of ``kind`` (one of ``KINDS``)."""
        setattr(self.stats, kind, getattr(self.stats, kind) + 1)
        self.show()

    def show(self) -> None:
        """Display the counts (nothing here: a silent progress)."""

    def close(self) -> None:
        """End the display."""

    def rate(self) -> float:
        """Documents per second since the start."""
        return self.stats.total / max(time.monotonic() - self.started, 1e-6)

    def counts(self) -> str:
        """ "12 đọc mới, 30 từ bộ nhớ đệm, …" — only the kinds that occurred."""
        s = self.stats
        parts = [f"{s.parsed} đọc mới", f"{s.cached} lấy từ bộ nhớ đệm"]
        if s.skipped:
            parts.append(f"{s.skipped} không đọc được từ đầu")
        if s.failed:
            parts.append(f"{s.failed} lỗi khi đọc (quá thời gian, quá bộ nhớ, bộ đọc dừng)")
        return ", ".join(parts)

    def summary(self) -> str:
        """The closing line."""
        elapsed = time.monotonic() - self.started
        return (
            f"Đã đọc xong {self.stats.total} tệp trong {_decimal(elapsed)} giây "
            f"({_decimal(self.rate())} tệp/giây): {self.counts()}."
        )


class LineProgress(Progress):
    """Plain lines, every ``LINE_EVERY_DOCS`` documents or ``LINE_EVERY_S`` seconds."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self._last_time = self.started
        self._last_total = 0

    def show(self) -> None:
        now = time.monotonic()
        total = self.stats.total
        if total - self._last_total >= LINE_EVERY_DOCS or now - self._last_time >= LINE_EVERY_S:
            self._last_time, self._last_total = now, total
            self._write(
                f"{LABEL}: {total} tệp ({self.counts()}), {_decimal(self.rate())} tệp/giây"
            )

    def close(self) -> None:
        self._write(self.summary())

    def _write(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


class _RateColumn(ProgressColumn):
    """Documents per second, with a Vietnamese unit."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{_decimal(speed)} tệp/giây" if speed else "", style="progress.data.speed")


class BarProgress(Progress):
    """A live rich bar on a terminal: count, cached count, rate and elapsed time."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.console = Console(file=stream)
        self._bar = RichProgress(
            SpinnerColumn(),
            TextColumn(LABEL),
            BarColumn(),
            TextColumn("{task.completed} tệp ({task.fields[cached]} từ bộ nhớ đệm)"),
            _RateColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self._task = self._bar.add_task(LABEL, total=None, cached=0)
        self._bar.start()

    def show(self) -> None:
        self._bar.update(self._task, completed=self.stats.total, cached=self.stats.cached)

    def close(self) -> None:
        self._bar.stop()
        self.console.print(self.summary(), highlight=False)


def progress_for(stream: TextIO | None = None) -> Progress:
    """A bar when ``stream`` (default stderr) is a terminal, plain lines otherwise."""
    stream = stream if stream is not None else sys.stderr
    return BarProgress(stream) if stream.isatty() else LineProgress(stream)
