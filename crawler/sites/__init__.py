"""The site registry: one declarative TOML file per site in this folder.

Adding a site is adding ``<slug>.toml`` here plus a saved page and an
expected-values file under ``tests/sites/<slug>/`` (``crawler new-site`` writes
all three). The engine knows no site by name: spiders, extraction and dates
read what they need from the ``Site`` below.

Fields of a site file::

    slug = "baoyenbai"                 # one name for everything: spider, tests, rows
    name = "Báo Yên Bái"
    province = "Yên Bái"               # province as it was when the site published
                                       # (before 1 July 2025); any spelling crawler.provinces knows
    kind = "newspaper"                 # newspaper | police | portal | broadcaster
    status = "unverified"              # verified: a real saved page of the site passes its
                                       # contract test; unverified (default): URL shape
                                       # known, real markup not yet seen
    domains = ["baoyenbai.com.vn"]     # the crawl never leaves these (subdomains included)
    start_urls = ["https://baoyenbai.com.vn/"]
    feeds = []                         # RSS/Atom URLs
    sitemaps = []                      # sitemap or sitemap index URLs
    article_pattern = '...'            # regex on the URL; absent: a page is an
                                       # article when its metadata says so
    profile = "sharepoint"             # the platform the site runs on, when it is one
                                       # crawler/profiles/ knows (crawler.profiles)
    notes = "..."                      # what is known about the real site and what is not
    [selectors]                        # optional CSS selectors, only from real markup
    date = "..."

The four kinds are what every province has: its newspaper (and the press of
its bodies: youth paper, literary magazine), its police (their portal and
their newspaper), its portals (People's Committee, Party committee, People's
Council, departments, mass organisations) and its radio-TV station.

A ``profile`` brings the platform's discovery hints and its versioned extraction
rules (crawler/profiles/<name>.toml); a registry folder may hold profiles of its
own in a ``profiles/`` folder beside its site files.

An ``article_pattern`` decides: a URL it does not match is not an article. It
is written only from real article URLs whose shape (an id, a /YYYYMM/ folder)
tells articles from listings; sites whose article URLs carry neither
(WordPress-like /<category>/<slug>/) go without one.
"""

from __future__ import annotations

import os
import re
import tomllib
from importlib import resources
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from crawler.urls import owns, untracked

from crawler import profiles, provinces

KINDS = ("newspaper", "police", "portal", "broadcaster")
STATUSES = ("verified", "unverified")
FIELDS = (
    "slug", "name", "province", "kind", "status", "domains", "start_urls", "feeds", "sitemaps",
    "article_pattern", "profile", "notes", "selectors",
)
REQUIRED = ("name", "province", "kind", "domains", "start_urls")

# The registry is read before any Scrapy setting exists (spiders are generated
# from it when Scrapy imports them), so its folders are environment variables,
# read here and nowhere else:
#   ARCHIVE_SITES_DIR       the site files (default: this folder)
#   ARCHIVE_SITE_TESTS_DIR  their saved pages and expected values, one folder per
#                           slug (default: tests/sites/ of the source tree)
# Read through importlib.resources: a Scrapyd node runs the project from a zipped egg.
DEFAULT_SITES_DIR = resources.files(__name__)
DEFAULT_SITE_TESTS_DIR = Path(__file__).resolve().parents[2] / "tests" / "sites"


def sites_dir():
    """The folder of site files: ``ARCHIVE_SITES_DIR`` or this package's own (a Path, or a folder in a zip)."""
    configured = os.environ.get("ARCHIVE_SITES_DIR")
    return Path(configured) if configured else DEFAULT_SITES_DIR


def site_tests_dir() -> Path:
    """The folder of contract fixtures: ``ARCHIVE_SITE_TESTS_DIR`` or tests/sites/."""
    return Path(os.environ.get("ARCHIVE_SITE_TESTS_DIR") or DEFAULT_SITE_TESTS_DIR)


class RegistryError(ValueError):
    """A site file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class Site:
    slug: str
    name: str
    province: str  # the province's name as crawler.provinces writes it ("Hòa Bình")
    kind: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_pattern: str | None = None
    selectors: dict = field(default_factory=dict, hash=False, compare=False)
    notes: str = ""
    status: str = "unverified"
    profile: profiles.Profile | None = field(default=None, hash=False, compare=False)

    @property
    def home_url(self) -> str:
        return self.start_urls[0]

    @property
    def unit(self) -> str:
        """The unit the site's province belongs to since 1 July 2025 ("Lào Cai" for Yên Bái)."""
        return provinces.unit_of(self.province).name

    def owns(self, url: str) -> bool:
        """True when ``url`` is http(s) on one of the site's domains or their subdomains, read as a browser reads it."""
        return owns(url, self.domains)

    @property
    def hints(self) -> profiles.Discovery:
        """Where the site's platform lists articles (its profile's ``[discovery]``; empty without one)."""
        return self.profile.discovery if self.profile is not None else profiles.Discovery()

    def is_article_url(self, url: str) -> bool | None:
        """True/False from ``article_pattern`` (read without tracking parameters); None when the site has no pattern."""
        if not self.article_pattern:
            return None
        return _compiled(self.article_pattern).search(untracked(url)) is not None


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


