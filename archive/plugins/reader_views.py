"""Datasette plugin: the archive as readers see it.

- Table views keep crawler internals (search keys, WARC offsets, hashes,
  extractor versions, developer notes) out of sight unless asked for with
  ``_col=``, label the columns in words, and describe the order as "newest
  first" rather than by an internal column.
- Times show in Vietnam time, ``18/08/2022 17:00 GMT+7``, whatever zone they
  were stored in.
- An article's row page is a page to read (headline, date, site, province,
  author, lead, text, captions) with links to the source, the archived
  original and the raw row (``?_raw=1``, the table Datasette shows by default),
  and the archive's memory of it (archive/memory_web.py): its removal mark,
  its versions with the words changed between them, and the same story on
  other sites.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from markupsafe import Markup, escape

from archive.display import ZONE, vn_datetime
from archive.memory_web import article_memory
from archive.plan import unit_of

HIDDEN = {
    "articles": {"url", "search_key", "warc_offset", "content_hash", "extractor_version", "published_source",
                 "published_raw", "dateline_raw", "fetched_url", "language", "first_seen", "last_seen",
                 "text", "lead", "captions", "tags", "image", "word_count", "section", "updated", "dateline",
                 "duplicate_of", "key_source", "charset_fault", "version_seen", "checks", "next_check"},
    "sites": {"domains", "notes"},
    "captures": {"digest", "warc_offset"},
}
LABELS = {
    "published": f"published ({ZONE})", "warc_file": "archived page", "province": "province (then)",
    "first_seen": f"first seen ({ZONE})", "last_seen": f"last seen ({ZONE})", "updated": f"updated ({ZONE})",
    "started": f"started ({ZONE})", "finished": f"finished ({ZONE})", "at": f"at ({ZONE})",
    "date": f"captured ({ZONE})", "merged_into": "unit since 1/7/2025", "home_url": "home page",
    "removed_at": f"removed ({ZONE})", "removed_status": "removed: HTTP status", "story_id": "story",
}
TIMES = {
    "articles": {"published", "updated", "first_seen", "last_seen", "removed_at", "version_seen"},
    "runs": {"started", "finished"},
    "fetch_errors": {"at"},
    "captures": {"date"},
}


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table in TIMES and column in TIMES[table] and isinstance(value, str) and value:
        return Markup(f'<time datetime="{escape(value)}">{escape(vn_datetime(value, zone=True))}</time>')
    if table == "articles" and column == "story_id" and isinstance(value, int):
        url = datasette.urls.path(f"/-/story/{database}/{value}")
        return Markup(f'<a href="{escape(url)}">story {value}</a>')
    return None


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # Every page of the archive writes times one way: 18/08/2022 17:00 GMT+7.
    env.filters["vn_time"] = lambda value: vn_datetime(value, zone=True)
    env.filters["vn_date"] = vn_datetime


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/vn-static/archive.css")]


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name == "table":
        return _table_vars(table, request)
    if view_name == "row" and table == "articles" and request is not None and request.args.get("_raw") != "1":
        return _article_vars(database, request, datasette)
    return {}


def _table_vars(table, request) -> dict:
    chosen = set(request.args.getlist("_col")) if request is not None else set()
    hidden = HIDDEN.get(table, set()) - chosen
    values = {"hidden_columns": hidden, "column_labels": LABELS}
    if table == "articles" and request is not None:
        values["human_description_en"] = _description(request)
    return values


def _description(request) -> str:
    """Datasette's description of the filters, with the order in words (not "sorted by search_key")."""
    from datasette.filters import Filters

    pairs = [(k, v) for k in request.args for v in request.args.getlist(k) if not (k.startswith("_") and "__" not in k)]
    extra = [f'search matches "{request.args.get("_q")}"'] if request.args.get("_q") else []
    text = Filters(sorted(pairs)).human_description_en(extra=extra)
    sort, sort_desc = request.args.get("_sort"), request.args.get("_sort_desc")
    if sort_desc in (None, "search_key") and not sort:
        order = "newest first"
    else:
        order = f"sorted by {LABELS.get(sort or sort_desc, sort or sort_desc)}{' descending' if sort_desc else ''}"
    return " ".join(part for part in (text, order) if part)


def _article_vars(database, request, datasette):
    async def inner():
        pks = request.url_vars.get("pks", "")
        if not pks.isdigit():
            return {}
        db = datasette.get_database(database)
        row = (await db.execute(
            "select a.*, s.name as site_name, s.kind as site_kind from articles a"
            " left join sites s on s.slug = a.site where a.id = ?", [int(pks)])).first()
        if row is None:
            return {}
        article = dict(row)
        article["published_vn"] = vn_datetime(article.get("published"))
        article["zone"] = ZONE if article.get("published") and len(article["published"]) > 10 else ""
        article["first_seen_vn"] = vn_datetime(article.get("first_seen"), zone=True)
        article["unit"] = unit_of(article.get("province"))
        article["paragraphs"] = [p.strip() for p in (article.get("text") or "").split("\n") if p.strip()]
        article["caption_list"] = _json_list(article.get("captions"))
        article["archived_url"] = datasette.urls.path(f"/-/archived/{database}/{article['id']}") if article.get("warc_file") else None
        article["raw_url"] = datasette.urls.path(f"/{database}/articles/{article['id']}?_raw=1")
        article["json_url"] = datasette.urls.path(f"/{database}/articles/{article['id']}.json")
        article["story_id"] = article.get("story_id") or article["id"]
        memory = await db.execute_fn(lambda conn: article_memory(conn, dict(row)))
        return {"article": article, "memory": memory}

    return inner


def _json_list(value) -> list[str]:
    try:
        items = json.loads(value) if value else []
    except ValueError:
        return [value]
    return [str(i) for i in items if i] if isinstance(items, list) else [str(items)]
