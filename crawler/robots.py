"""robots.txt obeyed for every request, including those waiting while it downloads.

Scrapy 2.13+ ``RobotsTxtMiddleware`` awaits the per-host parser Deferred
directly (scrapy/scrapy#6802); the first waiter consumes its result and every
other request queued behind the robots.txt download receives ``None``, which
the middleware reads as "no robots.txt: allow all". On a crawl that starts with
several URLs of one host, disallowed pages are then fetched. Here each waiter
gets its own Deferred and then reads the parser the middleware stored.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


class SafeRobotsTxtMiddleware(RobotsTxtMiddleware):
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
