"""Dedupe stage: an article's key (its canonical URL) and content hash.

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


def declared_canonical(html, base: str) -> str | None:
    """The page's <link rel="canonical">, when there is one (``html``: text, bytes or a parsed tree)."""
    if isinstance(html, (str, bytes)):
        try:
            html = lxml_html.fromstring(html)
        except (ValueError, lxml_html.etree.ParserError):
            return None
    for href in html.xpath("//link[@rel='canonical']/@href"):
        if href.strip():
            return urljoin(base, href.strip())
    return None


def content_hash(text: str) -> str:
    """Hash of the folded text: same words, same hash, whatever the accents' encoding."""
    key = " ".join(fold(text).split())
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def apply_dedupe(item: PageItem, tree=None) -> None:
    """Set the article's key (canonical URL) and content hash.

    ``tree``: the page already parsed by lxml, when the caller has it.
    """
    site = get_site(item.site)
    declared = declared_canonical(item.body if tree is None else tree, item.final_url)
    # A canonical link to another site (a syndicating partner) is not our key.
    key = declared if declared and site.owns(declared) else item.final_url
    item.canonical_url = canonical_url(key)
    item.article.url = item.canonical_url
    item.content_hash = content_hash(item.article.text)
