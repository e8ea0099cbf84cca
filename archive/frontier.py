"""The frontier: every URL a crawl decided to fetch, and how it ended, kept in the archive.

One row per URL key (``crawler.urls.canonical``), whatever its role (article,
listing, pagination, feed, sitemap). A URL is recorded ``pending`` before it
is requested, with how it was found (``crawler.items.Discovery``, as JSON), and
ends in exactly one recorded state:

- ``stored``: an article stored (new, updated or the same);
- ``listing``: a page fetched for its links (listings, feeds, sitemaps, pages without an article);
- ``unchanged``: a conditional request answered 304;
- ``skipped``: not fetched on purpose; ``reason`` says why (robots.txt, a redirect to an archived article);
- ``failed``: ``reason``, ``tries`` and ``next_try``; tried again on later nights with a growing
  wait, given up after a bounded number of tries.

A crawl killed at any moment leaves its pending rows, listings included, so
the next run starts from them and finds everything an uninterrupted crawl
would (Scrapy's JOBDIR survives only a clean stop). Every lookup here is by
primary key or by the (site, state) index: its cost does not grow with the archive.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

STATES = ("pending", "stored", "listing", "unchanged", "skipped", "failed")
# States after which an article URL is not fetched again (unless refreshed or revisited).
SETTLED = ("stored", "unchanged", "skipped")


def now_iso(moment: datetime | None = None) -> str:
    return (moment or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    url: str
    site: str
    role: str | None
    state: str
    reason: str | None
    tries: int
    next_try: str | None
    discovery: dict | None


def get(conn, url: str) -> Entry | None:
    row = conn.execute(
        "select url, site, role, state, reason, tries, next_try, discovery from frontier where url = ?", [url]
    ).fetchone()
    if row is None:
        return None
    return Entry(*row[:7], json.loads(row[7]) if row[7] else None)


def is_settled(entry: Entry | None, *, max_tries: int, now: str) -> bool:
    """True when an article URL needs no fetch tonight: stored, skipped, or failed and not due."""
    if entry is None:
        return False
    if entry.state in SETTLED:
        return True
    if entry.state == "failed":
        return entry.tries >= max_tries or (entry.next_try is not None and entry.next_try > now)
    return False


def mark_pending(conn, url: str, site: str, role: str, discovery: dict | None) -> None:
    """Record a URL about to be requested, with how it was found (kept through a kill)."""
    now = now_iso()
    conn.execute(
        "insert into frontier (url, site, role, state, discovered, updated, tries, discovery)"
        " values (?, ?, ?, 'pending', ?, ?, 0, ?)"
        " on conflict(url) do update set state = 'pending', role = excluded.role,"
        " discovery = excluded.discovery, updated = excluded.updated",
        [url, site, role, now, now, json.dumps(discovery) if discovery else None],
    )


def finish(conn, url: str, site: str, state: str, *, reason: str | None = None, status: int | None = None,
           role: str | None = None) -> None:
    """Record how a URL ended (any state but ``failed``: see ``fail``)."""
    assert state in STATES and state != "failed", state
    now = now_iso()
    conn.execute(
        "insert into frontier (url, site, role, state, reason, status, discovered, updated, tries)"
        " values (?, ?, ?, ?, ?, ?, ?, ?, 0)"
        " on conflict(url) do update set state = excluded.state, reason = excluded.reason,"
        " status = coalesce(excluded.status, status), role = coalesce(role, excluded.role),"
        " updated = excluded.updated, next_try = null, tries = 0",
        [url, site, role, state, reason, status, now, now],
    )


def fail(conn, url: str, site: str, reason: str, *, status: int | None = None, backoff_hours: float,
         now: datetime | None = None) -> int:
    """Record a failed fetch; the next try waits ``backoff_hours`` doubled per earlier failure. Returns tries."""
    moment = now or datetime.now(timezone.utc)
    row = conn.execute("select tries from frontier where url = ?", [url]).fetchone()
    tries = (row[0] if row else 0) + 1
    next_try = now_iso(moment + timedelta(hours=backoff_hours * 2 ** (tries - 1)))
    conn.execute(
        "insert into frontier (url, site, state, reason, status, discovered, updated, tries, next_try)"
        " values (?, ?, 'failed', ?, ?, ?, ?, ?, ?)"
        " on conflict(url) do update set state = 'failed', reason = excluded.reason, status = excluded.status,"
        " updated = excluded.updated, tries = excluded.tries, next_try = excluded.next_try",
        [url, site, reason, status, now_iso(moment), now_iso(moment), tries, next_try],
    )
    return tries


def resumable(conn, site: str, *, max_tries: int, now: str) -> list[Entry]:
    """What this site's next run starts with: pending URLs (a killed run's), then failures due again."""
    columns = "url, site, role, state, reason, tries, next_try, discovery"
    # Two queries, each on the (site, state) index: an OR of states would scan the site's rows.
    rows = conn.execute(
        f"select {columns} from frontier where site = ? and state = 'pending' order by discovered", [site]
    ).fetchall()
    rows += conn.execute(
        f"select {columns} from frontier where site = ? and state = 'failed' and tries < ? and next_try <= ?"
        " order by discovered",
        [site, max_tries, now],
    ).fetchall()
    return [Entry(*r[:7], json.loads(r[7]) if r[7] else None) for r in rows]


def counts(conn, site: str | None = None) -> list[tuple[str, str, str | None, int]]:
    """(site, state, reason, count) for every site (or one), for status pages."""
    where, params = ("where site = ?", [site]) if site else ("", [])
    return conn.execute(
        f"select site, state, reason, count(*) from frontier {where} group by site, state, reason"
        " order by site, state, reason",
        params,
    ).fetchall()


# --- conditional requests -------------------------------------------------------------


def validators(conn, url: str) -> dict:
    row = conn.execute("select etag, last_modified, lastmod from http_validators where url = ?", [url]).fetchone()
    return dict(zip(("etag", "last_modified", "lastmod"), row)) if row else {}


def save_validators(conn, url: str, *, etag=None, last_modified=None, lastmod=None) -> None:
    conn.execute(
        "insert into http_validators (url, etag, last_modified, lastmod, checked) values (?, ?, ?, ?, ?)"
        " on conflict(url) do update set etag = coalesce(excluded.etag, etag),"
        " last_modified = coalesce(excluded.last_modified, last_modified),"
        " lastmod = coalesce(excluded.lastmod, lastmod), checked = excluded.checked",
        [url, etag, last_modified, lastmod, now_iso()],
    )
