"""Body text on public real pages: crawler.extract beside bare trafilatura on the same HTML.

    python benchmarks/bench_extract.py [FOLDER ...] [--jobs N] [--worst N]

A corpus is a folder of ``<name>.html.gz`` + ``<name>.json``; a page joins by
being there. The JSON holds what is known about the page, every field optional
but ``url``: ``title``, ``author`` (as printed) or ``authors`` (a list),
``published``, ``lead`` (str or list), ``text`` (str) or ``paragraphs`` (list),
``must_contain``, ``must_not_contain`` (strings the body text must or must not
hold). Without folders, every corpus under tests/fixtures/realworld/ and the
real-page folders tests/fixtures/real-pages*/ are read.

"Our body text" is the article's lead + text (the lead is a paragraph of the
article; Article.text already opens with it when the page prints it there).
"Bare trafilatura" is ``trafilatura.extract(html, url=url, include_comments=False)``
on the same bytes. Printed per corpus and overall: token precision, recall and
F1 against the expected body (means over pages, F1 of the means, as the
article-extraction-benchmark reports them), the pass rate of the
must/must-not strings, how often our rules fell back to trafilatura's own
text, the pages where we return nothing while trafilatura returns text, and
ms of CPU per page for both (``time.process_time``: the machine may be shared;
benchmarks/bench_analyse.py times the whole analysis step by step); then
titles, authors and the publication day (ours beside htmldate's
``find_date``) where the JSON names them.
tests/test_bench_extract.py runs the same code.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One saved page and what is known about it (the JSON beside it)."""

    corpus: str
    name: str
    path: Path
    expected: dict


@dataclass
class Result:
    """What both extractors made of one page.

    ours / bare: body text ("" when nothing came out); ours_error: our
    ExtractionError message; fallback: why our rules gave way to trafilatura's
    own text, if they did; title / author: ours, as stored; ours_date /
    bare_date: the publication day (YYYY-MM-DD) our page dating and htmldate
    find, where the page's JSON names one.
    """

    corpus: str
    name: str
    url: str
    ours: str
    bare: str
    ours_ms: float
    bare_ms: float
    ours_error: str | None = None
    fallback: str | None = None
    title: str | None = None
    author: str | None = None
    expected: dict = field(default_factory=dict)
    ours_date: str | None = None
    bare_date: str | None = None


def default_folders() -> list[Path]:
    folders = sorted(p for p in (FIXTURES / "realworld").glob("*") if p.is_dir())
    return folders + sorted(p for p in FIXTURES.glob("real-pages*") if p.is_dir())


def load_pages(folders: list[Path]) -> list[Page]:
    pages = []
    for folder in folders:
        for meta in sorted(folder.glob("*.json")):
            html = meta.with_name(meta.name[: -len(".json")] + ".html.gz")
            if html.exists():
                expected = json.loads(meta.read_text(encoding="utf-8"))
                pages.append(Page(folder.name, meta.stem, html, expected))
    return pages


def _as_list(value) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def expected_body(expected: dict) -> str | None:
    """The expected body text (lead + text or paragraphs), None when the page has none."""
    parts = _as_list(expected.get("lead")) + _as_list(expected.get("paragraphs")) + _as_list(expected.get("text"))
    return "\n".join(parts) if parts else None


def our_body(article) -> str:
    """lead + text, the lead counted once when the text already opens with it."""
    if article.lead and not article.text.startswith(article.lead):
        return f"{article.lead}\n\n{article.text}"
    return article.text


def run_page(page: Page) -> Result:
    """Both extractors on one page, each timed."""
    import trafilatura

    from crawler.extract import ExtractionError, extract

    html = gzip.decompress(page.path.read_bytes())
    url = page.expected["url"]
    error = fallback = title = author = None
    start = time.process_time()
    try:
        done = extract(html, url)
        ours, fallback = our_body(done.article), done.fallback
        title, author = done.article.title, done.article.author
    except ExtractionError as exc:
        ours, error = "", str(exc)
    middle = time.process_time()
    bare = trafilatura.extract(html, url=url, include_comments=False) or ""
    end = time.process_time()
    ours_date, bare_date = page_days(html, url) if page.expected.get("published") else (None, None)
    return Result(page.corpus, page.name, url, ours, bare, (middle - start) * 1000, (end - middle) * 1000,
                  error, fallback, title, author, page.expected, ours_date, bare_date)


