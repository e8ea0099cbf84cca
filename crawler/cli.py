"""The ``crawler`` command: crawl, demo, serve, search, status, sites, new-site, probe.

Thin commands over the library; errors a user can cause end in one line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from crawler import runner
from crawler.sites import KINDS, RegistryError, registry

FLAGGED_EXIT = 3  # a site needs a maintainer
NOTHING_REACHED_EXIT = 4  # no site answered at all: the network, not the sites
DB_HELP = "SQLite archive file (WARC files and run state go in folders beside it)"


def _db_option(default: str):
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=default, show_default=True, help=DB_HELP
    )


def _open_hint(db: Path) -> str:
    return (
        f"Archive: {db}\n"
        f"Open it:  crawler serve --db {db}   (then http://127.0.0.1:8001/)\n"
        f"Query it: sqlite3 {db} 'select site, count(*) from articles group by site'"
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-provincial-archive")
def cli():
    """Archive of Vietnamese provincial news: crawl sites, search and serve the archive."""


@cli.command()
@click.argument("sites", nargs=-1)
@_db_option("archive.db")
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
    overrides = _parse_settings(settings)
    if refresh:
        overrides["ARCHIVE_REFRESH"] = True
    if since:
        overrides["ARCHIVE_SINCE"] = _check_date(since)
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
    run, flags = _outcome(db, run_id)
    if not quiet:
        _report(db, run_id)
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


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option("archive.db")
@click.option("--warc-from", type=click.Path(file_okay=False, path_type=Path),
              help="Where the shards' WARC files are (default: warc/ beside each shard's folder, as a node's spool has it)")
def ingest(shards, db, warc_from):
    """Merge shards written by crawl nodes into the archive (idempotent: a shard ingested twice changes nothing)."""
    from archive import schema
    from archive import shards as shard_files
    from archive import store

    where = _paths(db, None)
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


@cli.command()
@click.argument("sites", nargs=-1)
@click.option("--scrapyd", "nodes", required=True, metavar="URL[,URL…]", help="The Scrapyd nodes, comma-separated")
@_db_option("archive.db")
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

    where = _paths(db, None)
    slugs = list(sites) or list(registry())
    unknown = [s for s in slugs if s not in registry()]
    if unknown:
        raise click.ClickException(f"unknown site(s): {', '.join(unknown)}")
    database = schema.connect(where.db)
    store.upsert_sites(database, registry().values())
    run_id = store.start_run(database, slugs, command="crawler schedule " + " ".join(sites))
    try:
        jobs = distribute.schedule_jobs(slugs, [n.strip() for n in nodes.split(",") if n.strip()], run_id,
                                        _parse_settings(settings))
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
    if _report(where.db, run_id):
        sys.exit(FLAGGED_EXIT)


@cli.command()
@click.argument("sites", nargs=-1)
@_db_option("archive.db")
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
    overrides = dict(_parse_settings(settings), ARCHIVE_DISCOVER=False)
    if older_than is not None:
        overrides["ARCHIVE_REVISIT_OLDER_THAN"] = older_than
    if limit is not None:
        overrides["ARCHIVE_REVISIT_PER_SITE"] = limit
    db = db.resolve()
    _require(db)
    try:
        run_id = runner.run_crawl(list(sites), db, overrides=overrides, jobs=os.cpu_count() or 1,
                                  command="crawler revisit " + " ".join(sites))
    except (KeyError, RegistryError) as exc:
        raise click.ClickException(str(exc).strip("'\""))
    _report(db, run_id)


@cli.command()
@_db_option("demo/archive.db")
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
    _report(db, run_id)
    if serve:
        _serve(db, port=port, immutable=False)


@cli.command()
@_db_option("archive.db")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--immutable", is_flag=True, help="Serve as immutable (for a published copy no crawl writes to)")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder for the archived-page view (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
def serve(db, host, port, immutable, warc_dir):
    """Start Datasette on the archive (read-only, with search and facets)."""
    where = _paths(db, warc_dir)
    _serve(where.db, host=host, port=port, immutable=immutable, warc_dir=where.warc)


@cli.command()
@_db_option("archive.db")
def status(db):
    """Print the last run's per-site table and the sites flagged as broken."""
    db = db.resolve()
    _require(db)
    from archive import health

    click.echo(health.format_summary(runner.run_summary(db)))
    _print_flags(db)
    click.echo("\nHow every URL ended (frontier):")
    click.echo(health.format_states(runner.url_states(db)))


