"""Class, id, rel and itemprop names that mark page furniture, read in one pass.

``read(tree) -> Marks``: the elements whose names say caption, sapo, chrome or
author, each list in page order. The pass walks the attribute values lxml
returns for one XPath instead of every element, which keeps it to a fraction
of trafilatura's own time on large pages.
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

_ANY = re.compile("|".join(p.pattern for p in (CAPTION, LEAD, CHROME, AUTHOR)), re.IGNORECASE)
_NAMES = etree.XPath("//body//@class | //body//@id | //body//@rel | //body//@itemprop")


@dataclass
class Marks:
    """Elements marked by their names, each list in page order."""

    captions: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    chrome: list = field(default_factory=list)
    authors: list = field(default_factory=list)


def marker(el) -> str:
    """An element's class and id, the names the patterns read."""
    return f"{el.get('class', '')} {el.get('id', '')}"


@lru_cache(maxsize=16384)
def _may_mark(value: str) -> bool:
    # Cached: class names repeat within a page and across the pages of a site.
    return bool(_ANY.search(value))


def read(tree) -> Marks:
    """The marked elements of ``tree``."""
    found = Marks()
    seen: set = set()
    for value in _NAMES(tree):
        if not _may_mark(str(value)):
            continue
        el = value.getparent()
        if el in seen or not isinstance(el.tag, str):
            continue
        seen.add(el)
        names = marker(el)
        if CAPTION.search(names):
            found.captions.append(el)
        if LEAD.search(names) and not NOT_LEAD.search(names):
            found.leads.append(el)
        if CHROME.search(names):
            found.chrome.append(el)
        relations = f"{el.get('rel', '')} {el.get('itemprop', '')}".split()
        if "author" in relations or (AUTHOR.search(names) and not NOT_AUTHOR.search(names)):
            found.authors.append(el)
    return found
