"""Record the fixture web into one WARC file bundled with the demo.

    python -m fixtureweb.record

Crawls the fixture web through the real spiders and pipelines into a
temporary archive and joins its WARC files (each record is its own gzip
member, so joined files are one valid WARC) into ``fixtureweb/fixture-web.warc.gz``.
``crawler demo --from-warc`` and the replay tests crawl that file offline.
Run it again whenever the fixture web changes; a test says when it is stale.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

BUNDLED = Path(__file__).parent / "fixture-web.warc.gz"


def record(target: Path = BUNDLED) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        subprocess.run(
            [sys.executable, "-m", "crawler", "demo", "--db", str(db), "--no-serve"],
            check=True, capture_output=True,
        )
        files = sorted((Path(tmp) / "warc").glob("*.warc.gz"))
        target.write_bytes(b"".join(path.read_bytes() for path in files))
    return target


if __name__ == "__main__":
    path = record()
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")
