"""Analysis stage: extract → dates → key of an article page, in the shared process pool.

``crawler.analyse.analyse`` is CPU-bound, so it runs in ``crawler.workers``'s
pool while the reactor keeps downloading; the page crosses the process
boundary once and only the ``Analysis`` comes back. The page and its analysis
go on together to the store as an ``Analysed`` value.
"""

from __future__ import annotations

import logging

from crawler import workers
from crawler.analyse import analyse
from crawler.items import Analysed, Analysis, PageItem, Unchanged
from crawler.sites import registry

logger = logging.getLogger(__name__)


class AnalysePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        workers.configure_from(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        if item.unchanged:
            return Unchanged(item)  # a revisit that brought the same page: nothing to analyse
        try:
            analysis = await workers.run(analyse, item, registry()[item.site])
        except Exception as exc:  # a bug on one page must not leave its URL pending
            logger.error("analysis crashed on %s: %s: %s", item.final_url, type(exc).__name__, str(exc)[:300])
            analysis = Analysis(error=f"analyse: crashed ({type(exc).__name__})")
        stats = self.crawler.stats
        if analysis.error:
            logger.warning("no article from %s: %s", item.final_url, analysis.error)
            stats.inc_value("archive/extract_failed")
        elif analysis.dates_failed:
            stats.inc_value("archive/dates_failed")
        elif analysis.article.published is None:
            stats.inc_value("archive/no_published_date")
        return Analysed(item, analysis)
