"""Using the archive: serve, status, search, re-extract, verify, read a date."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crawler import runner
from crawler.commands.common import archive_files, check_date, db_option, print_flags, require, serve_archive


@click.command()
@db_option("archive.db")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--immutable", is_flag=True, help="Serve as immutable (for a published copy no crawl writes to)")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder for the archived-page view (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
def serve(db, host, port, immutable, warc_dir):
    """Start Datasette on the archive (read-only, with search and facets)."""
    where = archive_files(db, warc_dir)
    serve_archive(where.db, host=host, port=port, immutable=immutable, warc_dir=where.warc)


@click.command()
@db_option("archive.db")
def status(db):
    """Print the last run's per-site table and the sites flagged as broken."""
    db = db.resolve()
    require(db)
    from archive import health

    click.echo(health.format_summary(runner.run_summary(db)))
    print_flags(db)
    click.echo("\nHow every URL ended (frontier):")
    click.echo(health.format_states(runner.url_states(db)))


@click.command()
@click.argument("query")
@db_option("archive.db")
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
    require(db)
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


@click.command()
@db_option("archive.db")
@click.option("--site", help="Only this site (slug)")
@click.option("--since", metavar="YYYY-MM-DD", help="Only pages captured on or after this date")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
@click.option("--workers", type=int, help="Worker processes (default: all cores)")
def reextract(db, site, since, warc_dir, workers):
    """Rebuild articles from the archived raw pages with the current extraction code."""
    from archive.reextract import reextract as run
    from crawler import workers as pool

    where = archive_files(db, warc_dir)
    if workers is not None:
        pool.configure(workers)
    try:
        summary = run(where.db, where.warc, site=site, since=check_date(since) if since else None)
    except (KeyError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc).strip("'\""))
    click.echo(str(summary))


@click.command()
@db_option("archive.db")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), help="WARC folder (default: the ARCHIVE_WARC_DIR setting, or warc/ beside the database)")
def verify(db, warc_dir):
    """Check every WARC file (readable to the end, digests match) and every article's pointer."""
    from archive import schema
    from archive.verify import verify as run

    where = archive_files(db, warc_dir)
    if not where.warc.is_dir():
        raise click.ClickException(f"no WARC folder at {where.warc}")
    database = schema.connect(where.db, readonly=True) if where.db.exists() else None
    report = run(where.warc, database.conn if database else None)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@click.command(name="date")
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
