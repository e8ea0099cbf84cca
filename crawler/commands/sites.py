"""The registry: list the sites and their coverage, start a new one."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.commands.common import db_option
from crawler.sites import KINDS, RegistryError, registry


@click.command(name="sites")
@click.option("--coverage", is_flag=True, help="A table per province (or unit) of the four kinds: registered, verified, crawled lately")
@click.option("--by", type=click.Choice(["province", "unit"]), default="province", show_default=True,
              help="Coverage rows: the 63 provinces before 1 July 2025, or the 34 units since")
@db_option("archive.db")
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


@click.command(name="new-site")
@click.argument("slug")
@click.option("--name", required=True, help="The site's name as it prints it (Báo Tuyên Quang)")
@click.option("--province", required=True, help="Province the site belongs to (any spelling: Tuyen Quang)")
@click.option("--kind", required=True, type=click.Choice(KINDS))
@click.option("--home", required=True, help="Home page URL (its host becomes the site's domain)")
@click.option("--article-pattern", help="Regex matching the site's article URLs")
@click.option("--page", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A saved article page of the site")
@click.option("--url", help="The address --page was saved from")
def new_site(slug, name, province, kind, home, article_pattern, page, url):
    """Start a new site: crawler/sites/SLUG.toml, and its saved page with expected values for the contract test."""
    from crawler.extract import ExtractionError
    from crawler.newsite import create

    try:
        written = create(slug, name=name, province=province, kind=kind, home=home,
                         article_pattern=article_pattern, page=page, url=url)
    except (RegistryError, ExtractionError) as exc:
        raise click.ClickException(str(exc))
    click.echo(f"wrote {written.site_file}")
    if written.expected:
        click.echo(f"wrote {written.page}\nwrote {written.expected}")
        click.echo("Read the values in the .json against the page, correct them, and set \"checked\": true.")
    else:
        click.echo(f"Save one of its article pages and run: crawler new-site {slug} ... --page FILE --url URL")
        click.echo("(or write tests/sites/<slug>/<name>.html and .json by hand: see tests/sites/README.md)")
    click.echo("Then: ./run test tests/test_site_contracts.py")
