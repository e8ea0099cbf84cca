"""Datasette plugin: archived pages, the crawl health page and bounded connections.

- ``/-/archived/<db>/<article id>``: the page as captured, made safe
  (archive/archived_view.py): every reference local or removed, a banner
  with capture time, address and WARC file, and a sandboxing CSP.
- ``/-/archived/<db>/<article id>/version/<n>``: version n of the article
  as captured (its earlier versions keep their WARC pointers).
- ``/-/archived/<db>/capture/<capture id>``: an archived image, stylesheet
  or font, for those pages.
- ``/-/health``: the last run's per-site table and flagged sites.
- Every connection Datasette opens caps the length of strings and blobs
  (archive/limits.py), so one query cannot make it allocate gigabytes.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

from archive import archived_view
from archive.limits import bound_connection
from crawler.items import header

MAX_ID = 2**63 - 1


def _database(datasette, name: str | None):
    if name and name in datasette.databases:
        return datasette.databases[name]
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            return db
    return None


def _warc_dir(datasette, db) -> Path:
    configured = (datasette.plugin_config("archive_pages") or {}).get("warc_dir")
    return Path(configured) if configured else Path(db.path).parent / "warc"


def _id(value: str) -> int | None:
    number = int(value)
    return number if number <= MAX_ID else None


async def archived_page(request, datasette):
    from archive.warc import read_record

    db = _database(datasette, request.url_vars["database"])
    article_id = _id(request.url_vars["id"])
    if db is None or article_id is None:
        return Response.text("No such article", status=404)
    row = await _pointer(db, article_id, request.url_vars.get("version"))
    if row is None or not row["warc_file"]:
        return Response.text("No archived page for this article", status=404)
    try:
        record = read_record(_warc_dir(datasette, db) / Path(row["warc_file"]).name, row["warc_offset"])
    except (OSError, ValueError) as exc:
        return Response.text(f"Archived page unreadable: {exc}", status=404)
    content_type = header(record.headers, "content-type", "text/html")
    headers = dict(archived_view.HEADERS, **{"X-Archived-Url": record.uri, "X-Archived-Date": record.date})
    if "html" not in content_type.lower():
        return Response(record.body, status=200, headers=headers, content_type=content_type)
    local = await _local_urls(db, record.body, content_type, record.uri)
    article_url = datasette.urls.path(f"/{db.name}/articles/{article_id}")
    banner = archived_view.banner(record.uri, record.date, record.file, article_url)
    body = archived_view.rewrite(record.body, content_type, record.uri, local, banner)
    return Response(body, status=200, headers=headers, content_type="text/html; charset=utf-8")


async def _pointer(db, article_id: int, version: str | None):
    """The WARC pointer of the article as now, or of one of its versions (the current one included)."""
    current = "select url, warc_file, warc_offset from articles where id = ?"
    if version is None:
        return (await db.execute(current, [article_id])).first()
    row = (await db.execute(
        "select a.url, v.warc_file, v.warc_offset from article_versions v join articles a on a.id = v.article_id"
        " where v.article_id = ? and v.version = ?", [article_id, int(version)])).first()
    if row is None:
        row = (await db.execute(current + " and coalesce(version, 1) = ?", [article_id, int(version)])).first()
    return row


async def _local_urls(db, body: bytes, content_type: str, base: str) -> dict[str, str]:
    """Absolute URL → path on this instance, for the page's archived resources and articles."""
    urls = sorted(archived_view.references(body, content_type, base))[:2000]
    local = {}
    for start in range(0, len(urls), 500):
        chunk = urls[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in await db.execute(f"select id, url, fetched_url from articles where url in ({marks})"
                                    f" or fetched_url in ({marks})", chunk + chunk):
            for url in (row["url"], row["fetched_url"]):
                if url:
                    local[url] = f"/-/archived/{db.name}/{row['id']}"
        if "captures" in await db.table_names():
            for row in await db.execute(f"select max(id) as id, uri from captures where uri in ({marks}) group by uri", chunk):
                local.setdefault(row["uri"], f"/-/archived/{db.name}/capture/{row['id']}")
    return local


async def capture_page(request, datasette):
    from archive.warc import read_record

    db = _database(datasette, request.url_vars["database"])
    capture_id = _id(request.url_vars["id"])
    if db is None or capture_id is None:
        return Response.text("No such capture", status=404)
    row = (await db.execute("select warc_file, warc_offset from captures where id = ?", [capture_id])).first()
    if row is None:
        return Response.text("No such capture", status=404)
    try:
        record = read_record(_warc_dir(datasette, db) / Path(row["warc_file"]).name, row["warc_offset"])
    except (OSError, ValueError) as exc:
        return Response.text(f"Archived record unreadable: {exc}", status=404)
    content_type = header(record.headers, "content-type", "")
    if not archived_view.is_resource(content_type):
        return Response.text("Only archived images, styles and fonts are served here", status=404)
    return Response(record.body, status=200, headers=archived_view.HEADERS, content_type=content_type)


async def health_page(request, datasette):
    from archive.frontier import counts
    from archive.display import vn_datetime
    from archive.health import format_states, format_summary, run_flags

    db = _database(datasette, request.args.get("database"))
    if db is None:
        return Response.text("No database", status=404)

    def compute(conn):
        run, flags = run_flags(conn)
        return run, [str(f) for f in flags], counts(conn)

    run, flags, states = await db.execute_fn(compute)
    if request.args.get("_format") == "json":
        return Response.json({"run": run, "flags": flags, "url_states": [
            {"site": site, "state": state, "reason": reason, "count": count} for site, state, reason, count in states]})
    summary = "no runs recorded yet"
    if run:
        # Readers see Vietnam time everywhere (archive/display.py); runs are stored in UTC.
        shown = {key: vn_datetime(run.get(key), zone=True) for key in ("started", "finished")}
        summary = format_summary({**run, **shown, "sites": run.get("stats", {})})
    body = await datasette.render_template(
        "archive_health.html",
        {"summary": summary, "flags": flags, "run": run, "states": format_states(states), "stats_json": json.dumps(run.get("stats", {}), ensure_ascii=False, indent=1)},
        request=request,
    )
    return Response.html(body)


@hookimpl
def register_routes():
    return [
        (r"^/-/archived/(?P<database>[^/]+)/(?P<id>\d{1,25})$", archived_page),
        (r"^/-/archived/(?P<database>[^/]+)/(?P<id>\d{1,25})/version/(?P<version>\d{1,9})$", archived_page),
        (r"^/-/archived/(?P<database>[^/]+)/capture/(?P<id>\d{1,25})$", capture_page),
        (r"^/-/health$", health_page),
    ]


@hookimpl
def prepare_connection(conn):
    bound_connection(conn)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """The WARC file cell links to the page as it was captured."""
    if table == "articles" and column == "warc_file" and value and row is not None:
        from markupsafe import Markup

        try:
            article_id = row["id"]
        except (KeyError, IndexError):
            return None
        url = datasette.urls.path(f"/-/archived/{database}/{article_id}")
        return Markup(f'<a href="{html.escape(url)}">archived page</a> <small>{html.escape(value)}</small>')
    return None


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/health"), "label": "Crawl health"}]
