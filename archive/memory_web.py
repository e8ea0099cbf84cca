"""What the archive's memory looks like to readers, apart from Datasette.

An article's versions with what changed between consecutive ones
(archive/diff.py), its removal episodes, and the other copies of its story;
a story's copies in time order with each copy's differences from the origin;
the lists of changed and removed articles. Every function takes a sqlite3
connection (Datasette's, in its thread) and returns plain values; the pages
build their links.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from archive import diff
from archive.display import removal_words, vn_datetime

COPIES_ON_ARTICLE = 20  # copies listed on an article's page
COPIES_ON_STORY = 200  # copies a story's page lists and compares with the origin (its JSON and CSV: all)
COPY_COLUMNS = ("a.id, a.site, s.name as site_name, s.kind, a.province, a.title, a.url, a.published, a.first_seen,"
                " a.removed_at, a.removed_status, coalesce(a.version, 1) as version, a.id = a.story_id as origin")


@dataclass(frozen=True)
class Version:
    """One version of an article, as first and last seen."""

    number: int
    title: str | None
    lead: str | None
    text: str | None
    author: str | None
    published: str | None
    first_seen: str | None  # when the archive first saw this version (UTC, ISO 8601)
    last_seen: str | None  # when it last saw it
    warc_file: str | None  # the capture of this version (None: not archived)
    current: bool  # the version the article's page shows


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions: a line's words, or the text's paragraphs."""

    label: str  # "Title", "Date", "Byline", "Lead" or "Text"
    pieces: tuple[diff.Piece, ...] = ()  # a one-line field
    blocks: tuple[diff.Block, ...] = ()  # the text


@dataclass(frozen=True)
class Change:
    """What changed from one version to the next (``fields`` empty: nothing a reader sees)."""

    older: Version
    newer: Version
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Removal:
    """One episode of an article missing from its site."""

    removed_at: str  # when the archive found it gone (UTC, ISO 8601)
    status: int | None  # the HTTP status then (404, 410, or the redirect's)
    reason: str | None
    restored_at: str | None  # when it answered again; None while it stays removed
    words: str  # why, in words: "the page answered 410 (Gone)"


@dataclass
class ArticleMemory:
    """Everything the article's page shows of its memory."""

    versions: list[Version]  # oldest first; the last is the current one
    changes: list[Change]  # newest first
    removals: list[Removal]  # oldest first
    copies: list[dict]  # its story's copies, origin first, then by publication time (this one included)
    copies_total: int  # all copies of the story, this one included
    removed: Removal | None  # the article's removal mark (articles.removed_at), None while it is on its site


def _rows(conn, sql: str, params=()) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def article_memory(conn, article: dict) -> ArticleMemory:
    """The memory of ``article`` (its ``articles`` row as a dict)."""
    versions = versions_of(conn, article)
    story_id = article.get("story_id") or article["id"]
    copies = _copies(conn, story_id, COPIES_ON_ARTICLE)
    total = conn.execute("select count(*) from articles where story_id = ?", [story_id]).fetchone()[0]
    removals = removals_of(conn, article["id"])
    removed = None
    if article.get("removed_at"):  # the mark is the article's; the open episode, if recorded, says why
        reason = next((r.reason for r in reversed(removals) if r.restored_at is None), None)
        removed = Removal(removed_at=article["removed_at"], status=article.get("removed_status"), reason=reason,
                          restored_at=None, words=removal_words(article.get("removed_status"), reason))
    return ArticleMemory(
        versions=versions,
        changes=[compare(a, b) for a, b in zip(versions, versions[1:])][::-1],
        removals=removals,
        copies=copies,
        copies_total=max(total, len(copies)),
        removed=removed,
    )


