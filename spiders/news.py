"""The generic news spider: one registry entry in, one item per fetched page out.

Discovery, in the order a site offers it: sitemaps (from the registry and from
robots.txt ``Sitemap:`` lines), RSS/Atom feeds (from the registry and from
``<link rel="alternate">``), then listing pages from the start URLs with their
pagination. The spider never leaves the site's domains and never follows a
non-HTTP link. Every fetched page becomes a ``PageItem`` so the archive stage
can keep it; only pages judged to be articles go on to extraction.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from datetime import datetime, timezone
from urllib.parse import urldefrag, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.http import Response, TextResponse
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawler import dates, paths
from crawler.items import FetchError, PageItem
from crawler.sites import Site
from crawler.state import CrawlState

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
NEXT_TEXT = re.compile(r"^(»|›|>|>>|sau|trang sau|tiếp|tiếp theo|next|trang tiếp)\W*$", re.IGNORECASE)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


NON_HTTP = ("mailto:", "javascript:", "tel:", "data:", "sms:", "ftp:", "file:", "viber:", "zalo:", "skype:")


# An article page is only scanned for links to other articles: a regular
# expression over its text finds them without building the page's DOM in the
# crawl process (the worker parses the page anyway).
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def _hrefs(text: str):
    """The href of every <a> in an HTML text, entities decoded."""
    for match in _HREF.finditer(text):
        href = (match.group(1) or match.group(2) or match.group(3) or "").strip()
        yield html.unescape(href) if "&" in href else href


@lru_cache(maxsize=65536)
def _absolute(root: str, path: str) -> str:
    return canonical_link(root + path)


def _absolute_links(base: str, links):
    """(absolute http(s) URL, text) for each (href, text) found on the page at ``base``.

    mailto:, javascript:, tel:, data: and other non-HTTP links are dropped.
    """
    root = base[: base.index("/", base.index("//") + 2)] if base.count("/") > 2 else base
    for href, text in links:
        if not href or href.startswith("#") or href.lower().startswith(NON_HTTP):
            continue
        if href.startswith("/") and not href.startswith("//"):
            url = _absolute(root, href)  # menus repeat on every page: worth a cache
        else:
            url = canonical_link(urljoin(base, href))
        if url.startswith(("http://", "https://")):
            yield url, text


def canonical_link(url: str) -> str:
    """The URL without its fragment and with a lower-case host."""
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.hostname and parts.netloc != parts.netloc.lower():
        url = parts._replace(netloc=parts.netloc.lower()).geturl()
    return url


def looks_like_article(page) -> bool:
    """The page's own metadata says it is an article (for sites without a URL pattern).

    ``page`` is a Scrapy response or a parsel Selector over the page's HTML.
    """
    og_type = page.xpath("//meta[@property='og:type']/@content").get("")
    if og_type.strip().lower() == "article":
        return True
    if page.xpath("//meta[@property='article:published_time']"):
        return True
    for block in page.xpath("//script[@type='application/ld+json']/text()").getall():
        if re.search(r'"@type"\s*:\s*"(News|Blog)?Article"', block):
            return True
    return False


def is_article_page(site: Site, url: str, page) -> bool:
    """The site's URL pattern decides; without one, the page's metadata does."""
    verdict = site.is_article_url(url)
    return looks_like_article(page) if verdict is None else verdict


class NewsSpider(scrapy.Spider):
    """Crawls one registered site. Subclasses set ``site`` (see spiders/registered.py).

    Incremental by default: article URLs the archive already holds are not
    fetched again (``ARCHIVE_REFRESH`` fetches them anyway), a listing stops
    paginating once ``ARCHIVE_STALE_PAGES`` pages in a row brought no unseen
    article, feeds and sitemaps are fetched conditionally, and the article
    frontier lives in the archive so a killed crawl resumes (crawler.state).
    """

    site: Site

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.allowed_domains = list(cls.site.domains)
        spider.listing_depth = settings.getint("ARCHIVE_LISTING_DEPTH", 3)
        spider.max_listing_pages = settings.getint("ARCHIVE_MAX_LISTING_PAGES", 50)
        spider.stale_margin = settings.getint("ARCHIVE_STALE_PAGES", 1)
        spider.refresh = settings.getbool("ARCHIVE_REFRESH", False)
        spider.since = settings.get("ARCHIVE_SINCE") or None
        spider.state = CrawlState(paths.db_path(settings), cls.site.slug)
        spider._requested = set()
        spider._kinds = {}
        crawler.signals.connect(spider._close_state, signal=signals.spider_closed)
        return spider

    def _close_state(self, spider):
        self.state.close()

    async def start(self):
        site = self.site
        # Articles a killed run had decided to fetch come first.
        for url in self.state.pending():
            if not self.state.is_known(url):
                self._requested.add(url)
                yield self._request(url, self.parse_page, depth=self.listing_depth, priority=20)
        for url in site.sitemaps:
            yield self._conditional(url, self.parse_sitemap)
        for url in site.feeds:
            yield self._conditional(url, self.parse_feed)
        if not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            # Otherwise the robots.txt middleware fetches it once per host and
            # hands it over (robots_txt_fetched): archived, Sitemap: lines read.
            for root in {f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/robots.txt" for u in site.start_urls}:
                yield self._request(root, self.parse_robots, dont_filter=True)
        for url in site.start_urls:
            yield self._request(url, self.parse_page, depth=0, pages=1)

    # --- requests -------------------------------------------------------------

    def _request(self, url, callback, *, depth=0, pages=1, stale=0, dont_filter=False, priority=0, **meta):
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=dont_filter,
            priority=priority,
            meta={"listing_depth": depth, "listing_pages": pages, "stale_pages": stale, **meta},
        )

    def _conditional(self, url, callback, **meta):
        """A feed or sitemap request carrying the validators of its last fetch."""
        request = self._request(url, callback, handle_httpstatus_list=[304], **meta)
        if not self.refresh:
            known = self.state.validators(url)
            if known.get("etag"):
                request.headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                request.headers["If-Modified-Since"] = known["last_modified"]
        return request

    def _article_request(self, url: str, priority: int = 10):
        """Request an article URL unless the archive has it; remember it as pending."""
        if url in self._requested:
            return None  # the dupe filter would drop it; the frontier must not reopen it
        if not self.refresh and self.state.is_known(url):
            self.crawler.stats.inc_value("archive/skipped_known")
            return None
        if self.since and (year := dates.year_from_url(url)) and str(year) < self.since[:4]:
            return None
        self.state.add_pending(url)
        self._requested.add(url)
        return self._request(url, self.parse_page, depth=self.listing_depth, priority=priority)

    def _classify(self, url: str) -> str | None:
        """"article", "unknown" (no URL pattern: the page will tell) or "page"; None to skip.

        Menus and related-article boxes repeat on every page: verdicts are kept.
        """
        kind = self._kinds.get(url, False)
        if kind is False:
            if not self.site.owns(url) or SKIP_EXTENSIONS.search(urlsplit(url).path):
                kind = None
            else:
                verdict = self.site.is_article_url(url)
                kind = "unknown" if verdict is None else "article" if verdict else "page"
            if len(self._kinds) >= 100_000:
                self._kinds.clear()
            self._kinds[url] = kind
        return kind

    def _not_modified(self, response: Response) -> bool:
        if response.status == 304:
            self.crawler.stats.inc_value("archive/not_modified")
            return True
        self.state.save_validators(
            response.url,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            lastmod=response.meta.get("lastmod"),
        )
        return False

    # --- callbacks --------------------------------------------------------------

    def parse_robots(self, response: Response):
        yield self._page_item(response, kind="page")
        yield from self._robots_sitemaps(response)

    def robots_txt_fetched(self, response: Response) -> list[scrapy.Request]:
        """robots.txt as the middleware fetched it: archive it; the sitemap requests it names."""
        from pipelines.archive import archive_response

        archive_response(self.crawler, response, self.site.slug, kind="page")
        return list(self._robots_sitemaps(response))

    def _robots_sitemaps(self, response: Response):
        for line in response.text.splitlines() if isinstance(response, TextResponse) else []:
            key, _, value = line.partition(":")
            if key.strip().lower() == "sitemap" and value.strip():
                url = canonical_link(urljoin(response.url, value.strip()))
                if self.site.owns(url):
                    yield self._conditional(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response):
        if self._not_modified(response):
            return
        yield self._page_item(response, kind="page")
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # lxml raises several types on garbage
            yield self._error(response.url, f"bad-sitemap: {exc}", response.status)
            return
        for entry in sitemap:
            url = canonical_link(urljoin(response.url, entry.get("loc", "")))
            lastmod = entry.get("lastmod")
            if not self.site.owns(url):
                continue
            if sitemap.type == "sitemapindex":
                seen = self.state.validators(url).get("lastmod")
                if lastmod and seen and lastmod <= seen and not self.refresh:
                    continue  # that part of the sitemap has not changed since it was read
                yield self._conditional(url, self.parse_sitemap, lastmod=lastmod)
                continue
            if self.since and lastmod and lastmod[:10] < self.since:
                continue
            kind = self._classify(url)
            if kind in ("article", "unknown") and not (kind == "unknown" and self.state.is_known(url) and not self.refresh):
                request = self._article_request(url)
                if request is not None:
                    yield request

    def parse_feed(self, response: Response):
        if self._not_modified(response):
            return
        yield self._page_item(response, kind="page")
        links = response.xpath(
            "//*[local-name()='item']/*[local-name()='link']/text()"
            " | //*[local-name()='entry']/*[local-name()='link']/@href"
        ).getall()
        for link in links:
            url = canonical_link(urljoin(response.url, link.strip()))
            if self._classify(url) in ("article", "unknown"):
                request = self._article_request(url)
                if request is not None:
                    yield request

    def parse_page(self, response: Response):
        if not isinstance(response, TextResponse):
            yield self._page_item(response, kind="page")
            return
        is_article = is_article_page(self.site, response.url, response)
        yield self._page_item(response, kind="article" if is_article else "page")
        if is_article:
            # Related-article links are worth having when the URL pattern can tell
            # articles apart; otherwise listings are the way to articles.
            if self.site.article_pattern:
                for url, _text in _absolute_links(response.url, ((href, "") for href in _hrefs(response.text))):
                    if self._classify(url) == "article" and (request := self._article_request(url)) is not None:
                        yield request
            return
        links = [(url, text, self._classify(url)) for url, text in self._links(response)]
        for link in response.xpath("//link[@rel='alternate'][@href]"):
            if link.attrib.get("type", "").lower() in FEED_TYPES:
                url = canonical_link(urljoin(response.url, link.attrib["href"]))
                if self.site.owns(url):
                    yield self._conditional(url, self.parse_feed)
        yield from self._follow_listing(response, links)

    def _follow_listing(self, response: Response, links):
        depth = response.meta.get("listing_depth", 0)
        pages = response.meta.get("listing_pages", 1)
        fresh = 0
        pagination, others = [], []
        for url, text, kind in links:
            if kind is None:
                continue
            if kind == "article":
                request = self._article_request(url)
                if request is not None:
                    fresh += 1
                    yield request
            elif PAGINATION_URL.search(url) or PAGINATION_TEXT.match(text or ""):
                pagination.append((url, (text or "").strip().lower()))
            elif not self.refresh and self.state.is_known(url):
                continue  # an archived article (or an old address of one)
            else:
                others.append((url, kind))
        if self.site.article_pattern is None:
            # Without a pattern, unseen candidate links are the sign of new articles.
            fresh += sum(1 for url, kind in others if kind == "unknown" and not self.state.is_listing(url))
        stale = 0 if fresh else response.meta.get("stale_pages", 0) + 1
        if stale > self.stale_margin and not self.refresh:
            self.crawler.stats.inc_value("archive/pagination_stopped")
        elif pages < self.max_listing_pages:
            if stale:
                # Nothing new here: look one page further, not at every numbered page.
                pagination = [(u, t) for u, t in pagination if t == str(pages + 1) or NEXT_TEXT.match(t)]
            for url, _text in pagination:
                yield self._request(url, self.parse_page, depth=depth, pages=pages + 1, stale=stale)
        if depth < self.listing_depth:
            for url, _kind in others:
                yield self._request(url, self.parse_page, depth=depth + 1, pages=1)

    def _links(self, response: TextResponse):
        """(absolute URL, anchor text) of every http(s) link on a listing page.

        lxml directly: a listing page has a hundred links and more, and
        per-link XPath through parsel costs more than the rest of the page.
        """
        anchors = response.selector.root.iter("a")
        pairs = (((a.get("href") or "").strip(), " ".join(a.text_content().split())) for a in anchors)
        return _absolute_links(response.url, pairs)

    def on_error(self, failure):
        """HTTP errors become items (the body is archived); network errors become FetchErrors."""
        request = failure.request
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # Forbidden by robots.txt or filtered on purpose: counted by Scrapy, not an error.
            self.logger.debug("not fetched: %s (%s)", request.url, failure.getErrorMessage())
            return
        if failure.check(HttpError):
            response = failure.value.response
            yield self._page_item(response, kind="error")
            return
        reason = failure.type.__name__ if failure.type else "error"
        self.logger.warning("fetch failed: %s (%s: %s)", request.url, reason, failure.getErrorMessage())
        yield self._error(request.url, f"network: {reason}", None, detail=failure.getErrorMessage())

    # --- items --------------------------------------------------------------

    def _page_item(self, response: Response, *, kind: str) -> PageItem:
        return page_item(response, self.site.slug, kind=kind)

    def _error(self, url: str, reason: str, status: int | None, detail: str = "") -> FetchError:
        return FetchError(url=url, site=self.site.slug, reason=reason, status=status, detail=detail)


def page_item(response: Response, site: str, *, kind: str) -> PageItem:
    """A PageItem for a response: the page as received, for the archive and the pipelines."""
    request = response.request
    original = request.meta.get("redirect_urls", [request.url])[0] if request else response.url
    ip = getattr(response, "ip_address", None)
    return PageItem(
        url=original,
        final_url=response.url,
        status=response.status,
        headers=_pairs(response.headers),
        body=response.body,
        site=site,
        fetched_at=datetime.now(timezone.utc),
        kind=kind,
        request_headers=_pairs(request.headers) if request else [],
        ip_address=str(ip) if ip else None,
        encoding=response.encoding if isinstance(response, TextResponse) else None,
    )


def _pairs(headers) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
