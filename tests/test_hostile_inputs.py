"""The hostile site's inputs one at a time, without a crawl: decoding, sitemaps, feeds, addresses.

The same pages tests/test_hostile.py crawls (fixtureweb/designs/hostile.py),
read by the functions the crawl reads them with; expectations are the
fixture's stories and addresses.
"""

from __future__ import annotations

import html

import pytest
from scrapy.http import XmlResponse

from crawler.encoding import decode
from crawler.urls import canonical, owns
from crawler.vntext import clean
from fixtureweb.designs import hostile
from spiders.feeds import read_feed
from spiders.sitemaps import read_sitemap

@pytest.fixture(scope="module")
def page():
    web = hostile.build()
    return lambda url: web.page(hostile.HOST, url.removeprefix(hostile.BASE))


@pytest.mark.parametrize("url, codec", [(hostile.CP1258, "cp1258"), (hostile.CP1252, "cp1252")])
def test_a_page_in_another_charset_than_declared_is_read_right_and_named(page, url, codec):
    decoded = decode(page(url).body, page(url).content_type)
    assert decoded.encoding == codec and decoded.fault and codec in decoded.fault
    text = clean(html.unescape(decoded.text))
    assert all(clean(p) in text for p in hostile.STORY[url].paragraphs)


def test_nul_characters_leave_the_text(page):
    decoded = decode(page(hostile.NUL).body, page(hostile.NUL).content_type)
    assert "\x00" not in decoded.text and decoded.fault is None


@pytest.mark.parametrize("url, kinds", [
    (hostile.SITEMAP_DAMAGED, ("damaged_before", "damaged_after")),
    (hostile.SITEMAP_LAUGHS, ("laughs_after",)),
])
def test_a_damaged_sitemap_keeps_every_entry_and_says_so(page, url, kinds):
    read = read_sitemap(XmlResponse(url, body=page(url).body), max_size=hostile.MAX_SIZE)
    assert [e["loc"] for e in read.entries] == [u for kind in kinds for u in hostile.SITEMAP_ARTICLES[kind]]
    assert read.problem and "not well-formed" in read.problem


def test_a_sitemap_bomb_is_refused(page):
    read = read_sitemap(XmlResponse(hostile.SITEMAP_BOMB, body=page(hostile.SITEMAP_BOMB).body), max_size=hostile.MAX_SIZE)
    assert read.entries == [] and read.problem


@pytest.mark.parametrize("url, kinds", [
    (hostile.FEED_DAMAGED, ("damaged_before", "damaged_after")),
    (hostile.FEED_LAUGHS, ("laughs_after",)),
])
def test_a_damaged_feed_keeps_every_link_and_says_so(page, url, kinds):
    links, problem = read_feed(XmlResponse(url, body=page(url).body))
    assert links == [u for kind in kinds for u in hostile.FEED_ARTICLES[kind]]
    assert problem and "not well-formed" in problem


def test_addresses_are_read_as_browsers_read_them():
    assert not owns(hostile.BACKSLASH_LINK, [hostile.HOST])  # the host is evil.test
    assert not owns(hostile.USERINFO_LINK, [hostile.HOST])
    linked = [f"{hostile.BASE}/bai/tin-tức-ổn-định.html",
              f"{hostile.BASE}/bai/tin-t%e1%bb%a9c-%e1%bb%95n-%c4%91%e1%bb%8bnh.html"]
    assert {canonical(u) for u in linked} == {f"{hostile.BASE}/bai/tin-t%E1%BB%A9c-%E1%BB%95n-%C4%91%E1%BB%8Bnh.html"}
