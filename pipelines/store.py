"""Last stage: articles and fetch errors into the archive, and how each URL ended into the frontier.

One transaction per item: the article row (its index rows follow through
triggers) and the frontier state of every address it was reached by, or the
error row and the URL's failure with its next try.
"""

from __future__ import annotations

import logging

from archive import frontier, store
from crawler.items import Analysed, FetchError
from crawler.sites import registry
from crawler.urls import canonical
from pipelines.database import database

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.backoff_hours = crawler.settings.getfloat("ARCHIVE_RETRY_BACKOFF_HOURS")
        self.word_counts: list[int] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        self.db = database(self.crawler)

    def close_spider(self, spider=None):
        if self.word_counts:
            # The median extracted length: a layout change shows as a sudden drop.
            self.stats.set_value("archive/median_words", sorted(self.word_counts)[len(self.word_counts) // 2])

    @property
    def run_id(self) -> int | None:
        return self.stats.get_value("archive/run_id")

    def process_item(self, item):
        with self.db.atomic():
            if isinstance(item, FetchError):
                self._error(item)
            elif isinstance(item, Analysed):
                self._article(item)
        return item

    def _error(self, error: FetchError) -> None:
        key = canonical(error.url)
        if error.outcome == "skipped":
            reason = error.reason.removeprefix("skipped: ")
            frontier.finish(self.db, key, error.site, "skipped", reason=reason, status=error.status)
            self.stats.inc_value(f"archive/skipped/{reason}")
            return
        store.record_error(self.db, error, self.run_id)
        frontier.fail(self.db, key, error.site, error.reason, status=error.status, backoff_hours=self.backoff_hours)
        self.stats.inc_value(f"archive/errors/{error.reason.split(':')[0]}")

    def _article(self, item: Analysed) -> None:
        page, analysis = item.page, item.analysis
        if analysis.article is None:
            self._error(FetchError(page.url, page.site, analysis.error or "extract: no article", page.status))
            return
        site = registry()[page.site]
        row = store.resolve_key(self.db, store.article_row(analysis, site, fetched_url=page.final_url),
                                analysis.content_hash)
        saved = store.save_article(
            self.db, row, content_hash=analysis.content_hash, capture=page.capture,
            seen_at=page.fetched_at.isoformat(timespec="seconds"),
        )
        # Every address that led here is known now: the one asked for, the one
        # redirected to, the key.
        for url in {canonical(page.url), canonical(page.final_url), saved.url}:
            frontier.finish(self.db, url, page.site, "stored", role="article", status=page.status)
        self.word_counts.append(analysis.article.word_count)
        self.stats.inc_value(f"archive/articles_{saved.status}")
        if analysis.charset_fault:
            self.stats.inc_value("archive/charset_faults")
        logger.debug("%s article %s (%s)", saved.status, saved.url, saved.id)
