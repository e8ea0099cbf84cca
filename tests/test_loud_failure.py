"""Failure is loud: a crawl that reaches nothing, or a new site that finds nothing, says so and exits non-zero.

Under cron, only what the command prints reaches a person (cron mails a job's
output, not its exit status): with ``--quiet --log-file`` a good night prints
nothing and a bad one prints its flags on stderr.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fixtureweb.server import free_port, serve
from fixtureweb.web import build
from tests.conftest import run_cli
from tests.crawlhelp import crawl

pytestmark = pytest.mark.crawl

ROOT = Path(__file__).resolve().parents[1]
QUICK = ("-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=5")


def test_a_crawl_that_reaches_nothing_exits_non_zero_and_says_why(tmp_path):
    db = tmp_path / "archive.db"
    # Every host goes to a port nothing listens on: the network is down.
    result = crawl(db, free_port(), *QUICK, sites=["baohagiang", "congan_sonla"], timeout=300)
    assert result.returncode == 4, result.stdout[-2000:] + result.stderr[-2000:]
    assert "no site reachable" in result.stderr
    assert "No site flagged" not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    status = run_cli("status", "--db", str(db))
    flagged = status.stdout.split("Flagged sites:")[1]
    assert "baohagiang: fetched no page" in flagged and "congan_sonla: fetched no page" in flagged


def test_a_new_site_that_finds_no_article_is_flagged_on_its_first_night_and_cron_hears_of_it(tmp_path):
    registry = tmp_path / "sites"
    registry.mkdir()
    for path in (ROOT / "crawler" / "sites").glob("*.toml"):
        shutil.copy(path, registry)
    # A registry entry whose article pattern matches none of the site's article addresses.
    entry = (registry / "baohagiang.toml").read_text(encoding="utf-8")
    pattern = next(line for line in entry.splitlines() if line.startswith("article_pattern"))
    (registry / "baohagiang.toml").write_text(
        entry.replace(pattern, "article_pattern = '^https?://baohagiang\\.vn/bai-viet/\\d+\\.html$'"), encoding="utf-8")
    db, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    env = {"ARCHIVE_SITES_DIR": str(registry)}
    with serve(build()) as server:
        result = crawl(db, server.port, "--quiet", "--log-file", str(log), sites=["baohagiang", "congan_sonla"], env=env)
        good = crawl(db, server.port, "--quiet", "--log-file", str(log), sites=["congan_sonla"], env=env)
    assert result.returncode == 3, result.stdout[-2000:] + result.stderr[-2000:]
    assert result.stdout == ""  # cron mails output: a bad night must print, a good one must not
    assert "baohagiang: first crawl found no article" in result.stderr
    assert "congan_sonla" not in result.stderr
    assert "Spider closed" in log.read_text(encoding="utf-8")
    assert (good.returncode, good.stdout, good.stderr) == (0, "", "")
