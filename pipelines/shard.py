"""Extension: on a crawl node, each run's rows of the site go out as a shard (archive/shards.py).

On with ``ARCHIVE_SHARD_DIR`` (``crawler schedule`` sets it for the Scrapyd
jobs it starts): when the site's crawl ends, after its statistics are in its
run, the run's rows are written to ``<ARCHIVE_SHARD_DIR>/<name>.db``, named
after the Scrapyd job (its ``_job`` argument) or the run, for the archive host
to collect and ``crawler ingest``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from archive import shards
from pipelines.database import database

logger = logging.getLogger(__name__)


class ShardExport:
    def __init__(self, crawler):
        folder = crawler.settings.get("ARCHIVE_SHARD_DIR")
        if not folder:
            raise NotConfigured("ARCHIVE_SHARD_DIR is not set")
        self.crawler = crawler
        self.folder = Path(folder).expanduser().resolve()
        crawler.signals.connect(self.export, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def export(self, spider, reason):
        run = self.crawler.stats.get_value("archive/run_id")
        name = getattr(spider, "_job", None) or f"{spider.name}-run{run}"
        path = shards.export(database(self.crawler), self.folder / f"{name}.db", site=spider.name, run=run)
        logger.info("shard of run %s written to %s", run, path)
