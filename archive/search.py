"""Searching the archive: exact counts, facets, ranked pages with snippets, every match for export.

The query language is archive/query.py (``parse``, ``QueryError``); the
filters are archive/plan.py. Every search counts all of its matches per day
from the index (archive/timeline.py: the index rows encode the publication
minute), so the total and the year counts are exact whatever the size.
Counts by site and province join the matches to a covering index; when that
runs past its time budget they are counted over the newest WINDOW matches
instead, and the result says so (``facets_complete``).

Ranking: bm25 (title above lead above text) when every phrase is found in at
most WINDOW articles of the archive; for commoner words bm25's idf walks half
a million rows, so the newest WINDOW matches are ranked by where the words
stand (title, then lead, newest first within each): ``ranking="fields"``.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field

from archive import timeline
from archive.fts import FTS_TABLE, ID_MASK, WEIGHTS
from archive.limits import TooSlow, time_limit
from archive.plan import Filters, Plan, connect, prepare, unit_of  # noqa: F401  (connect, prepare: public too)
from archive.plan import plan as make_plan
from archive.query import Phrase, Query, QueryError, parse  # noqa: F401  (the public interface)
from crawler.vntext import fold, fold_aligned, key, normalize

WINDOW = 5_000
TITLE_WEIGHT, LEAD_WEIGHT = WEIGHTS[0], WEIGHTS[1]  # the bm25 weights of the title and lead columns
FACETS = ("site", "province", "kind", "unit", "year")
_too_slow: dict = {}  # searches whose complete facet counts ran out of time, with the time they had


@dataclass
class SearchResults:
    """A page of results and the counts of all matches.

    total: every match, exact (None only if counting ran out of time).
    days: {day number: matches} (archive/timeline.py), all matches.
    ranking: "bm25", "fields" (the newest ``ranked`` matches, by where the words
      stand) or "newest".
    facets: {name: [(value, count), ...]}; site/province/kind/unit over all
      matches when ``facets_complete``, else over the newest ``facets_counted``;
      year always over all, in time order.
    """

    query: Query
    results: list[dict]
    total: int
    ranking: str = "bm25"
    ranked: int = 0
    facets: dict = field(default_factory=dict)
    facets_complete: bool = True
    facets_counted: int = 0
    days: dict = field(default_factory=dict)
    offset: int = 0

    @property
    def estimated(self) -> bool:
        """Always False: every match is counted (kept for callers of the estimating versions)."""
        return False

    def describe(self) -> str:
        """"37 results", with how the results were ranked."""
        text = f"{self.total:,} results"
        if self.ranking == "fields":
            text += f", the newest {self.ranked:,} ranked by where the words stand (title, lead, text)"
        return text


def search(db, query: str, *, limit: int = 20, offset: int = 0, order: str = "relevance",
           facets: tuple[str, ...] = (), time_limit_s: float | None = None, facet_time_s: float | None = None,
           **filters) -> SearchResults:
    """Search the archive (``db``: a path, sqlite3 connection or sqlite-utils Database).

    ``filters``: site, province, unit, kind, since, until, year (archive/plan.py).
    ``time_limit_s`` bounds the counting and the page (TooSlow past it);
    ``facet_time_s`` the complete facet counts, which fall back to the newest
    WINDOW matches past it (and past what is left of ``time_limit_s``, unless
    ``facet_time_s`` is the longer: counts asked for in full).
    """
    if order not in ("relevance", "newest"):
        raise QueryError("order must be 'relevance' or 'newest'")
    conn, opened = connect(db)
    try:
        parsed, plan = prepare(conn, query, filters)
        expression = parsed.expression
        started = time.monotonic()
        with time_limit(conn, time_limit_s):
            days = timeline.match_days(conn, plan, expression)
            total = sum(days.values())
            keys = plan.keys(conn, expression, limit=WINDOW) if order == "relevance" or facets else []
            ranking, ranked, page = _page(conn, parsed, plan, keys, total, order, limit, offset)
            rows = _articles(conn, [k for k, _ in page])
        if time_limit_s and facet_time_s and facet_time_s <= time_limit_s:
            # Within the search's own limit: what the counting left of it.
            facet_time_s = max(0.001, min(facet_time_s, time_limit_s - (time.monotonic() - started)))
        counted, complete = _facets(conn, plan, expression, keys, facets, facet_time_s) if facets else ({}, True)
        if "year" in facets:
            counted["year"] = _years(days)
    except sqlite3.OperationalError as exc:
        raise QueryError(f"This search could not be run: {exc}") from exc
    finally:
        if opened:
            conn.close()
    results = [_result(rows[k & ID_MASK], rank, parsed) for k, rank in page]
    return SearchResults(parsed, results, total, ranking, ranked, counted, complete,
                         total if complete else len(keys), days, offset)


def _page(conn, parsed, plan, keys, total, order, limit, offset):
    """(ranking, how many were ranked, [(index row, rank)]) of one page."""
    if order == "newest":
        return "newest", 0, [(k, None) for k in plan.keys(conn, parsed.expression, limit=limit, offset=offset)]
    if total < WINDOW and _rare(conn, parsed, plan):
        return "bm25", 0, _bm25_page(conn, plan, parsed.expression, limit, offset)
    return "fields", len(keys), _fields_page(conn, parsed, plan, keys, limit, offset)


def _result(row: dict, rank, parsed: Query) -> dict:
    row = dict(row, rank=rank)
    text = row.pop("text") or ""
    lead = row.get("lead") or ""
    row["snippet"] = snippet(f"{lead}\n{text}" if lead and lead not in text else text, parsed.phrases)
    return row


def match_chunk(conn, parsed: Query, plan: Plan, *, before: int | None = None, chunk: int = 500,
                columns: tuple[str, ...] = ()) -> tuple[list[dict], int | None]:
    """The next ``chunk`` matches older than index row ``before``, and the ``before`` of the chunk after (None: done)."""
    keys = plan.keys(conn, parsed.expression, limit=chunk, before=before)
    rows = _articles(conn, keys, columns)
    return [rows[k & ID_MASK] for k in keys], (keys[-1] if len(keys) == chunk else None)


def iter_matches(db, query: str, *, chunk: int = 500, columns: tuple[str, ...] = (), **filters):
    """Every match, newest first, as article dicts (the export)."""
    conn, opened = connect(db)
    try:
        parsed, plan = prepare(conn, query, filters)
        before = None
        while True:
            rows, before = match_chunk(conn, parsed, plan, before=before, chunk=chunk, columns=columns)
            yield from rows
            if before is None:
                return
    finally:
        if opened:
            conn.close()


def table_filter(query: str, *, conn=None, **filters) -> tuple[str, dict]:
    """The WHERE clause and parameters restricting ``articles`` to every match of a search, for Datasette.

    ``conn`` answers which sites are of a kind; without one, ``kind`` cannot be among the filters.
    """
    parsed = parse(query)
    plan = make_plan(conn, Filters.from_args(filters))
    where = " AND ".join(plan.where_for(parsed.expression))
    params = plan.params_for(parsed.expression)
    for name in list(params):
        where = where.replace(f":{name}", f":vn_{name}")
    return f"search_key IN (SELECT rowid FROM {FTS_TABLE} WHERE {where})", {f"vn_{k}": v for k, v in params.items()}


def _rare(conn, parsed: Query, plan: Plan) -> bool:
    """True when every phrase of the query is in at most WINDOW articles of the whole archive."""
    phrases = parsed.all_phrases
    if not plan.filtered and len(phrases) == 1:
        return True  # the count already said: fewer than WINDOW
    for phrase in phrases:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT {WINDOW})"
        if conn.execute(sql, [phrase.fts()]).fetchone()[0] >= WINDOW:
            return False
    return True


def _bm25_page(conn, plan: Plan, expression: str, limit: int, offset: int) -> list[tuple[int, float]]:
    weights = ", ".join(str(w) for w in WEIGHTS)
    sql = (
        f"SELECT rowid, bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE}"
        f" WHERE {' AND '.join(plan.where_for(expression))} ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset"
    )
    return conn.execute(sql, plan.params_for(expression, limit=limit, offset=offset)).fetchall()


def _fields_page(conn, parsed: Query, plan: Plan, keys: list[int], limit: int, offset: int):
    """The newest matches ranked by the fields holding the words: title, then lead, newest first."""
    if not keys:
        return []
    score = dict.fromkeys(keys, 0)
    for field_name, weight in (("title", TITLE_WEIGHT), ("lead", LEAD_WEIGHT)):
        for row_key in plan.keys(conn, parsed.expression_in(field_name), limit=len(keys), low=keys[-1]):
            if row_key in score:
                score[row_key] += weight
    ordered = sorted(keys, key=lambda k: (-score[k], -k))[offset : offset + limit]
    return [(k, -float(score[k])) for k in ordered]


ARTICLE_COLUMNS = ("id", "url", "title", "site", "province", "published", "author", "lead", "text")


def _articles(conn, keys: list[int], columns: tuple[str, ...] = ()) -> dict[int, dict]:
    if not keys:
        return {}
    ids = [k & ID_MASK for k in keys]
    wanted = ARTICLE_COLUMNS + tuple(c for c in columns if c not in ARTICLE_COLUMNS)
    cursor = conn.execute(
        f"SELECT {', '.join(wanted)} FROM articles WHERE id IN ({', '.join('?' for _ in ids)})", ids
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row)) for row in cursor}


def _facets(conn, plan: Plan, expression: str, keys: list[int], names, seconds) -> tuple[dict, bool]:
    """Counts by site, province, kind and unit: over every match, or the newest ``keys`` past ``seconds``."""
    wanted = [n for n in names if n != "year"]
    if not wanted:
        return {}, True
    counters = {"site": Counter(), "province": Counter()}
    memo = (timeline.identity(conn), plan.match(expression), plan.low, plan.high)
    try:
        if seconds and _too_slow.get(memo, 0) >= seconds:
            raise TooSlow(seconds)  # it ran out of this much time before: the next page need not wait again
        with time_limit(conn, seconds):
            for column in ("site", "province"):
                days = timeline.match_days(conn, plan, expression, split=column)
                for (_day, value), n in days.items():
                    counters[column][value] += n
        complete = True
    except TooSlow:
        _too_slow[memo] = max(seconds or 0, _too_slow.get(memo, 0))
        if len(_too_slow) > 256:
            _too_slow.clear()
        counters, complete = _window_counts(conn, keys), False
    kinds = dict(conn.execute("SELECT slug, kind FROM sites").fetchall())
    counters["kind"] = _regroup(counters["site"], kinds.get)
    counters["unit"] = _regroup(counters["province"], unit_of)
    return {n: sorted(counters[n].items(), key=lambda kv: (-kv[1], str(kv[0]))) for n in wanted}, complete


def _window_counts(conn, keys: list[int]) -> dict[str, Counter]:
    counters = {"site": Counter(), "province": Counter()}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        sql = f"SELECT site, province FROM articles WHERE search_key IN ({', '.join('?' for _ in chunk)})"
        for site, province in conn.execute(sql, chunk):
            counters["site"][site] += 1
            counters["province"][province] += 1
    return counters


def _regroup(counter: Counter, mapping) -> Counter:
    result = Counter()
    for value, n in counter.items():
        result[mapping(value) or "(none)"] += n
    return result


def _years(days: dict) -> list[tuple[int, int]]:
    """Matches per year, oldest first; undated matches are left out (they have no year)."""
    years = Counter()
    for number, n in days.items():
        if number > 0:
            years[timeline.day_of(number).year] += n
    return sorted(years.items())


def snippet(text: str, phrases: list[Phrase], *, width: int = 220, mark=("<mark>", "</mark>"), escape=True) -> str:
    """A window of ``text`` around the first match of any phrase, matches marked.

    Matching is done on a folded (or accent-keeping) copy aligned character for
    character with the original, so the snippet shows the page's own text.
    """
    esc = _escape if escape else (lambda v: v)
    text = normalize(text or "")
    folded = fold_aligned(text)
    lowered = text.lower() if len(text.lower()) == len(text) else folded
    spans = []
    for phrase in phrases:
        haystack, needle = (lowered, key(" ".join(phrase.words))) if phrase.accented else (folded, fold(" ".join(phrase.words)))
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in needle.split()) + (r"" if phrase.prefix else r"(?!\w)")
        spans.extend(m.span() for m in re.finditer(pattern, haystack))
    if not spans:
        return esc(text[:width]) + ("…" if len(text) > width else "")
    spans.sort()
    start = max(0, spans[0][0] - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(esc(text[pos:s]) + mark[0] + esc(text[s:e]) + mark[1])
        pos = e
    out.append(esc(text[pos:end]))
    return ("…" if start else "") + "".join(out).replace("\n", " ") + ("…" if end < len(text) else "")


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
