"""Extract, dates and dedupe for an article page, in one round trip to a worker process.

The three stages are pure functions of (raw page, site), one module each
(pipelines/extract.py, dates.py, dedupe.py). They are CPU-bound, so they run
in the shared process pool (crawler.workers) while the reactor keeps
downloading. Run together they share one decoding and one parse of the page,
and only what they found comes back: the page crosses the process boundary
once, not once per stage and again on the way back. Re-extraction from WARC
(archive/reextract.py) calls the same ``analyse``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from crawler import pagedates, workers
from crawler.items import Article, PageItem
from pipelines.dates import apply_dates
from pipelines.dedupe import apply_dedupe
from pipelines.extract import apply_extract

logger = logging.getLogger(__name__)


@dataclass
class Analysis:
    """What the stages made of one page; ``merge`` copies it onto the page.

    article: the extracted article with its dates and key, or None.
    error: why an article page yielded no article ("extract: ...").
    dates_failed: the date rules crashed on the page (the article is kept without dates).
    """

    article: Article | None = None
    error: str | None = None
    canonical_url: str | None = None
    content_hash: str | None = None
    dates_failed: bool = False

    def merge(self, page: PageItem) -> PageItem:
        page.article, page.error = self.article, self.error
        page.canonical_url, page.content_hash = self.canonical_url, self.content_hash
        return page


def analyse(page: PageItem) -> Analysis:
    """Extraction, dates and dedupe of one article page (in a worker, or in-process)."""
    text = page.text()
    apply_extract(page, text)
    result = Analysis(error=page.error)
    if page.article is None:
        return result
    parsed = pagedates.ParsedPage(text)
    try:
        apply_dates(page, parsed)
    except Exception:  # a date bug loses the date, never the article
        logger.exception("date normalisation crashed on %s", page.final_url)
        result.dates_failed = True
    apply_dedupe(page, parsed.tree)
    result.article, result.canonical_url, result.content_hash = page.article, page.canonical_url, page.content_hash
    return result


class AnalysePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        workers.configure_from(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, PageItem) or item.kind != "article":
            return item
        result = await workers.run(analyse, item)
        result.merge(item)
        stats = self.crawler.stats
        if item.error:
            logger.warning("no article from %s: %s", item.final_url, item.error)
            stats.inc_value("archive/extract_failed")
        elif result.dates_failed:
            stats.inc_value("archive/dates_failed")
        elif item.article.published is None:
            stats.inc_value("archive/no_published_date")
        return item
