"""What a site's home page and the pages around it say about the site: the reading behind ``crawler probe``.

spiders/probe.py fetches (the home page, robots.txt, the feeds and sitemaps it
finds, a sample of the links of every shape); ``read(home, fetched)`` turns
what came back (``Fetched`` values) into a ``Report``:

- feeds (announced, linked, or at the paths common on these sites) and
  sitemaps (robots.txt, /sitemap.xml, news sitemaps marked), with how many
  URLs each lists;
- the article URLs: what feeds and article sitemaps list, and sampled pages
  whose metadata says "article";
- listing pages (pages linking several articles) and their pagination;
- an article pattern (crawler.urlpattern) that matches the articles and none
  of the listings, or none when the URL cannot tell them apart;
- the platform profile whose fingerprint fits best (crawler.profiles);
- the article pages to save for the contract test, with their fetch date.

Values in, values out: no network here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from crawler import profiles, urlpattern
from crawler.encoding import decode
from crawler.extract import ExtractionError, extract_article
from crawler.urls import host

MIN_SCORE = 2.0  # a profile is proposed from this fingerprint score: two markers, or most article URLs in its shape
LISTING_LINKS = 2  # a page that is not an article and links this many articles is a listing
# Sitemaps of categories, tags, authors and static pages list no articles (WordPress's taxonomies, Yoast's).
_NOT_ARTICLE_SITEMAP = re.compile(r"(categor|taxonom|tag|author|user|page-sitemap|sitemap-pages)", re.I)
# A page number: a query value, or a number after "page", "trang" or "pg" in the path.
_PAGE_NUMBER = re.compile(r"([=]|(?:page|trang|pg)[-/]?)\d+(?=[&/.]|$)", re.IGNORECASE)


@dataclass
class Fetched:
    """One answer the probe got, as spiders/probe.py recorded it.

    url: as requested; final_url: after redirects; role: what it was asked as
    ("home", "robots", "feed", "sitemap", "page"); status, content_type, body,
    fetched_at: the answer; error: why there is none ("http-404", "robots.txt");
    kind: "feed", "urlset" or "sitemapindex" when it read as one; entries: the URLs
    a feed or sitemap lists; news: a news sitemap; links: (url, text) of an
    HTML page's links, pagination: those of them that are pagination (spiders/listings.py);
    declares_article: its metadata says it is an article.
    """

    url: str
    role: str
    final_url: str = ""
    status: int = 0
    content_type: str = ""
    body: bytes = b""
    fetched_at: datetime | None = None
    error: str | None = None
    kind: str | None = None
    entries: list[str] = field(default_factory=list)
    news: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)
    pagination: list[str] = field(default_factory=list)
    declares_article: bool = False

    @property
    def is_html(self) -> bool:
        return self.status == 200 and self.error is None and self.kind is None and "html" in (self.content_type or "html")


@dataclass
class Report:
    """What the probe proposes for a site (see the module docstring)."""

    home: str
    name: str | None
    feeds: list[tuple[str, int]]
    sitemaps: list[tuple[str, int, bool]]
    articles: list[str]
    listings: list[str]
    pagination: list[str]
    proposal: urlpattern.Proposal
    profile: str | None
    profile_why: str
    saved: list[Fetched]
    requests: int

    def lines(self) -> list[str]:
        """The report as a maintainer reads it."""
        out = [f"probe of {self.home} ({self.requests} requests)", f"name: {self.name or '?'}"]
        out += [f"feed: {url} ({count} links)" for url, count in self.feeds] or ["feeds: none found"]
        out += [f"sitemap: {url} ({count} URLs{', news' if news else ''})" for url, count, news in self.sitemaps] or [
            "sitemaps: none found"]
        out.append(f"article URLs seen: {len(self.articles)}" + (f", e.g. {self.articles[0]}" if self.articles else ""))
        out += [f"listing: {url}" for url in self.listings[:8]] or ["listings: none found"]
        out += [f"pagination: {shape}" for shape in self.pagination] or ["pagination: none found"]
        out.append(f"article pattern: {self.proposal.pattern or 'none'} ({self.proposal.why})")
        out.append(f"profile: {self.profile or 'none'} ({self.profile_why})")
        out += [f"article page: {page.final_url} (fetched {page.fetched_at:%Y-%m-%d %H:%M}Z)" for page in self.saved]
        return out

    def as_dict(self) -> dict:
        return {
            "home": self.home, "name": self.name, "feeds": [u for u, _n in self.feeds],
            "sitemaps": [u for u, _n, _news in self.sitemaps], "news_sitemaps": [u for u, _n, news in self.sitemaps if news],
            "articles": self.articles, "listings": self.listings, "pagination": self.pagination,
            "article_pattern": self.proposal.pattern, "pattern_why": self.proposal.why,
            "profile": self.profile, "profile_why": self.profile_why,
            "saved": [{"url": p.final_url, "fetched": p.fetched_at.isoformat()} for p in self.saved],
            "requests": self.requests,
        }


def article_sitemap(url: str) -> bool:
    """False for sitemaps of categories, tags, authors or static pages, which list no article."""
    return not _NOT_ARTICLE_SITEMAP.search(url)


def _on_site(url: str, domain: str) -> bool:
    name = host(url)
    return name == domain or name.endswith("." + domain)


def _article_evidence(fetched: list[Fetched], domain: str) -> list[str]:
    """Article URLs: what feeds and article sitemaps list, and pages that declare themselves articles."""
    found: list[str] = []
    for item in fetched:
        if item.kind == "feed" or (item.kind == "urlset" and article_sitemap(item.final_url or item.url)):
            found += [u for u in item.entries if _on_site(u, domain)]
        elif item.is_html and item.declares_article and item.role != "home":
            found.append(item.final_url)
    return list(dict.fromkeys(found))


def _not_articles(fetched: list[Fetched], articles: set[str], home: str) -> tuple[list[str], list[str], list[str]]:
    """(listing pages, their pagination links, every URL known not to be an article): the home page,
    pages linking several articles, pagination links, pages without article metadata where articles
    declare it."""
    declared = any(f.declares_article for f in fetched if f.final_url in articles)
    listings: list[str] = []
    pagination: list[str] = []
    others = [home]
    for item in fetched:
        if not item.is_html or item.final_url in articles:
            continue
        linked = sum(1 for url, _text in item.links if url in articles)
        if item.role == "home" or linked >= LISTING_LINKS:
            pagination += [url for url in item.pagination if url not in articles]
        if item.role != "home" and linked >= LISTING_LINKS:
            listings.append(item.final_url)
        if item.role != "home" and (linked >= LISTING_LINKS or (declared and not item.declares_article)):
            others.append(item.final_url)
    pagination = list(dict.fromkeys(pagination))
    return list(dict.fromkeys(listings)), pagination, list(dict.fromkeys(others + pagination))


def pagination_shape(url: str) -> str:
    """A pagination URL's path and query with its page number as N: "/kinh-te/?page=N", "/tin-tuc/page/N/"."""
    return _PAGE_NUMBER.sub(lambda m: m.group(1) + "N", profiles.target(url))


