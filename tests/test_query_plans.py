"""A crawl's cost does not grow with the archive: every statement it runs is an index lookup.

A real crawl of the fixture web runs into an archive that already holds tens
of thousands of articles, frontier rows and captures (ANALYZE'd, so the planner
has statistics to be tempted by), with every SQL statement of every crawl
process traced. Each statement is then planned with EXPLAIN QUERY PLAN on that
archive: none may scan a table that grows with the archive.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import textwrap

import pytest

from archive import schema
from fixtureweb.server import serve
from tests.conftest import ROOT
from tests.crawlhelp import crawl_command

pytestmark = pytest.mark.crawl

GROWING = {"articles", "frontier", "captures", "fetch_errors", "http_validators", "article_versions",
           "article_removals"}
ARTICLES = 30_000

TRACER = textwrap.dedent('''
    """Test instrumentation: every statement of every sqlite3 connection to a file (TRACE_SQL)."""
    import os, sqlite3
    _connect = sqlite3.connect
    _out = open(os.environ["TRACE_SQL"], "a", encoding="utf-8")

    def connect(*args, **kwargs):
        conn = _connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: _out.write(sql.replace("\\n", " ") + "\\n") or _out.flush())
        return conn

    sqlite3.connect = connect
''')


def large_archive(path, sites: list[str]) -> None:
    db = schema.connect(path)
    rows = [
        (f"https://{sites[i % len(sites)]}.example/bai-{i}.html", sites[i % len(sites)], f"Tin số {i}",
         f"Nội dung bài viết số {i} về an ninh trật tự.", f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}T08:00:00+07:00",
         f"{i:040x}", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00")
        for i in range(ARTICLES)
    ]
    with db.atomic():
        db.conn.executemany(
            "insert into sites (slug, name, province, kind) values (?, ?, 'Hà Giang', 'newspaper')"
            " on conflict(slug) do nothing", [(s, s) for s in sites],
        )
        db.conn.executemany(
            "insert into articles (url, site, title, text, published, content_hash, first_seen, last_seen, next_check)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows,
        )
        db.conn.executemany(
            "insert into frontier (url, site, role, state, discovered, updated, tries) values (?, ?, 'article', 'stored', ?, ?, 0)",
            [(r[0], r[1], r[6], r[7]) for r in rows],
        )
        db.conn.executemany(
            "insert into captures (site, uri, status, digest, date, warc_file, warc_offset) values (?, ?, 200, ?, ?, 'x.warc.gz', 0)",
            [(r[1], r[0], r[5], r[6]) for r in rows],
        )
    db.execute("ANALYZE")
    db.close()


def scans(conn, sql: str) -> list[str]:
    """The plan lines of ``sql`` that walk a whole growing table."""
    try:
        plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    except sqlite3.Error:
        return []  # statements the planner does not take alone (transaction control, pragmas)
    return [
        detail for *_ids, detail in plan
        if (match := re.match(r"SCAN (\w+)", detail)) and match.group(1) in GROWING
    ]


def test_every_statement_of_a_crawl_is_an_index_lookup_on_a_large_archive(tmp_path):
    from fixtureweb import SITES

    db = tmp_path / "archive.db"
    large_archive(db, list(SITES))
    (tmp_path / "tracer").mkdir()
    (tmp_path / "tracer" / "sitecustomize.py").write_text(TRACER)
    trace = tmp_path / "statements.sql"
    env = {"PYTHONPATH": f"{tmp_path / 'tracer'}:{ROOT}", "TRACE_SQL": str(trace)}
    with serve() as server:
        result = subprocess.run(crawl_command(db, server.port), cwd=ROOT, capture_output=True, text=True,
                                timeout=600, env={**os.environ, **env})
    assert result.returncode in (0, 3), result.stdout[-2000:] + result.stderr[-3000:]
    statements = {line.strip() for line in trace.read_text(encoding="utf-8").splitlines()}
    statements = {s for s in statements if s and not s.startswith("--") and not s.upper().startswith(("PRAGMA", "BEGIN"))}
    conn = sqlite3.connect(db)
    from archive.fts import register_functions

    register_functions(conn)
    assert conn.execute("select count(*) from articles").fetchone()[0] > ARTICLES
    assert len(statements) > 20  # the crawl was traced
    found = {sql[:200]: lines for sql in sorted(statements) if (lines := scans(conn, sql))}
    # Once per run, in the summary a crawl prints ("N articles in the archive"): a count of the
    # index, not a lookup per URL.
    found.pop("select count(*) from articles", None)
    assert found == {}
