"""Where an archive keeps its files: the one answer every command uses.

An archive is its SQLite database plus two folders: WARC files (``warc/``
beside the database unless ``ARCHIVE_WARC_DIR`` says otherwise) and run state
such as the Datasette metadata ``crawler serve`` writes (``state/`` beside it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ArchivePaths:
    db: Path
    warc: Path
    state: Path


def archive_paths(db: str | Path, warc_dir: str | Path | None = None) -> ArchivePaths:
    """The files of the archive at ``db``; ``warc_dir`` overrides the WARC folder."""
    db = Path(db).expanduser().resolve()
    warc = Path(warc_dir).expanduser().resolve() if warc_dir else db.parent / "warc"
    return ArchivePaths(db=db, warc=warc, state=db.parent / "state")


def from_settings(settings) -> ArchivePaths:
    """The archive a crawl writes to: ``ARCHIVE_DB`` and ``ARCHIVE_WARC_DIR``."""
    return archive_paths(settings.get("ARCHIVE_DB"), settings.get("ARCHIVE_WARC_DIR"))


def db_path(settings) -> Path:
    return from_settings(settings).db
