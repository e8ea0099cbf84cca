"""Search latency over a large archive, through the code Datasette uses.

    python benchmarks/bench_search.py [--articles 1000000] [--db PATH] [--http]

Builds (or reuses, when PATH exists) an archive of N articles of realistic
length composed from real Vietnamese text: the paragraphs of the seed
articles and the fixture web's stories, shuffled, 5 to 12 per article, with
titles cut from other paragraphs, dates spread over 2015–2026, and sites in
every province. Articles go in through the archive's own schema, triggers and
search keys, in batches, as the store writes them. Prints the build time and
the database size, then p50/p95 latency of a fixed query set (rare word,
common syllable, common two-syllable phrase, unaccented phrase, phrase with a
province filter) through ``archive.search.search``, newest first and most
relevant first, with the result count it reports, and of the over-time counts
(every match per month, as the charts and ``crawler search --by`` count them)
for a rare name, a common phrase and a syllable in nearly every article. With ``--http`` it also
starts ``crawler serve`` on the archive and times the search page
(``/-/search``) and the articles table's search (``/<db>/articles?_search=``)
over HTTP. With ``--limits`` it only sends the requests that used to hold the
server (a gigabyte blob, a huge printf, 500 ORs) and prints how long each
took, what it answered and the server's memory (VmRSS).
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive import schema, store  # noqa: E402
from crawler import provinces  # noqa: E402
from fixtureweb.corpus import stories  # noqa: E402

# People named in the news: every article quotes one, so a name is a rare phrase
# (about 40 articles in a million) as real searches for a person are.
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò",
            "Cầm", "Vàng", "Giàng", "Sùng", "Thào", "Hà", "Nông", "Lục", "Triệu", "Bàn")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Ngọc", "Thanh", "A", "Seo", "Mí")
GIVEN = ("An", "Bình", "Chiến", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Lực", "Mai", "Nam", "Nga", "Nghĩa", "Ngọc", "Nhung", "Phong", "Phúc", "Phương", "Quân",
         "Sơn", "Tâm", "Thắng", "Thành", "Thảo", "Thủy", "Tiến", "Toàn", "Trung", "Tuấn", "Tùng", "Vinh", "Xuân", "Yến",
         "Chử", "Dìn", "Pử", "Páo", "Sính", "Chứ", "Dế", "Sử", "Lử", "Pấng", "Chá", "Mỷ", "Dua", "Sình", "Pó", "Khứ",
         "Cường", "Đạt", "Điệp", "Hậu", "Huy", "Kiên", "Lâm", "Lộc", "Minh", "Ninh", "Quý", "Sang", "Tài", "Thái",
         "Thịnh", "Trọng", "Tú", "Vân", "Việt", "Vượng")
QUOTES = (
    "{name}, Chủ tịch UBND xã cho biết, địa phương sẽ tiếp tục triển khai các giải pháp trong thời gian tới.",
    "Theo {name}, Trưởng Công an xã, tình hình an ninh trật tự trên địa bàn cơ bản ổn định.",
    "{name}, người dân trong thôn chia sẻ, cuộc sống của gia đình đã có nhiều thay đổi.",
    "Phát biểu tại buổi làm việc, {name}, Bí thư Đảng ủy xã đề nghị các ngành phối hợp chặt chẽ.",
)
QUERIES = [
    # (label, query, filters)
    ("rare phrase (a name)", "Sùng Mí Pấng", {}),
    ("common syllable", "của", {}),
    ("common phrase", "an ninh", {}),
    ("unaccented phrase", "phat trien kinh te", {}),
    ("phrase + province", "an ninh", {"province": "Hà Giang"}),
]
RUNS = 15
BATCH = 5_000


def paragraphs() -> list[str]:
    pool = []
    for story in stories():
        pool.extend(p for p in story.paragraphs if len(p.split()) >= 8)
    return pool


def sites() -> list[dict]:
    """A newspaper and a police site for every province (before the 2025 merger)."""
    rows = []
    for province in provinces.provinces().values():
        if province.valid_to is None and province.merged_into != province.code:
            continue
        for kind, prefix in (("newspaper", "bao"), ("police", "congan")):
            rows.append({"slug": f"{prefix}_{province.code.replace('-', '')}", "name": f"{prefix} {province.name}",
                         "province": province.name, "province_code": province.code, "kind": kind})
    return rows


def build(path: Path, count: int, seed: int = 2026, paragraphs_per_article: tuple[int, int] = (5, 12),
          quiet: bool = False) -> float:
    """Write ``count`` articles into a fresh archive at ``path``; returns seconds taken.

    ``paragraphs_per_article``: fewer make a smaller archive faster (the tests' 100,000).
    """
    rng = random.Random(seed)
    pool = paragraphs()
    site_rows = sites()
    started = time.perf_counter()
    db = schema.connect(path)
    # A bulk load: a large page cache, and fewer index merges while it lasts.
    db.execute("PRAGMA cache_size = -1000000")
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)")
    store.upsert_sites(db, [])  # the provinces
    with db.atomic():
        for row in site_rows:
            db["sites"].upsert(row, pk="slug")
    columns = ("url", "site", "province", "title", "lead", "text", "published", "year", "word_count", "content_hash")
    sql = f"insert into articles ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"
    span = (1761868800 - 1420070400) // 60  # minutes from 2015-01-01 to 2025-10-31: none in the future
    done = 0
    while done < count:
        batch = []
        for i in range(done, min(count, done + BATCH)):
            body = rng.sample(pool, rng.randint(*paragraphs_per_article))
            words = rng.choice(pool).split()
            start = rng.randrange(0, max(1, len(words) - 12))
            title = " ".join(words[start : start + rng.randint(7, 14)]).strip(" ,.;:").capitalize()
            minute = rng.randrange(span)
            day, rest = divmod(minute, 24 * 60)
            published = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
            published += f"T{rest // 60:02d}:{rest % 60:02d}:00+07:00"
            site = site_rows[rng.randrange(len(site_rows))]
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            body.insert(rng.randrange(1, len(body) + 1), rng.choice(QUOTES).format(name=name))
            text = "\n\n".join(body)
            batch.append((f"https://{site['slug']}.example.vn/bai-{i}", site["slug"], site["province"], title,
                          body[0], text, published, int(published[:4]), len(text.split()), f"{i:040x}"))
        with db.atomic():
            db.conn.executemany(sql, batch)
        done += len(batch)
        elapsed = time.perf_counter() - started
        if not quiet:
            print(f"\r  {done:,} articles, {done / elapsed:,.0f}/s", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 4)")
    db.execute("analyze")
    db.close()
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def bench_library(path: Path) -> None:
    from archive import timeline
    from archive.search import search

    print(f"\n{'query':<22} {'order':<10} {'p50 ms':>8} {'p95 ms':>8}  results")
    for label, query, filters in QUERIES:
        for order in ("newest", "relevance"):
            times, found = [], None
            for _ in range(RUNS):
                timeline._matches.clear()  # a new search each time, not the counts kept from the last
                started = time.perf_counter()
                found = search(path, query, order=order, limit=20, **filters)
                times.append((time.perf_counter() - started) * 1000)
            p50, p95 = percentiles(times)
            print(f"{label:<22} {order:<10} {p50:8.1f} {p95:8.1f}  {found.describe()}")


OVER_TIME = [
    # (label, query, split)
    ("rare phrase (a name)", "Sùng Mí Pấng", None),
    ("common phrase", "an ninh", None),
    ("very common syllable", "của", None),
    ("common phrase by province", "an ninh", "province"),
]


def bench_over_time(path: Path) -> None:
    """Matches per month over every match (archive.timeline.over_time, what the charts and --by use).

    Wall time on a shared machine depends on its load; the CPU time of this
    process (SQLite runs in it) is the work itself.
    """
    from archive import timeline
    from archive.timeline import over_time

    started = time.perf_counter()
    over_time(path, ["warm"], by="month")
    print(f"\nall articles per day (the share's denominator, once per file): {(time.perf_counter() - started) * 1000:,.0f} ms")  # all articles per day: counted once per file, then kept
    print(f"\n{'over time, per month':<26} {'p50 ms':>8} {'p95 ms':>8} {'p95 CPU ms':>11}  matches")
    for label, query, split in OVER_TIME:
        times, cpu, found = [], [], None
        for _ in range(RUNS):
            timeline._matches.clear()  # every run counts afresh, as a new search does
            started, started_cpu = time.perf_counter(), time.process_time()
            found = over_time(path, [query], by="month", split=split)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        p50, p95 = percentiles(times)
        print(f"{label:<26} {p50:8.1f} {p95:8.1f} {percentiles(cpu)[1]:11.1f}  {sum(s.total for s in found.series):,}")


@contextmanager
def served(path: Path, *extra: str):
    """``crawler serve`` on the archive on a free port: (process, base URL) once it answers."""
    import httpx

    from fixtureweb.server import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(path), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{base}/-/versions.json", timeout=1)
                break
            except httpx.HTTPError:
                if server.poll() is not None:
                    sys.exit(f"crawler serve exited with {server.returncode}")
                time.sleep(0.2)
        else:
            sys.exit("crawler serve did not answer within 60 s")
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_http(path: Path) -> None:
    import httpx

    with served(path, "--immutable") as (_server, base):
        print(f"\n{'over HTTP':<22} {'page':<14} {'p50 ms':>8} {'p95 ms':>8}  status")
        for label, query, filters in QUERIES:
            pages = [
                ("/-/search", f"{base}/-/search", {"q": query, **filters}),
                ("articles table", f"{base}/{path.stem}/articles", {"_search": query, **filters}),
            ]
            for name, url, params in pages:
                times, status = [], None
                for _ in range(RUNS):
                    started = time.perf_counter()
                    response = httpx.get(url, params=params, timeout=60)
                    times.append((time.perf_counter() - started) * 1000)
                    status = response.status_code
                p50, p95 = percentiles(times)
                print(f"{label:<22} {name:<14} {p50:8.1f} {p95:8.1f}  {status}")


HOSTILE = [
    ("randomblob(1e9)", "/{db}.json", {"sql": "select randomblob(1000000000)"}),
    ("randomblob(3e8)", "/{db}.json", {"sql": "select randomblob(300000000)"}),
    ("printf('%.*c',1e9,'x')", "/{db}.json", {"sql": "select printf('%.*c',1e9,'x')"}),
    ("500 ORs of common words", "/-/search.json", {"q": " OR ".join(["an ninh", "của", "và", "trong", "người"] * 100)}),
    ("60 ORs of common words", "/-/search.json", {"q": " OR ".join(["an ninh", "của", "và", "trong", "người", "được"] * 10)}),
    ("recursive CTE, 1e9 rows", "/{db}.json", {"sql": "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"}),
]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_limits(path: Path) -> None:
    """Requests that once held the server for a minute or gigabytes: time, answer and memory of each."""
    import httpx

    with served(path) as (server, base):
        httpx.get(f"{base}/-/search", params={"q": "an ninh"}, timeout=60)  # warm: caches, templates
        start = rss_mib(server.pid)
        print(f"\nserver memory after warm-up: {start:,.0f} MiB")
        print(f"{'request':<26} {'seconds':>8} {'status':>6} {'RSS MiB':>8}  answer")
        for label, url, params in HOSTILE:
            started = time.perf_counter()
            response = httpx.get(base + url.format(db=path.stem), params=params, timeout=120)
            seconds = time.perf_counter() - started
            try:
                answer = response.json().get("error") or "ok"
            except ValueError:
                answer = response.text[:80]
            print(f"{label:<26} {seconds:8.2f} {response.status_code:>6} {rss_mib(server.pid):8,.0f}  {answer[:90]}")
        print(f"memory growth over the warm server: {rss_mib(server.pid) - start:+,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("bench-search.db"), help="archive to build, or reuse if it exists")
    parser.add_argument("--http", action="store_true", help="also time the Datasette pages over HTTP")
    parser.add_argument("--limits", action="store_true", help="only: time and memory of hostile requests to the server")
    parser.add_argument("--over-time", action="store_true", help="only: the over-time counts")
    args = parser.parse_args()
    path = args.db.resolve()
    if path.exists():
        print(f"reusing {path}")
    else:
        print(f"building {path} with {args.articles:,} articles")
        seconds = build(path, args.articles)
        print(f"built in {seconds / 60:.1f} min")
    conn = schema.connect(path, readonly=True)
    count = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    size = path.stat().st_size
    print(f"{count:,} articles, database {size / 2**30:.2f} GiB ({size / max(count, 1):,.0f} bytes per article)")
    if args.limits:
        bench_limits(path)
        return
    if args.over_time:
        bench_over_time(path)
        return
    bench_library(path)
    bench_over_time(path)
    if args.http:
        bench_http(path)


if __name__ == "__main__":
    main()
