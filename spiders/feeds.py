"""RSS and Atom feeds: the article links they list, and the feeds a page announces."""

from __future__ import annotations

from scrapy.http import Response

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
_ENTRY_LINKS = (
    "//*[local-name()='item']/*[local-name()='link']/text()"
    " | //*[local-name()='entry']/*[local-name()='link']/@href"
)


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
