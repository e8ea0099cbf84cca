"""A page's publication and update dates, from what the page itself states.

- ``page_date(html, url=None, site=None, fetched=None)``: from page metadata,
  then the site's date element, then a visible date near the headline, then
  the dateline with the URL's year, then the URL, then htmldate. Never an
  update date, never a date after the fetch.
- ``page_updated(html, ...)``: the page's last-modified date when it states one.

The strings themselves are read by ``crawler.dates.parse_date``. A page is
parsed once (``ParsedPage``, with the extraction's parser, or the extraction's
own tree in the crawl's analysis).
"""

from __future__ import annotations

import html as html_module
import itertools
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from lxml import etree

from crawler import profiles
from crawler.dates import VN_TZ, as_reference, date_from_url, find_dateline, parse_date, year_from_url
from crawler.extract import ExtractionError, parse


@dataclass(frozen=True)
class PageDate:
    """A page's date: ``value`` (datetime or date), the page's own words, the rule that found it."""

    value: datetime | date
    raw: str
    source: str


_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("itemprop", "datePublished"),
    ("property", "og:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "article:published_time"),
    ("name", "dc.date.issued"),
    ("name", "DC.date.issued"),
    ("name", "date"),
    ("property", "datePublished"),
)
_MODIFIED_META = (
    ("property", "article:modified_time"),
    ("itemprop", "dateModified"),
    ("property", "og:updated_time"),
    ("name", "lastmod"),
    ("name", "last-modified"),
)
# "Cập nhật" as typed on these sites, typos included: "Cập nhât", "Cập nhập", "Cạp nhật".
_UPDATE = r"(?:c[ậạâa]p\s+nh[ậâạa][tp]|cap\s+nhat|updated?)"
_UPDATE_LABEL = re.compile(rf"^\W*(?:ngày\s+)?(?:{_UPDATE}|sửa lúc|chỉnh sửa)", re.IGNORECASE)
# The label in a page's lower-cased source: re.IGNORECASE over 100 KB of Vietnamese, a
# case-sensitive pattern naming both cases of each letter, or an XPath regular expression over
# every element, costs several milliseconds; this about one (the pattern opens on "c" or "u").
_UPDATE_IN_SOURCE = re.compile(r"(?:c[ậạâa]p\s+nh[ậâạa][tp]|cap\s+nhat|updated?)\b")
_TAG = re.compile(r"<[^>]*>")
_UPDATE_TEXT = re.compile(rf"{_UPDATE}\s*(lúc|ngày|:)?\s*:?\s*(?P<rest>.{{6,60}})", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|ngay|publish|post-?meta|posted|dateline|thoi-?gian|ngay-?dang", re.IGNORECASE)
_NOT_PUBLISHED_CLASS = re.compile(r"updat|modif|comment|weather|thoitiet|lich|calendar|clock", re.IGNORECASE)
_HEADER_CLASS = re.compile(r"(^|[\s_-])(header|top-?bar|topbar|navbar|nav|menu|masthead|banner|toolbar)([\s_-]|$)", re.IGNORECASE)

# The attributes the metadata rules read: an element is in the index under each of them.
_META_ATTRIBUTES = etree.XPath("//@property | //@name | //@itemprop")
_META_NAMES = frozenset(name for _attr, name in _PUBLISHED_META + _MODIFIED_META)


@lru_cache(maxsize=16384)
def _date_marked(marker: str) -> bool:
    """An element's class and id name a date (cached: names repeat within a page and a site)."""
    return bool(_DATE_CLASS.search(marker))


class ParsedPage:
    """A page parsed once for the date rules: its tree, its text, its metadata.

    ``page_date`` and ``page_updated`` accept one in place of the HTML, so a
    caller that needs both parses the page once; ``tree``: the page already
    parsed by ``crawler.extract.parse``, to share it with the extraction (the
    date rules read it before the extraction changes it).
    """

    def __init__(self, html: str | bytes, tree=None):
        self.html = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
        self.tree = tree if tree is not None else _parse(self.html)
        self._meta: dict[tuple[str, str], list] | None = None
        self._jsonld: list | None = None
        self._updated: dict = {}

    def meta(self, attr: str, name: str) -> list:
        """Elements whose ``attr`` is exactly ``name`` (a pair of the rules' tables), in page order."""
        if self._meta is None:
            self._meta = {}
            for value in _META_ATTRIBUTES(self.tree):  # in page order; the rules read a few names
                if value in _META_NAMES:
                    self._meta.setdefault((value.attrname, str(value)), []).append(value.getparent())
        return self._meta.get((attr, name), [])

    def jsonld(self) -> list:
        """The page's JSON-LD blocks, decoded (malformed ones skipped)."""
        if self._jsonld is None:
            self._jsonld = []
            for script in self.tree.iter("script"):
                if script.get("type") != "application/ld+json" or not script.text:
                    continue
                try:
                    self._jsonld.append(json.loads(script.text))
                except ValueError:
                    continue
        return self._jsonld


def _parse(html: str):
    try:
        return parse(html)
    except ExtractionError:  # empty, not HTML, no body, too large: no date to read
        return None


def _page(html) -> ParsedPage | None:
    page = html if isinstance(html, ParsedPage) else ParsedPage(html or "")
    return page if page.tree is not None else None


def _fetched(fetched) -> datetime:
    return as_reference(fetched) if fetched is not None else datetime.now(VN_TZ)


def _not_after(value, fetched: datetime) -> bool:
    if isinstance(value, datetime):
        return value <= fetched + timedelta(minutes=5)
    return value <= fetched.date()


def _meta_values(page: ParsedPage, pairs) -> list[tuple[str, str]]:
    found = []
    for attr, name in pairs:
        for el in page.meta(attr, name):
            value = el.get("content") or el.get("datetime") or (el.text_content() if el.tag != "meta" else "")
            if value and value.strip():
                found.append((f"meta:{name}", value.strip()))
    return found


def _jsonld_values(page: ParsedPage, key: str) -> list[tuple[str, str]]:
    found = []
    stack = list(reversed(page.jsonld()))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get(key), str):
                found.append((f"jsonld:{key}", item[key]))
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return found


