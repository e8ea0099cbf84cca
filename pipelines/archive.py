"""First stage: write every fetched page to WARC before anything can fail on it."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone

from scrapy.exceptions import NotConfigured

from archive.warc import Capture, WarcWriter
from crawler import paths
from crawler.items import PageItem

logger = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_WARC_ENABLED", True):
            raise NotConfigured("ARCHIVE_WARC_ENABLED is off")
        self.crawler = crawler
        self.directory = paths.warc_dir(settings)
        self.max_size = settings.getint("ARCHIVE_WARC_MAX_SIZE", 1024**3)
        self.compresslevel = settings.getint("ARCHIVE_WARC_COMPRESSLEVEL", 3)
        self.db_path = paths.db_path(settings)
        self.writer: WarcWriter | None = None
        self._db: sqlite3.Connection | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        spider = spider or self.crawler.spider
        # Redirects and robots.txt never reach the pipelines: archive_response hands them here.
        self.crawler.archive_pipeline = self
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        self.writer = WarcWriter(
            self.directory,
            f"{spider.name}-{stamp}",
            max_size=self.max_size,
            compresslevel=self.compresslevel,
            previous=self._previous_capture,
        )

    def close_spider(self, spider=None):
        if self.writer:
            self.writer.close()
        if self._db is not None:
            self._db.close()

    def _previous_capture(self, url: str) -> Capture | None:
        """The last archived capture of ``url`` according to the archive database."""
        if not self.db_path.exists():
            return None
        if self._db is None:
            self._db = sqlite3.connect(self.db_path)
        try:
            row = self._db.execute(
                "select digest, date, uri, warc_file, warc_offset from captures"
                " where uri = ? order by id desc limit 1",
                [url],
            ).fetchone()
        except sqlite3.OperationalError:  # an archive from before captures existed
            return None
        return Capture(*row) if row else None

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        try:
            capture = self.writer.write(item)
            item.warc_file, item.warc_offset = capture.file, capture.offset
            item.payload_digest = capture.digest
        except OSError as exc:
            # A full disk or a vanished folder: say so loudly, keep crawling so the
            # rest of the run still reaches the database.
            logger.error("could not archive %s to WARC: %s", item.final_url, exc)
            self.crawler.stats.inc_value("archive/warc_errors")
        else:
            self.crawler.stats.inc_value("archive/warc_records", 2)
        return item


class ArchiveRedirects:
    """Downloader middleware: redirect responses are fetched pages too, so they go to WARC.

    RedirectMiddleware consumes them before any spider callback; this sees them
    first (a higher number than RedirectMiddleware's 600) and archives them,
    which also lets a replayed crawl follow the same redirects.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        site = getattr(spider or self.crawler.spider, "site", None)
        if 300 <= response.status < 400 and site is not None:
            archive_response(self.crawler, response, site.slug, kind="redirect")
        return response


def archive_response(crawler, response, site: str, *, kind: str) -> None:
    """Archive a response that never reaches a spider callback (a redirect, robots.txt).

    It is written to WARC and its capture remembered, so an unchanged one is a
    revisit next time, as for every other page.
    """
    pipeline = getattr(crawler, "archive_pipeline", None)
    if pipeline is None:
        return
    from spiders.news import page_item

    page = pipeline.process_item(page_item(response, site, kind=kind))
    store = getattr(crawler, "store_pipeline", None)
    if store is not None:
        store.remember_capture(page)
