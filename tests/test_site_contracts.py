"""One contract test for every registered site: its saved pages extract to their expected values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.dates import page_date
from crawler.extract import extract_article
from crawler.sites import registry

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
