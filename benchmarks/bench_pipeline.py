"""End-to-end crawl throughput against bare trafilatura on the same pages.

    python benchmarks/bench_pipeline.py [--articles 5000] [--workers N]

Generates a newspaper site of N article pages (~100 KB each, paragraphs of the
real seed articles and fixture texts shuffled, realistic page chrome), serves
it locally under baohagiang.vn, and runs the real `crawler crawl baohagiang`
(spider, WARC archive, extraction, dates, dedupe, store) into a fresh
archive. Prints articles/s end to end, peak memory of the crawl's process tree and
CPU per article in the crawl process and in the extraction workers, then bare
trafilatura throughput over all cores on the same pages with the options the
pipeline uses, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fixtureweb.corpus import stories  # noqa: E402
from fixtureweb.pages import Page, Web, escape  # noqa: E402
from fixtureweb.server import crawl_settings, serve  # noqa: E402

HOST = "https://baohagiang.vn"
PER_LISTING = 50


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
    return f"{css}{js}<nav><ul>{menu}</ul></nav>", f'<div class="related-news"><ul>{related}</ul></div><footer>Báo Hà Giang</footer>'


def article_url(i: int) -> str:
    return f"{HOST}/thoi-su/2024{(i % 12) + 1:02d}/bai-viet-so-{i}-{800000 + i}/"


def build_web(n: int, seed: int = 7) -> tuple[Web, list[bytes]]:
    rng = random.Random(seed)
    pool = paragraphs()
    head, tail = chrome(rng)
    web = Web()
    bodies = []
    for i in range(n):
        body = rng.sample(pool, k=min(len(pool), rng.randint(6, 10)))
        month = (i % 12) + 1
        title = f"{rng.choice(pool)[:70].rsplit(' ', 1)[0]} ({i})"
        html = (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta property="og:type" content="article"><meta property="article:published_time" '
            f'content="2024-{month:02d}-{(i % 27) + 1:02d}T08:00:00+07:00">{head}</head><body>'
            f'<h1>{escape(title)}</h1><h2 class="sapo">BHG - {escape(body[0])}</h2>'
            + "".join(f"<p>{escape(p)}</p>" for p in body[1:])
            + f'<p style="text-align:right"><strong>PV</strong></p>{tail}</body></html>'
        )
        data = html.encode("utf-8")
        bodies.append(data)
        web.add(article_url(i), Page(body=data))
    pages = (n + PER_LISTING - 1) // PER_LISTING
    for p in range(pages):
        links = "".join(f'<a href="{article_url(i)}">Bài {i}</a>' for i in range(p * PER_LISTING, min(n, (p + 1) * PER_LISTING)))
        nav = f'<a href="{HOST}/thoi-su/?page={p + 2}">Trang sau</a>' if p + 1 < pages else ""
        url = f"{HOST}/thoi-su/" + (f"?page={p + 1}" if p else "")
        web.add(url, Page(body=f"<html><body><h1>Thời sự</h1>{links}{nav}</body></html>".encode()))
    web.add(f"{HOST}/", Page(body=f'<html><body><a href="{HOST}/thoi-su/">Thời sự</a></body></html>'.encode()))
    web.add(f"{HOST}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /in-bai/\n"))
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


def run_crawl(web: Web, workers: int | None, warc: bool = True) -> dict:
    """Crawl ``web`` in a subprocess; its figures: elapsed, articles, peak memory, CPU by process, WARC bytes."""
    with tempfile.TemporaryDirectory() as tmp, serve(web) as server:
        db = Path(tmp) / "archive.db"
        settings = crawl_settings(server.port)
        settings.update(CONCURRENT_REQUESTS=64, CONCURRENT_REQUESTS_PER_DOMAIN=64, LOG_LEVEL="WARNING",
                        ARCHIVE_MAX_LISTING_PAGES=100000, ARCHIVE_PROGRESS=False)
        if workers is not None:
            settings["ARCHIVE_WORKERS"] = workers
        settings["ARCHIVE_WARC_ENABLED"] = warc
        args = [sys.executable, "-m", "crawler", "crawl", "baohagiang", "--db", str(db)]
        for key, value in settings.items():
            args += ["-s", f"{key}={json.dumps(value) if isinstance(value, dict) else value}"]
        start = time.perf_counter()
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
        import sqlite3

        count = sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
        warc_bytes = sum(p.stat().st_size for p in (Path(tmp) / "warc").glob("*.warc.gz"))
        main_cpu = cpu.pop(process.pid, 0.0)
        return {"elapsed": elapsed, "articles": count, "peak": peak, "warc_bytes": warc_bytes,
                "main_cpu": main_cpu, "worker_cpu": sum(cpu.values())}


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
    parser.add_argument("--workers", type=int, default=None, help="ARCHIVE_WORKERS for the crawl (default: all cores)")
    parser.add_argument("--compare-warc", action="store_true", help="also crawl without the WARC stage and print its cost")
    args = parser.parse_args()
    web, bodies = build_web(args.articles)
    size = sum(len(b) for b in bodies) / len(bodies)
    print(f"site: {args.articles} article pages, mean page {size / 1024:.0f} KiB, {os.cpu_count()} cores")
    run = run_crawl(web, args.workers)
    count, elapsed = run["articles"], run["elapsed"]
    crawl_rate = count / elapsed
    print(f"crawl (spider + WARC + extract + dates + dedupe + store): {count} articles in {elapsed:.1f} s = "
          f"{crawl_rate:.1f} articles/s, peak memory {run['peak'] / 2**20:.0f} MiB")
    print(f"CPU per article: crawl process {run['main_cpu'] / count * 1000:.2f} ms, "
          f"extraction workers {run['worker_cpu'] / count * 1000:.2f} ms")
    pages = count + (args.articles + PER_LISTING - 1) // PER_LISTING + 2
    print(f"WARC: {run['warc_bytes'] / pages / 1024:.1f} KiB per archived page "
          f"({run['warc_bytes'] / 2**20:.1f} MiB for {pages} pages)")
    if args.compare_warc:
        bare_run = run_crawl(web, args.workers, warc=False)
        print(f"same crawl without the WARC stage: {bare_run['articles'] / bare_run['elapsed']:.1f} articles/s; "
              f"the archive stage costs {(elapsed - bare_run['elapsed']) / count * 1000:.2f} ms per page of wall time, "
              f"{(run['main_cpu'] - bare_run['main_cpu']) / count * 1000:.2f} ms of crawl-process CPU")
    bare = bare_trafilatura(bodies, os.cpu_count() or 1)
    print(f"bare trafilatura, same pages and options, {os.cpu_count()} processes: {bare:.1f} pages/s")
    print(f"ratio: {crawl_rate / bare:.0%} of bare extraction throughput")


if __name__ == "__main__":
    main()
