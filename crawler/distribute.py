"""Crawls on many machines: Scrapyd nodes run per-site jobs, the archive host ingests their shards.

``crawler schedule --scrapyd URL[,URL…]`` (a top-level command, like ``cli``
and ``runner``): each site goes to one node, always the same one while the
node list stays the same (rendezvous hashing: its own archive on that node
keeps its frontier, so its crawls stay incremental); the job is scheduled
through Scrapyd's own API with the settings that put the site's archive, WARC
files and shards in the node's spool (inside Scrapyd's ``items_dir``, which
Scrapyd serves over HTTP); when the jobs have ended, each job's shard and the
WARC files it points into are fetched and ingested (archive/shards.py). No
queue or scheduler of our own: Scrapyd queues and runs the jobs.

A node needs the project installed (``pip install .[scrapyd]``), the egg
deployed (``scrapyd-deploy``) and ``items_dir = items`` in its scrapyd.conf;
see README, "Many machines".
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT = "vn_provincial_archive"  # scrapy.cfg [deploy] project
SPOOL = "items/spool"  # under the node's working directory; Scrapyd serves items/ at /items/


class SchedulingError(RuntimeError):
    """A node refused or could not be reached; the message names it."""


def node_for(slug: str, nodes: list[str]) -> str:
    """The node a site is crawled on: the same one for as long as the node list holds it."""
    return max(nodes, key=lambda node: hashlib.sha1(f"{slug}|{node}".encode()).digest())


def _call(node: str, endpoint: str, data: list[tuple[str, str]] | None = None, timeout: float = 30) -> dict:
    url = f"{node.rstrip('/')}/{endpoint}"
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(url, data=body, timeout=timeout) as response:
            answer = json.loads(response.read())
    except OSError as exc:
        raise SchedulingError(f"{url}: {exc}") from exc
    if answer.get("status") != "ok":
        raise SchedulingError(f"{url}: {answer.get('message') or answer}")
    return answer


def _download(url: str, target: Path, timeout: float = 300) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except OSError as exc:
        raise SchedulingError(f"{url}: {exc}") from exc
    partial.replace(target)


@dataclass(frozen=True)
class Job:
    site: str
    node: str
    id: str

    def spool_url(self, *parts: str) -> str:
        return "/".join([self.node.rstrip("/"), SPOOL, self.site, *parts])


def job_settings(site: str, overrides: dict) -> dict:
    """What a node's job of ``site`` runs with: its archive, WARC files and shards in the spool."""
    spool = f"{SPOOL}/{site}"
    return {
        "ARCHIVE_DB": f"{spool}/node.db", "ARCHIVE_WARC_DIR": f"{spool}/warc", "ARCHIVE_SHARD_DIR": f"{spool}/shards",
        "ARCHIVE_WORKERS": 0, **overrides,
    }


def schedule_jobs(slugs: list[str], nodes: list[str], run_id: int, overrides: dict) -> list[Job]:
    jobs = []
    for slug in slugs:
        job = Job(slug, node_for(slug, nodes), f"run{run_id}-{slug}")
        settings = [
            ("setting", f"{key}={json.dumps(value) if isinstance(value, (dict, list)) else value}")
            for key, value in job_settings(slug, overrides).items()
        ]
        _call(job.node, "schedule.json", [("project", PROJECT), ("spider", slug), ("jobid", job.id), *settings])
        jobs.append(job)
    return jobs


def wait(jobs: list[Job], *, timeout: float, poll: float = 2.0) -> None:
    """Until every job has finished on its node (or ``timeout`` seconds have passed)."""
    deadline = time.monotonic() + timeout
    waiting = {job.id for job in jobs}
    while waiting:
        for node in sorted({job.node for job in jobs}):
            answer = _call(node, f"listjobs.json?project={PROJECT}")
            waiting -= {entry["id"] for entry in answer.get("finished", [])}
        if not waiting:
            return
        if time.monotonic() > deadline:
            raise SchedulingError(f"{len(waiting)} job(s) still running after {timeout:.0f} s: {', '.join(sorted(waiting))}")
        print(f"waiting for {len(waiting)} of {len(jobs)} jobs", file=sys.stderr)
        time.sleep(poll)


def collect(job: Job, staging: Path, have: Path) -> Path | None:
    """Fetch a finished job's shard and the WARC files it points into that ``have`` (the archive's WARC
    folder) lacks; the shard's path (None: the job left no shard)."""
    from archive.shards import warc_files_of

    shard = staging / job.site / "shards" / f"{job.id}.db"
    try:
        _download(job.spool_url("shards", f"{job.id}.db"), shard)
    except SchedulingError as exc:
        print(f"{job.site}: no shard from {job.node} ({exc})", file=sys.stderr)
        return None
    for name in warc_files_of(shard):
        target = staging / job.site / "warc" / name
        if not target.exists() and not (have / name).exists():
            _download(job.spool_url("warc", name), target)
    return shard
