"""Datasette plugin: Vietnamese-aware search in the articles table.

``/<db>/articles?_search=an ninh`` (the table's search box, its JSON and CSV)
searches with ``archive.search``'s rules. The words as typed move to ``_q``
before Datasette sees them, and ``filters_from_request`` turns them into a
clause on the index that admits every match (site, province and year
filters applied by the index too): counts, facets and exports cover all
matches, within Datasette's own time limits.

Newest first is the table's order (metadata.yml), by ``search_key`` (the
index's own order, so SQLite walks it backwards and stops after a page). Datasette's
next-page link needs the sort column in the rows, so a request that leaves
it out (``_col=site``, ``_nocol=search_key``) gets it back in the data; the
table template keeps it out of sight. ``articles.csv`` streams every row
(``_stream=on``) unless a page was asked for.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import BadRequest

from archive import search as archive_search
from archive.query import QueryError, parse

TABLE = "articles"
# Datasette column filters that the index can apply itself (exact values only).
INDEX_FILTERS = ("site", "province", "year")
SORT_COLUMN = "search_key"


def _rewrite(query_string: bytes) -> tuple[bytes, str | None]:
    """The query string with ``_search`` moved to ``_q``; (unchanged, error) when it cannot be searched."""
    pairs = parse_qsl(query_string.decode("utf-8", "replace"), keep_blank_values=True)
    args = dict(pairs)
    typed = args.get("_q") or args.get("_search")
    if typed:
        try:
            parse(typed)
        except QueryError as exc:
            return query_string, str(exc)
        pairs = [(k, v) for k, v in pairs if k not in ("_search", "_searchmode", "_q")] + [("_q", typed)]
        if "_nosuggest" not in args:
            # Facet suggestions scan every match several times: most of a search's cost on a big archive.
            pairs.append(("_nosuggest", "1"))
    return urlencode(_keep_sort_column(pairs)).encode("utf-8"), None


def _keep_sort_column(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Datasette's next-page link reads the sort column from each row: keep it among the columns."""
    # Without _sort, the table's own order (metadata.yml: sort_desc search_key).
    sort = next((v for k, v in pairs if k in ("_sort", "_sort_desc")), SORT_COLUMN)
    pairs = [(k, v) for k, v in pairs if not (k == "_nocol" and v == sort)]
    chosen = [v for k, v in pairs if k == "_col"]
    if chosen and sort not in chosen:
        pairs.append(("_col", sort))
    return pairs


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
        filters = _index_filters(request)
        db = datasette.get_database(database)
        try:
            clause, params = await db.execute_fn(lambda conn: archive_search.table_filter(typed, conn=conn, **filters))
        except QueryError as exc:
            raise BadRequest(f"Search error: {exc}")
        return FilterArguments([clause], params, [f'search matches "{typed}"'], {"search": typed})

    return inner


def _is_articles_table(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 2 and parts[1] in (TABLE, f"{TABLE}.json", f"{TABLE}.csv")


def wrap(app):
    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and _is_articles_table(scope.get("path", "")):
            query_string, error = _rewrite(scope.get("query_string", b""))
            if scope["path"].endswith(".csv") and b"_stream=" not in query_string and b"_next=" not in query_string:
                # A CSV export holds every row, not the first page of them.
                query_string += b"&_stream=on" if query_string else b"_stream=on"
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
