"""Extract each article page's clean text and metadata (crawler.extract)."""

from __future__ import annotations

import logging

from crawler import workers
from crawler.extract import ExtractionError, extract_article
from crawler.items import PageItem
from crawler.sites import get_site

logger = logging.getLogger(__name__)


def apply_extract(item: PageItem) -> None:
    """Set ``item.article``, or ``item.error`` with the reason; shared with re-extraction."""
    try:
        item.article = extract_article(item.body, item.final_url, get_site(item.site))
    except ExtractionError as exc:
        item.error = f"extract: {exc}"
    except Exception as exc:  # a bug on one page must not stop the crawl
        logger.exception("extraction crashed on %s", item.final_url)
        item.error = f"extract: crashed ({type(exc).__name__}: {exc})"


def extract_page(item: PageItem) -> PageItem:
    """Worker entry point: the page back with its article (or error)."""
    apply_extract(item)
    return item


class ExtractPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        workers.configure_from(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, PageItem) or item.kind != "article":
            return item
        item = await workers.run(extract_page, item)
        if item.error:
            logger.warning("no article from %s: %s", item.final_url, item.error)
            self.crawler.stats.inc_value("archive/extract_failed")
        return item