def page_days(html: bytes, url: str) -> tuple[str | None, str | None]:
    """The publication day our page dating finds, and the one htmldate finds (as the pipeline asks it)."""
    from htmldate import find_date

    from crawler.pagedates import page_date

    found = page_date(html, url=url)
    ours = found.value.isoformat()[:10] if found is not None else None
    return ours, find_date(html.decode("utf-8", "replace"), url=url, original_date=True, extensive_search=True)


def run(pages: list[Page], jobs: int = 1) -> list[Result]:
    if jobs <= 1:
        return [run_page(page) for page in pages]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(run_page, pages, chunksize=4))


# --- scores -----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def token_scores(expected: str, got: str) -> tuple[float, float]:
    """(precision, recall) of the multiset of word tokens of ``got`` against ``expected``."""
    truth, found = Counter(_TOKEN.findall(expected)), Counter(_TOKEN.findall(got))
    common = sum((truth & found).values())
    precision = common / sum(found.values()) if found else float(not truth)
    recall = common / sum(truth.values()) if truth else 1.0
    return precision, recall


def string_checks(expected: dict, got: str) -> tuple[int, int]:
    """(passed, total) over the page's must_contain and must_not_contain strings."""
    text = _norm(got)
    must = [_norm(s) in text for s in _as_list(expected.get("must_contain"))]
    must_not = [_norm(s) not in text for s in _as_list(expected.get("must_not_contain"))]
    return sum(must) + sum(must_not), len(must) + len(must_not)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Summary:
    """Scores of one corpus (or of all): ours beside bare trafilatura."""

    name: str
    pages: int = 0
    token_pages: int = 0
    ours_prf: tuple[float, float, float] = (0.0, 0.0, 0.0)
    bare_prf: tuple[float, float, float] = (0.0, 0.0, 0.0)
    checks: int = 0
    ours_passed: int = 0
    bare_passed: int = 0
    fallbacks: int = 0
    empty_ours: list[str] = field(default_factory=list)
    ours_ms: float = 0.0  # mean ms of CPU per page
    bare_ms: float = 0.0
    ours_median_ms: float = 0.0  # the median: a page's one-off costs (justext loading its stoplists) left out
    bare_median_ms: float = 0.0

    @property
    def ours_pass_rate(self) -> float:
        return self.ours_passed / self.checks if self.checks else 1.0

    @property
    def bare_pass_rate(self) -> float:
        return self.bare_passed / self.checks if self.checks else 1.0


def _prf(pairs: list[tuple[float, float]]) -> tuple[float, float, float]:
    precision = statistics.mean(p for p, _ in pairs)
    recall = statistics.mean(r for _, r in pairs)
    return precision, recall, _f1(precision, recall)


def summarise(name: str, results: list[Result]) -> Summary:
    summary = Summary(name, pages=len(results))
    ours_pairs, bare_pairs = [], []
    for result in results:
        body = expected_body(result.expected)
        if body is not None:
            ours_pairs.append(token_scores(body, result.ours))
            bare_pairs.append(token_scores(body, result.bare))
        passed, total = string_checks(result.expected, result.ours)
        summary.ours_passed += passed
        summary.bare_passed += string_checks(result.expected, result.bare)[0]
        summary.checks += total
        summary.fallbacks += result.fallback is not None
        if not result.ours.strip() and result.bare.strip():
            summary.empty_ours.append(f"{result.corpus}/{result.name} ({result.ours_error})")
    if ours_pairs:
        summary.token_pages = len(ours_pairs)
        summary.ours_prf, summary.bare_prf = _prf(ours_pairs), _prf(bare_pairs)
    if results:
        summary.ours_ms = statistics.mean(r.ours_ms for r in results)
        summary.bare_ms = statistics.mean(r.bare_ms for r in results)
        summary.ours_median_ms = statistics.median(r.ours_ms for r in results)
        summary.bare_median_ms = statistics.median(r.bare_ms for r in results)
    return summary


