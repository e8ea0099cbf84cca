"""Rebuild articles from the archived raw pages, without recrawling.

Reads every WARC response record, runs the current extraction, date and
dedupe code on the article pages (the same functions the crawl pipelines
call), and updates the articles whose fields change. Extraction is CPU-bound,
so pages are spread over a process pool; results come back in capture order,
so when a URL was captured several times the newest capture wins.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from archive import schema, store
from archive.warc import ArchivedResponse, iter_responses
from crawler.items import PageItem
from crawler.progress import Progress
from crawler.sites import registry, site_for_url


@dataclass
class Summary:
    pages: int = 0
    articles: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        failed = ", ".join(f"{k}: {v}" for k, v in sorted(self.failed.items())) or "none"
        return (
            f"{self.pages} archived pages read, {self.articles} article pages: "
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged; failures: {failed}"
        )


def warc_files(directory: Path) -> list[Path]:
    """WARC files in capture order (run name, then sequence)."""
    return sorted(Path(directory).glob("*.warc.gz"), key=lambda p: (p.stat().st_mtime, p.name))


def page_from_record(record: ArchivedResponse) -> PageItem | None:
    """A PageItem for an archived HTML page of a registered site, or None."""
    from scrapy.http import HtmlResponse

    site = site_for_url(record.uri)
    if site is None or record.status != 200:
        return None
    content_type = next((v for k, v in record.headers if k.lower() == "content-type"), "")
    if content_type and "html" not in content_type.lower():
        return None
    # Scrapy's own encoding detection, so text decodes exactly as during the crawl.
    response = HtmlResponse(record.uri, body=record.body, headers=record.headers, encoding=None)
    return PageItem(
        url=record.uri,
        final_url=record.uri,
        status=record.status,
        headers=record.headers,
        body=record.body,
        site=site.slug,
        fetched_at=datetime.strptime(record.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc),
        kind="article",
        encoding=response.encoding,
        warc_file=record.file,
        warc_offset=record.offset,
    )


def archived_pages(directory: Path, *, site: str | None = None, since: str | None = None) -> Iterator[PageItem]:
    for path in warc_files(directory):
        for record in iter_responses(path, skip_truncated=True):
            if since and record.date[:10] < since:
                continue
            page = page_from_record(record)
            if page is None or (site and page.site != site):
                continue
            yield page


def analyse_archived(page: PageItem) -> PageItem:
    """Article-page check, then the crawl's own extract, dates and dedupe (runs in a worker)."""
    import parsel

    from pipelines.analyse import analyse
    from spiders.news import is_article_page

    site = registry()[page.site]
    if not is_article_page(site, page.final_url, parsel.Selector(text=page.text())):
        page.kind = "page"
    else:
        analyse(page).merge(page)
    page.body = b""  # the caller has no use for it: do not send it back
    return page


def reextract(
    db_path: Path,
    warc_dir: Path,
    *,
    site: str | None = None,
    since: str | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> Summary:
    """Re-run extraction over the archived pages and update ``db_path``."""
    if site and site not in registry():
        raise KeyError(f"no site '{site}' in the registry")
    if not Path(warc_dir).is_dir():
        raise FileNotFoundError(f"no WARC folder at {warc_dir}")
    db = schema.connect(db_path)
    store.upsert_sites(db, registry().values())
    summary = Summary()
    bar = Progress("re-extracting pages") if progress else None
    workers = workers or os.cpu_count() or 1
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pages = archived_pages(warc_dir, site=site, since=since)
            for page in pool.map(analyse_archived, pages, chunksize=8):
                summary.pages += 1
                if page.kind == "article":
                    summary.articles += 1
                    _store(db, page, summary)
                if bar:
                    bar.advance(articles=1 if page.kind == "article" else 0)
    finally:
        if bar:
            bar.close()
        db.close()
    return summary


def _store(db, page: PageItem, summary: Summary) -> None:
    if page.article is None:
        reason = (page.error or "extract: failed").split(" (")[0]
        summary.failed[reason] = summary.failed.get(reason, 0) + 1
        return
    row = store.article_row(page.article, registry()[page.site], fetched_url=page.final_url)
    saved = store.save_article(
        db, row, content_hash=page.content_hash, warc_file=page.warc_file, warc_offset=page.warc_offset,
        seen_at=page.fetched_at.isoformat(timespec="seconds"),
    )
    setattr(summary, saved.status, getattr(summary, saved.status) + 1)
