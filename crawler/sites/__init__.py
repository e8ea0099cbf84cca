"""The site registry: one declarative TOML file per site in this folder.

Adding a site is adding ``<slug>.toml`` here plus a saved page and an
expected-values file under ``tests/sites/<slug>/`` (``crawler new-site`` writes
all three). The engine knows no site by name: spiders, extraction and dates
read what they need from the ``Site`` below.

Fields of a site file::

    slug = "baoyenbai"                 # one name for everything: spider, tests, rows
    name = "Báo Yên Bái"
    province = "Yên Bái"               # province as it was when the site published
    kind = "newspaper"                 # newspaper | police | portal | broadcaster
    domains = ["baoyenbai.com.vn"]     # the crawl never leaves these (subdomains included)
    start_urls = ["https://baoyenbai.com.vn/"]
    feeds = []                         # RSS/Atom URLs
    sitemaps = []                      # sitemap or sitemap index URLs
    article_pattern = '...'            # regex on the URL; absent: a page is an
                                       # article when its metadata says so
    notes = "..."                      # what is known about the real site and what is not
    [selectors]                        # optional CSS selectors, only from real markup
    date = "..."
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from crawler.urls import owns

KINDS = ("newspaper", "police", "portal", "broadcaster")
# The registry's folder: this package's own, unless ARCHIVE_SITES_DIR names another (a
# maintainer's working copy, a test's temporary registry). An environment variable, not
# a Scrapy setting: worker processes and commands outside a crawl read the registry too.
SITES_DIR = Path(os.environ.get("ARCHIVE_SITES_DIR") or Path(__file__).parent)


class RegistryError(ValueError):
    """A site file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    province: str
    kind: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_pattern: str | None = None
    selectors: dict = field(default_factory=dict, hash=False, compare=False)
    notes: str = ""

    @property
    def home_url(self) -> str:
        return self.start_urls[0]

    def owns(self, url: str) -> bool:
        """True when ``url`` is http(s) on one of the site's domains or their subdomains, read as a browser reads it."""
        return owns(url, self.domains)

    def is_article_url(self, url: str) -> bool | None:
        """True/False from ``article_pattern``; None when the site has no pattern."""
        if not self.article_pattern:
            return None
        return _compiled(self.article_pattern).search(url) is not None


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _tuple(value, name: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RegistryError(f"{path.name}: '{name}' must be a list of strings")
    return tuple(value)


def load_site(path: Path) -> Site:
    """Read and check one site file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path.name}: {exc}") from exc
    for required in ("name", "province", "kind", "domains", "start_urls"):
        if required not in data:
            raise RegistryError(f"{path.name}: missing '{required}'")
    slug = data.get("slug", path.stem)
    if slug != path.stem:
        raise RegistryError(f"{path.name}: slug '{slug}' must match the file name")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", slug):
        raise RegistryError(f"{path.name}: slug must be lower-case letters, digits and _")
    if data["kind"] not in KINDS:
        raise RegistryError(f"{path.name}: kind must be one of {', '.join(KINDS)}")
    if data.get("article_pattern"):
        try:
            re.compile(data["article_pattern"])
        except re.error as exc:
            raise RegistryError(f"{path.name}: article_pattern is not a valid regex: {exc}") from exc
    site = Site(
        slug=slug,
        name=data["name"],
        province=data["province"],
        kind=data["kind"],
        domains=tuple(d.lower() for d in _tuple(data["domains"], "domains", path)),
        start_urls=_tuple(data["start_urls"], "start_urls", path),
        feeds=_tuple(data.get("feeds"), "feeds", path),
        sitemaps=_tuple(data.get("sitemaps"), "sitemaps", path),
        article_pattern=data.get("article_pattern") or None,
        selectors=dict(data.get("selectors", {})),
        notes=data.get("notes", "").strip(),
    )
    if not site.start_urls:
        raise RegistryError(f"{path.name}: start_urls is empty")
    for url in site.start_urls + site.feeds + site.sitemaps:
        if not site.owns(url):
            raise RegistryError(f"{path.name}: {url} is not on the site's domains")
    return site


@cache
def registry(directory: Path = SITES_DIR) -> dict[str, Site]:
    """All registered sites by slug, in slug order."""
    sites = [load_site(p) for p in sorted(Path(directory).glob("*.toml"))]
    return {s.slug: s for s in sites}


def get_site(slug: str) -> Site:
    sites = registry()
    if slug not in sites:
        known = ", ".join(sites) or "none"
        raise KeyError(f"no site '{slug}' in the registry (known: {known})")
    return sites[slug]


def site_for_url(url: str) -> Site | None:
    for site in registry().values():
        if site.owns(url):
            return site
    return None
