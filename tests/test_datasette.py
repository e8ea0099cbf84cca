"""Datasette on the crawled demo archive: search, counts, exports, article pages, archived pages, limits.

In-process (``datasette.client``, the same configuration as ``crawler serve``)
except where the server process itself is the subject (raw request paths).
"""

from __future__ import annotations

import asyncio
import csv
import html
import io
import re
import sqlite3
from collections import Counter

import httpx
import pytest

from crawler.sites import registry
from crawler.vntext import fold
from fixtureweb import SITES
from fixtureweb.corpus import Story, stories
from fixtureweb.web import article_url
from tests.conftest import vietnam_time

AN_NINH = re.compile(r"\ban ninh\b")


@pytest.fixture(scope="module")
def ds(demo_archive, tmp_path_factory):
    from archive.serve import instance

    return instance(demo_archive["db"], state_dir=tmp_path_factory.mktemp("state"))


def get(ds, path: str, **params) -> httpx.Response:
    return asyncio.run(ds.client.get(path, params=params or None))


def fixture_stories() -> list[tuple[str, Story]]:
    """(url, story) for every article of the fixture web, from the corpus rather than the archive."""
    return [(article_url(story), story) for story in stories()]


def folded(*texts: str | None) -> str:
    return fold(" ".join(filter(None, texts)))


def an_ninh_urls() -> set[str]:
    # The title and paragraphs (the sapo is the first paragraph) hold the words side by side;
    # captions and bylines are not searched text.
    return {url for url, story in fixture_stories() if AN_NINH.search(folded(story.title, *story.paragraphs))}


def stored(demo_archive, sql: str, params=()) -> list[tuple]:
    conn = sqlite3.connect(demo_archive["db"])
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_search_an_ninh_returns_the_articles_holding_the_phrase(ds, manifest):
    corpus = fixture_stories()
    assert sorted(url for url, _ in corpus) == sorted(u for site in manifest["sites"].values() for u in site["articles"])
    expected = an_ninh_urls()
    # Near misses stay out: "an toàn" with "Ninh Bình" further on is not the phrase.
    near = {
        url for url, story in corpus
        if url not in expected
        and re.search(r"\ban toan\b", folded(story.title, *story.paragraphs))
        and re.search(r"\bninh\b", folded(story.title, *story.paragraphs))
    }
    assert len(expected) >= 5 and near
    response = get(ds, "/archive/articles.json", _search="an ninh", _shape="array", _col="url", _size="max")
    assert response.status_code == 200, response.text
    assert {row["url"] for row in response.json()} == expected


def test_table_search_counts_every_match_newest_first(ds):
    expected = an_ninh_urls()
    response = get(ds, "/archive/articles.json", _search="an ninh", _size="2", _col="published")
    data = response.json()
    assert data["filtered_table_rows_count"] == len(expected)
    assert data["next"]  # a next page, though search_key is not among the columns asked for
    page = get(ds, "/archive/articles", _search="an ninh", _size="2")
    assert page.status_code == 200
    assert "newest first" in page.text and "sorted by search_key" not in page.text
    assert 'data-column="search_key"' not in page.text
    assert 'id="vn-table-search-note"><a href="/-/search?q=an+ninh">The search page</a>' in page.text


@pytest.mark.parametrize("params", [
    {"_col": "site"}, {"_nocol": "search_key"}, {"_col": "title", "_sort": "title"}, {"_nocol": "published", "_sort_desc": "published"},
])
def test_choosing_columns_never_breaks_the_next_page_link(ds, params):
    for path in ("/archive/articles", "/archive/articles.json"):
        response = get(ds, path, _search="an ninh", _size="2", **params)
        assert response.status_code == 200, (path, params, response.text[:500])
        plain = get(ds, path, _size="2", **params)
        assert plain.status_code == 200, (path, params, plain.text[:500])


def test_facet_by_province_counts(ds, manifest):
    sites = registry()
    expected = Counter(sites[slug].province for slug, site in manifest["sites"].items() for _url in site["articles"])
    assert set(expected) == {"Hà Giang", "Yên Bái", "Sơn La", "Quảng Ninh"}
    facet = get(ds, "/archive/articles.json", _facet="province").json()["facet_results"]["province"]["results"]
    assert {item["value"]: item["count"] for item in facet} == dict(expected)


