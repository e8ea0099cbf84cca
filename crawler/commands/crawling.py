"""Crawling: the nightly crawl, forced revisits, the offline demo."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from crawler import runner
from crawler.commands.common import (
    FLAGGED_EXIT, NOTHING_REACHED_EXIT, check_date, db_option, outcome, parse_settings, replay_settings, report, require, serve_archive,
)
from crawler.sites import RegistryError


@click.command()
@click.argument("sites", nargs=-1)
@db_option("archive.db")
@click.option("--refresh", is_flag=True, help="Fetch articles the archive already holds again")
@click.option("--since", metavar="YYYY-MM-DD", help="Backfill bound: skip sitemap entries and dated URLs older than this")
@click.option(
    "--replay",
    type=click.Path(exists=True, path_type=Path),
    help="Answer requests from these WARC files (a file or a folder) instead of the network",
)
@click.option("--setting", "-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="the number of cores",
              help="Crawl processes, each with its own share of the sites")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), help="Write the crawl's log here instead of stderr")
@click.option("--quiet", is_flag=True, help="Print nothing unless something needs a person (flags, on stderr): for cron, which mails any output")
def crawl(sites, db, refresh, since, replay, settings, jobs, log_file, quiet):
    """Crawl the registered sites (all, or the SITES named) into the archive.

    Incremental: articles already archived are not fetched again, listings stop
    paginating once they bring nothing new, feeds and sitemaps are fetched
    conditionally. A killed crawl started again with the same command resumes.
    """
    overrides = parse_settings(settings)
    if refresh:
        overrides["ARCHIVE_REFRESH"] = True
    if since:
        overrides["ARCHIVE_SINCE"] = check_date(since)
    if replay:
        overrides.update(replay_settings(replay.resolve()))
    if log_file:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        overrides["LOG_FILE"] = str(log_file.resolve())
    db = db.resolve()
    try:
        run_id = runner.run_crawl(list(sites), db, overrides=overrides, jobs=jobs,
                                  command="crawler crawl " + " ".join(sites))
    except (KeyError, RegistryError) as exc:
        raise click.ClickException(str(exc).strip("'\""))
    run, flags = outcome(db, run_id)
    if not quiet:
        report(db, run_id)
    elif flags:
        click.echo(f"run {run_id}: {len(flags)} site(s) flagged", err=True)
        for flag in flags:
            click.echo(f"  {flag}", err=True)
    from archive import health

    if health.nothing_reached(run):
        click.echo("no site reachable: every site fetched no page (network down?)", err=True)
        sys.exit(NOTHING_REACHED_EXIT)
    if flags:
        # Schedulers notice a non-zero exit: a site needs a maintainer.
        sys.exit(FLAGGED_EXIT)


@click.command()
@click.argument("sites", nargs=-1)
@db_option("archive.db")
@click.option("--older-than", type=float, metavar="DAYS",
              help="Revisit every article first seen at least DAYS ago, whatever its schedule")
@click.option("--limit", type=int, help="At most this many revisits per site (default: ARCHIVE_REVISIT_PER_SITE)")
@click.option("--setting", "-s", "settings", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting")
def revisit(sites, db, older_than, limit, settings):
    """Fetch known articles again now (all sites, or the SITES named), to record edits and removals.

    The nightly crawl revisits articles on their schedule (ARCHIVE_REVISIT_DAYS);
    this forces it, without discovering new URLs. Unchanged pages cost a
    conditional request and a WARC revisit record.
    """
    overrides = dict(parse_settings(settings), ARCHIVE_DISCOVER=False)
    if older_than is not None:
        overrides["ARCHIVE_REVISIT_OLDER_THAN"] = older_than
    if limit is not None:
        overrides["ARCHIVE_REVISIT_PER_SITE"] = limit
    db = db.resolve()
    require(db)
    try:
        run_id = runner.run_crawl(list(sites), db, overrides=overrides, jobs=os.cpu_count() or 1,
                                  command="crawler revisit " + " ".join(sites))
    except (KeyError, RegistryError) as exc:
        raise click.ClickException(str(exc).strip("'\""))
    report(db, run_id)


@click.command()
@db_option("demo/archive.db")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Start Datasette on the archive afterwards")
@click.option("--port", default=8001, show_default=True, help="Datasette port")
@click.option("--from-warc", is_flag=True, help="Replay the bundled WARC recording instead of serving the fixture web")
def demo(db, serve, port, from_warc):
    """Crawl the bundled fixture sites offline through the real pipeline, then serve the archive.

    The fixture sites answer under the real sites' host names from a local HTTP
    server (or, with --from-warc, from the bundled WARC recording of it);
    nothing leaves this machine.
    """
    from fixtureweb import SITES, server
    from fixtureweb.record import BUNDLED

    db = db.resolve()
    if from_warc:
        click.echo(f"Replaying the fixture web from {BUNDLED}")
        run_id = runner.run_crawl(list(SITES), db, overrides=replay_settings(BUNDLED), jobs=os.cpu_count() or 1,
                                  command="crawler demo --from-warc")
    else:
        with server.serve() as web:
            click.echo(f"Fixture web serving {len(web.hosts)} sites on 127.0.0.1:{web.port}")
            overrides = server.crawl_settings(web.port)
            run_id = runner.run_crawl(list(SITES), db, overrides=overrides, jobs=os.cpu_count() or 1,
                                      command="crawler demo")
    report(db, run_id)
    if serve:
        serve_archive(db, port=port, immutable=False)
