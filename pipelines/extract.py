"""Extraction stage: an article page's clean text and metadata (crawler.extract)."""

from __future__ import annotations

import logging

from crawler.extract import ExtractionError, extract_article
from crawler.items import PageItem
from crawler.sites import get_site

logger = logging.getLogger(__name__)


def apply_extract(item: PageItem, text: str | None = None) -> None:
    """Set ``item.article``, or ``item.error`` with the reason.

    ``text``: the page already decoded (``item.text()``), when the caller has it.
    """
    try:
        item.article = extract_article(item.text() if text is None else text, item.final_url, get_site(item.site))
    except ExtractionError as exc:
        item.error = f"extract: {exc}"
    except Exception as exc:  # a bug on one page must not stop the crawl
        logger.exception("extraction crashed on %s", item.final_url)
        item.error = f"extract: crashed ({type(exc).__name__}: {exc})"
