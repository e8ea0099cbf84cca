"""Scrapy download handler that answers requests from WARC files instead of the network.

Set ``ARCHIVE_REPLAY`` to a WARC file or a folder of them (``crawler crawl
--replay DIR``, or ``scrapy crawl SITE -s ARCHIVE_REPLAY=DIR``; the add-on
below then installs the handler): every http(s) request is answered with the
newest archived response for its URL, and a URL never archived gets a 404
marked with ``X-Archive-Replay: miss``. A recorded site can so be re-crawled
offline, with the spiders and pipelines unchanged.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Request, Response
from scrapy.responsetypes import responsetypes

from archive.warc import build_index, read_record, warc_files

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _index_for(location: str) -> dict[str, tuple[Path, int]]:
    """The index of ``location``, built once per process (the http and https handlers share it)."""
    files = warc_files(location)
    index = build_index(files)
    logger.info("replaying %d archived URLs from %d WARC file(s) in %s", len(index), len(files), location)
    return index


class ReplayDownloadHandler:
    lazy = False

    def __init__(self, crawler):
        location = crawler.settings.get("ARCHIVE_REPLAY")
        if not location:
            raise NotConfigured("ARCHIVE_REPLAY is not set")
        self.index = _index_for(str(location))
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        found = self.index.get(request.url)
        if found is None:
            return Response(
                request.url, status=404, headers={"X-Archive-Replay": "miss"}, body=b"not in the archive", request=request
            )
        path, offset = found
        record = read_record(path, offset)
        headers = Headers(record.headers)
        headers["X-Archive-Replay"] = f"{path.name}:{offset}"
        cls = responsetypes.from_args(headers=headers, url=request.url, body=record.body)
        return cls(url=request.url, status=record.status, headers=headers, body=record.body, request=request)

    async def close(self) -> None:
        return None


class ReplayAddon:
    """Scrapy add-on (``ADDONS`` in settings.py): with ``ARCHIVE_REPLAY`` set, downloads come from WARC."""

    def update_settings(self, settings) -> None:
        if not settings.get("ARCHIVE_REPLAY"):
            return
        handler = "pipelines.replay.ReplayDownloadHandler"
        # Above settings.py ("project"), below -s on the command line ("cmdline").
        priority = "spider"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler}, priority=priority)
        # Nothing goes over the network: no need to be polite to the archive.
        settings.set("AUTOTHROTTLE_ENABLED", False, priority=priority)
        settings.set("DOWNLOAD_DELAY", 0, priority=priority)