def summaries(results: list[Result]) -> list[Summary]:
    """One summary per corpus, in order, then "all"."""
    corpora = list(dict.fromkeys(r.corpus for r in results))
    return [summarise(c, [r for r in results if r.corpus == c]) for c in corpora] + [summarise("all", results)]


def page_f1_change(result: Result) -> float | None:
    body = expected_body(result.expected)
    if body is None:
        return None
    return _f1(*token_scores(body, result.ours)) - _f1(*token_scores(body, result.bare))


# --- printing ---------------------------------------------------------------------------------


def format_summary(s: Summary) -> list[str]:
    lines = [f"{s.name}: {s.pages} pages"]
    if s.token_pages:
        lines.append(
            f"  body tokens ({s.token_pages} pages)  ours P {s.ours_prf[0]:.3f} R {s.ours_prf[1]:.3f} F1 {s.ours_prf[2]:.3f}"
            f"   trafilatura P {s.bare_prf[0]:.3f} R {s.bare_prf[1]:.3f} F1 {s.bare_prf[2]:.3f}"
        )
    if s.checks:
        lines.append(
            f"  must/must-not strings ({s.checks})  ours {s.ours_pass_rate:.3f}   trafilatura {s.bare_pass_rate:.3f}"
        )
    lines.append(f"  fallbacks to trafilatura's own text: {s.fallbacks}")
    lines.append(f"  nothing from us, text from trafilatura: {len(s.empty_ours)}" + "".join(f"\n    {p}" for p in s.empty_ours))
    lines.append(f"  ms of CPU/page, mean (median)  ours {s.ours_ms:.1f} ({s.ours_median_ms:.1f})"
                 f"   trafilatura {s.bare_ms:.1f} ({s.bare_median_ms:.1f})")
    return lines


def format_people(results: list[Result]) -> list[str]:
    """Title, author and publication day agreement where the page's JSON names them."""
    from crawler.extract import split_names

    titled = [r for r in results if r.expected.get("title")]
    titles = sum(_norm(r.title or "") == _norm(r.expected["title"]) for r in titled)
    authored = [r for r in results if "author" in r.expected or r.expected.get("authors")]
    right = 0
    for r in authored:
        if "author" in r.expected:
            right += (r.author or None) == r.expected["author"]
        else:
            right += split_names(r.author or "") == r.expected["authors"]
    dated = [r for r in results if r.expected.get("published")]
    days = [str(r.expected["published"])[:10] for r in dated]
    ours_days = sum(r.ours_date == day for r, day in zip(dated, days))
    bare_days = sum(r.bare_date == day for r, day in zip(dated, days))
    return [f"titles right: {titles}/{len(titled)}   authors right: {right}/{len(authored)}",
            f"publication day right: ours {ours_days}/{len(dated)}   htmldate {bare_days}/{len(dated)}"]


def format_worst(results: list[Result], count: int) -> list[str]:
    scored = [(page_f1_change(r), r) for r in results]
    changes = sorted(((c, r) for c, r in scored if c is not None), key=lambda pair: pair[0])
    lines = [f"pages where our body F1 is furthest below trafilatura's (of {len(changes)}):"]
    for change, r in changes[:count]:
        lines.append(f"  {change:+.3f}  {r.corpus}/{r.name}  {r.url[:90]}  {r.fallback or ''}")
    worse = sum(1 for c, _ in changes if c < -0.005)
    better = sum(1 for c, _ in changes if c > 0.005)
    lines.append(f"  pages worse than trafilatura: {worse}, better: {better}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, help="corpus folders (default: all saved ones)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (timings are per process)")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst pages to list")
    args = parser.parse_args()
    results = run(load_pages(args.folders or default_folders()), args.jobs)
    for summary in summaries(results):
        print("\n".join(format_summary(summary)))
    print("\n".join(format_people(results)))
    print("\n".join(format_worst(results, args.worst)))


if __name__ == "__main__":
    main()
