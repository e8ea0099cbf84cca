"""Normalise the article's dates (crawler.dates): published, updated, dateline."""

from __future__ import annotations

import logging

from crawler import dates, workers
from crawler.items import PageItem
from crawler.sites import get_site

logger = logging.getLogger(__name__)


def apply_dates(item: PageItem) -> None:
    """Fill the article's date fields from the page; shared with re-extraction."""
    article = item.article
    html = item.text()
    site = get_site(item.site)
    published = dates.page_date(html, url=item.final_url, site=site, fetched=item.fetched_at)
    if published is not None:
        article.published = published.value
        article.published_raw = published.raw
        article.published_source = published.source
    updated = dates.page_updated(html, url=item.final_url, site=site)
    if updated is not None:
        article.updated = updated.value
    line = dates.find_dateline(article.text)
    if line:
        reference = article.published or item.fetched_at
        article.dateline = dates.parse_date(line, url=item.final_url, reference=reference)
        article.dateline_raw = line


def date_page(item: PageItem) -> PageItem:
    """Worker entry point: the page back with its article's dates filled in."""
    try:
        apply_dates(item)
    except Exception:  # a date bug loses the date, never the article
        logger.exception("date normalisation crashed on %s", item.final_url)
        item.error = "dates: crashed"
    return item


class DatesPipeline:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, PageItem) or item.article is None:
            return item
        item = await workers.run(date_page, item)
        if item.error == "dates: crashed":
            self.crawler.stats.inc_value("archive/dates_failed")
            item.error = None
        if item.article.published is None:
            self.crawler.stats.inc_value("archive/no_published_date")
        return item
