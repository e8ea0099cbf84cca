"""Class, id, rel and itemprop names that mark page furniture, read in one pass.

``read(tree) -> Marks``: the elements whose names say caption, sapo, chrome or
author, each list in page order, with every element's position and the
elements that print text. One walk over the page (on real pages a walk in
Python costs less than the same selection by XPath); the patterns run once per
distinct name (cached), and not at all on names holding none of their words.
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

# For each pattern, the tokens (names split at spaces, "-" and "_") one of which every match
# holds: a name without one skips the pattern. Keep in step with the patterns.
_TOKENS = re.compile(r"[\s_-]+")
_CAPTION_TOKENS = frozenset(
    "caption captions desc imgdesc photodesc photocaption imagecaption chuthich thich picdesc note".split()
)
_LEAD_TOKENS = frozenset("sapo lead summary description chapeau intro tomtat tat excerpt desc standfirst subtitle dek".split())
_CHROME_TOKENS = frozenset(
    "breadcrumb breadcrumbs share sharing social print comment comments related tinlienquan lienquan quan relate "
    "tag tags toolbar tools rating vote banner advert ads quangcao menu nav navbar footer sidebar boxhot hot "
    "mostread read xemthem them othernews news newsletter subscribe copyright".split()
)
_AUTHOR_TOKENS = frozenset("author authors byline tacgia gia writer".split())
_TRIGGERS = _CAPTION_TOKENS | _LEAD_TOKENS | _CHROME_TOKENS | _AUTHOR_TOKENS
_NO_KINDS = (False, False, False, False)

_XML_SPACE = " \t\n\r"  # XPath's normalize-space() strips these, and only these


@dataclass
class Marks:
    """Elements marked by their names, each list in page order; ``order``: every element of the
    body → its position in the page; ``printing``: the elements in the body with text of their
    own, and their parents (a paragraph made only of links or bold runs), in page order, as
    ``//body//*[text()[normalize-space()]] | //body//*[*[text()[normalize-space()]]]`` selects
    them. The same walk records all of it."""

    captions: list = field(default_factory=list)
    leads: list = field(default_factory=list)
    chrome: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    order: dict = field(default_factory=dict)
    printing: list = field(default_factory=list)


def marker(el) -> str:
    """An element's class and id, the names the patterns read."""
    return f"{el.get('class', '')} {el.get('id', '')}"


@lru_cache(maxsize=16384)
def _kinds(names: str) -> tuple[bool, bool, bool, bool]:
    """(caption, lead, chrome, author) for an element's class and id; cached, as names repeat
    within a page and across the pages of a site (a page of a site not seen before has a hundred
    or more names of its own: the patterns run only where their tokens are)."""
    tokens = set(_TOKENS.split(names.lower()))
    if _TRIGGERS.isdisjoint(tokens):
        return _NO_KINDS
    kinds = (
        not _CAPTION_TOKENS.isdisjoint(tokens) and bool(CAPTION.search(names)),
        not _LEAD_TOKENS.isdisjoint(tokens) and bool(LEAD.search(names)) and not NOT_LEAD.search(names),
        not _CHROME_TOKENS.isdisjoint(tokens) and bool(CHROME.search(names)),
        not _AUTHOR_TOKENS.isdisjoint(tokens) and bool(AUTHOR.search(names)) and not NOT_AUTHOR.search(names),
    )
    return kinds if any(kinds) else _NO_KINDS


def read(tree) -> Marks:
    """The marked elements of ``tree``."""
    found = Marks()
    body = tree.find(".//body")
    order, texty = found.order, []
    for position, el in enumerate((body if body is not None else tree).iter(etree.Element)):
        order[el] = position
        text, tail = el.text, el.tail
        if text and text.strip(_XML_SPACE):
            texty.append(el)
        if tail and tail.strip(_XML_SPACE):
            texty.append(el.getparent())  # a text node of its parent's
        cls, ident = el.get("class"), el.get("id")
        kinds = _NO_KINDS if cls is None and ident is None else _kinds(f"{cls or ''} {ident or ''}")
        rel, prop = el.get("rel"), el.get("itemprop")
        if (rel and "author" in rel.split()) or (prop and "author" in prop.split()):
            kinds = (*kinds[:3], True)
        if kinds is not _NO_KINDS:
            for marked, kind in zip(kinds, (found.captions, found.leads, found.chrome, found.authors)):
                if marked:
                    kind.append(el)
    if body is not None:
        printing = {e for el in texty for e in (el, el.getparent()) if e is not body and e in order}
        found.printing = sorted(printing, key=order.__getitem__)
    return found
