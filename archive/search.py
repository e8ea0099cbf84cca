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

from archive.fts import FTS_TABLE, WEIGHTS
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


@dataclass
class SearchResults:
    query: Query
    results: list[dict]
    total: int
    estimated: bool = False


def _connect(db) -> sqlite3.Connection:
    if isinstance(db, sqlite3.Connection):
        return db
    if hasattr(db, "conn"):
        return db.conn
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


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
    """Ranked search of the archive (``db``: a path, sqlite3 connection or sqlite-utils Database)."""
    parsed = parse(query)
    if order not in ("relevance", "newest"):
        raise QueryError("order must be 'relevance' or 'newest'")
    conn = _connect(db)
    where = [f"{FTS_TABLE} MATCH :match"]
    params: dict = {"match": parsed.expression, "limit": int(limit), "offset": int(offset)}
    if site:
        where.append("a.site = :site")
        params["site"] = site
    if province:
        where.append("a.province = :province")
        params["province"] = _province_name(province)
    if since:
        where.append("a.published >= :since")
        params["since"] = since
    if year:
        where.append("a.year = :year")
        params["year"] = int(year)
    weights = ", ".join(str(w) for w in WEIGHTS)
    order_by = f"bm25({FTS_TABLE}, {weights})" if order == "relevance" else "a.published desc"
    sql = (
        f"select a.id, a.url, a.title, a.site, a.province, a.published, a.lead, a.text,"
        f" bm25({FTS_TABLE}, {weights}) as rank"
        f" from {FTS_TABLE} join articles a on a.id = {FTS_TABLE}.rowid"
        f" where {' and '.join(where)} order by {order_by} limit :limit offset :offset"
    )
    count_sql = (
        f"select count(*) from {FTS_TABLE} join articles a on a.id = {FTS_TABLE}.rowid where {' and '.join(where)}"
    )
    try:
        cursor = conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
        total = conn.execute(count_sql, params).fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise QueryError(f"This search could not be run: {exc}") from exc
    results = []
    for row in rows:
        text = row.pop("text") or ""
        lead = row.pop("lead") or ""
        row["snippet"] = snippet(f"{lead}\n{text}" if lead and lead not in text else text, parsed.phrases)
        results.append(row)
    return SearchResults(parsed, results, total)


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
