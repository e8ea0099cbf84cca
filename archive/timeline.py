"""Attention over time: a search's matches per day, week, month or year, from the index alone.

An article's row in the full-text index is its search key, whose high bits
are its publication minute (archive/fts.py). Counting a query's matches per
day is therefore a GROUP BY over the index rows that FTS5 yields: no article
row is read, and every match is counted, however many. Weeks, months and
years are sums of days.

Day counts are kept for the last MATCH_CACHE searches while the database
file is unchanged: the page, its chart, its next pages and its exports then
count once.

The share of attention divides each period's matches by all the articles
published in it (under the same site, province or kind filters), counted on
the search-key index and kept per database file until it changes.

A split by site, province, kind or 2025 unit joins the matches to the
covering index (search_key, site, province, year): index pages, not rows.
"""

from __future__ import annotations

import os
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from archive.fts import ID_BITS

ORIGIN = date(1990, 1, 1)  # archive.fts.EPOCH: day 0 of the search keys; minute 0 means "no date"
PERIODS = ("day", "week", "month", "year")
SPLITS = ("site", "province", "kind", "unit")
MAX_SERIES = 8  # a split shows this many groups, the rest summed as "others"
_DAY = f"(({{key}} >> {ID_BITS}) / 1440)"
MATCH_CACHE = 64  # searches whose day counts are kept (a few KB each)
_cache: dict = {}
_matches: OrderedDict = OrderedDict()


@dataclass
class Series:
    """One line of a chart.

    name: the query, or the group of a split; counts: matches per period;
    totals: all articles per period (same filters); share: counts / totals.
    """

    name: str
    counts: list[int]
    totals: list[int] = field(default_factory=list)

    @property
    def share(self) -> list[float | None]:
        return [round(c / t, 6) if t else None for c, t in zip(self.counts, self.totals)]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class Timeline:
    """Matches over time. periods: labels (2022-08-18, 2022-W33, 2022-08, 2022); undated: matches without a date."""

    by: str
    periods: list[str]
    series: list[Series]
    undated: int = 0

    def rows(self):
        """(period, series name, matches, all articles, share) for every point: the CSV's rows."""
        for s in self.series:
            for period, count, total, share in zip(self.periods, s.counts, s.totals, s.share):
                yield period, s.name, count, total, share

    def as_dict(self) -> dict:
        return {
            "by": self.by,
            "periods": self.periods,
            "undated": self.undated,
            "series": [
                {"name": s.name, "total": s.total, "counts": s.counts, "totals": s.totals, "share": s.share}
                for s in self.series
            ],
        }


def day_of(day_number: int) -> date:
    return ORIGIN + timedelta(days=day_number)


def period(day: date, by: str) -> str:
    """The label of the period holding ``day``."""
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    return str(day.year)


def periods_between(first: date, last: date, by: str) -> list[str]:
    """Every period label from ``first`` to ``last``, gaps included (a chart shows quiet periods as 0)."""
    labels, day = [], first
    step = timedelta(days=1 if by == "day" else 7 if by == "week" else 28)
    while day <= last:
        label = period(day, by)
        if not labels or labels[-1] != label:
            labels.append(label)
        day += step
    if not labels or labels[-1] != period(last, by):
        labels.append(period(last, by))
    return labels


def match_days(conn, plan, expression: str, split: str | None = None) -> dict:
    """{day number: count} of every match, or {(day, site or province): count} with ``split``."""
    where = " AND ".join(w.replace(f"{plan.table}.rowid", "f.rowid") for w in plan.where_for(expression))
    day = _DAY.format(key="f.rowid")
    params = plan.params_for(expression)
    if split is None:
        sql = f"SELECT {day}, count(*) FROM {plan.table} f WHERE {where} GROUP BY 1"
    else:
        column = "site" if split in ("site", "kind") else "province"
        sql = (
            f"SELECT {day}, a.{column}, count(*) FROM {plan.table} f JOIN articles a ON a.search_key = f.rowid"
            f" WHERE {where} GROUP BY 1, 2"
        )
    # The page, its chart, its next page and its exports count the same matches: once per file state.
    cache_key = (identity(conn), sql, tuple(sorted(params.items())))
    if cache_key in _matches:
        _matches.move_to_end(cache_key)
        return _matches[cache_key]
    rows = conn.execute(sql, params).fetchall()
    result = dict(rows) if split is None else {(d, g): n for d, g, n in rows}
    _matches[cache_key] = result
    while len(_matches) > MATCH_CACHE:
        _matches.popitem(last=False)
    return result


def article_days(conn, plan, split: str | None = None) -> dict:
    """All articles per day (under the plan's site/province/kind filters), as ``match_days``; cached per file."""
    column = None if split is None else ("site" if split in ("site", "kind") else "province")
    cache_key = (identity(conn), tuple(sorted(plan.article_filter()[1].items())), plan.article_filter()[0], column)
    if cache_key in _cache:
        return _cache[cache_key]
    clause, params = plan.article_filter()
    day = _DAY.format(key="search_key")
    where = f" WHERE {clause}" if clause else ""
    if column is None:
        result = dict(conn.execute(f"SELECT {day}, count(*) FROM articles{where} GROUP BY 1", params).fetchall())
    else:
        sql = f"SELECT {day}, {column}, count(*) FROM articles{where} GROUP BY 1, 2"
        result = {(d, g): n for d, g, n in conn.execute(sql, params)}
    if len(_cache) > 64:
        _cache.clear()
    _cache[cache_key] = result
    return result


