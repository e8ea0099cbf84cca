"""The building blocks of the fixture web: pages, the web that holds them, and what every design shares.

A ``Web`` maps each host to its pages by request target (path and query), as
the server looks them up. The helpers here are the parts every site design
uses: HTML escaping, dates as the sites print them, newest-first listings cut
into pages of ``PER_PAGE``, RSS feeds and sitemaps.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Callable
from urllib.parse import unquote, urlsplit

from w3lib.url import safe_url_string

from fixtureweb.corpus import Story

TODAY_BAR = "Thứ Ba, 24/11/2026"  # header bars show the crawl day on every page, as real sites do
PER_PAGE = 3
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@dataclass
class Page:
    """One answer of the fixture web.

    headers: more response headers, sent as given (``Content-Encoding`` with a
    body compressed to match, for instance). truncate: send only this many
    bytes of the body, then close the connection (Content-Length still
    announces all of it), as a server that dies mid-answer.
    """

    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    location: str | None = None
    last_modified: str | None = None  # HTTP date, for conditional requests
    headers: dict[str, str] = field(default_factory=dict)
    truncate: int | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def target(url_or_target: str) -> str:
    """The request target (path and query) a server looks a page up by, percent-escapes decoded.

    A server reads ``/tin-t%E1%BB%A9c`` and ``/tin-t%e1%bb%a9c`` as one address, and the
    page added as ``/tin-tức``: links as sites write them, requests as clients encode them.
    """
    parts = urlsplit(safe_url_string(url_or_target))
    return unquote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""))


@dataclass
class Web:
    pages: dict[str, dict[str, Page]] = field(default_factory=dict)  # host -> target -> page
    manifest: dict = field(default_factory=dict)
    # host -> [(target prefix, maker)]: pages made on request (endless listings), when no page is stored
    generated: dict[str, list[tuple[str, Callable[[str], Page | None]]]] = field(default_factory=dict)

    def add(self, url: str, page: Page) -> None:
        self.pages.setdefault(urlsplit(url).hostname, {})[target(url)] = page

    def generate(self, url_prefix: str, make: Callable[[str], Page | None]) -> None:
        """Answer every target starting with ``url_prefix``'s with ``make(target)`` (None: not found)."""
        self.generated.setdefault(urlsplit(url_prefix).hostname, []).append((target(url_prefix), make))

    def page(self, host: str, request_target: str) -> Page | None:
        """The page for a request (host, target as sent), or None."""
        wanted = target(request_target)
        page = self.pages.get(host, {}).get(wanted)
        if page is None:
            for prefix, make in self.generated.get(host, ()):
                if wanted.startswith(prefix) and (page := make(wanted)) is not None:
                    break
        return page

    def html(self, url: str, body: str) -> None:
        self.add(url, Page(body=body.encode("utf-8")))

    def redirect(self, url: str, to: str) -> None:
        self.add(url, Page(status=301, body=b"", location=to))

    @property
    def hosts(self) -> list[str]:
        return sorted(self.pages)


def _not_found_page() -> Page:
    body = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>404 - Không tìm thấy trang</title></head>"
            "<body><h1>Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ.</p>"
            "<p><a href='/'>Về trang chủ</a></p></body></html>")
    return Page(status=404, body=body.encode("utf-8"))


NOT_FOUND = _not_found_page()  # what every host answers for a target it does not have


def escape(text: str | None) -> str:
    """``text`` for HTML text or a quoted attribute; None is empty."""
    return html.escape(text or "", quote=True)


def moment(story: Story) -> datetime:
    return datetime.fromisoformat(story.published)


def http_date(value: datetime) -> str:
    return format_datetime(value.astimezone(timezone.utc), usegmt=True)


def vn_datetime(story: Story) -> str:
    """The time as newspaper article pages print it: Thứ Sáu, 06/11/2020, 18:12 (GMT+7)."""
    when = moment(story)
    return f"{WEEKDAYS[when.weekday()]}, {when:%d/%m/%Y}, {when:%H:%M} (GMT+7)"


def newest_first(items: list[Story]) -> list[Story]:
    return sorted(items, key=lambda s: s.published, reverse=True)


def paginate(items: list[Story]) -> list[list[Story]]:
    """The listing pages of ``items``, newest first, ``PER_PAGE`` each; an empty listing is one empty page."""
    items = newest_first(items)
    return [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]


def byline(story: Story) -> str | None:
    return story.byline or story.author


def rss(title: str, link: str, entries: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, url, ISO published) entries."""
    items = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid>{escape(u)}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(p))}</pubDate></item>"
        for t, u, p in entries
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{escape(link)}</link><language>vi</language>{items}</channel></rss>").encode("utf-8")


def sitemap(entries: list[tuple[str, str | None]]) -> bytes:
    """A sitemap of (url, ISO lastmod or None) entries."""
    urls = "".join(
        f"<url><loc>{escape(u)}</loc>" + (f"<lastmod>{p}</lastmod>" if p else "") + "</url>" for u, p in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode("utf-8")


def feed_page(body: bytes, newest: Story, content_type: str = "application/rss+xml; charset=utf-8") -> Page:
    """A feed or sitemap, last modified when its newest story was published (for conditional requests)."""
    return Page(content_type=content_type, last_modified=http_date(moment(newest)), body=body)
