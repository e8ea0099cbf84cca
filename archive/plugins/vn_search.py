"""Datasette plugin: Vietnamese-aware search on the articles table and a search page.

- ``/<db>/articles?_search=an ninh`` (the table's search box and the JSON API)
  searches with ``archive.search``'s rules: the user's words are rewritten
  into our FTS5 expression before Datasette sees them (``_searchmode=raw``);
  the words as typed travel in ``_q`` so pagination and the search box keep them.
- ``/-/search?q=...`` lists ranked results with highlighted snippet, site,
  province and date, with facet counts by site, province and year (of the
  newest matches, at most archive.search.COUNT_LIMIT, as the page says).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from archive.search import QueryError, facets, parse, search

TABLE = "articles"


def _rewrite(query_string: bytes) -> tuple[bytes, str | None]:
    """The query string with ``_search`` rewritten; (unchanged, error) when it cannot be."""
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    args = dict(pairs)
    typed = args.get("_q") or args.get("_search")
    if not typed:
        return query_string, None
    try:
        expression = parse(typed).expression
    except QueryError as exc:
        return query_string, str(exc)
    kept = [(k, v) for k, v in pairs if k not in ("_search", "_searchmode", "_q")]
    kept += [("_search", expression), ("_searchmode", "raw"), ("_q", typed)]
    if "_nosuggest" not in args:
        # Facet suggestions scan every match several times: most of a search's cost on a big archive.
        kept.append(("_nosuggest", "1"))
    if not any(k.startswith("_sort") for k in args):
        # Newest first by the index's own order: SQLite walks the search_key index backwards and
        # stops after a page, where "published desc" would read every matching article first.
        kept.append(("_sort_desc", "search_key"))
    return urlencode(kept).encode("utf-8"), None


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


@hookimpl
def extra_body_script(template, database, table, datasette, request):
    # Show the words as typed in the search box, not the rewritten expression.
    if table == TABLE and request is not None and request.args.get("_q"):
        return (
            "document.querySelectorAll('input[name=_search]').forEach("
            "function(el){el.value = new URLSearchParams(location.search).get('_q');});"
            "document.querySelectorAll('input[name=_searchmode]').forEach(function(el){el.remove();});"
        )
    return ""


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
        "ranked_within": None, "error": None, "facets": {}, "facets_counted": 0, "facets_complete": True,
    }
    if q and db is not None:
        def run(conn):
            found = search(conn, q, limit=50, order=order, **filters)
            return found, facets(conn, q, **filters)

        try:
            found, (context["facets"], context["facets_counted"], context["facets_complete"]) = await db.execute_fn(run)
            context.update(results=found.results, total=found.total, estimated=found.estimated,
                           ranked_within=found.ranked_within, summary=found.describe())
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
