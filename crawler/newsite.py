"""Start a new site: its registry file and the saved pages its contract test checks.

``crawler new-site SLUG --name ... --province ... --kind ... --home URL
[--article-pattern REGEX] [--profile NAME] [--page saved.html --url ARTICLE_URL
[--fetched DATE]]`` and ``crawler probe URL --province ... --kind ...`` write
``<slug>.toml`` into the registry folder (``crawler.sites.sites_dir()``) and,
for each saved article page, ``<slug>/<name>.html`` in the contract fixtures
folder (``crawler.sites.site_tests_dir()``, tests/sites/) beside a
``<name>.json`` holding the page's address and fetch date and what the current
extraction finds in it (with the version of the site's profile valid on that
date): title, author, publication date, the first and last sentences of the
text, and what must not be in it (captions, byline). Those values are the
extractor's, so the file says ``"checked": false`` until a person has read them
against the page; the contract test refuses an unchecked file
(tests/test_site_contracts.py). The site starts ``unverified``; a real page
that passes its contract test is what lets a maintainer mark it ``verified``.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawler import provinces
from crawler.sites import KINDS, RegistryError, check_registry, load_site, site_tests_dir
from crawler.sites import sites_dir as registry_dir


DEFAULT_NOTES = """
What is known of the real site: where its article URLs were seen, its feeds and
sitemaps, whether its markup needs selectors.
"""


@dataclass
class Saved:
    """An article page saved for the contract test: its bytes, the address and the time it was fetched."""

    html: bytes
    url: str
    fetched: datetime | None = None


@dataclass
class Written:
    """What was written: the site file, and the saved pages with their expected values (in order)."""

    site_file: Path
    pages: list[Path] = field(default_factory=list)
    expected_files: list[Path] = field(default_factory=list)

    @property
    def page(self) -> Path | None:
        return self.pages[0] if self.pages else None

    @property
    def expected(self) -> Path | None:
        return self.expected_files[0] if self.expected_files else None


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _toml_list(values) -> str:
    return "[" + ", ".join(_toml_string(v) for v in values) + "]"


def site_toml(
    slug: str, *, name: str, province: str, kind: str, home: str, article_pattern: str | None,
    profile: str | None = None, feeds=(), sitemaps=(), notes: str | None = None,
) -> str:
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
    if feeds:
        lines.append(f"feeds = {_toml_list(feeds)}")
    if sitemaps:
        lines.append(f"sitemaps = {_toml_list(sitemaps)}")
    if article_pattern:
        if "'" in article_pattern:
            raise RegistryError("article_pattern cannot hold a ' (it is written as a TOML literal string)")
        lines.append(f"article_pattern = '{article_pattern}'")
    if profile:
        lines.append(f"profile = {_toml_string(profile)}")
    text = (notes or DEFAULT_NOTES).strip("\n").replace("\\", "\\\\").replace('"""', '\\"""')
    lines.append(f'notes = """\n{text}\n"""')
    return "\n".join(lines) + "\n"


def _sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?…])\s", paragraph, maxsplit=1)[0]


def expected_values(html: bytes, url: str, site, fetched: datetime | None = None) -> dict:
    """What the current extraction and date rules find in a saved page fetched at ``fetched``
    (the profile version valid then; None: now), as the contract test reads it."""
    from crawler.pagedates import page_date
    from crawler.extract import extract_article

    article = extract_article(html, url, site, fetched)
    found = page_date(html, url=url, site=site, fetched=fetched)
    paragraphs = article.text.split("\n\n")
    return {
        "url": url,
        **({"fetched_at": fetched.isoformat(timespec="seconds")} if fetched else {}),
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


def _stem(url: str, taken: set[str]) -> str:
    """A fixture's file name from its URL's path and query, unique in its folder."""
    parts = urlsplit(url)
    stem = re.sub(r"[^a-z0-9]+", "-", f"{parts.path}?{parts.query}".lower()).strip("-")[-60:].strip("-") or "article"
    unique, number = stem, 1
    while unique in taken:
        number += 1
        unique = f"{stem}-{number}"
    taken.add(unique)
    return unique


def _write_pages(site, saved: list[Saved], folder: Path, written: Written) -> None:
    for page in saved:
        if not site.owns(page.url):
            raise RegistryError(f"{page.url} is not on the site's domains ({', '.join(site.domains)})")
    values = [expected_values(page.html, page.url, site, page.fetched) for page in saved]
    folder.mkdir(parents=True, exist_ok=True)
    taken = {p.stem for p in folder.glob("*.json")}
    for page, expected in zip(saved, values):
        stem = _stem(page.url, taken)
        written.pages.append(folder / f"{stem}.html")
        written.expected_files.append(folder / f"{stem}.json")
        written.pages[-1].write_bytes(page.html)
        written.expected_files[-1].write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _read_page(page: Path) -> bytes:
    html = Path(page).read_bytes()
    return gzip.decompress(html) if html[:2] == b"\x1f\x8b" else html  # a page saved gzipped (<domain>.<name>.html.gz)


def create(
    slug: str,
    *,
    name: str,
    province: str,
    kind: str,
    home: str,
    article_pattern: str | None = None,
    profile: str | None = None,
    feeds=(),
    sitemaps=(),
    notes: str | None = None,
    page: Path | None = None,
    url: str | None = None,
    fetched: datetime | None = None,
    saved: list[Saved] = (),
    sites_dir: Path | None = None,
    tests_dir: Path | None = None,
) -> Written:
    """Write the site's registry file, and its saved pages with expected values; refuses to overwrite.

    ``page``/``url``/``fetched``: one page saved by hand; ``saved``: pages with their addresses and
    fetch dates (what ``crawler probe`` fetched). The folders default to the registry's own
    (``ARCHIVE_SITES_DIR``, ``ARCHIVE_SITE_TESTS_DIR``). Nothing stays written when a check fails.
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
    pages = [*([Saved(_read_page(page), url, fetched)] if page is not None else []), *saved]
    text = site_toml(slug, name=name, province=found.name, kind=kind, home=home, article_pattern=article_pattern,
                     profile=profile, feeds=feeds, sitemaps=sitemaps, notes=notes)
    site_file.write_text(text, encoding="utf-8")
    folder = Path(tests_dir) / slug
    existed = folder.exists()
    written = Written(site_file)
    try:
        site = load_site(site_file)  # the same checks as the registry
        check_registry(sites_dir)  # and no domain another site owns
        if pages:
            _write_pages(site, pages, folder, written)
    except Exception:
        site_file.unlink()  # nothing half-written stays in the registry
        for path in (*written.pages, *written.expected_files):
            path.unlink(missing_ok=True)
        if not existed and folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return written


