"""The full-text index of articles, built from Vietnamese search keys.

``articles_fts`` is a contentless FTS5 table: it holds the index, not a third
copy of every text (the snippets come from ``articles`` itself). Each
article is indexed twice:

- ``title``, ``lead``, ``text``: the text normalised (one tone-mark
  placement, NFC), accents kept. The tokenizer folds case but keeps
  diacritics, so an accented query matches exact tone marks whatever the
  placement the page used.
- ``title_fold``, ``lead_fold``, ``text_fold``: the folded key (no accents,
  đ→d), for queries typed without accents.
- ``filters``: one token for the article's site and one for its province
  (``filter_tokens``), so a search filtered by them is an intersection inside
  the index rather than a lookup of every match in ``articles``.

The index row of an article is its ``search_key``, a generated column of
``articles``: the publication minute in the high bits and the article id in
the low 32. FTS5 walks a term's matches in rowid order, so newest first is
the index's own order and a search for 20 newest matches stops after 20,
however common the words (see archive/search.py).

Triggers keep the index in step with ``articles`` on insert, update and
delete. They call the SQL functions ``vn_norm``, ``vn_fold`` and ``vn_filters`` that
``register_functions`` adds to a connection: a contentless index removes a
row only when given the words it indexed, so a writer without them (the
``sqlite3`` shell, the ``sqlite-utils`` CLI) gets "no such function" on any
write that touches the index, a loud failure instead of a corrupt index.
Updates of other columns work anywhere.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from crawler.vntext import KEY_VERSION, fold, normalize

FTS_TABLE = "articles_fts"
COLUMNS = ("title", "lead", "text", "title_fold", "lead_fold", "text_fold", "filters")
# bm25 weights in COLUMNS order: the title counts most, then the lead.
WEIGHTS = (10.0, 3.0, 1.0, 10.0, 3.0, 1.0, 0.0)
# The index's own shape and the search keys' rules: a change of either rebuilds it
# (archive/schema.py names a migration after it).
LAYOUT = f"contentless-2/{KEY_VERSION}"

ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
EPOCH = 631152000  # 1990-01-01T00:00:00Z: no article is older (crawler.dates.MIN_YEAR)
# articles.search_key: minutes since EPOCH (0 when unknown), then the id.
# The clock time as printed (Vietnam time), so index rows of one day are that day's in Vietnam.
SEARCH_KEY_SQL = (
    f"(max(coalesce(cast(strftime('%s', substr(published, 1, 19)) as integer), {EPOCH}) - {EPOCH}, 0) / 60)"
    f" * {1 << ID_BITS} + id"
)


def search_key(published_epoch_seconds: int | None, article_id: int) -> int:
    """The index row of an article (as ``SEARCH_KEY_SQL``), from its local time read as if it were UTC."""
    minutes = max((published_epoch_seconds if published_epoch_seconds is not None else EPOCH) - EPOCH, 0) // 60
    return (minutes << ID_BITS) + article_id


def _values(row: str) -> str:
    return (
        f"vn_norm({row}.title), vn_norm({row}.lead), vn_norm({row}.text),"
        f" vn_fold({row}.title), vn_fold({row}.lead), vn_fold({row}.text), vn_filters({row}.site, {row}.province)"
    )


def site_token(site: str) -> str:
    """The index token of a site: ``xsite`` and the slug's letters and digits (``xsitecongansonla``)."""
    return "xsite" + "".join(c for c in fold(site or "") if c.isalnum())


def province_token(province: str) -> str:
    """The index token of a province name: ``xprov`` and its folded letters (``xprovhagiang``)."""
    return "xprov" + "".join(c for c in fold(province or "") if c.isalnum())


def filter_tokens(site: str | None, province: str | None) -> str:
    return f"{site_token(site or '')} {province_token(province or '')}"


_INSERT = f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(COLUMNS)}) VALUES (new.search_key, {_values('new')});"
_DELETE = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {', '.join(COLUMNS)})"
    f" VALUES ('delete', old.search_key, {_values('old')});"
)
TRIGGERS = {
    "articles_fts_ai": f"CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN {_INSERT} END",
    "articles_fts_ad": f"CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN {_DELETE} END",
    "articles_fts_au": (
        "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, lead, text, published, site, province ON articles"
        f" BEGIN {_DELETE} {_INSERT} END"
    ),
}


def _norm(value):
    return normalize(value) if isinstance(value, str) else value


def _fold(value):
    return fold(value) if isinstance(value, str) else value


def register_functions(conn: sqlite3.Connection) -> None:
    """Add vn_norm, vn_fold and vn_filters to a connection (every connection that writes articles)."""
    conn.create_function("vn_norm", 1, _norm, deterministic=True)
    conn.create_function("vn_fold", 1, _fold, deterministic=True)
    conn.create_function("vn_filters", 2, filter_tokens, deterministic=True)


def rebuild(db: sqlite_utils.Database) -> int:
    """Re-create the index, its triggers and every index row from ``articles``; returns the article count."""
    register_functions(db.conn)
    with db.atomic():
        for name in TRIGGERS:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(COLUMNS)},"
            " content='', tokenize='unicode61 remove_diacritics 0')"
        )
        db.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(COLUMNS)})"
            f" SELECT search_key, {_values('articles')} FROM articles"
        )
        for sql in TRIGGERS.values():
            db.execute(sql)
    return db.execute("select count(*) from articles").fetchone()[0]


def index_differences(db: sqlite_utils.Database) -> int:
    """How many index entries differ from an index built afresh from ``articles``.

    FTS5's own integrity-check cannot see a contentless index that was told
    the wrong words on a delete; this compares every (term, row, column,
    position) and every row's column sizes with a rebuild in a temporary
    table. 0 means the index is exact.
    """
    register_functions(db.conn)
    db.execute("DROP TABLE IF EXISTS temp.fts_check")
    db.execute(f"CREATE VIRTUAL TABLE temp.fts_check USING fts5({', '.join(COLUMNS)}, content='',"
               " tokenize='unicode61 remove_diacritics 0')")
    db.execute(f"INSERT INTO temp.fts_check(rowid, {', '.join(COLUMNS)}) SELECT search_key, {_values('articles')} FROM articles")
    db.execute(f"CREATE VIRTUAL TABLE temp.fts_live_words USING fts5vocab(main, {FTS_TABLE}, 'instance')")
    db.execute("CREATE VIRTUAL TABLE temp.fts_check_words USING fts5vocab(temp, fts_check, 'instance')")
    pairs = [
        ("SELECT term, doc, col, offset FROM temp.fts_live_words", "SELECT term, doc, col, offset FROM temp.fts_check_words"),
        # Each row's column sizes (bm25 reads them): a delete with the wrong words removes them all the same.
        (f"SELECT id, sz FROM main.{FTS_TABLE}_docsize", "SELECT id, sz FROM temp.fts_check_docsize"),
    ]
    try:
        return sum(
            db.execute(
                f"SELECT (SELECT count(*) FROM ({live} EXCEPT {fresh})) + (SELECT count(*) FROM ({fresh} EXCEPT {live}))"
            ).fetchone()[0]
            for live, fresh in pairs
        )
    finally:
        for name in ("fts_live_words", "fts_check_words", "fts_check"):
            db.execute(f"DROP TABLE IF EXISTS temp.{name}")
