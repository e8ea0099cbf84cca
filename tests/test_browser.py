"""The search page, chart, exports, article page and archived page in a real browser.

Headless Chromium from Debian (/usr/bin/chromium, `apt-get install chromium`),
driven by Playwright (PyPI); no browser is downloaded. `.ci/run` installs both.
Run alone with `./run test tests/test_browser.py`.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import sqlite3
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
AN_NINH = re.compile(r"\ban ninh\b")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - CI installs it
    sync_playwright = None

from tests.conftest import article_row, start_datasette, vietnam_time

pytestmark = pytest.mark.skipif(
    not os.environ.get("CI") and (sync_playwright is None or not CHROMIUM.exists()),
    reason="needs Playwright and Debian's chromium (bash .ci/run installs both)",
)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, datasette_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def an_ninh_urls() -> set[str]:
    from fixtureweb.corpus import stories
    from fixtureweb.web import article_url
    from crawler.vntext import fold

    return {article_url(s) for s in stories() if AN_NINH.search(fold(" ".join([s.title, *s.paragraphs])))}


def stored(demo_archive, sql: str) -> list[tuple]:
    conn = sqlite3.connect(demo_archive["db"])
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def search_for(page, base: str, query: str) -> None:
    page.goto(f"{base}/-/search")
    page.fill("#vn-q", query)
    page.press("#vn-q", "Enter")
    page.wait_for_selector("#vn-summary")


def test_search_shows_every_match_and_each_hit_links_three_ways(page, datasette_url):
    expected = an_ninh_urls()
    search_for(page, datasette_url, "an ninh")
    assert page.inner_text("#vn-total") == str(len(expected))
    hits = page.locator(".vn-hit")
    assert hits.count() == len(expected) <= 20
    for i in range(hits.count()):
        links = hits.nth(i).locator(".vn-hit-links a")
        assert [links.nth(j).inner_text() for j in range(links.count())] == ["source ↗", "archived original", "raw metadata"]
    assert {hits.nth(i).locator(".vn-hit-links a").first.get_attribute("href") for i in range(hits.count())} == expected


def test_filters_combine_and_come_off_one_at_a_time(page, datasette_url, demo_archive):
    rows = stored(demo_archive, "select a.url, a.province, s.kind from articles a join sites s on s.slug = a.site")
    info = {url: (province, kind) for url, province, kind in rows}
    expected = an_ninh_urls()
    search_for(page, datasette_url, "an ninh")
    page.click(".vn-facet[data-facet='kind'] a:text-is('police')")
    page.wait_for_selector(".vn-active-filters")
    page.click(".vn-facet[data-facet='province'] summary")
    page.click(".vn-facet[data-facet='province'] a:text-is('Yên Bái')")
    page.wait_for_load_state()
    both = {u for u in expected if info[u] == ("Yên Bái", "police")}
    assert 0 < len(both) < len(expected)
    assert page.inner_text("#vn-total") == str(len(both))
    shown = {page.locator(".vn-hit").nth(i).locator(".vn-hit-links a").first.get_attribute("href")
             for i in range(page.locator(".vn-hit").count())}
    assert shown == both
    page.click("a[aria-label='Remove kind']")
    page.wait_for_load_state()
    assert page.inner_text("#vn-total") == str(sum(1 for u in expected if info[u][0] == "Yên Bái"))
    assert "province: Yên Bái" in page.inner_text(".vn-active-filters")


def test_paging_walks_every_match(page, datasette_url):
    expected = an_ninh_urls()
    page.goto(f"{datasette_url}/-/search?q=an+ninh&order=newest&size=3")
    seen = []
    while True:
        hits = page.locator(".vn-hit .vn-hit-links a:text-is('source ↗')")
        seen += [hits.nth(i).get_attribute("href") for i in range(hits.count())]
        if page.locator("a[rel=next]").count() == 0:
            break
        page.click("a[rel=next]")
        page.wait_for_load_state()
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    page.click("a[rel=prev]")
    page.wait_for_load_state()
    assert "page=" in page.url or page.url.endswith("size=3")


def test_chart_draws_the_counts_per_month(page, datasette_url, demo_archive):
    expected = an_ninh_urls()
    published = dict(stored(demo_archive, "select url, published from articles"))
    months = Counter(published[u][:7] for u in expected)
    page.goto(f"{datasette_url}/-/search?q=an+ninh&by=month")
    page.wait_for_selector("#vn-chart-canvas[data-rendered='1']")
    chart = page.evaluate("() => { const c = Chart.getChart('vn-chart-canvas'); "
                          "return {labels: c.data.labels, data: c.data.datasets[0].data}; }")
    assert {label: n for label, n in zip(chart["labels"], chart["data"]) if n} == dict(months)
    assert chart["labels"] == sorted(chart["labels"])
    assert all(url.startswith(datasette_url) for url in page.requests)  # the chart library is bundled


def test_csv_export_holds_every_match(page, datasette_url, tmp_path):
    expected = an_ninh_urls()
    search_for(page, datasette_url, "an ninh")
    with page.expect_download() as download:
        page.click("#vn-csv")
    path = tmp_path / "search.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == len(expected) and {r["url"] for r in rows} == expected


def test_article_page_reads_like_an_article(page, datasette_url, demo_archive):
    article_id, title, published = stored(demo_archive, "select id, title, published from articles order by id limit 1")[0]
    page.goto(f"{datasette_url}/archive/articles/{article_id}")
    assert page.inner_text("h1.vn-headline") == title
    day = f"{published[8:10]}/{published[5:7]}/{published[:4]} {published[11:16]}"
    assert day in page.inner_text(".vn-byline")
    text_box = page.locator(".vn-text").bounding_box()
    assert text_box["width"] > 500  # a column to read, not a table cell
    links = page.locator(".vn-links a")
    assert [links.nth(i).inner_text() for i in range(links.count())][:3] == ["source ↗", "archived original", "raw metadata"]
    links_box = page.locator(".vn-links").bounding_box()
    assert links_box["y"] > page.locator(".vn-text").bounding_box()["y"]  # after the text, as a reader meets them
    assert links_box["x"] + links_box["width"] <= 1366  # in the page's column, not far to the right


@pytest.mark.parametrize("path", ["/-/search?q=an+ninh", "/archive/articles/1", "/-/health?database=archive",
                                  "/archive/articles", "/archive/sites"])
def test_the_readers_pages_fit_a_phone(page, datasette_url, path):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(datasette_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_archived_page_makes_no_request_off_the_instance(page, datasette_url, demo_archive):
    article_id, uri = stored(demo_archive, "select id, url from articles where site = 'congan_yenbai' order by id limit 1")[0]
    response = page.goto(f"{datasette_url}/-/archived/archive/{article_id}")
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert "Archived copy, captured" in page.inner_text("#vn-archive-banner")
    assert page.requests and all(url.startswith(datasette_url) for url in page.requests), page.requests
    links = page.locator("a[href]")
    assert all((links.nth(i).get_attribute("href") or "").startswith(("/", "#")) for i in range(links.count()))


def test_decomposed_query_finds_what_the_composed_one_does(page, datasette_url):
    composed = "Đảng bộ"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    results = {}
    for query in (composed, decomposed):
        search_for(page, datasette_url, query)
        titles = page.locator(".vn-hit-title")
        results[query] = (page.inner_text("#vn-total"), [titles.nth(i).inner_text() for i in range(titles.count())])
    assert results[composed][0] != "0" and results[composed] == results[decomposed]


def test_chromium_is_debians(browser):
    assert shutil.which(str(CHROMIUM)) and browser.version


# --- The archive's memory: the fixture web crawled over two nights (fixtureweb/nights.py) ---------------------------

SCREENS = os.environ.get("ARCHIVE_SCREENSHOTS")  # a folder: the memory pages are saved there at both widths
WIDTHS = (1366, 390)


@pytest.fixture(scope="module")
def memory_url(two_nights_archive):
    process, base = start_datasette(two_nights_archive["db"])
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def memory_tab(browser, memory_url):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def at_both_widths(tab, base: str, name: str) -> None:
    """Nothing wider than a desktop or a phone screen; saved as NAME-WIDTH.png when ARCHIVE_SCREENSHOTS is set."""
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        if SCREENS:
            Path(SCREENS).mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(Path(SCREENS) / f"{name}-{width}.png"), full_page=True)
    tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
    assert tab.requests and all(url.startswith(base) for url in tab.requests), tab.requests


def test_edited_article_shows_both_versions_and_the_changed_words(memory_tab, memory_url, two_nights_archive):
    edited = two_nights_archive["changes"]["edited"]
    article = article_row(two_nights_archive["db"], edited["url"])
    memory_tab.goto(f"{memory_url}/archive/articles/{article['id']}")
    assert memory_tab.inner_text("h1.vn-headline") == edited["title_after"]
    memory_tab.click("#vn-changed-note a")
    assert memory_tab.url.endswith("#vn-versions")
    headings = memory_tab.locator("#vn-versions h3")
    assert [headings.nth(i).inner_text().split("\n")[0].split(" shown")[0] for i in range(headings.count())] == [
        "Version 2", "Version 1"]
    # What the second night added: words at the end of the title, a sentence at the end of one paragraph.
    before, after = next((b, a) for b, a in zip(edited["before"], edited["after"]) if b != a)
    added = [edited["title_after"][len(edited["title_before"]):].strip(), after[len(before):].strip()]
    inserted = memory_tab.locator("#vn-version-2 ins")
    assert [inserted.nth(i).inner_text() for i in range(inserted.count())] == added
    assert memory_tab.locator("#vn-version-2 del").count() == 0
    style = inserted.first.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).textDecorationLine]")
    assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent") and "underline" in style[1]
    assert "line-through" in memory_tab.locator(".vn-legend del").evaluate("e => getComputedStyle(e).textDecorationLine")
    at_both_widths(memory_tab, memory_url, "article-versions")
    memory_tab.click("#vn-version-1 a.vn-version-archived")
    memory_tab.wait_for_selector("#vn-archive-banner")
    assert memory_tab.url.endswith(f"/-/archived/archive/{article['id']}/version/1")
    assert edited["title_before"] in memory_tab.title() + memory_tab.inner_text("body")
    assert edited["title_after"] not in memory_tab.inner_text("body")
    assert all(url.startswith(memory_url) for url in memory_tab.requests), memory_tab.requests


def test_removed_article_shows_its_mark_and_status(memory_tab, memory_url, two_nights_archive):
    article = article_row(two_nights_archive["db"], two_nights_archive["changes"]["gone_410"])
    memory_tab.goto(f"{memory_url}/archive/articles/{article['id']}")
    mark = memory_tab.inner_text("#vn-removed")
    assert mark.startswith(f"Removed on {vietnam_time(article['removed_at'])} GMT+7 — the page answered 410"), mark
    top = memory_tab.locator("#vn-removed").bounding_box()["y"]
    assert top < memory_tab.locator(".vn-text").bounding_box()["y"]  # met before the text
    at_both_widths(memory_tab, memory_url, "removed-article")
    search_for(memory_tab, memory_url, article["title"])
    hit = memory_tab.locator(".vn-hit", has=memory_tab.locator(f"a[href='{article['url']}']"))
    assert hit.locator(".vn-removed-mark").inner_text().startswith(f"Removed on {vietnam_time(article['removed_at'])}")


def test_story_page_lists_the_copies_in_time_order_origin_first(memory_tab, memory_url, two_nights_archive):
    republished = two_nights_archive["changes"]["republished"]
    origin = article_row(two_nights_archive["db"], republished["origin"])
    copies = [article_row(two_nights_archive["db"], url) for url in republished["copies"]]
    memory_tab.goto(f"{memory_url}/archive/articles/{copies[-1]['id']}")
    memory_tab.click("#vn-story-link")
    memory_tab.wait_for_selector("#vn-story-copies")
    assert memory_tab.url == f"{memory_url}/-/story/archive/{origin['id']}"
    listed = memory_tab.locator(".vn-story-copy")
    # Both copies appeared the second night; nights.py lists them in publication order (09:00, 15:30).
    assert [int(listed.nth(i).get_attribute("data-article")) for i in range(listed.count())] == [
        origin["id"], *(c["id"] for c in copies)]
    assert [listed.nth(i).locator(".vn-badge-origin").count() for i in range(listed.count())] == [1, 0, 0]
    for i in (1, 2):
        listed.nth(i).locator(".vn-copy-diff > summary").click()
        assert listed.nth(i).locator(".vn-copy-diff ins").first.is_visible()
    # Opening one copy's edits leaves the other's open (Datasette closes open menus on a click elsewhere).
    assert [listed.nth(i).locator(".vn-copy-diff").evaluate("d => d.open") for i in (1, 2)] == [True, True]
    at_both_widths(memory_tab, memory_url, "story")
    listed.nth(0).locator("a.vn-copy-title").click()
    assert memory_tab.url == f"{memory_url}/archive/articles/{origin['id']}"
    assert memory_tab.locator("#vn-story .vn-copies li").count() == len(copies)
