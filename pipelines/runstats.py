"""Extension: at the end of a site's crawl, write its statistics into ``runs``.

Runs after Scrapy's CoreStats on ``spider_closed``, so the finish reason and
elapsed time are known. The per-site summary printed by ``crawler crawl`` is
read back from this row.
"""

from __future__ import annotations

import logging

from scrapy import signals

from archive import schema, store
from crawler import paths

logger = logging.getLogger(__name__)


def site_summary(stats: dict) -> dict:
    """The figures a maintainer looks at, from Scrapy's stats dictionary."""
    statuses = {
        key.rsplit("/", 1)[1]: value
        for key, value in stats.items()
        if key.startswith("downloader/response_status_count/")
    }
    errors = {
        key.split("/", 2)[2]: value for key, value in stats.items() if key.startswith("archive/errors/")
    }
    return {
        "pages": stats.get("response_received_count", 0),
        "articles_new": stats.get("archive/articles_new", 0),
        "articles_updated": stats.get("archive/articles_updated", 0),
        "articles_unchanged": stats.get("archive/articles_unchanged", 0),
        "extract_failed": stats.get("archive/extract_failed", 0),
        "median_words": stats.get("archive/median_words"),
        "no_published_date": stats.get("archive/no_published_date", 0),
        "errors": errors,
        "http_status": statuses,
        "retries": stats.get("retry/count", 0),
        "robots_forbidden": stats.get("robotstxt/forbidden", 0),
        "warc_records": stats.get("archive/warc_records", 0),
        "finish_reason": stats.get("finish_reason"),
        "elapsed_seconds": round(stats.get("elapsed_time_seconds", 0) or 0, 2),
    }


class RunStats:
    def __init__(self, crawler):
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        run_id = stats.get("archive/run_id")
        if not run_id:
            return
        summary = site_summary(stats)
        summary["finish_reason"] = summary["finish_reason"] or reason
        db = schema.connect(paths.db_path(self.crawler.settings))
        try:
            store.add_run_stats(db, run_id, spider.name, summary)
        finally:
            db.close()
