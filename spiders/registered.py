"""One spider class per registry entry, generated so `scrapy list` shows every site.

A site that needs code of its own gets a small subclass of ``NewsSpider`` in
a module of its own here; none does yet.
"""

from __future__ import annotations

from crawler.sites import Site, registry
from spiders.news import NewsSpider


def _spider_class(site: Site) -> type[NewsSpider]:
    cls = type(
        f"{site.slug.title().replace('_', '')}Spider",
        (NewsSpider,),
        {"name": site.slug, "site": site, "__doc__": f"{site.name} ({site.kind}, {site.province})"},
    )
    # Scrapy lists only classes whose __module__ is the module it imported.
    cls.__module__ = __name__
    return cls


SPIDERS: dict[str, type[NewsSpider]] = {slug: _spider_class(site) for slug, site in registry().items()}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})


def spider_class_for(slug: str) -> type[NewsSpider]:
    """The spider class registered for ``slug``."""
    if slug not in SPIDERS:
        raise KeyError(f"no spider for site '{slug}'")
    return SPIDERS[slug]
