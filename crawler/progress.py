"""Progress of long work, the one reporter: rich's live line on a terminal, a log line elsewhere.

``crawler crawl`` (all sites of the process on one line) and ``crawler
reextract`` report through it. Off a terminal (cron, systemd, CI) nothing is
redrawn: a plain log line every ``log_every`` seconds keeps logs readable.
"""

from __future__ import annotations

import logging
import sys
import time

logger = logging.getLogger(__name__)


class Progress:
    """Counts of work done under ``label``; ``total`` when known.

    ``update(done, **counts)`` sets the figures (``advance`` adds to them);
    ``close()`` draws or logs the last state.
    """

    def __init__(self, label: str, total: int | None = None, *, log_every: float = 30.0, stream=None):
        self.label = label
        self.total = total
        self.done = 0
        self.counts: dict[str, int] = {}
        self.started = time.monotonic()
        self.log_every = log_every
        self._logged = self.started
        stream = stream or sys.stderr
        self._live = None
        if stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            columns = [TextColumn("{task.description}")]
            if total is not None:
                columns += [BarColumn(), MofNCompleteColumn()]
            columns += [TextColumn("{task.fields[line]}"), TimeElapsedColumn()]
            self._live = Bar(*columns, console=Console(file=stream), transient=False)
            self._task = self._live.add_task(label, total=total, line="")
            self._live.start()

    def line(self) -> str:
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        extra = "".join(f", {k} {v}" for k, v in self.counts.items())
        total = f"/{self.total}" if self.total is not None else ""
        return f"{self.done}{total} ({rate:.1f}/s{extra})"

    def update(self, done: int, **counts: int) -> None:
        self.done = done
        self.counts.update(counts)
        self._show()

    def advance(self, n: int = 1, **counts: int) -> None:
        self.update(self.done + n, **{k: self.counts.get(k, 0) + v for k, v in counts.items()})

    def _show(self) -> None:
        if self._live is not None:
            self._live.update(self._task, completed=self.done, line=self.line())
        elif time.monotonic() - self._logged >= self.log_every:
            self._logged = time.monotonic()
            logger.info("%s: %s", self.label, self.line())

    def close(self) -> None:
        if self._live is not None:
            self._live.update(self._task, completed=self.done, line=self.line())
            self._live.stop()
        else:
            logger.info("%s: %s", self.label, self.line())
