"""A site's profile leads the crawl where every install of its platform lists its articles.

Two copies of one WordPress site, under two host names: articles reachable only
through the core sitemap (/wp-sitemap.xml) and the feed (/feed/), which neither
robots.txt nor any page names. The copy registered with ``profile = "wordpress"``
is crawled to every article; the copy registered without one finds none.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

import pytest

from fixtureweb.corpus import stories
from fixtureweb.designs.hostile import article_html
from fixtureweb.pages import Page, Web, rss, sitemap
from fixtureweb.server import serve
from tests.crawlhelp import crawl

pytestmark = pytest.mark.crawl

HOSTS = {"wp_profile": "wp-mot.test", "wp_plain": "wp-hai.test"}
SITE = """slug = "{slug}"
name = "Trang thử {slug}"
province = "Sơn La"
kind = "police"
domains = ["{host}"]
start_urls = ["https://{host}/"]
{profile}notes = "A test copy of a WordPress site whose articles only its sitemap and feed list."
"""


def _site(web: Web, host: str) -> list[str]:
    base = f"https://{host}"
    chosen = [story for story in stories() if story.slug][:4]
    urls = [f"{base}/{story.slug}/" for story in chosen]
    home = "<html lang='vi'><head><meta charset='utf-8'><title>Trang chủ</title></head><body><h1>Trang chủ</h1>"
    web.html(f"{base}/", home + f"<p><a href='{base}/gioi-thieu/'>Giới thiệu</a></p></body></html>")
    web.html(f"{base}/gioi-thieu/", home + "<p>Trang thông tin điện tử.</p></body></html>")
    web.add(f"{base}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /wp-admin/\n"))
    for story, url in zip(chosen, urls):
        web.html(url, article_html(story))
    # Three articles in the sitemap, the fourth only in the feed.
    index = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc></sitemap></sitemapindex>")
    web.add(f"{base}/wp-sitemap.xml", Page(content_type="application/xml", body=index.encode()))
    web.add(f"{base}/wp-sitemap-posts-post-1.xml", Page(content_type="application/xml", body=sitemap([(u, None) for u in urls[:3]])))
    web.add(f"{base}/feed/", Page(content_type="application/rss+xml", body=rss("Tin", base, [(chosen[3].title, urls[3], chosen[3].published)])))
    return urls


@dataclass
class Crawled:
    articles: dict[str, set[str]]
    requested: dict[str, set[str]]
    expected: dict[str, list[str]]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Crawled:
    tmp = tmp_path_factory.mktemp("profile-discovery")
    registry = tmp / "sites"
    registry.mkdir()
    web = Web()
    expected = {slug: _site(web, host) for slug, host in HOSTS.items()}
    for slug, host in HOSTS.items():
        profile = 'profile = "wordpress"\n' if slug == "wp_profile" else ""
        (registry / f"{slug}.toml").write_text(SITE.format(slug=slug, host=host, profile=profile), encoding="utf-8")
    db = tmp / "archive.db"
    with serve(web) as server:
        result = crawl(db, server.port, sites=list(HOSTS), env={"ARCHIVE_SITES_DIR": str(registry)})
        log = list(server.log)
    assert result.returncode in (0, 3), result.stdout[-2000:] + result.stderr[-3000:]
    conn = sqlite3.connect(db)
    stored = conn.execute("select site, url from articles").fetchall()
    conn.close()
    return Crawled(
        articles={slug: {url for site, url in stored if site == slug} for slug in HOSTS},
        requested={slug: {target for _m, h, target, _s in log if h == host} for slug, host in HOSTS.items()},
        expected=expected,
    )


def test_the_profile_s_sitemap_and_feed_bring_every_article(crawled):
    assert crawled.articles["wp_profile"] == set(crawled.expected["wp_profile"])
    assert {"/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml", "/feed/"} <= crawled.requested["wp_profile"]


def test_without_the_profile_the_same_site_yields_nothing(crawled):
    assert crawled.articles["wp_plain"] == set()
    assert not {"/wp-sitemap.xml", "/feed/"} & crawled.requested["wp_plain"]
