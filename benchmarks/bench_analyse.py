"""CPU per page of each step of the analysis (crawler.analyse.analyse) beside bare trafilatura.

    python benchmarks/bench_analyse.py [--articles 200] [--runs 5] [--only bench|real]

Two sets of pages: the pipeline benchmark's generated article pages (~100 KB
each, ``bench_pipeline.build_web``) and the saved public real pages of the
extraction harness (``bench_extract``: tests/fixtures/realworld/ and
tests/fixtures/real-pages*/). Each run analyses every page of a set once, then
runs bare trafilatura on the same bytes, with the options the pipeline
benchmark compares against (``bench_pipeline._extract``) and with the options
the analysis itself gives trafilatura (``crawler.extract.core.base_text``).

The steps are timed by wrapping the functions ``analyse`` calls (STEPS below)
with a CPU clock (``time.process_time``: the machine is shared, wall time is
not the page's cost); a step's time includes the steps indented under it, and
"rest" is what no listed step covers. Printed: for each step the median over
the runs of its mean ms per page, then the ratios of the whole analysis to
bare trafilatura.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import logging
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (label, depth, "module:attribute"): the functions analyse() reaches, by the name it calls them through.
STEPS = [
    ("decode", 0, "crawler.items:PageItem.text"),
    ("parse", 0, "crawler.analyse:parse"),
    ("page dates", 0, "crawler.analyse:page_dates"),
    ("htmldate (last resort)", 1, "crawler.pagedates:_htmldate"),
    ("canonical link", 0, "crawler.analyse:declared_canonical"),
    ("extraction", 0, "crawler.analyse:extract_tree"),
    ("link farms", 1, "crawler.extract.prepass:drop_link_farms"),
    ("metadata", 1, "crawler.extract.metadata:read"),
    ("trafilatura", 1, "crawler.extract.core:base_text"),
    ("scripts out", 1, "crawler.extract.prepass:drop_unprinted"),
    ("marks", 1, "crawler.extract.marks:read"),
    ("survey", 1, "crawler.extract.furniture:survey"),
    ("line rules", 1, "crawler.extract.lines:assemble"),
    ("dateline", 0, "crawler.analyse:with_dateline"),
    ("fold", 0, "crawler.analyse:fold"),
    ("content hash", 0, "crawler.analyse:folded_hash"),
    ("signature", 0, "crawler.nearcopy:signature_of_folded"),
]
FETCHED = datetime(2026, 11, 24, 3, tzinfo=timezone.utc)


def _resolve(target: str):
    module_name, _, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, name


def instrument(spent: dict[str, float]) -> list[tuple]:
    """Wrap every step's function so its CPU time adds up in ``spent`` (label → seconds);
    returns (owner, name, original) to put them back."""
    originals = []
    for label, _depth, target in STEPS:
        owner, name = _resolve(target)
        function = getattr(owner, name)

        def timed(*args, _function=function, _label=label, **kwargs):
            start = time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.process_time() - start

        originals.append((owner, name, function))
        setattr(owner, name, timed)
    return originals


def bench_pages(count: int) -> list[tuple]:
    """(PageItem, Site) for the pipeline benchmark's article pages."""
    from benchmarks.bench_pipeline import SITES, build_web
    from crawler.items import PageItem
    from crawler.sites import registry

    _web, bodies = build_web(count)
    sites, pages, body = registry(), [], iter(bodies)
    for k, (slug, url_of) in enumerate(SITES.items()):  # build_web's order: site by site
        for i in range(k, count, len(SITES)):
            url = url_of(i)
            item = PageItem(url, url, 200, [("Content-Type", "text/html; charset=utf-8")], next(body), slug, FETCHED)
            pages.append((item, sites[slug]))
    return pages


def real_pages() -> list[tuple]:
    """(PageItem, Site) for the harness's saved real pages, each on a site of its own host."""
    from benchmarks.bench_extract import default_folders, load_pages
    from crawler.items import PageItem
    from crawler.sites import Site

    pages = []
    for saved in load_pages(default_folders()):
        url = saved.expected["url"]
        host = urlsplit(url).hostname or "example.org"
        site = Site(slug="real", name=host, province="Hà Nội", kind="newspaper", domains=(host,),
                    start_urls=(f"https://{host}/",))
        pages.append((PageItem(url, url, 200, [], gzip.decompress(saved.path.read_bytes()), "real", FETCHED), site))
    return pages


def bare_pipeline_options(body: bytes) -> None:
    """bench_pipeline._extract's call, on bytes (real pages are not all UTF-8)."""
    import trafilatura

    trafilatura.extract(
        body, output_format="txt", include_comments=False, include_tables=False, include_images=False,
        include_links=False, deduplicate=False, favor_recall=True, with_metadata=False,
    )


def bare_our_options(body: bytes, url: str) -> None:
    """crawler.extract.core.base_text's call, on the page's bytes."""
    import trafilatura

    trafilatura.extract(body, url=url, include_comments=False)


def _cpu(function, pages) -> float:
    start = time.process_time()
    for item, site in pages:
        function(item, site)
    return (time.process_time() - start) * 1000 / len(pages)


def measure(pages: list[tuple], runs: int) -> dict[str, float]:
    """Median over ``runs`` of ms/page for each step, the whole analysis and bare trafilatura."""
    from crawler.analyse import analyse

    spent: dict[str, float] = {}
    originals = instrument(spent)
    samples: dict[str, list[float]] = {}
    for run in range(runs + 1):  # the first run warms up (imports, caches, justext's stoplists)
        spent.clear()
        figures = {"analyse": _cpu(analyse, pages)}
        figures.update({label: seconds * 1000 / len(pages) for label, seconds in spent.items()})
        figures["bare, pipeline options"] = _cpu(lambda item, _site: bare_pipeline_options(item.body), pages)
        figures["bare, analysis options"] = _cpu(lambda item, _site: bare_our_options(item.body, item.final_url), pages)
        if run:
            for label, value in figures.items():
                samples.setdefault(label, []).append(value)
    for owner, name, function in originals:
        setattr(owner, name, function)
    return {label: statistics.median(values) for label, values in samples.items()}


def report(name: str, count: int, figures: dict[str, float]) -> list[str]:
    lines = [f"{name}: {count} pages, ms of CPU per page (median of runs)"]
    top = 0.0
    for label, depth, _target in STEPS:
        if label in figures:
            lines.append(f"  {'  ' * depth}{label:<{28 - 2 * depth}} {figures[label]:7.2f}")
            top += figures[label] if depth == 0 else 0.0
    lines.append(f"  {'rest':<28} {figures['analyse'] - top:7.2f}")
    lines.append(f"  {'analyse, whole':<28} {figures['analyse']:7.2f}")
    pipeline, ours = figures["bare, pipeline options"], figures["bare, analysis options"]
    lines.append(f"  {'bare trafilatura, pipeline options':<36} {pipeline:7.2f}   analyse / bare: {figures['analyse'] / pipeline:.2f}")
    lines.append(f"  {'bare trafilatura, analysis options':<36} {ours:7.2f}   analyse / bare: {figures['analyse'] / ours:.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="generated benchmark pages")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("bench", "real"), help="one set of pages only")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura's and our per-page warnings are not the figures
    sets = {"benchmark pages (bench_pipeline.build_web)": ("bench", lambda: bench_pages(args.articles)),
            "real pages (bench_extract corpora)": ("real", real_pages)}
    for name, (key, load) in sets.items():
        if args.only in (None, key):
            pages = load()
            print("\n".join(report(name, len(pages), measure(pages, args.runs))), flush=True)


if __name__ == "__main__":
    main()
