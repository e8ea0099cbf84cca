"""Log lines that name a page without dumping its body."""

from __future__ import annotations

from scrapy import logformatter


def _describe(item) -> str:
    url = getattr(item, "final_url", None) or getattr(item, "url", None)
    return f"{type(item).__name__}({url})" if url else type(item).__name__


class PoliteLogFormatter(logformatter.LogFormatter):
    """Scrapy's formatter, with items shown as their type and URL (bodies are megabytes)."""

    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        entry["args"] = dict(entry["args"], item=_describe(item))
        return entry

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["args"] = dict(entry["args"], item=_describe(item))
        return entry

    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        entry["args"] = dict(entry["args"], item=_describe(item))
        return entry
