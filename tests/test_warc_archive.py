"""The WARC archive of a real crawl: re-extraction, replay, revisits, verification, warcio's tools."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fixtureweb import SITES
from tests.conftest import run_cli

pytestmark = pytest.mark.crawl

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


def fixture_articles(manifest, site: str | None = None) -> int:
    """How many article pages the fixture web holds (on one site, or on all)."""
    return sum(len(s["articles"]) for slug, s in manifest["sites"].items() if site in (None, slug))


def test_reextract_into_an_empty_database_gives_the_same_articles(crawled, tmp_path, manifest):
    fresh = tmp_path / "rebuilt.db"
    result = run_cli("reextract", "--db", str(fresh), "--warc-dir", str(crawled.parent / "warc"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(rf"\b{fixture_articles(manifest)} new\b", result.stdout), result.stdout
    assert articles(fresh) == articles(crawled)


def test_reextract_updates_only_what_changed(crawled, tmp_path, manifest):
    from crawler.extract import EXTRACTOR_VERSION

    conn = sqlite3.connect(crawled)
    from archive.fts import register_functions

    register_functions(conn)
    conn.execute("update articles set text = 'sai', extractor_version = 'old' where site = 'baohagiang'")
    conn.commit()
    before = dict(conn.execute("select url, last_seen from articles").fetchall())
    untouched = conn.execute("select * from articles where site != 'baohagiang' order by id").fetchall()
    conn.close()
    result = run_cli("reextract", "--db", str(crawled), "--site", "baohagiang")
    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(rf"\b0 new, {fixture_articles(manifest, 'baohagiang')} updated\b", result.stdout), result.stdout
    assert all(row[5] != "sai" for row in articles(crawled))
    conn = sqlite3.connect(crawled)
    # The extractor's version, and the version of the site's profile (crawler/sites/baohagiang.toml).
    assert {v for (v,) in conn.execute("select extractor_version from articles where site = 'baohagiang'")} == {
        f"{EXTRACTOR_VERSION}+month_folder@1"}
    # Re-extraction is not a new sighting, and articles of other sites are not touched at all.
    assert dict(conn.execute("select url, last_seen from articles").fetchall()) == before
    assert conn.execute("select * from articles where site != 'baohagiang' order by id").fetchall() == untouched
    conn.close()
    again = run_cli("reextract", "--db", str(crawled), "--since", "2000-01-01")
    assert again.returncode == 0, again.stderr[-3000:]
    assert re.search(rf"\b0 new, 0 updated, {fixture_articles(manifest)} unchanged\b", again.stdout), again.stdout
    none = run_cli("reextract", "--db", str(crawled), "--since", "2999-01-01")
    assert "0 archived pages read" in none.stdout


def test_replay_recrawls_offline_from_the_warc_files(crawled, tmp_path):
    replayed = tmp_path / "replayed.db"
    result = run_cli("crawl", "--db", str(replayed), "--replay", str(crawled.parent / "warc"), *SITES)
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
    assert kinds["https://baohagiang.vn/"] == ["response", "revisit"]
    # robots.txt, fetched by the robots middleware rather than a spider callback, too.
    assert kinds["https://baohagiang.vn/robots.txt"] == ["response", "revisit"]


def test_verify_and_warcio_check_every_file(crawled, manifest):
    result = run_cli("verify", "--db", str(crawled))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("verify: ok")
    assert re.search(rf"\b{fixture_articles(manifest)} article pointers checked, 0 broken\b", result.stdout), result.stdout
    for path in sorted((crawled.parent / "warc").glob("*.warc.gz")):
        check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        index = subprocess.run([sys.executable, "-m", "warcio.cli", "index", str(path)], capture_output=True, text=True)
        assert index.returncode == 0
        assert '"warc-type": "response"' in index.stdout or '"warc-type": "revisit"' in index.stdout


def test_a_truncated_warc_is_reported_and_reextract_reads_the_rest(crawled, tmp_path):
    import shutil

    from warcio.archiveiterator import ArchiveIterator

    from archive.warc import read_record

    warc = tmp_path / "warc"
    shutil.copytree(crawled.parent / "warc", warc)
    # Cut the file holding the most articles in the middle of an article's response record.
    conn = sqlite3.connect(crawled)
    pointers = conn.execute("select url, warc_file, warc_offset from articles").fetchall()
    conn.close()
    name = max({f for _, f, _ in pointers}, key=lambda f: sum(1 for _, g, _ in pointers if g == f))
    path = warc / name
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        records = []
        for record in iterator:
            record.content_stream().read()
            records.append((iterator.get_record_offset(), iterator.get_record_length()))
    cut_at = max(o for _, f, o in pointers if f == name)  # the last article record in the file
    length = dict(records)[cut_at]
    path.write_bytes(path.read_bytes()[: cut_at + length // 2])  # a crash in the middle of writing it

    result = run_cli("verify", "--db", str(tmp_path / "none.db"), "--warc-dir", str(warc))
    assert result.returncode == 0, result.stdout
    assert f"skipped {name}: last record truncated" in result.stdout
    assert f"at offset {cut_at} " in result.stdout

    rebuilt = run_cli("reextract", "--db", str(tmp_path / "rebuilt.db"), "--warc-dir", str(warc))
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    readable = set()
    for url, file, offset in pointers:
        try:
            read_record(warc / file, offset)
            readable.add(url)
        except Exception:
            continue
    assert len(readable) == len(pointers) - 1
    assert {row[0] for row in articles(tmp_path / "rebuilt.db")} == readable


def test_the_bundled_recording_replays_the_whole_fixture_web(tmp_path, manifest, crawled):
    db = tmp_path / "archive.db"
    result = run_cli("demo", "--from-warc", "--db", str(db), "--no-serve")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    stale = "fixtureweb/fixture-web.warc.gz is stale: run `python -m fixtureweb.record`"
    expected = sorted(url for site in manifest["sites"].values() for url in site["articles"])
    stored = [row[0] for row in articles(db)]
    assert stored == expected, stale

    def first_run_errors(path):
        conn = sqlite3.connect(path)
        try:
            return conn.execute("select site, url, reason from fetch_errors where run = 1 order by site, url").fetchall()
        finally:
            conn.close()

    # A page missing from the recording answers 404 on replay: the errors show it.
    assert first_run_errors(db) == first_run_errors(crawled), stale


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


def test_every_page_the_crawl_fetched_is_in_the_warc_and_robots_txt_is_fetched_once(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    from fixtureweb.server import serve
    from fixtureweb.web import build
    from tests.crawlhelp import crawl

    db = tmp_path / "archive.db"
    with serve(build()) as server:
        result = crawl(db, server.port)
        assert result.returncode == 0, result.stderr[-3000:]
        fetched = server.fetched()
    archived = []
    for path in sorted((tmp_path / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    archived.append(record.rec_headers.get_header("WARC-Target-URI"))
    assert sorted(archived) == sorted(fetched)
    robots = [url for url in fetched if url.endswith("/robots.txt")]
    assert sorted(robots) == sorted(set(robots)) and len(robots) == len(server.hosts)


def test_scrapy_crawl_of_one_site_replayed_from_its_warc_files(crawled, tmp_path, manifest):
    # The Scrapy way: `scrapy crawl <site>`, offline through the ARCHIVE_REPLAY setting alone.
    db = tmp_path / "scrapy.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "baohagiang", "-s", f"ARCHIVE_DB={db}",
         "-s", f"ARCHIVE_REPLAY={crawled.parent / 'warc'}", "-s", "LOG_LEVEL=WARNING"],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    expected = [row for row in articles(crawled) if row[1] == "baohagiang"]
    assert [row[:21] for row in articles(db)] == [row[:21] for row in expected]
    assert [row[0] for row in expected] == sorted(manifest["sites"]["baohagiang"]["articles"])
