"""Stories: an article and its near-copies on other sites, kept as the archive grows.

A story is the set of articles whose texts are copies of one another with small
edits (``crawler.nearcopy``); ``articles.story_id`` is the id of its origin,
the copy first seen. ``assign`` places one new article in milliseconds and
never re-clusters the archive:

1. candidates: articles sharing at least one LSH band with it (``story_bands``,
   looked up by (band, hash), the newest BUCKET_LIMIT of each), most shared
   bands first, at most MAX_CANDIDATES;
2. verification: the estimated Jaccard similarity of the signatures must reach
   ``nearcopy.THRESHOLD``;
3. the article joins the story of its most similar match, or starts its own.
   If it was seen before that story's origin, it becomes the origin and the
   story is renumbered (one indexed UPDATE).

Stories never merge: an article that matches two stories joins the closer one
(the other match is in ``Story.matched``). ``remove`` takes an article out (its
text changed, or it is to be re-assigned); when it was the origin, the next
copy in first-seen order becomes the origin, and copies that had matched only
it stay in the story. Each call is one transaction (a savepoint inside the
caller's).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import sqlite_utils

from crawler import nearcopy

# Candidates verified per assignment: a real copy shares several bands (BANDS × J²
# on average), a text that only shares a common phrase or a site's footer one.
MAX_CANDIDATES = 100
BUCKET_LIMIT = 50


@dataclass(frozen=True)
class Match:
    """A verified near-copy found when an article was assigned."""

    article_id: int
    similarity: float  # estimated Jaccard similarity of the two texts (nearcopy.similarity)
    story_id: int  # the story that article belongs to


@dataclass(frozen=True)
class Story:
    """Where ``assign`` placed an article."""

    story_id: int  # the story's origin: its first-seen copy's article id
    article_id: int
    origin: bool  # this article is the origin (first seen) of its story
    matched: tuple[Match, ...]  # verified near-copies, most similar first; empty for a new story


@dataclass(frozen=True)
class Member:
    """One copy of a story, as ``members`` lists them."""

    article_id: int
    site: str
    url: str
    title: str | None
    published: str | None  # as the page gives it (articles.published)
    first_seen: str  # when the archive first saw this copy
    origin: bool


def assign(db: sqlite_utils.Database, article_id: int, signature: bytes, *, first_seen: str) -> Story:
    """Put an article into the story of its closest near-copy, or start a new story.

    ``signature`` is ``crawler.nearcopy.signature`` of the article's text;
    ``first_seen`` an ISO 8601 time (the article's ``first_seen``). An article
    already assigned is taken out first (``remove``) and placed again.
    """
    with db.atomic():
        if db.execute("select 1 from articles where id = ?", [article_id]).fetchone() is None:
            raise ValueError(f"no article {article_id} in the archive")
        remove(db, article_id)
        band_hashes = nearcopy.bands(signature)
        matched = _verified(db, article_id, signature, _candidates(db, article_id, band_hashes))
        story_id = article_id
        if matched:
            story_id = matched[0].story_id
            origin_seen = db.execute(
                "select first_seen from story_signatures where article_id = ?", [story_id]
            ).fetchone()
            if origin_seen is None or (first_seen, article_id) < (origin_seen[0], story_id):
                db.execute("update articles set story_id = ? where story_id = ?", [article_id, story_id])
                matched = [replace(m, story_id=article_id) if m.story_id == story_id else m for m in matched]
                story_id = article_id
        db.execute(
            "insert into story_signatures (article_id, signature, version, first_seen) values (?, ?, ?, ?)",
            [article_id, signature, nearcopy.VERSION, first_seen],
        )
        db.conn.executemany(
            "insert into story_bands (band, hash, article_id) values (?, ?, ?)",
            [(band, value, article_id) for band, value in enumerate(band_hashes)],
        )
        db.execute("update articles set story_id = ? where id = ?", [story_id, article_id])
    return Story(story_id=story_id, article_id=article_id, origin=story_id == article_id, matched=tuple(matched))


def _candidates(db: sqlite_utils.Database, article_id: int, band_hashes: list[int]) -> list[int]:
    """Articles sharing a band with these hashes, most shared bands first.

    A bucket (one band's hash) that many articles share holds a phrase common
    to many texts, not a copy: only its BUCKET_LIMIT newest articles count, so
    a lookup reads at most BANDS × BUCKET_LIMIT rows however large the archive.
    """
    shared: Counter[int] = Counter()
    for band, value in enumerate(band_hashes):
        rows = db.execute(
            "select article_id from story_bands where band = ? and hash = ? order by article_id desc limit ?",
            [band, value, BUCKET_LIMIT],
        ).fetchall()
        shared.update(row[0] for row in rows)
    shared.pop(article_id, None)
    return [candidate for candidate, _ in sorted(shared.items(), key=lambda item: (-item[1], -item[0]))[:MAX_CANDIDATES]]


def _verified(db: sqlite_utils.Database, article_id: int, signature: bytes, candidates: list[int]) -> list[Match]:
    """The candidates whose estimated similarity reaches the threshold, most similar first."""
    if not candidates:
        return []
    marks = ", ".join("?" for _ in candidates)
    rows = db.execute(
        "select s.article_id, s.signature, coalesce(a.story_id, a.id) from story_signatures s"
        f" join articles a on a.id = s.article_id where s.version = ? and s.article_id in ({marks})",
        [nearcopy.VERSION, *candidates],
    ).fetchall()
    matches = []
    for candidate, other, story_id in rows:
        score = nearcopy.similarity(signature, other)
        if score >= nearcopy.THRESHOLD:
            matches.append(Match(article_id=candidate, similarity=score, story_id=story_id))
    # Most similar first; on a tie, the older story.
    return sorted(matches, key=lambda m: (-m.similarity, m.story_id, m.article_id))


def remove(db: sqlite_utils.Database, article_id: int) -> int | None:
    """Take an article out of its story and the index; returns the story it left (None if it had none).

    When it was the story's origin, the next copy in first-seen order becomes
    the origin and the remaining copies are renumbered to it.
    """
    with db.atomic():
        row = db.execute("select signature from story_signatures where article_id = ?", [article_id]).fetchone()
        if row is None:
            return None
        db.conn.executemany(
            "delete from story_bands where band = ? and hash = ? and article_id = ?",
            [(band, value, article_id) for band, value in enumerate(nearcopy.bands(row[0]))],
        )
        db.execute("delete from story_signatures where article_id = ?", [article_id])
        story = db.execute("select story_id from articles where id = ?", [article_id]).fetchone()
        story_id = story[0] if story else None
        db.execute("update articles set story_id = null where id = ?", [article_id])
        if story_id == article_id:
            heir = db.execute(
                "select a.id from articles a join story_signatures s on s.article_id = a.id"
                " where a.story_id = ? order by s.first_seen, a.id limit 1",
                [article_id],
            ).fetchone()
            if heir is not None:
                db.execute("update articles set story_id = ? where story_id = ?", [heir[0], article_id])
    return story_id


def members(db: sqlite_utils.Database, story_id: int) -> list[Member]:
    """The copies of a story in the order they were first seen, origin first."""
    rows = db.execute(
        "select a.id, a.site, a.url, a.title, a.published, s.first_seen from articles a"
        " join story_signatures s on s.article_id = a.id where a.story_id = ? order by s.first_seen, a.id",
        [story_id],
    ).fetchall()
    return [
        Member(article_id=r[0], site=r[1], url=r[2], title=r[3], published=r[4], first_seen=r[5], origin=r[0] == story_id)
        for r in rows
    ]
