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


def run_crawl(
    slugs: list[str], db: Path, *, overrides: dict | None = None, command: str = "", jobs: int = 1
) -> int:
    """Crawl the named sites (all when empty) into ``db`` in ``jobs`` processes; returns the run id.

    With several jobs, each process crawls a disjoint set of sites (a site's
    politeness stays inside one process) and analyses its pages itself, so no
    page crosses a process boundary; all of them write to the one archive
    (SQLite WAL, transactions that take the write lock when they begin).
    """
    from archive import schema, store

    sites = registry()
    unknown = [s for s in slugs if s not in sites]
    if unknown:
        raise KeyError(f"unknown site(s): {', '.join(unknown)} (known: {', '.join(sites)})")
    slugs = slugs or list(sites)
    database = schema.connect(db)
    store.upsert_sites(database, sites.values())
    run_id = store.start_run(database, slugs, command=command)
    groups = partition(slugs, max(1, min(jobs, len(slugs))), weights=last_durations(database))
    database.close()
    overrides = dict(overrides or {}, ARCHIVE_RUN_ID=run_id)
    if sys.stderr.isatty() and "LOG_LEVEL" not in overrides:
        # On a terminal the progress line says what matters; logs keep to problems.
        overrides["LOG_LEVEL"] = "WARNING"
    if len(groups) == 1:
        crawl_in_process(slugs, db, overrides)
    else:
        run_jobs(groups, db, overrides)
    return run_id


def crawl_in_process(slugs: list[str], db: Path, overrides: dict) -> None:
    """One Scrapy crawler per site, all in this process's reactor."""
    from scrapy.crawler import CrawlerProcess

    from spiders.registered import spider_class_for

    process = CrawlerProcess(project_settings(db, overrides))
    for slug in slugs:
        process.crawl(spider_class_for(slug))
    process.start()


def partition(slugs: list[str], jobs: int, weights: dict[str, float] | None = None) -> list[list[str]]:
    """Sites spread over ``jobs`` groups of about equal work: the longest first, each to the lightest group."""
    weights = weights or {}
    loads, groups = [0.0] * jobs, [[] for _ in range(jobs)]
    for slug in sorted(slugs, key=lambda s: (-weights.get(s, 1.0), s)):
        lightest = min(range(jobs), key=lambda i: (loads[i], len(groups[i])))
        loads[lightest] += weights.get(slug, 1.0)
        groups[lightest].append(slug)
    return [sorted(group) for group in groups if group]


def last_durations(database) -> dict[str, float]:
    """Seconds each site's crawl took in the last run that recorded it (its weight when sharing out work)."""
    found: dict[str, float] = {}
    for (stats,) in database.execute("select stats from runs where finished is not null order by id desc limit 30"):
        for slug, figures in json.loads(stats or "{}").items():
            found.setdefault(slug, max(float(figures.get("elapsed_seconds") or 0), 1.0))
    return found


def run_jobs(groups: list[list[str]], db: Path, overrides: dict) -> None:
    """One spawned process per group of sites; returns when all have ended, whatever their end.

    A job that dies (killed, out of memory) loses no more than its pages in
    flight: its sites' frontiers hold the rest, the next run resumes them, and
    the run's health check names the sites it did not report.
    """
    import multiprocessing

    # Analysis in each job's own process unless told otherwise; the progress line is the parent's.
    overrides = {"ARCHIVE_WORKERS": 0, **overrides, "ARCHIVE_PROGRESS": False}
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_job, args=(group, str(db), overrides, os.getpid()), name=f"crawl-job-{i}")
        for i, group in enumerate(groups)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode:
            print(f"{process.name} ({', '.join(groups[processes.index(process)])}) ended with status "
                  f"{process.exitcode}", file=sys.stderr)


def _job(slugs: list[str], db: str, overrides: dict, parent: int) -> None:
    from crawler.workers import die_with

    die_with(parent)
    crawl_in_process(slugs, Path(db), overrides)


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
