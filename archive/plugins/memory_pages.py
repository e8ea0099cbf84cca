"""Datasette plugin: the archive's memory as pages to read (archive/memory_web.py computes them).

- ``/-/story/<db>/<article id>``: a story's copies in time order, the origin
  first, each with its differences from the origin; any copy's id leads to
  its story's page.
- ``/-/changed``: articles that changed after the archive first saw them,
  latest change first; ``/-/removed``: articles removed from their sites.
  Both filter by site and by Vietnam days (``since``/``until``, YYYY-MM-DD)
  and page (``page=``); their canned queries (metadata.yml) give the same
  lists as JSON and CSV.
"""

from __future__ import annotations

from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response

from archive import memory_web
from archive.display import vn_day_bounds

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


def _database(datasette, name: str | None = None):
    if name and name in datasette.databases:
        return datasette.databases[name]
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            return db
    return None


async def story_page(request, datasette):
    db = _database(datasette, request.url_vars["database"])
    article_id = int(request.url_vars["id"])
    if db is None or article_id > MAX_ID:
        return Response.text("No such story", status=404)

    def run(conn):
        story_id = memory_web.story_of(conn, article_id)
        return story_id, memory_web.story(conn, story_id) if story_id == article_id else None

    story_id, story = await db.execute_fn(run)
    if story_id is None:
        return Response.text("No such story", status=404)
    if story is None:  # a copy's id: its story is named after the origin
        return Response.redirect(datasette.urls.path(f"/-/story/{db.name}/{story_id}"))
    data = {"story_id": story_id, **{k: _query(db.name, "articles_of_a_story", fmt, story_id=story_id)
                                     for k, fmt in (("json_url", "json"), ("csv_url", "csv"))}}
    body = await datasette.render_template(
        "vn_story.html", {"story": story, "origin": story.copies[0], "database": db.name, **data}, request=request)
    return Response.html(body)


def _query(database: str, name: str, fmt: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    extra = {"_shape": "array"} if fmt == "json" else {"_size": "max"}
    return f"/{database}/{name}.{fmt}?{urlencode({**params, **extra})}"


def _filters(request) -> dict:
    """The list's filters from the request; ValueError with the reason when one is malformed."""
    args = request.args
    page = args.get("page") or "1"
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise ValueError(f"page must be a whole number from 1 to {MAX_PAGE:,}, not {page!r}")
    since, until = (args.get("since") or "").strip(), (args.get("until") or "").strip()
    low, high = vn_day_bounds(since, until)
    return {"site": (args.get("site") or "").strip(), "since": since, "until": until, "page": int(page),
            "low": low, "high": high, "restored": args.get("restored") == "1"}


async def list_page(request, datasette):
    kind = request.url_vars["kind"]
    db = _database(datasette)
    if db is None:
        return Response.text("No database", status=404)
    sites = await db.execute_fn(memory_web.site_choices)
    context = {"kind": kind, "database": db.name, "sites": sites, "rows": [], "total": 0, "error": None,
               "export_limit": int(datasette.setting("max_returned_rows"))}  # a canned query's JSON and CSV stop there
    try:
        f = _filters(request)
        if f["site"] and f["site"] not in dict(sites):
            raise ValueError(f"site must be the short name of a site in the archive (the sites table's slug),"
                             f" not {f['site']!r}")
    except ValueError as exc:
        context.update(error=str(exc), f={"site": "", "since": "", "until": "", "restored": False, "page": 1})
        body = await datasette.render_template("vn_memory_list.html", context, request=request)
        return Response.html(body, status=400)
    size = memory_web.LIST_SIZE
    listing = memory_web.changed_articles if kind == "changed" else memory_web.removed_articles
    extra = {"restored": f["restored"]} if kind == "removed" else {}

    def run(conn):
        return listing(conn, site=f["site"] or None, low=f["low"], high=f["high"], limit=size,
                       offset=(f["page"] - 1) * size, **extra)

    rows, total = await db.execute_fn(run)
    shown = {k: f[k] for k in ("site", "since", "until") if f[k]} | ({"restored": "1"} if f["restored"] else {})
    page_url = lambda n: f"{request.path}?{urlencode({**shown, **({'page': n} if n > 1 else {})})}"  # noqa: E731
    query = "changed_articles" if kind == "changed" else "removed_articles"
    context.update(
        rows=rows, total=total, f=f, first=(f["page"] - 1) * size + 1,
        prev=page_url(f["page"] - 1) if f["page"] > 1 else None,
        next=page_url(f["page"] + 1) if f["page"] * size < total else None,
        **{f"{fmt}_url": _query(db.name, query, fmt, **shown) for fmt in ("json", "csv")},
    )
    body = await datasette.render_template("vn_memory_list.html", context, request=request)
    return Response.html(body)


@hookimpl
def register_routes():
    return [
        (r"^/-/story/(?P<database>[^/]+)/(?P<id>\d{1,25})$", story_page),
        (r"^/-/(?P<kind>changed|removed)$", list_page),
    ]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/changed"), "label": "Changed articles"},
            {"href": datasette.urls.path("/-/removed"), "label": "Removed articles"}]
