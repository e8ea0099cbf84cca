"""Cost of placing an article in its story, and quality of the near-copy threshold.

    python benchmarks/bench_stories.py [--articles 1000000] [--measure-at 100000,1000000] [--db PATH]
    python benchmarks/bench_stories.py --quality

Builds a synthetic archive with the real schema and, when it reaches each
``--measure-at`` size, places 1,000 further articles one by one as the crawl's
store step would (signature of the text, then ``archive.stories.assign`` in its
own transaction) and prints the wall-clock mean, p50 and p95 and the CPU time
per article, the candidates verified, and the peak RSS of this process.
Between measuring points the archive is filled in bulk with the rows ``assign``
writes (article, signature, 40 band rows, story_id; a planted copy in its
original's story), the texts and signatures made by two worker processes.

The texts: clauses of the real seed articles and the fixture web's stories,
one to three to a sentence, 3 to 5 sentences to a paragraph, 5 to 9 paragraphs
(about 600 words), each word replaced with probability 0.15 by a word drawn
from the same texts' vocabulary (so that unrelated articles share phrases but
not passages), a person's name, and on half of the articles the site's own
two-sentence footer (250 sites). One article in ten is an edited copy, on
another site, of one of the 5,000 articles before it (lead replaced, a
paragraph cut, a credit line and a byline added). The summary says how many
of the measured copies joined their original's story and how many other
measured articles joined a story. Article rows carry no text: the stories
tables are what is measured.

``--quality`` prints precision and recall on the labelled pairs of
tests/fixtures/stories/ at several thresholds: exact Jaccard of the shingle
sets, the signatures' estimate, and the full path (shared LSH band, then the
estimate), and trafilatura's SimHash for comparison; then the signature's cost
on an 896-word real article.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import statistics
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive import schema, stories  # noqa: E402
from crawler import nearcopy  # noqa: E402
from fixtureweb.corpus import stories as fixture_stories  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "stories"
SITES = 250
COPY_SHARE, COPY_WINDOW = 0.1, 5000
CREDITS = ("Theo Báo Hà Giang", "Nguồn: Báo Yên Bái", "Theo Báo CAND", "(Theo TTXVN)", "Nguồn tin: Công an tỉnh")
NAMES = ("Nguyễn Văn An", "Giàng A Páo", "Lò Thị Mai", "Hoàng Đức Thắng", "Sùng Mí Pấng", "Vàng Seo Dua", "Đặng Thị Hạnh")


def _material() -> tuple[list[str], list[str]]:
    texts = [p for s in fixture_stories() for p in s.paragraphs]
    sentences = [s.rstrip(".;!?") for t in texts for s in re.split(r"(?<=[.;!?])\s+", t)]
    clauses = [c for s in sentences for c in s.split(", ") if len(c.split()) >= 3]
    words = [w for t in texts for w in t.split()]
    return clauses, words


CLAUSES, WORDS = _material()


def _sentence(rng: random.Random) -> str:
    clauses = ", ".join(rng.choice(CLAUSES) for _ in range(rng.randint(1, 3)))
    return " ".join(w if rng.random() >= 0.15 else rng.choice(WORDS) for w in clauses.split()) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 5)))


def footer(site: int) -> str:
    rng = random.Random(f"footer-{site}")
    return _sentence(rng) + " " + _sentence(rng)


def article(i: int) -> tuple[int, str, int | None]:
    """(site, text, index of the article it copies) of the i-th synthetic article: the same for every call."""
    rng = random.Random(i)
    site = rng.randrange(SITES)
    if i > 0 and rng.random() < COPY_SHARE:
        source = rng.randrange(max(0, i - COPY_WINDOW), i)
        source_site, text, _ = article(source)
        paragraphs = text.split("\n\n")
        paragraphs[0] = _paragraph(rng)
        if len(paragraphs) > 3:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        paragraphs += [rng.choice(CREDITS), rng.choice(NAMES)]
        return (source_site + 1 + rng.randrange(SITES - 1)) % SITES, "\n\n".join(paragraphs), source
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(5, 9))]
    paragraphs.insert(rng.randrange(1, len(paragraphs)), f"{rng.choice(NAMES)} cho biết thêm về kết quả này.")
    if rng.random() < 0.5:
        paragraphs.append(footer(site))
    return site, "\n\n".join(paragraphs), None


def _signed(i: int) -> tuple[int, int, bytes, int | None]:
    site, text, source = article(i)
    return i, site, nearcopy.signature(text), source


def _first_seen(i: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+07:00", time.gmtime(1_500_000_000 + 60 * i))


def _insert(db, i: int, site: int) -> int:
    return db.execute(
        "insert into articles (id, url, site, title, first_seen) values (?, ?, ?, ?, ?)",
        [i + 1, f"https://site{site}.example/{i}", f"site{site}", f"article {i}", _first_seen(i)],
    ).lastrowid


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Truth:
    """Planted copies that joined their original's story, and other articles that joined a story."""

    def __init__(self) -> None:
        self.story: dict[int, int] = {}  # article id -> story id, for the last COPY_WINDOW articles
        self.copies = self.copies_joined = self.others = self.others_joined = 0

    def record(self, db, i: int, article_id: int, source: int | None, story: stories.Story) -> None:
        self.story[article_id] = story.story_id
        if source is None:
            self.others += 1
            self.others_joined += not story.origin
            return
        self.copies += 1
        original = db.execute("select story_id from articles where id = ?", [source + 1]).fetchone()[0]
        self.copies_joined += story.story_id == original


