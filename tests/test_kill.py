"""A crawl killed with SIGKILL at random moments and restarted finds everything, once, and leaves no process behind.

The site (fixtureweb/designs/paginated.py) has 1,000 articles reachable only
through its paginated listing: no sitemap, no feed. The crawl is killed at
random moments (seeded; the seed and the moments are printed), alternately
the crawl process alone (its analysis workers and multiprocessing's resource
tracker must die by themselves) and its whole process group; the same command
is started again each time, then a last time to its end.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from archive import fts, schema
from archive.warc import iter_records
from crawler.urls import canonical
from fixtureweb.designs import paginated
from fixtureweb.server import serve
from tests.conftest import run_cli
from tests.crawlhelp import crawl, popen

pytestmark = pytest.mark.crawl

ARTICLES = 1000
KILLS = 6
SEED = int(os.environ.get("KILL_TEST_SEED") or 16)


def session_members(sessions: set[int]) -> list[tuple[int, str]]:
    """(pid, command line) of every live process whose session is one of ``sessions``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) in sessions:
            found.append((int(entry.name), cmdline))
    return found


def mentioning(text: str) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found.append((int(entry.name), cmdline))
    return found


def survivors(session: int, seconds: float = 15.0) -> list[tuple[int, str]]:
    """What is left of a killed crawl's session once its processes had ``seconds`` to notice."""
    deadline = time.monotonic() + seconds
    while (left := session_members({session})) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def wait_for_requests(server, count: int, process, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while len(server.log) < count and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def warc_records(warc: Path) -> tuple[Counter, int]:
    """(full response records by URL, number of revisit records) in every WARC file, cut tails aside."""
    counts: Counter = Counter()
    revisits = 0
    for path in sorted(warc.glob("*.warc.gz")):
        for record, _body, _offset in iter_records(path, skip_truncated=True):
            if record.rec_type == "response":
                counts[record.rec_headers.get_header("WARC-Target-URI")] += 1
            revisits += record.rec_type == "revisit"
    return counts, revisits


def test_a_crawl_killed_at_random_moments_finds_every_article_once(tmp_path):
    registry = tmp_path / "sites"
    registry.mkdir()
    (registry / f"{paginated.SLUG}.toml").write_text(paginated.REGISTRY_ENTRY, encoding="utf-8")
    env = {"ARCHIVE_SITES_DIR": str(registry)}
    db = tmp_path / "archive.db"
    web = paginated.build(ARTICLES)
    expected = sorted(web.manifest["articles"])
    rng = random.Random(SEED)
    moments = []
    started = time.monotonic()
    with serve(web) as server:
        for kill in range(KILLS):
            before = len(server.log)
            process = popen(db, server.port, sites=[paginated.SLUG], env=env)
            # A moment in the crawl: after a random number of requests (0: while it starts up).
            requests = rng.choice([0, *range(5, 160)])
            if requests:
                wait_for_requests(server, before + requests, process)
                time.sleep(rng.uniform(0, 0.3))
            else:
                time.sleep(rng.uniform(0.3, 3.0))
            if process.poll() is not None:
                pytest.fail(f"the crawl ended before kill {kill + 1} (exit {process.returncode}); moments so far {moments}")
            whole_group = kill % 2 == 1
            os.killpg(process.pid, signal.SIGKILL) if whole_group else os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            moments.append((requests or "startup", len(server.log) - before, "group" if whole_group else "process"))
            left = survivors(process.pid)
            assert left == [], f"kill {kill + 1} ({moments[-1]}) left processes alive: {left}"
        stored_before_last = len(stored(db))
        last = crawl(db, server.port, sites=[paginated.SLUG], env=env, timeout=600)
        requests = len(server.log)
    seconds = time.monotonic() - started
    print(f"seed {SEED}: kills (requested before the kill, requests in that run, what was killed) {moments}; "
          f"{stored_before_last} articles stored before the last run; {requests} requests; {seconds:.0f} s")
    assert last.returncode == 0, last.stdout[-2000:] + last.stderr[-3000:]
    assert "Traceback" not in last.stdout + last.stderr

    urls = stored(db)
    assert len(urls) == len(set(urls)) == ARTICLES
    assert sorted(urls) == sorted(canonical(url) for url in expected)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(distinct content_hash) from articles").fetchone()[0] == ARTICLES
        assert conn.execute("select count(*) from frontier where state = 'pending'").fetchone()[0] == 0
    finally:
        conn.close()
    database = schema.connect(db)
    try:
        assert fts.index_differences(database) == 0
    finally:
        database.close()
    verify = run_cli("verify", "--db", str(db))
    assert verify.returncode == 0, verify.stdout[-3000:]
    # A page archived just before a kill is a revisit the next time, not a second full copy.
    copies, revisits = warc_records(db.parent / "warc")
    print(f"WARC: {sum(copies.values())} full response records for {len(copies)} URLs, {revisits} revisit records")
    assert {uri: n for uri, n in copies.items() if n > 1} == {}
    assert set(expected) <= set(copies)
    assert mentioning(str(db)) == []


def stored(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [url for (url,) in conn.execute("select url from articles")]
    finally:
        conn.close()


def test_a_page_archived_just_before_a_kill_is_a_revisit_next_time(tmp_path):
    """The kill falls between a record's write and its capture's commit: the next run reads the tail."""
    from datetime import datetime, timezone

    from archive import store
    from archive.warc import Exchange, WarcWriter
    from pipelines.archiver import recover_captures

    db = schema.connect(tmp_path / "archive.db")
    warc = tmp_path / "warc"

    def exchange(path: str) -> Exchange:
        return Exchange(uri=f"{paginated.BASE}{path}", status=200, headers=[("Content-Type", "text/html")],
                        body=f"<p>{path}</p>".encode(), fetched_at=datetime.now(timezone.utc))

    def writer(stamp: str) -> WarcWriter:
        return WarcWriter(warc, f"{paginated.SLUG}-{stamp}", max_size=1 << 30, compresslevel=3,
                          previous=lambda url: store.last_capture(db, url))

    killed = writer("20261130T010000")
    store.record_capture(db, killed.write(exchange("/tin/1.html")), site=paginated.SLUG, status=200, run=None)
    killed.write(exchange("/tin/2.html"))  # written, then the kill: no capture row
    killed.close()
    with open(killed.path, "ab") as fh:  # and a record cut mid-write
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"WARC/1.1 cut")
    assert recover_captures(db, warc, paginated.SLUG) == 1
    assert recover_captures(db, warc, paginated.SLUG) == 0
    again = writer("20261130T020000")
    assert again.write(exchange("/tin/2.html")).record_type == "revisit"
    assert again.write(exchange("/tin/3.html")).record_type == "response"
    again.close()
    db.close()
