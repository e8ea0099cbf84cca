"""The archive's SQLite schema, in one place, as sqlite-utils migrations.

Table and column names are a public interface: researchers write SQL against
them and Datasette metadata names them. Add a migration for every change; never
edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

migrations = Migrations("vn-provincial-archive")


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["provinces"].create(
        {
            "code": str,
            "name": str,
            "name_ascii": str,
            "merged_into": str,  # the unit it belongs to since 2025-07-01
            "valid_from": str,
            "valid_to": str,
        },
        pk="code",
    )
    db["sites"].create(
        {
            "slug": str,
            "name": str,
            "province": str,
            "province_code": str,
            "kind": str,
            "home_url": str,
            "domains": str,  # JSON list
            "notes": str,
        },
        pk="slug",
        foreign_keys=[("province_code", "provinces", "code")],
    )
    db["articles"].create(
        {
            "id": int,
            "url": str,  # canonical URL: the key of an article
            "site": str,
            "province": str,  # the site's province at publication (pre-merger name)
            "title": str,
            "lead": str,
            "text": str,
            "author": str,
            "published": str,  # ISO 8601 with +07:00, or a bare date
            "published_raw": str,
            "published_source": str,
            "updated": str,
            "dateline": str,
            "dateline_raw": str,
            "year": int,
            "section": str,
            "tags": str,  # JSON list
            "image": str,
            "captions": str,  # JSON list
            "language": str,
            "word_count": int,
            "content_hash": str,
            "duplicate_of": int,
            "fetched_url": str,  # the URL the page was fetched from, after redirects
            "first_seen": str,
            "last_seen": str,
            "warc_file": str,
            "warc_offset": int,
            "extractor_version": str,
        },
        pk="id",
        not_null={"url", "site"},
        foreign_keys=[("site", "sites", "slug"), ("duplicate_of", "articles", "id")],
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["site", "published"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["province", "year"])
    db["articles"].create_index(["content_hash"])
    db["runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "sites": str,  # JSON list of slugs
            "command": str,
            "stats": str,  # JSON: {slug: {...}} per-site statistics
        },
        pk="id",
    )
    db["fetch_errors"].create(
        {
            "id": int,
            "run": int,
            "site": str,
            "url": str,
            "reason": str,
            "status": int,
            "detail": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("run", "runs", "id")],
    )
    db["fetch_errors"].create_index(["run", "site"])


def connect(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the archive, creating and migrating it when writable.

    WAL mode lets Datasette read while a crawl writes; a crash leaves the
    database consistent (SQLite's own guarantees, nothing of ours).
    """
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no archive at {path}: run `crawler crawl` or `crawler demo` first")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        return sqlite_utils.Database(conn)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    migrations.apply(db)
    _ensure_fts(db)
    return db


def _ensure_fts(db: sqlite_utils.Database) -> None:
    from archive import fts

    fts.ensure_fts(db)


@migrations()
def m002_captures(db: sqlite_utils.Database) -> None:
    """One row per archived response record: revisit detection and the page view."""
    db["captures"].create(
        {
            "id": int,
            "run": int,
            "site": str,
            "uri": str,
            "status": int,
            "digest": str,
            "date": str,
            "warc_file": str,
            "warc_offset": int,
        },
        pk="id",
    )
    db["captures"].create_index(["uri"])


@migrations()
def m003_crawl_state(db: sqlite_utils.Database) -> None:
    """Crawl state that must survive a kill: the article frontier and HTTP validators."""
    db["frontier"].create(
        {
            "url": str,  # the article URL as discovered (before redirects)
            "site": str,
            "state": str,  # pending | done | failed
            "discovered": str,
            "updated": str,
            "tries": int,
        },
        pk="url",
    )
    db["frontier"].create_index(["site", "state"])
    db["http_validators"].create(
        {"url": str, "etag": str, "last_modified": str, "lastmod": str, "checked": str},
        pk="url",
    )
    db["articles"].create_index(["fetched_url"])


@migrations()
def m004_search_key(db: sqlite_utils.Database) -> None:
    """articles.search_key: the article's row in the full-text index, in publication order (archive/fts.py)."""
    from archive.fts import SEARCH_KEY_SQL

    db.execute(f"ALTER TABLE articles ADD COLUMN search_key INTEGER GENERATED ALWAYS AS ({SEARCH_KEY_SQL}) VIRTUAL")
    db.execute("CREATE UNIQUE INDEX idx_articles_search_key ON articles (search_key)")


@migrations()
def m005_search_facets(db: sqlite_utils.Database) -> None:
    """Site, province and year of a search's matches from an index, without reading the articles' rows."""
    # It replaces m004's index on search_key alone, which the planner would pick instead.
    db.execute("DROP INDEX IF EXISTS idx_articles_search_key")
    db.execute("CREATE INDEX idx_articles_search_facets ON articles (search_key, site, province, year)")


@migrations()
def m006_stories(db: sqlite_utils.Database) -> None:
    """Stories: an article and its near-copies on other sites (archive/stories.py, crawler/nearcopy.py).

    ``articles.story_id`` is the id of the story's origin, its first-seen copy.
    ``story_signatures`` keeps each article's MinHash signature; ``story_bands``
    is the persistent LSH index: one row per (band, band hash) of an article,
    stored as its own primary key (WITHOUT ROWID), so the (band, hash) lookup
    reads the table itself and the index costs no second copy.
    """
    db.execute("ALTER TABLE articles ADD COLUMN story_id INTEGER")
    db.execute("CREATE INDEX idx_articles_story_id ON articles (story_id)")
    db.execute(
        "CREATE TABLE story_signatures ("
        " article_id INTEGER PRIMARY KEY REFERENCES articles(id),"
        " signature BLOB NOT NULL,"  # crawler.nearcopy.signature of the article's text
        " version TEXT NOT NULL,"  # crawler.nearcopy.VERSION that made it
        " first_seen TEXT NOT NULL)"  # when this copy was first seen: the earliest is the story's origin
    )
    db.execute(
        "CREATE TABLE story_bands ("
        " band INTEGER NOT NULL, hash INTEGER NOT NULL, article_id INTEGER NOT NULL,"
        " PRIMARY KEY (band, hash, article_id)) WITHOUT ROWID"
    )
