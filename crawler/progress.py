"""Progress for long work: a live line on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    """Counts work done; redraws at most every ``interval`` seconds.

    On a terminal the line is redrawn in place; elsewhere (cron, CI, logs) a
    plain line is printed every ``log_every`` seconds so logs stay readable.
    """

    def __init__(self, label: str, total: int | None = None, *, stream=None, interval=0.2, log_every=10.0):
        self.label = label
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if self.tty else log_every
        self.started = time.monotonic()
        self.last = 0.0
        self.done = 0
        self.counts: dict[str, int] = {}

    def advance(self, n: int = 1, **counts: int) -> None:
        self.done += n
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._emit(final=False)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        total = f"/{self.total}" if self.total is not None else ""
        extra = "".join(f", {k} {v}" for k, v in self.counts.items())
        return f"{self.label}: {self.done}{total} ({self.done / elapsed:.1f}/s{extra})"

    def _emit(self, *, final: bool) -> None:
        if self.tty:
            end = "\n" if final else ""
            self.stream.write("\r\033[K" + self.line() + end)
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def close(self) -> None:
        self._emit(final=True)
