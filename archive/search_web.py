"""What the search page, its exports and its charts compute, apart from Datasette.

``state``: a request's arguments, checked (bad ones are a ``QueryError``, so a
400 with the message). ``page_context``: one search page (counts of all
matches, facets, the page of results, suggestions) run on a connection.
``export_row``: one match as a row of the CSV/JSON export.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from archive import vocab
from archive.display import removal_words, vn_datetime
from archive.plan import FILTERS, Filters, unit_of
from archive.query import QueryError
from archive.search import WINDOW, prepare, search
from archive.timeline import PERIODS, SPLITS

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_COMPARE = 6
EXPORT_COLUMNS = ("id", "published", "site", "site_name", "kind", "province", "unit", "title", "author", "url",
                  "article_page", "archived_page", "removed_at", "removed_status", "lead")
EXPORT_EXTRA = ("removed_at", "removed_status")  # asked of the search besides its own columns


@dataclass
class State:
    """One request to the search page: what was asked, checked.

    compare: other queries charted beside ``q``; by/split/measure: the chart's
    period, grouping and measure (articles or share); complete: facets over
    every match whatever the time.
    """

    q: str = ""
    compare: list[str] = field(default_factory=list)
    order: str = "relevance"
    page: int = 1
    size: int = PAGE_SIZE
    by: str = "month"
    split: str | None = None
    measure: str = "count"
    complete: bool = False
    filters: Filters = field(default_factory=Filters)

    def args(self, **changes) -> dict:
        """The arguments of this state as a URL's, with ``changes`` (None removes one)."""
        values = {"q": self.q, "vs": self.compare, "order": None if self.order == "relevance" else self.order,
                  "by": None if self.by == "month" else self.by, "split": self.split,
                  "measure": None if self.measure == "count" else self.measure,
                  "size": None if self.size == PAGE_SIZE else self.size, **self.filters.active()}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "", [])}

    def url(self, path: str = "", **changes) -> str:
        return f"{path}?{urlencode(self.args(**changes), doseq=True)}"


def _int(args, name: str, default: int, low: int, high: int) -> int:
    value = args.get(name)
    if value in (None, ""):
        return default
    if not str(value).isdigit() or not low <= int(value) <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def state(args) -> State:
    """The search page's state from request arguments (a Datasette ``MultiParams``)."""
    order = args.get("order") or "relevance"
    if order not in ("relevance", "newest"):
        raise QueryError(f"order must be 'relevance' or 'newest', not {order!r}")
    by = args.get("by") or "month"
    if by not in PERIODS:
        raise QueryError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    split = args.get("split") or None
    if split not in (None, *SPLITS):
        raise QueryError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    measure = args.get("measure") or "count"
    if measure not in ("count", "share"):
        raise QueryError(f"measure must be 'count' or 'share', not {measure!r}")
    compare = [v.strip() for v in args.getlist("vs") if v.strip()][:MAX_COMPARE]
    return State(
        q=(args.get("q") or "").strip(), compare=compare, order=order,
        page=_int(args, "page", 1, 1, 100_000), size=_int(args, "size", PAGE_SIZE, 1, MAX_PAGE_SIZE),
        by=by, split=split, measure=measure, complete=args.get("complete") == "1",
        filters=Filters.from_args({k: args.get(k) for k in FILTERS}),
    )


def site_names(conn) -> dict[str, dict]:
    return {slug: {"name": name or slug, "kind": kind}
            for slug, name, kind in conn.execute("SELECT slug, name, kind FROM sites")}


