r"""An article URL pattern proposed from examples: every article's shape, and no listing's.

``propose(articles, listings, seen=(), home=...) -> Proposal``. The article URLs
are grouped by their structure (``structure``: how many path segments, the
file extension, the query's parameter names); each group becomes one
alternative of the pattern, its segments generalised from the values seen:
numbers to ``\d+`` (``\d{6}`` for /YYYYMM/ folders), slugs ending in an id to
``[a-z0-9-]+-\d+`` (``-post\d+``, ``-a\d+``, a 7-hex id), other lower-case
slugs to ``[a-z0-9-]+``, anything else to ``[^/?#]+``; a single word that
never changes (``Trang``, ``channel``, ``tin``) stays as written.

A group with few articles borrows the links ``seen`` with its structure, for
variety; if that makes the pattern match a listing, the articles alone are
tried. Article links seen with tracking parameters (utm_ of feeds) make the
pattern accept them. When even the articles alone match a listing, the URL
cannot tell an article from a listing
(WordPress's /<slug>/ for both): no pattern is proposed, and the page's own
metadata decides in the crawl.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from crawler.urls import TRACKING

TRACKING_TAIL = r"(?:\?(?:utm_\w+|fbclid|gclid)=[^#]*)?"
FEW = 5  # a group with fewer articles than this borrows the links seen with its structure
_EXTENSION = re.compile(r"^(?P<stem>.+?)(?P<ext>\.[A-Za-z][A-Za-z0-9]{1,4})$")
_YEAR_MONTH = re.compile(r"^(19|20)\d\d(0[1-9]|1[0-2])$")
_WORD = re.compile(r"^[A-Za-z]+$")
_LOWER_SLUG = re.compile(r"^[a-z0-9-]+$")
_ID_TAIL = re.compile(r"^(?P<body>.+?)-(?P<prefix>[a-z]{0,4})(?P<id>\d+)$")
_HEX_TAIL = re.compile(r"^(?P<body>.+?)-(?P<id>[0-9a-f]{7})$")
_ID_HEAD = re.compile(r"^(?P<id>\d+)-(?P<body>.+)$")


@dataclass(frozen=True)
class Proposal:
    """pattern: the regex proposed, or None; why: how it was found, or why there is none;
    articles / listings: how many article and listing URLs it was checked against."""

    pattern: str | None
    why: str
    articles: int = 0
    listings: int = 0


@dataclass(frozen=True)
class _Parts:
    segments: tuple[str, ...]
    trailing: bool
    extension: str
    query: tuple[tuple[str, str], ...]


def _parts(url: str) -> _Parts:
    split = urlsplit(url)
    segments = [s for s in split.path.split("/") if s]
    trailing = split.path.endswith("/") and bool(segments)
    extension = ""
    if segments and not trailing and (match := _EXTENSION.match(segments[-1])):
        segments[-1], extension = match["stem"], match["ext"]
    query = tuple((k, v) for k, v in parse_qsl(split.query, keep_blank_values=True) if not TRACKING.match(k))
    return _Parts(tuple(segments), trailing, extension, query)


def structure(url: str) -> tuple:
    """What URLs of one shape share: segment count, extension, query parameter names."""
    parts = _parts(url)
    return len(parts.segments), parts.extension, tuple(k for k, _v in parts.query)


def _literal(text: str) -> str:
    return re.escape(text).replace(r"\-", "-")  # a hyphen outside a class needs no escape


def _body(values: list[str]) -> str:
    return "[a-z0-9-]+" if all(_LOWER_SLUG.match(v) for v in values) else "[^/?#]+"


def _id_tail(values: list[str]) -> str | None:
    tails = [_ID_TAIL.match(v) for v in values]
    if all(tails):
        prefixes = sorted({t["prefix"] for t in tails})
        if len(prefixes) == 1:
            prefix = _literal(prefixes[0])
        elif "" in prefixes:
            prefix = f"(?:{'|'.join(map(re.escape, prefixes[1:]))})?"
        else:
            prefix = f"(?:{'|'.join(map(re.escape, prefixes))})"
        return f"{_body([t['body'] for t in tails])}-{prefix}\\d+"
    hexes = [_HEX_TAIL.match(v) or _ID_TAIL.match(v) for v in values]
    if all(hexes) and any(_HEX_TAIL.match(v) for v in values):
        ids = r"[0-9a-f]{7}" if all(_HEX_TAIL.match(v) for v in values) else r"(?:\d+|[0-9a-f]{7})"
        return f"{_body([h['body'] for h in hexes])}-{ids}"
    heads = [_ID_HEAD.match(v) for v in values]
    if all(heads):
        return f"\\d+-{_body([h['body'] for h in heads])}"
    return None


def _segment(values: list[str]) -> str:
    """One path segment's pattern from the values it takes."""
    if all(v.isdigit() for v in values):
        return r"\d{6}" if all(_YEAR_MONTH.match(v) for v in values) else r"\d+"
    if len(set(values)) == 1 and _WORD.match(values[0]):
        return _literal(values[0])
    return _id_tail(values) or _body(values)


