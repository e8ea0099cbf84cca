"""Word-level differences between two versions of a text, as readers see them.

Paragraphs are aligned first (difflib on whole paragraphs), then the words of
the paragraphs that changed, so one edited sentence in a long article costs a
diff of its paragraph, not of the article, and unchanged paragraphs can be
folded away. A word is what spaces separate (a Vietnamese syllable), with its
punctuation. A single unchanged word between two changes is taken into the
change: "a b c" → "x b y" reads better as one replacement than as two around
a shared "và".
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

BREAK = "\n"  # the token between paragraphs of a changed stretch
PILCROW = "¶"  # how a paragraph break that was removed or added reads
# Past this many words on both sides together, a changed stretch is shown as
# removed then added whole (difflib's cost grows with the product of the sides).
MAX_WORDS = 20_000


@dataclass(frozen=True)
class Piece:
    """A run of words: kept, inserted or deleted."""

    kind: str  # "same", "ins" or "del"
    text: str  # the words, joined by single spaces


@dataclass(frozen=True)
class Block:
    """A stretch of the text: unchanged paragraphs (to fold away), or one paragraph with its changes marked."""

    changed: bool
    paragraphs: tuple[str, ...] = ()  # unchanged: the paragraphs as printed
    pieces: tuple[Piece, ...] = ()  # changed: the paragraph's words, in order


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of a stored text (one per line; blank lines are not paragraphs)."""
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def words(old: str | None, new: str | None) -> tuple[Piece, ...]:
    """The word-level changes from ``old`` to ``new`` (a title, a byline, one paragraph)."""
    marked = _marked((old or "").split(), (new or "").split())
    return tuple(_pieces(marked))


def text(old: str | None, new: str | None) -> list[Block]:
    """The changes from ``old`` to ``new``, paragraph by paragraph; [] when both are empty."""
    before, after = paragraphs(old), paragraphs(new)
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            blocks.append(Block(changed=False, paragraphs=tuple(before[i1:i2])))
        elif tag == "delete":
            blocks += [Block(changed=True, pieces=words(p, "")) for p in before[i1:i2]]
        elif tag == "insert":
            blocks += [Block(changed=True, pieces=words("", p)) for p in after[j1:j2]]
        elif i2 - i1 == j2 - j1:  # paragraphs edited in place
            blocks += [Block(changed=True, pieces=words(a, b)) for a, b in zip(before[i1:i2], after[j1:j2])]
        else:  # paragraphs split, joined or rewritten: shown in the new version's paragraphs
            marked = _marked(_tokens(before[i1:i2]), _tokens(after[j1:j2]))
            blocks += [Block(changed=True, pieces=tuple(_pieces(p))) for p in _split(marked)]
    return blocks


def _tokens(paras: list[str]) -> list[str]:
    tokens: list[str] = []
    for paragraph in paras:
        if tokens:
            tokens.append(BREAK)
        tokens += paragraph.split()
    return tokens


def _marked(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """(kind, token) for every token of both sides, in reading order: deletions before insertions."""
    if len(old) + len(new) > MAX_WORDS:
        return [("del", t) for t in old] + [("ins", t) for t in new]
    regions: list[list] = []  # [kind, old tokens, new tokens], kind "same" or "change"
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        kind = "same" if tag == "equal" else "change"
        if regions and regions[-1][0] == kind == "change":
            regions[-1][1] += old[i1:i2]
            regions[-1][2] += new[j1:j2]
        else:
            regions.append([kind, old[i1:i2], new[j1:j2]])
    regions = _absorb_lone_words(regions)
    marked: list[tuple[str, str]] = []
    for kind, old_part, new_part in regions:
        if kind == "same":
            marked += [("same", t) for t in new_part]
        else:
            marked += [("del", t) for t in old_part] + [("ins", t) for t in new_part]
    return marked


def _absorb_lone_words(regions: list[list]) -> list[list]:
    """One unchanged word (not a paragraph break) between two changes joins them."""
    merged: list[list] = []
    for region in regions:
        if (len(merged) >= 2 and region[0] == "change" and merged[-1][0] == "same"
                and len(merged[-1][2]) == 1 and merged[-1][2] != [BREAK] and merged[-2][0] == "change"):
            same = merged.pop()
            previous = merged[-1]
            previous[1] += same[1] + region[1]
            previous[2] += same[2] + region[2]
            continue
        merged.append([region[0], list(region[1]), list(region[2])])
    return merged


def _split(marked: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Marked tokens cut into the new version's paragraphs; a paragraph break removed or added shows as ¶."""
    paras: list[list[tuple[str, str]]] = [[]]
    for kind, token in marked:
        if token != BREAK:
            paras[-1].append((kind, token))
            continue
        if kind != "same":
            paras[-1].append((kind, PILCROW))
        if kind != "del":
            paras.append([])
    return [p for p in paras if p]


def _pieces(marked: list[tuple[str, str]]):
    """Runs of one kind, their words joined by spaces."""
    run_kind, run = None, []
    for kind, token in marked:
        if kind != run_kind and run:
            yield Piece(run_kind, " ".join(run))
            run = []
        run_kind = kind
        run.append(token)
    if run:
        yield Piece(run_kind, " ".join(run))
