"""The data that flows from spiders through the pipelines into the archive.

``PageItem`` is what a spider yields: one fetched page, untouched. ``Article`` is
what extraction and date normalisation make of it and what the store writes.
Both are plain dataclasses so that the library works without a running crawl
(re-extraction from WARC, tests, benchmarks build them directly).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from crawler.encoding import decode


@dataclass
class PageItem:
    """One fetched page, as the spider received it.

    url: the URL the spider asked for (after canonicalisation by the spider).
    final_url: the URL the body came from, after redirects.
    status: HTTP status code of the final response.
    headers: response headers, as a list of (name, value) string pairs.
    body: the raw response body, bytes exactly as received (decompressed).
    site: the registry slug of the site the page belongs to.
    fetched_at: when the response arrived (aware datetime, UTC).
    kind: "article" for pages the spider judged to be articles; other pages
      (listings, feeds, robots.txt) travel as "page" so the archive stage can
      keep them, and later stages ignore them.
    request_headers: the request headers sent, (name, value) pairs, for WARC.
    ip_address: the peer address when the download handler knew it.
    encoding: the character encoding Scrapy settled on for text responses.
    """

    url: str
    final_url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    site: str
    fetched_at: datetime
    kind: str = "article"
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    ip_address: str | None = None
    encoding: str | None = None
    # Filled in by the archive stage: where the response record went.
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_type: str | None = None  # "response", or "revisit" when the payload was unchanged
    payload_digest: str | None = None
    # Filled in by the extract, dates and dedupe stages.
    article: "Article | None" = None
    error: str | None = None  # why a page judged an article yielded none
    canonical_url: str | None = None
    content_hash: str | None = None

    def text(self) -> str:
        """The body as text (crawler.encoding.decode)."""
        return decode(self.body, f"text/html; charset={self.encoding}" if self.encoding else None).text


@dataclass
class Article:
    """An article's clean text and metadata, as stored in ``articles``.

    title: the headline, without site name suffixes.
    lead: the sapo/lead paragraph (kept out of ``text`` only when the page
      marks it separately; it is also the first paragraph of ``text``).
    text: the body, paragraphs separated by blank lines, with no captions,
      byline or page chrome.
    author: the byline as printed (``Văn Cường - Giang Lương``), or None.
    captions: photo captions and photo credit lines, in page order.
    published / published_raw: the publication time (aware datetime in
      +07:00, or a date when the page gives no time) and the page's own words.
    updated: the last-modified time when the page states one.
    dateline: the date at the start of the body (``Chiều 6.11``), normalised
      with ``published`` as reference.
    section, tags, image, language: page metadata when present.
    """

    url: str
    title: str | None = None
    lead: str | None = None
    text: str = ""
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    published: datetime | date | None = None
    published_raw: str | None = None
    published_source: str | None = None
    updated: datetime | None = None
    dateline: datetime | date | None = None
    dateline_raw: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    extractor_version: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def asdict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class FetchError:
    """A page that could not be fetched or used, with the reason, for ``fetch_errors``.

    reason: a short machine-friendly cause ("http-404", "network: TimeoutError",
      "extract: no article text found"); detail: the human-readable rest.
    """

    url: str
    site: str
    reason: str
    status: int | None = None
    detail: str = ""
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
