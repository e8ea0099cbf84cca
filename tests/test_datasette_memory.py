"""The archive's memory in Datasette, on the fixture web crawled over two nights (fixtureweb/nights.py).

In-process Datasette (``datasette.client``, configured as ``crawler serve``).
What each page must show comes from the second night's manifest (what the
fixture web changed), never from the code under test.
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import re
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import httpx
import lxml.html
import pytest

from tests.conftest import article_row, vietnam_time

VIETNAM = timezone(timedelta(hours=7))
# How the fixture web took each article down (fixtureweb/nights.py): gone from the web, a 410 page, a redirect home.
REMOVED = {"gone_404": 404, "gone_410": 410, "moved_home": 301}


@pytest.fixture(scope="module")
def ds(two_nights_archive, tmp_path_factory):
    from archive.serve import instance

    return instance(two_nights_archive["db"], state_dir=tmp_path_factory.mktemp("state"))


def get(ds, path: str, **params) -> httpx.Response:
    return asyncio.run(ds.client.get(path, params=params or None))


def removed_urls(changes) -> dict[str, int]:
    return {(changes[k]["url"] if isinstance(changes[k], dict) else changes[k]): status for k, status in REMOVED.items()}


def element(body: str, element_id: str):
    """The element of a page with this id (lxml), to read its text or its markup."""
    found = lxml.html.document_fromstring(body).get_element_by_id(element_id, None)
    assert found is not None, f"no #{element_id}"
    return found


def markup(el) -> str:
    return lxml.html.tostring(el, encoding="unicode")


def text_of(el) -> str:
    return " ".join(el.text_content().split())


def test_edited_article_page_shows_both_versions_and_the_words_added(two_nights_archive, ds):
    edited = two_nights_archive["changes"]["edited"]
    article = article_row(two_nights_archive["db"], edited["url"])
    versions = element(get(ds, f"/archive/articles/{article['id']}").text, "vn-versions")
    assert [text_of(h).split(" shown")[0] for h in versions.iter("h3")] == ["Version 2", "Version 1"]
    # The second night added words to the title and a sentence to the second paragraph, and removed none.
    assert edited["title_after"].startswith(edited["title_before"])
    changed = [(b, a) for b, a in zip(edited["before"], edited["after"]) if b != a]
    assert len(changed) == 1 and changed[0][1].startswith(changed[0][0])
    added = [edited["title_after"][len(edited["title_before"]):].strip(), changed[0][1][len(changed[0][0]):].strip()]
    assert [text_of(ins) for ins in element(markup(versions), "vn-version-2").iter("ins")] == added
    assert not list(element(markup(versions), "vn-version-2").iter("del"))
    assert [a.get("href") for a in versions.find_class("vn-version-archived")] == [
        f"/-/archived/archive/{article['id']}", f"/-/archived/archive/{article['id']}/version/1"]


def test_each_version_keeps_its_archived_original(two_nights_archive, ds):
    edited = two_nights_archive["changes"]["edited"]
    article_id = article_row(two_nights_archive["db"], edited["url"])["id"]
    first = html.unescape(get(ds, f"/-/archived/archive/{article_id}/version/1").text)
    now = html.unescape(get(ds, f"/-/archived/archive/{article_id}").text)
    assert edited["title_before"] in first and edited["title_after"] not in first
    assert edited["title_after"] in now
    assert get(ds, f"/-/archived/archive/{article_id}/version/2").text == get(ds, f"/-/archived/archive/{article_id}").text
    assert get(ds, f"/-/archived/archive/{article_id}/version/3").status_code == 404


@pytest.mark.parametrize("change", sorted(REMOVED))
def test_a_removed_article_is_marked_with_its_status(two_nights_archive, ds, change):
    url = two_nights_archive["changes"][change]
    url = url["url"] if isinstance(url, dict) else url
    article = article_row(two_nights_archive["db"], url)
    body = get(ds, f"/archive/articles/{article['id']}").text
    mark = text_of(element(body, "vn-removed"))
    assert mark.startswith(f"Removed on {vietnam_time(article['removed_at'])} GMT+7 — "), mark
    assert re.search(rf"\b{REMOVED[change]}\b", mark), mark
    assert 'id="vn-versions"' not in body  # taken down, not changed


def test_the_republished_story_lists_its_copies_origin_first(two_nights_archive, ds):
    republished = two_nights_archive["changes"]["republished"]
    origin = article_row(two_nights_archive["db"], republished["origin"])
    copies = [article_row(two_nights_archive["db"], url) for url in republished["copies"]]
    page = get(ds, f"/-/story/archive/{origin['id']}")
    assert page.status_code == 200
    listed = [int(i) for i in re.findall(r'<li class="vn-story-copy[^"]*" data-article="(\d+)"', page.text)]
    # Both copies appeared on the second night; nights.py lists them in publication order (09:00, 15:30).
    assert listed == [origin["id"], *(c["id"] for c in copies)]
    assert page.text.count('vn-badge-origin"') == 1 and page.text.index("vn-badge-origin") < page.text.index(
        f'data-article="{copies[0]["id"]}"')
    # Every copy leads to the story, and a copy's own number to its origin's page.
    for copy in copies:
        moved = get(ds, f"/-/story/archive/{copy['id']}")
        assert moved.status_code == 302 and moved.headers["location"] == f"/-/story/archive/{origin['id']}"
        elsewhere = element(get(ds, f"/archive/articles/{copy['id']}").text, "vn-story")
        assert element(markup(elsewhere), "vn-story-link").get("href") == f"/-/story/archive/{origin['id']}"
        others = [int(a.get("href").rsplit("/", 1)[1]) for a in elsewhere.find_class("vn-copy-title")]
        assert sorted(others) == sorted({origin["id"], *(c["id"] for c in copies)} - {copy["id"]})
    assert get(ds, "/-/story/archive/999999").status_code == 404


def test_changed_and_removed_lists_link_every_article(two_nights_archive, ds):
    changes = two_nights_archive["changes"]
    edited = article_row(two_nights_archive["db"], changes["edited"]["url"])
    changed = get(ds, "/-/changed").text
    assert re.findall(r'class="vn-hit-title" href="/archive/articles/(\d+)"', changed) == [str(edited["id"])]
    assert f"Changed on {vietnam_time(edited['version_seen'])} GMT+7: title, text" in changed
    removed = get(ds, "/-/removed").text
    ids = {int(i) for i in re.findall(r'class="vn-hit-title" href="/archive/articles/(\d+)"', removed)}
    assert ids == {article_row(two_nights_archive["db"], url)["id"] for url in removed_urls(changes)}
    police = get(ds, "/-/removed", site="congan_sonla").text
    assert re.findall(r'href="/archive/articles/(\d+)"', police) == [str(article_row(two_nights_archive["db"], changes["gone_404"])["id"])]
    assert "answered 404 (Not Found)" in police
    later = (datetime.fromisoformat(edited["version_seen"]).astimezone(VIETNAM) + timedelta(days=1)).date().isoformat()
    assert '<strong id="vn-list-total">0</strong>' in get(ds, "/-/changed", since=later).text
    bad = get(ds, "/-/changed", since="30/11/2026")
    assert bad.status_code == 400 and "since must be a day written YYYY-MM-DD" in html.unescape(bad.text)
    assert "The archive remembers" in get(ds, "/").text and 'href="/-/changed"' in get(ds, "/").text


def test_canned_lists_agree_with_the_pages(two_nights_archive, ds):
    changes = two_nights_archive["changes"]
    rows = get(ds, "/archive/removed_articles.json", _shape="array").json()
    assert {r["url"]: r["removed_status"] for r in rows} == removed_urls(changes)
    rows = get(ds, "/archive/changed_articles.json", _shape="array", site="baoyenbai").json()
    assert [r["url"] for r in rows] == [changes["edited"]["url"]]
    origin = article_row(two_nights_archive["db"], changes["republished"]["origin"])
    rows = get(ds, "/archive/articles_of_a_story.json", _shape="array", story_id=str(origin["id"])).json()
    assert [r["url"] for r in rows] == [changes["republished"]["origin"], *changes["republished"]["copies"]]


def test_removed_articles_stay_searchable_with_their_mark(two_nights_archive, ds):
    changes = two_nights_archive["changes"]
    gone = article_row(two_nights_archive["db"], changes["gone_410"])
    data = get(ds, "/-/search.json", q=gone["title"], size="100").json()
    marked = {r["url"] for r in data["results"] if r["removed_at"]}
    assert gone["url"] in marked and marked <= set(removed_urls(changes))
    page = html.unescape(get(ds, "/-/search", q=gone["title"], size="100").text)
    hits = re.findall(r'<li class="vn-hit">(.*?)</li>', page, re.S)
    assert hits
    for hit in hits:
        url = re.search(r'<a href="([^"]+)" rel="noopener noreferrer">source', hit).group(1)
        assert ("Removed on" in hit) == (url in marked), url
    assert f"Removed on {vietnam_time(gone['removed_at'])} GMT+7 — the page answered 410 (Gone)" in page
    exported = list(csv.DictReader(io.StringIO(get(ds, "/-/search.csv", q=gone["title"]).text)))
    assert {r["url"]: r["removed_status"] for r in exported if r["removed_at"]} == {
        u: str(removed_urls(changes)[u]) for u in marked}


@pytest.fixture(scope="module")
def third_night(two_nights_archive, tmp_path_factory):
    """A copy of the two-night archive whose police site of Sơn La is crawled a third time, as on the first night."""
    from fixtureweb.server import serve
    from fixtureweb.web import build
    from tests.crawlhelp import crawl

    folder = tmp_path_factory.mktemp("third-night")
    shutil.copytree(two_nights_archive["db"].parent, folder, dirs_exist_ok=True)
    db = folder / two_nights_archive["db"].name
    with serve(build()) as server:
        result = crawl(db, server.port, "-s", "ARCHIVE_REVISIT_OLDER_THAN=0", sites=["congan_sonla"])
        assert result.returncode in (0, 3), result.stdout[-2000:] + result.stderr[-3000:]
    from archive.serve import instance

    return {"db": db, "ds": instance(db, state_dir=folder / "state")}


def test_an_article_that_came_back_shows_its_episode(two_nights_archive, third_night):
    back = article_row(third_night["db"], two_nights_archive["changes"]["gone_404"])
    assert back["removed_at"] is None
    conn = sqlite3.connect(third_night["db"])
    [(removed_at, restored_at)] = conn.execute(
        "select removed_at, restored_at from article_removals where article_id = ?", [back["id"]]).fetchall()
    conn.close()
    body = get(third_night["ds"], f"/archive/articles/{back['id']}").text
    assert 'id="vn-removed"' not in body
    assert text_of(element(body, "vn-removals")) == (
        f"Removed from its site Removed on {vietnam_time(removed_at)} GMT+7 — the page answered 404 (Not Found);"
        f" back on {vietnam_time(restored_at)} GMT+7")
    listed = get(third_night["ds"], "/-/removed", restored="1", site="congan_sonla").text
    assert f'href="/archive/articles/{back["id"]}"' in listed and "back on" in listed
    assert f'href="/archive/articles/{back["id"]}"' not in get(third_night["ds"], "/-/removed").text