def versions_of(conn, article: dict) -> list[Version]:
    """The article's earlier versions (article_versions) and its current one, oldest first."""
    rows = _rows(conn, "select version, title, lead, text, author, published, first_seen, last_seen, warc_file"
                       " from article_versions where article_id = ? order by version", [article["id"]])
    earlier = [Version(number=r["version"], title=r["title"], lead=r["lead"], text=r["text"], author=r["author"],
                       published=r["published"], first_seen=r["first_seen"], last_seen=r["last_seen"],
                       warc_file=r["warc_file"], current=False) for r in rows]
    current = Version(
        number=article.get("version") or 1, title=article.get("title"), lead=article.get("lead"),
        text=article.get("text"), author=article.get("author"), published=article.get("published"),
        first_seen=article.get("version_seen") or article.get("first_seen"), last_seen=article.get("last_seen"),
        warc_file=article.get("warc_file"), current=True,
    )
    return [v for v in earlier if v.number != current.number] + [current]


def compare(older: Version, newer: Version) -> Change:
    """What changed from one version to the next."""
    return Change(older=older, newer=newer, fields=differences(asdict(older), asdict(newer)))


def differences(older: dict, newer: dict) -> tuple[FieldChange, ...]:
    """The fields a reader sees differ from ``older`` to ``newer`` (two versions, or two copies of a story)."""
    fields = []
    for label, name in (("Title", "title"), ("Date", "published"), ("Byline", "author")):
        before, after = older.get(name) or "", newer.get(name) or ""
        if name == "published":
            before, after = vn_datetime(before, zone=True), vn_datetime(after, zone=True)
        if before != after:
            fields.append(FieldChange(label=label, pieces=diff.words(before, after)))
    lead_apart = _lead_apart(older.get("lead"), older.get("text")) or _lead_apart(newer.get("lead"), newer.get("text"))
    if lead_apart and (older.get("lead") or "") != (newer.get("lead") or ""):
        fields.append(FieldChange(label="Lead", pieces=diff.words(older.get("lead"), newer.get("lead"))))
    blocks = diff.text(older.get("text"), newer.get("text"))
    if any(block.changed for block in blocks):
        fields.append(FieldChange(label="Text", blocks=tuple(blocks)))
    return tuple(fields)


def _lead_apart(lead: str | None, text: str | None) -> bool:
    """The lead is not one of the text's paragraphs (so the text's diff would not show it)."""
    return bool(lead) and lead.strip() not in diff.paragraphs(text)


def removals_of(conn, article_id: int) -> list[Removal]:
    rows = _rows(conn, "select removed_at, removed_status, reason, restored_at from article_removals"
                       " where article_id = ? order by removed_at, id", [article_id])
    return [Removal(removed_at=r["removed_at"], status=r["removed_status"], reason=r["reason"],
                    restored_at=r["restored_at"], words=removal_words(r["removed_status"], r["reason"])) for r in rows]


def _copies(conn, story_id: int, limit: int, *, texts: bool = False) -> list[dict]:
    columns = COPY_COLUMNS + (", a.lead, a.text, a.author" if texts else "")
    rows = _rows(conn, f"select {columns} from articles a left join sites s on s.slug = a.site"
                       " where a.story_id = ?"
                       " order by a.id = a.story_id desc, coalesce(a.published, '9999'), a.first_seen, a.id limit ?",
                 [story_id, limit])
    if not rows:  # an article not (yet) placed in a story is a story of its own
        rows = _rows(conn, f"select {columns.replace('a.id = a.story_id', '1')} from articles a"
                           " left join sites s on s.slug = a.site where a.id = ?", [story_id])
    for row in rows:
        row["origin"] = bool(row["origin"])
    return rows


@dataclass(frozen=True)
class Story:
    """A story's page: its copies in time order, and how each differs from the origin."""

    story_id: int  # its origin's article id
    copies: list[dict]  # origin first, then by publication time; each with "changes" from the origin
    total: int  # copies in all (the page lists at most COPIES_ON_STORY)
    sites: int  # sites that published a copy


def story_of(conn, article_id: int) -> int | None:
    """The story an article belongs to (its origin's id); None when there is no such article."""
    row = conn.execute("select coalesce(story_id, id) from articles where id = ?", [article_id]).fetchone()
    return row[0] if row else None


