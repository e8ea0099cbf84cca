"""Last stage: articles, their versions and removals, and how each URL ended, into the archive.

One transaction per item: the article row (its index rows follow through
triggers), its previous version when the page changed, its revisit schedule,
and the frontier state of every address it was reached by; or, for a URL
that ended without an article, the error row, the URL's failure with its next
try, and the removal mark when the URL was a known article that is gone.
"""

from __future__ import annotations

import logging
from datetime import timezone

from archive import frontier, memory, store, stories
from crawler.items import Analysed, FetchError, PageItem, Unchanged, header
from crawler.sites import registry
from crawler.urls import canonical
from pipelines.database import database

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.backoff_hours = settings.getfloat("ARCHIVE_RETRY_BACKOFF_HOURS")
        self.schedule = [float(d) for d in settings.getlist("ARCHIVE_REVISIT_DAYS")]
        self.stories = settings.getbool("ARCHIVE_STORIES")
        self.word_counts: list[int] = []

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self, spider=None):
        self.db = database(self.crawler)

    def close_spider(self, spider=None):
        if self.word_counts:
            # The median extracted length: a layout change shows as a sudden drop.
            self.stats.set_value("archive/median_words", sorted(self.word_counts)[len(self.word_counts) // 2])

    @property
    def run_id(self) -> int | None:
        return self.stats.get_value("archive/run_id")

    def _count(self, key: str) -> None:
        self.stats.inc_value(f"archive/{key}")

    def process_item(self, item):
        with self.db.atomic():
            if isinstance(item, FetchError):
                self._error(item)
            elif isinstance(item, Analysed):
                self._article(item)
            elif isinstance(item, Unchanged):
                self._unchanged(item.page)
        return item

    # --- URLs that ended without an article --------------------------------------------

    def _error(self, error: FetchError) -> None:
        key = canonical(error.url)
        if error.outcome == "skipped":
            reason = error.reason.removeprefix("skipped: ")
            frontier.finish(self.db, key, error.site, "skipped", reason=reason, status=error.status)
            self._count(f"skipped/{reason}")
            return
        store.record_error(self.db, error, self.run_id)
        frontier.fail(self.db, key, error.site, error.reason, status=error.status, backoff_hours=self.backoff_hours)
        self._count(f"errors/{error.reason.split(':')[0]}")
        if error.outcome == "gone" or error.status in memory.GONE_STATUSES:
            self._gone(error, key)

    def _gone(self, error: FetchError, key: str) -> None:
        found = memory.find(self.db, key, error.url)
        if found is None:
            return
        article_id, first_seen, _removed = found
        if memory.mark_removed(self.db, article_id, error.status, error.reason, store.now_iso()):
            self._count("articles_removed")
        memory.checked(self.db, article_id, first_seen, self.schedule)

    # --- article pages --------------------------------------------------------------------

    def _unchanged(self, page: PageItem) -> None:
        found = memory.find(self.db, canonical(page.final_url), canonical(page.url))
        for url in {canonical(page.url), canonical(page.final_url)}:
            frontier.finish(self.db, url, page.site, "unchanged", role="revisit", status=page.status)
        if found is None:
            return
        article_id, first_seen, _removed = found
        self.db.execute("update articles set last_seen = ? where id = ?",
                        [page.fetched_at.isoformat(timespec="seconds"), article_id])
        self._present(article_id, page)
        memory.checked(self.db, article_id, first_seen, self.schedule)
        self._count("articles_unchanged")

    def _article(self, item: Analysed) -> None:
        page, analysis = item.page, item.analysis
        if analysis.article is None:
            self._error(FetchError(page.url, page.site, analysis.error or "extract: no article", page.status))
            return
        site = registry()[page.site]
        row = store.resolve_key(self.db, store.article_row(analysis, site, fetched_url=page.final_url),
                                analysis.content_hash)
        saved = store.save_article(
            self.db, row, content_hash=analysis.content_hash, capture=page.capture,
            seen_at=page.fetched_at.isoformat(timespec="seconds"), keep_versions=True,
        )
        # Every address that led here is known now: the one asked for, the one
        # redirected to, the key.
        for url in {canonical(page.url), canonical(page.final_url), saved.url}:
            frontier.finish(self.db, url, page.site, "stored", role="article", status=page.status)
        frontier.save_validators(self.db, canonical(page.final_url), etag=header(page.headers, "etag"),
                                 last_modified=header(page.headers, "last-modified"))
        first_seen = self.db.execute("select first_seen from articles where id = ?", [saved.id]).fetchone()[0]
        if saved.status == "new":
            self.db.execute("update articles set next_check = ? where id = ?",
                            [memory.next_check(first_seen, self.schedule), saved.id])
        else:
            self._present(saved.id, page)
            memory.checked(self.db, saved.id, first_seen, self.schedule)
        if saved.version_kept:
            self._count("articles_versioned")
        if self.stories and saved.status != "unchanged" and analysis.signature is not None:
            story = stories.assign(self.db, saved.id, analysis.signature, first_seen=first_seen)
            if story.matched:
                self._count("articles_in_stories")
        self.word_counts.append(analysis.article.word_count)
        self._count(f"articles_{saved.status}")
        if analysis.charset_fault:
            self._count("charset_faults")
        logger.debug("%s article %s (%s)", saved.status, saved.url, saved.id)

    def _present(self, article_id: int, page: PageItem) -> None:
        if memory.mark_present(self.db, article_id, page.fetched_at.astimezone(timezone.utc).isoformat(timespec="seconds")):
            self._count("articles_restored")

