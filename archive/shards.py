"""Shards: what a crawl node's run added to its own archive, carried to the one archive.

A Scrapyd node crawls each of its sites into an archive of its own (its
frontier stays there, so its crawls stay incremental). At the end of a run,
``export`` writes what that run touched — the site's articles seen or removed,
their versions and removals, captures, errors, frontier and validators, the
run's statistics — into a new SQLite file, a shard, under a fresh id; the file
appears only once complete. ``ingest`` merges a shard into the archive:

- idempotent: the shard's id is recorded with its rows, so a second ingest of
  it changes nothing;
- crash-safe: the WARC files the shard points into are copied first (each
  complete before it gets its name), then every row in one transaction, so an
  interrupted ingest leaves nothing half-done and simply runs again;
- articles are matched by their key (the canonical URL), never by the node's
  ids; the node is the authority for the sites it crawls, so an article's
  current values and its versions are the shard's; stories span every site,
  so each article is placed in its story here, from the signature the node computed.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from archive import schema, store, stories

# Tables copied row for row from a shard (besides articles, versions and removals).
FRONTIER_COLUMNS = ("url", "site", "role", "state", "reason", "status", "discovered", "updated", "tries",
                    "next_try", "discovery")
CAPTURE_COLUMNS = ("site", "uri", "status", "digest", "date", "warc_file", "warc_offset")
ERROR_COLUMNS = ("site", "url", "reason", "status", "detail", "at")


def _columns(db, table: str, prefix: str = "main") -> list[str]:
    """A table's stored columns (generated ones excluded: they cannot be written)."""
    return [row[1] for row in db.execute(f"pragma {prefix}.table_info({table})")]


