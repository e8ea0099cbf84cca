"""Writing to the archive: sites, articles, captures, errors and runs.

Works without Scrapy (re-extraction and tests call it directly). The caller
wraps the writes of one page in one transaction; the full-text index follows
through triggers (archive.fts) inside it, so a crash leaves either the whole
page or none of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlite_utils

from archive import memory
from crawler import provinces
from crawler.items import Analysis, Capture, FetchError
from crawler.sites import Site
from crawler.urls import canonical

# Fields whose change makes an article "updated" (bookkeeping fields excluded).
CONTENT_FIELDS = (
    "title", "lead", "text", "author", "published", "published_raw", "updated",
    "dateline", "section", "tags", "image", "captions", "language",
)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def upsert_sites(db: sqlite_utils.Database, sites) -> None:
    """Write the registry's sites (and the provinces they name) into the archive."""
    with db.atomic():
        for province in provinces.provinces().values():
            db["provinces"].upsert(province.__dict__, pk="code")
        for site in sites:
            province = provinces.find(site.province)
            db["sites"].upsert(
                {
                    "slug": site.slug,
                    "name": site.name,
                    "province": site.province,
                    "province_code": province.code if province else None,
                    "kind": site.kind,
                    "home_url": site.home_url,
                    "domains": json.dumps(list(site.domains)),
                    "notes": site.notes,
                },
                pk="slug",
            )


def article_row(analysis: Analysis, site: Site, *, fetched_url: str) -> dict:
    """The ``articles`` columns for an analysed page (bookkeeping columns excluded)."""
    article = analysis.article
    published = iso(article.published)
    return {
        "url": analysis.key,
        "site": site.slug,
        "province": site.province,
        "title": article.title,
        "lead": article.lead,
        "text": article.text,
        "author": article.author,
        "published": published,
        "published_raw": article.published_raw,
        "published_source": article.published_source,
        "updated": iso(article.updated),
        "dateline": iso(article.dateline),
        "dateline_raw": article.dateline_raw,
        "year": int(published[:4]) if published else None,
        "section": article.section,
        "tags": json.dumps(article.tags, ensure_ascii=False) if article.tags else None,
        "image": article.image,
        "captions": json.dumps(article.captions, ensure_ascii=False),
        "language": article.language,
        "word_count": article.word_count,
        "fetched_url": fetched_url,
        "key_source": analysis.key_source,
        "charset_fault": analysis.charset_fault,
        "extractor_version": article.extractor_version,
    }


def resolve_key(db: sqlite_utils.Database, row: dict, content_hash: str) -> dict:
    """The row, keyed by its fetched URL instead when another page already holds its canonical key.

    Two pages declaring one canonical URL (a listing or the home page, a
    template left unchanged) are two articles when their texts differ: the
    second keeps its own address, and ``key_source`` records why.
    """
    if row["key_source"] != "canonical":
        return row
    holder = db.execute(
        "select fetched_url, content_hash from articles where url = ?", [row["url"]]
    ).fetchone()
    if holder is None or holder[1] == content_hash or canonical(holder[0] or "") == canonical(row["fetched_url"]):
        return row
    return dict(row, url=canonical(row["fetched_url"]), key_source="fetched: canonical shared with another article")


@dataclass(frozen=True)
class Saved:
    """What became of an article: its id and key; "new", "updated" or "unchanged"; whether its previous version was kept."""

    id: int
    url: str
    status: str
    version_kept: bool = False


