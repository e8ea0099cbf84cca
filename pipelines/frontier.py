"""Spider middleware: what to fetch, given what the archive holds, kept durable through a kill.

The spider says what a page links to (``crawler.items.Discovery`` in each
request's meta); this middleware decides what is fetched and records it in
the frontier (archive/frontier.py) before it is requested:

- an article URL the archive holds (or gave up on) is not fetched again,
  unless ``ARCHIVE_REFRESH``;
- a listing stops paginating once ``ARCHIVE_STALE_PAGES`` pages in a row
  brought no unseen article, and a page that brought nothing follows only the
  next page, not every numbered one;
- a sitemap-index child whose lastmod has not moved since it was read is skipped;
- every admitted URL, listings included, is ``pending`` until its page is
  done, so a run started after a kill resumes from them: discovery is as
  crash-safe as the articles;
- the run starts with those, then the site's articles due for a revisit
  (archive/memory.py, at most ``ARCHIVE_REVISIT_PER_SITE``), then discovery.

The spider builds requests; the middleware asks it for one with
``spider.request_for(url, discovery)`` when resuming.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from scrapy import Request, signals
from scrapy.http import Response

from archive import frontier, memory
from crawler.items import Discovery, FetchError, PageItem
from crawler.urls import canonical
from pipelines.database import database

FOLLOWED = ("listing", "pagination", "feed", "sitemap")
logger = logging.getLogger(__name__)


def discovery_of(request: Request) -> Discovery | None:
    return Discovery.from_meta(request.meta.get("discovery"))


class Frontier:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.refresh = settings.getbool("ARCHIVE_REFRESH")
        self.stale_margin = settings.getint("ARCHIVE_STALE_PAGES")
        self.max_tries = settings.getint("ARCHIVE_MAX_TRIES")
        self.discover = settings.getbool("ARCHIVE_DISCOVER")
        self.revisits = settings.getint("ARCHIVE_REVISIT_PER_SITE")
        older = settings.get("ARCHIVE_REVISIT_OLDER_THAN")
        self.older_than = float(older) if older not in (None, "") else None
        self.requested: set[str] = set()  # keys requested in this run
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def site(self) -> str:
        return self.crawler.spider.site.slug

    def _stat(self, key: str) -> None:
        self.crawler.stats.inc_value(f"archive/{key}")

    # --- start -------------------------------------------------------------------

    async def process_start(self, start):
        db = database(self.crawler)
        spider = self.crawler.spider
        resumed = frontier.resumable(db, self.site, max_tries=self.max_tries, now=frontier.now_iso())
        due = memory.due(db, self.site, limit=self.revisits, older_than_days=self.older_than)
        with db.atomic():
            admitted = [
                request
                for entry in resumed
                if (request := self._admit(db, spider.request_for(entry.url, _discovery(entry)), force=True))
            ]
            revisits = [
                request
                for url in due
                if (request := self._admit(db, spider.request_for(url, Discovery("revisit")), force=True))
            ]
        self._stat_value("resumed", len(admitted))
        self._stat_value("revisits", len(revisits))
        for request in admitted + revisits:
            yield request
        if not self.discover:
            return
        async for request in start:
            if isinstance(request, Request) and discovery_of(request) is not None:
                with db.atomic():
                    request = self._admit(db, request)
                if request is None:
                    continue
            yield request

    def _stat_value(self, key: str, value: int) -> None:
        self.crawler.stats.set_value(f"archive/{key}", value)

    # --- a page's links ----------------------------------------------------------------

    async def process_spider_output(self, response, result):
        outputs = [out async for out in result]
        db = database(self.crawler)
        found = discovery_of(response.request) if isinstance(response, Response) and response.request else None
        kept, pagination, fresh = [], [], 0
        with db.atomic():
            for out in outputs:
                discovery = discovery_of(out) if isinstance(out, Request) else None
                if discovery is None:
                    kept.append(out)
                elif discovery.role == "pagination":
                    pagination.append(out)
                elif (admitted := self._admit(db, out)) is not None:
                    kept.append(admitted)
                    fresh += discovery.role == "article" or (
                        discovery.role == "candidate" and admitted.meta.get("frontier_state") != "listing"
                    )
            if found is not None and found.role in ("listing", "pagination", "candidate"):
                kept.extend(self._paginate(db, found, fresh, pagination))
            if found is not None and not any(isinstance(o, (PageItem, FetchError)) for o in outputs):
                self._finish(db, response, found)
        for out in kept:
            yield out

    def process_spider_exception(self, response, exception):
        """A page the spider could not read ends failed with the reason (tried again later), not pending."""
        request = response.request if isinstance(response, Response) else None
        if request is None or discovery_of(request) is None:
            return None
        name = type(exception).__name__
        logger.error("could not read %s: %s: %s", response.url, name, str(exception)[:300])
        url = request.meta.get("redirect_urls", [request.url])[0]
        return [FetchError(url=url, site=self.site, reason=f"spider error: {name}", status=response.status,
                           detail=str(exception)[:300])]

    def request_dropped(self, request, spider=None):
        """Scrapy's duplicate filter dropped a request the frontier admitted: recorded, not left pending."""
        if discovery_of(request) is None:
            return
        db = database(self.crawler)
        key = canonical(request.meta.get("redirect_urls", [request.url])[0])
        entry = frontier.get(db, key)
        if entry is not None and entry.state == "pending":
            with db.atomic():
                frontier.finish(db, key, self.site, "skipped", reason="duplicate request", role=entry.role)
            self._stat("skipped/duplicate request")

    def _admit(self, db, request: Request, *, force: bool = False) -> Request | None:
        """The request if it is to be fetched (recorded pending first), else None."""
        discovery = discovery_of(request)
        key = canonical(request.url)
        if key in self.requested:
            return None
        entry = frontier.get(db, key)
        if not force and not self.refresh:
            if discovery.role in ("article", "candidate") and frontier.is_settled(
                entry, max_tries=self.max_tries, now=frontier.now_iso()
            ):
                self._stat("skipped_known")
                return None
            if discovery.role == "sitemap" and discovery.lastmod:
                seen = frontier.validators(db, key).get("lastmod")
                if seen and discovery.lastmod <= seen:
                    return None  # that part of the sitemap has not changed since it was read
        if entry is not None:
            request.meta["frontier_state"] = entry.state
        frontier.mark_pending(db, key, self.site, discovery.role, discovery.as_meta())
        self.requested.add(key)
        return request

    def _paginate(self, db, found: Discovery, fresh: int, pagination: list[Request]) -> list[Request]:
        stale = 0 if fresh else found.stale + 1
        if pagination and stale > self.stale_margin and not self.refresh:
            self._stat("pagination_stopped")
            return []
        if stale:
            # Nothing new here: look one page further, not at every numbered page.
            pagination = [p for p in pagination if discovery_of(p).next]
        admitted = []
        for request in pagination:
            request.meta["discovery"] = replace(discovery_of(request), stale=stale).as_meta()
            if (kept := self._admit(db, request)) is not None:
                admitted.append(kept)
        return admitted

    def _finish(self, db, response: Response, found: Discovery) -> None:
        """A page fetched for its links is done (an article's end is the store's to record)."""
        state = "unchanged" if response.status == 304 else "listing"
        # The URL admitted as well as the one answering: after a redirect they differ (a resumed
        # run follows /Default.aspx → / before / itself is requested), and both are done.
        for url in dict.fromkeys([response.request.meta.get("redirect_urls", [response.request.url])[0],
                                  response.request.url]):
            frontier.finish(db, canonical(url), self.site, state, role=found.role, status=response.status)
        if found.role in ("feed", "sitemap") and response.status == 200:
            frontier.save_validators(
                db, canonical(response.url), etag=_header(response, "ETag"),
                last_modified=_header(response, "Last-Modified"), lastmod=found.lastmod,
            )


def _discovery(entry: frontier.Entry) -> Discovery:
    return Discovery.from_meta(entry.discovery) or Discovery(entry.role or "article")


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