def _outcome(db: Path, run_id: int | None = None) -> tuple[dict, list]:
    """(the run with its stats, its flags)."""
    from archive import health, schema

    database = schema.connect(db, readonly=True)
    try:
        return health.run_flags(database, run_id)
    finally:
        database.close()


def _print_flags(db: Path, run_id: int | None = None) -> list:
    _run, flags = _outcome(db, run_id)
    if flags:
        click.echo("\nFlagged sites:")
        for flag in flags:
            click.echo(f"  {flag}")
    else:
        click.echo("\nNo site flagged.")
    return flags


@cli.command()
@click.argument("query")
@_db_option("archive.db")
@click.option("--site", help="Only this site (slug)")
@click.option("--province", help="Only this province (as at publication)")
@click.option("--unit", help="Only this province as it is since 1 July 2025 (merged provinces included)")
@click.option("--kind", help="Only sites of this kind: newspaper, police, portal, broadcaster")
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after this date")
@click.option("--until", metavar="YYYY-MM-DD", help="Only articles published on or before this date")
@click.option("--year", help="Only articles published in this year")
@click.option("--limit", default=20, show_default=True, help="How many results")
@click.option("--newest", is_flag=True, help="Newest first instead of most relevant first")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), help="Count every match per period instead of listing results")
@click.option("--split", type=click.Choice(["site", "province", "kind", "unit"]), help="With --by: one column per site, province, kind or 2025 unit")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line")
@click.option("--color/--no-color", default=None, help="Highlight matches (default: only on a terminal)")
def search(query, db, site, province, unit, kind, since, until, year, limit, newest, by, split, as_json, color):
    """Search the archive; Vietnamese-aware (accents optional, syllables as phrases)."""
    from archive import search as archive_search
    from archive import terminal
    from archive.timeline import over_time

    db = db.resolve()
    _require(db)
    filters = {"site": site, "province": province, "unit": unit, "kind": kind, "since": since, "until": until, "year": year}
    color = sys.stdout.isatty() if color is None else color
    try:
        if by:
            found = over_time(db, [query], by=by, split=split, **filters)
        else:
            results = archive_search.search(db, query, limit=limit, order="newest" if newest else "relevance", **filters)
    except archive_search.QueryError as exc:
        raise click.ClickException(str(exc))
    if by:
        if as_json:
            for period, name, count, total, share in found.rows():
                click.echo(json.dumps({"period": period, "series": name, "articles": count, "all_articles": total,
                                       "share": share}, ensure_ascii=False))
        else:
            click.echo("\n".join(terminal.timeline_lines(found)))
        return
    for row in results.results:
        if as_json:
            # For programs: the snippet keeps its <mark> tags (HTML-escaped text), which say where the matches are.
            keys = ("url", "title", "site", "published", "snippet")
            click.echo(json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False))
        else:
            click.echo("\n".join(terminal.result_lines(row, color)), color=color)
    if not as_json:
        click.echo(results.describe(), err=True)


@cli.command()
@_db_option("archive.db")
@click.option("--site", help="Only this site (slug)")
@click.option("--since", metavar="YYYY-MM-DD", help="Only pages captured on or after this date")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
@click.option("--workers", type=int, help="Worker processes (default: all cores)")
def reextract(db, site, since, warc_dir, workers):
    """Rebuild articles from the archived raw pages with the current extraction code."""
    from archive.reextract import reextract as run
    from crawler import workers as pool

    where = _paths(db, warc_dir)
    if workers is not None:
        pool.configure(workers)
    try:
        summary = run(where.db, where.warc, site=site, since=_check_date(since) if since else None)
    except (KeyError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc).strip("'\""))
    click.echo(str(summary))


@cli.command()
@_db_option("archive.db")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
def verify(db, warc_dir):
    """Check every WARC file (readable to the end, digests match) and every article's pointer."""
    from archive import schema
    from archive.verify import verify as run

    where = _paths(db, warc_dir)
    if not where.warc.is_dir():
        raise click.ClickException(f"no WARC folder at {where.warc}")
    database = schema.connect(where.db, readonly=True) if where.db.exists() else None
    report = run(where.warc, database.conn if database else None)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@cli.command(name="date")
