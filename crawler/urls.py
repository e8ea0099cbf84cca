"""URLs read the way browsers read them, and the one key of a page everywhere.

``canonical(url)`` is the key the frontier, the ownership check and the store
all use, so a page has one address in the archive: WHATWG parsing through
w3lib (a backslash is a slash, hosts in IDNA, percent-encoding made uniform,
dot segments resolved, query arguments sorted), no fragment, no default port,
no tracking parameters, no user name or password. ``owns(url, domains)`` reads
the host from that same parse, so ``https://evil.example\\@site.vn/`` belongs to
evil.example, as it does in a browser. Requests go to the address as linked
(``absolute``); only keys are canonical.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS
from w3lib.url import canonicalize_url, safe_url_string

TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zalo_?\w*|_ga)$", re.IGNORECASE)
NON_HTTP = ("mailto:", "javascript:", "tel:", "data:", "sms:", "ftp:", "file:", "viber:", "zalo:", "skype:")
_SKIPPED = frozenset("." + ext for ext in IGNORED_EXTENSIONS)


@lru_cache(maxsize=65536)
def canonical(url: str) -> str:
    """The page's key: see the module docstring. A URL that is not http(s) comes back parsed but unchanged in kind."""
    parts = urlsplit(canonicalize_url(safe_url_string(url.strip()), keep_fragments=False))
    host = (parts.hostname or "").rstrip(".")
    port = parts.port if parts.port not in (None, 80 if parts.scheme == "http" else 443) else None
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", _without_tracking(parts.query), ""))


def untracked(url: str) -> str:
    """``url`` as linked without its tracking parameters, nothing else changed.

    Feeds and shares append ``utm_…`` to article links; an article pattern
    anchored at the URL's end must still see an article there.
    """
    head, mark, rest = url.partition("?")
    if not mark:
        return url
    query, hash_, fragment = rest.partition("#")
    kept = _without_tracking(query)
    return head + ("?" + kept if kept else "") + hash_ + fragment


def _without_tracking(query: str) -> str:
    return "&".join(pair for pair in query.split("&") if pair and not TRACKING.match(pair.split("=", 1)[0]))


def has_userinfo(url: str) -> bool:
    """True when the URL, parsed as a browser would, carries a user name or password."""
    return urlsplit(safe_url_string(url.strip())).username is not None


def host(url: str) -> str:
    """The host a browser would contact for ``url`` (lower case, IDNA)."""
    return (urlsplit(safe_url_string(url.strip())).hostname or "").rstrip(".")


def owns(url: str, domains) -> bool:
    """True when ``url`` is http(s), has no user info, and its host is one of ``domains`` or under one."""
    parts = urlsplit(safe_url_string(url.strip()))
    if parts.scheme not in ("http", "https") or parts.username is not None:
        return False
    name = (parts.hostname or "").rstrip(".")
    return any(name == d or name.endswith("." + d) for d in domains)


def is_fetchable(url: str) -> bool:
    """False for links never worth a request: non-HTTP schemes and files (images, documents, media)."""
    if url.lower().startswith(NON_HTTP):
        return False
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot < 0 or path[dot:] not in _SKIPPED


def absolute(base: str, href: str) -> str | None:
    """The absolute URL to request for a link found on the page at ``base`` (as linked, no fragment).

    None for non-HTTP links. Requests go to the address as the site wrote it
    (some servers care about the order of query arguments); ``canonical`` is its key.
    """
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(NON_HTTP):
        return None
    if href.startswith("/") and not href.startswith("//"):
        # Menus repeat on every page of a site: their root-relative links are worth a cache.
        slash = base.find("/", base.find("//") + 2)
        return _rooted(base if slash < 0 else base[:slash], href)
    url = _requestable(urljoin(base, href))
    return url if url.startswith(("http://", "https://")) else None


@lru_cache(maxsize=65536)
def _rooted(root: str, href: str) -> str | None:
    url = _requestable(root + href)
    return url if url.startswith(("http://", "https://")) else None


@lru_cache(maxsize=65536)
def _requestable(url: str) -> str:
    return safe_url_string(url).split("#", 1)[0]
