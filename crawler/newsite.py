"""Start a new site: its registry file and the saved page its contract test checks.

``crawler new-site SLUG --name ... --province ... --kind ... --home URL
[--article-pattern REGEX] [--page saved.html --url ARTICLE_URL]`` writes
``<slug>.toml`` into the registry folder (``crawler.sites.sites_dir()``) and,
with a saved article page, copies it to ``<slug>/<name>.html`` in the contract
fixtures folder (``crawler.sites.site_tests_dir()``, tests/sites/) beside a
``<name>.json`` holding what the current extraction finds in it: title,
author, publication date, the first and last sentences of the text, and what
must not be in it (captions, byline). Those values are the extractor's, so the
file says ``"checked": false`` until a person has read them against the page;
the contract test refuses an unchecked file (tests/test_site_contracts.py).
The site starts ``unverified``; a real page that passes its contract test is
what lets a maintainer mark it ``verified``.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler import provinces
from crawler.sites import KINDS, RegistryError, check_registry, load_site, site_tests_dir
from crawler.sites import sites_dir as registry_dir


@dataclass
class Written:
    site_file: Path
    page: Path | None = None
    expected: Path | None = None


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def site_toml(slug: str, *, name: str, province: str, kind: str, home: str, article_pattern: str | None) -> str:
    domain = (urlsplit(home).hostname or "").lower().removeprefix("www.")
    lines = [
        f"slug = {_toml_string(slug)}",
        f"name = {_toml_string(name)}",
        f"province = {_toml_string(province)}",
        f"kind = {_toml_string(kind)}",
        'status = "unverified"',
        f"domains = [{_toml_string(domain)}]",
        f"start_urls = [{_toml_string(home)}]",
    ]
    if article_pattern:
        if "'" in article_pattern:
            raise RegistryError("article_pattern cannot hold a ' (it is written as a TOML literal string)")
        lines.append(f"article_pattern = '{article_pattern}'")
    lines.append('notes = """\nWhat is known of the real site: where its article URLs were seen, its feeds and\n'
                 'sitemaps, whether its markup needs selectors.\n"""')
    return "\n".join(lines) + "\n"


def _sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?…])\s", paragraph, maxsplit=1)[0]


def expected_values(html: bytes, url: str, site) -> dict:
    """What the current extraction and date rules find in a saved page, as the contract test reads it."""
    from crawler.pagedates import page_date
    from crawler.extract import extract_article

    article = extract_article(html, url, site)
    found = page_date(html, url=url, site=site)
    paragraphs = article.text.split("\n\n")
    return {
        "url": url,
        "checked": False,
        "real": True,
        "source": "saved page; values found by the extractor: read them against the page, then set checked to true",
        "title": article.title,
        "author": article.author,
        "published": found.value.isoformat() if found else None,
        "text_contains": sorted({_sentence(paragraphs[0]), _sentence(paragraphs[-1])}),
        "text_excludes": article.captions + ([article.author] if article.author else []),
        "captions": article.captions,
    }


def create(
    slug: str,
    *,
    name: str,
    province: str,
    kind: str,
    home: str,
    article_pattern: str | None = None,
    page: Path | None = None,
    url: str | None = None,
    sites_dir: Path | None = None,
    tests_dir: Path | None = None,
) -> Written:
    """Write the site's registry file (and its saved page with expected values); refuses to overwrite.

    The folders default to the registry's own (``ARCHIVE_SITES_DIR``, ``ARCHIVE_SITE_TESTS_DIR``).
    """
    sites_dir = Path(sites_dir or registry_dir())
    tests_dir = Path(tests_dir or site_tests_dir())
    if kind not in KINDS:
        raise RegistryError(f"kind must be one of {', '.join(KINDS)}")
    found = provinces.find(province)
    if found is None:
        raise RegistryError(f"unknown province: {province}")
    site_file = Path(sites_dir) / f"{slug}.toml"
    if site_file.exists():
        raise RegistryError(f"{site_file} exists already")
    if (page is None) != (url is None):
        raise RegistryError("--page and --url go together: the saved page and the address it was saved from")
    text = site_toml(slug, name=name, province=found.name, kind=kind, home=home, article_pattern=article_pattern)
    site_file.write_text(text, encoding="utf-8")
    try:
        site = load_site(site_file)  # the same checks as the registry
        check_registry(sites_dir)  # and no domain another site owns
        if url is not None and not site.owns(url):
            raise RegistryError(f"{url} is not on the site's domains ({', '.join(site.domains)})")
        written = Written(site_file)
        if page is not None:
            html = Path(page).read_bytes()
            if html[:2] == b"\x1f\x8b":  # a page saved gzipped (<domain>.<name>.html.gz)
                html = gzip.decompress(html)
            values = expected_values(html, url, site)
            folder = Path(tests_dir) / slug
            folder.mkdir(parents=True, exist_ok=True)
            stem = re.sub(r"[^a-z0-9]+", "-", urlsplit(url).path.lower()).strip("-")[-60:] or "article"
            written.page = folder / f"{stem}.html"
            written.expected = folder / f"{stem}.json"
            written.page.write_bytes(html)
            written.expected.write_text(json.dumps(values, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except Exception:
        site_file.unlink()  # nothing half-written stays in the registry
        raise
    return written
