"""Crawl state kept in the archive's own SQLite, so a killed crawl resumes where it stopped.

Scrapy's JOBDIR survives only a clean stop. Here every article URL the spider
decides to fetch is written to ``frontier`` as pending before it is requested,
and marked done once its page is stored (or failed for good). A restarted
crawl first re-requests the pending ones; a kill costs at most the pages in
flight, and the archive's unique key on the URL means nothing is stored twice.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from archive import schema


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class CrawlState:
    """One site's view of the frontier and of what the archive already holds."""

    def __init__(self, db_path: Path, site: str):
        schema.connect(db_path).close()  # create or migrate first
        self.conn = sqlite3.connect(db_path, isolation_level=None)
        self.conn.execute("PRAGMA busy_timeout=10000")
        # WAL with NORMAL sync: a crash loses at most the last commits, never consistency.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.site = site

    def close(self) -> None:
        self.conn.close()

    # --- articles ---------------------------------------------------------------

    def is_known(self, url: str) -> bool:
        """True when the archive holds this article (by key or by fetched URL) or it is done."""
        row = self.conn.execute(
            "select 1 from articles where url = ? or fetched_url = ?"
            " union all select 1 from frontier where url = ?"
            " and (state = 'done' or (state = 'failed' and tries >= 3)) limit 1",
            [url, url, url],
        ).fetchone()
        return row is not None

    def is_listing(self, url: str) -> bool:
        """True for a page fetched before and found not to be an article."""
        return self.conn.execute("select 1 from frontier where url = ? and state = 'listing'", [url]).fetchone() is not None

    def add_pending(self, url: str) -> None:
        """Remember an article URL about to be requested (a failed one gets another try)."""
        now = _now()
        self.conn.execute(
            "insert into frontier (url, site, state, discovered, updated, tries) values (?, ?, 'pending', ?, ?, 0)"
            " on conflict(url) do update set state = 'pending', updated = excluded.updated"
            " where state in ('failed', 'listing')",
            [url, self.site, now, now],
        )

    def pending(self) -> list[str]:
        return [
            row[0]
            for row in self.conn.execute(
                "select url from frontier where site = ? and state = 'pending' order by discovered", [self.site]
            )
        ]

    def finish(self, url: str, state: str = "done") -> None:
        self.conn.execute("update frontier set state = ?, updated = ? where url = ?", [state, _now(), url])

    # --- conditional requests -------------------------------------------------------

    def validators(self, url: str) -> dict:
        row = self.conn.execute(
            "select etag, last_modified, lastmod from http_validators where url = ?", [url]
        ).fetchone()
        return dict(zip(("etag", "last_modified", "lastmod"), row)) if row else {}

    def save_validators(self, url: str, *, etag=None, last_modified=None, lastmod=None) -> None:
        self.conn.execute(
            "insert into http_validators (url, etag, last_modified, lastmod, checked) values (?, ?, ?, ?, ?)"
            " on conflict(url) do update set etag = coalesce(excluded.etag, etag),"
            " last_modified = coalesce(excluded.last_modified, last_modified),"
            " lastmod = coalesce(excluded.lastmod, lastmod), checked = excluded.checked",
            [url, etag, last_modified, lastmod, _now()],
        )
