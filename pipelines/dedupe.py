"""Decide an article's key (its canonical URL) and content hash.

Exact copies at other URLs (syndicated items, print views) are kept but point
at the first copy through ``duplicate_of``; the store resolves that.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from crawler.items import PageItem
from crawler.sites import get_site
from crawler.vntext import fold

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_?\w*|_ga)$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The URL without fragment and tracking parameters, with a lower-case host."""
    parts = urlsplit(url)
    query = parts.query
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(TRACKING.match(k) for k, _ in pairs):
        query = urlencode([(k, v) for k, v in pairs if not TRACKING.match(k)])
    netloc = parts.netloc.lower()
    if (parts.scheme, parts.port) in (("http", 80), ("https", 443)):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def declared_canonical(html: bytes | str, base: str) -> str | None:
    """The page's <link rel="canonical">, when there is one."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    for href in tree.xpath("//link[@rel='canonical']/@href"):
        if href.strip():
            return urljoin(base, href.strip())
    return None


def content_hash(text: str) -> str:
    """Hash of the folded text: same words, same hash, whatever the accents' encoding."""
    key = " ".join(fold(text).split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def apply_dedupe(item: PageItem) -> None:
    """Set the article's key (canonical URL) and content hash; shared with re-extraction."""
    site = get_site(item.site)
    declared = declared_canonical(item.body, item.final_url)
    # A canonical link to another site (a syndicating partner) is not our key.
    key = declared if declared and site.owns(declared) else item.final_url
    item.canonical_url = canonical_url(key)
    item.article.url = item.canonical_url
    item.content_hash = content_hash(item.article.text)


class DedupePipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, PageItem) or item.article is None:
            return item
        apply_dedupe(item)
        return item
