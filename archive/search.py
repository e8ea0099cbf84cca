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

    def fts(self, field: str | None = None) -> str:
        """The phrase as FTS5 syntax, in every text column or in one ``field`` (title, lead, text)."""
        if self.accented:
            words, columns = [key(w) for w in self.words], ACCENT_COLUMNS
        else:
            words, columns = [w.lower() for w in self.words], FOLD_COLUMNS
        if field is not None:
            columns = "{" + (field if self.accented else f"{field}_fold") + "}"
        quoted = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        return f"{columns} : {quoted}{'*' if self.prefix else ''}"


@dataclass
class Query:
    """A parsed query: alternatives (OR) of required and excluded phrases."""

    text: str
    alternatives: list[list[Phrase]] = field(default_factory=list)

    @property
    def expression(self) -> str:
        return self.expression_in()

    def expression_in(self, field: str | None = None) -> str:
        """The FTS5 expression; with ``field``, the words wanted must stand in that field."""
        parts = []
        for phrases in self.alternatives:
            positive = [p.fts(field) for p in phrases if not p.negated]
            negative = [p.fts() for p in phrases if p.negated]
            expr = " AND ".join(f"({p})" for p in positive)
            for n in negative:
                expr = f"({expr}) NOT ({n})"
            parts.append(expr)
        return " OR ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]

    @property
    def phrases(self) -> list[Phrase]:
        return [p for alt in self.alternatives for p in alt if not p.negated]

    @property
    def all_phrases(self) -> list[Phrase]:
        return [p for alt in self.alternatives for p in alt]


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

# A search walks at most this many of its newest matches (the index's own order):
# they give the count (estimated beyond), the facet counts, and the candidates
# most relevant first ranks when the words are common.
WINDOW = 5_000
TITLE_WEIGHT, LEAD_WEIGHT = WEIGHTS[0], WEIGHTS[1]  # the bm25 weights of the title and lead columns


@dataclass
class SearchResults:
    """A page of results and what is known of the rest.

    total: the number of matches, exact unless ``estimated``.
    ranking: "bm25"; "fields" (words in the title, then in the lead, newest first
      within each) for words too common for bm25, over the newest WINDOW matches;
      or "newest".
    facets: {column: [(value, count), ...]} when asked for, counted over
      ``facets_counted`` matches (all of them unless that is WINDOW).
    """

    query: Query
    results: list[dict]
    total: int
    estimated: bool = False
    ranking: str = "bm25"
    ranked: int = 0
    facets: dict = field(default_factory=dict)
    facets_counted: int = 0

    def describe(self) -> str:
        """"37 results", "about 412,000 results (estimated)", with how the results were ranked."""
        text = f"about {self.total:,} results (estimated)" if self.estimated else f"{self.total:,} results"
        if self.ranking == "fields":
            text += f", the newest {self.ranked:,} ranked by where the words stand (title, lead, text)"
        return text


def _connect(db) -> tuple[sqlite3.Connection, bool]:
    """(connection, whether it was opened here and must be closed) for a path, connection or Database."""
    if isinstance(db, sqlite3.Connection):
        return db, False
    if hasattr(db, "conn"):
        return db.conn, False
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True), True


@dataclass
class _Plan:
    """The match walk of a search with its filters, newest first."""

    where: list[str]
    params: dict
    tokens: list[str]  # the site's and province's index tokens
    filtered: bool  # by site, province or dates

    def keys(self, conn, expression: str, *, limit: int, low: int | None = None) -> list[int]:
        """Index rows matching ``expression`` under this plan's filters, newest first."""
        params = dict(self.params, match=self._filtered(expression), limit=limit)
        where = self.where
        if low is not None:
            where, params["floor"] = where + [f"{FTS_TABLE}.rowid >= :floor"], low
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {' AND '.join(where)} ORDER BY rowid DESC LIMIT :limit"
        return [k for (k,) in conn.execute(sql, params)]

    def _filtered(self, expression: str) -> str:
        for token in self.tokens:
            expression = f'({expression}) AND filters : "{token}"'
        return expression


def _plan(parsed: Query, *, site, province, since, year) -> _Plan:
    tokens = []
    # Site and province are tokens of the index (archive/fts.py): an AND inside the match.
    if site:
        tokens.append(site_token(site))
    if province:
        tokens.append(province_token(_province_name(province)))
    where = [f"{FTS_TABLE} MATCH :match"]
    params: dict = {}
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
    plan = _Plan(where, params, tokens, filtered=bool(tokens) or low is not None or high is not None)
    plan.params["match"] = plan._filtered(parsed.expression)
    return plan


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
    facets: tuple[str, ...] = (),
) -> SearchResults:
    """Ranked search of the archive (``db``: a path, sqlite3 connection or sqlite-utils Database).

    Walks at most WINDOW of the newest matches, which gives the count (exact
    below WINDOW, else estimated from how much of the archive they span), the
    facet counts of ``facets`` columns (site, province, year) and the page:

    - ``order="newest"``: the index's own order, publication time;
    - ``order="relevance"``: bm25 (title above lead above text) over every
      match when each phrase of the query is found in at most WINDOW articles
      of the whole archive. bm25's idf walks every article holding a phrase,
      which for a syllable or word in most articles costs most of a second
      on a million: then the newest WINDOW matches are ranked by where the
      words stand, title first, then lead, newest first within each
      (``ranking="fields"``).
    """
    parsed = parse(query)
    if order not in ("relevance", "newest"):
        raise QueryError("order must be 'relevance' or 'newest'")
    plan = _plan(parsed, site=site, province=province, since=since, year=year)
    conn, opened = _connect(db)
    try:
        keys = plan.keys(conn, parsed.expression, limit=WINDOW)
        complete = len(keys) < WINDOW
        total = len(keys) if complete else _estimate(conn, len(keys), keys[-1], plan.params.get("low"), plan.params.get("high"))
        ranking, ranked = "newest", 0
        if order == "newest":
            if offset + limit <= len(keys):
                page = [(k, None) for k in keys[offset : offset + limit]]
            else:
                page = [(k, None) for k in plan.keys(conn, parsed.expression, limit=offset + limit)[offset:]]
        elif complete and _rare(conn, parsed, plan):
            ranking, page = "bm25", _bm25_page(conn, plan, limit, offset)
        else:
            ranking, ranked = "fields", len(keys)
            page = _fields_page(conn, parsed, plan, keys, limit, offset)
        rows = _articles(conn, [k for k, _ in page])
        counted_facets = _facets(conn, keys, facets) if facets else {}
    except sqlite3.OperationalError as exc:
        raise QueryError(f"This search could not be run: {exc}") from exc
    finally:
        if opened:
            conn.close()
    results = []
    for row_key, rank in page:
        row = dict(rows[row_key & ID_MASK], rank=rank)
        text = row.pop("text") or ""
        lead = row.pop("lead") or ""
        row["snippet"] = snippet(f"{lead}\n{text}" if lead and lead not in text else text, parsed.phrases)
        results.append(row)
    return SearchResults(parsed, results, total, not complete, ranking, ranked, counted_facets, len(keys))