def _query_value(values: list[str]) -> str:
    if all(v.isdigit() for v in values):
        return r"\d+"
    if len(set(values)) == 1:
        return _literal(values[0])
    return "[^&#]*"


def _alternative(group: list[_Parts]) -> str:
    """The path-and-query pattern of one group of URLs of the same structure."""
    count = len(group[0].segments)
    segments = [_segment([p.segments[i] for p in group]) for i in range(count)]
    path = "/".join(segments) + _literal(group[0].extension)
    if any(p.trailing for p in group):
        path += "/?"
    names = [k for k, _v in group[0].query]
    if names:
        pairs = [f"{_literal(name)}={_query_value([p.query[i][1] for p in group])}" for i, name in enumerate(names)]
        path += r"\?" + "&".join(pairs)
    return path


def _host(home: str, urls: list[str]) -> str:
    domain = (urlsplit(home).hostname or "").lower().removeprefix("www.")
    hosts = {(urlsplit(u).hostname or "").lower() for u in urls}
    if hosts <= {domain, f"www.{domain}"}:
        return rf"(www\.)?{_literal(domain)}"
    return rf"([a-z0-9-]+\.)*{_literal(domain)}"


def _pattern(home: str, groups: list[list[str]], tracked: bool = False) -> str:
    alternatives = sorted({_alternative([_parts(u) for u in group]) for group in groups})
    if tracked:
        # Links seen with tracking parameters (feeds add utm_ to theirs) are the same articles.
        alternatives = [a if r"\?" in a else a + TRACKING_TAIL for a in alternatives]
    path = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return rf"^https?://{_host(home, [u for g in groups for u in g])}/{path}$"


def _clean(url: str) -> str:
    """The URL without tracking parameters (feeds add utm_ to their links) or fragment."""
    split = urlsplit(url)
    query = "&".join(
        f"{k}={v}" if v or "=" in part else k
        for part in split.query.split("&") if part
        for k, _, v in [part.partition("=")] if not TRACKING.match(k)
    )
    return split._replace(query=query, fragment="").geturl()


def propose(articles, listings, seen=(), *, home: str) -> Proposal:
    """A pattern matching every URL of ``articles`` and none of ``listings`` (see the module docstring)."""
    tracked = any(_clean(u) != u.split("#")[0] for u in articles)
    articles = sorted({_clean(u) for u in articles})
    listings = sorted({_clean(u) for u in listings} - set(articles))
    if not articles:
        return Proposal(None, "no article URL seen: the page's metadata will decide", 0, len(listings))
    by_structure: dict[tuple, list[str]] = defaultdict(list)
    for url in articles:
        by_structure[structure(url)].append(url)
    borrowed = defaultdict(list)
    for url in {_clean(u) for u in seen} - set(articles) - set(listings):
        if len(by_structure.get(structure(url), ())) < FEW and structure(url) in by_structure:
            borrowed[structure(url)].append(url)
    attempts = [[group + borrowed[key] for key, group in by_structure.items()]] if borrowed else []
    attempts.append(list(by_structure.values()))
    why = "no pattern matches every article URL"
    for groups in attempts:
        pattern = _pattern(home, groups, tracked)
        compiled = re.compile(pattern)
        clashes = [u for u in listings if compiled.search(u)]
        if clashes:
            why = f"articles and listings share a URL shape ({clashes[0]} is a listing): the page's metadata will decide"
        elif all(compiled.search(u) for u in articles):
            return Proposal(pattern, f"from {len(articles)} article URLs in {len(by_structure)} shape(s); "
                            f"matches none of {len(listings)} listing URLs", len(articles), len(listings))
    return Proposal(None, why, len(articles), len(listings))
