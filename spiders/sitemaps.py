"""Sitemaps: the entries of a sitemap or sitemap index, read with Scrapy's sitemap machinery.

A sitemap may arrive as XML, as a ``.xml.gz`` file (gunzipped here, bounded
by ``DOWNLOAD_MAXSIZE`` so a gzip bomb stays a bomb on paper), or already
decompressed by HttpCompressionMiddleware. A well-formed sitemap is read by
Scrapy's ``Sitemap`` parser. One that is not (a PHP warning printed before the
XML declaration, a second root, a raw ``&`` in a URL, entity expansion that
libxml2 stops) would lose every entry after the damage, silently, in lxml's
recovering parser: it is read by a plain scan of its ``<loc>`` elements
instead (entities never expanded), and the damage is reported.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from lxml import etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

__all__ = ["UNEXPANDED_ENTITY", "SitemapRead", "read_sitemap", "sitemap_urls_from_robots", "xml_damage"]

_ENTRY = re.compile(rb"<(url|sitemap)\b[^>]*>(.*?)(?=<(?:url|sitemap)\b[^>]*>|</(?:urlset|sitemapindex)\s*>|\Z)",
                    re.IGNORECASE | re.DOTALL)
_FIELD = {name: re.compile(rb"<" + name + rb"\b[^>]*>\s*(.*?)\s*</" + name + rb"\s*>", re.IGNORECASE | re.DOTALL)
          for name in (b"loc", b"lastmod")}
UNEXPANDED_ENTITY = re.compile(r"&[A-Za-z_][\w.-]*;")  # an entity left unexpanded: not an address


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


def xml_damage(body: bytes) -> str | None:
    """None for a well-formed XML document, else libxml2's first complaint (entities never expanded)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        return str(exc)[:160]
    return None


def _text(value: bytes) -> str:
    return html.unescape(value.decode("utf-8", errors="replace")).strip()


def _scan(body: bytes) -> SitemapRead:
    """Entries found by a plain scan of the bytes, for a sitemap the XML parser cannot read to its end."""
    read = SitemapRead(type="sitemapindex" if re.search(rb"<sitemapindex\b", body, re.IGNORECASE) else "urlset")
    for match in _ENTRY.finditer(body):
        fields = {name.decode(): _text(found.group(1))
                  for name, pattern in _FIELD.items() if (found := pattern.search(match.group(2)))}
        loc = fields.get("loc", "")
        if loc and loc.isprintable() and "<" not in loc and not UNEXPANDED_ENTITY.search(loc):
            read.entries.append(fields)
    return read


def read_sitemap(response: Response, *, max_size: int) -> SitemapRead:
    """Entries of a sitemap response; ``problem`` says what was wrong with it, if anything."""
    try:
        body = _body(response, max_size)
    except Exception as exc:  # gzip raises several types on damaged or oversized input
        return SitemapRead(problem=f"{type(exc).__name__}: {exc}"[:200])
    damage = xml_damage(body)
    if damage is not None:
        read = _scan(body)
        read.problem = f"not well-formed XML ({damage}); {len(read.entries)} entries read by a plain scan"
        return read
    read = SitemapRead()
    sitemap = Sitemap(body)
    read.type = sitemap.type
    read.entries = [entry for entry in sitemap if entry.get("loc")]
    return read
