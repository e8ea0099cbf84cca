"""One page in, one article out: the order in which extraction's parts run.

decode (crawler.encoding) → parse, repairing degenerate structure (prepass) →
page metadata (metadata) → trafilatura's text of the page, with the options of
bare ``trafilatura.extract`` → where that text sits in the page and the
furniture around it (furniture) → line rules (lines) → bylines (bylines).

Never below the base library: the rules start from trafilatura's own text
and only take out what they can show is not body, adding nothing but a sapo
printed in the article's scope. When they would leave less than
``FALLBACK_SHARE`` of trafilatura's text, the article keeps trafilatura's text
as it is; ``Extraction.fallback`` says so and why, and ``extract_article``
logs it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import trafilatura

from crawler import profiles
from crawler.encoding import decode
from crawler.extract import bylines, furniture, lines, marks, metadata, prepass
from crawler.extract.errors import ExtractionError
from crawler.items import Article

# Bump when the output of extract_article changes for the same page.
EXTRACTOR_VERSION = "2026.12.1"

FALLBACK_SHARE = 0.5  # rules leaving less than this share of trafilatura's text give way to it
PARAGRAPH_WORDS, PARAGRAPH_CHARS = 30, 120  # a line this long is a paragraph (chars: scripts without spaces)
MIN_WORDS, MIN_LETTERS = 15, 60  # below both, a page holds no article (letters: for scripts without spaces)

log = logging.getLogger(__name__)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Extraction:
    """An extracted article and how it was obtained.

    fallback: None when the rules held; else why the article's text is
      trafilatura's own ("rules kept 12% of trafilatura's text").
    encoding_fault: the decoder's fault (crawler.encoding.Decoded.fault) or None.
    link_farms: link-farm blocks the pre-pass dropped before extraction.
    """

    article: Article
    fallback: str | None = None
    encoding_fault: str | None = None
    link_farms: int = 0


def _printed(text: str | None) -> str | None:
    """Stored text is the text as printed: NFC, whitespace tidied."""
    if not text:
        return None
    return unicodedata.normalize("NFC", " ".join(text.split())) or None


def _size(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _too_short(paragraphs: list[str]) -> bool:
    text = " ".join(paragraphs)
    return len(text.split()) < MIN_WORDS and len(_LETTER.findall(text)) < MIN_LETTERS


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= PARAGRAPH_WORDS or len(line) >= PARAGRAPH_CHARS


def _fallback(base: list[str], kept: list[str]) -> str | None:
    """Why the rules must give way to trafilatura's text, or None.

    They give way when they keep less than FALLBACK_SHARE of it and what they
    took out holds a paragraph: taking out only short lines (menus, dates, the
    headline) from a page is what a page without an article looks like.
    """
    if _size(kept) >= FALLBACK_SHARE * _size(base):
        return None
    taken_out = Counter(base) - Counter(kept)
    if any(_is_paragraph(line) for line in taken_out):
        return f"rules kept {_size(kept) / max(1, _size(base)):.0%} of trafilatura's text"
    return None


def base_text(tree, url: str) -> str:
    """trafilatura's text of the page: bare ``trafilatura.extract`` on our tree (it works on a copy)."""
    return trafilatura.extract(tree, url=url, include_comments=False) or ""


def extract(html: str | bytes, url: str, site=None, fetched_at=None) -> Extraction:
    """The article of page ``html`` fetched from ``url`` (``site``: its registry entry, if known;
    ``fetched_at``: when, which picks the version of the site's profile; None: the newest)."""
    decoded = decode(html)
    return extract_tree(prepass.parse(decoded.text), url, site, decoded.fault, fetched_at)


def extract_tree(tree, url: str, site=None, encoding_fault: str | None = None, fetched_at=None) -> Extraction:
    """The article of a page parsed by ``crawler.extract.parse``, for callers that read the tree too.

    The tree is changed in place (the profile's furniture, link farms, scripts
    and styles go), so whatever else reads it (page dates, the canonical link)
    reads it first. ``encoding_fault``: the decoder's fault, passed on to the
    Extraction; ``fetched_at`` as for ``extract``.
    """
    version = profiles.for_site(site, fetched_at)
    places = profiles.apply(tree, version)  # the platform's furniture goes before anything reads the page
    farms = prepass.drop_link_farms(tree)
    meta = metadata.read(tree, url, site)
    base = base_text(tree, url)
    prepass.drop_unprinted(tree)
    marked = marks.read(tree)
    base_lines = lines.split_lines(base)
    survey = furniture.survey(tree, marked, base_lines, meta.title, meta.description)
    title = metadata.page_title(survey.headline, meta)
    signed = bylines.author_from_elements([*places.bylines, *marked.authors], meta.site_names)
    body = lines.assemble(base, survey, title, meta.site_names, signed)
    paragraphs, lead = body.lines, body.lead
    fallback = _fallback(base_lines, paragraphs)
    if fallback:
        paragraphs, lead = base_lines, None
    if not paragraphs or _too_short(paragraphs):
        raise ExtractionError("no article text found")
    author = (
        signed
        or body.byline
        or bylines.author_from_metadata(meta.person_authors, meta.meta_authors, meta.site_names)
    )
    article = Article(
        url=url,
        title=_printed(title),
        lead=_printed(lead),
        text="\n\n".join(paragraphs),
        author=_printed(author),
        captions=[c for c in (_printed(c) for c in body.captions) if c],
        section=meta.section,
        tags=meta.tags,
        image=meta.image,
        language=meta.language,
        extractor_version=profiles.stamp(EXTRACTOR_VERSION, version),
    )
    return Extraction(article, fallback, encoding_fault, farms)


def logged(done: Extraction, url: str) -> Article:
    """The extraction's article, its fallback to trafilatura's text logged."""
    if done.fallback:
        log.info("extraction fell back to trafilatura's text: %s (%s)", done.fallback, url)
    return done.article


def extract_article(html: str | bytes, url: str, site=None, fetched_at=None) -> Article:
    """Clean text and metadata of the article page ``html`` fetched from ``url`` (at ``fetched_at``)."""
    return logged(extract(html, url, site, fetched_at), url)
