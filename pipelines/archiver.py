"""Downloader middleware: every response goes to WARC before anything can fail on it.

The one archiving component of a crawl. It sits where it sees every response
after decompression and before any redirect is followed (settings.py moves
RedirectMiddleware below HttpCompressionMiddleware for that): article pages,
listings, feeds, sitemaps, error pages, redirects, and robots.txt (which the
robots middleware fetches through the same downloader). Each response is
written with its request, its capture is recorded in the archive at once (so
a page archived just before a kill is a revisit next time, not a second full
copy), and its ``Capture`` travels on in ``request.meta["capture"]`` for the
spider to put on the page item. A kill can still fall between a record's
write and its capture's commit: before its first write, a run records the
complete responses at the end of the site's newest WARC file that the
archive does not know (``recover_captures``), so those pages too become revisits.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive import store
from archive.warc import Exchange, WarcWriter, iter_records
from crawler import paths
from crawler.items import Capture
from pipelines.database import database

logger = logging.getLogger(__name__)


def recover_captures(db, directory: Path, site: str) -> int:
    """Record the complete response records after the last known capture of the site's newest WARC file.

    Each capture is committed right after its record is written, so only the
    tail of the last file a killed run wrote can hold records the archive
    does not know; reading it costs the records after the last known response.
    """
    name = re.compile(re.escape(site) + r"-\d{8}T\d{6}-\d{5}\.warc\.gz")
    files = sorted(p for p in Path(directory).glob(f"{site}-*.warc.gz") if name.fullmatch(p.name))
    if not files:
        return 0
    newest = files[-1]
    known = db.execute("select max(warc_offset) from captures where warc_file = ?", [newest.name]).fetchone()[0]
    recovered = 0
    for record, _body, offset in iter_records(newest, skip_truncated=True, start=known or 0):
        if record.rec_type != "response" or offset == known:
            continue
        headers = record.rec_headers
        capture = Capture(headers.get_header("WARC-Target-URI"), newest.name, offset, "response",
                          headers.get_header("WARC-Payload-Digest"), headers.get_header("WARC-Date"))
        status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
        store.record_capture(db, capture, site=site, status=status, run=None)
        recovered += 1
    return recovered


def _pairs(headers) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


class WarcArchiver:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_WARC_ENABLED"):
            raise NotConfigured("ARCHIVE_WARC_ENABLED is off")
        self.crawler = crawler
        self.directory = paths.from_settings(settings).warc
        self.max_size = settings.getint("ARCHIVE_WARC_MAX_SIZE")
        self.compresslevel = settings.getint("ARCHIVE_WARC_COMPRESSLEVEL")
        self.writer: WarcWriter | None = None
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _writer(self) -> WarcWriter:
        if self.writer is None:
            db = database(self.crawler)
            with db.atomic():
                recovered = recover_captures(db, self.directory, self.crawler.spider.name)
            if recovered:
                logger.info("recorded %d capture(s) a killed run wrote to WARC but not to the archive", recovered)
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            self.writer = WarcWriter(
                self.directory, f"{self.crawler.spider.name}-{stamp}", max_size=self.max_size,
                compresslevel=self.compresslevel, previous=lambda url: store.last_capture(db, url),
            )
        return self.writer

    def close(self, spider=None) -> None:
        if self.writer is not None:
            self.writer.close()

    def process_response(self, request, response, spider=None):
        ip = getattr(response, "ip_address", None)
        exchange = Exchange(
            uri=response.url, status=response.status, headers=_pairs(response.headers), body=response.body,
            fetched_at=datetime.now(timezone.utc), request_headers=_pairs(request.headers),
            ip_address=str(ip) if ip else None,
        )
        try:
            capture = self._writer().write(exchange)
        except OSError as exc:
            # A full disk or a vanished folder: say so loudly, keep crawling so the
            # rest of the run still reaches the database.
            logger.error("could not archive %s to WARC: %s", response.url, exc)
            self.crawler.stats.inc_value("archive/warc_errors")
            request.meta.pop("capture", None)  # a redirect's capture must not stand for this page
            return response
        db = database(self.crawler)
        with db.atomic():
            store.record_capture(db, capture, site=self.crawler.spider.name, status=response.status,
                                 run=self.crawler.settings.getint("ARCHIVE_RUN_ID") or None)
        self.crawler.stats.inc_value("archive/warc_records", 2)
        request.meta["capture"] = capture
        return response
