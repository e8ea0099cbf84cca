"""Time and peak memory of a crawl of the hostile fixture site.

    python benchmarks/bench_hostile.py

Serves fixtureweb/designs/hostile.py locally (its two sites, registered in a
temporary registry) and runs the real `crawler crawl hostile hostile_sections`
with the settings tests/test_hostile.py uses: 4 MB DOWNLOAD_MAXSIZE, so the
huge page and the decompression bombs are measured against it. Prints the
elapsed time, the peak resident memory of the crawl process alone and of its
whole process tree (crawl process and analysis workers), and the exit status.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_pipeline import process_group  # noqa: E402
from fixtureweb.designs import hostile  # noqa: E402
from fixtureweb.server import crawl_settings, free_port, serve  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        registry = Path(tmp) / "sites"
        registry.mkdir()
        for path in (ROOT / "crawler" / "sites").glob("*.toml"):
            shutil.copy(path, registry)
        (registry / "hostile.toml").write_text(hostile.REGISTRY_ENTRY, encoding="utf-8")
        (registry / "hostile_sections.toml").write_text(hostile.SECTIONS_REGISTRY_ENTRY, encoding="utf-8")
        with serve(hostile.build()) as server:
            settings = dict(
                crawl_settings(server.port), DOWNLOAD_MAXSIZE=hostile.MAX_SIZE, DOWNLOAD_WARNSIZE=hostile.MAX_SIZE // 4,
                ARCHIVE_MAX_LISTING_PAGES=8, HOSTMAP_ROUTES={hostile.REFUSING_HOST: f"127.0.0.1:{free_port()}"},
            )
            args = [sys.executable, "-m", "crawler", "crawl", "hostile", "hostile_sections", "--db", f"{tmp}/archive.db"]
            for key, value in settings.items():
                args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
            started = time.monotonic()
            process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=True, env=dict(os.environ, ARCHIVE_SITES_DIR=str(registry)))
            peak_tree = peak_main = 0
            while process.poll() is None:
                seen = process_group(process.pid)
                peak_tree = max(peak_tree, sum(rss for rss, _ in seen.values()))
                peak_main = max(peak_main, seen.get(process.pid, (0, 0))[0])
                time.sleep(0.05)
            elapsed = time.monotonic() - started
            requests = len(server.log)
    print(f"hostile crawl: {elapsed:.1f} s, {requests} requests, exit {process.returncode}; "
          f"peak memory: crawl process {peak_main / 2**20:.0f} MiB, with its workers {peak_tree / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
