"""What a page says about itself: ``<meta>``, JSON-LD, the visible headline, the site's own names.

``read(tree, url, site) -> PageMeta``. Nothing here reads the article body.
The headline is the one printed on the page (the article's ``<h1>``) when the
page prints one: og:title is often a rewritten headline for social media, and
a ``<title>`` carries the site's name. An ``<h1>`` the page does not show
(``display:none``, ``hidden``: a template's "Mobile" placeholder) is no headline;
``page_title`` makes the final choice with the headline found in the article's block.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.vntext import fold

_SITE_SUFFIX = re.compile(r"\s+[-|–—:»]\s+[^-|–—»]{2,60}$")
_SITE_WORDS = re.compile(r"(báo|cổng|công an|đài|trang|tạp chí|thông tin|điện tử|portal|online|news|\.vn|\.com)", re.I)
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|WebPage)$")
_CHROME_ANCESTORS = {"header", "nav", "footer", "aside"}
_WORD = re.compile(r"\w+")
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class PageMeta:
    """Metadata of one page.

    title: the headline as printed; description: the meta description;
    meta_authors: ``<meta name=author>`` and the like, as written;
    person_authors: JSON-LD authors of type Person, in order;
    site_names: the site's own names, folded (``fold``, spaces removed), to
      tell a byline from the site signing its pages;
    hidden_headings: texts only ``<h1>`` elements the page does not show print;
    image, section, tags, language: as the page declares them.
    """

    title: str | None = None
    description: str | None = None
    meta_authors: list[str] = field(default_factory=list)
    person_authors: list[str] = field(default_factory=list)
    site_names: set[str] = field(default_factory=set)
    hidden_headings: set[str] = field(default_factory=set)
    image: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None


def text_of(el) -> str:
    """An element's text with whitespace tidied."""
    return " ".join(el.text_content().split())


def _meta_index(tree) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased property/name/itemprop, in page order."""
    index: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = " ".join((el.get("content") or "").split())
        if not content:
            continue
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key:
                index.setdefault(key.lower(), []).append(content)
    return index


def _first(index: dict, *names: str) -> str | None:
    for name in names:
        if index.get(name):
            return index[name][0]
    return None


def _json_ld_objects(tree) -> list[dict]:
    """Every JSON object of the page's JSON-LD, nested @graph and lists flattened."""
    found: list[dict] = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        pending = [data]
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                pending.extend(v for k, v in item.items() if k == "@graph" or k == "mainEntity")
    return found


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type") or []
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _json_ld_people(objects: list[dict]) -> list[str]:
    """Names of the article's JSON-LD authors that are persons."""
    names: list[str] = []
    for obj in objects:
        if not any(_ARTICLE_TYPES.search(t) for t in _types(obj)):
            continue
        authors = obj.get("author") or []
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and "Person" in _types(author) and isinstance(author.get("name"), str):
                name = " ".join(author["name"].split())
                if name and name not in names:
                    names.append(name)
    return names


def _json_ld_publishers(objects: list[dict]) -> list[str]:
    names = []
    for obj in objects:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        if any(t in ("Organization", "NewsMediaOrganization", "WebSite") for t in _types(obj)) and isinstance(obj.get("name"), str):
            names.append(obj["name"])
    return names


def site_key(name: str) -> str:
    """The folded form names are compared in: no accents, no case, no spaces or dots."""
    return re.sub(r"[\s.\-]+", "", fold(name))


def _site_names(index: dict, objects: list[dict], url: str, site) -> set[str]:
    names = list(index.get("og:site_name", [])) + list(index.get("application-name", [])) + _json_ld_publishers(objects)
    if site is not None:
        names.append(site.name)
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if host:
        names += [host, host.split(".")[0]]
    return {site_key(n) for n in names if n.strip()}


def strip_site_suffix(title: str) -> str:
    """"Headline - Báo Hà Giang" → "Headline"."""
    match = _SITE_SUFFIX.search(title)
    if match and _SITE_WORDS.search(match.group(0)):
        return title[: match.start()].strip()
    return title.strip()


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _hidden(el) -> bool:
    """The element or one around it is not shown (inline ``display:none``, ``hidden``)."""
    return any(e.get("hidden") is not None or _HIDING_STYLE.search(e.get("style") or "") for e in (el, *el.iterancestors()))


def _headings(tree) -> tuple[list[str], set[str]]:
    """Texts of the page's shown ``<h1>`` outside header, navigation and footer, in page order,
    and the texts only hidden ``<h1>`` print."""
    found, hidden, shown = [], set(), set()
    for h1 in tree.iter("h1"):
        text = text_of(h1)
        if _hidden(h1):
            hidden.add(text)
            continue
        shown.add(text)
        if any(a.tag in _CHROME_ANCESTORS for a in h1.iterancestors()):
            continue
        if text and len(text) <= 400 and text not in found:
            found.append(text)
    return found, hidden - shown


def headline(tree, index: dict, site_names: set[str], headings: list[str]) -> str | None:
    """The headline as printed: the article's h1 (of ``headings``) when there is one, else og:title, else <title>."""
    og = _first(index, "og:title", "twitter:title")
    doc_titles = tree.xpath("//head/title/text()") or tree.xpath("//title/text()")
    named = strip_site_suffix(og) if og else (strip_site_suffix(" ".join(doc_titles[0].split())) if doc_titles else None)
    heads = [h for h in headings if site_key(h) not in site_names]
    if not heads:
        return named
    if named:
        # The h1 that shares most words with og:title/<title>; an unrelated h1 is a logo or section name.
        reference = _words(named)
        best = max(heads, key=lambda h: len(_words(h) & reference) / max(1, len(_words(h))))
        if len(_words(best) & reference) >= 0.4 * min(len(_words(best)), len(reference)):
            return best
        return named
    return heads[0] if len(heads[0].split()) >= 3 else None


def read(tree, url: str, site=None) -> PageMeta:
    """The page's metadata (``site``: the registry entry, for its name)."""
    index = _meta_index(tree)
    objects = _json_ld_objects(tree)
    site_names = _site_names(index, objects, url, site)
    keywords = _first(index, "keywords", "news_keywords") or ""
    language = tree.get("lang") or _first(index, "og:locale") or ""
    headings, hidden = _headings(tree)
    meta_authors = [a for name in ("author", "article:author", "dc.creator", "dcterms.creator") for a in index.get(name, [])]
    return PageMeta(
        title=headline(tree, index, site_names, headings),
        description=_first(index, "description", "og:description"),
        meta_authors=meta_authors,
        person_authors=_json_ld_people(objects),
        site_names=site_names,
        hidden_headings=hidden,
        image=_first(index, "og:image"),
        section=_first(index, "article:section"),
        tags=[t.strip() for t in keywords.split(",") if t.strip()][:30],
        language=language.split("-")[0].split("_")[0].lower() or None,
    )


def page_title(article_headline: str | None, meta: PageMeta) -> str | None:
    """The title to store: the h1 printed in the article's block (crawler.extract.furniture) when
    the page shows it and it is not the site's name, else the page's own headline (``meta.title``)."""
    if not article_headline or article_headline in meta.hidden_headings or site_key(article_headline) in meta.site_names:
        return meta.title
    return article_headline
