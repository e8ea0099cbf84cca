"""How far the registry reaches: per province (or per 2025 unit), which of the four kinds of
source are registered, verified, and crawled lately.

Values in, values out: ``coverage`` takes the sites (and the slugs crawled lately, which
``crawled_lately`` reads from an archive's ``runs``) and returns one row per province or unit;
``table`` and ``summary`` turn the rows into text for ``crawler sites --coverage``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler import provinces
from crawler.sites import KINDS, Site
from crawler.vntext import fold


@dataclass
class Cell:
    """The sources of one kind in one province or unit."""

    registered: int = 0
    verified: int = 0
    crawled: int = 0  # crawled lately (0 when no archive was read)

    def text(self) -> str:
        if not self.registered:
            return "-"
        parts = [str(self.registered)]
        parts += [f"v{self.verified}"] if self.verified else []
        parts += [f"c{self.crawled}"] if self.crawled else []
        return " ".join(parts)


@dataclass
class Row:
    """One province before 1 July 2025 (with its unit), or one unit since."""

    code: str
    name: str
    unit: str  # the unit's name (its own name when the row is a unit)
    cells: dict[str, Cell] = field(default_factory=lambda: {kind: Cell() for kind in KINDS})

    @property
    def covered(self) -> bool:
        return any(cell.registered for cell in self.cells.values())


def coverage(sites, *, by: str = "province", crawled: set[str] = frozenset()) -> list[Row]:
    """One row per province (``by="province"``, 63) or unit (``by="unit"``, 34), by name.

    ``crawled``: slugs crawled lately (from the archive's ``runs``).
    """
    if by == "province":
        rows = {p.code: Row(p.code, p.name, provinces.units()[p.merged_into].name) for p in provinces.historical().values()}
    elif by == "unit":
        rows = {u.code: Row(u.code, u.name, u.name) for u in provinces.units().values()}
    else:
        raise ValueError(f"coverage by 'province' or 'unit', not {by!r}")
    for site in sites:
        province = provinces.find(site.province)
        cell = rows[province.code if by == "province" else province.merged_into].cells[site.kind]
        cell.registered += 1
        cell.verified += site.status == "verified"
        cell.crawled += site.slug in crawled
    return sorted(rows.values(), key=lambda row: fold(row.name))


def table(rows: list[Row], *, by: str = "province") -> str:
    """The rows as a text table, one column per kind."""
    first = "province" if by == "province" else "unit since 2025"
    header = f"{first:<20} " + ("" if by == "unit" else f"{'unit since 2025':<16} ") + " ".join(f"{k:<12}" for k in KINDS)
    lines = [header.rstrip()]
    for row in rows:
        unit = "" if by == "unit" else f"{row.unit:<16} "
        lines.append((f"{row.name:<20} {unit}" + " ".join(f"{row.cells[k].text():<12}" for k in KINDS)).rstrip())
    return "\n".join(lines)


def summary(rows: list[Row], sites: list[Site], *, by: str = "province", crawled_days: int | None = None) -> str:
    """What the table adds up to, and how to read its cells."""
    noun = "provinces (before 1 July 2025)" if by == "province" else "units (since 1 July 2025)"
    per_kind = ", ".join(f"{kind} {sum(1 for r in rows if r.cells[kind].registered)}" for kind in KINDS)
    lines = [
        f"{len(sites)} sources; {sum(r.covered for r in rows)} of {len(rows)} {noun} have one ({per_kind});"
        f" {sum(all(c.registered for c in r.cells.values()) for r in rows)} have all four kinds.",
        f"Verified: {sum(s.status == 'verified' for s in sites)} sources"
        f" in {sum(any(c.verified for c in r.cells.values()) for r in rows)} {noun.split()[0]}.",
    ]
    legend = "A cell: registered sources of that kind; vN: N of them verified (a real saved page passes)"
    if crawled_days is not None:
        crawled = sum(c.crawled for r in rows for c in r.cells.values())
        lines.append(f"Crawled in the last {crawled_days} days: {crawled} sources.")
        legend += f"; cN: N crawled in the last {crawled_days} days"
    return "\n".join(lines + [legend + "."])


def crawled_lately(db: Path, days: int = 7) -> set[str] | None:
    """Slugs that fetched pages in a run started in the last ``days`` days; None without an archive.

    Reads the archive's ``runs`` table (``stats``: JSON {slug: {"pages": n, ...}}, ``started``: ISO
    time) with plain sqlite3, read-only: a missing file or a database without runs is no archive.
    """
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            runs = conn.execute("select started, stats from runs").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not an archive (or not one with runs yet)
    since = datetime.now(timezone.utc) - timedelta(days=days)
    crawled = set()
    for started, stats in runs:
        try:
            when = datetime.fromisoformat(started)
        except (TypeError, ValueError):
            continue
        if (when if when.tzinfo else when.replace(tzinfo=timezone.utc)) < since:
            continue
        for slug, figures in json.loads(stats or "{}").items():
            if not isinstance(figures, dict) or figures.get("pages", 1):
                crawled.add(slug)
    return crawled
