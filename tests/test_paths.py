"""Every command finds an archive's WARC files where the settings put them (crawler/paths.py)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import httpx
import pytest

from archive import schema
from archive.warc import Exchange, WarcWriter
from fixtureweb.web import article_url, build
from fixtureweb.corpus import stories
from tests.conftest import ROOT, run_cli, start_datasette


@pytest.mark.crawl  # three commands and a Datasette start
def test_reextract_verify_and_serve_honour_archive_warc_dir(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (tmp_path / "site_settings.py").write_text(f"from settings import *\nARCHIVE_WARC_DIR = {str(elsewhere)!r}\n")
    env = {"SCRAPY_SETTINGS_MODULE": "site_settings", "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    story = next(s for s in stories() if s.site == "baohagiang")
    url = article_url(story)
    body = build().pages["baohagiang.vn"][url.split("baohagiang.vn", 1)[1]].body
    writer = WarcWriter(elsewhere, "baohagiang-test", max_size=1024**3, compresslevel=3)
    writer.write(Exchange(url, 200, [("Content-Type", "text/html; charset=utf-8")], body,
                          datetime(2026, 11, 20, tzinfo=timezone.utc)))
    writer.close()
    db = tmp_path / "archive.db"
    schema.connect(db).close()

    reextracted = run_cli("reextract", "--db", str(db), env=env)
    assert reextracted.returncode == 0, reextracted.stderr[-2000:]
    assert "1 article pages: 1 new" in reextracted.stdout
    verified = run_cli("verify", "--db", str(db), env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "ok      baohagiang-test-00000.warc.gz" in verified.stdout
    assert "1 article pointers checked, 0 broken" in verified.stdout

    process, base = start_datasette(db, env=env)
    try:
        response = httpx.get(f"{base}/-/archived/archive/1", timeout=10)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert response.status_code == 200
    # The page as captured, under the archive's banner naming the WARC file it was read from.
    assert response.headers["x-archived-url"] == url
    assert "baohagiang-test-00000.warc.gz" in response.text and story.title in response.text