def _fill(db, pool, start: int, end: int, truth: Truth) -> None:
    """The rows ``assign`` would write for articles start..end-1, written in bulk (copies join their original's story)."""
    batch = 2000
    for lo in range(start, end, batch):
        articles, signatures, bands = [], [], []
        for i, site, sig, source in pool.imap(_signed, range(lo, min(end, lo + batch)), chunksize=100):
            article_id = i + 1  # ids are explicit: article i is row i + 1
            story_id = article_id if source is None else truth.story[source + 1]
            truth.story[article_id] = story_id
            url = f"https://site{site}.example/{i}"
            articles.append((article_id, url, f"site{site}", f"article {i}", _first_seen(i), story_id))
            signatures.append((article_id, sig, nearcopy.VERSION, _first_seen(i)))
            bands += [(band, value, article_id) for band, value in enumerate(nearcopy.bands(sig))]
        with db.atomic():
            db.conn.executemany(
                "insert into articles (id, url, site, title, first_seen, story_id) values (?, ?, ?, ?, ?, ?)", articles
            )
            db.conn.executemany("insert into story_signatures values (?, ?, ?, ?)", signatures)
            db.conn.executemany("insert into story_bands values (?, ?, ?)", bands)
        for old in [k for k in truth.story if k <= lo - COPY_WINDOW]:
            del truth.story[old]  # a copy's original is among the COPY_WINDOW articles before it
        if (lo // batch) % 25 == 0:
            print(f"  {lo + batch:,} articles", flush=True)


def _measure(db, start: int, count: int, truth: Truth) -> None:
    costs, cpu, sig_costs, candidates = [], [], [], []
    words = 0
    for i in range(start, start + count):
        site, text, source = article(i)
        words += len(text.split())
        article_id = _insert(db, i, site)
        db.conn.commit()
        c0, t0 = time.process_time(), time.perf_counter()
        sig = nearcopy.signature(text)
        t1 = time.perf_counter()
        story = stories.assign(db, article_id, sig, first_seen=_first_seen(i))
        t2 = time.perf_counter()
        costs.append(t2 - t0)
        cpu.append(time.process_time() - c0)
        sig_costs.append(t1 - t0)
        candidates.append(len(stories._candidates(db, article_id, nearcopy.bands(sig))))
        truth.record(db, i, article_id, source, story)
    ms = sorted(c * 1000 for c in costs)
    print(f"at {start:,} articles: {count} more, {words / count:.0f} words each; per article signature + assign "
          f"mean {statistics.mean(ms):.2f} ms, p50 {ms[len(ms) // 2]:.2f} ms, p95 {ms[int(len(ms) * 0.95)]:.2f} ms "
          f"(signature alone mean {statistics.mean(sig_costs) * 1000:.2f} ms; CPU time mean "
          f"{statistics.mean(cpu) * 1000:.2f} ms); candidates verified mean "
          f"{statistics.mean(candidates):.1f}, max {max(candidates)}; peak RSS {_rss_mb():.0f} MB", flush=True)


def build(path: Path, total: int, checkpoints: list[int]) -> None:
    db = schema.connect(path)
    db["sites"].insert_all(({"slug": f"site{s}", "name": f"site {s}"} for s in range(SITES)), pk="slug", replace=True)
    truth, done, started = Truth(), 0, time.time()
    print(f"building {path} up to {total:,} articles; measuring at {', '.join(f'{c:,}' for c in checkpoints)}", flush=True)
    with Pool(2) as pool:
        for checkpoint in sorted(checkpoints):
            _fill(db, pool, done, checkpoint, truth)
            _measure(db, checkpoint, 1000, truth)
            done = checkpoint + 1000
    size = sum(f.stat().st_size for f in path.parent.glob(path.name + "*")) / 2**20
    bands = db.execute("select count(*) from story_bands").fetchone()[0]
    print(f"built in {time.time() - started:.0f} s; archive {size:.0f} MB, {bands:,} band rows; of the measured "
          f"articles, planted copies that joined their original's story: {truth.copies_joined:,}/{truth.copies:,}; "
          f"others that joined a story: {truth.others_joined:,}/{truth.others:,}", flush=True)


def _table(name: str, scores: list[tuple[float, bool]], thresholds) -> None:
    for t in thresholds:
        tp = sum(1 for s, same in scores if s >= t and same)
        fp = sum(1 for s, same in scores if s >= t and not same)
        fn = sum(1 for s, same in scores if s < t and same)
        print(f"| {name} | {t:.2f} | {tp / (tp + fp) if tp + fp else 1:.3f} | {tp / (tp + fn):.3f} | {fp} | {fn} |")


def quality() -> None:
    from trafilatura.deduplication import Simhash

    texts = {k: v["text"] for k, v in json.loads((FIXTURES / "texts.json").read_text(encoding="utf-8")).items()}
    pairs = list(csv.DictReader((FIXTURES / "pairs.tsv").open(encoding="utf-8"), delimiter="\t"))
    shingled = {k: nearcopy.shingles(t) for k, t in texts.items()}
    sigs = {k: nearcopy.signature(t) for k, t in texts.items()}
    bands = {k: set(enumerate(nearcopy.bands(s))) for k, s in sigs.items()}
    same = [p["label"] == "same" for p in pairs]
    print(f"{len(pairs)} pairs ({sum(same)} same-story, {len(pairs) - sum(same)} different); shingles of "
          f"{nearcopy.SHINGLE} syllables, {nearcopy.NUM_HASHES} hashes, {nearcopy.BANDS} bands × {nearcopy.ROWS} rows\n")
    print("| measure | threshold | precision | recall | false pos. | false neg. |\n|---|---|---|---|---|---|")
    thresholds = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
    exact = [len(shingled[p["a"]] & shingled[p["b"]]) / len(shingled[p["a"]] | shingled[p["b"]]) for p in pairs]
    estimate = [nearcopy.similarity(sigs[p["a"]], sigs[p["b"]]) for p in pairs]
    banded = [e if bands[p["a"]] & bands[p["b"]] else 0.0 for e, p in zip(estimate, pairs)]
    _table("exact Jaccard", list(zip(exact, same)), thresholds)
    _table("estimate", list(zip(estimate, same)), thresholds)
    _table("band + estimate", list(zip(banded, same)), thresholds)
    simhash = {k: Simhash(t) for k, t in texts.items()}
    _table("trafilatura SimHash", [(simhash[p["a"]].similarity(simhash[p["b"]]), s) for p, s in zip(pairs, same)], (0.7, 0.8, 0.9))
    text = (ROOT / "crawler" / "demo" / "seeds" / "000.txt").read_text(encoding="utf-8")
    runs = 200
    t0 = time.perf_counter()
    for _ in range(runs):
        nearcopy.signature(text)
    print(f"\nsignature of a {len(text.split())}-word article: {(time.perf_counter() - t0) / runs * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="size of the archive to build")
    parser.add_argument("--measure-at", default=None, help="comma-separated sizes to measure at (default: --articles)")
    parser.add_argument("--db", type=Path, default=Path("bench-stories.db"), help="archive file to create")
    parser.add_argument("--quality", action="store_true", help="precision/recall on the labelled pairs instead")
    args = parser.parse_args()
    if args.quality:
        quality()
        return
    if args.db.exists():
        sys.exit(f"{args.db} exists: give a new --db path")
    checkpoints = [int(x) for x in (args.measure_at or str(args.articles)).split(",")]
    build(args.db, args.articles, checkpoints)


if __name__ == "__main__":
    main()
