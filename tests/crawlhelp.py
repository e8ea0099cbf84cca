"""Run real crawls of a fixture web (in this process's server) from a `crawler crawl` subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def crawl_command(db: Path, port: int, *extra: str, sites: list[str] | None = None) -> list[str]:
    """`crawler crawl` of ``sites`` (default: the fixture web's own; the registry holds real sites besides)."""
    from fixtureweb import SITES
    from fixtureweb.server import crawl_settings

    args = [sys.executable, "-m", "crawler", "crawl", "--db", str(db)]
    for key, value in crawl_settings(port).items():
        args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
    return args + list(extra) + list(SITES if sites is None else sites)


def crawl(db: Path, port: int, *extra: str, sites: list[str] | None = None, timeout: int = 300,
          env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(crawl_command(db, port, *extra, sites=sites), cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, **(env or {})))


def popen(db: Path, port: int, *extra: str, sites: list[str] | None = None, env: dict | None = None) -> subprocess.Popen:
    """The crawl in a session of its own (its workers share it: a killed crawl's survivors can be found)."""
    return subprocess.Popen(
        crawl_command(db, port, *extra, sites=sites), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        start_new_session=True, env=dict(os.environ, **(env or {})),
    )
