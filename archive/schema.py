"""The archive's SQLite schema, in one place, as sqlite-utils migrations.

Table and column names are a public interface: researchers write SQL against
them and Datasette metadata names them. Add a migration for every change; never
edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from archive import fts

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
            "published": str,  # ISO 8601 with the offset the page states (+07:00 for Vietnamese times), or a bare date
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


class Archive(sqlite_utils.Database):
    """A connection to the archive whose write transactions take the write lock when they begin.

    Several crawl processes write to one archive (``crawler crawl --jobs``). A
    transaction that read first and writes later would fail at once
    (SQLITE_BUSY_SNAPSHOT) when another process committed in between; one that
    begins IMMEDIATE waits its turn (busy_timeout) instead. Nested blocks stay savepoints.
    """

    @contextmanager
    def atomic(self):
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the archive, creating and migrating it when writable.

    WAL mode lets Datasette read while a crawl writes; a crash leaves the
    database consistent (SQLite's own guarantees, nothing of ours). A writable
    connection carries the SQL functions the search index's triggers call.
    """
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no archive at {path}: run `crawler crawl` or `crawler demo` first")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        return sqlite_utils.Database(conn)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Archive(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=10000")
    fts.register_functions(db.conn)
    migrations.apply(db)
    return db


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
    db.execute(f"ALTER TABLE articles ADD COLUMN search_key INTEGER GENERATED ALWAYS AS ({fts.SEARCH_KEY_SQL}) VIRTUAL")
    db.execute("CREATE UNIQUE INDEX idx_articles_search_key ON articles (search_key)")


@migrations()
def m005_search_facets(db: sqlite_utils.Database) -> None:
    """Site, province and year of a search's matches from an index, without reading the articles' rows."""
    # It replaces m004's index on search_key alone, which the planner would pick instead.
    db.execute("DROP INDEX IF EXISTS idx_articles_search_key")
    db.execute("CREATE INDEX idx_articles_search_facets ON articles (search_key, site, province, year)")


@migrations(name=f"full_text_index_{fts.LAYOUT}")
def _full_text_index(db: sqlite_utils.Database) -> None:
    """The search index and its triggers (archive/fts.py), rebuilt whenever its layout changes.

    Named after the layout, so a change of the index or of the search keys'
    rules is a new migration. An archive whose index already has this layout
    (recorded in ``archive_meta`` before migrations named it) keeps it.
    """
    if "archive_meta" in db.table_names():
        row = db.execute("select value from archive_meta where key = 'fts_layout'").fetchone()
        db["archive_meta"].drop()
        if row and row[0] == fts.LAYOUT and fts.FTS_TABLE in db.table_names():
            return
    fts.rebuild(db)


@migrations()
def m006_frontier_states(db: sqlite_utils.Database) -> None:
    """Every URL ends in one recorded state (archive/frontier.py), under the one key of crawler/urls.py.

    Article URLs the archive holds become frontier rows, so "is it known?" is
    one primary-key lookup however large the archive grows.
    """
    from crawler.urls import canonical

    for column, kind in (("role", str), ("reason", str), ("status", int), ("next_try", str), ("discovery", str)):
        db["frontier"].add_column(column, kind)
    db.execute("update frontier set state = 'stored' where state = 'done'")
    db.execute("update frontier set state = 'failed', reason = 'unknown' where state = 'failed' and reason is null")
    _rekey(db, "frontier", "url", canonical)
    _rekey(db, "articles", "id", canonical)
    for column in ("url", "fetched_url"):
        rows = db.execute(f"select {column}, site, first_seen, last_seen from articles where {column} is not null").fetchall()
        db.conn.executemany(
            "insert into frontier (url, site, role, state, discovered, updated, tries) values (?, ?, 'article', 'stored', ?, ?, 0)"
            " on conflict(url) do update set state = 'stored', role = 'article'",
            [(canonical(url), site, first, last) for url, site, first, last in rows],
        )
    db["articles"].add_column("key_source", str)
    db["articles"].add_column("charset_fault", str)


def _rekey(db: sqlite_utils.Database, table: str, pk: str, canonical) -> None:
    """Rewrite ``table.url`` in canonical form; a row whose canonical URL is taken already goes (frontier)
    or keeps its old URL (articles: two articles never merge)."""
    rows = db.execute(f"select {pk}, url from {table}").fetchall()
    taken = {url for _pk, url in rows}
    for key, url in rows:
        new = canonical(url)
        if new == url:
            continue
        if new in taken:
            if table == "frontier":
                db.execute("delete from frontier where url = ?", [url])
            continue
        db.execute(f"update {table} set url = ? where {pk} = ?", [new, key])
        taken.add(new)


@migrations()
def m007_article_memory(db: sqlite_utils.Database) -> None:
    """Every version kept, every removal recorded, revisits on a schedule (archive/memory.py).

    ``articles`` holds the current version (``version``, first seen at
    ``version_seen``); earlier ones go to ``article_versions``. ``next_check``
    is when the article is due for a revisit (None: its schedule is over).
    ``removed_at``/``removed_status`` mark an article that answered 404/410 or
    redirected away; each removal is an episode in ``article_removals``.
    """
    for column, kind in (
        ("version", int), ("version_seen", str), ("checks", int), ("next_check", str),
        ("removed_at", str), ("removed_status", int),
    ):
        db["articles"].add_column(column, kind)
    db.execute("update articles set version = 1, version_seen = first_seen, checks = 0,"
               " next_check = strftime('%Y-%m-%dT%H:%M:%S+00:00', first_seen, '+1 day')")
    db["articles"].create_index(["site", "next_check"])
    db["article_versions"].create(
        {
            "article_id": int, "version": int, "title": str, "lead": str, "text": str, "author": str,
            "published": str, "content_hash": str, "first_seen": str, "last_seen": str,
            "warc_file": str, "warc_offset": int,
        },
        pk=("article_id", "version"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_removals"].create(
        {"id": int, "article_id": int, "removed_at": str, "removed_status": int, "reason": str, "restored_at": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["article_removals"].create_index(["article_id"])


@migrations()
def m008_shards(db: sqlite_utils.Database) -> None:
    """Shards from crawl nodes (archive/shards.py): what a shard is, and which were ingested here."""
    db["shard_info"].create({"id": str, "site": str, "run": int, "since": str, "exported": str}, pk="id")
    db["ingests"].create(
        {"shard": str, "site": str, "run": int, "at": str, "articles": int, "source": str}, pk="shard"
    )


@migrations()
def m009_stories(db: sqlite_utils.Database) -> None:
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
