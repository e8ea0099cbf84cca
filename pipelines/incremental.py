"""Downloader middlewares that keep a nightly crawl from fetching what it already has.

- ``ConditionalRequests``: feeds, sitemaps and revisits of known articles
  (every request whose discovery role is one of those, however it was
  scheduled, robots.txt's sitemaps included) carry ``If-None-Match`` /
  ``If-Modified-Since`` from their last fetch, and a 304 reaches the spider as such.
- ``SkipKnownRedirects``: sites link old addresses (shortlinks, renamed
  sections, old CMS URLs) that redirect to articles; when the target is
  already archived, the redirect is not followed and the old address is
  recorded as skipped, so the next run does not even ask for it; a redirect to
  a page this run already requested ends recorded too, and so does one that
  loops (to itself, or back along its chain) or leaves the site (Scrapy
  would drop those two at scheduling without telling the spider). It runs
  after the archiving middleware, so the redirect itself is in WARC.
Both stand aside with ``ARCHIVE_REFRESH``, except for loops and off-site redirects.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest

from archive import frontier
from crawler.items import Discovery
from crawler.urls import canonical
from pipelines.database import database
from pipelines.frontier import Frontier

CONDITIONAL = ("feed", "sitemap", "revisit")


class ConditionalRequests:
    def __init__(self, crawler):
        self.crawler = crawler
        self.refresh = crawler.settings.getbool("ARCHIVE_REFRESH")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        discovery = Discovery.from_meta(request.meta.get("discovery"))
        if self.refresh or discovery is None or discovery.role not in CONDITIONAL:
            return None
        known = frontier.validators(database(self.crawler), canonical(request.url))
        if known.get("etag"):
            request.headers.setdefault("If-None-Match", known["etag"])
        if known.get("last_modified"):
            request.headers.setdefault("If-Modified-Since", known["last_modified"])
        statuses = request.meta.get("handle_httpstatus_list") or []
        if 304 not in statuses:
            request.meta["handle_httpstatus_list"] = [*statuses, 304]
        return None


class SkipKnownRedirects:
    def __init__(self, crawler):
        self.crawler = crawler
        self.refresh = crawler.settings.getbool("ARCHIVE_REFRESH")
        self.max_tries = crawler.settings.getint("ARCHIVE_MAX_TRIES")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if not 300 <= response.status < 400:
            return response
        location = response.headers.get("Location")
        if not location:
            return response
        target_url = urljoin(request.url, location.decode("latin-1"))
        target = canonical(target_url)
        # Whatever the refresh: Scrapy drops an off-site or already-seen redirect at
        # scheduling, without a word to the spider, and the URL would stay pending.
        chain = {canonical(url) for url in request.meta.get("redirect_urls", [])} | {canonical(request.url)}
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {request.url} redirects to {'itself' if target == canonical(request.url) else target}")
        discovery = Discovery.from_meta(request.meta.get("discovery"))
        revisit = discovery is not None and discovery.role == "revisit" and not self.refresh
        # A known article moving to what is not an article address (the home page, a listing) is gone.
        if revisit and self.crawler.spider.site.is_article_url(target) is False:
            raise IgnoreRequest(f"gone: redirects ({response.status}) to {target}")
        if not self.crawler.spider.site.owns(target_url):
            raise IgnoreRequest(f"redirects off the site: {request.url} to {target_url[:200]}")
        if self.refresh or revisit:
            return response
        entry = frontier.get(database(self.crawler), target)
        if entry is not None and entry.state == "stored":
            self.crawler.stats.inc_value("archive/skipped_known_redirect")
            raise IgnoreRequest(f"redirects to an archived article: {target}")
        requested = self.crawler.get_spider_middleware(Frontier)
        if requested is not None and target in requested.requested:
            # Scrapy's duplicate filter would drop the redirect without a word.
            raise IgnoreRequest(f"redirects to a page requested in this run: {target}")
        if requested is not None:
            requested.requested.add(target)  # the redirect fetches it: a link to it later need not
        return response
