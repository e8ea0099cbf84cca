"""The generic news spider: one registry entry in, the site's article pages out.

Discovery, in the order a site offers it: sitemaps (from the registry, its
platform's profile and robots.txt ``Sitemap:`` lines, spiders/sitemaps.py),
RSS/Atom feeds (from the registry, the profile and ``<link rel="alternate">``,
spiders/feeds.py), then listing pages from the start URLs with their pagination
(spiders/listings.py; the profile's listing and pagination shapes too). Every
request says how its URL was found (``Discovery`` in its meta); what is
actually fetched is the frontier's decision (pipelines/frontier.py), and every
response is archived by the downloader (pipelines/archiver.py). The spider
yields a ``PageItem`` for each article page and a ``FetchError`` for each URL
that ended without one. It never leaves the site's domains.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.analyse import is_article_page
from crawler.dates import year_from_url
from crawler.items import Discovery, FetchError, PageItem
from crawler.sites import Site
from crawler.urls import absolute, is_fetchable
from spiders.feeds import announced_feeds, read_feed
from spiders.listings import article_page_links, is_next, is_pagination, page_links, url_shape
from spiders.sitemaps import read_sitemap, sitemap_urls_from_robots

# Articles a run decided on go before more listing pages.
PRIORITY = {"article": 10, "candidate": 5}
# What an IgnoreRequest from Scrapy or from our middlewares means: (outcome, reason).
IGNORED = (
    ("Forbidden by robots.txt", "skipped", "skipped: robots.txt"),
    ("Filtered offsite request", "skipped", "skipped: off the site"),
    ("redirects off the site", "skipped", "skipped: redirects off the site"),
    ("redirects to an archived article", "skipped", "skipped: redirects to an archived article"),
    ("redirects to a page requested in this run", "skipped", "skipped: redirects to a page fetched in this run"),
    ("max redirections", "failed", "redirect-loop"),
    ("redirect loop", "failed", "redirect-loop"),
    ("DOWNLOAD_MAXSIZE", "failed", "too-large"),
    ("gone: redirects", "gone", "gone: redirects to a page that is not an article"),
)
# Failures that are not the network's, whatever their type: (text of the message, reason).
# Scrapy cancels a download larger than DOWNLOAD_MAXSIZE (by its Content-Length, or
# once that many bytes arrived) with a cancellation error: the page is too large.
NOT_NETWORK = (("larger than download max size", "too-large"),)


class NewsSpider(scrapy.Spider):
    """Crawls one registered site. Subclasses set ``site`` (see spiders/registered.py)."""

    site: Site

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.allowed_domains = list(cls.site.domains)
        spider.listing_depth = settings.getint("ARCHIVE_LISTING_DEPTH")
        spider.max_listing_pages = settings.getint("ARCHIVE_MAX_LISTING_PAGES")
        spider.since = settings.get("ARCHIVE_SINCE") or None
        spider.max_size = settings.getint("DOWNLOAD_MAXSIZE")
        spider._kinds = {}
        spider._shapes = Counter()  # of links that are not articles: what the pattern may be missing
        return spider

    def closed(self, reason):
        self.crawler.stats.set_value("archive/links_seen", sum(self._shapes.values()))
        self.crawler.stats.set_value("archive/link_shapes", dict(self._shapes.most_common(10)))

    async def start(self):
        site = self.site
        # The registry's own, then those every install of the site's platform serves (its profile's).
        for url in dict.fromkeys([*site.sitemaps, *site.hints.sitemap_urls(site.home_url)]):
            yield self.request_for(url, Discovery("sitemap"))
        for url in dict.fromkeys([*site.feeds, *site.hints.feed_urls(site.home_url)]):
            yield self.request_for(url, Discovery("feed"))
        if not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            # Otherwise the robots.txt middleware fetches it once per host and
            # hands it over (robots_txt_fetched) for its Sitemap: lines.
            for root in {absolute(u, "/robots.txt") for u in site.start_urls}:
                yield scrapy.Request(root, callback=self.parse_robots, errback=self.on_error, dont_filter=True)
        for url in site.start_urls:
            yield self.request_for(url, Discovery("listing"))

    def request_for(self, url: str, discovery: Discovery) -> scrapy.Request:
        """The request for a URL found as ``discovery`` says (the frontier resumes with this too)."""
        callback = {"feed": self.parse_feed, "sitemap": self.parse_sitemap}.get(discovery.role, self.parse_page)
        return scrapy.Request(
            url, callback=callback, errback=self.on_error, priority=PRIORITY.get(discovery.role, 0),
            meta={"discovery": discovery.as_meta()},
        )

    def _classify(self, url: str) -> str | None:
        """"article", "candidate" (no URL pattern: the page will tell) or "listing"; None to skip.

        Menus and related-article boxes repeat on every page: verdicts are kept.
        """
        kind = self._kinds.get(url, False)
        if kind is False:
            if not self.site.owns(url) or not is_fetchable(url):
                kind = None
            else:
                verdict = self.site.is_article_url(url)
                if verdict is None and self.site.hints.is_listing(url):
                    verdict = False  # the platform's listing shape
                kind = "candidate" if verdict is None else "article" if verdict else "listing"
            if len(self._kinds) >= 100_000:
                self._kinds.clear()
            self._kinds[url] = kind
        return kind

    def _article(self, url: str) -> scrapy.Request | None:
        """A request for a link that may be an article, unless it is out of bounds."""
        kind = self._classify(url)
        if kind not in ("article", "candidate"):
            return None
        if self.since and (year := year_from_url(url)) and str(year) < self.since[:4]:
            return None
        return self.request_for(url, Discovery(kind))

    # --- callbacks ------------------------------------------------------------------

    def robots_txt_fetched(self, response: Response) -> list[scrapy.Request]:
        """robots.txt as the robots middleware fetched it: the sitemaps it names."""
        return list(self.parse_robots(response))

    def parse_robots(self, response: Response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            url = absolute(response.url, url)
            if url and self.site.owns(url):
                yield self.request_for(url, Discovery("sitemap"))

    def parse_sitemap(self, response: Response):
        if response.status == 304:
            return
        read = read_sitemap(response, max_size=self.max_size)
        for entry in read.entries:
            url = absolute(response.url, entry["loc"])
            lastmod = entry.get("lastmod")
            if not url or not self.site.owns(url):
                continue
            if read.type == "sitemapindex":
                yield self.request_for(url, Discovery("sitemap", lastmod=lastmod))
            elif not (self.since and lastmod and lastmod[:10] < self.since) and (request := self._article(url)):
                yield request
        if read.problem:
            yield self._error(response.url, "bad-sitemap", response.status, read.problem)

    def parse_feed(self, response: Response):
        if response.status == 304:
            return
        links, problem = read_feed(response)
        for link in links:
            url = absolute(response.url, link)
            if url and (request := self._article(url)):
                yield request
        if problem:
            yield self._error(response.url, "bad-feed", response.status, problem)

    def parse_page(self, response: Response):
        found = Discovery.from_meta(response.meta.get("discovery")) or Discovery("listing")
        if found.role == "revisit":
            yield from self._revisited(response)
            return
        if not isinstance(response, TextResponse):
            return
        if is_article_page(self.site, response.url, response):
            yield self.page_item(response)
            # Related-article links are worth having when the URL pattern can tell
            # articles apart; otherwise listings are the way to articles.
            if self.site.article_pattern:
                for url in article_page_links(response):
                    if self._classify(url) == "article" and (request := self._article(url)):
                        yield request
            return
        for href in announced_feeds(response):
            url = absolute(response.url, href)
            if url and self.site.owns(url):
                yield self.request_for(url, Discovery("feed"))
        yield from self._follow(response, found)

    def _revisited(self, response: Response):
        """A known article fetched again: unchanged (304), the article as it is now, or gone elsewhere."""
        if response.status == 304 or (isinstance(response, TextResponse)
                                      and is_article_page(self.site, response.url, response)):
            yield self.page_item(response, known=True)
            return
        # Redirected to the home page, a listing, or anything that is not an article.
        reasons = response.meta.get("redirect_reasons") or [None]
        yield self._error(response.meta.get("redirect_urls", [response.url])[0], f"gone: now answers {response.url}",
                          reasons[0], outcome="gone")

    def _follow(self, response: TextResponse, found: Discovery):
        for url, text in page_links(response):
            kind = self._classify(url)
            if kind is None:
                continue
            if kind == "article":
                if request := self._article(url):
                    yield request
                continue
            self._shapes[url_shape(url)] += 1
            if is_pagination(url, text) or self.site.hints.is_pagination(url):
                if found.page < self.max_listing_pages:
                    yield self.request_for(url, Discovery(
                        "pagination", depth=found.depth, page=found.page + 1, stale=found.stale,
                        next=is_next(text, found.page),
                    ))
            elif found.depth < self.listing_depth:
                yield self.request_for(url, Discovery(kind, depth=found.depth + 1))

    def on_error(self, failure):
        """Every URL that ends without a page becomes a FetchError with its reason."""
        request = failure.request
        original = request.meta.get("redirect_urls", [request.url])[0]
        if failure.check(HttpError):
            status = failure.value.response.status
            yield self._error(original, f"http-{status}", status)
            return
        if failure.check(IgnoreRequest):
            message = failure.getErrorMessage()
            outcome, reason = next(((o, r) for text, o, r in IGNORED if text in message), ("skipped", "skipped: ignored"))
            status = re.search(r"\((\d{3})\)", message) if outcome == "gone" else None
            yield self._error(original, reason, int(status.group(1)) if status else None, message[:300], outcome=outcome)
            return
        message = failure.getErrorMessage()
        reason = next((r for text, r in NOT_NETWORK if text in message), None)
        if reason is not None:
            yield self._error(original, reason, None, message[:300])
            return
        name = failure.type.__name__ if failure.type else "error"
        self.logger.warning("fetch failed: %s (%s: %s)", request.url, name, failure.getErrorMessage())
        yield self._error(original, f"network: {name}", None, failure.getErrorMessage()[:300])

    # --- items --------------------------------------------------------------------------

    def page_item(self, response: Response, *, known: bool = False) -> PageItem:
        request = response.request
        capture = response.meta.get("capture")
        fetched = datetime.now(timezone.utc)
        if capture is not None:
            fetched = datetime.strptime(capture.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        return PageItem(
            url=request.meta.get("redirect_urls", [request.url])[0] if request else response.url,
            final_url=response.url,
            status=response.status,
            headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs],
            body=response.body,
            site=self.site.slug,
            fetched_at=fetched,
            capture=capture,
            known=known,
        )

    def _error(self, url: str, reason: str, status: int | None, detail: str = "", *, outcome="failed") -> FetchError:
        return FetchError(url=url, site=self.site.slug, reason=reason, status=status, detail=detail, outcome=outcome)
