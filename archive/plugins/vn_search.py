"""Datasette plugin: Vietnamese-aware search on the articles table and a search page.

- ``/<db>/articles?_search=an ninh`` (the table's search box, the JSON and
  CSV views) searches with ``archive.search``'s rules. The words as typed move
  to ``_q`` before Datasette sees them, and ``filters_from_request`` turns
  them into a clause on the index that admits the newest
  ``archive.search.WINDOW`` matches (site, province and year filters
  included), newest first: Datasette reads every row a clause admits for the
  page, the count and each facet, which for a common word is most of a
  million. The page says when the window cut the list; ``&_all=1`` admits
  every match, within Datasette's time limit.
- ``/-/search?q=...`` lists ranked results with highlighted snippet, site,
  province and date, with facet counts by site, province and year (of the
  newest matches, at most archive.search.WINDOW, as the page says).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Response

from archive import search as archive_search
from archive.search import QueryError, parse, search

TABLE = "articles"
# Datasette column filters that the index can apply itself (exact values only).
INDEX_FILTERS = ("site", "province", "year")


def _rewrite(query_string: bytes) -> tuple[bytes, str | None]:
    """The query string with ``_search`` moved to ``_q``; (unchanged, error) when it cannot be searched."""
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    args = dict(pairs)
    typed = args.get("_q") or args.get("_search")
    if not typed:
        return query_string, None
    try:
        parse(typed)
    except QueryError as exc:
        return query_string, str(exc)
    kept = [(k, v) for k, v in pairs if k not in ("_search", "_searchmode", "_q")] + [("_q", typed)]
    if "_nosuggest" not in args:
        # Facet suggestions scan every match several times: most of a search's cost on a big archive.
        kept.append(("_nosuggest", "1"))
    if not any(k.startswith("_sort") for k in args):
        # Newest first by the index's own order: SQLite walks the search_key index backwards and
        # stops after a page, where "published desc" would read every matching article first.
        kept.append(("_sort_desc", "search_key"))
    return urlencode(kept).encode("utf-8"), None


def _index_filters(request) -> dict:
    """site=, province=, year= (or col__exact=) from the request, for the index to apply."""
    found = {}
    for column in INDEX_FILTERS:
        value = request.args.get(column) or request.args.get(f"{column}__exact")
        if value:
            found[column] = value
    return found


@hookimpl
def filters_from_request(request, database, table, datasette):
    typed = request.args.get("_q")
    if table != TABLE or not typed:
        return None

    async def inner():
        every = request.args.get("_all") == "1"
        filters = _index_filters(request)
        try:
            clause, params = archive_search.table_filter(
                typed, window=None if every else archive_search.WINDOW, **filters
            )
        except QueryError as exc:
            from datasette.utils.asgi import BadRequest

            raise BadRequest(f"Search error: {exc}")
        description = f'search matches "{typed}"'
        if not every:
            db = datasette.get_database(database)
            admitted = (await db.execute(f"SELECT count(*) FROM articles WHERE {clause}", params)).first()[0]
            if admitted >= archive_search.WINDOW:
                description += f" (the newest {admitted:,} matches; add &_all=1 for every one)"
        return FilterArguments([clause], params, [description], {"search": typed})

    return inner


def _is_articles_table(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[1] in (TABLE, f"{TABLE}.json", f"{TABLE}.csv")


def wrap(app):
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and _is_articles_table(scope.get("path", "")):
            query_string, error = _rewrite(scope.get("query_string", b""))
            if error:
                body = f"Search error: {error}".encode("utf-8")
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": body})
                return
            scope = dict(scope, query_string=query_string)
        return await app(scope, receive, send)

    return wrapped


@hookimpl
def asgi_wrapper(datasette):
    return wrap


def _database(datasette):
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            return db
    return None


async def search_page(request, datasette):
    db = _database(datasette)
    q = request.args.get("q", "").strip()
    filters = {k: request.args.get(k) or None for k in ("site", "province", "since", "year")}
    order = "newest" if request.args.get("order") == "newest" else "relevance"
    context = {
        "q": q, "filters": filters, "order": order, "results": [], "total": 0, "estimated": False,
        "ranking": None, "error": None, "facets": {}, "facets_counted": 0, "facets_complete": True,
    }
    if q and db is not None:
        def run(conn):
            return search(conn, q, limit=50, order=order, facets=("site", "province", "year"), **filters)

        try:
            found = await db.execute_fn(run)
            context.update(results=found.results, total=found.total, estimated=found.estimated,
                           ranking=found.ranking, summary=found.describe(), facets=found.facets,
                           facets_counted=found.facets_counted, facets_complete=not found.estimated)
        except QueryError as exc:
            context["error"] = str(exc)
    if request.args.get("_format") == "json":
        return Response.json({k: v for k, v in context.items() if k != "facets"} | {"facets": {
            k: [{"value": v, "count": c} for v, c in rows] for k, rows in context["facets"].items()}})
    context["database"] = db.name if db else None
    return Response.html(await datasette.render_template("vn_search.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page)]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "Search articles"}]
