"""Class, id, rel and itemprop names that mark page furniture, read in one pass.

``read(tree) -> Marks``: the elements whose names say caption, sapo, chrome or
author, each list in page order. One walk over the page; the patterns run once
per distinct name (cached), and not at all on names holding none of their words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

CAPTION = re.compile(
    r"(^|[\s_-])(caption|captions|image_desc|img_desc|imgdesc|img-desc|desc_image|photo-?desc|photo_?caption|"
    r"image-?caption|wp-caption-text|photocms_caption|chu-?thich(-anh)?|chuthich|pic-?desc|image_note)($|[\s_-])",
    re.IGNORECASE,
)
LEAD = re.compile(
    r"(^|[\s_-])(sapo|lead|summary|description|chapeau|intro|tom-?tat|short_intro|excerpt|detail-sapo|"
    r"article-sapo|news-sapo|sapo_detail|desc|standfirst|subtitle|dek)($|[\s_-])",
    re.IGNORECASE,
)
NOT_LEAD = re.compile(r"(author|bio|avatar|caption|related|teaser|item|list|card|meta|nav|menu)", re.I)
CHROME = re.compile(
    r"(^|[\s_-])(breadcrumbs?|share|sharing|social|print|comment|comments|related|tin-?lien-?quan|tinlienquan|"
    r"relate|tags?|toolbar|tools|rating|vote|banner|advert|ads|quangcao|menu|nav|navbar|footer|sidebar|"
    r"box-?hot|most-?read|xem-?them|other-?news|newsletter|subscribe|copyright)($|[\s_-])",
    re.IGNORECASE,
)
AUTHOR = re.compile(r"(^|[\s_-])(author|authors|byline|tac-?gia|tacgia|writer|author-name|author_name)($|[\s_-])", re.I)
NOT_AUTHOR = re.compile(r"(bio|avatar|img|image|photo|info-detail|desc|about|box-author-list)", re.I)

# A token (names split at spaces, "-" and "_") every match of the patterns above holds: names
# without one skip the patterns. Keep in step with them.
_TOKENS = re.compile(r"[\s_-]+")
_TRIGGERS = frozenset(
    "caption captions desc imgdesc photodesc photocaption imagecaption chuthich thich picdesc note "
    "sapo lead summary description chapeau intro tomtat tat excerpt standfirst subtitle dek "
    "breadcrumb breadcrumbs share sharing social print comment comments related tinlienquan lienquan quan relate "
    "tag tags toolbar tools rating vote banner advert ads quangcao menu nav navbar footer sidebar boxhot hot "
    "mostread read xemthem them othernews news newsletter subscribe copyright "
    "author authors byline tacgia gia writer".split()
)


@dataclass
class Marks:
    """Elements marked by their names, each list in page order; ``order``: every element of the
    body → its position in the page (the same walk records it)."""

    captions: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    chrome: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    order: dict = field(default_factory=dict)


def marker(el) -> str:
    """An element's class and id, the names the patterns read."""
    return f"{el.get('class', '')} {el.get('id', '')}"


@lru_cache(maxsize=16384)
def _kinds(names: str) -> tuple[bool, bool, bool, bool]:
    """(caption, lead, chrome, author) for an element's class and id; cached, as names repeat
    within a page and across the pages of a site."""
    if _TRIGGERS.isdisjoint(_TOKENS.split(names.lower())):
        return (False, False, False, False)
    return (
        bool(CAPTION.search(names)),
        bool(LEAD.search(names)) and not NOT_LEAD.search(names),
        bool(CHROME.search(names)),
        bool(AUTHOR.search(names)) and not NOT_AUTHOR.search(names),
    )


def read(tree) -> Marks:
    """The marked elements of ``tree``."""
    found = Marks()
    body = tree.find(".//body")
    for position, el in enumerate((body if body is not None else tree).iter(etree.Element)):
        found.order[el] = position
        names = marker(el)
        caption, lead, chrome, author = _kinds(names) if names != " " else (False, False, False, False)
        relations = f"{el.get('rel', '')} {el.get('itemprop', '')}"
        if len(relations) > 1 and "author" in relations.split():
            author = True
        for kind, marked in ((found.captions, caption), (found.leads, lead), (found.chrome, chrome), (found.authors, author)):
            if marked:
                kind.append(el)
    return found
