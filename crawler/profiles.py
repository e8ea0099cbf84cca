"""Platform profiles: what one CMS shared by many provincial sites needs, as data, versioned.

A profile is ``crawler/profiles/<name>.toml`` (read through importlib.resources:
a Scrapyd node runs the project from a zipped egg); a registry folder may hold
a ``profiles/`` folder of its own beside its site files. A site on a known
platform names it in its entry (``profile = "sharepoint"``). A profile holds:

- ``[fingerprint]``: how ``crawler probe`` recognises the platform: regular
  expressions on page sources (``markup``) and on article URLs (``article_urls``);
- ``[discovery]``: paths of feeds and sitemaps every install of the platform
  serves, regular expressions of its listing and pagination URLs;
- ``[[versions]]``: the extraction rules, versioned the fundus way. Each version
  has a ``valid_until`` date (the last day, Vietnam time, its markup was served;
  the newest version has none) and lists only what changed from the version
  before it: ``furniture`` (CSS selectors or XPath expressions of blocks that are
  never article text, dropped before extraction), ``byline`` (where the platform
  prints the byline) and ``date`` (CSS selectors of where it prints the date).

A page is extracted with the version valid when it was fetched
(``for_site(site, fetched_at)``), so archived pages re-extract as they were
made; ``stamp`` records the version in ``Article.extractor_version``
("2026.12.0+sharepoint@2"). ``apply(tree, version)`` drops the version's
furniture from a parsed page and returns what its byline places print.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import cache
from importlib import resources
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.htmltree import drop
from crawler.vntime import VN_TZ

FIELDS = ("name", "description", "evidence", "fingerprint", "discovery", "versions")
SECTIONS = {"fingerprint": ("markup", "article_urls"), "discovery": ("feeds", "sitemaps", "listings", "pagination")}
RULES = ("furniture", "byline", "date")
VERSION_FIELDS = ("version", "valid_until", *RULES)
PACKAGED = resources.files("crawler") / "profiles"


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class ProfileVersion:
    """One version of a platform's extraction rules.

    profile: the platform's name; number: 1, 2, ... in order of validity;
    valid_until: the last day (Vietnam time) of pages made with it, None for the newest;
    furniture: selectors of blocks that are never article text; byline: selectors of
    where the byline is printed (the first that names someone wins; the block goes
    with the furniture); date: CSS selectors of where the publication date is printed.
    """

    profile: str
    number: int
    valid_until: date | None
    furniture: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    date: tuple[str, ...] = ()

    @property
    def tag(self) -> str:
        return f"{self.profile}@{self.number}"


@dataclass(frozen=True)
class Discovery:
    """Where every install of the platform lists its articles.

    feeds, sitemaps: paths (or URLs) tried against a site's home page;
    listings, pagination: regular expressions searched in a URL's path and query (``target``).
    """

    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    pagination: tuple[str, ...] = ()

    def feed_urls(self, home: str) -> list[str]:
        return [urljoin(home, path) for path in self.feeds]

    def sitemap_urls(self, home: str) -> list[str]:
        return [urljoin(home, path) for path in self.sitemaps]

    def is_listing(self, url: str) -> bool:
        return any(_regex(p).search(target(url)) for p in self.listings)

    def is_pagination(self, url: str) -> bool:
        return any(_regex(p).search(target(url)) for p in self.pagination)


@dataclass(frozen=True)
class Fingerprint:
    """How the platform shows itself: regexes on page sources, and on article URLs' path and query."""

    markup: tuple[str, ...] = ()
    article_urls: tuple[str, ...] = ()

    def markers(self, pages: list[str]) -> list[str]:
        """The markup patterns found in any of ``pages`` (page sources)."""
        return [p for p in self.markup if any(_regex(p).search(page) for page in pages)]

    def url_share(self, urls: list[str]) -> float:
        """The share of ``urls`` that have one of the platform's article URL shapes."""
        if not urls or not self.article_urls:
            return 0.0
        hits = sum(1 for url in urls if any(_regex(p).search(target(url)) for p in self.article_urls))
        return hits / len(urls)