def vn_date(published: str) -> str:
    """18/08/2022 17:00 from 2022-08-18T17:00:00+07:00, written out here rather than by the code under test."""
    return f"{published[8:10]}/{published[5:7]}/{published[:4]}" + (f" {published[11:16]}" if len(published) > 10 else "")


def test_article_page_is_laid_out_for_reading(demo_archive, ds):
    (article_id, url, title, published, text, author, site_name, province) = stored(
        demo_archive,
        "select a.id, a.url, a.title, a.published, a.text, a.author, s.name, a.province from articles a"
        " join sites s on s.slug = a.site where a.author is not null order by a.id limit 1",
    )[0]
    page = get(ds, f"/archive/articles/{article_id}")
    assert page.status_code == 200
    body = html.unescape(page.text)
    headline = re.search(r'<h1 class="vn-headline">(.*?)</h1>', body, re.S).group(1).strip()
    assert headline == title
    assert vn_date(published) in body and "GMT+7" in body
    assert site_name in body and province in body and author in body
    first_paragraph = text.split("\n")[0]
    assert f"<p>{first_paragraph}</p>" in body or f'<p class="vn-lead">{first_paragraph}</p>' in body
    for link in (f'href="{url}"', f'href="/-/archived/archive/{article_id}"', f'href="/archive/articles/{article_id}?_raw=1"'):
        assert link in body
    assert body.index(vn_date(published)) < body.index(first_paragraph) < body.index("archived original")
    raw = get(ds, f"/archive/articles/{article_id}", _raw="1")
    assert "warc_offset" in raw.text and "content_hash" in raw.text  # the raw row has every column


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
    status, headers = raw_get(datasette_url, "/archive/")
    assert status == 302 and headers["location"] == "/archive"


def test_served_read_only(ds):
    assert get(ds, "/archive.json", sql="delete from articles").status_code >= 400


def test_search_box_understands_vietnamese(ds):
    results = {}
    for query in ["hoa giai", "hòa giải", "hoà giải"]:
        response = get(ds, "/archive/articles.json", _search=query, _shape="array", _col="url", _size="max")
        assert response.status_code == 200, response.text
        results[query] = {row["url"] for row in response.json()}
    assert results["hoa giai"] and results["hoa giai"] == results["hòa giải"] == results["hoà giải"]
    page = get(ds, "/archive/articles", _search="an ninh")
    assert page.status_code == 200 and "_q=an+ninh" in page.text


@pytest.mark.parametrize("query, message", [
    ("-only", "A search needs at least one word that is not excluded with '-'."),
    ('"', "Nothing to search for: type at least one word."),
    ("NOT", "Nothing to search for: type at least one word."),
])
def test_malformed_search_is_a_clear_400(ds, query, message):
    response = get(ds, "/archive/articles.json", _search=query)
    assert response.status_code == 400 and response.text == f"Search error: {message}"
    page = get(ds, "/-/search.json", q=query)
    assert page.status_code == 400 and page.json()["error"] == message


