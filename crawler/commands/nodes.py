"""Many machines: scheduling crawls on Scrapyd nodes and ingesting their shards."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.commands.common import FLAGGED_EXIT, archive_files, db_option, parse_settings, report
from crawler.sites import registry


@click.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option("archive.db")
@click.option("--warc-from", type=click.Path(file_okay=False, path_type=Path),
              help="Where the shards' WARC files are (default: warc/ beside each shard's folder, as a node's spool has it)")
def ingest(shards, db, warc_from):
    """Merge shards written by crawl nodes into the archive (idempotent: a shard ingested twice changes nothing)."""
    from archive import schema
    from archive import shards as shard_files
    from archive import store

    where = archive_files(db, None)
    database = schema.connect(where.db)
    try:
        pending = [s for s in shards if not _ingested(database, s)]
        for shard in sorted(set(shards) - set(pending)):
            click.echo(f"{shard}: ingested before, nothing to do")
        if not pending:
            return
        run_id = store.start_run(database, [], command="crawler ingest " + " ".join(map(str, pending)))
        for shard in pending:
            source = warc_from or shard.resolve().parent.parent / "warc"
            try:
                done = shard_files.ingest(database, shard, warc_from=source, warc_to=where.warc, run=run_id)
            except FileNotFoundError as exc:
                raise click.ClickException(str(exc))
            click.echo(f"{shard}: {done}")
    finally:
        database.close()


def _ingested(database, shard: Path) -> bool:
    from archive import schema

    info = schema.connect(shard, readonly=True)
    try:
        shard_id = info.execute("select id from shard_info").fetchone()
    finally:
        info.close()
    if shard_id is None:
        raise click.ClickException(f"{shard} is not a shard (no shard_info)")
    return database.execute("select 1 from ingests where shard = ?", [shard_id[0]]).fetchone() is not None


@click.command()
@click.argument("sites", nargs=-1)
@click.option("--scrapyd", "nodes", required=True, metavar="URL[,URL…]", help="The Scrapyd nodes, comma-separated")
@db_option("archive.db")
@click.option("--setting", "-s", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for every job")
@click.option("--timeout", type=float, default=6 * 3600, show_default=True, help="Seconds to wait for the jobs")
def schedule(sites, nodes, db, settings, timeout):
    """Crawl the registered sites (or the SITES named) on Scrapyd nodes, then ingest their shards.

    Each site always goes to the same node (its archive there keeps its
    frontier); the nodes need the project deployed (scrapyd-deploy) and
    items_dir = items in their scrapyd.conf.
    """
    from archive import schema
    from archive import shards as shard_files
    from archive import store
    from crawler import distribute

    where = archive_files(db, None)
    slugs = list(sites) or list(registry())
    unknown = [s for s in slugs if s not in registry()]
    if unknown:
        raise click.ClickException(f"unknown site(s): {', '.join(unknown)}")
    database = schema.connect(where.db)
    store.upsert_sites(database, registry().values())
    run_id = store.start_run(database, slugs, command="crawler schedule " + " ".join(sites))
    try:
        jobs = distribute.schedule_jobs(slugs, [n.strip() for n in nodes.split(",") if n.strip()], run_id,
                                        parse_settings(settings))
        click.echo(f"run {run_id}: {len(jobs)} jobs on {len({j.node for j in jobs})} node(s)")
        distribute.wait(jobs, timeout=timeout)
        for job in jobs:
            shard = distribute.collect(job, where.state / "shards", where.warc)
            if shard is not None:
                done = shard_files.ingest(database, shard, warc_from=shard.parent.parent / "warc",
                                          warc_to=where.warc, run=run_id)
                click.echo(f"{job.site} ({job.node}): {done}")
    except distribute.SchedulingError as exc:
        raise click.ClickException(str(exc))
    finally:
        database.close()
    if report(where.db, run_id):
        sys.exit(FLAGGED_EXIT)
