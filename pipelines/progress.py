"""Extension: on a terminal, one live progress line for every site the process crawls.

Pages fetched, articles new and updated, extraction failures and errors,
summed over the crawlers of the process (one per site), drawn by
``crawler.progress``. Off a terminal this stays off and Scrapy's own LogStats
logs each site's rate every ``LOGSTATS_INTERVAL`` seconds.
"""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.progress import Progress

_shared: dict = {"progress": None, "stats": {}, "loop": None, "open": 0}


def _figures() -> dict:
    stats = list(_shared["stats"].values())

    def total(key):
        return sum(s.get_value(key, 0) for s in stats)

    errors = sum(v for s in stats for k, v in s.get_stats().items() if k.startswith("archive/errors/"))
    return {
        "pages": total("response_received_count"),
        "new": total("archive/articles_new"),
        "updated": total("archive/articles_updated"),
        "extract failed": total("archive/extract_failed"),
        "errors": errors,
    }


def _tick() -> None:
    figures = _figures()
    _shared["progress"].update(figures.pop("pages"), **figures)


class CrawlProgress:
    def __init__(self, crawler):
        if not crawler.settings.getbool("ARCHIVE_PROGRESS") or not sys.stderr.isatty():
            raise NotConfigured
        self.crawler = crawler
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def opened(self, spider):
        from twisted.internet import task

        _shared["stats"][spider.name] = self.crawler.stats
        _shared["open"] += 1
        if _shared["progress"] is None:
            _shared["progress"] = Progress("crawling: pages")
            _shared["loop"] = task.LoopingCall(_tick)
            _shared["loop"].start(0.5, now=False)

    def closed(self, spider, reason):
        if _shared["progress"] is None:
            return
        _shared["open"] -= 1
        if _shared["open"] <= 0:
            _tick()
            if _shared["loop"].running:
                _shared["loop"].stop()
            _shared["progress"].close()
            _shared.update(progress=None, stats={}, loop=None, open=0)
