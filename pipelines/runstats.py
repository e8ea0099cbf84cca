"""Extension: the run a site's crawl belongs to, and its statistics in ``runs`` at the end.

When the crawl opens, the run is ``ARCHIVE_RUN_ID`` (set by ``crawler crawl``
for all its sites) or a new ``runs`` row (``scrapy crawl SITE``); its id goes
into the crawl's stats as ``archive/run_id`` for the other components. At the
end (after Scrapy's CoreStats on ``spider_closed``, so the finish reason and
elapsed time are known) the site's figures are merged into that row; the
per-site summary printed by ``crawler crawl`` is read back from it.
"""

from __future__ import annotations

import logging

from scrapy import signals

from archive import store
from crawler.sites import registry
from pipelines.database import database

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
        "skipped": {
            key.split("/", 2)[2]: value for key, value in stats.items() if key.startswith("archive/skipped/")
        },
        "charset_faults": stats.get("archive/charset_faults", 0),
        "resumed": stats.get("archive/resumed", 0),
        "revisits": stats.get("archive/revisits", 0),
        "articles_versioned": stats.get("archive/articles_versioned", 0),
        "articles_removed": stats.get("archive/articles_removed", 0),
        "articles_restored": stats.get("archive/articles_restored", 0),
        "links_seen": stats.get("archive/links_seen", 0),
        "link_shapes": stats.get("archive/link_shapes"),
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
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        db = database(self.crawler)
        run_id = self.crawler.settings.getint("ARCHIVE_RUN_ID") or None
        if run_id is None:
            store.upsert_sites(db, registry().values())
            run_id = store.start_run(db, [spider.name], command=f"scrapy crawl {spider.name}")
        self.crawler.stats.set_value("archive/run_id", run_id)
        self.crawler.stats.set_value("archive/db", str(db.conn.execute("pragma database_list").fetchone()[2]))

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats.get_stats()
        summary = site_summary(stats)
        summary["finish_reason"] = summary["finish_reason"] or reason
        summary["discovery"] = self.crawler.settings.getbool("ARCHIVE_DISCOVER")
        store.add_run_stats(database(self.crawler), stats["archive/run_id"], spider.name, summary)
