"""The registry: list the sites and their coverage, start a new one by hand or by probing it."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.commands.common import db_option, parse_settings
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


@click.command()
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
    fetched = fetch(url, parse_settings(settings))
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
