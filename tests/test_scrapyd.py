"""Many machines: two real Scrapyd nodes crawl the fixture web, the archive host ingests their shards.

The project is deployed as Scrapyd eggs are (scrapyd-deploy's egg, uploaded
with addversion.json), `crawler schedule` spreads the sites over both nodes
and ingests what they wrote; the result must be the archive a single-process
crawl of the same web builds, and ingesting the same shards again changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from archive import fts, schema
from crawler.distribute import node_for
from fixtureweb import SITES
from fixtureweb.server import crawl_settings, free_port, serve
from tests.conftest import ROOT, rows, run_cli
from tests.crawlhelp import crawl

pytestmark = pytest.mark.crawl

FIELDS = "url, site, title, lead, text, author, published, captions, content_hash, key_source"


def spread_ports() -> tuple[int, int]:
    """Two free ports whose nodes share the sites out between them: sites go to nodes by a hash of
    the node's URL, and with five sites one node of two gets them all once in sixteen port pairs."""
    first = free_port()
    while True:
        second = free_port()
        urls = [f"http://127.0.0.1:{port}" for port in (first, second)]
        if second != first and len({node_for(site, urls) for site in SITES}) == 2:
            return first, second


def start_node(folder: Path, port: int) -> tuple[subprocess.Popen, str]:
    folder.mkdir(parents=True)
    (folder / "scrapyd.conf").write_text(
        "[scrapyd]\nbind_address = 127.0.0.1\n"
        f"http_port = {port}\nitems_dir = items\nlogs_dir = logs\neggs_dir = eggs\ndbs_dir = dbs\n"
        "max_proc = 2\npoll_interval = 0.5\n"
    )
    process = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=subprocess.DEVNULL,
                               stderr=open(folder / "scrapyd.err", "w"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{url}/daemonstatus.json", timeout=1).json()["status"] == "ok":
                return process, url
        except (httpx.HTTPError, ValueError):
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"scrapyd did not start: {(folder / 'scrapyd.err').read_text()[-2000:]}")


def test_two_scrapyd_nodes_build_the_archive_one_process_builds(tmp_path):
    egg = tmp_path / "project.egg"
    built = subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy"), "--build-egg", str(egg)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-3000:]
    nodes = [start_node(tmp_path / f"node{i}", port) for i, port in enumerate(spread_ports(), 1)]
    try:
        for _process, url in nodes:
            answer = httpx.post(f"{url}/addversion.json", data={"project": "vn_provincial_archive", "version": "1"},
                                files={"egg": egg.read_bytes()}, timeout=60).json()
            assert answer["status"] == "ok" and answer["spiders"] >= len(SITES), answer
        with serve() as web:
            settings = [f"-s{k}={json.dumps(v) if isinstance(v, dict) else v}" for k, v in crawl_settings(web.port).items()]
            db = tmp_path / "archive" / "archive.db"
            scheduled = run_cli("schedule", "--scrapyd", ",".join(url for _p, url in nodes), "--db", str(db),
                                "--timeout", "300", *settings, *SITES)
            local = crawl(tmp_path / "local" / "archive.db", web.port, "--jobs", "1")
    finally:
        for process, _url in nodes:
            process.terminate()
            process.wait(timeout=30)
    assert scheduled.returncode in (0, 3), scheduled.stdout[-3000:] + scheduled.stderr[-3000:]
    assert local.returncode in (0, 3), local.stdout[-2000:] + local.stderr[-2000:]
    used = {line.split("(")[1].split(")")[0] for line in scheduled.stdout.splitlines() if "): " in line}
    assert len(used) == 2, scheduled.stdout  # the sites were spread over both nodes

    fields = f"select {FIELDS} from articles order by url"
    assert rows(db, fields) == rows(tmp_path / "local" / "archive.db", fields)
    verified = run_cli("verify", "--db", str(db))
    assert verified.returncode == 0, verified.stdout[-3000:]
    archive = schema.connect(db)
    assert fts.index_differences(archive) == 0
    stats = json.loads(archive.execute("select stats from runs order by id desc limit 1").fetchone()[0])
    assert set(stats) == set(SITES)
    archive.close()

    shards = sorted((db.parent / "state" / "shards").glob("*/shards/*.db"))
    assert len(shards) == len(SITES)
    before = "\n".join(sqlite3.connect(db).iterdump())
    again = run_cli("ingest", "--db", str(db), *map(str, shards))
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("ingested before, nothing to do") == len(SITES)
    assert "\n".join(sqlite3.connect(db).iterdump()) == before