def test_search_page_counts_pages_and_names_sites(ds):
    expected = an_ninh_urls()
    data = get(ds, "/-/search.json", q="an ninh", size="3", order="newest").json()
    assert data["total"] == len(expected)
    assert data == get(ds, "/-/search", q="an ninh", size="3", order="newest", _format="json").json()
    names = dict(stored_sites(ds))
    assert {f["label"] for f in data["facets"]["site"]} <= set(names.values())
    assert sum(f["count"] for f in data["facets"]["site"]) == sum(f["count"] for f in data["facets"]["year"]) == len(expected)
    years = [f["value"] for f in data["facets"]["year"]]
    assert years == sorted(years)
    seen = []
    page = 1
    while True:
        chunk = get(ds, "/-/search.json", q="an ninh", size="3", order="newest", page=str(page)).json()
        seen += [row["url"] for row in chunk["results"]]
        if not chunk["pages"]["next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) and set(seen) == expected
    assert page == -(-len(expected) // 3)


def stored_sites(ds):
    return asyncio.run(ds.get_database("archive").execute("select slug, name from sites")).rows


def test_search_page_filters_combine(demo_archive, ds):
    expected = an_ninh_urls()
    rows = stored(demo_archive, "select a.url, a.province, s.kind, a.published from articles a join sites s on s.slug = a.site")
    info = {url: (province, kind, published) for url, province, kind, published in rows}
    for filters in ({"province": "Yên Bái"}, {"kind": "police"}, {"province": "Yên Bái", "kind": "police"},
                    {"kind": "newspaper", "since": "2021-01-01", "until": "2021-12-31"}, {"unit": "Lào Cai"}):
        want = {u for u in expected
                if info[u][0] == filters.get("province", info[u][0]) and info[u][1] == filters.get("kind", info[u][1])
                and filters.get("since", "0") <= info[u][2][:10] <= filters.get("until", "9")
                and (filters.get("unit") is None or info[u][0] in ("Yên Bái", "Lào Cai"))}
        data = get(ds, "/-/search.json", q="an ninh", size="100", **filters).json()
        assert data["total"] == len(want) and {r["url"] for r in data["results"]} == want, filters


@pytest.mark.parametrize("params, message", [
    ({"year": "abc"}, "Not a year: 'abc' (expected four digits, e.g. 2022)"),
    ({"page": "x"}, "page must be a whole number from 1 to 100000, not 'x'"),
    ({"by": "decade"}, "by must be one of day, week, month, year, not 'decade'"),
    ({"since": "hôm qua"}, "Not a date: 'hôm qua' (expected YYYY-MM-DD)"),
    ({"kind": "blog"}, "Unknown kind of site: 'blog' (one of broadcaster, newspaper, police, portal)"),
])
def test_bad_parameters_answer_400_with_the_reason(ds, params, message):
    for path in ("/-/search.json", "/-/timeline.json"):
        response = get(ds, path, q="an ninh", **params)
        assert response.status_code == 400 and response.json()["error"] == message, (path, response.text)
    assert get(ds, "/-/search", q="an ninh", **params).status_code == 400
    if "year" in params:
        table = get(ds, "/archive/articles", _search="an ninh", **params)
        assert table.status_code == 400 and message in html.unescape(table.text)


def test_exports_hold_every_match(ds):
    expected = an_ninh_urls()
    response = get(ds, "/-/search.csv", q="an ninh")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["url"] for r in rows} == expected and len(rows) == len(expected)
    assert all(r["site_name"] and r["archived_page"].endswith(f"/-/archived/archive/{r['id']}") for r in rows)
    everything = get(ds, "/-/search.json", q="an ninh", _all="1").json()
    assert {r["url"] for r in everything} == expected and len(everything) == len(expected)


def test_timeline_counts_equal_the_corpus(demo_archive, ds):
    expected = an_ninh_urls()
    published = dict(stored(demo_archive, "select url, published from articles"))
    months = Counter(published[u][:7] for u in expected)
    data = get(ds, "/-/timeline.json", q="an ninh", by="month").json()
    series = data["series"][0]
    assert {p: n for p, n in zip(data["periods"], series["counts"]) if n} == dict(months)
    everything = Counter(p[:7] for p in published.values())
    assert all(series["totals"][i] == everything.get(p, 0) for i, p in enumerate(data["periods"]))
    table = list(csv.reader(io.StringIO(get(ds, "/-/timeline.csv", q="an ninh", by="month").text)))
    assert table[0] == ["period", "series", "articles", "all_articles", "share"]
    assert {r[0]: int(r[2]) for r in table[1:] if int(r[2])} == dict(months)
    split = get(ds, "/-/timeline.json", q="an ninh", by="year", split="kind").json()
    assert sum(s["total"] for s in split["series"]) == len(expected)
    compared = get(ds, "/-/timeline.json", q="an ninh", vs="hoa giai", by="year").json()
    assert [s["name"] for s in compared["series"]] == ["an ninh", "hoa giai"]


def test_archived_page_stays_on_the_instance(demo_archive, ds):
    from lxml import html as lhtml

    from archive.warc import read_record

    article_id, url, warc_file, offset = stored(
        demo_archive, "select id, url, warc_file, warc_offset from articles order by id limit 1")[0]
    response = get(ds, f"/-/archived/archive/{article_id}")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert policy.startswith("sandbox; default-src 'none'") and "img-src 'self' data:" in policy
    original = read_record(demo_archive["db"].parent / "warc" / warc_file, offset)
    assert b"<script" in original.body.lower() or b"http" in original.body  # the capture has things to neutralise
    doc = lhtml.fromstring(response.content)
    banner = doc.get_element_by_id("vn-archive-banner").text_content()
    assert original.uri in banner and warc_file in banner and "GMT+7" in banner
    assert not doc.xpath("//script | //iframe | //base")
    for element in doc.iter():
        for name, value in element.attrib.items():
            if name in ("src", "href", "srcset", "poster", "action", "data-src") or "url(" in value:
                assert value.startswith(("/", "#")) or "url()" in value, (element.tag, name, value)
    assert get(ds, "/-/archived/archive/99999999999999999999999").status_code == 404
    assert get(ds, f"/-/archived/archive/{article_id + 10**6}").status_code == 404


def test_archived_images_and_styles_come_from_the_warc(demo_archive, tmp_path):
    """A page's logo and stylesheet, archived, are served from this instance; other references are dropped."""
    import shutil

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from archive.serve import instance
    from archive.warc import read_record

    db = tmp_path / "archive.db"
    shutil.copy(demo_archive["db"], db)
    shutil.copytree(demo_archive["db"].parent / "warc", tmp_path / "warc")
    conn = sqlite3.connect(db)
    article_id, warc_file, offset = conn.execute(
        "select id, warc_file, warc_offset from articles where site = 'baohagiang' order by id limit 1").fetchone()
    page = read_record(tmp_path / "warc" / warc_file, offset)
    resources = {"/Content/images/logo.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
                 "/Content/css/style.min.css": ("text/css", b"body{margin:0}")}
    path = tmp_path / "warc" / "resources.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, (local, (content_type, body)) in enumerate(resources.items()):
            uri = "https://baohagiang.vn" + local
            at = fh.tell()
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
            conn.execute("insert into captures (id, uri, status, date, warc_file, warc_offset) values (?, ?, 200, ?, ?, ?)",
                         [9000 + i, uri, "2026-01-01T00:00:00Z", path.name, at])
    conn.commit()
    conn.close()
    local_ds = instance(db, state_dir=tmp_path / "state")
    body = get(local_ds, f"/-/archived/archive/{article_id}").text
    assert b"/Content/images/logo.png" in page.body
    assert 'src="/-/archived/archive/capture/9000"' in body and 'href="/-/archived/archive/capture/9001"' in body
    image = get(local_ds, "/-/archived/archive/capture/9000")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content == resources["/Content/images/logo.png"][1]
    assert "/Scripts/jquery.min.js" not in body  # scripts are dropped, never fetched


def test_archived_page_view_reads_a_warc_folder_kept_elsewhere(demo_archive, tmp_path):
    import shutil

    from archive.serve import instance

    db = tmp_path / "published" / "archive.db"
    db.parent.mkdir()
    shutil.copy(demo_archive["db"], db)
    shutil.copytree(demo_archive["db"].parent / "warc", tmp_path / "records")
    response = get(instance(db, warc_dir=tmp_path / "records", state_dir=tmp_path / "state"), "/-/archived/archive/1")
    assert response.status_code == 200 and response.headers["content-security-policy"].startswith("sandbox;")


def test_health_page_shows_the_last_run(ds):
    response = get(ds, "/-/health", _format="json")
    assert response.status_code == 200
    data = response.json()
    assert set(data["run"]["stats"]) >= {"baohagiang", "quangninh_portal"}
    assert data["flags"] == []
    # How every URL ended, by reason: each fixture site has exactly one link to a page that answers 404.
    failed = {(r["site"], r["reason"]): r["count"] for r in data["url_states"] if r["state"] == "failed"}
    assert failed == {(site, "http-404"): 1 for site in SITES}
    stored = {r["site"]: r["count"] for r in data["url_states"] if r["state"] == "stored"}
    assert all(stored[site] >= 8 for site in SITES)
    page = get(ds, "/-/health")
    assert "How every URL ended" in page.text and "http-404" in page.text
    # The run's times in Vietnam time, as every other page shows times (stored in UTC).
    assert f"started {vietnam_time(data['run']['started'])} GMT+7" in page.text


def test_readers_see_no_internals(ds):
    tables = {t["name"]: t["hidden"] for t in get(ds, "/archive.json").json()["tables"]}
    for internal in ("_sqlite_migrations", "frontier", "http_validators", "archive_meta", "captures"):
        assert tables.get(internal, True), internal
    assert not tables["articles"] and not tables["sites"]
    database = get(ds, "/archive").text
    assert "select * from articles" in database and "_sqlite_migrations" not in database
    table = get(ds, "/archive/articles").text
    for column in ("search_key", "warc_offset", "content_hash", "extractor_version"):
        assert f'data-column="{column}"' not in table
    runs = get(ds, "/archive/runs").text
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d GMT\+7", runs) and not re.search(r">\d{4}-\d\d-\d\dT", runs)


def test_canned_queries_count_every_article(demo_archive, ds):
    expected = Counter((province, published[:7]) for province, published in
                       stored(demo_archive, "select province, published from articles"))
    rows = get(ds, "/archive/articles_per_province_per_month.json", _shape="array", since="", until="").json()
    assert {(r["province"], r["month"]): r["articles"] for r in rows} == dict(expected)
    sources = Counter(site for (site,) in stored(demo_archive, "select s.name from articles a join sites s on s.slug = a.site"))
    rows = get(ds, "/archive/most_active_sources.json", _shape="array", since="", until="").json()
    assert {r["site"]: r["articles"] for r in rows} == dict(sources)
    units = get(ds, "/archive/articles_per_unit_per_month.json", _shape="array", since="2021-01-01", until="").json()
    assert sum(r["articles"] for r in units) == sum(n for (p, m), n in expected.items() if m >= "2021-01")


def test_one_request_cannot_hold_the_server(ds):
    for sql, message in [("select randomblob(1000000000)", "string or blob too big"),
                         ("select printf('%.*c', 1000000000, 'x')", "string or blob too big"),
                         ("select length(zeroblob(2000000000))", "string or blob too big")]:
        response = get(ds, "/archive.json", sql=sql)
        assert response.status_code == 400 and response.json()["error"] == message, sql
    assert get(ds, "/archive.json", sql="select printf('%d articles', 5) as x", _shape="array").json() == [{"x": "5 articles"}]
    many = " OR ".join(["an ninh", "của", "và", "trong"] * 125)
    response = get(ds, "/-/search.json", q=many)
    assert response.status_code == 400 and response.json()["error"].startswith("Too many phrases (500)")


def test_table_csv_export_holds_every_match(ds):
    expected = an_ninh_urls()
    response = get(ds, "/archive/articles.csv", _search="an ninh", _size="2")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.status_code == 200 and {r["url"] for r in rows} == expected


def test_memory_and_story_queries_answer(ds):
    for name, params in (("articles_of_a_story", {"story_id": "1"}), ("changed_articles", {}),
                         ("removed_articles", {})):
        response = get(ds, f"/archive/{name}.json", _shape="objects", **params)
        assert response.status_code == 200, (name, response.text[:500])
    [origin] = get(ds, "/archive/articles_of_a_story.json", _shape="objects", story_id="1").json()["rows"]
    assert origin["id"] == 1 and origin["origin"] == 1


@pytest.mark.parametrize("path", [
    "/archive/articles/1/versions",  # deeper than any page: no route matches
    "/archive/articles/1/versions.json",
    "/a/b/c/d/e",
])
def test_an_address_no_page_answers_is_a_404_not_a_500(ds, path):
    response = get(ds, path)
    assert response.status_code == 404, (path, response.status_code, response.text[:300])