def save_article(
    db: sqlite_utils.Database,
    row: dict,
    *,
    content_hash: str,
    capture: Capture | None = None,
    seen_at: str | None = None,
    keep_versions: bool = False,
) -> Saved:
    """Insert or update one article keyed on ``row["url"]``, with its index rows.

    ``seen_at``: when the page was captured (default now). An article whose
    fields are unchanged is not rewritten; a later capture only moves
    ``last_seen`` and the WARC pointer forward, so re-extracting old captures
    never makes an article look newly seen. ``keep_versions``: a newer capture
    whose title, lead, text, author or publication date differ keeps the
    previous values in ``article_versions`` (archive/memory.py). A crawl keeps
    them; ``reextract`` does not: there our code changed, not the page.
    """
    seen_at = seen_at or now_iso()
    existing = db.execute(
        f"select id, last_seen, {', '.join(CONTENT_FIELDS)} from articles where url = ?", [row["url"]]
    ).fetchone()
    duplicate = db.execute(
        "select id from articles indexed by idx_articles_content_hash"
        " where content_hash = ? and url != ? and duplicate_of is null order by id limit 1",
        [content_hash, row["url"]],
    ).fetchone()
    values = dict(row, content_hash=content_hash, duplicate_of=duplicate[0] if duplicate else None)
    if capture is not None:
        values.update(warc_file=capture.file, warc_offset=capture.offset)
    if existing is None:
        values.update(first_seen=seen_at, last_seen=seen_at, version=1, version_seen=seen_at, checks=0)
        columns = list(values)
        article_id = db.execute(
            f"insert into articles ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns],
        ).lastrowid
        return Saved(article_id, row["url"], "new")
    article_id, last_seen = existing[0], existing[1]
    changed = any(old != values.get(f) for f, old in zip(CONTENT_FIELDS, existing[2:]))
    newer = last_seen is None or seen_at > last_seen
    if changed:
        columns = [c for c in values if c != "url" and (newer or c not in ("warc_file", "warc_offset"))]
    elif newer:
        columns = [c for c in ("warc_file", "warc_offset") if c in values]
    else:
        return Saved(article_id, row["url"], "unchanged")
    updates = {c: values[c] for c in columns}
    if newer:
        updates["last_seen"] = seen_at
    old = dict(zip(CONTENT_FIELDS, existing[2:]))
    kept = keep_versions and newer and any(old[f] != values.get(f) for f in memory.VERSIONED)
    if kept:
        updates.update(version=memory.keep_version(db, article_id), version_seen=seen_at)
    db.execute(
        f"update articles set {', '.join(f'{c} = ?' for c in updates)} where id = ?",
        list(updates.values()) + [article_id],
    )
    return Saved(article_id, row["url"], "updated" if changed else "unchanged", kept)


def record_capture(db: sqlite_utils.Database, capture: Capture, *, site: str, status: int, run: int | None) -> None:
    """Remember a response record (not revisits) for later revisit checks and the page view."""
    if capture.record_type != "response":
        return
    db.execute(
        "insert into captures (run, site, uri, status, digest, date, warc_file, warc_offset)"
        " values (?, ?, ?, ?, ?, ?, ?, ?)",
        [run, site, capture.uri, status, capture.digest, capture.date, capture.file, capture.offset],
    )


def last_capture(db: sqlite_utils.Database, uri: str) -> Capture | None:
    """The newest response record of ``uri`` the archive knows."""
    row = db.execute(
        "select uri, warc_file, warc_offset, digest, date from captures indexed by idx_captures_uri"
        " where uri = ? order by id desc limit 1", [uri]
    ).fetchone()
    return Capture(row[0], row[1], row[2], "response", row[3], row[4]) if row else None


def record_error(db: sqlite_utils.Database, error: FetchError, run: int | None) -> None:
    db.execute(
        "insert into fetch_errors (run, site, url, reason, status, detail, at) values (?, ?, ?, ?, ?, ?, ?)",
        [run, error.site, error.url, error.reason, error.status, error.detail, error.at.isoformat(timespec="seconds")],
    )


def start_run(db: sqlite_utils.Database, sites: list[str], command: str = "") -> int:
    return db["runs"].insert(
        {"started": now_iso(), "finished": None, "sites": json.dumps(sites), "command": command, "stats": "{}"}
    ).last_pk


def add_run_stats(db: sqlite_utils.Database, run: int, site: str, stats: dict) -> None:
    """Merge one site's statistics into the run row; marks the run finished.

    One statement, no read before the write: crawl processes of one run
    (``--jobs``) report their sites to the same row at the same time.
    """
    db.execute(
        "update runs set stats = json_set(coalesce(stats, '{}'), '$.' || json_quote(?), json(?)), finished = ?"
        " where id = ?",
        [site, json.dumps(stats, ensure_ascii=False, default=str), now_iso(), run],
    )
