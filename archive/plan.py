"""A search's filters, checked, and how the index applies them.

Filters combine (all must hold): site, province (as at publication), unit
(the province since 1 July 2025, which takes in the provinces merged into it),
kind of site (newspaper, police, portal, broadcaster), a date range (since,
until, both inclusive) and a year. Site and province are tokens of the index
(archive/fts.py), so they are an AND inside the match; a kind or a unit is
an OR of the site or province tokens it covers. Dates bound the index rows,
which are in publication order.

Bad values raise ``QueryError`` with one clear line: the web pages answer 400.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from archive.fts import FTS_TABLE, province_token, search_key, site_token
from archive.query import Query, QueryError, parse

FILTERS = ("site", "province", "unit", "kind", "since", "until", "year")


@dataclass
class Filters:
    """What a search is restricted to; every field optional (None: no restriction)."""

    site: str | None = None
    province: str | None = None
    unit: str | None = None
    kind: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    year: int | None = None

    @classmethod
    def from_args(cls, args) -> "Filters":
        """From request arguments or keywords; strings checked here (``year=abc`` is a QueryError)."""
        values = {k: (str(args.get(k)).strip() if args.get(k) not in (None, "") else None) for k in FILTERS}
        year = values.pop("year")
        if year is not None:
            if not year.isdigit() or not 1990 <= int(year) <= 2100:
                raise QueryError(f"Not a year: {year!r} (expected four digits, e.g. 2022)")
        for name in ("since", "until"):
            if values[name] is not None:
                _day(values[name])
        return cls(**values, year=int(year) if year is not None else None)

    def active(self) -> dict:
        return {k: getattr(self, k) for k in FILTERS if getattr(self, k) not in (None, "")}


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise QueryError(f"Not a date: {value!r} (expected YYYY-MM-DD)") from None


def minute_key(day: date) -> int:
    """The lowest index row of articles published on or after ``day``."""
    moment = datetime.combine(day, datetime.min.time(), timezone.utc)
    return search_key(int(moment.timestamp()), 0)


@dataclass
class Plan:
    """How the index applies a search's filters.

    tokens: FTS5 expressions AND-ed to the query (site, province, kind, unit);
    low/high: index-row bounds from the dates; sites/provinces: the values
    the ``articles`` table is restricted to for the same filters.
    """

    filters: Filters
    tokens: list[str] = field(default_factory=list)
    low: int | None = None
    high: int | None = None
    sites: list[str] | None = None
    provinces: list[str] | None = None
    table: str = FTS_TABLE

    @property
    def since(self):
        return self.filters.since

    @property
    def until(self):
        return self.filters.until

    @property
    def filtered(self) -> bool:
        return bool(self.tokens) or self.low is not None or self.high is not None

    def match(self, expression: str) -> str:
        for token in self.tokens:
            expression = f"({expression}) AND {token}"
        return expression

    def where_for(self, expression: str, extra_low: int | None = None) -> list[str]:
        where = [f"{self.table} MATCH :match"]
        if self.low is not None:
            where.append(f"{self.table}.rowid >= :low")
        if self.high is not None:
            where.append(f"{self.table}.rowid < :high")
        if extra_low is not None:
            where.append(f"{self.table}.rowid >= :floor")
        return where

    def params_for(self, expression: str, **extra) -> dict:
        params = {"match": self.match(expression), **extra}
        if self.low is not None:
            params["low"] = self.low
        if self.high is not None:
            params["high"] = self.high
        return params

    def keys(self, conn, expression: str, *, limit: int, offset: int = 0, low: int | None = None,
             before: int | None = None) -> list[int]:
        """Index rows matching ``expression`` under the filters, newest first (below ``before`` if given)."""
        where = self.where_for(expression, low)
        params = self.params_for(expression, limit=limit, offset=offset)
        if low is not None:
            params["floor"] = low
        if before is not None:
            where.append(f"{self.table}.rowid < :before")
            params["before"] = before
        sql = (f"SELECT rowid FROM {self.table} WHERE {' AND '.join(where)}"
               " ORDER BY rowid DESC LIMIT :limit OFFSET :offset")
        return [k for (k,) in conn.execute(sql, params)]

    def article_filter(self) -> tuple[str, dict]:
        """The same filters as a clause on ``articles`` (for counting all articles of a period)."""
        parts, params = [], {}
        for column, values in (("site", self.sites), ("province", self.provinces)):
            if values is not None:
                names = [f"{column}{i}" for i in range(len(values))]
                # "+": not by the site or province indexes, which would read every row for its search key.
                parts.append(f"+{column} IN ({', '.join(':' + n for n in names)})")
                params.update(zip(names, values))
        # A bound on search_key, always: the count then walks the (search_key, site, province, year) index.
        parts.append("search_key >= :low")
        params["low"] = self.low or 0
        if self.high is not None:
            parts.append("search_key < :high")
            params["high"] = self.high
        return " AND ".join(parts), params


def plan(conn, filters: Filters) -> Plan:
    """The plan of ``filters`` (``conn`` answers which sites are of a kind)."""
    result = Plan(filters)
    if filters.site:
        result.tokens.append(f'filters : "{site_token(filters.site)}"')
        result.sites = [filters.site]
    if filters.kind:
        slugs = [s for (s,) in conn.execute("SELECT slug FROM sites WHERE kind = ? ORDER BY slug", [filters.kind])]
        if not slugs:
            kinds = [k for (k,) in conn.execute("SELECT DISTINCT kind FROM sites WHERE kind IS NOT NULL ORDER BY 1")]
            raise QueryError(f"Unknown kind of site: {filters.kind!r} (one of {', '.join(kinds) or 'none'})")
        result.tokens.append(_any(site_token(s) for s in slugs))
        result.sites = [s for s in slugs if result.sites is None or s in result.sites]
    if filters.province:
        name = province_name(filters.province)
        result.tokens.append(f'filters : "{province_token(name)}"')
        result.provinces = [name]
    if filters.unit:
        members = unit_members(filters.unit)
        result.tokens.append(_any(province_token(n) for n in members))
        result.provinces = [n for n in members if result.provinces is None or n in result.provinces]
    low, high = None, None
    if filters.since:
        low = minute_key(_day(filters.since))
    if filters.until:
        high = minute_key(_day(filters.until).fromordinal(_day(filters.until).toordinal() + 1))
    if filters.year:
        low = max(low or 0, minute_key(date(filters.year, 1, 1)))
        year_end = minute_key(date(filters.year + 1, 1, 1))
        high = min(high, year_end) if high is not None else year_end
    result.low, result.high = low, high
    return result


def _any(tokens) -> str:
    return "filters : (" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def province_name(value: str) -> str:
    from crawler import provinces

    found = provinces.find(value)
    if found is None:
        raise QueryError(f"Unknown province: {value}")
    return found.name


def unit_members(value: str) -> list[str]:
    """The provinces (by name) that make up the unit ``value`` since 1 July 2025, itself included."""
    from crawler import provinces

    found = provinces.find(value)
    if found is None:
        raise QueryError(f"Unknown province: {value}")
    unit = found.merged_into
    return sorted(p.name for p in provinces.provinces().values() if p.merged_into == unit)


def unit_of(province: str | None) -> str | None:
    """The name of the 2025 unit a province (as at publication) belongs to."""
    from crawler import provinces

    found = provinces.find(province or "")
    if found is None:
        return None
    unit = provinces.provinces().get(found.merged_into)
    return unit.name if unit else found.name


def connect(db) -> tuple[sqlite3.Connection, bool]:
    """(connection, whether it was opened here and must be closed) for a path, connection or Database."""
    if isinstance(db, sqlite3.Connection):
        return db, False
    if hasattr(db, "conn"):
        return db.conn, False
    path = Path(db)
    if not path.exists():
        raise FileNotFoundError(f"no archive at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True), True


def prepare(conn, query: str, filters: Filters | dict | None = None) -> tuple[Query, Plan]:
    parsed = parse(query)
    if not isinstance(filters, Filters):
        filters = Filters.from_args(filters or {})
    return parsed, plan(conn, filters)
