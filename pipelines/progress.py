"""Extension: progress of a crawl, one line for all sites of the process.

On a terminal a live line (pages/s, articles stored, errors) is redrawn on
stderr; otherwise a plain log line every ``ARCHIVE_PROGRESS_INTERVAL`` seconds
(default 30), so cron and systemd logs stay readable.
"""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


class _Shared:
    """Counts from every crawler of the process, drawn as one line."""

    def __init__(self, tty: bool, interval: float):
        self.tty = tty
        self.interval = interval
        self.stats: dict[str, object] = {}
        self.open = 0
        self.started = time.monotonic()
        self.loop = None

    def line(self) -> str:
        get = lambda key: sum(s.get_value(key, 0) for s in self.stats.values())  # noqa: E731
        pages = get("response_received_count")
        elapsed = max(time.monotonic() - self.started, 1e-9)
        errors = sum(
            v for s in self.stats.values() for k, v in s.get_stats().items() if k.startswith("archive/errors/")
        )
        return (
            f"{len(self.stats)} site(s): {pages} pages ({pages / elapsed:.1f}/s), "
            f"{get('archive/articles_new')} new / {get('archive/articles_updated')} updated articles, "
            f"{get('archive/extract_failed')} extraction failures, {errors} errors"
        )

    def tick(self) -> None:
        if self.tty:
            sys.stderr.write("\r\033[K" + self.line())
            sys.stderr.flush()
        else:
            logger.info("progress: %s", self.line())


_shared: _Shared | None = None


class CrawlProgress:
    def __init__(self, crawler):
        if not crawler.settings.getbool("ARCHIVE_PROGRESS", True):
            raise NotConfigured
        self.crawler = crawler
        self.tty = sys.stderr.isatty()
        self.interval = 0.5 if self.tty else crawler.settings.getfloat("ARCHIVE_PROGRESS_INTERVAL", 30.0)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        global _shared
        from twisted.internet import task

        if _shared is None:
            _shared = _Shared(self.tty, self.interval)
        _shared.stats[spider.name] = self.crawler.stats
        _shared.open += 1
        if _shared.loop is None:
            _shared.loop = task.LoopingCall(_shared.tick)
            _shared.loop.start(_shared.interval, now=False)

    def closed(self, spider, reason):
        global _shared
        if _shared is None:
            return
        _shared.open -= 1
        if _shared.open <= 0:
            if _shared.loop is not None and _shared.loop.running:
                _shared.loop.stop()
            if _shared.tty:
                _shared.tick()
                sys.stderr.write("\n")
            _shared = None
