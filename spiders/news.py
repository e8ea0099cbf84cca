"""The generic news spider: one registry entry in, one item per fetched page out.

Discovery, in the order a site offers it: sitemaps (from the registry and from
robots.txt ``Sitemap:`` lines), RSS/Atom feeds (from the registry and from
``<link rel="alternate">``), then listing pages from the start URLs with their
pagination. The spider never leaves the site's domains and never follows a
non-HTTP link. Every fetched page becomes a ``PageItem`` so the archive stage
can keep it; only pages judged to be articles go on to extraction.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawler.items import FetchError, PageItem
from crawler.sites import Site

# Links to these are never pages worth fetching.
SKIP_EXTENSIONS = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|pdf|docx?|xlsx?|pptx?|zip|rar|7z|gz|"
    r"mp3|mp4|m4a|avi|mov|wmv|flv|webm|css|js|woff2?|ttf|eot|apk|exe)$",
    re.IGNORECASE,
)
PAGINATION_URL = re.compile(
    r"([?&](page|p|trang|pageindex|currentpage|pg)=\d+)|(/(page|trang)[-/]\d+)|"
    r"(/pg\d+\.aspx)|(trang-\d+\.html?)",
    re.IGNORECASE,
)
PAGINATION_TEXT = re.compile(r"^\s*(\d{1,4}|»|›|>|>>|sau|trang sau|tiếp|tiếp theo|next)\s*$", re.IGNORECASE)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


def canonical_link(url: str) -> str:
    """The URL without its fragment and with a lower-case host."""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.hostname and parts.netloc != parts.netloc.lower():
        url = parts._replace(netloc=parts.netloc.lower()).geturl()
    return url


def looks_like_article(response: TextResponse) -> bool:
    """The page's own metadata says it is an article (for sites without a URL pattern)."""
    og_type = response.xpath("//meta[@property='og:type']/@content").get("")
    if og_type.strip().lower() == "article":
        return True
    if response.xpath("//meta[@property='article:published_time']"):
        return True
    for block in response.xpath("//script[@type='application/ld+json']/text()").getall():
        if re.search(r'"@type"\s*:\s*"(News|Blog)?Article"', block):
            return True
    return False


