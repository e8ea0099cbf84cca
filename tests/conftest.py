"""Shared fixtures: a demo archive crawled once per session, and a live Datasette on it.

Tests that run a crawl are marked ``crawl`` (by module, or by using the crawled
demo archive); ``pytest -m "not crawl"`` runs the fast rest in seconds.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from fixtureweb.server import free_port

ROOT = Path(__file__).resolve().parents[1]


CRAWLING_FIXTURES = {"demo_archive", "datasette_url", "two_nights_archive", "memory_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if CRAWLING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.crawl)


def run_cli(*args, timeout=600, env=None) -> subprocess.CompletedProcess:
    """Run `python -m crawler ARGS` as a user would, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def manifest() -> dict:
    """What the fixture web holds: per site, the articles a crawl must store and the traps."""
    from fixtureweb.web import build

    return build().manifest


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory):
    """A real crawl of the fixture web through the real spiders and pipelines."""
    db = tmp_path_factory.mktemp("demo") / "archive.db"
    started = time.time()
    result = run_cli("demo", "--db", str(db), "--no-serve")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return {"db": db, "stdout": result.stdout, "stderr": result.stderr, "started": started, "finished": time.time()}


@pytest.fixture(scope="session")
def two_nights_archive(tmp_path_factory):
    """The fixture web crawled on two nights (fixtureweb/nights.py), every known article revisited on the second.

    ``changes``: what the second night changed (its manifest's ``changes``).
    """
    from fixtureweb.nights import next_night
    from fixtureweb.server import serve
    from fixtureweb.web import build
    from tests.crawlhelp import crawl

    db = tmp_path_factory.mktemp("two-nights") / "archive.db"
    tonight = next_night()
    with serve(build()) as server:
        first = crawl(db, server.port)
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
        server.web = tonight
        second = crawl(db, server.port, "-s", "ARCHIVE_REVISIT_OLDER_THAN=0")
        assert second.returncode in (0, 3), second.stdout[-2000:] + second.stderr[-3000:]
    return {"db": db, "changes": tonight.manifest["changes"]}


def rows(db: Path, sql: str, params=()) -> list[dict]:
    """The rows a query gives on the archive file ``db``, as dicts."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def article_row(db: Path, url: str) -> dict:
    """The articles row of ``url``."""
    [row] = rows(db, "select * from articles where url = ?", [url])
    return row


def vietnam_time(utc: str) -> str:
    """18/08/2022 17:00 in Vietnam time, written out here rather than by the code under test."""
    return datetime.fromisoformat(utc).astimezone(timezone(timedelta(hours=7))).strftime("%d/%m/%Y %H:%M")


def start_datasette(db: Path, *extra: str, env: dict | None = None):
    """`crawler serve` on a free port, as a user starts it; (process, base URL) once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", str(port), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited: {process.stdout.read()}")
        try:
            httpx.get(base + "/-/versions.json", timeout=1)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("datasette did not start within 60 s")


@pytest.fixture(scope="session")
def datasette_url(demo_archive):
    process, base = start_datasette(demo_archive["db"])
    yield base
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
