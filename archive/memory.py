"""The archive's memory of an article: when to look at it again, its versions, its removals.

Provincial pages change and vanish. A known article is fetched again on a
schedule of ages since it was first seen (``ARCHIVE_REVISIT_DAYS``, e.g. 1, 7,
30 and 365 days), with a conditional request; an unchanged answer costs a
revisit record and nothing else. When the page's text, title, lead, author or
publication date changed, the previous values become a row of
``article_versions`` and ``articles`` holds the current one. An article that
answers 404/410, or redirects to a page that is not an article, is marked
removed (it stays searchable); if it comes back, the mark is cleared and the
episode stays in ``article_removals``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VERSIONED = ("title", "lead", "text", "author", "published")
GONE_STATUSES = (404, 410)


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def next_check(first_seen: str, schedule_days, now: datetime | None = None) -> str | None:
    """The first point of the schedule (days after ``first_seen``) still ahead of ``now``; None when none is."""
    now = now or datetime.now(timezone.utc)
    start = _parse(first_seen)
    for days in sorted(schedule_days):
        moment = start + timedelta(days=days)
        if moment > now:
            return _iso(moment)
    return None


def due(conn, site: str, *, limit: int, now: datetime | None = None, older_than_days: float | None = None) -> list[str]:
    """Addresses of this site's articles due for a revisit, oldest due first, at most ``limit``.

    ``older_than_days``: every article first seen at least that long ago,
    whatever its schedule (``crawler revisit --older-than``).
    """
    now = now or datetime.now(timezone.utc)
    if older_than_days is not None:
        rows = conn.execute(
            "select coalesce(fetched_url, url) from articles where site = ? and first_seen <= ?"
            " order by last_seen limit ?",
            [site, _iso(now - timedelta(days=older_than_days)), limit],
        )
    else:
        rows = conn.execute(
            "select coalesce(fetched_url, url) from articles indexed by idx_articles_site_next_check"
            " where site = ? and next_check <= ? order by next_check limit ?",
            [site, _iso(now), limit],
        )
    return [url for (url,) in rows]


def find(conn, *urls: str) -> tuple | None:
    """(id, first_seen, removed_at) of the article reached by any of ``urls`` (its key or the address fetched)."""
    for url in urls:
        # Named indexes: the planner must not trade a lookup for a scan on odd statistics.
        for column, index in (("url", "idx_articles_url"), ("fetched_url", "idx_articles_fetched_url")):
            row = conn.execute(
                f"select id, first_seen, removed_at from articles indexed by {index} where {column} = ?", [url]
            ).fetchone()
            if row:
                return row
    return None


def checked(conn, article_id: int, first_seen: str, schedule_days, now: datetime | None = None) -> None:
    """The article was looked at now: one more check, and its next one on the schedule."""
    conn.execute(
        "update articles set checks = coalesce(checks, 0) + 1, next_check = ? where id = ?",
        [next_check(first_seen, schedule_days, now), article_id],
    )


def keep_version(conn, article_id: int) -> int:
    """Copy the article's current version into ``article_versions``; returns the number the next one gets."""
    row = conn.execute(
        "select coalesce(version, 1), title, lead, text, author, published, content_hash,"
        " coalesce(version_seen, first_seen), last_seen, warc_file, warc_offset from articles where id = ?",
        [article_id],
    ).fetchone()
    conn.execute(
        "insert or replace into article_versions (article_id, version, title, lead, text, author, published,"
        " content_hash, first_seen, last_seen, warc_file, warc_offset) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [article_id, *row],
    )
    return row[0] + 1


def mark_removed(conn, article_id: int, status: int | None, reason: str, at: str) -> bool:
    """Mark the article removed (once per episode); True when this starts an episode."""
    if conn.execute("select removed_at from articles where id = ?", [article_id]).fetchone()[0]:
        return False
    conn.execute("update articles set removed_at = ?, removed_status = ? where id = ?", [at, status, article_id])
    conn.execute(
        "insert into article_removals (article_id, removed_at, removed_status, reason) values (?, ?, ?, ?)",
        [article_id, at, status, reason],
    )
    return True


def mark_present(conn, article_id: int, at: str) -> bool:
    """The article answered again: clear its removal mark and close the episode; True if it was removed."""
    if not conn.execute("select removed_at from articles where id = ?", [article_id]).fetchone()[0]:
        return False
    conn.execute("update articles set removed_at = null, removed_status = null where id = ?", [article_id])
    conn.execute(
        "update article_removals set restored_at = ? where article_id = ? and restored_at is null", [at, article_id]
    )
    return True
