"""RSS and Atom feeds: the article links they list, and the feeds a page announces.

A feed that is not well-formed XML (a second root, entity expansion that
libxml2 stops, a PHP warning before the declaration) is read by a plain scan
of its items' links, so nothing after the damage is lost, and the damage is
reported (see spiders/sitemaps.py for sitemaps).
"""

from __future__ import annotations

import html
import re

from scrapy.http import Response

from spiders.sitemaps import UNEXPANDED_ENTITY, xml_damage

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_ENTRY_LINKS = (
    "//*[local-name()='item']/*[local-name()='link']/text()"
    " | //*[local-name()='entry']/*[local-name()='link']/@href"
)


_ITEM = re.compile(rb"<(item|entry)\b[^>]*>(.*?)(?=<(?:item|entry)\b[^>]*>|</(?:channel|feed|rss)\s*>|\Z)",
                   re.IGNORECASE | re.DOTALL)
_RSS_LINK = re.compile(rb"<link\b[^>]*>\s*(.*?)\s*</link\s*>", re.IGNORECASE | re.DOTALL)
_ATOM_LINK = re.compile(rb"""<link\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def read_feed(response: Response) -> tuple[list[str], str | None]:
    """(the feed's links, what was wrong with it or None)."""
    damage = xml_damage(response.body)
    if damage is None:
        return feed_links(response), None
    links = []
    for match in _ITEM.finditer(response.body):
        pattern = _RSS_LINK if match.group(1).lower() == b"item" else _ATOM_LINK
        found = pattern.search(match.group(2))
        link = html.unescape(found.group(1).decode("utf-8", errors="replace")).strip() if found else ""
        if link and link.isprintable() and "<" not in link and not UNEXPANDED_ENTITY.search(link):
            links.append(link)
    return links, f"not well-formed XML ({damage}); {len(links)} links read by a plain scan"


def feed_links(response: Response) -> list[str]:
    """The link of every item (RSS) or entry (Atom), as written (relative ones too)."""
    return [link.strip() for link in response.xpath(_ENTRY_LINKS).getall() if link.strip()]


def announced_feeds(response: Response) -> list[str]:
    """``<link rel="alternate">`` feeds of an HTML page, as written."""
    return [
        link.attrib["href"]
        for link in response.xpath("//link[@rel='alternate'][@href]")
        if link.attrib.get("type", "").lower() in FEED_TYPES
    ]