def identity(conn) -> tuple:
    """The database file as it is now: path, size and time of the file and its WAL."""
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    stats = []
    for name in (path, f"{path}-wal"):
        try:
            st = os.stat(name)
            stats.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append(None)
    return (path, *stats) if path else (id(conn),)


def bucket(days: dict, by: str, labels: list[str]) -> list[int]:
    """Sum {day number: count} into the periods ``labels``."""
    sums = dict.fromkeys(labels, 0)
    for number, count in days.items():
        if number <= 0:
            continue
        label = period(day_of(number), by)
        if label in sums:
            sums[label] += count
    return list(sums.values())


def span(day_maps: list[dict], plan) -> tuple[date, date] | None:
    """First and last day of the chart: the plan's date bounds, else the matches' own."""
    numbers = [d for days in day_maps for d, n in days.items() if d > 0 and n]
    if not numbers:
        return None
    first, last = day_of(min(numbers)), day_of(max(numbers))
    if plan.since:
        first = min(first, date.fromisoformat(plan.since))
    if plan.until:
        last = max(last, date.fromisoformat(plan.until))
    return first, last


def grouped(days: dict, mapping=None) -> dict[str, dict]:
    """{(day, value): n} as {group: {day: n}}, values mapped (site → kind, province → unit) when asked."""
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for (number, value), count in days.items():
        name = mapping.get(value, value) if mapping is not None else value
        groups[name or "(none)"][number] += count
    return groups


def over_time(db, queries: list[str], *, by: str = "month", split: str | None = None,
              time_limit_s: float | None = None, **filters) -> Timeline:
    """Matches of each query per period, with all articles per period (the share's denominator).

    Several queries give one series each; ``split`` (site, province, kind,
    unit) gives one series per group of a single query, the largest
    MAX_SERIES and "others".
    """
    from archive.limits import time_limit
    from archive.query import QueryError
    from archive.plan import connect, prepare

    if by not in PERIODS:
        raise QueryError(f"Not a period: {by!r} (one of {', '.join(PERIODS)})")
    if split not in (None, "", *SPLITS):
        raise QueryError(f"Cannot split by {split!r} (one of {', '.join(SPLITS)})")
    queries = [q for q in queries if q and q.strip()]
    if not queries:
        raise QueryError("Nothing to search for: type at least one word.")
    if split and len(queries) > 1:
        raise QueryError("Split one query at a time, or compare several queries without a split.")
    conn, opened = connect(db)
    try:
        with time_limit(conn, time_limit_s):
            prepared = [prepare(conn, q, filters) for q in queries]
            plan = prepared[0][1]
            if split:
                return _split(conn, prepared[0][0], plan, by, split)
            day_maps = [match_days(conn, p, parsed.expression) for parsed, p in prepared]
            labels = _labels(day_maps, plan, by)
            totals = bucket(article_days(conn, plan), by, labels)
            series = [Series(parsed.text, bucket(d, by, labels), totals) for (parsed, _), d in zip(prepared, day_maps)]
            return Timeline(by, labels, series, undated=sum(d.get(0, 0) for d in day_maps))
    finally:
        if opened:
            conn.close()


def _labels(day_maps: list[dict], plan, by: str) -> list[str]:
    bounds = span(day_maps, plan)
    return periods_between(*bounds, by) if bounds else []


def _split(conn, parsed, plan, by: str, split: str) -> Timeline:
    mapping = _mapping(conn, split)
    groups = grouped(match_days(conn, plan, parsed.expression, split), mapping)
    everything = grouped(article_days(conn, plan, split), mapping)
    ranked = sorted(groups, key=lambda g: (-sum(groups[g].values()), g))
    labels = _labels(list(groups.values()), plan, by)
    series = []
    for name in ranked[:MAX_SERIES]:
        series.append(Series(name, bucket(groups[name], by, labels), bucket(everything.get(name, {}), by, labels)))
    rest = ranked[MAX_SERIES:]
    if rest:
        merged, merged_all = defaultdict(int), defaultdict(int)
        for name in rest:
            for source, target in ((groups[name], merged), (everything.get(name, {}), merged_all)):
                for number, n in source.items():
                    target[number] += n
        series.append(Series(f"others ({len(rest)})", bucket(merged, by, labels), bucket(merged_all, by, labels)))
    undated = sum(days.get(0, 0) for days in groups.values())
    return Timeline(by, labels, series, undated=undated)


def _mapping(conn, split: str) -> dict | None:
    """How a split names its groups: sites by name, sites by kind, provinces by 2025 unit."""
    if split == "site":
        return {slug: name or slug for slug, name in conn.execute("SELECT slug, name FROM sites")}
    if split == "kind":
        return {slug: kind for slug, kind in conn.execute("SELECT slug, kind FROM sites")}
    if split == "unit":
        return _UnitMap()
    return None


class _UnitMap(dict):
    """Provinces not among the sites' (an article's own) still map to their unit."""

    def __missing__(self, province):
        from archive.plan import unit_of

        return unit_of(province)

    def get(self, province, default=None):
        return self[province] if province is not None else default
