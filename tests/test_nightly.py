"""Nightly crawls: incremental, resumable after SIGKILL, and loud about broken sites."""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import time

import pytest

from fixtureweb.corpus import Story, stories
from fixtureweb.server import serve
from fixtureweb.web import PER_PAGE, article_url, build
from tests.conftest import run_cli
from tests.crawlhelp import crawl, popen

pytestmark = pytest.mark.crawl


def stored(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(r[0] for r in conn.execute("select url from articles"))
    finally:
        conn.close()


def all_articles(web) -> list[str]:
    return sorted(url for site in web.manifest["sites"].values() for url in site["articles"])


NEW = [
    Story(site="baohagiang", slug="khai-mac-giai-bong-da-thanh-nien-cac-dan-toc", id="790011", section="van-hoa-xa-hoi",
          title="Khai mạc giải bóng đá thanh niên các dân tộc", published="2025-03-26T16:00:00+07:00", lead=True,
          paragraphs=["BHG - Chiều 26.3, Tỉnh đoàn khai mạc giải bóng đá thanh niên các dân tộc tỉnh năm 2025 với 16 đội tham gia.",
                      "Giải đấu diễn ra trong 10 ngày tại sân vận động tỉnh, là dịp để đoàn viên thanh niên giao lưu, rèn luyện sức khỏe.",
                      "Ban tổ chức trao 4 giải chính và các giải phong cách, cầu thủ xuất sắc nhất."],
          author="HOÀNG HIẾU"),
    Story(site="congan_sonla", slug="bat-giu-doi-tuong-truy-na-tai-huyen-song-ma", id="1777",
          title="Bắt giữ đối tượng truy nã tại huyện Sông Mã", published="2025-04-02T09:30:00+07:00",
          paragraphs=["Ngày 1/4, Công an huyện Sông Mã bắt giữ thành công một đối tượng có lệnh truy nã về tội mua bán trái phép chất ma túy.",
                      "Đối tượng đã lẩn trốn nhiều năm, thường xuyên thay đổi nơi ở để tránh sự truy bắt của cơ quan chức năng.",
                      "Vụ việc đang được lực lượng chức năng điều tra, xử lý theo quy định."],
          author="Quang Huy"),
]


def test_second_crawl_fetches_exactly_the_new_articles(tmp_path):
    db = tmp_path / "archive.db"
    with serve(build()) as server:
        first = crawl(db, server.port)
        assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-3000:]
        assert stored(db) == all_articles(server.web)
        server.web = build(stories() + NEW)
        server.log.clear()
        second = crawl(db, server.port)
        assert second.returncode == 0, second.stderr[-3000:]
        articles = set(all_articles(server.web))
        fetched_articles = [url for url in server.fetched() if url in articles]
        assert sorted(fetched_articles) == sorted(article_url(s) for s in NEW)
        assert stored(db) == sorted(articles)
        # The portal's listing has three pages or more; nothing new on the first two, so the
        # second crawl stopped paginating before the third.
        fetched = server.fetched()
    portal_pages = math.ceil(len(server.web.manifest["sites"]["quangninh_portal"]["articles"]) / PER_PAGE)
    assert portal_pages >= 3
    listing = "https://www.quangninh.gov.vn/Trang/TinTuc.aspx?cm=tintuc"
    assert f"{listing}&Page=2" in fetched
    assert not [url for url in fetched if url.startswith(f"{listing}&Page=") and int(url.rsplit("=", 1)[1]) >= 3]
    conn = sqlite3.connect(db)
    stats = json.loads(conn.execute("select stats from runs order by id desc limit 1").fetchone()[0])
    conn.close()
    assert stats["baohagiang"]["articles_new"] == 1 and stats["congan_sonla"]["articles_new"] == 1
    assert sum(s["articles_new"] for s in stats.values()) == 2


def test_demo_twice_behaves_as_a_nightly_run(tmp_path):
    db = tmp_path / "archive.db"
    assert run_cli("demo", "--db", str(db), "--no-serve").returncode == 0
    before = stored(db)
    again = run_cli("demo", "--db", str(db), "--no-serve")
    assert again.returncode == 0, again.stderr[-2000:]
    assert stored(db) == before
    conn = sqlite3.connect(db)
    stats = json.loads(conn.execute("select stats from runs order by id desc limit 1").fetchone()[0])
    conn.close()
    # No known article page was fetched again: none new, none updated, none even compared.
    assert all(s["articles_new"] == s["articles_updated"] == s["articles_unchanged"] == 0 for s in stats.values())


def test_a_killed_crawl_resumes_without_loss_or_duplicates(tmp_path):
    db = tmp_path / "archive.db"
    web = build()
    expected = all_articles(web)
    with serve(web, delay=0.15) as server:
        process = popen(db, server.port)
        articles = set(expected)
        deadline = time.time() + 120
        while time.time() < deadline and sum(1 for u in server.fetched() if u in articles) < 6:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        partial = stored(db)
        assert len(partial) < len(expected), "the crawl finished before it could be killed"
        server.delay = 0
        resumed = crawl(db, server.port)
        assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-3000:]
    assert stored(db) == expected
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert conn.execute("select count(*) from articles_fts").fetchone()[0] == len(expected)
    conn.close()


def test_a_broken_site_is_flagged_and_the_crawl_exits_non_zero(tmp_path):
    db = tmp_path / "archive.db"
    web = build(broken=frozenset({"congan_sonla"}))
    pages = len(web.manifest["sites"]["congan_sonla"]["articles"])
    with serve(web) as server:
        result = crawl(db, server.port)
    assert result.returncode == 3, result.stdout[-2000:]
    assert f"congan_sonla: extraction failed on {pages} of {pages} article pages" in result.stdout
    status = run_cli("status", "--db", str(db))
    assert status.returncode == 0
    flagged = status.stdout.split("Flagged sites:")[1].split("\n\n")[0]
    assert "congan_sonla" in flagged and "baohagiang" not in flagged


def crawl_jobs(parent: int) -> list[int]:
    """The crawl processes `crawler crawl --jobs N` started (spawned children of ``parent``)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        if ppid == parent and b"spawn_main" in command:
            found.append(int(entry))
    return found


def test_two_jobs_killed_one_then_all_resume_without_loss_or_duplicates(tmp_path):
    db = tmp_path / "archive.db"
    web = build()
    expected = all_articles(web)
    with serve(web, delay=0.15) as server:
        process = popen(db, server.port, "--jobs", "2")
        articles = set(expected)
        deadline = time.time() + 120
        while time.time() < deadline and (len(crawl_jobs(process.pid)) < 2 or
                                           sum(1 for u in server.fetched() if u in articles) < 4):
            time.sleep(0.1)
        jobs = crawl_jobs(process.pid)
        assert len(jobs) == 2, "the crawl did not start two jobs"
        os.kill(jobs[0], signal.SIGKILL)  # one job dies: the other goes on
        while time.time() < deadline and sum(1 for u in server.fetched() if u in articles) < 12:
            time.sleep(0.1)
        os.killpg(process.pid, signal.SIGKILL)  # then everything
        process.wait(timeout=30)
        assert len(stored(db)) < len(expected), "the crawl finished before it could be killed"
        server.delay = 0
        resumed = crawl(db, server.port, "--jobs", "2")
        assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-3000:]
    assert stored(db) == expected
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from articles_fts").fetchone()[0] == len(expected)
    assert conn.execute("select url, role, discovery from frontier where state = 'pending'").fetchall() == []
    conn.close()