def page_context(conn, st: State, *, seconds: float, facet_seconds: float) -> dict:
    """Everything the search page shows for ``st`` (run in Datasette's thread, on its connection).

    ``seconds`` bounds the whole page; ``facet_seconds`` the counts by site and place (longer when asked in full).
    """
    started = time.monotonic()
    found = search(conn, st.q, limit=st.size, offset=(st.page - 1) * st.size, order=st.order,
                   facets=("site", "province", "kind", "unit", "year"), time_limit_s=seconds,
                   facet_time_s=facet_seconds, **st.filters.active())
    sites = site_names(conn)
    context = {
        "total": found.total, "ranking": found.ranking, "ranked": found.ranked, "summary": found.describe(),
        "facets_complete": found.facets_complete, "facets_counted": found.facets_counted,
        "results": _removal_marks(conn, [dict(r, **_labels(r, sites)) for r in found.results]),
        "facets": {name: _bars(name, rows, sites) for name, rows in found.facets.items()},
        "suggestion": None, "variants": [],
    }
    shown_end = found.offset + len(found.results)
    last = found.ranked if found.ranking == "fields" else found.total
    context["pages"] = {
        "first": found.offset + 1 if found.results else 0, "last": shown_end, "page": st.page,
        "prev": st.url(page=st.page - 1 if st.page > 2 else None) if st.page > 1 else None,
        "next": st.url(page=st.page + 1) if shown_end < last else None,
        "ranked_only": found.ranking == "fields" and found.total > found.ranked,
    }
    parsed, plan = prepare(conn, st.q, st.filters)
    left = max(0.05, min(1.0, seconds - (time.monotonic() - started)))
    if found.total == 0:
        context["suggestion"] = vocab.suggest(conn, parsed, left)
    else:
        context["variants"] = vocab.variants(conn, parsed, plan, left)
    return context


def _removal_marks(conn, rows: list[dict]) -> list[dict]:
    """Each hit with ``removed_at`` and the reason in words when its site took it down (it stays searchable)."""
    ids = [row["id"] for row in rows]
    if not ids:
        return rows
    marks = {
        article_id: (removed_at, removal_words(status, reason))
        for article_id, removed_at, status, reason in conn.execute(
            "select a.id, a.removed_at, a.removed_status, (select r.reason from article_removals r"
            " where r.article_id = a.id and r.restored_at is null order by r.id desc limit 1)"
            f" from articles a where a.id in ({', '.join('?' for _ in ids)}) and a.removed_at is not null", ids)
    }
    for row in rows:
        row["removed_at"], row["removed_words"] = marks.get(row["id"], (None, None))
    return rows


def _bars(name: str, rows: list[tuple], sites: dict) -> list[dict]:
    """A facet's values with their label (site names, not slugs) and bar width (% of the largest)."""
    top = max((n for _v, n in rows), default=0) or 1
    return [{"value": v, "label": sites.get(v, {}).get("name", v) if name == "site" else v, "count": n,
             "width": round(100 * n / top, 1)} for v, n in rows]


def _labels(row: dict, sites: dict) -> dict:
    site = sites.get(row.get("site"), {})
    return {"site_name": site.get("name", row.get("site")), "kind": site.get("kind"),
            "unit": unit_of(row.get("province")), "published_vn": vn_datetime(row.get("published"))}


def export_row(row: dict, sites: dict, base: str, database: str, with_text: bool = False) -> dict:
    """One match as the export has it: names beside slugs, the 2025 unit, links into the archive."""
    labels = _labels(row, sites)
    return {
        **{k: row.get(k) for k in ("id", "published", "site")},
        "site_name": labels["site_name"], "kind": labels["kind"], "province": row.get("province"),
        "unit": labels["unit"], **{k: row.get(k) for k in ("title", "author", "url")},
        "article_page": f"{base}/{database}/articles/{row['id']}",
        "archived_page": f"{base}/-/archived/{database}/{row['id']}",
        "removed_at": row.get("removed_at"), "removed_status": row.get("removed_status"),
        "lead": row.get("lead"), **({"text": row.get("text")} if with_text else {}),
    }


__all__ = ["State", "state", "page_context", "export_row", "site_names", "EXPORT_COLUMNS", "EXPORT_EXTRA", "WINDOW"]