def guess_profile(pages: list[str], article_urls: list[str], known: dict | None = None) -> tuple[str | None, str]:
    """(the profile whose fingerprint fits ``pages`` (sources) and ``article_urls`` best, why)."""
    known = profiles.packaged() if known is None else known
    scored = []
    for name, profile in known.items():
        markers = profile.fingerprint.markers(pages)
        share = profile.fingerprint.url_share(article_urls)
        scored.append((len(markers) + 2 * share, name, markers, share))
    scored.sort(key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < MIN_SCORE:
        best = f"; closest: {scored[0][1]}" if scored and scored[0][0] > 0 else ""
        return None, f"no profile's fingerprint fits{best}"
    score, name, markers, share = scored[0]
    if len(scored) > 1 and scored[1][0] == score:
        return None, f"{name} and {scored[1][1]} fit alike: choose one by hand"
    reasons = [f"markup: {', '.join(markers)}"] if markers else []
    if share:
        reasons.append(f"{share:.0%} of the article URLs have its shape")
    return name, "; ".join(reasons)


def site_name(page: Fetched | None) -> str | None:
    """The name the home page gives its site: og:site_name, else its <title>."""
    if page is None or not page.body:
        return None
    text = decode(page.body).text
    for pattern in (r"""<meta[^>]+property=["']og:site_name["'][^>]+content=["']([^"']+)""", r"<title[^>]*>([^<]+)</title>"):
        found = re.search(pattern, text, re.IGNORECASE)
        if found and found.group(1).strip():
            return " ".join(html.unescape(found.group(1)).split())
    return None


def _saveable(page: Fetched, url: str) -> bool:
    try:
        extract_article(page.body, url)
    except ExtractionError:
        return False
    return True


def read(home: str, fetched: list[Fetched], *, save: int = 2, known: dict | None = None) -> Report:
    """The report on the site at ``home`` from what the probe fetched (``save``: article pages to keep)."""
    landing = next((f for f in fetched if f.role == "home" and f.status == 200), None)
    home = landing.final_url if landing else home
    domain = host(home).removeprefix("www.")
    articles = _article_evidence(fetched, domain)
    listings, pagination, not_articles = _not_articles(fetched, set(articles), home)
    seen = [url for f in fetched if f.is_html for url, _t in f.links if _on_site(url, domain)]
    proposal = urlpattern.propose(articles, not_articles, seen, home=home)
    matcher = re.compile(proposal.pattern) if proposal.pattern else None
    if matcher is not None:
        # The pattern knows more articles than the evidence: listings are the pages linking them.
        linked = set(articles) | {url for url in seen if matcher.search(url)}
        listings, pagination, _others = _not_articles(fetched, linked, home)
    article_pages = [f for f in fetched if f.is_html and f.final_url in set(articles) and f.role != "home"
                     and (matcher is None or matcher.search(f.final_url))]
    sources = [decode(f.body).text for f in [landing, *article_pages] if f is not None and f.body]
    profile, why = guess_profile(sources, articles, known)
    feeds = [(f.final_url or f.url, len(f.entries)) for f in fetched if f.kind == "feed"]
    sitemaps = [(f.final_url or f.url, len(f.entries), f.news) for f in fetched if f.kind in ("urlset", "sitemapindex")]
    listings = [url for url in listings if url.rstrip("/") != home.rstrip("/")]
    saved = [p for p in article_pages if _saveable(p, p.final_url)][:save]
    shapes = sorted({shape for shape in map(pagination_shape, pagination) if "N" in shape})
    return Report(home, site_name(landing), feeds, sitemaps, articles, listings, shapes, proposal, profile, why,
                  saved, len(fetched))


def suggested_slug(home: str) -> str:
    """A registry slug from the home page's host: baoyenbai.com.vn → baoyenbai, congan.sonla.gov.vn → congan_sonla."""
    name = (urlsplit(home).hostname or "site").lower().removeprefix("www.")
    name = re.sub(r"(\.(com|gov|org|net|edu))?\.vn$|\.(com|net|org|test|info)$", "", name)
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_") or "site"