def probe_notes(report) -> str:
    """The notes of a site file ``crawler probe`` writes: what it saw, for the maintainer who reads it."""
    when = max((p.fetched_at for p in report.saved), default=None)
    lines = [
        f"Written by crawler probe{f' on {when:%Y-%m-%d}' if when else ''} from {report.home}:",
        f"{len(report.articles)} article URLs seen in {len(report.feeds)} feed(s), {len(report.sitemaps)} sitemap(s)"
        " and the pages sampled.",
        f"Article pattern: {report.proposal.why}.",
        f"Profile: {report.profile or 'none'} ({report.profile_why}).",
    ]
    if report.listings:
        lines.append(f"Listings: {', '.join(report.listings[:3])}; pagination: {', '.join(report.pagination[:3]) or 'none seen'}.")
    lines.append("Check the pattern and the profile against the real site before marking it verified.")
    return "\n".join(lines)


def create_from_probe(report, slug: str, *, name: str, province: str, kind: str, **folders) -> Written:
    """The site file and contract fixtures of a site ``crawler probe`` looked at (``report``: crawler.probe.Report)."""
    return create(
        slug, name=name, province=province, kind=kind, home=report.home,
        article_pattern=report.proposal.pattern, profile=report.profile,
        feeds=[url for url, _count in report.feeds],
        sitemaps=[url for url, _count, _news in report.sitemaps],
        notes=probe_notes(report),
        saved=[Saved(page.body, page.final_url, page.fetched_at) for page in report.saved],
        **folders,
    )