@click.argument("text")
@click.option("--reference", help="Date or datetime (ISO) the text is read against; default now")
@click.option("--url", help="The article URL, which may carry the year")
def parse_date_command(text, reference, url):
    """Parse a Vietnamese date string as the archive does (prints ISO 8601)."""
    from crawler.dates import parse_date

    value = parse_date(text, url=url, reference=reference)
    if value is None:
        click.echo(f"no date in {text!r}", err=True)
        sys.exit(1)
    click.echo(value.isoformat())


@cli.command(name="sites")
@click.option("--coverage", is_flag=True, help="A table per province (or unit) of the four kinds: registered, verified, crawled lately")
@click.option("--by", type=click.Choice(["province", "unit"]), default="province", show_default=True,
              help="Coverage rows: the 63 provinces before 1 July 2025, or the 34 units since")
@_db_option("archive.db")
@click.option("--days", default=7, show_default=True, help="With --coverage: what counts as crawled lately")
def list_sites(coverage, by, db, days):
    """List the registered sites: province, unit since 1 July 2025, kind, status.

    With --coverage, which kinds of source each province has; when the archive
    (--db) exists, also which sites a run crawled in the last --days days.
    """
    from crawler.sites import coverage as cover

    try:
        sites = list(registry().values())
    except RegistryError as exc:
        raise click.ClickException(str(exc))
    if not coverage:
        click.echo(f"{'slug':<20} {'province':<18} {'unit since 2025':<16} {'kind':<12} {'status':<11} domain")
        for site in sites:
            click.echo(f"{site.slug:<20} {site.province:<18} {site.unit:<16} {site.kind:<12} {site.status:<11} {','.join(site.domains)}")
        click.echo(f"\n{len(sites)} sites.")
        return
    crawled = cover.crawled_lately(db.resolve(), days)
    rows = cover.coverage(sites, by=by, crawled=crawled or set())
    click.echo(cover.table(rows, by=by))
    click.echo("")
    click.echo(cover.summary(rows, sites, by=by, crawled_days=days if crawled is not None else None))


