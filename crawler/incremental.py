"""Downloader middleware: a redirect to an article the archive already holds is not followed.

Sites link old addresses (shortlinks, renamed sections, old CMS URLs) that
redirect to articles. On a nightly run the target is known; following the
redirect would fetch it again. The old address is remembered as done, so the
next run does not even ask for it. ``ARCHIVE_REFRESH`` turns this off.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest


class SkipKnownRedirects:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        spider = spider or self.crawler.spider
        state = getattr(spider, "state", None)
        if state is None or getattr(spider, "refresh", False) or not 300 <= response.status < 400:
            return response
        location = response.headers.get("Location")
        if not location:
            return response
        from spiders.news import canonical_link

        target = canonical_link(urljoin(request.url, location.decode("latin-1")))
        if state.is_known(target):
            state.add_pending(request.url)
            state.finish(request.url, "done")
            self.crawler.stats.inc_value("archive/skipped_known_redirect")
            raise IgnoreRequest(f"redirects to an archived article: {target}")
        return response
