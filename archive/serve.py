"""Serve the archive with Datasette: our metadata, plugins, templates and safe settings."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).parent
METADATA = HERE / "metadata.yml"
PLUGINS = HERE / "plugins"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_MOUNT = "vn-static"  # the bundled chart library, the page script and styles (archive/static/README.md)

# Reads give up after this long: a researcher's heavy query cannot hold the server.
SETTINGS = {
    "sql_time_limit_ms": "3000",
    "facet_time_limit_ms": "500",
    "truncate_cells_html": "300",
    "max_returned_rows": "1000",
    "allow_csv_stream": "on",
    # Suggestions scan every row for each column, and offer crawler internals to readers.
    "suggest_facets": "off",
}


def checkpoint(db: Path) -> None:
    """Fold the WAL into the main file so every reader (immutable ones too) sees all rows."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def metadata_for(db: Path, directory: Path, warc_dir: Path | None = None) -> Path:
    """Our metadata with its database key renamed to the served file's name.

    ``warc_dir``: where the archived-page view reads WARC files (default: warc/ beside the database).
    """
    import yaml

    data = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    data["databases"] = {db.stem: data["databases"]["archive"]}
    data.setdefault("plugins", {})["archive_pages"] = {"warc_dir": str(warc_dir or db.parent / "warc")}
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"metadata-{db.stem}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def datasette_args(
    db: Path, *, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False, warc_dir: Path | None = None
) -> list[str]:
    """The `datasette serve` command line for the archive.

    The default serves the file read-only (Datasette opens it with mode=ro),
    which stays correct while a nightly crawl writes; ``immutable`` suits a
    published copy that never changes.
    """
    args = [sys.executable, "-m", "datasette", "serve"]
    args += ["-i", str(db)] if immutable else [str(db)]
    # Run state beside the database, as the WARC folder is.
    metadata = metadata_for(db, db.parent / "state", warc_dir)
    args += ["--metadata", str(metadata), "--plugins-dir", str(PLUGINS), "--host", host, "--port", str(port)]
    if TEMPLATES.is_dir():
        args += ["--template-dir", str(TEMPLATES)]
    args += ["--static", f"{STATIC_MOUNT}:{STATIC}"]
    for key, value in SETTINGS.items():
        args += ["--setting", key, value]
    return args


def instance(db: Path, *, warc_dir: Path | None = None, state_dir: Path | None = None):
    """A Datasette object on the archive, configured as `crawler serve` runs it (for in-process use and tests)."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load(metadata_for(db, state_dir or db.parent / "state", warc_dir).read_text(encoding="utf-8"))
    return Datasette(
        [str(db)], metadata=metadata, plugins_dir=str(PLUGINS), template_dir=str(TEMPLATES),
        static_mounts=[(STATIC_MOUNT, str(STATIC))], settings={k: int(v) if v.isdigit() else v == "on" for k, v in SETTINGS.items()},
    )


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False, warc_dir: Path | None = None):
    """Replace this process with Datasette (signals then reach Datasette itself)."""
    checkpoint(db)
    args = datasette_args(db, host=host, port=port, immutable=immutable, warc_dir=warc_dir)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(args[0], args)
