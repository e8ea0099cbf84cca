"""Run crawls of registered sites in one process and report on them.

Library side of ``crawler crawl`` and ``crawler demo``: one Scrapy crawler per
site, all in one reactor, one ``runs`` row for the whole run.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from crawler.sites import registry

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "settings")


def project_settings(db: Path, overrides: dict | None = None):
    """Scrapy settings of the project with the archive's paths filled in."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("ARCHIVE_DB", str(db), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(slugs: list[str], db: Path, *, overrides: dict | None = None, command: str = "") -> int:
    """Crawl the named sites (all when empty) into ``db``; returns the run id."""
    from scrapy.crawler import CrawlerProcess

    from archive import schema, store
    from spiders.registered import spider_class_for

    sites = registry()
    unknown = [s for s in slugs if s not in sites]
    if unknown:
        raise KeyError(f"unknown site(s): {', '.join(unknown)} (known: {', '.join(sites)})")
    slugs = slugs or list(sites)
    database = schema.connect(db)
    store.upsert_sites(database, sites.values())
    run_id = store.start_run(database, slugs, command=command)
    database.close()
    overrides = dict(overrides or {}, ARCHIVE_RUN_ID=run_id)
    if sys.stderr.isatty() and "LOG_LEVEL" not in overrides:
        # On a terminal the progress line says what matters; logs keep to problems.
        overrides["LOG_LEVEL"] = "WARNING"
    settings = project_settings(db, overrides)
    process = CrawlerProcess(settings)
    for slug in slugs:
        process.crawl(spider_class_for(slug))
    process.start()
    return run_id


def run_summary(db: Path, run_id: int | None = None) -> dict:
    """The per-site statistics of a run (the last one by default)."""
    from archive import schema

    database = schema.connect(db, readonly=True)
    try:
        if run_id is None:
            row = database.execute("select id, started, finished, stats from runs order by id desc limit 1").fetchone()
        else:
            row = database.execute("select id, started, finished, stats from runs where id = ?", [run_id]).fetchone()
    finally:
        database.close()
    if row is None:
        return {}
    return {"id": row[0], "started": row[1], "finished": row[2], "sites": json.loads(row[3] or "{}")}


def article_count(db: Path) -> int:
    from archive import schema

    database = schema.connect(db, readonly=True)
    try:
        return database.execute("select count(*) from articles").fetchone()[0]
    finally:
        database.close()


def url_states(db: Path) -> list[tuple]:
    """(site, state, reason, count) of every URL the crawls decided on."""
    from archive import frontier, schema

    database = schema.connect(db, readonly=True)
    try:
        return frontier.counts(database.conn)
    finally:
        database.close()
