"""The WARC archive of a real crawl: re-extraction, replay, revisits, verification, warcio's tools."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

FIELDS = (
    "url, site, province, title, lead, text, author, published, published_raw, published_source, updated,"
    " dateline, dateline_raw, year, section, tags, image, captions, language, word_count, content_hash,"
    " duplicate_of, fetched_url, warc_file, warc_offset, extractor_version"
)


def articles(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"select {FIELDS} from articles order by url").fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    db = tmp_path_factory.mktemp("crawl") / "archive.db"
    first = run_cli("demo", "--db", str(db), "--no-serve")
    assert first.returncode == 0, first.stderr[-3000:]
    return db


def test_reextract_into_an_empty_database_gives_the_same_articles(crawled, tmp_path):
    fresh = tmp_path / "rebuilt.db"
    result = run_cli("reextract", "--db", str(fresh), "--warc-dir", str(crawled.parent / "warc"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "25 new" in result.stdout
    assert articles(fresh) == articles(crawled)


def test_reextract_updates_only_what_changed(crawled, tmp_path):
    conn = sqlite3.connect(crawled)
    from archive.fts import register_functions

    register_functions(conn)
    conn.execute("update articles set text = 'sai', extractor_version = 'old' where site = 'baohagiang'")
    conn.commit()
    conn.close()
    result = run_cli("reextract", "--db", str(crawled), "--site", "baohagiang")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "5 updated" in result.stdout and "0 new" in result.stdout
    assert all(row[5] != "sai" for row in articles(crawled))


def test_replay_recrawls_offline_from_the_warc_files(crawled, tmp_path):
    replayed = tmp_path / "replayed.db"
    result = run_cli("crawl", "--db", str(replayed), "--replay", str(crawled.parent / "warc"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    strip = lambda rows: [row[:21] for row in rows]  # the pointers differ: new WARC files
    assert strip(articles(replayed)) == strip(articles(crawled))


def test_a_page_fetched_twice_unchanged_is_one_response_and_one_revisit(crawled, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    again = run_cli("demo", "--db", str(crawled), "--no-serve")
    assert again.returncode == 0
    kinds: dict[str, list[str]] = {}
    for path in sorted((crawled.parent / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    kinds.setdefault(record.rec_headers.get_header("WARC-Target-URI"), []).append(record.rec_type)
    home = kinds["https://baohagiang.vn/"]
    assert home == ["response", "revisit"]


def test_verify_and_warcio_check_every_file(crawled):
    result = run_cli("verify", "--db", str(crawled))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("verify: ok")
    assert "25 article pointers checked, 0 broken" in result.stdout
    for path in sorted((crawled.parent / "warc").glob("*.warc.gz")):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([sys.executable, "-m", "warcio.cli", "index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0
        assert '"warc-type": "response"' in index.stdout or '"warc-type": "revisit"' in index.stdout


def test_a_truncated_warc_is_reported_and_reextract_reads_the_rest(crawled, tmp_path):
    import shutil

    warc = tmp_path / "warc"
    shutil.copytree(crawled.parent / "warc", warc)
    biggest = max(warc.glob("*.warc.gz"), key=lambda p: p.stat().st_size)
    data = biggest.read_bytes()
    biggest.write_bytes(data[: len(data) - 700])  # a crash in the middle of the last records
    result = run_cli("verify", "--db", str(tmp_path / "none.db"), "--warc-dir", str(warc))
    assert result.returncode == 0, result.stdout
    assert f"skipped {biggest.name}: last record truncated" in result.stdout
    rebuilt = run_cli("reextract", "--db", str(tmp_path / "rebuilt.db"), "--warc-dir", str(warc))
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]


def test_the_bundled_recording_replays_the_whole_fixture_web(tmp_path, manifest):
    db = tmp_path / "archive.db"
    result = run_cli("demo", "--from-warc", "--db", str(db), "--no-serve")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    expected = sorted(url for site in manifest["sites"].values() for url in site["articles"])
    stored = [row[0] for row in articles(db)]
    assert stored == expected, "crawler/demo/fixture-web.warc.gz is stale: run `python -m crawler.demo.record`"


def test_redirects_are_archived_and_replayed(crawled, manifest):
    from warcio.archiveiterator import ArchiveIterator

    redirects = {}
    for path in sorted((crawled.parent / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and record.http_headers.get_statuscode().startswith("3"):
                    redirects[record.rec_headers.get_header("WARC-Target-URI")] = record.http_headers.get_header("Location")
    for site in manifest["sites"].values():
        assert redirects[site["redirect"]["from"]] == site["redirect"]["to"]
