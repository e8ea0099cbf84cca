"""Listing pages: their links, which of them are pagination, and which page comes next.

A link is pagination when its text is a page number or a "next" word, or when
its address is a page address (``?page=2``, ``/trang-3.html``) and its text
names nothing (an arrow, an icon). A menu link such as "Thời sự" pointing at
``/thoi-su?page=1`` is a section, not pagination: it names something.
"""

from __future__ import annotations

import html
import re

from scrapy.http import TextResponse

from crawler.urls import absolute

PAGINATION_URL = re.compile(
    r"([?&](page|p|trang|pageindex|currentpage|pg)=\d+)|(/(page|trang)[-/]\d+)|"
    r"(/pg\d+\.aspx)|(trang-\d+\.html?)",
    re.IGNORECASE,
)
PAGINATION_TEXT = re.compile(r"^\s*(\d{1,4}|»|›|>|>>|sau|trang sau|tiếp|tiếp theo|next)\s*$", re.IGNORECASE)
NEXT_TEXT = re.compile(r"^(»|›|>|>>|sau|trang sau|tiếp|tiếp theo|next|trang tiếp)\W*$", re.IGNORECASE)
_NAMES_SOMETHING = re.compile(r"[^\W\d_]{2,}")

# An article page is only scanned for links to other articles: a regular
# expression over its text finds them without building the page's DOM in the
# crawl process (the analysis parses the page anyway).
_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


_SLUG = re.compile(r"[^\W_]+(?:-[^\W_]+){2,}")
_NUMBER = re.compile(r"\d+")


def url_shape(url: str) -> str:
    """A URL's path with its words and numbers abstracted: ``/xa-hoi/<slug>-<n>.html``.

    What a maintainer reads to write an article pattern when none matched.
    """
    path = url.split("://", 1)[-1].partition("/")[2].split("?", 1)[0]
    return "/" + _NUMBER.sub("<n>", _SLUG.sub("<slug>", path))


def is_pagination(url: str, text: str) -> bool:
    text = (text or "").strip()
    if PAGINATION_TEXT.match(text) or NEXT_TEXT.match(text):
        return True
    return bool(PAGINATION_URL.search(url)) and not _NAMES_SOMETHING.search(text)


def is_next(text: str, page: int) -> bool:
    """True for the link to the page after ``page``: its number, or a "next" word or arrow."""
    text = (text or "").strip().lower()
    return text == str(page + 1) or bool(NEXT_TEXT.match(text))


def page_links(response: TextResponse) -> list[tuple[str, str]]:
    """(absolute URL, anchor text) of every http(s) link on a page.

    lxml directly: a listing page has a hundred links and more, and per-link
    XPath through parsel costs more than the rest of the page.
    """
    found = []
    for anchor in response.selector.root.iter("a"):
        url = absolute(response.url, anchor.get("href") or "")
        if url:
            found.append((url, " ".join(anchor.text_content().split())))
    return found


def article_page_links(response: TextResponse) -> list[str]:
    """Absolute URLs of every link on an article page, found without a DOM."""
    found = []
    for match in _HREF.finditer(response.text):
        href = (match.group(1) or match.group(2) or match.group(3) or "").strip()
        url = absolute(response.url, html.unescape(href) if "&" in href else href)
        if url:
            found.append(url)
    return found
