"""Discovery through a gzipped sitemap: the one way to an article no page links to."""

from __future__ import annotations

import gzip
import sqlite3

import pytest

from fixtureweb.corpus import stories
from fixtureweb.pages import Page, sitemap, target
from fixtureweb.server import serve
from fixtureweb.web import article_url, build
from tests.crawlhelp import crawl

pytestmark = pytest.mark.crawl

HOST = "baohagiang.vn"
SITEMAP = f"https://{HOST}/sitemap-news.xml.gz"


def test_an_article_listed_only_in_a_gzipped_sitemap_is_crawled(tmp_path):
    corpus = stories()
    orphan = next(s for s in corpus if s.site == "baohagiang" and not s.seed)
    web = build([s for s in corpus if s is not orphan])  # no page of the site links to it
    alone = build(corpus).pages[HOST][target(article_url(orphan))]  # its page, as the site draws it
    web.add(article_url(orphan), alone)
    web.add(SITEMAP, Page(content_type="application/x-gzip",
                          body=gzip.compress(sitemap([(article_url(orphan), orphan.published)]), mtime=0)))
    web.add(f"https://{HOST}/robots.txt", Page(content_type="text/plain",
                                               body=f"User-agent: *\nDisallow: /in-bai/\n\nSitemap: {SITEMAP}\n".encode()))
    db = tmp_path / "archive.db"
    with serve(web) as server:
        result = crawl(db, server.port, sites=["baohagiang"])
        fetched = server.fetched()
    assert result.returncode in (0, 3), result.stdout[-2000:] + result.stderr[-2000:]
    assert SITEMAP in fetched
    conn = sqlite3.connect(db)
    assert conn.execute("select title from articles where url = ?", [article_url(orphan)]).fetchone() == (orphan.title,)
    assert conn.execute("select state from frontier where url = ?", [SITEMAP]).fetchone() == ("listing",)
    assert conn.execute("select count(*) from fetch_errors where reason like 'bad-sitemap%'").fetchone() == (0,)
