"""`crawler probe` against the fixture web: every site design, as a maintainer runs it on a real site.

The probe runs as a user runs it (`python -m crawler probe URL --json`), its
requests sent to the fixture web by the host-mapping download handler. What it
must find comes from the designs (fixtureweb/designs/*.py) and the fixture
web's manifest: the article URLs, the listings, the feeds and sitemaps each
design serves, and the platform each design copies.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fixtureweb.designs import paginated
from fixtureweb.server import crawl_settings, serve
from fixtureweb.web import build

pytestmark = pytest.mark.crawl
ROOT = Path(__file__).resolve().parents[1]

# design: (the fixture site, its home page, the platform it copies, its feeds, its sitemaps, its pagination shape)
DESIGNS = {
    "newspaper": ("baohagiang", "https://baohagiang.vn/", "month_folder", ["https://baohagiang.vn/rss/tin-moi.rss"],
                  ["https://baohagiang.vn/sitemap.xml"], "/an-ninh-quoc-phong/?page=N"),
    "aspnet": ("baoyenbai", "https://baoyenbai.com.vn/", "aspnet_news", ["https://baoyenbai.com.vn/RSS/Trang-chu.rss"],
               [], "/12/Quoc-phong-An-ninh.aspx?page=N"),
    "sharepoint": ("quangninh_portal", "https://www.quangninh.gov.vn/", "sharepoint",
                   ["https://www.quangninh.gov.vn/Trang/RSS.aspx?cm=tintuc"], [], "/Trang/TinTuc.aspx?cm=tintuc&Page=N"),
    "wordpress": ("congan_sonla", "https://congan.sonla.gov.vn/", "wordpress", ["https://congan.sonla.gov.vn/feed/"],
                  ["https://congan.sonla.gov.vn/wp-sitemap.xml", "https://congan.sonla.gov.vn/wp-sitemap-posts-post-1.xml"],
                  "/tin-tuc/page/N/"),
    "paginated": ("phantrang", "https://phan-trang.test/", None, [], [], "/?trang=N"),
}
PAGINATED_ARTICLES = 60


def probe_command(url: str, port: int, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "crawler", "probe", url, *extra]
    for key, value in crawl_settings(port).items():
        args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
    return args


@pytest.fixture(scope="module")
def probed():
    """Each design probed once: design → (the probe's JSON, what the fixture web says of that site)."""
    web = build()
    manifest = web.manifest["sites"]
    paginated.build(PAGINATED_ARTICLES, web)
    manifest["phantrang"] = {"articles": web.manifest["articles"], "listings": web.manifest["listings"],
                             "not_articles": [], "listing": paginated.listing_url(2)}
    found = {}
    with serve(web) as server:
        for design, (slug, home, *_rest) in DESIGNS.items():
            result = subprocess.run(probe_command(home, server.port, "--json"), cwd=ROOT, capture_output=True,
                                    text=True, timeout=300)
            assert result.returncode == 0, result.stderr[-3000:]
            found[design] = (json.loads(result.stdout), manifest[slug])
    return found


@pytest.mark.parametrize("design", DESIGNS)
def test_the_probe_proposes_the_design_s_article_pattern(probed, design):
    report, site = probed[design]
    if design == "wordpress":
        # /<slug>/ is both an article and a category: the page's metadata must decide, as the registry has it.
        assert report["article_pattern"] is None and "metadata" in report["pattern_why"]
        return
    pattern = re.compile(report["article_pattern"])
    assert [url for url in site["articles"] if not pattern.search(url)] == []
    not_articles = site["not_articles"] + [site["listing"]] + site.get("listings", [])
    assert [url for url in not_articles if pattern.search(url)] == []


@pytest.mark.parametrize("design", DESIGNS)
def test_the_probe_names_the_platform_the_design_copies(probed, design):
    report, _site = probed[design]
    assert report["profile"] == DESIGNS[design][2], report["profile_why"]


@pytest.mark.parametrize("design", DESIGNS)
def test_the_probe_finds_feeds_sitemaps_listings_and_pagination(probed, design):
    report, site = probed[design]
    _slug, _home, _profile, feeds, sitemaps, pagination = DESIGNS[design]
    assert (report["feeds"], report["sitemaps"]) == (feeds, sitemaps)
    assert site["listing"] in report["listings"]
    assert pagination in report["pagination"]


@pytest.mark.parametrize("design", DESIGNS)
def test_the_probe_keeps_article_pages_with_their_fetch_date(probed, design):
    report, site = probed[design]
    assert len(report["saved"]) == 2
    assert {page["url"] for page in report["saved"]} <= set(site["articles"])
    assert all(page["fetched"].endswith("+00:00") for page in report["saved"])


def test_a_home_page_that_does_not_answer_is_one_line(tmp_path):
    with serve(build()) as server:
        result = subprocess.run(probe_command("https://baohagiang.vn/khong-co-trang-nay/", server.port), cwd=ROOT,
                                capture_output=True, text=True, timeout=300)
        bad = subprocess.run(probe_command("baohagiang.vn", server.port), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: https://baohagiang.vn/khong-co-trang-nay/: the home page did not answer (http-404)"
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "http:// or https://" in bad.stderr
