"""The ``crawler`` command: crawl, demo, revisit, schedule, ingest, serve, search, status, sites, ...

Thin commands over the library (crawler/commands/, one module per kind of
work); errors a user can cause end in one line.
"""

from __future__ import annotations

import click

from crawler.commands import crawling, nodes, reading, sites


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vn-provincial-archive")
def cli():
    """Archive of Vietnamese provincial news: crawl sites, search and serve the archive."""


for command in (
    crawling.crawl, crawling.revisit, crawling.demo, nodes.schedule, nodes.ingest, reading.serve, reading.status,
    reading.search, reading.reextract, reading.verify, reading.parse_date_command, sites.list_sites, sites.new_site,
    sites.probe,
):
    cli.add_command(command)


def main():
    cli(prog_name="crawler")