@dataclass(frozen=True)
class Profile:
    """A platform: its name, what is known of it and from where, and its rules by version."""

    name: str
    description: str
    evidence: str
    fingerprint: Fingerprint
    discovery: Discovery
    versions: tuple[ProfileVersion, ...]

    def version_at(self, fetched_at: datetime | date | None = None) -> ProfileVersion:
        """The version valid for a page fetched at ``fetched_at`` (None: now, the newest)."""
        day = _day(fetched_at)
        if day is not None:
            for version in self.versions:
                if version.valid_until is None or day <= version.valid_until:
                    return version
        return self.versions[-1]


@dataclass
class Places:
    """What a profile version found in a page: the elements at its byline places (taken out
    of the page, in page order) and how many furniture blocks it dropped."""

    bylines: list = field(default_factory=list)
    dropped: int = 0


def target(url: str) -> str:
    """A URL's path and query, what the URL patterns of a profile are searched in: "/a/b.aspx?id=1"."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _day(moment) -> date | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    if isinstance(moment, datetime):
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return aware.astimezone(VN_TZ).date()
    return moment


# --- reading ----------------------------------------------------------------------------


@cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _is_xpath(selector: str) -> bool:
    return selector.startswith(("/", "(", "./"))


@cache
def _selector(selector: str):
    """The compiled selector: XPath when it starts like a path, CSS otherwise."""
    if _is_xpath(selector):
        return etree.XPath(selector)
    from lxml.cssselect import CSSSelector

    return CSSSelector(selector)


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{where} must be a list of strings")
    return tuple(value)


def _check_patterns(patterns: tuple[str, ...], where: str) -> None:
    for pattern in patterns:
        try:
            _regex(pattern)
        except re.error as exc:
            raise ProfileError(f"{where}: {pattern!r} is not a valid regex: {exc}") from exc


def _check_selectors(selectors: tuple[str, ...], where: str, *, css_only: bool = False) -> None:
    for selector in selectors:
        if css_only and _is_xpath(selector):
            raise ProfileError(f"{where}: {selector!r}: date places are CSS selectors (the date rules read CSS)")
        try:
            _selector(selector)
        except Exception as exc:  # lxml and cssselect raise their own error types
            raise ProfileError(f"{where}: {selector!r} is not a valid selector: {exc}") from exc


def _section(data: dict, name: str, file: str) -> dict[str, tuple[str, ...]]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ProfileError(f"{file}: [{name}] must be a table")
    keys = SECTIONS[name]
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise ProfileError(f"{file}: [{name}] has unknown field '{unknown[0]}' (fields: {', '.join(keys)})")
    values = {key: _strings(table.get(key), f"{file}: {name}.{key}") for key in keys}
    for key in ("markup", "article_urls", "listings", "pagination"):
        _check_patterns(values.get(key, ()), f"{file}: {name}.{key}")
    return values


def _versions(name: str, raw, file: str) -> tuple[ProfileVersion, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(v, dict) for v in raw):
        raise ProfileError(f"{file}: needs at least one [[versions]] table")
    versions: list[ProfileVersion] = []
    rules: dict[str, tuple[str, ...]] = {rule: () for rule in RULES}
    for index, table in enumerate(raw, start=1):
        where = f"{file}: versions[{index}]"
        unknown = sorted(set(table) - set(VERSION_FIELDS))
        if unknown:
            raise ProfileError(f"{where}: unknown field '{unknown[0]}' (fields: {', '.join(VERSION_FIELDS)})")
        if table.get("version") != index:
            raise ProfileError(f"{where}: version must be {index} (versions are numbered 1, 2, ... in order)")
        until = table.get("valid_until")
        if until is not None and (not isinstance(until, date) or isinstance(until, datetime)):
            raise ProfileError(f"{where}: valid_until must be a date (valid_until = 2025-06-30)")
        if until is None and index < len(raw):
            raise ProfileError(f"{where}: every version but the newest needs valid_until")
        if until is not None and index == len(raw):
            raise ProfileError(f"{where}: the newest version has no valid_until (it is valid now)")
        if versions and until is not None and until <= versions[-1].valid_until:
            raise ProfileError(f"{where}: valid_until must come after version {index - 1}'s")
        # A version names what changed; the rest is the previous version's (fundus's subclasses).
        rules.update({rule: _strings(table[rule], f"{where}.{rule}") for rule in RULES if rule in table})
        _check_selectors(rules["furniture"] + rules["byline"], where)
        _check_selectors(rules["date"], where, css_only=True)
        versions.append(ProfileVersion(name, index, until, **rules))
    return tuple(versions)


def load_profile(text: str, file: str) -> Profile:
    """Read and check one profile file's ``text`` (``file``: its name, for messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{file}: {exc}") from exc
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ProfileError(f"{file}: unknown field '{unknown[0]}' (fields: {', '.join(FIELDS)})")
    name = data.get("name")
    if name != file.removesuffix(".toml"):
        raise ProfileError(f"{file}: name must be the file's name ('{file.removesuffix('.toml')}')")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", name):
        raise ProfileError(f"{file}: name must be lower-case letters, digits and _")
    for key, says in (("description", "what the platform is"), ("evidence", "where its rules come from")):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ProfileError(f"{file}: '{key}' must say {says}")
    return Profile(
        name=name,
        description=data["description"].strip(),
        evidence=data["evidence"].strip(),
        fingerprint=Fingerprint(**_section(data, "fingerprint", file)),
        discovery=Discovery(**_section(data, "discovery", file)),
        versions=_versions(name, data.get("versions"), file),
    )


