"""The probe's fetching: a site's home page, what it announces, and a sample of its links.

``probe(url, overrides) -> list[Fetched]`` runs ``ProbeSpider`` in a Scrapy
crawler process with the project's politeness (robots.txt obeyed, its
User-Agent, throttling) and none of its archive: no pipelines, no WARC, no
frontier, nothing stored. crawler.probe reads what it fetched.

The spider asks for the home page and robots.txt (its ``Sitemap:`` lines); the
feeds the home page announces or links, and those at ``COMMON_FEEDS`` or a
profile's feed paths; the sitemaps robots.txt names, ``COMMON_SITEMAPS`` and a
profile's sitemap paths (up to ``CHILD_SITEMAPS`` article sitemaps of an
index); the first ``ENTRY_PAGES`` URLs each feed and article sitemap lists;
and up to ``PER_SHAPE`` links of every URL structure on the home page
(``SAMPLES`` in all). ``overrides`` are Scrapy settings (``crawler probe -s``),
as for a crawl: the fixture web's host mapping in tests.

The spider class has no ``name``: ``scrapy list`` lists the registry's sites,
and this is a tool, not a site.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler import profiles, urlpattern
from crawler.analyse import looks_like_article
from crawler.probe import Fetched, article_sitemap
from crawler.urls import absolute, host, is_fetchable
from spiders.feeds import announced_feeds, read_feed
from spiders.listings import is_pagination, page_links
from spiders.sitemaps import read_sitemap, sitemap_urls_from_robots

COMMON_FEEDS = ("/rss", "/rss.xml", "/feed/")
COMMON_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/sitemap-news.xml")
CHILD_SITEMAPS = 3
ENTRY_PAGES = 3
PER_SHAPE = 2
SAMPLES = 24
FEED_INDEX_LINKS = 6  # feeds followed from a page listing the site's feeds (/rss.html)
_FEEDISH = re.compile(r"(rss|atom|feed)", re.IGNORECASE)
_XML_START = re.compile(rb"^\s*(<\?xml|<rss|<feed|<urlset|<sitemapindex)", re.IGNORECASE)
_NEWS_FIRST = re.compile(r"(news|post|article|bai|tin)", re.IGNORECASE)

PROBE_SETTINGS = {
    # The project's politeness, none of its archive.
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "SPIDER_MIDDLEWARES": {},
    "ADDONS": {},
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "spiders.robots.SafeRobotsTxtMiddleware": 100,
    },
    "ROBOTSTXT_OBEY": True,
    "LOG_LEVEL": "WARNING",
}


class ProbeSpider(scrapy.Spider):
    """Fetches what crawler.probe reads about the site at ``home``."""

    def __init__(self, home: str, *args, **kwargs):
        super().__init__(*args, name="probe", **kwargs)
        self.home = home
        self.domain = host(home).removeprefix("www.")
        self.allowed_domains = [self.domain]
        self.fetched: list[Fetched] = []
        self._asked: set[str] = set()

    def _request(self, url: str | None, role: str, callback=None) -> scrapy.Request | None:
        if not url or url in self._asked or not self._on_site(url) or (role == "page" and not is_fetchable(url)):
            return None
        self._asked.add(url)
        callback = callback or {"feed": self.parse_feed, "sitemap": self.parse_sitemap}.get(role, self.parse_page)
        return scrapy.Request(url, callback=callback, errback=self.on_error, meta={"role": role}, dont_filter=True)

    def _on_site(self, url: str) -> bool:
        name = host(url)
        return name == self.domain or name.endswith("." + self.domain)

    async def start(self):
        for request in _some([self._request(self.home, "home", self.parse_home)]):
            yield request

    def _record(self, response: Response, role: str, **found) -> Fetched:
        request = response.request
        item = Fetched(
            url=request.meta.get("redirect_urls", [request.url])[0], role=role, final_url=response.url,
            status=response.status, content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            body=response.body, fetched_at=datetime.now(timezone.utc), **found,
        )
        self.fetched.append(item)
        return item

    def _page(self, response: Response, role: str) -> Fetched:
        if not isinstance(response, TextResponse):
            return self._record(response, role)
        links = page_links(response)
        return self._record(
            response, role, links=links, pagination=[u for u, text in links if is_pagination(u, text)],
            declares_article=looks_like_article(response),
        )

    # --- callbacks ------------------------------------------------------------------

    def robots_txt_fetched(self, response: Response):
        """robots.txt as the robots middleware fetched it: the sitemaps it names."""
        self._record(response, "robots")
        return list(_some(self._request(absolute(response.url, url), "sitemap")
                          for url in sitemap_urls_from_robots(response.body, base_url=response.url)))

    def parse_home(self, response: Response):
        page = self._page(response, "home")
        hints = profiles.packaged().values()
        feeds = [absolute(response.url, href) for href in announced_feeds(response)] if isinstance(response, TextResponse) else []
        feeds += [url for url, text in page.links if _FEEDISH.search(url) or _FEEDISH.search(text)]
        feeds += [absolute(response.url, p) for p in (*COMMON_FEEDS, *(f for h in hints for f in h.discovery.feeds))]
        yield from _some(self._request(url, "feed") for url in dict.fromkeys(feeds))
        sitemaps = dict.fromkeys((*COMMON_SITEMAPS, *(s for h in hints for s in h.discovery.sitemaps)))
        yield from _some(self._request(absolute(response.url, path), "sitemap") for path in sitemaps)
        yield from self._samples(page)

    def _samples(self, page: Fetched):
        """Up to PER_SHAPE links of every URL structure the home page links, SAMPLES in all."""
        taken: dict[tuple, int] = {}
        asked = 0
        for url, _text in page.links:
            key = urlpattern.structure(url)
            if asked >= SAMPLES or taken.get(key, 0) >= PER_SHAPE or url in self._asked or url == page.final_url:
                continue
            request = self._request(url, "page")
            if request is not None:
                taken[key] = taken.get(key, 0) + 1
                asked += 1
                yield request

    def parse_feed(self, response: Response):
        if not _XML_START.match(response.body[:512]):
            # A page listing the site's feeds (/rss.html): its feed links.
            page = self._page(response, "page")
            linked = [url for url, text in page.links if _FEEDISH.search(url) and url != response.url]
            yield from _some(self._request(url, "feed") for url in linked[:FEED_INDEX_LINKS])
            return
        links, _problem = read_feed(response)
        entries = [u for u in (absolute(response.url, link) for link in links) if u]
        self._record(response, "feed", kind="feed", entries=entries)
        yield from self._entries(entries)

    def parse_sitemap(self, response: Response):
        read = read_sitemap(response, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        if read.type is None or (not read.entries and read.problem):
            self._record(response, "sitemap")  # not a sitemap (an HTML page answering every path)
            return
        entries = [u for u in (absolute(response.url, e["loc"]) for e in read.entries) if u]
        news = any("news" in entry for entry in read.entries)
        self._record(response, "sitemap", kind=read.type, entries=entries, news=news)
        if read.type == "sitemapindex":
            children = sorted((u for u in entries if article_sitemap(u)), key=lambda u: not _NEWS_FIRST.search(u))
            yield from _some(self._request(url, "sitemap") for url in children[:CHILD_SITEMAPS])
        elif article_sitemap(response.url):
            yield from self._entries(entries)

    def _entries(self, entries: list[str]):
        asked = 0
        for url in entries:
            if asked >= ENTRY_PAGES:
                break
            if (request := self._request(url, "page")) is not None:
                asked += 1
                yield request

    def parse_page(self, response: Response):
        self._page(response, response.meta.get("role", "page"))

    def on_error(self, failure):
        request = failure.request
        if failure.check(HttpError):
            error = f"http-{failure.value.response.status}"
        elif "robots.txt" in failure.getErrorMessage():
            error = "robots.txt"
        else:
            error = f"{failure.type.__name__ if failure.type else 'error'}: {failure.getErrorMessage()[:200]}"
        self.fetched.append(Fetched(url=request.url, role=request.meta.get("role", "page"), error=error,
                                    fetched_at=datetime.now(timezone.utc)))


def _some(requests):
    """The requests that were made (``_request`` makes none for a URL asked already or off the site)."""
    return (request for request in requests if request is not None)


def probe(url: str, overrides: dict | None = None) -> list[Fetched]:
    """Everything the probe fetched about the site whose home page is ``url`` (Scrapy settings: ``overrides``)."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in {**PROBE_SETTINGS, **(overrides or {})}.items():
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, home=url)
    process.start()
    return crawler.spider.fetched
