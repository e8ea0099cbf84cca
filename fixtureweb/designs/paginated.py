"""A site whose articles are reachable only through its paginated listing: no sitemap, no feed.

Served under ``phan-trang.test`` and registered only in a test's own registry
(``REGISTRY_ENTRY``). The home page is the first page of one listing, newest
first, ``PER_PAGE`` articles a page, with numbered links around the current
page and a "Trang sau" link; robots.txt names no sitemap. A crawl finds every
article only by walking the listing to its end, so a crawl that forgets how
far the listing got (a kill, a restart) loses articles that no other page links.

Each article is generated from a corpus story with its own number in the title
and in a paragraph of its own, so no two articles share a text.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fixtureweb.corpus import stories
from fixtureweb.designs.hostile import article_html
from fixtureweb.pages import Page, Web, escape

HOST = "phan-trang.test"
BASE = f"https://{HOST}"
PER_PAGE = 25
SLUG = "phantrang"

REGISTRY_ENTRY = f"""slug = "{SLUG}"
name = "Báo Phân Trang"
province = "Tuyên Quang"
kind = "newspaper"
domains = ["{HOST}"]
start_urls = ["{BASE}/"]
article_pattern = '^https?://phan-trang\\.test/tin/\\d+\\.html$'
notes = "The test suite's paginated-only site (fixtureweb/designs/paginated.py); not a real site."
"""


def article_url(number: int) -> str:
    return f"{BASE}/tin/{number}.html"


def listing_url(page: int) -> str:
    return f"{BASE}/" if page == 1 else f"{BASE}/?trang={page}"


def _article(number: int, newest: datetime, corpus: list) -> Page:
    story = corpus[number % len(corpus)]
    published = (newest - timedelta(hours=3 * number)).isoformat(timespec="minutes")
    paragraphs = [*story.paragraphs,
                  f"Bản tin số {number} do phóng viên thường trú tổng hợp, cập nhật lúc {published[11:16]} ngày {published[:10]}."]
    story = type(story)(**{**story.__dict__, "published": published})
    return Page(body=article_html(story, title=f"{story.title} (bản tin số {number})", paragraphs=paragraphs).encode())


def _listing(page: int, pages: int, numbers: list[int]) -> Page:
    items = "".join(f'<li><a href="{article_url(n)}">Bản tin số {n}</a></li>' for n in numbers)
    around = [n for n in range(page - 2, page + 3) if 1 <= n <= pages]
    nav = "".join(f'<a href="{escape(listing_url(n))}">{n}</a> ' for n in around)
    if page < pages:
        nav += f'<a href="{escape(listing_url(page + 1))}">Trang sau ›</a>'
    return Page(body=(f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Tin mới - trang {page}</title>"
                      f"</head><body><h1>Tin mới</h1><ul>{items}</ul><div class='pagination'>{nav}</div></body></html>").encode())


def build(count: int = 1000, web: Web | None = None) -> Web:
    """The site with ``count`` articles (numbered 1 = newest), into ``web`` or a new one."""
    web = web or Web()
    newest = datetime(2026, 11, 23, 18, 0, tzinfo=timezone(timedelta(hours=7)))
    numbers = list(range(1, count + 1))
    corpus = stories()
    pages = max(1, -(-count // PER_PAGE))
    for page in range(1, pages + 1):
        web.add(listing_url(page), _listing(page, pages, numbers[(page - 1) * PER_PAGE : page * PER_PAGE]))
    for number in numbers:
        web.add(article_url(number), _article(number, newest, corpus))
    web.add(f"{BASE}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /tim-kiem/\n"))
    web.manifest = {"articles": [article_url(n) for n in numbers], "listings": [listing_url(p) for p in range(1, pages + 1)]}
    return web