def _check_fields(data: dict, path: Path) -> None:
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RegistryError(f"{path.name}: unknown field '{unknown[0]}' (fields: {', '.join(FIELDS)})")
    for required in REQUIRED:
        if required not in data:
            raise RegistryError(f"{path.name}: missing '{required}'")
    for key in ("name", "province", "kind", "status", "notes", "article_pattern", "profile"):
        if key in data and not isinstance(data[key], str):
            raise RegistryError(f"{path.name}: '{key}' must be a string")
    if data["kind"] not in KINDS:
        raise RegistryError(f"{path.name}: kind must be one of {', '.join(KINDS)}")
    if data.get("status", "unverified") not in STATUSES:
        raise RegistryError(f"{path.name}: status must be one of {', '.join(STATUSES)}")
    if data.get("article_pattern"):
        try:
            re.compile(data["article_pattern"])
        except re.error as exc:
            raise RegistryError(f"{path.name}: article_pattern is not a valid regex: {exc}") from exc


def known_profiles(directory) -> dict[str, profiles.Profile]:
    """The profiles a registry folder's sites may name: the packaged ones and its own ``profiles/``."""
    try:
        return profiles.catalogue(directory / "profiles" if directory is not None else None)
    except profiles.ProfileError as exc:
        raise RegistryError(str(exc)) from exc


def _profile(data: dict, path: Path, known: dict) -> profiles.Profile | None:
    name = data.get("profile")
    if not name:
        return None
    if name not in known:
        raise RegistryError(f"{path.name}: unknown profile '{name}' (profiles: {', '.join(sorted(known)) or 'none'})")
    return known[name]


def load_site(path: Path, known: dict[str, profiles.Profile] | None = None) -> Site:
    """Read and check one site file (``known``: the profiles it may name; default: its folder's)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path.name}: {exc}") from exc
    _check_fields(data, path)
    if known is None:
        known = known_profiles(getattr(path, "parent", None))
    slug = data.get("slug", path.stem)
    if slug != path.stem:
        raise RegistryError(f"{path.name}: slug '{slug}' must match the file name")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", slug):
        raise RegistryError(f"{path.name}: slug must be lower-case letters, digits and _")
    province = provinces.find(data["province"])
    if province is None:
        raise RegistryError(f"{path.name}: province '{data['province']}' is none of the 63 provinces before 1 July 2025")
    site = Site(
        slug=slug,
        name=data["name"],
        province=province.name,
        kind=data["kind"],
        status=data.get("status", "unverified"),
        domains=tuple(d.lower() for d in _tuple(data["domains"], "domains", path)),
        start_urls=_tuple(data["start_urls"], "start_urls", path),
        feeds=_tuple(data.get("feeds"), "feeds", path),
        sitemaps=_tuple(data.get("sitemaps"), "sitemaps", path),
        article_pattern=data.get("article_pattern") or None,
        selectors=dict(data.get("selectors", {})),
        notes=data.get("notes", "").strip(),
        profile=_profile(data, path, known),
    )
    if not site.domains:
        raise RegistryError(f"{path.name}: domains is empty")
    if not site.start_urls:
        raise RegistryError(f"{path.name}: start_urls is empty")
    for url in site.start_urls + site.feeds + site.sitemaps:
        if not site.owns(url):
            raise RegistryError(f"{path.name}: {url} is not on the site's domains")
    return site


def _check_overlaps(sites: list[Site]) -> None:
    """One URL belongs to one site: no domain may equal or lie under another site's."""
    seen: list[tuple[str, str]] = []
    for site in sites:
        for domain in site.domains:
            for other_domain, other in seen:
                if domain == other_domain or domain.endswith("." + other_domain) or other_domain.endswith("." + domain):
                    raise RegistryError(
                        f"{site.slug}.toml: domains: {domain} overlaps {other_domain} of {other}.toml (a URL has one site)"
                    )
        seen += [(domain, site.slug) for domain in site.domains]


def check_registry(directory: Path) -> dict[str, Site]:
    """Read and check every site file of ``directory`` (no cache: for tools that just wrote one)."""
    files = sorted((p for p in directory.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)
    known = known_profiles(directory)
    sites = [load_site(p, known) for p in files]
    _check_overlaps(sites)
    return {s.slug: s for s in sites}


_loaded: dict[str, dict[str, Site]] = {}


def registry(directory=None) -> dict[str, Site]:
    """All registered sites by slug, in slug order (the folder: ``sites_dir()``), read once per folder."""
    folder = directory if directory is not None else sites_dir()
    key = str(Path(folder).resolve()) if isinstance(folder, (str, Path)) else str(folder)
    if key not in _loaded:
        _loaded[key] = check_registry(Path(folder) if isinstance(folder, str) else folder)
    return _loaded[key]


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