class NewsSpider(scrapy.Spider):
    """Crawls one registered site. Subclasses set ``site`` (see spiders/registered.py)."""

    site: Site

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.allowed_domains = list(cls.site.domains)
        spider.listing_depth = crawler.settings.getint("ARCHIVE_LISTING_DEPTH", 3)
        spider.max_listing_pages = crawler.settings.getint("ARCHIVE_MAX_LISTING_PAGES", 50)
        return spider

    async def start(self):
        site = self.site
        for url in site.sitemaps:
            yield self._request(url, self.parse_sitemap)
        for url in site.feeds:
            yield self._request(url, self.parse_feed)
        for root in {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/robots.txt" for u in site.start_urls}:
            # Robots.txt is also read by RobotsTxtMiddleware; here it is read for
            # its Sitemap: lines. dont_filter keeps it out of the dupe filter.
            yield self._request(root, self.parse_robots, dont_filter=True)
        for url in site.start_urls:
            yield self._request(url, self.parse_page, depth=0, pages=1)

    # --- requests -------------------------------------------------------------

    def _request(self, url, callback, *, depth=0, pages=1, dont_filter=False, priority=0):
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=dont_filter,
            priority=priority,
            meta={"listing_depth": depth, "listing_pages": pages},
        )

    def _follow_link(self, response: Response, url: str, text: str = ""):
        """A request for a link found on a page, or None when it is not worth fetching."""
        if not self.site.owns(url) or SKIP_EXTENSIONS.search(urlsplit(url).path):
            return None
        is_article = self.site.is_article_url(url)
        if is_article:
            # Articles first: they are what the crawl is for.
            return self._request(url, self.parse_page, depth=self.listing_depth, priority=10)
        depth = response.meta.get("listing_depth", 0)
        pages = response.meta.get("listing_pages", 1)
        if PAGINATION_URL.search(url) or PAGINATION_TEXT.match(text or ""):
            if pages >= self.max_listing_pages:
                return None
            return self._request(url, self.parse_page, depth=depth, pages=pages + 1)
        if depth >= self.listing_depth:
            return None
        return self._request(url, self.parse_page, depth=depth + 1, pages=1)

    # --- callbacks --------------------------------------------------------------

    def parse_robots(self, response: Response):
        yield self._page_item(response, kind="page")
        for line in response.text.splitlines() if isinstance(response, TextResponse) else []:
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                url = canonical_link(urljoin(response.url, value.strip()))
                if self.site.owns(url):
                    yield self._request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response):
        yield self._page_item(response, kind="page")
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several types on garbage
            yield self._error(response.url, f"bad-sitemap: {exc}", response.status)
            return
        for entry in sitemap:
            url = canonical_link(urljoin(response.url, entry.get("loc", "")))
            if not self.site.owns(url):
                continue
            if sitemap.type == "sitemapindex":
                yield self._request(url, self.parse_sitemap)
            else:
                request = self._follow_link(response, url)
                if request is None and self.site.is_article_url(url) is None:
                    # A sitemap entry on a site without a URL pattern: fetch it and
                    # let the page's metadata decide.
                    request = self._request(url, self.parse_page, depth=self.listing_depth)
                if request is not None:
                    yield request

    def parse_feed(self, response: Response):
        yield self._page_item(response, kind="page")
        links = response.xpath(
            "//*[local-name()='item']/*[local-name()='link']/text()"
            " | //*[local-name()='entry']/*[local-name()='link']/@href"
        ).getall()
        for link in links:
            url = canonical_link(urljoin(response.url, link.strip()))
            request = self._follow_link(response, url)
            if request is None and self.site.owns(url) and self.site.is_article_url(url) is None:
                request = self._request(url, self.parse_page, depth=self.listing_depth)
            if request is not None:
                yield request

    def parse_page(self, response: Response):
        if not isinstance(response, TextResponse):
            yield self._page_item(response, kind="page")
            return
        is_article = self.site.is_article_url(response.url)
        if is_article is None:
            is_article = looks_like_article(response)
        yield self._page_item(response, kind="article" if is_article else "page")
        if is_article:
            # Related-article links on an article page are worth having, but only
            # when the URL pattern can tell articles apart; listings come from listings.
            if self.site.article_pattern:
                for url, _text in self._links(response):
                    if self.site.is_article_url(url):
                        request = self._follow_link(response, url)
                        if request is not None:
                            yield request
            return
        for link in response.xpath("//link[@rel='alternate'][@href]"):
            if link.attrib.get("type", "").lower() in FEED_TYPES:
                url = canonical_link(urljoin(response.url, link.attrib["href"]))
                if self.site.owns(url):
                    yield self._request(url, self.parse_feed)
        for url, text in self._links(response):
            request = self._follow_link(response, url, text)
            if request is not None:
                yield request

    def _links(self, response: TextResponse):
        for anchor in response.xpath("//a[@href]"):
            href = anchor.attrib["href"].strip()
            if not href or href.startswith("#"):
                continue
            url = canonical_link(urljoin(response.url, href))
            if urlsplit(url).scheme not in ("http", "https"):
                continue  # mailto:, javascript:, tel:, data:, ...
            text = " ".join(anchor.xpath("normalize-space(.)").getall())
            yield url, text

    def on_error(self, failure):
        """HTTP errors become items (the body is archived); network errors become FetchErrors."""
        request = failure.request
        if failure.check(HttpError):
            response = failure.value.response
            yield self._page_item(response, kind="error")
            return
        reason = failure.type.__name__ if failure.type else "error"
        self.logger.warning("fetch failed: %s (%s: %s)", request.url, reason, failure.getErrorMessage())
        yield self._error(request.url, f"network: {reason}", None, detail=failure.getErrorMessage())

    # --- items --------------------------------------------------------------

    def _page_item(self, response: Response, *, kind: str) -> PageItem:
        request = response.request
        original = request.meta.get("redirect_urls", [request.url])[0] if request else response.url
        ip = getattr(response, "ip_address", None)
        return PageItem(
            url=original,
            final_url=response.url,
            status=response.status,
            headers=_pairs(response.headers),
            body=response.body,
            site=self.site.slug,
            fetched_at=datetime.now(timezone.utc),
            kind=kind,
            request_headers=_pairs(request.headers) if request else [],
            ip_address=str(ip) if ip else None,
            encoding=response.encoding if isinstance(response, TextResponse) else None,
        )

    def _error(self, url: str, reason: str, status: int | None, detail: str = "") -> FetchError:
        return FetchError(url=url, site=self.site.slug, reason=reason, status=status, detail=detail)


def _pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs
