"""The fixture web: local copies of registered provincial sites, served under their real host names.

Five sites (two newspapers, two police sites, a provincial portal) rebuilt
from a corpus of stories (``corpus``, with the real seed articles in
``seeds/`` and the stories as data in ``stories/``), each in the design of its
kind of site (``web``, ``designs/``), with the traps a crawl meets: robots.txt,
redirects, pages that answer 404, print views, paginated listings. ``server``
serves them on 127.0.0.1 by Host header; ``hostmap`` is the Scrapy download
handler that sends requests for the real host names there; ``record`` records
a crawl of them into the bundled ``fixture-web.warc.gz``. ``crawler demo`` and
the tests crawl it offline through the real spiders and pipelines.

``SITES``: the registry slugs of the sites the fixture web serves.
"""

from __future__ import annotations

from functools import cache


@cache
def _sites() -> tuple[str, ...]:
    from crawler.sites import registry
    from fixtureweb.web import build

    hosts = build().hosts
    return tuple(slug for slug, site in registry().items() if any(site.owns(f"https://{host}/") for host in hosts))


def __getattr__(name: str):
    # Built on first use: Scrapy imports fixtureweb.hostmap in every crawl, which needs no pages.
    if name == "SITES":
        return _sites()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
