"""What the ``crawler`` commands share: the archive option, its files, settings from the command line, the report."""

from __future__ import annotations

from pathlib import Path

import click

from crawler import runner

FLAGGED_EXIT = 3  # a site needs a maintainer
NOTHING_REACHED_EXIT = 4  # no site answered at all: the network, not the sites
DB_HELP = "SQLite archive file (WARC files and run state go in folders beside it)"


def db_option(default: str):
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=default, show_default=True, help=DB_HELP
    )


def open_hint(db: Path) -> str:
    return (
        f"Archive: {db}\n"
        f"Open it:  crawler serve --db {db}   (then http://127.0.0.1:8001/)\n"
        f"Query it: sqlite3 {db} 'select site, count(*) from articles group by site'"
    )


def outcome(db: Path, run_id: int | None = None) -> tuple[dict, list]:
    """(the run with its stats, its flags)."""
    from archive import health, schema

    database = schema.connect(db, readonly=True)
    try:
        return health.run_flags(database, run_id)
    finally:
        database.close()


def print_flags(db: Path, run_id: int | None = None) -> list:
    _run, flags = outcome(db, run_id)
    if flags:
        click.echo("\nFlagged sites:")
        for flag in flags:
            click.echo(f"  {flag}")
    else:
        click.echo("\nNo site flagged.")
    return flags


def replay_settings(location: Path) -> dict:
    """Answer requests from the WARC files at ``location`` (crawler.replay.ReplayAddon does the rest)."""
    return {"ARCHIVE_REPLAY": str(location)}


def archive_files(db: Path, warc_dir: Path | None):
    """Where the archive at ``db`` keeps its files: ``--warc-dir``, else the ARCHIVE_WARC_DIR setting."""
    from crawler.paths import archive_paths

    return archive_paths(db, warc_dir or runner.project_settings(db).get("ARCHIVE_WARC_DIR"))


def check_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}")


def parse_settings(pairs) -> dict:
    result = {}
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--setting")
        name, value = pair.split("=", 1)
        result[name.strip()] = value
    return result


def require(db: Path, *, immutable: bool = False) -> None:
    """The archive exists and has the current schema (see ``upgrade``)."""
    if not db.exists():
        raise click.ClickException(f"no archive at {db}: run `crawler crawl` or `crawler demo` first")
    upgrade(db, immutable=immutable)


def report(db: Path, run_id: int) -> list:
    """Print the run's summary and flags; returns the flags."""
    from archive import health

    summary = runner.run_summary(db, run_id)
    click.echo("")
    click.echo(health.format_summary(summary))
    flags = print_flags(db, run_id)
    click.echo(f"\n{runner.article_count(db)} articles in the archive.")
    click.echo(open_hint(db))
    return flags


def upgrade(db: Path, *, immutable: bool = False) -> None:
    """Bring an archive made by an earlier version to the current schema before it is read.

    The pages and commands read tables an old archive lacks (removals, versions, stories),
    so reading it as it is fails. An immutable copy is not written to: it is refused with the reason.
    """
    from archive import schema

    conn = schema.connect(db, readonly=True)
    try:
        pending = [m.name for m in schema.migrations.pending(conn)]
    finally:
        conn.close()
    if not pending:
        return
    if immutable:
        raise click.ClickException(
            f"{db} was made by an earlier version (its schema lacks {', '.join(pending)}): "
            "serve it once without --immutable, which upgrades it in place"
        )
    click.echo(f"Upgrading {db} to the current schema ({', '.join(pending)}) ...", err=True)
    schema.connect(db).close()


def serve_archive(db: Path, **kwargs) -> None:
    from archive.serve import serve as serve_archive

    require(db, immutable=kwargs.get("immutable", False))
    click.echo(f"Serving {db} with Datasette on http://{kwargs.get('host', '127.0.0.1')}:{kwargs['port']}/ (Ctrl-C stops)")
    serve_archive(db, **kwargs)