def table_filter(query: str, *, site=None, province=None, since=None, year=None, window: int | None = WINDOW):
    """The WHERE clause and parameters that restrict ``articles`` to a search's matches, for Datasette.

    ``window``: only the newest so many matches (Datasette reads every row
    its clause admits, three times over with the count and facets); None for all.
    """
    plan = _plan(parse(query), site=site, province=province, since=since, year=year)
    where = " AND ".join(plan.where).replace(":match", ":vn_match").replace(":low", ":vn_low").replace(":high", ":vn_high")
    params = {f"vn_{k}": v for k, v in plan.params.items()}
    limit = f" ORDER BY rowid DESC LIMIT {int(window)}" if window else ""
    return f"search_key IN (SELECT rowid FROM {FTS_TABLE} WHERE {where}{limit})", params


def _rare(conn, parsed: Query, plan: _Plan) -> bool:
    """True when every phrase of the query is in at most WINDOW articles of the whole archive."""
    phrases = parsed.all_phrases
    if not plan.filtered and len(phrases) == 1:
        return True  # the walk already counted it: fewer than WINDOW
    for phrase in phrases:
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT {WINDOW})"
        if conn.execute(sql, [phrase.fts()]).fetchone()[0] >= WINDOW:
            return False
    return True


def _bm25_page(conn, plan: _Plan, limit: int, offset: int) -> list[tuple[int, float]]:
    weights = ", ".join(str(w) for w in WEIGHTS)
    sql = (
        f"SELECT rowid, bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE} WHERE {' AND '.join(plan.where)}"
        " ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset"
    )
    return conn.execute(sql, dict(plan.params, limit=limit, offset=offset)).fetchall()


def _fields_page(conn, parsed: Query, plan: _Plan, keys: list[int], limit: int, offset: int) -> list[tuple[int, float]]:
    """The newest matches ranked by the fields holding the words: title, then lead, newest first."""
    score = dict.fromkeys(keys, 0)
    for field_name, weight in (("title", TITLE_WEIGHT), ("lead", LEAD_WEIGHT)):
        for row_key in plan.keys(conn, parsed.expression_in(field_name), limit=len(keys), low=keys[-1]):
            if row_key in score:
                score[row_key] += weight
    ordered = sorted(keys, key=lambda k: (-score[k], -k))[offset : offset + limit]
    return [(k, -float(score[k])) for k in ordered]


def _articles(conn, keys: list[int]) -> dict[int, dict]:
    if not keys:
        return {}
    ids = [k & ID_MASK for k in keys]
    cursor = conn.execute(
        "SELECT id, url, title, site, province, published, lead, text FROM articles"
        f" WHERE id IN ({', '.join('?' for _ in ids)})",
        ids,
    )
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row)) for row in cursor}


def _facets(conn, keys: list[int], columns: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Counts by ``columns`` of the matches ``keys``, from idx_articles_search_facets (no article rows read)."""
    from collections import Counter

    counters = {column: Counter() for column in columns}
    select = ", ".join(f"a.{c}" for c in columns)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        sql = f"SELECT {select} FROM articles a WHERE a.search_key IN ({', '.join('?' for _ in chunk)})"
        for row in conn.execute(sql, chunk):
            for column, value in zip(columns, row):
                counters[column][value] += 1
    return {c: sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))) for c, counter in counters.items()}


def _estimate(conn: sqlite3.Connection, counted: int, oldest: int, low=None, high=None) -> int:
    """Matches in all of the searched span, from the ``counted`` newest reaching back to index row ``oldest``.

    The newest matches cover a share of the span's articles; the same share
    of matches is assumed for the rest. The articles are counted on the
    search_key index, not the matches, so this stays cheap.
    """

    def articles_between(start, end) -> int:
        bounds = [("search_key >= ?", start)] if start is not None else []
        bounds += [("search_key < ?", end)] if end is not None else []
        where = " WHERE " + " AND ".join(b for b, _ in bounds) if bounds else ""
        return conn.execute(f"SELECT count(*) FROM articles{where}", [v for _, v in bounds]).fetchone()[0]

    span = articles_between(low, high)
    covered = articles_between(oldest, high)
    return max(counted, round(counted * span / max(covered, 1)))


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
