"""End-to-end crawl throughput with one and with several crawl processes, against bare trafilatura.

    python benchmarks/bench_pipeline.py [--articles 5000] [--compare-warc] [--compare-stories] [--into ARCHIVE]

Generates four provincial sites (the fixture web's: a newspaper CMS, an ASP.NET
CMS, a government portal, a police site without an article pattern) with
N article pages between them (~100 KB each: paragraphs of the real seed
articles and fixture texts shuffled, realistic page chrome), serves them
locally under the sites' real host names, and runs the real `crawler crawl`
(spider, frontier, WARC archive, extraction, dates, key, store) into a fresh
archive with ``--jobs 1`` (one crawl process, analysis in a pool of worker
processes) and ``--jobs 2`` (two crawl processes, analysis in each). Prints
articles/s end to end, peak memory of the crawl's process tree and CPU per
article by process, then bare trafilatura's throughput on every core on the
same pages with the options the pipeline uses, and the ratios.

``--compare-warc`` also crawls with ``--jobs 2`` without the WARC stage and prints
its cost; ``--compare-stories`` without placing articles in stories (the
near-copy signature is still computed in the analysis). ``--into ARCHIVE`` crawls the same pages once into a fresh archive and
once into ARCHIVE (e.g. one of a million articles built by bench_search.py;
the pages get new addresses each time, so it can be reused) and prints both
rates: a crawl's cost must not grow with the archive.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.sites import registry  # noqa: E402
from fixtureweb.corpus import stories  # noqa: E402
from fixtureweb.pages import Page, Web, escape  # noqa: E402
from fixtureweb.server import crawl_settings, serve  # noqa: E402

PER_LISTING = 50
# Article addresses in each site's own shape (its registry pattern decides; the police site has none).
SITES = {
    "baohagiang": lambda i: f"https://baohagiang.vn/thoi-su/2024{i % 12 + 1:02d}/bai-viet-so-{i}-{800000 + i}/",
    "baoyenbai": lambda i: f"https://baoyenbai.com.vn/12/{200000 + i}/Bai-viet-so-{i}.aspx",
    "quangninh_portal": lambda i: f"https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid={300000 + i}",
    "congan_yenbai": lambda i: f"https://congan.yenbai.gov.vn/bai-viet-so-{i}/",
}


def paragraphs() -> list[str]:
    return [p for s in stories() for p in s.paragraphs if len(p.split()) > 12]


def chrome(rng: random.Random) -> tuple[str, str]:
    """Header and footer weight of a real provincial page: menus, inline CSS and JS, related lists."""
    menu = "".join(f'<li><a href="/chuyen-muc-{i}/">Chuyên mục {i}</a></li>' for i in range(80))
    css = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:{i % 7}px;color:#{i:06x}}}" for i in range(1100)) + "</style>"
    js = "<script>var cfg=" + json.dumps({f"k{i}": rng.random() for i in range(1200)}) + ";</script>"
    related = "".join(
        f'<li><a href="/lien-quan/{i}"><img src="/anh/{i}.jpg" alt="">Tin liên quan số {i} về phát triển kinh tế xã hội</a></li>'
        for i in range(60)
    )
    return f"{css}{js}<nav><ul>{menu}</ul></nav>", f'<div class="related-news"><ul>{related}</ul></div><footer>Báo</footer>'


def article_page(i: int, rng: random.Random, pool: list[str], head: str, tail: str) -> bytes:
    body = rng.sample(pool, k=min(len(pool), rng.randint(6, 10)))
    month = i % 12 + 1
    title = f"{rng.choice(pool)[:70].rsplit(' ', 1)[0]} ({i})"
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta property="og:type" content="article"><meta property="article:published_time" '
        f'content="2024-{month:02d}-{i % 27 + 1:02d}T08:00:00+07:00">{head}</head><body>'
        f'<h1>{escape(title)}</h1><h2 class="sapo">{escape(body[0])}</h2>'
        + "".join(f"<p>{escape(p)}</p>" for p in body[1:])
        + f'<p style="text-align:right"><strong>PV</strong></p>{tail}</body></html>'
    ).encode("utf-8")


def build_web(n: int, seed: int = 7, offset: int = 0) -> tuple[Web, list[bytes]]:
    """The four sites with ``n`` articles between them; addresses numbered from ``offset``."""
    rng = random.Random(seed)
    pool = paragraphs()
    head, tail = chrome(rng)
    web, bodies = Web(), []
    sites = registry()
    for k, (slug, url_of) in enumerate(SITES.items()):
        site = sites[slug]
        numbers = range(offset + k, offset + n, len(SITES))
        for i in numbers:
            assert site.is_article_url(url_of(i)) is not False, url_of(i)
            data = article_page(i, rng, pool, head, tail)
            bodies.append(data)
            web.add(url_of(i), Page(body=data))
        home = site.home_url.rstrip("/")
        chunks = [list(numbers)[j:j + PER_LISTING] for j in range(0, len(numbers), PER_LISTING)]
        for p, chunk in enumerate(chunks):
            links = "".join(f'<a href="{url_of(i)}">Bài {i}</a>' for i in chunk)
            nav = f'<a href="{home}/tin-tuc/?page={p + 2}">Trang sau</a>' if p + 1 < len(chunks) else ""
            url = f"{home}/tin-tuc/" + (f"?page={p + 1}" if p else "")
            web.add(url, Page(body=f"<html><body><h1>Tin tức</h1>{links}{nav}</body></html>".encode()))
        web.add(f"{home}/", Page(body=f'<html><body><a href="{home}/tin-tuc/">Tin tức</a></body></html>'.encode()))
        web.add(f"{home}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /in-bai/\n"))
    return web, bodies


TICKS = os.sysconf("SC_CLK_TCK")


def process_group(group: int) -> dict[int, tuple[int, float]]:
    """{pid: (resident bytes, CPU seconds)} of every process in process group ``group``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            status = (entry / "status").read_text()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, ProcessLookupError):
            continue
        rss = next((int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        found[int(entry.name)] = (rss, (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def run_crawl(web: Web, jobs: int, *, warc: bool = True, stories: bool = True, into: Path | None = None) -> dict:
    """Crawl ``web`` in a subprocess; its figures: elapsed, new articles, peak memory, CPU, WARC bytes."""
    with tempfile.TemporaryDirectory() as tmp, serve(web) as server:
        db = into or Path(tmp) / "archive.db"
        before = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] if into else 0
        settings = crawl_settings(server.port)
        settings.update(CONCURRENT_REQUESTS=64, CONCURRENT_REQUESTS_PER_DOMAIN=64, LOG_LEVEL="WARNING",
                        ARCHIVE_MAX_LISTING_PAGES=100000, ARCHIVE_PROGRESS=False, ARCHIVE_WARC_ENABLED=warc,
                        ARCHIVE_STORIES=stories)
        args = [sys.executable, "-m", "crawler", "crawl", *SITES, "--db", str(db), "--jobs", str(jobs)]
        for key, value in settings.items():
            args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
        start, started = time.perf_counter(), time.time()
        process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        peak, cpu = 0, {}
        while process.poll() is None:
            seen = process_group(process.pid)
            peak = max(peak, sum(rss for rss, _ in seen.values()))
            cpu.update({pid: seconds for pid, (_, seconds) in seen.items()})
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
        if process.returncode not in (0, 3):
            sys.exit(f"crawl failed: {process.stderr.read().decode()[-2000:]}")
        count = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0] - before
        warc_bytes = sum(p.stat().st_size for p in (db.parent / "warc").glob("*.warc.gz") if p.stat().st_mtime >= started)
        parent = cpu.pop(process.pid, 0.0)
        return {"elapsed": elapsed, "articles": count, "peak": peak, "warc_bytes": warc_bytes,
                "parent_cpu": parent, "children_cpu": sum(cpu.values()), "processes": len(cpu) + 1}


def describe(label: str, run: dict) -> float:
    count, elapsed = run["articles"], run["elapsed"]
    rate = count / elapsed
    print(f"{label}: {count} articles in {elapsed:.1f} s = {rate:.1f} articles/s, peak memory of the "
          f"{run['processes']} processes {run['peak'] / 2**20:.0f} MiB; CPU per article: command process "
          f"{run['parent_cpu'] / count * 1000:.2f} ms, its children {run['children_cpu'] / count * 1000:.2f} ms")
    return rate


def _extract(html: bytes) -> int:
    import trafilatura

    text = trafilatura.extract(
        html.decode("utf-8"), output_format="txt", include_comments=False, include_tables=False,
        include_images=False, include_links=False, deduplicate=False, favor_recall=True, with_metadata=False,
    )
    return len(text or "")


def bare_trafilatura(bodies: list[bytes], workers: int) -> float:
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_extract, bodies[:20]))  # warm up every worker
        start = time.perf_counter()
        list(pool.map(_extract, bodies, chunksize=16))
        return len(bodies) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--compare-warc", action="store_true", help="also crawl without the WARC stage (--jobs 2)")
    parser.add_argument("--compare-stories", action="store_true", help="also crawl without the story step (--jobs 2)")
    parser.add_argument("--into", type=Path, help="an existing (large) archive to crawl into as well, beside a fresh one")
    args = parser.parse_args()
    web, bodies = build_web(args.articles)
    size = sum(len(b) for b in bodies) / len(bodies)
    print(f"sites: {len(SITES)}, {args.articles} article pages, mean page {size / 1024:.0f} KiB, {os.cpu_count()} cores")
    rates = {}
    for jobs in (1, 2):
        run = run_crawl(web, jobs)
        rates[jobs] = describe(f"crawl --jobs {jobs} (spider + WARC + extract + dates + key + store)", run)
        pages = run["articles"] + 2 * len(SITES)
        print(f"  WARC: {run['warc_bytes'] / pages / 1024:.1f} KiB per archived page")
    if args.compare_warc:
        bare_run = run_crawl(web, 2, warc=False)
        describe("crawl --jobs 2 without the WARC stage", bare_run)
        print(f"  the archive stage costs {(1 / rates[2] - bare_run['elapsed'] / bare_run['articles']) * 1000:.2f} ms "
              "of wall time per page")
    if args.compare_stories:
        plain = run_crawl(web, 2, stories=False)
        plain_rate = describe("crawl --jobs 2 without placing articles in stories", plain)
        print(f"  the story step costs {(1 / rates[2] - plain['elapsed'] / plain['articles']) * 1000:.2f} ms "
              f"of wall time per page; with it the crawl runs at {rates[2] / plain_rate:.0%} of the rate without")
    bare = bare_trafilatura(bodies, os.cpu_count() or 1)
    print(f"bare trafilatura, same pages and options, {os.cpu_count()} processes: {bare:.1f} pages/s")
    for jobs, rate in rates.items():
        print(f"ratio --jobs {jobs}: {rate / bare:.0%} of bare extraction throughput")
    if args.into:
        fresh = rates[2]
        web_again, _ = build_web(args.articles, offset=random.randrange(10**6, 10**8))
        big = describe(f"crawl --jobs 2 into {args.into}", run_crawl(web_again, 2, into=args.into.resolve()))
        print(f"into the large archive: {big / fresh:.0%} of the rate into an empty one")


if __name__ == "__main__":
    main()
