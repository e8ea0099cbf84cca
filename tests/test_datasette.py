"""Datasette over HTTP on the crawled archive: search, facets, and no open redirect."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

import httpx

from crawler.sites import registry
from crawler.vntext import fold
from fixtureweb.corpus import Story, stories
from fixtureweb.web import article_url


AN_NINH = re.compile(r"\ban ninh\b")


def fixture_stories() -> list[tuple[str, Story]]:
    """(url, story) for every article of the fixture web, from the corpus rather than the archive."""
    return [(article_url(story), story) for story in stories()]


def folded(*texts: str | None) -> str:
    return fold(" ".join(filter(None, texts)))


def test_search_an_ninh_returns_the_articles_holding_the_phrase(datasette_url, manifest):
    # Expected from the corpus: the title and paragraphs (the sapo is the first paragraph)
    # hold the words "an ninh" side by side; captions and bylines are not searched text.
    corpus = fixture_stories()
    assert sorted(url for url, _ in corpus) == sorted(u for site in manifest["sites"].values() for u in site["articles"])
    expected = {url for url, story in corpus if AN_NINH.search(folded(story.title, *story.paragraphs))}
    # Near misses stay out: "an toàn" with "Ninh Bình" further on is not the phrase.
    near = {
        url for url, story in corpus
        if url not in expected
        and re.search(r"\ban toan\b", folded(story.title, *story.paragraphs))
        and re.search(r"\bninh\b", folded(story.title, *story.paragraphs))
    }
    assert len(expected) >= 5 and near  # the fixture web has articles about an ninh, and near misses
    response = httpx.get(
        f"{datasette_url}/archive/articles.json",
        params={"_search": "an ninh", "_shape": "array", "_col": "url", "_size": "max"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert {row["url"] for row in response.json()} == expected


def test_facet_by_province_counts(datasette_url, manifest):
    sites = registry()
    expected = Counter(sites[slug].province for slug, site in manifest["sites"].items() for _url in site["articles"])
    assert set(expected) == {"Hà Giang", "Yên Bái", "Sơn La", "Quảng Ninh"}
    response = httpx.get(f"{datasette_url}/archive/articles.json", params={"_facet": "province"}, timeout=30)
    assert response.status_code == 200
    facet = response.json()["facet_results"]["province"]["results"]
    assert {item["value"]: item["count"] for item in facet} == dict(expected)


def test_article_page_shows_title_date_link_and_text(demo_archive, datasette_url):
    conn = sqlite3.connect(demo_archive["db"])
    article_id, url, title, published, text = conn.execute(
        "select id, url, title, published, text from articles order by id limit 1"
    ).fetchone()
    conn.close()
    page = httpx.get(f"{datasette_url}/archive/articles/{article_id}", timeout=30).text
    import html

    page = html.unescape(page)
    assert title in page and published in page and url in page
    assert text.split("\n")[0][:200] in page


def raw_get(base: str, path: str) -> tuple[int, dict]:
    """GET with the path sent byte for byte (HTTP clients would escape the backslash)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split()[1]), {k.lower(): v for k, v in headers.items()}


def test_no_open_redirect(datasette_url):
    # Datasette 0.65.5 alone answers the first one with `302 Location: /\example.com` (#2680).
    for path in ["/\\example.com/", "/\\example.com/archive/", "//example.com/", "/%5Cexample.com/"]:
        status, headers = raw_get(datasette_url, path)
        location = headers.get("location", "")
        assert not location.startswith(("//", "/\\")), (path, status, location)
        assert "example.com" not in location, (path, status, location)
    status, _ = raw_get(datasette_url, "/\\example.com/")
    assert status == 404
    # Ordinary trailing-slash redirects inside the instance still work.
    status, headers = raw_get(datasette_url, "/archive/")
    assert status == 302 and headers["location"] == "/archive"


def test_served_read_only(datasette_url):
    response = httpx.get(
        f"{datasette_url}/archive.json", params={"sql": "delete from articles"}, timeout=10
    )
    assert response.status_code >= 400


