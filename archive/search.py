"""Vietnamese-aware search: user queries to FTS5 expressions, ranked results with snippets.

What a researcher types, and what it means:

- ``an ninh``: adjacent words are one phrase (the two-syllable word), not
  every ``an`` and every ``ninh``.
- ``hoa giai`` (no accents): matches every accent variant (``hòa giải``,
  ``hoà giải``); ``dang`` finds ``Đảng``.
- ``hòa giải`` (with accents): exact tone marks, whatever their placement
  (``hoà giải`` matches too; ``hoa giai`` with other tones does not).
- ``"an ninh" "trật tự"``: quotes make separate phrases, all required.
- ``an ninh OR trật tự``: either. ``an ninh -giao thông``: excluding.
- ``ninh*``: prefix.

Malformed input never reaches SQLite as FTS syntax: every word is quoted, and
a query with nothing to search for raises ``QueryError`` with a clear message.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from archive.fts import FTS_TABLE, ID_MASK, WEIGHTS, province_token, search_key, site_token
from crawler.vntext import fold, fold_aligned, has_accents, key, normalize

ACCENT_COLUMNS = "{title lead text}"
FOLD_COLUMNS = "{title_fold lead_fold text_fold}"
WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)"(\*?)|(\S+)')


class QueryError(ValueError):
    """The query cannot be searched; the message says why, for the user."""


@dataclass
class Phrase:
    words: list[str]
    prefix: bool = False
    negated: bool = False

    @property
    def accented(self) -> bool:
        return has_accents(" ".join(self.words))

    def fts(self) -> str:
        if self.accented:
            words, columns = [key(w) for w in self.words], ACCENT_COLUMNS
        else:
            words, columns = [w.lower() for w in self.words], FOLD_COLUMNS
        quoted = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        return f"{columns} : {quoted}{'*' if self.prefix else ''}"


@dataclass
class Query:
    """A parsed query: alternatives (OR) of required and excluded phrases."""

    text: str
    alternatives: list[list[Phrase]] = field(default_factory=list)

    @property
    def expression(self) -> str:
        parts = []
        for phrases in self.alternatives:
            positive = [p.fts() for p in phrases if not p.negated]
            negative = [p.fts() for p in phrases if p.negated]
            expr = " AND ".join(f"({p})" for p in positive)
            for n in negative:
                expr = f"({expr}) NOT ({n})"
            parts.append(expr)
        return " OR ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]

    @property
    def phrases(self) -> list[Phrase]:
        return [p for alt in self.alternatives for p in alt if not p.negated]


def parse(text: str) -> Query:
    """Parse what a user typed (see the module docstring for the syntax)."""
    query = Query(text)
    current: list[Phrase] = []
    run: list[str] = []  # adjacent plain words, becoming one phrase
    negate_next = False

    def close_run(prefix=False):
        nonlocal run
        if run:
            current.append(Phrase(run, prefix=prefix))
            run = []

    for match in TOKEN.finditer(text or ""):
        minus, quoted, star, bare = match.groups()
        if quoted is not None:
            close_run()
            words = WORD.findall(quoted)
            if words:
                current.append(Phrase(words, prefix=bool(star), negated=bool(minus) or negate_next))
            negate_next = False
            continue
        if bare in ("OR", "|"):
            close_run()
            query.alternatives.append(current)
            current = []
            continue
        if bare in ("AND", "+"):
            close_run()
            continue
        if bare == "NOT":
            close_run()
            negate_next = True
            continue
        negated = bare.startswith("-") and len(bare) > 1
        words = WORD.findall(bare)
        if not words:
            continue  # punctuation alone: nothing to search for
        prefix = bare.endswith("*")
        if negated or negate_next:
            close_run()
            current.append(Phrase(words, prefix=prefix, negated=True))
            negate_next = False
        elif prefix:
            run.extend(words)
            close_run(prefix=True)
        else:
            run.extend(words)
    close_run()
    query.alternatives.append(current)
    query.alternatives = [alt for alt in query.alternatives if alt]
    if not query.alternatives:
        raise QueryError("Nothing to search for: type at least one word.")
    for alt in query.alternatives:
        if not any(not p.negated for p in alt):
            raise QueryError("A search needs at least one word that is not excluded with '-'.")
    return query


# --- results ---------------------------------------------------------------------

# Most relevant first ranks the newest matches, at most this many: bm25 over
# every match of a syllable found in most articles costs seconds at a million
# articles, and a news archive's newer matches are the likelier answers.
RANK_WINDOW = 20_000
# Counts stop here; beyond it the total is estimated from how much of the
# archive the newest COUNT_LIMIT matches span, and marked as an estimate.
COUNT_LIMIT = 20_000


@dataclass
class SearchResults:
    """A page of results and what is known of the rest.

    total: the number of matches, exact unless ``estimated``.
    ranked_within: for most relevant first when the matches outnumbered
      RANK_WINDOW, the number of newest matches that were ranked (else None).
    """

    query: Query
    results: list[dict]
    total: int
    estimated: bool = False
    ranked_within: int | None = None

    def describe(self) -> str:
        """"37 results", "about 412,000 results (estimated)", with how ranking was bounded."""
        text = f"about {self.total:,} results (estimated)" if self.estimated else f"{self.total:,} results"
        if self.ranked_within:
            text += f", most relevant among the newest {self.ranked_within:,}"
        return text


def _connect(db) -> sqlite3.Connection:
    if isinstance(db, sqlite3.Connection):
        return db
    if hasattr(db, "conn"):
        return db.conn
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@dataclass
class _Plan:
    """The match walk of a search with its filters, newest first."""

    where: list[str]
    params: dict

    def matches(self, columns: str, *, limit: str) -> str:
        return (
            f"SELECT {columns} FROM {FTS_TABLE} WHERE {' AND '.join(self.where)}"
            f" ORDER BY {FTS_TABLE}.rowid DESC LIMIT {limit}"
        )


def _plan(parsed: Query, *, site, province, since, year) -> _Plan:
    expression = parsed.expression
    # Site and province are tokens of the index (archive/fts.py): an AND inside the match.
    if site:
        expression = f'({expression}) AND filters : "{site_token(site)}"'
    if province:
        expression = f'({expression}) AND filters : "{province_token(_province_name(province))}"'
    where = [f"{FTS_TABLE} MATCH :match"]
    params: dict = {"match": expression}
    # Dates bound the walk itself: the index rows are in publication order.
    low, high = None, None
    if since:
        low = _minute_key(since)
    if year:
        low = max(low or 0, _minute_key(f"{int(year):04d}-01-01"))
        high = _minute_key(f"{int(year) + 1:04d}-01-01")
    if low is not None:
        where.append(f"{FTS_TABLE}.rowid >= :low")
        params["low"] = low
    if high is not None:
        where.append(f"{FTS_TABLE}.rowid < :high")
        params["high"] = high
    return _Plan(where, params)


def _minute_key(day: str) -> int:
    """The lowest index row of articles published on or after ``day`` (YYYY-MM-DD)."""
    from datetime import date, datetime, timezone

    try:
        moment = datetime.combine(date.fromisoformat(day[:10]), datetime.min.time(), timezone.utc)
    except ValueError:
        raise QueryError(f"Not a date: {day!r} (expected YYYY-MM-DD)") from None
    return search_key(int(moment.timestamp()), 0)


def search(
    db,
    query: str,
    *,
    site: str | None = None,
    province: str | None = None,
    since: str | None = None,
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
    order: str = "relevance",
) -> SearchResults:
    """Ranked search of the archive (``db``: a path, sqlite3 connection or sqlite-utils Database).

    ``order="newest"`` walks the index newest first and stops after the page;
    ``order="relevance"`` ranks by bm25 (title above lead above text), over
    every match when there are at most RANK_WINDOW, else over the newest
    RANK_WINDOW (``ranked_within`` says so).
    """
    parsed = parse(query)
    if order not in ("relevance", "newest"):
        raise QueryError("order must be 'relevance' or 'newest'")
    conn = _connect(db)
    plan = _plan(parsed, site=site, province=province, since=since, year=year)
    params = dict(plan.params, limit=int(limit), offset=int(offset), window=RANK_WINDOW, cap=COUNT_LIMIT)
    weights = ", ".join(str(w) for w in WEIGHTS)
    columns = "a.id, a.url, a.title, a.site, a.province, a.published, a.lead, a.text"
    if order == "newest":
        sql = (
            f"WITH page AS ({plan.matches(f'{FTS_TABLE}.rowid AS key', limit=':limit OFFSET :offset')})"
            f" SELECT {columns}, NULL AS rank FROM page JOIN articles a ON a.id = (page.key & {ID_MASK})"
            " ORDER BY page.key DESC"
        )
    else:
        sql = (
            f"WITH ranked AS ({plan.matches(f'{FTS_TABLE}.rowid AS key, bm25({FTS_TABLE}, {weights}) AS rank', limit=':window')})"
            f" SELECT {columns}, ranked.rank FROM ranked JOIN articles a ON a.id = (ranked.key & {ID_MASK})"
            " ORDER BY ranked.rank, ranked.key DESC LIMIT :limit OFFSET :offset"
        )
    count_sql = f"SELECT count(*), min(key) FROM ({plan.matches(f'{FTS_TABLE}.rowid AS key', limit=':cap')})"
    try:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, r)) for r in cursor.fetchall()]
        total, oldest = conn.execute(count_sql, params).fetchone()
        estimated = total >= COUNT_LIMIT
        if estimated:
            total = _estimate(conn, total, oldest, low=params.get("low"), high=params.get("high"))
    except sqlite3.OperationalError as exc:
        raise QueryError(f"This search could not be run: {exc}") from exc
    results = []
    for row in rows:
        text = row.pop("text") or ""
        lead = row.pop("lead") or ""
        row["snippet"] = snippet(f"{lead}\n{text}" if lead and lead not in text else text, parsed.phrases)
        results.append(row)
    ranked_within = RANK_WINDOW if order == "relevance" and (estimated or total > RANK_WINDOW) else None
    return SearchResults(parsed, results, total, estimated, ranked_within)


def _estimate(conn: sqlite3.Connection, counted: int, oldest: int, *, low=None, high=None) -> int:
    """Matches in all of the searched span, from the ``counted`` newest reaching back to index row ``oldest``.

    The newest matches cover a share of the span's articles; the same share
    of matches is assumed for the rest (the index's document table is
    counted, not the matches, so this stays cheap).
    """
    docsize = f"{FTS_TABLE}_docsize"
    bounds, args = [], []
    if low is not None:
        bounds.append("id >= ?")
        args.append(low)
    if high is not None:
        bounds.append("id < ?")
        args.append(high)
    where = f" WHERE {' AND '.join(bounds)}" if bounds else ""
    span = conn.execute(f"SELECT count(*) FROM {docsize}{where}", args).fetchone()[0]
    covered = conn.execute(
        f"SELECT count(*) FROM {docsize} WHERE id >= ?{' AND id < ?' if high is not None else ''}",
        [oldest] + ([high] if high is not None else []),
    ).fetchone()[0]
    return max(counted, round(counted * span / max(covered, 1)))


def facets(db, query: str, columns=("site", "province", "year"), **filters) -> tuple[dict, int, bool]:
    """Counts by site, province and year of the newest matches (at most COUNT_LIMIT).

    Returns ({column: [(value, count), ...] most frequent first}, matches
    counted, whether those are all the matches).
    """
    from collections import Counter

    parsed = parse(query)
    conn = _connect(db)
    plan = _plan(parsed, **{k: filters.get(k) for k in ("site", "province", "since", "year")})
    counters = {column: Counter() for column in columns}
    # Joined on search_key: idx_articles_search_facets answers without the articles' rows.
    sql = (
        f"WITH hits AS ({plan.matches(f'{FTS_TABLE}.rowid AS key', limit=':cap')})"
        f" SELECT {', '.join('a.' + c for c in columns)} FROM hits JOIN articles a ON a.search_key = hits.key"
    )
    counted = 0
    try:
        for row in conn.execute(sql, dict(plan.params, cap=COUNT_LIMIT)):
            counted += 1
            for column, value in zip(columns, row):
                counters[column][value] += 1
    except sqlite3.OperationalError as exc:
        raise QueryError(f"This search could not be run: {exc}") from exc
    found = {c: sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))) for c, counter in counters.items()}
    return found, counted, counted < COUNT_LIMIT


def _province_name(value: str) -> str:
    from crawler import provinces

    found = provinces.find(value)
    if found is None:
        raise QueryError(f"Unknown province: {value}")
    return found.name


def snippet(text: str, phrases: list[Phrase], *, width: int = 220, mark=("<mark>", "</mark>")) -> str:
    """A window of ``text`` around the first match of any phrase, matches marked.

    Matching is done on a folded (or accent-keeping) copy aligned character for
    character with the original, so the snippet shows the page's own text.
    """
    text = normalize(text or "")
    folded = fold_aligned(text)
    lowered = text.lower() if len(text.lower()) == len(text) else folded
    spans = []
    for phrase in phrases:
        haystack, needle = (lowered, key(" ".join(phrase.words))) if phrase.accented else (folded, fold(" ".join(phrase.words)))
        pattern = r"(?<!\w)" + r"\W+".join(re.escape(w) for w in needle.split()) + (r"" if phrase.prefix else r"(?!\w)")
        spans.extend(m.span() for m in re.finditer(pattern, haystack))
    if not spans:
        return _escape(text[:width]) + ("…" if len(text) > width else "")
    spans.sort()
    first = spans[0][0]
    start = max(0, first - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if s < pos or e > end:
            continue
        out.append(_escape(text[pos:s]) + mark[0] + _escape(text[s:e]) + mark[1])
        pos = e
    out.append(_escape(text[pos:end]))
    return ("…" if start else "") + "".join(out).replace("\n", " ") + ("…" if end < len(text) else "")


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
