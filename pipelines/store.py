"""Last stage: store articles, captures and errors in the SQLite archive."""

from __future__ import annotations

import logging

from archive import schema, store
from crawler import paths
from crawler.items import FetchError, PageItem
from crawler.sites import get_site, registry

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = paths.db_path(crawler.settings)
        self.run_id = crawler.settings.getint("ARCHIVE_RUN_ID", 0) or None
        self.db = None
        self.word_counts: list[int] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        self.db = schema.connect(self.db_path)
        self.crawler.store_pipeline = self  # see pipelines.archive.archive_response
        store.upsert_sites(self.db, registry().values())
        if self.run_id is None:
            spider = spider or self.crawler.spider
            self.run_id = store.start_run(self.db, [spider.name], command=f"scrapy crawl {spider.name}")
        self.stats.set_value("archive/run_id", self.run_id)
        self.stats.set_value("archive/db", str(self.db_path))

    def close_spider(self, spider=None):
        if self.word_counts:
            # The median extracted length: a layout change shows as a sudden drop.
            self.stats.set_value("archive/median_words", sorted(self.word_counts)[len(self.word_counts) // 2])
        if self.db is not None:
            self.db.close()

    def process_item(self, item):
        if isinstance(item, FetchError):
            self._error(item)
        elif isinstance(item, PageItem):
            self._page(item)
        return item

    def remember_capture(self, page: PageItem) -> None:
        """Record the WARC capture of a page that is archived but not stored (redirects, robots.txt)."""
        if self.db is not None:
            with self.db.atomic():
                store.record_capture(self.db, page, self.run_id)

    def _error(self, error: FetchError) -> None:
        store.record_error(self.db, error, self.run_id)
        self.stats.inc_value(f"archive/errors/{error.reason.split(':')[0]}")

    def _page(self, page: PageItem) -> None:
        with self.db.atomic():
            self._store_page(page)

    def _store_page(self, page: PageItem) -> None:
        store.record_capture(self.db, page, self.run_id)
        if page.kind == "error":
            self._error(FetchError(page.final_url, page.site, f"http-{page.status}", page.status))
            store.finish_frontier(self.db, page.url, page.site, "failed")
            return
        if page.kind != "article":
            store.finish_frontier(self.db, page.url, page.site, "listing")
            return
        if page.article is None:
            self._error(FetchError(page.final_url, page.site, page.error or "extract: no article", page.status))
            store.finish_frontier(self.db, page.url, page.site, "failed")
            return
        site = get_site(page.site)
        row = store.article_row(page.article, site, fetched_url=page.final_url)
        saved = store.save_article(
            self.db,
            row,
            content_hash=page.content_hash,
            warc_file=page.warc_file,
            warc_offset=page.warc_offset,
            seen_at=page.fetched_at.isoformat(timespec="seconds"),
        )
        store.finish_frontier(self.db, page.url, page.site, "done")
        self.word_counts.append(page.article.word_count)
        self.stats.inc_value(f"archive/articles_{saved.status}")
        logger.debug("%s article %s (%s)", saved.status, page.article.url, saved.id)
