"""A real crawl of the fixture web into a real SQLite archive (crawler demo --no-serve)."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import datetime
from urllib.parse import urlsplit

import pytest

from archive.warc import read_record
from fixtureweb.corpus import SEEDS, stories
from fixtureweb.web import article_url
from tests.conftest import rows, run_cli

pytestmark = pytest.mark.crawl


def stored_urls(db) -> list[str]:
    return [r["url"] for r in rows(db, "select url from articles")]


def test_every_fixture_article_is_stored_exactly_once(demo_archive, manifest):
    urls = stored_urls(demo_archive["db"])
    expected = [url for site in manifest["sites"].values() for url in site["articles"]]
    assert sorted(urls) == sorted(expected)
    assert len(urls) == len(set(urls))


def test_articles_belong_to_their_sites(demo_archive, manifest):
    by_site = {}
    for row in rows(demo_archive["db"], "select site, url from articles"):
        by_site.setdefault(row["site"], set()).add(row["url"])
    assert {slug: set(site["articles"]) for slug, site in manifest["sites"].items()} == by_site


def test_disallowed_and_non_article_pages_are_not_stored(demo_archive, manifest):
    urls = set(stored_urls(demo_archive["db"]))
    for site in manifest["sites"].values():
        for url in site["disallowed_urls"] + site["not_articles"] + [site["broken_url"], site["redirect"]["from"]]:
            assert url not in urls


def test_every_real_seed_text_is_on_the_fixture_web(manifest):
    seeds = [seed for site in manifest["sites"].values() for seed in site.get("seeds", [])]
    assert len(seeds) == len(list(SEEDS.glob("*.txt"))) == 5


def test_articles_have_clean_text_and_their_own_fields(demo_archive, manifest):
    db = demo_archive["db"]
    printed = {article_url(story): story.byline or story.author for story in stories()}
    for story in (s for site in manifest["sites"].values() for s in site["stories"]):
        [row] = rows(db, "select * from articles where url = ?", [story["url"]])
        text = row["text"]
        # The archive stores text as printed (NFC, whitespace tidied): so do the expectations.
        for paragraph in story["paragraphs"]:
            assert unicodedata.normalize("NFC", paragraph) in text, (story["url"], paragraph[:80])
        for caption in story["captions"]:
            assert unicodedata.normalize("NFC", caption) not in text, (story["url"], caption)
        assert json.loads(row["captions"]) == [unicodedata.normalize("NFC", c) for c in story["captions"]], story["url"]
        # The byline as printed ("Tin, ảnh: BIỆN LUÂN") left the text, and its name is the author.
        byline = printed[story["url"]]
        assert row["author"] == story["author"], (story["url"], row["author"], byline)
        if byline:
            assert unicodedata.normalize("NFC", byline) not in text and story["author"] in byline, (story["url"], byline)
            assert not text.rstrip(" .").endswith(unicodedata.normalize("NFC", story["author"])), (story["url"], "byline glued to the text")
        for chrome in story["chrome"]:
            assert chrome not in text, (story["url"], chrome)
        assert row["title"] == unicodedata.normalize("NFC", story["title"])


def test_every_article_has_the_publication_time_its_page_states(demo_archive, manifest):
    stored = {r["url"]: r["published"] for r in rows(demo_archive["db"], "select url, published from articles")}
    expected = {story["url"]: story["published"] for site in manifest["sites"].values() for story in site["stories"]}
    assert len(expected) == sum(len(site["articles"]) for site in manifest["sites"].values())
    assert stored == expected


def test_dates_are_stored_and_never_after_the_crawl(demo_archive):
    db = demo_archive["db"]
    articles = rows(db, "select url, published, published_raw, dateline from articles")
    crawl_time = datetime.fromtimestamp(demo_archive["finished"]).astimezone()
    for row in articles:
        assert row["published"], row["url"]
        assert row["published_raw"], row["url"]
        published = datetime.fromisoformat(row["published"])
        if published.tzinfo is None:
            assert published.date() <= crawl_time.date(), row
        else:
            assert published <= crawl_time, row


def test_warc_pointers_resolve_to_the_page(demo_archive):
    db = demo_archive["db"]
    warc_dir = db.parent / "warc"
    for row in rows(db, "select url, fetched_url, title, warc_file, warc_offset from articles"):
        record = read_record(warc_dir / row["warc_file"], row["warc_offset"])
        assert record.uri == row["fetched_url"]
        assert record.status == 200


def test_run_is_recorded_with_per_site_stats_and_errors(demo_archive, manifest):
    db = demo_archive["db"]
    [run] = rows(db, "select * from runs order by id desc limit 1")
    stats = json.loads(run["stats"])
    assert set(stats) == set(manifest["sites"])
    for slug, site in manifest["sites"].items():
        assert stats[slug]["articles_new"] == len(site["articles"]), slug
        assert stats[slug]["finish_reason"] == "finished"
        assert stats[slug]["errors"].get("http-404", 0) >= 1, slug
    errors = {r["url"] for r in rows(db, "select url from fetch_errors where reason = 'http-404'")}
    assert {site["broken_url"] for site in manifest["sites"].values()} <= errors
    # The summary printed at the end names the database and how to open it.
    assert str(db) in demo_archive["stdout"]
    assert "crawler serve" in demo_archive["stdout"]


def test_a_second_crawl_stores_nothing_twice(demo_archive):
    db = demo_archive["db"]
    before = rows(db, "select url, content_hash, first_seen from articles order by url")
    result = run_cli("demo", "--db", str(db), "--no-serve")
    assert result.returncode == 0, result.stderr[-3000:]
    after = rows(db, "select url, content_hash, first_seen from articles order by url")
    assert after == before
    [run] = rows(db, "select stats from runs order by id desc limit 1")
    stats = json.loads(run["stats"])
    assert sum(s["articles_new"] for s in stats.values()) == 0
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_datelines_are_normalised_with_the_publication_date(demo_archive):
    """The dateline of every article, as the corpus states it (words and day read off each story)."""
    stored = {r["url"]: (r["dateline_raw"], r["dateline"])
              for r in rows(demo_archive["db"], "select url, dateline_raw, dateline from articles")}
    expected = {article_url(story): story.dateline or (None, None) for story in stories()}
    assert stored == expected
    assert sum(1 for words, _day in expected.values() if words) >= 20


def test_search_from_the_command_line(demo_archive):
    result = run_cli("search", "an ninh", "--db", str(demo_archive["db"]), "--json", "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert 0 < len(lines) <= 5
    assert set(lines[0]) == {"url", "title", "site", "published", "snippet"}
    assert all("<mark>" in line["snippet"] for line in lines)
    only = run_cli("search", "an ninh", "--db", str(demo_archive["db"]), "--json", "--site", "congan_sonla")
    assert {json.loads(line)["site"] for line in only.stdout.splitlines()} == {"congan_sonla"}
    bad = run_cli("search", "-an", "--db", str(demo_archive["db"]))
    assert bad.returncode != 0 and "Error:" in bad.stderr and "Traceback" not in bad.stderr


def test_the_crawl_requests_nothing_off_the_registered_sites(tmp_path):
    from crawler.sites import registry
    from fixtureweb.server import serve
    from fixtureweb.web import build
    from tests.crawlhelp import crawl

    sites = registry()
    web = build()
    # The fixture pages link off-site (Facebook, Zalo, YouTube, the ministry) and to
    # mailto:, tel: and javascript: addresses, as real pages do.
    links = set()
    for pages in web.pages.values():
        for page in pages.values():
            if page.content_type.startswith("text/html"):
                links.update(html.unescape(h) for h in re.findall(r"""href=["']([^"']+)""", page.body.decode("utf-8")))
    off_site = {u for u in links if urlsplit(u).scheme in ("http", "https") and not any(s.owns(u) for s in sites.values())}
    assert {urlsplit(u).hostname for u in off_site} >= {"www.facebook.com", "bocongan.gov.vn"}
    assert {urlsplit(u).scheme for u in links} >= {"mailto", "tel", "javascript"}

    db = tmp_path / "archive.db"
    with serve(web) as server:
        result = crawl(db, server.port)
        fetched = server.fetched("GET") + server.fetched("HEAD")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    assert len(fetched) > sum(len(site["articles"]) for site in web.manifest["sites"].values())
    assert [u for u in fetched if not any(s.owns(u) for s in sites.values())] == []
    assert not {u for u in fetched if u in off_site}
    # A non-HTTP link never became a request: it would have failed and been recorded.
    for error in rows(db, "select site, url, reason from fetch_errors"):
        assert sites[error["site"]].owns(error["url"]), error
    assert "Unsupported URL scheme" not in result.stdout + result.stderr
