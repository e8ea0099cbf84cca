"""Extension: the one connection of a crawl process to the archive database.

Every component that reads or writes the archive during a crawl (the
archiving middleware, the frontier, the store, the run statistics) asks for
this extension with ``crawler.get_extension(ArchiveDatabase)`` and uses its
``db``. All crawlers of one process (one per site) share one connection per
database file, opened on first use and closed when the last of them stops:
the reactor runs them in one thread, and one connection keeps SQLite's page
cache and locks to one place.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from scrapy import signals

from archive import schema
from crawler import paths

_open: dict[Path, list] = {}  # path -> [Database, number of crawlers using it]


class ArchiveDatabase:
    def __init__(self, crawler):
        self.path = paths.db_path(crawler.settings)
        self._db: sqlite_utils.Database | None = None
        crawler.signals.connect(self.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def db(self) -> sqlite_utils.Database:
        """The process's connection to this crawl's archive (created and migrated on first use)."""
        if self._db is None:
            entry = _open.get(self.path)
            if entry is None:
                entry = _open[self.path] = [schema.connect(self.path), 0]
            entry[1] += 1
            self._db = entry[0]
        return self._db

    def release(self) -> None:
        if self._db is None:
            return
        self._db = None
        entry = _open[self.path]
        entry[1] -= 1
        if entry[1] <= 0:
            del _open[self.path]
            entry[0].close()


def database(crawler) -> sqlite_utils.Database:
    """The archive connection of ``crawler`` (its ArchiveDatabase extension must be enabled)."""
    extension = crawler.get_extension(ArchiveDatabase)
    if extension is None:
        raise RuntimeError("the ArchiveDatabase extension is not enabled (settings.EXTENSIONS)")
    return extension.db
