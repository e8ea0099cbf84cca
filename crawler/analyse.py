"""The analysis of one article page: extract → dates → key. Values in, values out.

``analyse(page, site) -> Analysis`` is a pure function of the raw page and the
site's definition: the crawl runs it (in a worker process or in-process),
``crawler reextract`` runs it over WARC records, tests and benchmarks call it
directly. It decodes and parses the page once for all three steps: the date
rules and the canonical link read the tree first, then the extraction, which
changes it. ``benchmarks/bench_analyse.py`` times each step.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace
from urllib.parse import urljoin

from crawler import nearcopy, pagedates
from crawler.dates import find_dateline, parse_date
from crawler.extract import ExtractionError, extract_tree, logged, parse
from crawler.items import Analysis, Article, PageItem
from crawler.sites import Site
from crawler.urls import canonical
from crawler.vntext import fold

logger = logging.getLogger(__name__)
_ARTICLE_LD = re.compile(r'"@type"\s*:\s*"(News|Blog)?Article"')


def looks_like_article(page) -> bool:
    """The page's own metadata says it is an article (``page``: a parsel Selector or Scrapy response)."""
    if page.xpath("//meta[@property='og:type']/@content").get("").strip().lower() == "article":
        return True
    if page.xpath("//meta[@property='article:published_time']"):
        return True
    return any(_ARTICLE_LD.search(block) for block in page.xpath("//script[@type='application/ld+json']/text()").getall())


def is_article_page(site: Site, url: str, page) -> bool:
    """The site's URL pattern decides; without one, the page's metadata does."""
    verdict = site.is_article_url(url)
    return looks_like_article(page) if verdict is None else verdict


def content_hash(text: str) -> str:
    """Hash of the folded text: same words, same hash, whatever the accents' encoding."""
    return folded_hash(fold(text))


def folded_hash(folded: str) -> str:
    """``content_hash`` of a text already folded (``crawler.vntext.fold``)."""
    return hashlib.sha1(" ".join(folded.split()).encode("utf-8")).hexdigest()


def declared_canonical(tree, base: str) -> str | None:
    """The page's ``<link rel="canonical">`` as an absolute URL, when it has one."""
    if tree is None:
        return None
    for link in tree.iter("link"):
        href = link.get("href") if link.get("rel") == "canonical" else None
        if href and href.strip():
            return urljoin(base, href.strip())
    return None


def article_key(declared: str | None, fetched_url: str, site: Site) -> tuple[str, str]:
    """(key, why): the declared canonical when it names this site's article, else the fetched URL.

    A canonical on another site (a syndicating partner), or one that is not an
    article address of this site (CMSs that point every page at the home page
    or a listing), would merge different articles under one key.
    """
    if not declared:
        return canonical(fetched_url), "fetched"
    if not site.owns(declared):
        return canonical(fetched_url), "fetched: canonical off the site"
    if site.is_article_url(declared) is False:
        return canonical(fetched_url), "fetched: canonical is not an article address"
    key = canonical(declared)
    if key.rstrip("/") == canonical(site.home_url).rstrip("/"):
        return canonical(fetched_url), "fetched: canonical is the home page"
    return key, "canonical"


def page_dates(parsed: pagedates.ParsedPage, page: PageItem, site: Site) -> dict:
    """The publication and update dates the page states, as Article fields."""
    changes: dict = {}
    published = pagedates.page_date(parsed, url=page.final_url, site=site, fetched=page.fetched_at)
    if published is not None:
        changes.update(published=published.value, published_raw=published.raw, published_source=published.source)
    updated = pagedates.page_updated(parsed, url=page.final_url, site=site, fetched=page.fetched_at)
    if updated is not None:
        changes["updated"] = updated.value
    return changes


def with_dateline(article: Article, dates: dict, page: PageItem) -> Article:
    """The article with the page's dates and the dateline its text opens with."""
    changes = dict(dates)
    line = find_dateline(article.text)
    if line:
        reference = changes.get("published") or page.fetched_at
        changes.update(dateline=parse_date(line, url=page.final_url, reference=reference), dateline_raw=line)
    return replace(article, **changes)


def _dates(text: str, tree, page: PageItem, site: Site) -> tuple[dict, bool]:
    """(page dates, whether the rules crashed): a date bug loses the date, never the article."""
    try:
        return page_dates(pagedates.ParsedPage(text, tree), page, site), False
    except Exception:
        logger.exception("date normalisation crashed on %s", page.final_url)
        return {}, True


def analyse(page: PageItem, site: Site) -> Analysis:
    """Extraction, dates and key of one article page (see the module docstring)."""
    decoded = page.text()
    try:
        tree = parse(decoded.text)
        dates, dates_failed = _dates(decoded.text, tree, page, site)  # read before the extraction changes the tree
        declared = declared_canonical(tree, page.final_url)
        article = logged(extract_tree(tree, page.final_url, site, decoded.fault, page.fetched_at), page.final_url)
    except ExtractionError as exc:
        return Analysis(error=f"extract: {exc}", charset_fault=decoded.fault)
    except Exception as exc:  # a bug on one page must not stop the crawl
        logger.exception("extraction crashed on %s", page.final_url)
        return Analysis(error=f"extract: crashed ({type(exc).__name__}: {exc})", charset_fault=decoded.fault)
    try:
        article = with_dateline(article, dates, page)
    except Exception:
        logger.exception("date normalisation crashed on %s", page.final_url)
        article, dates_failed = replace(article, **dates), True
    key, source = article_key(declared, page.final_url, site)
    folded = fold(article.text)
    return Analysis(
        article=replace(article, url=key),
        key=key,
        key_source=source,
        declared_key=canonical(declared) if declared else None,
        content_hash=folded_hash(folded),
        signature=nearcopy.signature_of_folded(folded),
        charset_fault=decoded.fault,
        dates_failed=dates_failed,
    )
