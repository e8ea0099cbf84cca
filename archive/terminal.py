"""Search results and over-time counts for the terminal (``crawler search``).

Matches are shown with the terminal's own means: bold yellow on a terminal
that understands ANSI escapes, nothing at all when the output is piped or
``--no-color`` is given (never HTML ``<mark>`` tags).
"""

from __future__ import annotations

import html
import re

BOLD, RESET = "\x1b[1;33m", "\x1b[0m"
_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def plain_snippet(snippet_html: str, color: bool) -> str:
    """A search snippet (HTML with <mark>) as terminal text: highlighted, or plain."""
    marked = _MARK.sub((lambda m: f"{BOLD}{m.group(1)}{RESET}") if color else (lambda m: m.group(1)), snippet_html or "")
    return html.unescape(marked)


def result_lines(row: dict, color: bool) -> list[str]:
    from archive.display import vn_datetime

    title = f"{BOLD}{row.get('title')}{RESET}" if color else str(row.get("title"))
    return [
        f"{vn_datetime(row.get('published')) or '-':<17} {row.get('site') or '':<18} {title}",
        f"    {row.get('url')}",
        f"    {plain_snippet(row.get('snippet'), color)}",
    ]


def timeline_lines(found) -> list[str]:
    """Over-time counts as a table: per period, each series' matches and their share of all articles."""
    width = max([len(p) for p in found.periods] + [6])
    if len(found.series) == 1:
        series = found.series[0]
        lines = [f"{'period':<{width}}  {'articles':>10}  {'all articles':>12}  {'share':>7}"]
        for label, count, total, share in zip(found.periods, series.counts, series.totals, series.share):
            lines.append(f"{label:<{width}}  {count:>10,}  {total:>12,}  {_percent(share):>7}")
        lines.append(f"{'total':<{width}}  {series.total:>10,}")
    else:
        lines = [f"{'period':<{width}}  " + "  ".join(f"{s.name[:20]:>20}" for s in found.series)]
        for i, label in enumerate(found.periods):
            cells = [f"{s.counts[i]:,} ({_percent(s.share[i])})" for s in found.series]
            lines.append(f"{label:<{width}}  " + "  ".join(f"{c:>20}" for c in cells))
        lines.append(f"{'total':<{width}}  " + "  ".join(f"{s.total:>20,}" for s in found.series))
    if found.undated:
        lines.append(f"({found.undated:,} matching articles have no date)")
    return lines


def _percent(share) -> str:
    return "-" if share is None else f"{100 * share:.1f}%"
