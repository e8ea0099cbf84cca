"""Where the archive keeps its files: the database, and the WARC folder beside it."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DB = "archive.db"


def db_path(settings) -> Path:
    return Path(settings.get("ARCHIVE_DB") or DEFAULT_DB).expanduser().resolve()


def warc_dir(settings) -> Path:
    """ARCHIVE_WARC_DIR, or ``warc/`` beside the database."""
    configured = settings.get("ARCHIVE_WARC_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return db_path(settings).parent / "warc"
