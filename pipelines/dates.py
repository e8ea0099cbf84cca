"""Dates stage: the article's published, updated and dateline values (crawler.dates)."""

from __future__ import annotations

from crawler import dates, pagedates
from crawler.items import PageItem
from crawler.sites import get_site


def apply_dates(item: PageItem, page: pagedates.ParsedPage | None = None) -> None:
    """Fill the article's date fields from the page.

    ``page``: the page already parsed for the date rules, when the caller has it.
    """
    article = item.article
    page = page or pagedates.ParsedPage(item.text())
    site = get_site(item.site)
    published = pagedates.page_date(page, url=item.final_url, site=site, fetched=item.fetched_at)
    if published is not None:
        article.published = published.value
        article.published_raw = published.raw
        article.published_source = published.source
    updated = pagedates.page_updated(page, url=item.final_url, site=site, fetched=item.fetched_at)
    if updated is not None:
        article.updated = updated.value
    line = dates.find_dateline(article.text)
    if line:
        reference = article.published or item.fetched_at
        article.dateline = dates.parse_date(line, url=item.final_url, reference=reference)
        article.dateline_raw = line