def _folder(folder) -> dict[str, Profile]:
    found = {}
    if folder is not None and folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                profile = load_profile(entry.read_text(encoding="utf-8"), entry.name)
                found[profile.name] = profile
    return found


@cache
def packaged() -> dict[str, Profile]:
    """The profiles shipped with the crawler, by name."""
    return _folder(PACKAGED)


def catalogue(extra=None) -> dict[str, Profile]:
    """The packaged profiles and those of the folder ``extra`` (a registry's ``profiles/``), by name."""
    known = dict(packaged())
    for name, profile in _folder(extra).items():
        if name in known:
            raise ProfileError(f"profiles/{name}.toml: a profile named '{name}' is packaged already")
        known[name] = profile
    return known


# --- using ------------------------------------------------------------------------------


def for_site(site, fetched_at: datetime | date | None = None) -> ProfileVersion | None:
    """The version of ``site``'s profile valid for a page fetched at ``fetched_at`` (None: now)."""
    profile = getattr(site, "profile", None)
    return profile.version_at(fetched_at) if profile is not None else None


def stamp(extractor_version: str, version: ProfileVersion | None) -> str:
    """``extractor_version`` with the profile version that shaped the article: "2026.12.0+sharepoint@2"."""
    return f"{extractor_version}+{version.tag}" if version is not None else extractor_version


def date_place(site, fetched_at: datetime | date | None = None) -> str | None:
    """The CSS selector of where ``site`` prints its date: its own ``[selectors] date``, else its profile's."""
    own = (getattr(site, "selectors", None) or {}).get("date")
    if own:
        return own
    version = for_site(site, fetched_at)
    return ", ".join(version.date) if version is not None and version.date else None


def _select(selector: str, tree) -> list:
    return [el for el in _selector(selector)(tree) if isinstance(el, etree._Element) and isinstance(el.tag, str)]


def apply(tree, version: ProfileVersion | None) -> Places:
    """Drop ``version``'s furniture from the parsed page ``tree``; the byline blocks it names come
    out too, handed back in ``Places`` for the byline rules. No version: the page is left alone."""
    places = Places()
    if version is None:
        return places
    for selector in version.byline:
        places.bylines += [el for el in _select(selector, tree) if el not in places.bylines]
    for selector in version.furniture:
        places.dropped += sum(drop(el) for el in _select(selector, tree))
    for el in places.bylines:
        drop(el)
    return places