def export(db: sqlite_utils.Database, path: Path, *, site: str, run: int) -> Path:
    """Write run ``run``'s rows of ``site`` into a new shard at ``path``."""
    since = db.execute("select started from runs where id = ?", [run]).fetchone()[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    schema.connect(partial).close()
    db.execute("attach database ? as shard", [str(partial)])
    try:
        with db.atomic():
            _copy_run(db, site=site, run=run, since=since)
    finally:
        db.execute("detach database shard")
    os.replace(partial, path)
    return path


def _copy_run(db, *, site: str, run: int, since: str) -> None:
    db.execute(
        "insert into shard.shard_info (id, site, run, since, exported) values (?, ?, ?, ?, ?)",
        [uuid.uuid4().hex, site, run, since, store.now_iso()],
    )
    for table in ("provinces", "sites"):
        db.execute(f"insert or replace into shard.{table} select * from main.{table}")
    db.execute("insert into shard.runs select * from main.runs where id = ?", [run])
    articles = ", ".join(_columns(db, "articles"))
    db.execute(
        f"insert into shard.articles ({articles}) select {articles} from main.articles where site = :site and"
        " (last_seen >= :since or removed_at >= :since or id in (select article_id from main.article_removals"
        " where removed_at >= :since or restored_at >= :since))",
        {"site": site, "since": since},
    )
    for table in ("article_versions", "article_removals", "story_signatures"):
        db.execute(f"insert into shard.{table} select * from main.{table}"
                   " where article_id in (select id from shard.articles)")
    for table, columns in (("captures", CAPTURE_COLUMNS), ("fetch_errors", ERROR_COLUMNS)):
        names = ", ".join(columns)
        db.execute(f"insert into shard.{table} (run, {names}) select run, {names} from main.{table}"
                   " where run = ? and site = ?", [run, site])
    names = ", ".join(FRONTIER_COLUMNS)
    db.execute(f"insert into shard.frontier ({names}) select {names} from main.frontier where site = ? and updated >= ?",
               [site, since])
    db.execute("insert into shard.http_validators select * from main.http_validators where checked >= ?", [since])


@dataclass(frozen=True)
class Ingested:
    shard: str
    site: str | None
    articles: int = 0
    already: bool = False

    def __str__(self) -> str:
        if self.already:
            return f"{self.shard}: ingested before, nothing to do"
        return f"{self.shard}: {self.articles} articles of {self.site}"


def warc_files_of(shard: Path) -> list[str]:
    """The WARC files a shard's rows point into."""
    db = schema.connect(shard, readonly=True)
    try:
        return sorted({name for (name,) in db.execute(
            "select warc_file from captures union select warc_file from articles where warc_file is not null"
        )})
    finally:
        db.close()


def copy_warc_files(names: list[str], source: Path, target: Path) -> None:
    """Copy the named WARC files that ``target`` lacks; each gets its name only once complete."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (target / name).exists():
            continue
        if not (source / name).exists():
            raise FileNotFoundError(f"the shard points into {name}, which is not in {source}")
        partial = target / (name + ".partial")
        shutil.copyfile(source / name, partial)
        os.replace(partial, target / name)


def ingest(db: sqlite_utils.Database, shard: Path, *, warc_from: Path, warc_to: Path, run: int) -> Ingested:
    """Merge the shard at ``shard`` into the archive ``db``; its statistics go to run ``run``."""
    info = schema.connect(shard, readonly=True)
    try:
        shard_id, site, shard_run = info.execute("select id, site, run from shard_info").fetchone()
    finally:
        info.close()
    if db.execute("select 1 from ingests where shard = ?", [shard_id]).fetchone():
        return Ingested(shard_id, site, already=True)
    copy_warc_files(warc_files_of(shard), warc_from, warc_to)
    db.execute("attach database ? as shard", [str(shard)])
    try:
        with db.atomic():
            count = _merge(db, site=site, shard_run=shard_run, run=run)
            db.execute("insert into ingests (shard, site, run, at, articles, source) values (?, ?, ?, ?, ?, ?)",
                       [shard_id, site, run, store.now_iso(), count, str(shard)])
    finally:
        db.execute("detach database shard")
    return Ingested(shard_id, site, count)


def _merge(db, *, site: str, shard_run: int, run: int) -> int:
    for table in ("provinces", "sites"):
        db.execute(f"insert or ignore into main.{table} select * from shard.{table}")
    ids = _merge_articles(db)
    for old, new in ids.items():
        row = db.execute("select signature, first_seen from shard.story_signatures where article_id = ?", [old]).fetchone()
        if row is not None:
            stories.assign(db, new, row[0], first_seen=row[1])
    for table in ("article_versions", "article_removals"):
        columns = [c for c in _columns(db, table, "shard") if c not in ("id",)]
        for old, new in ids.items():
            db.execute(f"delete from main.{table} where article_id = ?", [new])
            values = ", ".join("?" if c == "article_id" else c for c in columns)
            db.execute(f"insert into main.{table} ({', '.join(columns)}) select {values} from shard.{table}"
                       " where article_id = ?", [new, old])
    for table, columns in (("captures", CAPTURE_COLUMNS), ("fetch_errors", ERROR_COLUMNS)):
        names = ", ".join(columns)
        db.execute(f"insert into main.{table} (run, {names}) select ?, {names} from shard.{table}", [run])
    names = ", ".join(FRONTIER_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in FRONTIER_COLUMNS if c != "url")
    db.execute(f"insert into main.frontier ({names}) select {names} from shard.frontier where true"
               f" on conflict(url) do update set {updates} where excluded.updated >= frontier.updated")
    db.execute("insert or replace into main.http_validators select * from shard.http_validators")
    stats = db.execute("select stats from shard.runs where id = ?", [shard_run]).fetchone()
    for name, figures in json.loads(stats[0] or "{}").items() if stats else ():
        store.add_run_stats(db, run, name, figures)
    return len(ids)


def _merge_articles(db) -> dict[int, int]:
    """Insert or update the shard's articles by key; {shard id: archive id}."""
    # Ids, copies and stories are the archive's own: the node knew only its sites.
    columns = [c for c in _columns(db, "articles", "shard") if c not in ("id", "duplicate_of", "story_id")]
    ids = {}
    cursor = db.execute(f"select id, {', '.join(columns)} from shard.articles order by id")
    for row in cursor.fetchall():
        values = dict(zip(columns, row[1:]))
        found = db.execute("select id from main.articles where url = ?", [values["url"]]).fetchone()
        duplicate = db.execute(
            "select id from main.articles indexed by idx_articles_content_hash"
            " where content_hash = ? and url != ? and duplicate_of is null order by id limit 1",
            [values["content_hash"], values["url"]],
        ).fetchone()
        values["duplicate_of"] = duplicate[0] if duplicate else None
        if found is None:
            names = list(values)
            ids[row[0]] = db.execute(
                f"insert into main.articles ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
                [values[n] for n in names],
            ).lastrowid
        else:
            db.execute(f"update main.articles set {', '.join(f'{n} = ?' for n in values)} where id = ?",
                       [*values.values(), found[0]])
            ids[row[0]] = found[0]
    return ids
