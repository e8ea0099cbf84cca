"""The archive's query language: what a researcher types, as FTS5 expressions.

- ``an ninh``: adjacent words are one phrase (the two-syllable word), not
  every ``an`` and every ``ninh``.
- ``hoa giai`` (no accents): matches every accent variant (``hòa giải``,
  ``hoà giải``); ``dang`` finds ``Đảng``.
- ``hòa giải`` (with accents): exact tone marks, whatever their placement
  (``hoà giải`` matches too; ``hoa giai`` with other tones does not).
- ``"an ninh" "trật tự"`` or ``an ninh, trật tự``: quotes or commas make
  separate phrases, all required.
- ``an ninh OR trật tự``: either. ``an ninh -giao thông``: excluding.
- ``ninh*``: prefix.

What was typed is normalised before it is read: NFC (decomposed accents from
Unikey's "Unicode tổ hợp", macOS or a PDF would otherwise split words at
every combining mark) and Ð (U+00D0, Icelandic eth) → Đ. Malformed input
never reaches SQLite as FTS syntax: every word is quoted, and a query with
nothing to search for raises ``QueryError`` with a clear message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from crawler.vntext import has_accents, key

ACCENT_COLUMNS = "{title lead text}"
FOLD_COLUMNS = "{title_fold lead_fold text_fold}"
WORD = re.compile(r"\w+", re.UNICODE)
# A quoted phrase, a comma or semicolon (a separator between phrases), or a bare token.
TOKEN = re.compile(r'(-?)"([^"]*)"(\*?)|([,;])|([^\s,;]+)')
# More phrases than this is not a question a researcher asks; it is a load on the server.
MAX_PHRASES = 64
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


class QueryError(ValueError):
    """The query cannot be searched; the message says why, for the user."""


@dataclass
class Phrase:
    """Words to find side by side.

    words: as typed (normalised); prefix: the last word is a prefix (``ninh*``);
    negated: articles holding the phrase are excluded.
    """

    words: list[str]
    prefix: bool = False
    negated: bool = False

    @property
    def accented(self) -> bool:
        return has_accents(" ".join(self.words))

    @property
    def text(self) -> str:
        return " ".join(self.words) + ("*" if self.prefix else "")

    def fts(self, field: str | None = None) -> str:
        """The phrase as FTS5 syntax, in every text column or in one ``field`` (title, lead, text)."""
        if self.accented:
            words, columns = [key(w) for w in self.words], ACCENT_COLUMNS
        else:
            words, columns = [w.lower() for w in self.words], FOLD_COLUMNS
        if field is not None:
            columns = "{" + (field if self.accented else f"{field}_fold") + "}"
        quoted = '"' + " ".join(w.replace('"', '""') for w in words) + '"'
        return f"{columns} : {quoted}{'*' if self.prefix else ''}"


@dataclass
class Query:
    """A parsed query: alternatives (OR) of required and excluded phrases.

    text: the query as typed, normalised (NFC, Ð→Đ); alternatives: each a list
    of phrases that must all match (negated ones must not).
    """

    text: str
    alternatives: list[list[Phrase]] = field(default_factory=list)

    @property
    def expression(self) -> str:
        return self.expression_in()

    def expression_in(self, field: str | None = None) -> str:
        """The FTS5 expression; with ``field``, the words wanted must stand in that field."""
        parts = []
        for phrases in self.alternatives:
            positive = [p.fts(field) for p in phrases if not p.negated]
            negative = [p.fts() for p in phrases if p.negated]
            expr = " AND ".join(f"({p})" for p in positive)
            for n in negative:
                expr = f"({expr}) NOT ({n})"
            parts.append(expr)
        return " OR ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]

    @property
    def phrases(self) -> list[Phrase]:
        return [p for alt in self.alternatives for p in alt if not p.negated]

    @property
    def all_phrases(self) -> list[Phrase]:
        return [p for alt in self.alternatives for p in alt]


def normalize_query(text: str) -> str:
    """NFC and Ð→Đ: the same query whatever keyboard or paste produced it."""
    return unicodedata.normalize("NFC", text or "").translate(_ETH)


def parse(text: str) -> Query:
    """Parse what a user typed (see the module docstring for the syntax)."""
    text = normalize_query(text)
    query = Query(text)
    current: list[Phrase] = []
    run: list[str] = []  # adjacent plain words, becoming one phrase
    negate_next = False

    def close_run(prefix=False):
        nonlocal run
        if run:
            current.append(Phrase(run, prefix=prefix))
            run = []

    for match in TOKEN.finditer(text):
        minus, quoted, star, separator, bare = match.groups()
        if quoted is not None:
            close_run()
            words = WORD.findall(quoted)
            if words:
                current.append(Phrase(words, prefix=bool(star), negated=bool(minus) or negate_next))
            negate_next = False
            continue
        if separator or bare in ("AND", "+"):
            close_run()
            continue
        if bare in ("OR", "|"):
            close_run()
            query.alternatives.append(current)
            current = []
            continue
        if bare == "NOT":
            close_run()
            negate_next = True
            continue
        negated = bare.startswith("-") and len(bare) > 1
        words = WORD.findall(bare)
        if not words:
            continue  # punctuation alone: nothing to search for
        prefix = bare.endswith("*")
        if negated or negate_next:
            close_run()
            current.append(Phrase(words, prefix=prefix, negated=True))
            negate_next = False
        elif prefix:
            run.extend(words)
            close_run(prefix=True)
        else:
            run.extend(words)
    close_run()
    query.alternatives.append(current)
    query.alternatives = [alt for alt in query.alternatives if alt]
    _check(query)
    return query


def _check(query: Query) -> None:
    if not query.alternatives:
        raise QueryError("Nothing to search for: type at least one word.")
    for alt in query.alternatives:
        if not any(not p.negated for p in alt):
            raise QueryError("A search needs at least one word that is not excluded with '-'.")
    if len(query.all_phrases) > MAX_PHRASES:
        raise QueryError(f"Too many phrases ({len(query.all_phrases)}): a search takes at most {MAX_PHRASES}.")
