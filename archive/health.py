"""Which sites stopped working: flags computed from a run and the runs before it.

The checks follow what Spidermon's built-in monitors look at (item count,
errors, finish reason, field coverage), judged against each site's own
history rather than fixed thresholds, because a police site posting twice a
month and a daily paper differ by two orders of magnitude.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from statistics import median

# How many earlier runs of a site make its history.
HISTORY = 14
# The newest runs read for a site's history (one per night; sites crawled alone make more).
RUNS_READ = 200
# Below this many article pages in a run, failure ratios say nothing.
MIN_ARTICLE_PAGES = 3


@dataclass
class Flag:
    site: str
    reason: str

    def __str__(self) -> str:
        return f"{self.site}: {self.reason}"


def _errors(stats: dict) -> int:
    return sum(stats.get("errors", {}).values())


def _article_pages(stats: dict) -> int:
    return sum(stats.get(k, 0) for k in ("articles_new", "articles_updated", "articles_unchanged", "extract_failed"))


def _errors_text(stats: dict) -> str:
    errors = stats.get("errors", {})
    return ", ".join(f"{k}: {v}" for k, v in sorted(errors.items(), key=lambda kv: -kv[1])[:3]) or "no error recorded"


def _no_article_reason(stats: dict) -> str:
    """Why a crawl found no article, in terms a maintainer can act on."""
    shapes = stats.get("link_shapes") or {}
    seen = stats.get("links_seen", 0)
    common = ", ".join(f"{shape} ({count})" for shape, count in list(shapes.items())[:5])
    text = f"no article URL matched the pattern; {seen} links seen"
    return text + (f", most common shapes: {common}" if common else "")


def site_flags(site: str, stats: dict, history: list[dict]) -> list[Flag]:
    """Flags for one site's run ``stats`` given its earlier runs (newest first)."""
    flags = []
    if not stats.get("pages", 0):
        # Nothing reached, whatever the history: network down, site gone, blocked.
        return [Flag(site, f"fetched no page ({_errors_text(stats)})")]
    finish = stats.get("finish_reason")
    if finish not in (None, "finished"):
        flags.append(Flag(site, f"crawl did not finish normally ({finish})"))
    article_pages = _article_pages(stats)
    failed = stats.get("extract_failed", 0)
    if article_pages >= MIN_ARTICLE_PAGES and failed / article_pages > 0.5:
        flags.append(Flag(site, f"extraction failed on {failed} of {article_pages} article pages"))
    if stats.get("discovery") is False:
        return flags  # a revisit-only run (crawler revisit) looks for no new article
    history = [h for h in history if h.get("discovery") is not False]
    if history:
        usual_new = median(h.get("articles_new", 0) for h in history)
        productive = sum(1 for h in history if h.get("articles_new", 0) > 0)
        if stats.get("articles_new", 0) == 0 and usual_new >= 1 and productive >= max(2, len(history) // 2):
            flags.append(Flag(site, f"no new article (usually {usual_new:g} per run)"))
        pages = stats.get("pages", 0)
        rate = _errors(stats) / pages if pages else 0.0
        usual_rate = median((_errors(h) / h["pages"]) if h.get("pages") else 0.0 for h in history)
        if _errors(stats) >= 3 and rate > max(0.2, 3 * usual_rate):
            flags.append(Flag(site, f"error rate {rate:.0%} (usually {usual_rate:.0%})"))
    else:
        if _errors(stats) == stats.get("pages", 0):
            flags.append(Flag(site, "every fetched page failed"))
        if not article_pages:
            # A first night without an article: the registry entry is wrong, not the site quiet.
            flags.append(Flag(site, f"first crawl found no article: {_no_article_reason(stats)}"))
    return flags


def nothing_reached(run: dict) -> bool:
    """True when no site of the run fetched a single page: the network, not the sites."""
    stats = run.get("stats") or {}
    return bool(stats) and all(not s.get("pages", 0) for s in stats.values())


def run_flags(db, run_id: int | None = None) -> tuple[dict, list[Flag]]:
    """(run row with parsed stats, flags) for a run (the last one by default)."""
    bound = run_id if run_id is not None else (db.execute("select max(id) from runs").fetchone()[0] or 0)
    runs = [
        {"id": r[0], "started": r[1], "finished": r[2], "stats": json.loads(r[3] or "{}"), "sites": json.loads(r[4] or "[]")}
        for r in db.execute(
            "select id, started, finished, stats, sites from runs where id <= ? order by id desc limit ?",
            [bound, RUNS_READ],
        ).fetchall()
    ]
    if not runs:
        return {}, []
    current, earlier = runs[0], runs[1:]
    flags = []
    for site, stats in sorted(current["stats"].items()):
        history = [r["stats"][site] for r in earlier if site in r["stats"]][:HISTORY]
        flags.extend(site_flags(site, stats, history))
    for site in sorted(set(current["sites"]) - set(current["stats"])):
        flags.append(Flag(site, "no statistics: its crawl ended before the site did (a killed process?)"))
    return current, flags


def format_summary(summary: dict) -> str:
    """A plain-text table: one line per site, errors by reason."""
    if not summary:
        return "no runs recorded yet"
    lines = [f"run {summary['id']}  started {summary['started']}  finished {summary['finished'] or '-'}"]
    header = f"{'site':<20} {'pages':>6} {'new':>5} {'upd':>5} {'same':>5} {'fail':>5}  finish / errors"
    lines.append(header)
    lines.append("-" * len(header))
    for slug, s in sorted(summary["sites"].items()):
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(s.get("errors", {}).items())) or "no errors"
        lines.append(
            f"{slug:<20} {s.get('pages', 0):>6} {s.get('articles_new', 0):>5} "
            f"{s.get('articles_updated', 0):>5} {s.get('articles_unchanged', 0):>5} "
            f"{s.get('extract_failed', 0):>5}  {s.get('finish_reason')}; {errors}"
        )
    return "\n".join(lines)


def format_states(counts: list[tuple]) -> str:
    """The frontier's states per site as text: ``baohagiang  stored 8, listing 9, failed 1 (http-404: 1)``."""
    if not counts:
        return "no URL recorded yet"
    by_site: dict[str, dict[str, dict]] = {}
    for site, state, reason, count in counts:
        by_site.setdefault(site, {}).setdefault(state, {})[reason] = count
    lines = []
    for site, states in sorted(by_site.items()):
        parts = []
        for state, reasons in sorted(states.items()):
            total = sum(reasons.values())
            why = ", ".join(f"{r}: {n}" for r, n in sorted(reasons.items(), key=lambda kv: -kv[1]) if r)
            parts.append(f"{state} {total}" + (f" ({why})" if why else ""))
        lines.append(f"{site:<20} " + ", ".join(parts))
    return "\n".join(lines)
