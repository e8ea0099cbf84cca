"""Sitemaps: the entries of a sitemap or sitemap index, read with Scrapy's sitemap machinery.

A sitemap may arrive as XML, as a ``.xml.gz`` file (gunzipped here, bounded
by ``DOWNLOAD_MAXSIZE`` so a gzip bomb stays a bomb on paper), or already
decompressed by HttpCompressionMiddleware. Scrapy's ``Sitemap`` parser
recovers from broken XML and never resolves entities; when the damage still
ends the reading, the entries before it are kept and the damage is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

__all__ = ["SitemapRead", "read_sitemap", "sitemap_urls_from_robots"]


@dataclass
class SitemapRead:
    """What a sitemap response held: its type (urlset, sitemapindex), entries (loc, lastmod), damage."""

    type: str | None = None
    entries: list[dict] = field(default_factory=list)
    problem: str | None = None


def _body(response: Response, max_size: int) -> bytes:
    if gzip_magic_number(response):
        return gunzip(response.body, max_size=max_size)
    return response.body


def read_sitemap(response: Response, *, max_size: int) -> SitemapRead:
    """Entries of a sitemap response; ``problem`` says why reading stopped early, if it did."""
    read = SitemapRead()
    try:
        sitemap = Sitemap(_body(response, max_size))
        read.type = sitemap.type
        for entry in sitemap:
            if entry.get("loc"):
                read.entries.append(entry)
    except Exception as exc:  # lxml and gzip raise several types on damaged input
        read.problem = f"{type(exc).__name__}: {exc}"[:200]
    return read
