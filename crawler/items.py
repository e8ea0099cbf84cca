"""The values that flow from spiders through the pipelines into the archive.

- ``Discovery``: how the spider found a URL (travels in ``request.meta["discovery"]``).
- ``Capture``: where the archiving component wrote a response in WARC.
- ``PageItem``: one fetched article page, as received; what a spider yields.
- ``Article``: what extraction and dates make of a page.
- ``Analysis``: everything the analysis of one page found (``crawler.analyse``).
- ``Analysed``: a page with its analysis, what the store receives.
- ``Unchanged``: a revisited page that brought nothing new (not analysed).
- ``FetchError``: a URL that ended without an article, with the reason.

Plain dataclasses: the library works without a running crawl (re-extraction
from WARC, tests and benchmarks build them directly). No stage changes a value
it received; each returns a new one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from crawler.encoding import Decoded, decode

ROLES = ("article", "candidate", "listing", "pagination", "feed", "sitemap", "revisit")


def header(headers, name: str, default: str | None = None) -> str | None:
    """The first value of header ``name`` (any case) among ``(name, value)`` pairs, else ``default``."""
    name = name.lower()
    return next((v for k, v in headers if k.lower() == name), default)


@dataclass(frozen=True)
class Discovery:
    """How a URL was found, for the frontier to decide whether to fetch it.

    role: one of ROLES ("candidate": a link that may be an article, on a site
    without an article pattern; "revisit": a known article fetched again). depth: listing hops from a start URL (pagination is no
    hop). page: the page number within a paginated listing. stale: listing pages
    in a row that brought no unseen article (the frontier sets it). lastmod: a
    sitemap entry's lastmod. next: a pagination link to the page right after this one.
    """

    role: str
    depth: int = 0
    page: int = 1
    stale: int = 0
    lastmod: str | None = None
    next: bool = False

    def as_meta(self) -> dict:
        return asdict(self)

    @classmethod
    def from_meta(cls, meta: dict | None) -> "Discovery | None":
        return cls(**meta) if meta else None


@dataclass(frozen=True)
class Capture:
    """A response record in WARC: a page's pointer into the archive of record.

    record_type: "response", or "revisit" when the payload equals an earlier
    capture, in which case file/offset point at that earlier response record.
    """

    uri: str
    file: str
    offset: int
    record_type: str
    digest: str
    date: str  # WARC-Date of the record written now (ISO 8601, UTC, "Z")


@dataclass(frozen=True)
class PageItem:
    """One fetched article page, as the spider received it.

    url: the URL requested (before redirects): the frontier's entry.
    final_url: the URL the body came from, after redirects.
    status: HTTP status of the final response.
    headers: response headers as (name, value) pairs.
    body: the raw body, bytes as received (content-encoding removed).
    site: the registry slug of the site the page belongs to.
    fetched_at: when the response arrived (aware, UTC).
    capture: where the page went in WARC (None when archiving is off).
    known: the page was fetched as a revisit of an article the archive holds.
    """

    url: str
    final_url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    site: str
    fetched_at: datetime
    capture: Capture | None = None
    known: bool = False

    @property
    def unchanged(self) -> bool:
        """A revisit that brought nothing new: 304, or the very bytes of the last capture."""
        return self.status == 304 or (self.known and self.capture is not None and self.capture.record_type == "revisit")

    @property
    def content_type(self) -> str | None:
        return header(self.headers, "content-type")

    def text(self) -> Decoded:
        """The body as text, with any charset fault named (crawler.encoding.decode)."""
        return decode(self.body, self.content_type)


@dataclass
class Article:
    """An article's clean text and metadata, as stored in ``articles``.

    title: the headline as printed. lead: the sapo, also the first paragraph of
    ``text``. text: the body, paragraphs separated by blank lines, with no
    captions, byline or page chrome. author: the byline as printed, or None.
    captions: photo captions and credit lines, in page order.
    published / published_raw / published_source: the publication time (aware
    datetime with the offset the page states, or a date), the page's own words,
    the rule that found it. updated: a last-modified time the page states.
    dateline / dateline_raw: the date opening the body (``Chiều 6.11``) and its words.
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


@dataclass(frozen=True)
class Analysis:
    """What the analysis of one article page found (``crawler.analyse.analyse``).

    article: the article with its dates, keyed by ``key``; None when the page
    held none, then ``error`` says why ("extract: no article text found").
    key: the article's key (canonical URL); key_source: why that URL
    ("canonical", or "fetched" with the reason the declared one was refused).
    content_hash: hash of the folded text (exact copies). signature: its
    near-copy signature (crawler.nearcopy: copies of a story elsewhere). charset_fault: the
    page was not in the charset it declared (crawler.encoding). dates_failed:
    the date rules crashed on the page (the article is kept without dates).
    """

    article: Article | None = None
    error: str | None = None
    key: str | None = None
    key_source: str | None = None
    declared_key: str | None = None
    content_hash: str | None = None
    signature: bytes | None = None
    charset_fault: str | None = None
    dates_failed: bool = False


@dataclass(frozen=True)
class Analysed:
    """An article page and its analysis, on their way to the store."""

    page: PageItem
    analysis: Analysis


@dataclass(frozen=True)
class Unchanged:
    """A revisited article page that brought nothing new: no analysis, only its dates move."""

    page: PageItem


@dataclass(frozen=True)
class FetchError:
    """A URL that ended without an article, for ``fetch_errors`` and the frontier.

    url: the URL as requested (the frontier's entry). reason: a short
    machine-friendly cause ("http-404", "network: TimeoutError", "skipped:
    robots.txt"); detail: the human-readable rest. outcome: "failed" (tried
    again on a later night, up to a bound), "skipped" (not fetched on
    purpose) or "gone" (a known article that redirects to a page that is not one).
    """

    url: str
    site: str
    reason: str
    status: int | None = None
    detail: str = ""
    outcome: str = "failed"
    at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
