"""Progress of long commands on stderr: files done / total, rows per second."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Rewrites one line on a terminal; prints a line every `every` items otherwise."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, every: int = 100) -> None:
        self.label, self.total, self.done, self.rows = label, total, 0, 0
        self.stream = stream or sys.stderr
        self.every = every
        self.started = time.perf_counter()
        self._tty = self.stream.isatty()

    def advance(self, files: int = 1, rows: int = 0) -> None:
        self.done += files
        self.rows += rows
        if self._tty or self.done % self.every == 0 or self.done == self.total:
            self._write()

    def finish(self) -> float:
        elapsed = time.perf_counter() - self.started
        if self._tty:
            self.stream.write("\n")
        return elapsed

    def _write(self) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        percent = 100 * self.done / self.total if self.total else 100
        rate = f"{self.rows / elapsed:,.0f} 行/秒" if self.rows else f"{self.done / elapsed:,.0f} 个/秒"
        line = f"{self.label}: {self.done}/{self.total} ({percent:.0f}%) {rate}"
        self.stream.write(f"\r{line}" if self._tty else f"{line}\n")
        self.stream.flush()
