"""Scrapy download handler that sends requests for chosen host names to another address.

The fixture web answers on 127.0.0.1:PORT for every registered site; with
``HOSTMAP_TARGET = "127.0.0.1:PORT"`` a request for https://baohagiang.vn/x
is fetched as http://127.0.0.1:PORT/x with ``Host: baohagiang.vn``, and the
response comes back with its original URL, so spiders, URL patterns, robots.txt
and redirects see the real site's addresses. ``HOSTMAP_HOSTS`` limits the
mapping to some hosts (default: all); ``HOSTMAP_ROUTES`` (host → "ip:port")
sends some hosts elsewhere, e.g. to a port nothing listens on (a site whose
server refuses connections).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response


class HostMapDownloadHandler:
    lazy = False

    def __init__(self, crawler):
        self.target = crawler.settings.get("HOSTMAP_TARGET")
        if not self.target:
            raise NotConfigured("HOSTMAP_TARGET is not set")
        hosts = crawler.settings.getlist("HOSTMAP_HOSTS")
        self.hosts = {h.lower() for h in hosts} if hosts else None
        self.routes = {h.lower(): t for h, t in crawler.settings.getdict("HOSTMAP_ROUTES").items()}
        self.inner = HTTP11DownloadHandler(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _mapped(self, request: Request) -> Request | None:
        parts = urlsplit(request.url)
        host = (parts.hostname or "").lower()
        if self.hosts is not None and host not in self.hosts:
            return None
        url = f"http://{self.routes.get(host, self.target)}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
        mapped = request.replace(url=url)
        mapped.headers["Host"] = parts.netloc
        return mapped

    async def download_request(self, request: Request) -> Response:
        mapped = self._mapped(request)
        if mapped is None:
            return await self.inner.download_request(request)
        response = await self.inner.download_request(mapped)
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        await self.inner.close()