def story(conn, story_id: int) -> Story:
    """The copies of a story (``story_id``: its origin's id), with their differences from the origin."""
    copies = _copies(conn, story_id, COPIES_ON_STORY, texts=True)
    origin = copies[0]
    for copy in copies[1:]:
        copy["changes"] = differences(origin, copy)
    origin["changes"] = ()
    total, sites = conn.execute("select count(*), count(distinct site) from articles where story_id = ?",
                                [story_id]).fetchone()
    return Story(story_id=story_id, copies=copies, total=max(total, len(copies)), sites=max(sites, 1))


LIST_SIZE = 50
COMPARED = (("title", "title"), ("published", "date"), ("author", "byline"), ("lead", "lead"), ("text", "text"))


def changed_articles(conn, *, site: str | None = None, low: str = "", high: str = "9999", limit: int = LIST_SIZE,
                     offset: int = 0) -> tuple[list[dict], int]:
    """Articles with earlier versions, latest change first: (a page of them, how many in all).

    ``low``/``high``: UTC bounds of when the current version was first seen
    (display.vn_day_bounds). Driven by ``article_versions``, which holds changed
    articles only, so the list costs nothing however large the archive.
    """
    where = ("a.id in (select article_id from article_versions) and coalesce(a.version_seen, a.first_seen) >= ?"
             " and coalesce(a.version_seen, a.first_seen) < ?" + (" and a.site = ?" if site else ""))
    params = [low, high, *([site] if site else [])]
    total = conn.execute(f"select count(*) from articles a where {where}", params).fetchone()[0]
    rows = _rows(conn, "select a.id, a.site, s.name as site_name, a.title, a.url, a.published, a.version,"
                       " coalesce(a.version_seen, a.first_seen) as changed_at, a.removed_at, a.removed_status,"
                       " a.lead, a.text, a.author from articles a left join sites s on s.slug = a.site"
                       f" where {where} order by changed_at desc, a.id desc limit ? offset ?", [*params, limit, offset])
    for row in rows:
        earlier = _rows(conn, "select title, lead, text, author, published from article_versions"
                              " where article_id = ? and version < ? order by version desc limit 1",
                        [row["id"], row["version"] or 2])
        row["what"] = [word for name, word in COMPARED if earlier and (earlier[0][name] or "") != (row[name] or "")]
        for name in ("lead", "text"):
            row.pop(name)
    return rows, total


def removed_articles(conn, *, site: str | None = None, low: str = "", high: str = "9999", restored: bool = False,
                     limit: int = LIST_SIZE, offset: int = 0) -> tuple[list[dict], int]:
    """Removal episodes, latest first: articles still removed, or with ``restored`` those that came back too.

    ``low``/``high``: UTC bounds of when the removal was found. Driven by
    ``article_removals`` (one row per episode).
    """
    where = "r.removed_at >= ? and r.removed_at < ?" + ("" if restored else " and r.restored_at is null")
    where += " and a.site = ?" if site else ""
    params = [low, high, *([site] if site else [])]
    total = conn.execute(f"select count(*) from article_removals r join articles a on a.id = r.article_id where {where}",
                         params).fetchone()[0]
    rows = _rows(conn, "select a.id, a.site, s.name as site_name, a.title, a.url, a.published, r.removed_at,"
                       " r.removed_status, r.reason, r.restored_at from article_removals r"
                       " join articles a on a.id = r.article_id left join sites s on s.slug = a.site"
                       f" where {where} order by r.removed_at desc, r.id desc limit ? offset ?", [*params, limit, offset])
    for row in rows:
        row["words"] = removal_words(row["removed_status"], row["reason"])
    return rows, total


def site_choices(conn) -> list[tuple[str, str]]:
    """(slug, name) of every site, by name, for a page's site filter."""
    return [(slug, name or slug) for slug, name in conn.execute("select slug, name from sites order by name, slug")]