def test_search_box_understands_vietnamese(demo_archive, datasette_url):
    # Typed without accents, with old and new tone placement: the same articles.
    results = {}
    for query in ["hoa giai", "hòa giải", "hoà giải"]:
        response = httpx.get(
            f"{datasette_url}/archive/articles.json",
            params={"_search": query, "_shape": "array", "_col": "url", "_size": "max"},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        results[query] = {row["url"] for row in response.json()}
    assert results["hoa giai"] and results["hoa giai"] == results["hòa giải"] == results["hoà giải"]
    page = httpx.get(f"{datasette_url}/archive/articles", params={"_search": "an ninh"}, timeout=30)
    assert page.status_code == 200
    assert 'value="an ninh"' in page.text or "_q=an+ninh" in page.text


def test_malformed_search_is_a_clear_400_not_a_500(datasette_url):
    for query in ['-only', '"', "NOT"]:
        response = httpx.get(f"{datasette_url}/archive/articles.json", params={"_search": query}, timeout=30)
        assert response.status_code in (200, 400), (query, response.status_code)
        if response.status_code == 400:
            assert "Search error" in response.text


def test_search_page_lists_ranked_results_with_facets(demo_archive, datasette_url):
    response = httpx.get(f"{datasette_url}/-/search", params={"q": "an ninh", "_format": "json"}, timeout=30)
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == len(data["results"]) > 0
    assert all("<mark>" in row["snippet"] for row in data["results"])
    assert {f["value"] for f in data["facets"]["province"]} <= {"Hà Giang", "Yên Bái", "Sơn La", "Quảng Ninh"}
    assert sum(f["count"] for f in data["facets"]["site"]) == data["total"]
    html_page = httpx.get(f"{datasette_url}/-/search", params={"q": "an ninh", "province": "Hà Giang"}, timeout=30)
    assert html_page.status_code == 200 and "<mark>" in html_page.text


def test_archived_page_is_served_sandboxed_with_original_bytes(demo_archive, datasette_url):
    from archive.warc import read_record

    conn = sqlite3.connect(demo_archive["db"])
    article_id, warc_file, offset = conn.execute("select id, warc_file, warc_offset from articles order by id limit 1").fetchone()
    conn.close()
    response = httpx.get(f"{datasette_url}/-/archived/archive/{article_id}", timeout=30)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.content == read_record(demo_archive["db"].parent / "warc" / warc_file, offset).body
    row_page = httpx.get(f"{datasette_url}/archive/articles/{article_id}", timeout=30).text
    assert f"/-/archived/archive/{article_id}" in row_page


def test_archived_page_view_reads_a_warc_folder_kept_elsewhere(demo_archive, tmp_path):
    import shutil

    from tests.conftest import start_datasette

    db = tmp_path / "published" / "archive.db"
    db.parent.mkdir()
    shutil.copy(demo_archive["db"], db)
    shutil.copytree(demo_archive["db"].parent / "warc", tmp_path / "records")
    process, base = start_datasette(db, "--warc-dir", str(tmp_path / "records"))
    try:
        response = httpx.get(f"{base}/-/archived/archive/1", timeout=30)
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert response.status_code == 200 and response.headers["content-security-policy"] == "sandbox"


def test_health_page_shows_the_last_run(demo_archive, datasette_url):
    response = httpx.get(f"{datasette_url}/-/health", params={"_format": "json"}, timeout=30)
    assert response.status_code == 200
    data = response.json()
    assert set(data["run"]["stats"]) >= {"baohagiang", "quangninh_portal"}
    assert data["flags"] == []


def test_table_search_lists_newest_first_unless_asked_otherwise(datasette_url):
    params = {"_search": "an ninh", "_shape": "array", "_col": "published", "_size": "max"}
    newest = httpx.get(f"{datasette_url}/archive/articles.json", params=params, timeout=30).json()
    published = [row["published"] for row in newest]
    assert len(published) >= 5 and published == sorted(published, reverse=True)
    by_title = httpx.get(f"{datasette_url}/archive/articles.json", params=dict(params, _col="title", _sort="title"), timeout=30)
    titles = [row["title"] for row in by_title.json()]
    assert titles == sorted(titles) and len(titles) == len(published)


def test_table_search_admits_the_newest_window_and_says_so(demo_archive, monkeypatch, tmp_path):
    import asyncio

    import yaml
    from datasette.app import Datasette

    from archive import search as archive_search
    from archive.serve import PLUGINS, TEMPLATES, metadata_for

    db = demo_archive["db"]
    metadata = yaml.safe_load(metadata_for(db, tmp_path).read_text(encoding="utf-8"))
    datasette = Datasette([str(db)], metadata=metadata, plugins_dir=str(PLUGINS), template_dir=str(TEMPLATES))
    monkeypatch.setattr(archive_search, "WINDOW", 3)

    async def table(**params):
        response = await datasette.client.get("/archive/articles.json", params={"_search": "an ninh", **params})
        assert response.status_code == 200, response.text
        return response.json()

    limited, every = asyncio.run(table()), asyncio.run(table(_all="1"))
    assert limited["filtered_table_rows_count"] == 3 < every["filtered_table_rows_count"]
    assert "the newest 3 matches; add &_all=1" in limited["human_description_en"]
    newest = [row[0] for row in every["rows"]][:3]
    assert [row[0] for row in limited["rows"]] == newest
    # A province filter is applied by the index: the newest matches in that province.
    hagiang = asyncio.run(table(province="Hà Giang", _all="1"))
    assert 0 < hagiang["filtered_table_rows_count"] < every["filtered_table_rows_count"]
    assert asyncio.run(table(province="Hà Giang"))["filtered_table_rows_count"] == min(3, hagiang["filtered_table_rows_count"])