@cli.command(name="new-site")
@click.argument("slug")
@click.option("--name", required=True, help="The site's name as it prints it (Báo Tuyên Quang)")
@click.option("--province", required=True, help="Province the site belongs to (any spelling: Tuyen Quang)")
@click.option("--kind", required=True, type=click.Choice(KINDS))
@click.option("--home", required=True, help="Home page URL (its host becomes the site's domain)")
@click.option("--article-pattern", help="Regex matching the site's article URLs")
@click.option("--profile", help="The platform profile the site runs on (crawler/profiles/NAME.toml)")
@click.option("--page", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A saved article page of the site")
@click.option("--url", help="The address --page was saved from")
@click.option("--fetched", type=click.DateTime(), help="When --page was fetched (picks the profile version; default: now)")
def new_site(slug, name, province, kind, home, article_pattern, profile, page, url, fetched):
    """Start a new site: crawler/sites/SLUG.toml, and its saved page with expected values for the contract test."""
    from crawler.extract import ExtractionError
    from crawler.newsite import create

    from crawler.vntime import VN_TZ

    try:
        written = create(slug, name=name, province=province, kind=kind, home=home, article_pattern=article_pattern,
                         profile=profile, page=page, url=url, fetched=fetched.replace(tzinfo=VN_TZ) if fetched else None)
    except (RegistryError, ExtractionError) as exc:
        raise click.ClickException(str(exc))
    _wrote(written, slug)


def _wrote(written, slug: str) -> None:
    click.echo(f"wrote {written.site_file}")
    for page, expected in zip(written.pages, written.expected_files):
        click.echo(f"wrote {page}\nwrote {expected}")
    if written.expected_files:
        click.echo("Read the values in the .json against the page, correct them, and set \"checked\": true.")
    else:
        click.echo(f"Save one of its article pages and run: crawler new-site {slug} ... --page FILE --url URL")
        click.echo("(or write tests/sites/<slug>/<name>.html and .json by hand: see tests/sites/README.md)")
    click.echo("Then: ./run test tests/test_site_contracts.py")


@cli.command()
@click.argument("url")
@click.option("--province", help="The site's province; with --kind, write its registry entry and contract fixtures")
@click.option("--kind", type=click.Choice(KINDS), help="The site's kind; with --province, write its entry")
@click.option("--slug", help="The site's slug (default: from its host name)")
@click.option("--name", help="The site's name (default: the name its home page gives)")
@click.option("--pages", default=2, show_default=True, help="Article pages to save for the contract test")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as one JSON object")
@click.option("--setting", "-s", "settings", multiple=True, metavar="NAME=VALUE", help="A Scrapy setting for the probe's requests")
def probe(url, province, kind, slug, name, pages, as_json, settings):
    """Look at a site from its home page (needs the network): its feeds, sitemaps, listings and
    pagination, an article pattern and its platform profile; with --province and --kind, write its
    registry entry and saved article pages with their expected values, as new-site does."""
    from crawler.extract import ExtractionError
    from crawler.newsite import create_from_probe
    from crawler.probe import read, suggested_slug
    from spiders.probe import probe as fetch

    if (province is None) != (kind is None):
        raise click.UsageError("--province and --kind go together (they are what the probe cannot see)")
    if not url.startswith(("http://", "https://")):
        raise click.ClickException(f"{url}: give the home page's address, http:// or https://")
    fetched = fetch(url, _parse_settings(settings))
    home = next((f for f in fetched if f.role == "home"), None)
    if home is None or home.error:
        raise click.ClickException(f"{url}: the home page did not answer ({home.error if home else 'no answer'})")
    report = read(url, fetched, save=pages)
    click.echo(json.dumps(report.as_dict(), ensure_ascii=False) if as_json else "\n".join(report.lines()))
    if province is None:
        if not as_json:
            click.echo("Add --province and --kind to write the site's entry and contract fixtures.")
        return
    slug = slug or suggested_slug(report.home)
    try:
        written = create_from_probe(report, slug, name=name or report.name or slug, province=province, kind=kind)
    except (RegistryError, ExtractionError) as exc:
        raise click.ClickException(str(exc))
    out = click.echo if not as_json else (lambda line: click.echo(line, err=True))
    for line in (f"wrote {written.site_file}", *(f"wrote {p}" for p in [*written.pages, *written.expected_files])):
        out(line)
    out(f"Read {written.site_file.name} and the .json values against the pages, correct them, set \"checked\": true;"
        f" then: ./run test tests/test_site_contracts.py -k {slug}")


def replay_settings(location: Path) -> dict:
    """Answer requests from the WARC files at ``location`` (crawler.replay.ReplayAddon does the rest)."""
    return {"ARCHIVE_REPLAY": str(location)}


def _paths(db: Path, warc_dir: Path | None):
    """Where the archive at ``db`` keeps its files: ``--warc-dir``, else the ARCHIVE_WARC_DIR setting."""
    from crawler.paths import archive_paths

    return archive_paths(db, warc_dir or runner.project_settings(db).get("ARCHIVE_WARC_DIR"))


def _check_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}")


def _parse_settings(pairs) -> dict:
    result = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--setting")
        name, value = pair.split("=", 1)
        result[name.strip()] = value
    return result


def _require(db: Path) -> None:
    if not db.exists():
        raise click.ClickException(f"no archive at {db}: run `crawler crawl` or `crawler demo` first")


def _report(db: Path, run_id: int) -> list:
    """Print the run's summary and flags; returns the flags."""
    from archive import health

    summary = runner.run_summary(db, run_id)
    click.echo("")
    click.echo(health.format_summary(summary))
    flags = _print_flags(db, run_id)
    click.echo(f"\n{runner.article_count(db)} articles in the archive.")
    click.echo(_open_hint(db))
    return flags


def _serve(db: Path, **kwargs) -> None:
    from archive.serve import serve as serve_archive

    _require(db)
    click.echo(f"Serving {db} with Datasette on http://{kwargs.get('host', '127.0.0.1')}:{kwargs['port']}/ (Ctrl-C stops)")
    serve_archive(db, **kwargs)


def main():
    cli(prog_name="crawler")
