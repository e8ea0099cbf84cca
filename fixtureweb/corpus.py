"""The articles of the fixture web: five real seed texts and other realistic provincial news.

Each ``Story`` is one article as its site would publish it: the text in
paragraphs, the sapo, the captions with the paragraph they follow, the byline,
the publication time. ``fixtureweb.web`` renders them in each site's design;
the same data is what tests expect extraction to recover.

The stories are data, one file per site in ``stories/<site>.json``: a list of
objects with the ``Story`` fields below (``site`` is the file's name; captions
are keyed by the paragraph number as a string). A story with a ``seed`` takes
its texts from ``seeds/<seed>.txt``, the single copy of the real article: there
an integer in ``title``, ``paragraphs``, ``captions``, ``author`` or ``byline``
is the seed's line number, counting non-blank lines from 0. One story's texts
are NFD-encoded in its file, as some sites publish them; extraction must store
them as NFC.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"
STORIES = Path(__file__).parent / "stories"

# The seed extraction marked the month it dated a page with at the head of a line;
# the page never printed it.
_DATE_MARKER = re.compile(r"^date \d{4}-\d{2}\s*")


@dataclass
class Story:
    site: str
    slug: str  # the URL's own words; each site shapes its URL from it
    id: str
    title: str
    published: str  # ISO; "+07:00" with a time, a bare date otherwise
    paragraphs: list[str]
    captions: dict[int, list[str]] = field(default_factory=dict)  # after paragraph i
    author: str | None = None
    byline: str | None = None  # the byline as printed ("Tin, ảnh: BIỆN LUÂN"), default: author
    section: str = "an-ninh"
    lead: bool = False  # the first paragraph is the sapo
    seed: str | None = None
    dateline: tuple[str, str] | None = None  # (the words opening the text, the day they mean), when it opens with one

    @property
    def caption_list(self) -> list[str]:
        seen: list[str] = []
        for i in sorted(self.captions):
            for caption in self.captions[i]:
                if caption not in seen:
                    seen.append(caption)
        return seen


def _seed_lines(name: str) -> list[str]:
    """The non-blank lines of ``seeds/<name>.txt``, whitespace tidied, without the extraction's date marker."""
    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    return [_DATE_MARKER.sub("", " ".join(line.split())) for line in text.splitlines() if line.strip()]


def _story(site: str, record: dict) -> Story:
    lines = _seed_lines(record["seed"]) if record.get("seed") else []

    def text(value):
        return lines[value] if isinstance(value, int) else value

    fields = dict(record, site=site)
    fields["title"] = text(record["title"])
    fields["paragraphs"] = [text(p) for p in record["paragraphs"]]
    fields["captions"] = {int(i): [text(c) for c in cs] for i, cs in record.get("captions", {}).items()}
    fields["author"] = text(record.get("author"))
    fields["byline"] = text(record.get("byline"))
    fields["dateline"] = tuple(record["dateline"]) if record.get("dateline") else None
    return Story(**fields)


def stories() -> list[Story]:
    """Every article of the fixture web: the seed stories in seed order, then each site's others, sites A–Z."""
    every = [
        _story(path.stem, record)
        for path in sorted(STORIES.glob("*.json"))
        for record in json.loads(path.read_text(encoding="utf-8"))
    ]
    seeded = sorted((s for s in every if s.seed), key=lambda s: s.seed)
    return seeded + [s for s in every if not s.seed]
