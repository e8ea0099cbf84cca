"""Datasette plugin: the archived page behind each article, and the crawl health page.

``/-/archived/<db>/<article id>`` serves the page exactly as captured (the
WARC response body, its original content type) with ``Content-Security-Policy:
sandbox``, so scripts in archived pages cannot run on the archive's origin.
``/-/health`` shows the last run's per-site table and the flagged sites, the
same as ``crawler status``.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

SANDBOX_HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _database(datasette, name: str | None):
    if name and name in datasette.databases:
        return datasette.databases[name]
    for db in datasette.databases.values():
        if db.path and not db.is_memory:
            return db
    return None


async def archived_page(request, datasette):
    from archive.warc import read_record

    db = _database(datasette, request.url_vars["database"])
    if db is None:
        return Response.text("No such database", status=404)
    rows = await db.execute(
        "select warc_file, warc_offset from articles where id = ?", [int(request.url_vars["id"])]
    )
    row = rows.first()
    if row is None or not row["warc_file"]:
        return Response.text("No archived page for this article", status=404)
    configured = (datasette.plugin_config("archive_pages") or {}).get("warc_dir")
    warc_dir = Path(configured) if configured else Path(db.path).parent / "warc"
    try:
        record = read_record(warc_dir / Path(row["warc_file"]).name, row["warc_offset"])
    except (OSError, ValueError) as exc:
        return Response.text(f"Archived page unreadable: {exc}", status=500)
    content_type = next((v for k, v in record.headers if k.lower() == "content-type"), "text/html")
    headers = dict(SANDBOX_HEADERS, **{"X-Archived-Url": record.uri, "X-Archived-Date": record.date})
    return Response(record.body, status=200, headers=headers, content_type=content_type)


async def health_page(request, datasette):
    from archive.health import format_summary, run_flags

    db = _database(datasette, request.args.get("database"))
    if db is None:
        return Response.text("No database", status=404)

    def compute(conn):
        run, flags = run_flags(conn)
        return run, [str(f) for f in flags]

    run, flags = await db.execute_fn(compute)
    if request.args.get("_format") == "json":
        return Response.json({"run": run, "flags": flags})
    summary = format_summary({**run, "sites": run.get("stats", {})}) if run else "no runs recorded yet"
    body = await datasette.render_template(
        "archive_health.html",
        {"summary": summary, "flags": flags, "run": run, "stats_json": json.dumps(run.get("stats", {}), ensure_ascii=False, indent=1)},
        request=request,
    )
    return Response.html(body)


@hookimpl
def register_routes():
    return [
        (r"^/-/archived/(?P<database>[^/]+)/(?P<id>\d+)$", archived_page),
        (r"^/-/health$", health_page),
    ]


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
