"""Help with a query, from the index's own vocabulary.

- ``suggest``: for a query with no results, the nearest query that has some
  ("did you mean"): each unknown word replaced by the commonest indexed word
  one edit away (a letter dropped, added, changed or two swapped), in folded
  form, checked against the index before it is offered.
- ``variants``: for a query typed without accents, the accented spellings it
  matched and how many articles hold each (``dang`` → Đảng, đang, dạng…),
  read from the newest matches' own text and counted in the index.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from itertools import product

from archive.fts import FTS_TABLE
from archive.limits import TooSlow, time_limit
from archive.query import Phrase, Query, QueryError, normalize_query, parse
from crawler.vntext import fold, fold_aligned, has_accents, key, normalize

LETTERS = string.ascii_lowercase + string.digits
CAP = 10_000  # counting a candidate stops here: enough to rank, cheap for common words
SAMPLE = 200


def _count(conn, expression: str, cap: int = CAP) -> int:
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? LIMIT {cap})"
    return conn.execute(sql, [expression]).fetchone()[0]


def _word_count(conn, word: str) -> int:
    return _count(conn, Phrase([word]).fts())


def edits(word: str) -> set[str]:
    """Folded words one edit from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return (deletes | swaps | changes | inserts) - {word, ""}


def suggest(conn, query: Query, seconds: float = 1.0) -> str | None:
    """A query like ``query`` that finds something, or None."""
    try:
        with time_limit(conn, seconds):
            options = []
            for word in dict.fromkeys(w for p in query.phrases for w in p.words):
                folded = fold(word)
                if _word_count(conn, folded) or not folded.isalnum() or len(folded) < 2:
                    continue
                scored = sorted(((n, c) for c in edits(folded) if (n := _word_count(conn, c))), reverse=True)
                if scored:
                    options.append((word, [c for _n, c in scored[:4]]))
            best = None
            for choice in product(*[candidates for _word, candidates in options]) if options else ():
                fixes = dict(zip([word for word, _c in options], choice))
                text = re.sub(r"\w+", lambda m: fixes.get(m.group(0), m.group(0)), query.text)
                n = _count(conn, parse(text).expression)
                if n and (best is None or n > best[0]):
                    best = (n, text)
            return best[1] if best else None
    except (TooSlow, QueryError):
        return None


def variants(conn, query: Query, plan, seconds: float = 1.0) -> list[tuple[str, int]]:
    """(accented spelling, articles holding it) of the unaccented phrases of ``query``, commonest first."""
    phrases = [p for p in query.phrases if not p.accented and not p.prefix]
    result: list[tuple[str, int]] = []
    if not phrases:
        return result
    try:
        with time_limit(conn, seconds):
            spellings = _spellings(conn, query, plan, phrases)
            for spelled, _n in spellings.most_common(8):
                result.append((spelled, _count(conn, plan.match(parse(f'"{spelled}"').expression), 10**9)))
    except TooSlow:
        pass
    return sorted(result, key=lambda kv: -kv[1])


def _spellings(conn, query: Query, plan, phrases: list[Phrase]) -> Counter:
    """How the newest SAMPLE matches spell the phrases (accented forms only)."""
    found = Counter()
    ids = [k & 0xFFFFFFFF for k in plan.keys(conn, query.expression, limit=SAMPLE)]
    if not ids:
        return found
    marks = ", ".join("?" for _ in ids)
    patterns = [re.compile(r"(?<!\w)" + r"\W+".join(re.escape(fold(w)) for w in p.words) + r"(?!\w)") for p in phrases]
    for title, lead, text in conn.execute(f"SELECT title, lead, text FROM articles WHERE id IN ({marks})", ids):
        body = normalize(" ".join(filter(None, (title, lead, text))))
        folded = fold_aligned(body)
        for pattern in patterns:
            for m in pattern.finditer(folded):
                spelled = normalize_query(key(body[m.start():m.end()]))
                if has_accents(spelled):
                    found[spelled] += 1
    return found
