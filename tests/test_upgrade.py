"""An archive built by an earlier version of the project upgrades in place, losing nothing."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import httpx
import pytest

from archive import fts, schema
from crawler.urls import canonical
from tests.conftest import run_cli, start_datasette

OLD = Path(__file__).parent / "fixtures" / "archive-e7f7fae.db.gz"


def test_an_archive_from_before_the_frontier_upgrades_in_place(tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(gzip.decompress(OLD.read_bytes()))
    conn = sqlite3.connect(path)
    before = conn.execute("select id, url, fetched_url, title, text, published from articles order by id").fetchall()
    conn.close()
    assert len(before) == 40

    db = schema.connect(path)
    after = db.execute("select id, url, fetched_url, title, text, published from articles order by id").fetchall()
    assert after == [(i, canonical(u), f, t, x, p) for i, u, f, t, x, p in before]
    # Every archived article is known to the frontier by its key and by the address it was fetched from.
    states = dict(db.execute("select url, state from frontier").fetchall())
    assert all(states[canonical(url)] == "stored" and states[canonical(fetched)] == "stored"
               for _id, url, fetched, *_ in before)
    assert "archive_meta" not in db.table_names()
    assert fts.index_differences(db) == 0
    applied = [row[0] for row in db.execute("select name from _sqlite_migrations order by rowid")]
    assert applied[:5] == ["m001_initial", "m002_captures", "m003_crawl_state", "m004_search_key", "m005_search_facets"]
    assert [m.name for m in schema.migrations.pending(db)] == []
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    db.close()


@pytest.mark.crawl  # starts Datasette twice
def test_reading_an_old_archive_upgrades_it_first_and_an_immutable_copy_is_refused(tmp_path):
    path = tmp_path / "archive.db"
    path.write_bytes(gzip.decompress(OLD.read_bytes()))
    conn = sqlite3.connect(path)
    mentions = conn.execute(
        "select count(*) from articles where lower(title || ' ' || coalesce(lead, '') || ' ' || text) like '%an ninh%'"
    ).fetchone()[0]
    conn.close()

    refused = run_cli("serve", "--db", str(path), "--immutable", timeout=60)
    assert refused.returncode == 1
    assert "made by an earlier version" in refused.stderr and "m009_stories" in refused.stderr
    status = run_cli("status", "--db", str(path), timeout=60)  # reads the frontier's reasons, new in m006
    assert status.returncode == 0, status.stderr[-2000:]
    assert "Upgrading" in status.stderr and "How every URL ended" in status.stdout

    process, base = start_datasette(path)
    try:
        # The search page reads removals, versions and stories: tables the old archive lacked.
        answer = httpx.get(base + "/-/search.json", params={"q": "an ninh"}, timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert answer.status_code == 200
    assert answer.json()["total"] == mentions > 0
    conn = sqlite3.connect(path)
    assert {"article_removals", "article_versions", "story_bands"} <= {
        row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")
    }
    conn.close()
