"""A crawl of a hostile site: nothing lost, nothing merged, nothing silent, nothing off the site.

One `crawler crawl` of fixtureweb/designs/hostile.py (registered only in this
test's registry) through the real spiders, middlewares and pipelines; each
test below reads what that crawl left for one case: what is stored, which
state and reason the frontier recorded, which error row was written. The
expected values are the fixture's own (its stories, its addresses, the
settings the crawl runs with), never the crawler's output.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.urls import canonical
from fixtureweb.designs import hostile
from fixtureweb.server import crawl_settings, free_port, serve
from tests.conftest import run_cli

pytestmark = pytest.mark.crawl

ROOT = Path(__file__).resolve().parents[1]
MAX_LISTING_PAGES = 8  # the crawl's ARCHIVE_MAX_LISTING_PAGES: the endless listing's bound
LISTING_DEPTH = 3  # settings.py's ARCHIVE_LISTING_DEPTH: the endless calendar's bound


@dataclass
class Crawl:
    result: subprocess.CompletedProcess
    log: list[tuple[str, str, str, int]]  # the fixture server's (method, host, target, status)
    db: Path
    registry: Path
    seconds: float

    def query(self, sql: str, params=()) -> list[tuple]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def state(self, url: str) -> tuple:
        """(state, reason, tries, has a next try) the frontier recorded for ``url``."""
        rows = self.query("select state, reason, tries, next_try is not null from frontier where url = ?", [canonical(url)])
        return rows[0] if rows else None

    def errors(self, url: str) -> list[str]:
        return [r for (r,) in self.query("select reason from fetch_errors where url = ?", [url])]

    def article(self, url: str) -> dict | None:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            row = conn.execute("select * from articles where url = ?", [canonical(url)]).fetchone()
            return dict(row) if row else None
        finally:
            conn.close()

    def fetched(self, prefix: str) -> list[str]:
        """Targets requested from the site that start with ``prefix`` (a URL under BASE)."""
        start = prefix.removeprefix(hostile.BASE)
        return [t for m, h, t, _s in self.log if m == "GET" and h == hostile.HOST and t.startswith(start)]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Crawl:
    tmp = tmp_path_factory.mktemp("hostile")
    registry = tmp / "sites"
    registry.mkdir()
    for path in (ROOT / "crawler" / "sites").glob("*.toml"):
        shutil.copy(path, registry)
    (registry / "hostile.toml").write_text(hostile.REGISTRY_ENTRY, encoding="utf-8")
    (registry / "hostile_sections.toml").write_text(hostile.SECTIONS_REGISTRY_ENTRY, encoding="utf-8")
    db = tmp / "archive.db"
    with serve(hostile.build()) as server:
        settings = dict(
            crawl_settings(server.port), DOWNLOAD_MAXSIZE=hostile.MAX_SIZE, DOWNLOAD_WARNSIZE=hostile.MAX_SIZE // 4,
            ARCHIVE_MAX_LISTING_PAGES=MAX_LISTING_PAGES, ARCHIVE_LISTING_DEPTH=LISTING_DEPTH,
            # On the site's domain, but nothing answers there.
            HOSTMAP_ROUTES={hostile.REFUSING_HOST: f"127.0.0.1:{free_port()}"},
        )
        args = [sys.executable, "-m", "crawler", "crawl", "hostile", "hostile_sections", "--db", str(db)]
        for key, value in settings.items():
            args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
        started = time.monotonic()
        result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600,
                                env=dict(os.environ, ARCHIVE_SITES_DIR=str(registry)))
        seconds = time.monotonic() - started
        log = list(server.log)
    print(f"hostile crawl: {seconds:.1f} s, {len(log)} requests")
    return Crawl(result, log, db, registry, seconds)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def paragraphs_in(text: str, url: str) -> bool:
    # The archive stores text as printed, in NFC: so do the expectations.
    return all(nfc(p) in text for p in hostile.STORY[url].paragraphs)


# --- the crawl as a whole -------------------------------------------------------------


def test_the_crawl_ends_cleanly_and_every_url_in_one_recorded_state(crawl):
    output = crawl.result.stdout + crawl.result.stderr
    assert crawl.result.returncode in (0, 3), output[-3000:]
    assert "Traceback" not in output, output[output.index("Traceback") - 500:][:3000]
    assert crawl.query("select url from frontier where state = 'pending'") == []
    recorded = {url for (url,) in crawl.query("select url from frontier")}
    reached_only_by_redirect = {canonical(hostile.LOOP_B)}  # its state is LOOP_A's
    unrecorded = [
        f"https://{host}{target}" for method, host, target, _status in crawl.log
        if method == "GET" and target != "/robots.txt"
        and canonical(f"https://{host}{target}") not in recorded | reached_only_by_redirect
    ]
    assert unrecorded == []


def test_no_request_leaves_the_site(crawl):
    assert {host for _m, host, _t, _s in crawl.log} == {hostile.HOST, hostile.SECTIONS_HOST}
    # Links that only a wrong parse puts on the site: a backslash before "@", a user name.
    assert crawl.fetched(f"{hostile.BASE}/bai/gach-cheo.html") == []
    assert crawl.fetched(f"{hostile.BASE}/bai/mat-khau.html") == []
    assert all("@" not in url and "\\" not in url for (url,) in crawl.query("select url from articles"))
    assert all("@" not in url and "\\" not in url for (url,) in crawl.query("select url from frontier"))


def test_a_plain_article_is_stored(crawl):
    row = crawl.article(hostile.NORMAL)
    assert row["title"] == nfc(hostile.STORY[hostile.NORMAL].title)
    assert paragraphs_in(row["text"], hostile.NORMAL)
    assert crawl.state(hostile.NORMAL)[0] == "stored"


# --- bodies -----------------------------------------------------------------------------


def test_a_truncated_body_fails_with_a_retry(crawl):
    state, reason, tries, retry = crawl.state(hostile.TRUNCATED)
    assert (state, tries, retry) == ("failed", 1, 1) and reason.startswith("network:")
    assert crawl.errors(hostile.TRUNCATED) == [reason]
    assert crawl.article(hostile.TRUNCATED) is None


@pytest.mark.parametrize("url, codec", [(hostile.CP1258, "cp1258"), (hostile.CP1252, "cp1252")])
def test_a_wrong_charset_is_read_right_and_marked(crawl, url, codec):
    row = crawl.article(url)
    assert row["charset_fault"] and codec in row["charset_fault"]
    assert "\ufffd" not in row["text"] + row["title"]
    assert row["title"] == nfc(hostile.STORY[url].title)
    assert paragraphs_in(row["text"], url)


def test_charset_faults_are_counted_in_the_run(crawl):
    stats = json.loads(crawl.query("select stats from runs order by id desc limit 1")[0][0])
    assert stats["hostile"]["charset_faults"] == 2


def test_decomposed_text_is_stored_composed(crawl):
    row = crawl.article(hostile.NFD)
    assert row["charset_fault"] is None
    assert row["title"] == nfc(hostile.STORY[hostile.NFD].title)
    assert paragraphs_in(row["text"], hostile.NFD)
    assert unicodedata.is_normalized("NFC", row["text"])


@pytest.mark.parametrize("url", [hostile.HUGE, *hostile.BOMBS.values()], ids=["huge", *hostile.BOMBS])
def test_huge_pages_and_decompression_bombs_fail_as_too_large(crawl, url):
    assert crawl.state(url) == ("failed", "too-large", 1, 1)
    assert crawl.errors(url) == ["too-large"]


def test_empty_binary_and_nul_bodies(crawl):
    for url in (hostile.EMPTY, hostile.BINARY):
        state, reason, _tries, _retry = crawl.state(url)
        assert state == "failed" and reason.startswith("extract:"), (url, reason)
        assert crawl.errors(url) == [reason]
    row = crawl.article(hostile.NUL)  # browsers drop NUL characters; so does the archive
    assert "\x00" not in row["text"] and "\ufffd" not in row["text"]
    assert paragraphs_in(row["text"], hostile.NUL)


@pytest.mark.parametrize("url", [hostile.DEEP, hostile.LINK_FARM], ids=["deep", "links"])
def test_degenerate_pages_end_in_a_recorded_state(crawl, url):
    state, reason, _tries, _retry = crawl.state(url)
    assert state == "stored" or (state == "failed" and reason.startswith("extract:") and crawl.errors(url) == [reason])


def test_script_stays_text_and_never_runs_into_fields(crawl):
    row = crawl.article(hostile.SCRIPTED)
    stored = " ".join(str(v) for v in row.values())
    assert 'alert("stored")' not in stored and "chèn từ script" not in stored and "javascript:" not in stored
    assert row["title"].startswith(nfc(hostile.STORY[hostile.SCRIPTED].title))
    # A link whose address is markup is fetched percent-encoded and stored so.
    marked = crawl.article(hostile.SCRIPT_URL)
    assert marked["url"] == f"{hostile.BASE}/bai/%3Cscript%3Ealert(1)%3Cscript%3E.html"
    assert all("<" not in url for (url,) in crawl.query("select url from articles"))


# --- redirects --------------------------------------------------------------------------


def test_redirect_loops_and_off_site_redirects_are_recorded(crawl):
    assert crawl.state(hostile.LOOP_A)[:2] == ("failed", "redirect-loop")
    assert crawl.state(hostile.SELF_REDIRECT)[:2] == ("failed", "redirect-loop")
    assert crawl.state(hostile.OFF_SITE_REDIRECT)[:2] == ("skipped", "redirects off the site")
    assert crawl.errors(hostile.LOOP_A) == crawl.errors(hostile.SELF_REDIRECT) == ["redirect-loop"]


# --- discovery ------------------------------------------------------------------------------


def test_endless_pagination_stops_at_the_bound(crawl):
    assert sorted(crawl.fetched(hostile.ENDLESS)) == sorted(f"/vo-tan?page={n}" for n in range(1, MAX_LISTING_PAGES + 1))
    for n in range(1, MAX_LISTING_PAGES + 1):
        assert crawl.state(f"{hostile.BASE}/bai/vo-tan-{n}.html")[0] == "stored"
    # Pages that bring nothing new stop much earlier.
    assert 2 <= len(crawl.fetched(hostile.REPEATING)) < MAX_LISTING_PAGES
    assert crawl.state(hostile.REPEATED_ARTICLE)[0] == "stored"


def test_an_endless_calendar_stops(crawl):
    days = crawl.fetched(hostile.CALENDAR)
    # Day links are followed LISTING_DEPTH hops deep, day numbers as pagination that brings nothing.
    assert 2 ** LISTING_DEPTH <= len(days) <= 2 ** (LISTING_DEPTH + 2)
    assert len(days) == len(set(days))
    assert all(crawl.state(f"{hostile.BASE}{day}")[0] == "listing" for day in days)


def test_a_section_link_with_a_page_number_is_followed(crawl):
    assert crawl.state(hostile.SECTION)[0] == "listing"
    for url in hostile.SECTION_ARTICLES:
        assert paragraphs_in(crawl.article(url)["text"], url)


def test_a_home_page_of_sections_linked_as_page_one_leads_to_every_article(crawl):
    for url in hostile.SECTIONS_ONLY:
        assert crawl.state(url)[0] == "listing"
    for url in hostile.SECTIONS_ONLY_ARTICLES:
        assert paragraphs_in(crawl.article(url)["text"], url)


@pytest.mark.parametrize("kind", ["damaged_before", "damaged_after", "laughs_after"])
def test_damaged_sitemaps_and_feeds_lose_no_entry(crawl, kind):
    for url in (*hostile.SITEMAP_ARTICLES[kind], *hostile.FEED_ARTICLES[kind]):
        assert crawl.state(url)[0] == "stored", url


def test_damaged_sitemaps_and_feeds_are_reported(crawl):
    for url, reason in [(hostile.SITEMAP_DAMAGED, "bad-sitemap"), (hostile.SITEMAP_LAUGHS, "bad-sitemap"),
                        (hostile.SITEMAP_BOMB, "bad-sitemap"), (hostile.FEED_DAMAGED, "bad-feed"),
                        (hostile.FEED_LAUGHS, "bad-feed")]:
        assert crawl.state(url)[:2] == ("failed", reason), url
        assert crawl.errors(url) == [reason]
    detail = crawl.query("select detail from fetch_errors where url = ?", [hostile.SITEMAP_DAMAGED])[0][0]
    assert f"{len(hostile.SITEMAP_ARTICLES['damaged_before']) + len(hostile.SITEMAP_ARTICLES['damaged_after'])} entries" in detail


# --- keys ------------------------------------------------------------------------------------


def test_two_pages_sharing_a_canonical_stay_two_articles(crawl):
    first, second = (crawl.article(url) for url in hostile.SHARED)
    holder = crawl.article(hostile.CANONICAL_SHARED)
    rows = [row for row in (first, second, holder) if row]
    assert len(rows) == 2
    texts = {row["fetched_url"]: row["text"] for row in rows}
    assert set(texts) == set(hostile.SHARED)
    for url in hostile.SHARED:
        assert paragraphs_in(texts[url], url)
    assert sorted(row["key_source"] for row in rows) == ["canonical", "fetched: canonical shared with another article"]
    verify = run_cli("verify", "--db", str(crawl.db))
    assert verify.returncode == 0, verify.stdout[-2000:]


@pytest.mark.parametrize("url, why", [
    (hostile.CANONICAL_HOME, "fetched: canonical is not an article address"),
    (hostile.CANONICAL_LISTING, "fetched: canonical is not an article address"),
    (hostile.CANONICAL_BACKSLASH, "fetched: canonical off the site"),
    (hostile.CANONICAL_USERINFO, "fetched: canonical off the site"),
])
def test_a_canonical_that_is_not_this_article_is_refused(crawl, url, why):
    row = crawl.article(url)
    assert row is not None and row["key_source"] == why
    assert paragraphs_in(row["text"], url)


def test_an_address_needing_percent_encoding_has_one_key(crawl):
    row = crawl.article(hostile.ACCENTED)
    assert row["url"] == f"{hostile.BASE}/bai/tin-t%E1%BB%A9c-%E1%BB%95n-%C4%91%E1%BB%8Bnh.html"
    assert paragraphs_in(row["text"], hostile.ACCENTED)
    assert crawl.state(hostile.ACCENTED)[0] == "stored"
    # Linked twice (UTF-8, and lower-case escapes): one request, one row.
    assert len(crawl.fetched(f"{hostile.BASE}/bai/tin-t")) == 1
    assert crawl.query("select count(*) from articles where url like '%tin-t%'")[0][0] == 1


# --- the network -----------------------------------------------------------------------------


def test_a_host_refusing_connections_fails_with_a_retry(crawl):
    state, reason, tries, retry = crawl.state(hostile.REFUSED)
    assert (state, tries, retry) == ("failed", 1, 1) and "ConnectionRefused" in reason
    assert crawl.errors(hostile.REFUSED) == [reason]


def test_status_shows_how_every_url_ended(crawl):
    status = run_cli("status", "--db", str(crawl.db), env={"ARCHIVE_SITES_DIR": str(crawl.registry)})
    assert status.returncode == 0, status.stderr
    states = status.stdout.split("How every URL ended")[1]
    line = next(line for line in states.splitlines() if line.startswith("hostile "))
    for part in ("stored", "listing", "failed", "too-large: 5", "redirect-loop: 2", "bad-sitemap: 3", "bad-feed: 2",
                 "skipped", "redirects off the site: 1"):
        assert part in line, line
