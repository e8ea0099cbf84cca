"""One spider class per registry entry, generated so `scrapy list` shows every site.

A site that needs code gets a small subclass of ``NewsSpider`` in its own module
here instead; its slug is then skipped below.
"""

from __future__ import annotations

from crawler.sites import registry
from spiders.news import NewsSpider

# Slugs that have a hand-written spider module of their own.
CUSTOM: set[str] = set()


def _spider_class(site) -> type[NewsSpider]:
    cls = type(
        f"{site.slug.title().replace('_', '')}Spider",
        (NewsSpider,),
        {"name": site.slug, "site": site, "__doc__": f"{site.name} ({site.kind}, {site.province})"},
    )
    # Scrapy lists only classes whose __module__ is the module it imported.
    cls.__module__ = __name__
    return cls


def spider_class_for(slug: str) -> type[NewsSpider]:
    """The spider class registered for ``slug`` (generated or hand-written)."""
    for obj in list(globals().values()) + _custom_classes():
        if isinstance(obj, type) and issubclass(obj, NewsSpider) and getattr(obj, "name", None) == slug:
            return obj
    raise KeyError(f"no spider for site '{slug}'")


def _custom_classes() -> list:
    import importlib

    classes = []
    for slug in CUSTOM:
        module = importlib.import_module(f"spiders.{slug}")
        classes.extend(vars(module).values())
    return classes


def _register() -> None:
    for site in registry().values():
        if site.slug not in CUSTOM:
            cls = _spider_class(site)
            globals()[cls.__name__] = cls


_register()
