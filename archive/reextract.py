"""Rebuild articles from the archived raw pages, without recrawling.

Reads every WARC response record of a registered site, runs the crawl's own
analysis (``crawler.analyse``) on the article pages in the shared process pool
(``crawler.workers``), and updates the articles whose fields change, with the
new ``extractor_version``. Results come back in capture order, so when a URL
was captured several times the newest capture wins. It is our code that
changed, not the page: articles are updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from archive import schema, store, stories
from archive.warc import ArchivedResponse, iter_responses, warc_files
from crawler import workers
from crawler.analyse import analyse, is_article_page
from crawler.items import Analysis, Capture, PageItem, header
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


def page_from_record(record: ArchivedResponse) -> PageItem | None:
    """A PageItem for an archived HTML page of a registered site, or None."""
    site = site_for_url(record.uri)
    if site is None or record.status != 200:
        return None
    content_type = header(record.headers, "content-type", "")
    if content_type and "html" not in content_type.lower():
        return None
    fetched = datetime.strptime(record.date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return PageItem(
        url=record.uri, final_url=record.uri, status=record.status, headers=record.headers, body=record.body,
        site=site.slug, fetched_at=fetched,
        capture=Capture(record.uri, record.file, record.offset, "response", "", record.date),
    )


def archived_pages(directory: Path, *, site: str | None = None, since: str | None = None) -> Iterator[PageItem]:
    for path in warc_files(directory):
        for record in iter_responses(path, skip_truncated=True):
            if since and record.date[:10] < since:
                continue
            page = page_from_record(record)
            if page is not None and (site is None or page.site == site):
                yield page


def analyse_archived(page: PageItem) -> tuple[PageItem, Analysis | None]:
    """(the page without its body, its analysis or None when it is not an article page); runs in a worker."""
    import parsel

    site = registry()[page.site]
    text = page.text().text
    analysis = analyse(page, site) if is_article_page(site, page.final_url, parsel.Selector(text=text)) else None
    return PageItem(page.url, page.final_url, page.status, page.headers, b"", page.site, page.fetched_at,
                    page.capture), analysis


def reextract(
    db_path: Path, warc_dir: Path, *, site: str | None = None, since: str | None = None, progress: bool = True
) -> Summary:
    """Re-run the analysis over the archived pages and update ``db_path``."""
    if site and site not in registry():
        raise KeyError(f"no site '{site}' in the registry")
    if not Path(warc_dir).is_dir():
        raise FileNotFoundError(f"no WARC folder at {warc_dir}")
    db = schema.connect(db_path)
    store.upsert_sites(db, registry().values())
    summary = Summary()
    bar = Progress("re-extracting pages") if progress else None
    try:
        for page, analysis in workers.imap(analyse_archived, archived_pages(warc_dir, site=site, since=since)):
            summary.pages += 1
            if analysis is not None:
                summary.articles += 1
                with db.atomic():
                    _store(db, page, analysis, summary)
            if bar:
                bar.advance(articles=1 if analysis is not None else 0)
    finally:
        if bar:
            bar.close()
        db.close()
    return summary


def _store(db, page: PageItem, analysis: Analysis, summary: Summary) -> None:
    if analysis.article is None:
        reason = (analysis.error or "extract: failed").split(" (")[0]
        summary.failed[reason] = summary.failed.get(reason, 0) + 1
        return
    row = store.resolve_key(db, store.article_row(analysis, registry()[page.site], fetched_url=page.final_url),
                            analysis.content_hash)
    saved = store.save_article(
        db, row, content_hash=analysis.content_hash, capture=page.capture,
        seen_at=page.fetched_at.isoformat(timespec="seconds"),
    )
    setattr(summary, saved.status, getattr(summary, saved.status) + 1)
    if saved.status != "unchanged" and analysis.signature is not None:
        first_seen = db.execute("select first_seen from articles where id = ?", [saved.id]).fetchone()[0]
        stories.assign(db, saved.id, analysis.signature, first_seen=first_seen)
