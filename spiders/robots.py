"""robots.txt obeyed for every request, including those waiting while it downloads.

Scrapy 2.13+ ``RobotsTxtMiddleware`` awaits the per-host parser Deferred
directly (scrapy/scrapy#6802); the first waiter consumes its result and every
other request queued behind the robots.txt download receives ``None``, which
the middleware reads as "no robots.txt: allow all". On a crawl that starts with
several URLs of one host, disallowed pages are then fetched. Here each waiter
gets its own Deferred and then reads the parser the middleware stored.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


logger = logging.getLogger(__name__)


class _OneLineDownloadErrors(logging.Filter):
    """Scrapy logs a robots.txt that could not be fetched (a host refusing connections) with a
    traceback; the exception is already in the message, and the page's own failure is recorded."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith("Error downloading"):
            record.exc_info = None
            record.exc_text = None
        return True


logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_OneLineDownloadErrors())


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's middleware with the waiter fix above; the robots.txt it fetches goes to the spider.

    A spider with ``robots_txt_fetched(response)`` receives each robots.txt
    the middleware downloads, and the requests it returns (the sitemaps it
    names) are scheduled: one fetch per host serves both. (The download
    passes the downloader middlewares like any other, so it is archived.)
    """

    async def _parse_robots(self, response, netloc, request):
        handler = getattr(self.crawler.spider, "robots_txt_fetched", None)
        if handler is not None:
            try:
                for follow_up in handler(response):
                    self.crawler.engine.crawl(follow_up)
            except Exception:
                # Raised from here, it would read as "no robots.txt" and allow every page of the host.
                logger.exception("could not read the sitemaps of %s", response.url)
        await super()._parse_robots(response, netloc, request)

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        parser = self._parsers.get(netloc, _MISSING)
        if isinstance(parser, Deferred):
            waiter: Deferred = Deferred()

            def relay(result):
                waiter.callback(result)
                return result  # pass the parser on to the next waiter

            parser.addBoth(relay)
            await maybe_deferred_to_future(waiter)
            return self._parsers.get(netloc)
        return await super().robot_parser(request)


_MISSING = object()