def _in_header(el) -> bool:
    for ancestor in el.iterancestors():
        if ancestor.tag in ("header", "nav"):
            return True
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if _HEADER_CLASS.search(marker):
            return True
    return False


def _text_candidates(tree) -> list[tuple[str, str]]:
    """Visible dates in elements marked as dates, those after the headline first."""
    anchor = next(tree.iter("h1"), None)
    before, after = [], []
    passed = anchor is None
    for el in tree.iter():
        if el is anchor:
            passed = True
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "link", "head", "html", "body"):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag != "time" and not _date_marked(marker):
            continue
        if _NOT_PUBLISHED_CLASS.search(marker) or _in_header(el):
            continue
        text = " ".join(el.text_content().split())
        if not text or len(text) > 120 or _UPDATE_LABEL.search(text):
            continue
        (after if passed else before).append(("page-text", text))
    return after + before


def _first_paragraph(tree) -> str:
    for el in tree.xpath("//h1/following::p[normalize-space()][1] | //article//p[normalize-space()][1]"):
        return " ".join(el.text_content().split())
    return ""


def page_date(html, *, url: str | None = None, site=None, fetched=None) -> PageDate | None:
    """The page's publication date (see the module docstring for the order of rules).

    ``html``: the page as text or bytes, or a ``ParsedPage``.
    """
    page = _page(html)
    if page is None:
        return None
    tree = page.tree
    now = _fetched(fetched)

    def accept(source, raw, reference=now):
        value = parse_date(raw, url=url, reference=reference)
        if value is not None and _not_after(value, now):
            return PageDate(value, raw, source)
        return None

    for source, raw in _meta_values(page, _PUBLISHED_META) + _jsonld_values(page, "datePublished"):
        if (found := accept(source, raw)) is not None:
            return found
    for el in tree.xpath("//time[@datetime][@pubdate or @itemprop='datePublished' or contains(@class,'publish')]"):
        if (found := accept("time", el.get("datetime"))) is not None:
            return found
    selector = profiles.date_place(site, fetched)
    if selector:
        for el in tree.cssselect(selector):
            text = " ".join(el.text_content().split())
            if text and (found := accept("site-selector", text)) is not None:
                return found
    for el in tree.xpath("//time[@datetime]"):
        if not _NOT_PUBLISHED_CLASS.search(el.get("class", "")) and not _in_header(el):
            if (found := accept("time", el.get("datetime"))) is not None:
                return found
    for source, text in _text_candidates(tree):
        if (found := accept(source, text)) is not None:
            return found
    line = find_dateline(_first_paragraph(tree))
    if line and year_from_url(url):
        if (found := accept("dateline+url", line)) is not None:
            return found
    from_url = date_from_url(url)
    if from_url is not None and _not_after(from_url, now):
        return PageDate(from_url, url, "url")
    found = _htmldate(page.tree, now)
    if found is not None:
        # htmldate falls back on a modification date when a page states nothing else.
        updated = page_updated(page, url=url, site=site, fetched=now)
        if updated is not None and _day(updated.value) == _day(found.value):
            return None
    return found


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _htmldate(tree, now: datetime) -> PageDate | None:
    """Last resort: htmldate's quick search, bounded by the fetch date (on a copy of the tree it is given)."""
    try:
        from htmldate import find_date

        found = find_date(
            tree,
            extensive_search=False,
            original_date=True,
            max_date=now.date().isoformat(),
        )
    except Exception:
        return None
    if not found:
        return None
    value = date.fromisoformat(found)
    return PageDate(value, found, "htmldate") if _not_after(value, now) else None


def page_updated(html, *, url: str | None = None, site=None, fetched=None) -> PageDate | None:
    """The page's last-update date when it states one (metadata, JSON-LD, "Cập nhật: …")."""
    page = _page(html)
    if page is None:
        return None
    now = _fetched(fetched)
    if (url, now) not in page._updated:  # page_date asks too, when it falls back on htmldate
        page._updated[url, now] = _updated(page, url, now)
    return page._updated[url, now]


def _updated(page: ParsedPage, url: str | None, now: datetime) -> PageDate | None:
    for source, raw in itertools.chain(_meta_values(page, _MODIFIED_META) + _jsonld_values(page, "dateModified"),
                                       _updated_labels(page)):  # the source is read only when metadata says nothing
        value = parse_date(raw, url=url, reference=now)
        if value is not None and _not_after(value, now):
            return PageDate(value, raw, source)
    return None


def _updated_labels(page: ParsedPage):
    """"Cập nhật: 08:30 | 22/03/2018", read from the source: the label, then its words with tags dropped."""
    lowered = page.html.lower()
    for found in itertools.islice(_UPDATE_IN_SOURCE.finditer(lowered), 8):
        words = " ".join(html_module.unescape(_TAG.sub(" ", lowered[found.start(): found.start() + 240])).split())
        match = _UPDATE_TEXT.match(words)
        if match:
            yield "page-text", match.group("rest")
