"""The full-text index of articles, built from Vietnamese search keys.

``articles_fts`` (FTS5, rowid = articles.id) holds two forms of each of
title, lead and text:

- ``title``, ``lead``, ``text``: the text normalised (one tone-mark
  placement, NFC), accents kept. The tokenizer folds case but keeps
  diacritics, so an accented query matches exact tone marks whatever the
  placement the page used.
- ``title_fold``, ``lead_fold``, ``text_fold``: the folded key (no accents,
  đ→d), for queries typed without accents.

Triggers keep the index in step with ``articles`` on insert, update and
delete. They call the SQL functions ``vn_norm`` and ``vn_fold`` that
``register_functions`` adds to a connection: a writer that has not registered
them (the ``sqlite3`` shell, ``sqlite-utils`` CLI) gets "no such function" on
insert or on an update of title/lead/text, a loud failure instead of a
silently stale index. Deletes and updates of other columns work anywhere.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from crawler.vntext import fold, normalize

FTS_TABLE = "articles_fts"
COLUMNS = ("title", "lead", "text", "title_fold", "lead_fold", "text_fold")
# bm25 weights in COLUMNS order: the title counts most, then the lead.
WEIGHTS = (10.0, 3.0, 1.0, 10.0, 3.0, 1.0)

_VALUES = (
    "new.id, vn_norm(new.title), vn_norm(new.lead), vn_norm(new.text),"
    " vn_fold(new.title), vn_fold(new.lead), vn_fold(new.text)"
)
TRIGGERS = {
    "articles_fts_ai": f"""
        CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
          INSERT INTO {FTS_TABLE}(rowid, {", ".join(COLUMNS)}) VALUES ({_VALUES});
        END""",
    "articles_fts_ad": f"""
        CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
          DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        END""",
    "articles_fts_au": f"""
        CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, lead, text ON articles BEGIN
          DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
          INSERT INTO {FTS_TABLE}(rowid, {", ".join(COLUMNS)}) VALUES ({_VALUES});
        END""",
}


def _norm(value):
    return normalize(value) if isinstance(value, str) else value


def _fold(value):
    return fold(value) if isinstance(value, str) else value


def register_functions(conn: sqlite3.Connection) -> None:
    """Add vn_norm and vn_fold to a connection (every connection that writes articles)."""
    conn.create_function("vn_norm", 1, _norm, deterministic=True)
    conn.create_function("vn_fold", 1, _fold, deterministic=True)


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Create the index and its triggers if missing (idempotent)."""
    register_functions(db.conn)
    if FTS_TABLE not in db.table_names():
        db.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(COLUMNS)},"
            " tokenize = 'unicode61 remove_diacritics 0')"
        )
        rebuild(db)
    existing = set(db.triggers_dict)
    for name, sql in TRIGGERS.items():
        if name not in existing:
            db.execute(sql)


def rebuild(db: sqlite_utils.Database) -> int:
    """Re-create every index row from ``articles``; returns the number of articles."""
    register_functions(db.conn)
    with db.atomic():
        db.execute(f"DELETE FROM {FTS_TABLE}")
        db.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(COLUMNS)}) SELECT "
            + _VALUES.replace("new.", "")
            + " FROM articles"
        )
    return db.execute("select count(*) from articles").fetchone()[0]
