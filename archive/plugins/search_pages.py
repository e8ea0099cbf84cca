"""Datasette plugin: the search page, its exports and its over-time charts.

- ``/-/search?q=…`` (HTML), ``/-/search.json`` (the page as JSON; ``?_format=json``
  too), ``/-/search.csv`` and ``/-/search.json?_all=1`` (every match, streamed):
  counts of all matches, filters that combine (site, province, 2025 unit,
  kind, since/until, year), paging, "did you mean", accented variants.
- ``/-/timeline.json`` / ``.csv``: a query's matches (and the share of all
  articles) per day, week, month or year, several queries (``vs=``) or one
  split by site, province, kind or unit: the numbers behind every chart.

Every statement runs under a time limit (archive/limits.py); a bad parameter
or a search past its limit answers 400 with the reason.
"""

from __future__ import annotations

import csv
import io
import json

from datasette import hookimpl
from datasette.utils.asgi import AsgiStream, Response

from archive.limits import TooSlow
from archive.query import QueryError
from archive.search import match_chunk, prepare
from archive.search_web import EXPORT_COLUMNS, EXPORT_EXTRA, export_row, page_context, site_names, state
from archive.timeline import over_time

COMPLETE_SECONDS = 20.0  # facets asked for in full ("count every match")
CHART_SECONDS = 10.0
FACET_SECONDS = 1.5


def _database(datasette):
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            return db
    return None


def _seconds(datasette) -> float:
    return int(datasette.setting("sql_time_limit_ms") or 3000) / 1000


def _error(message: str, fmt: str, status: int = 400):
    if fmt == "json":
        return Response.json({"ok": False, "error": message}, status=status)
    return Response.text(f"Error: {message}", status=status)


async def search_page(request, datasette):
    fmt = (request.url_vars.get("format") or "").lstrip(".") or request.args.get("_format") or "html"
    db = _database(datasette)
    try:
        st = state(request.args)
    except QueryError as exc:
        return await _page(request, datasette, None, {"error": str(exc)}, fmt, status=400)
    if db is None:
        return _error("No database", fmt, 404)
    if fmt == "csv" or (fmt == "json" and request.args.get("_all") == "1"):
        return await _export(request, datasette, db, st, fmt)
    context = {}
    status = 200
    if st.q:
        facet_seconds = COMPLETE_SECONDS if st.complete else FACET_SECONDS

        def run(conn):
            return page_context(conn, st, seconds=_seconds(datasette), facet_seconds=facet_seconds)

        try:
            context = await db.execute_fn(run)
        except (QueryError, TooSlow) as exc:
            context, status = {"error": _message(exc)}, 400
    return await _page(request, datasette, st, context, fmt, status)


def _message(exc) -> str:
    if isinstance(exc, TooSlow):
        return (f"This search {exc}, the server's limit: search for fewer or rarer words,"
                " or narrow it by site, province or dates.")
    return str(exc)


async def _page(request, datasette, st, context, fmt, status=200):
    if fmt == "json":
        body = {"ok": status == 200, "q": st.q if st else None, **(st.filters.active() if st else {}), **context}
        return Response.json(body, status=status, default=str)
    db = _database(datasette)
    context = dict(context, st=st, database=db.name if db else None)
    if st and st.q and "error" not in context:
        context["chart_data"] = json.dumps({"url": st.url("/-/timeline.json"), "measure": st.measure})
        context["kinds"] = await _kinds(db)
    html = await datasette.render_template("vn_search.html", context, request=request)
    return Response.html(html, status=status)


async def _kinds(db) -> list[str]:
    rows = await db.execute("select distinct kind from sites where kind is not null order by kind")
    return [r[0] for r in rows]


async def _export(request, datasette, db, st, fmt):
    """Every match, newest first, streamed as CSV or a JSON array."""
    if not st.q:
        return _error("Nothing to search for: add q=", fmt)
    with_text = request.args.get("_text") == "1"
    seconds = _seconds(datasette)

    def first(conn):
        parsed, plan = prepare(conn, st.q, st.filters)
        return parsed, plan, site_names(conn)

    try:
        parsed, plan, sites = await db.execute_fn(first)
    except QueryError as exc:
        return _error(str(exc), fmt)
    base = f"{request.scheme}://{request.host}"
    names = EXPORT_COLUMNS + (("text",) if with_text else ())

    async def stream(writer):
        before, started = None, False
        if fmt == "csv":
            await writer.write(_csv_line(names))
        else:
            await writer.write("[")
        while True:
            def chunk(conn, before=before):
                from archive.limits import time_limit

                with time_limit(conn, seconds):
                    return match_chunk(conn, parsed, plan, before=before, chunk=500, columns=EXPORT_EXTRA)

            rows, before = await db.execute_fn(chunk)
            for row in rows:
                record = export_row(row, sites, base, db.name, with_text)
                if fmt == "csv":
                    await writer.write(_csv_line([record[n] for n in names]))
                else:
                    await writer.write(("," if started else "") + "\n" + json.dumps(record, ensure_ascii=False))
                started = True
            if before is None:
                break
        if fmt != "csv":
            await writer.write("\n]\n")

    filename = "search.csv" if fmt == "csv" else "search.json"
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
    return AsgiStream(stream, headers={"content-disposition": f'attachment; filename="{filename}"'},
                      content_type=content_type)


def _csv_line(values) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(["" if v is None else v for v in values])
    return out.getvalue()


async def timeline_page(request, datasette):
    fmt = (request.url_vars.get("format") or ".json").lstrip(".")
    db = _database(datasette)
    try:
        st = state(request.args)
    except QueryError as exc:
        return _error(str(exc), fmt)
    if db is None:
        return _error("No database", fmt, 404)

    def run(conn):
        return over_time(conn, [st.q, *st.compare], by=st.by, split=st.split, time_limit_s=CHART_SECONDS,
                         **st.filters.active())

    try:
        found = await db.execute_fn(run)
    except (QueryError, TooSlow) as exc:
        return _error(_message(exc), fmt)
    if fmt == "csv":
        lines = [_csv_line(("period", "series", "articles", "all_articles", "share"))]
        lines += [_csv_line(row) for row in found.rows()]
        return Response("".join(lines), content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="timeline.csv"'})
    return Response.json({"ok": True, "q": [st.q, *st.compare], "split": st.split, **st.filters.active(),
                          **found.as_dict()})


@hookimpl
def register_routes():
    return [
        (r"^/-/search(?P<format>\.json|\.csv)?$", search_page),
        (r"^/-/timeline(?P<format>\.json|\.csv)$", timeline_page),
    ]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "Search articles"}]
