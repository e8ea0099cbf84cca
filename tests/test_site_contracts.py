"""One contract test for every registered site: its saved pages extract to their expected values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.pagedates import page_date
from crawler.extract import extract_article
from crawler.sites import RegistryError, registry

SITES = Path(__file__).parent / "sites"


def saved_pages(slug: str) -> list[tuple[Path, dict]]:
    return [
        (path.with_suffix(".html"), json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((SITES / slug).glob("*.json"))
    ]


@pytest.mark.parametrize("slug", sorted(registry()))
def test_site_contract(slug):
    site = registry()[slug]
    pages = saved_pages(slug)
    assert pages, (
        f"site '{slug}' has no saved page: save one of its article pages as tests/sites/{slug}/<name>.html "
        f"with expected values in tests/sites/{slug}/<name>.json (see tests/sites/README.md)"
    )
    for html_path, expected in pages:
        assert html_path.exists(), f"{html_path} is missing for {html_path.with_suffix('.json')}"
        assert expected.get("checked", True), (
            f"{html_path.with_suffix('.json')} holds values the extractor found (crawler new-site): "
            "read them against the page, correct them, and set \"checked\": true"
        )
        html = html_path.read_bytes()
        article = extract_article(html, expected["url"], site)
        assert article.title == expected["title"], html_path.name
        assert article.author == expected["author"], html_path.name
        if "captions" in expected:
            assert article.captions == expected["captions"], html_path.name
        for sentence in expected["text_contains"]:
            assert sentence in article.text, (html_path.name, sentence)
        for unwanted in expected["text_excludes"]:
            assert unwanted not in article.text, (html_path.name, unwanted)
        found = page_date(html.decode("utf-8"), url=expected["url"], site=site)
        assert found is not None and found.value.isoformat() == expected["published"], (html_path.name, found)


def test_a_site_without_a_saved_page_fails(monkeypatch, tmp_path):
    import dataclasses

    import tests.test_site_contracts as contracts

    newcomer = dataclasses.replace(registry()["baohagiang"], slug="baotuyenquang", domains=("baotuyenquang.com.vn",))
    monkeypatch.setattr(contracts, "registry", lambda: {**registry(), "baotuyenquang": newcomer})
    with pytest.raises(AssertionError, match="has no saved page: save one of its article pages"):
        contracts.test_site_contract("baotuyenquang")


def test_new_site_writes_a_registry_file_and_a_contract_fixture(tmp_path):
    from crawler.newsite import create
    from crawler.sites import load_site

    saved = SITES / "baohagiang" / "seed-004.html"
    expected = json.loads(saved.with_suffix(".json").read_text(encoding="utf-8"))
    (tmp_path / "sites").mkdir()
    written = create(
        "baotuyenquang", name="Báo Tuyên Quang", province="Tuyen Quang", kind="newspaper",
        home="https://baotuyenquang.com.vn/", article_pattern=r"^https://baotuyenquang\.com\.vn/[a-z0-9-]+-\d+\.html$",
        page=saved, url="https://baotuyenquang.com.vn/bai-viet-ve-an-ninh-123.html",
        sites_dir=tmp_path / "sites", tests_dir=tmp_path / "tests",
    )
    site = load_site(written.site_file)
    assert (site.slug, site.province, site.domains) == ("baotuyenquang", "Tuyên Quang", ("baotuyenquang.com.vn",))
    assert site.is_article_url("https://baotuyenquang.com.vn/bai-viet-ve-an-ninh-123.html")
    values = json.loads(written.expected.read_text(encoding="utf-8"))
    assert values["checked"] is False
    assert (values["title"], values["author"], values["published"]) == (expected["title"], expected["author"], expected["published"])
    assert values["captions"] == expected["captions"]
    assert written.page.read_bytes() == saved.read_bytes()


def test_new_site_refuses_what_the_registry_would_refuse(tmp_path):
    from crawler.newsite import create

    (tmp_path / "sites").mkdir()
    common = dict(name="X", kind="police", home="https://congan.tuyenquang.gov.vn/", sites_dir=tmp_path / "sites")
    with pytest.raises(RegistryError, match="unknown province"):
        create("congan_x", province="Atlantis", **common)
    with pytest.raises(RegistryError, match="slug must be"):
        create("Công-an", province="Tuyên Quang", **common)
    with pytest.raises(RegistryError, match="not on the site's domains"):
        create("congan_tq", province="Tuyên Quang", page=SITES / "baohagiang" / "seed-004.html",
               url="https://baohagiang.vn/x-1/", tests_dir=tmp_path / "tests", **common)
    assert list((tmp_path / "sites").iterdir()) == []  # nothing half-written stays


def test_an_unchecked_fixture_fails_the_contract(monkeypatch):
    import sys

    contracts = sys.modules[__name__]
    [(html_path, expected)] = saved_pages("baohagiang")[:1]
    monkeypatch.setattr(contracts, "saved_pages", lambda slug: [(html_path, dict(expected, checked=False))])
    with pytest.raises(AssertionError, match="set \"checked\": true"):
        contracts.test_site_contract("baohagiang")
