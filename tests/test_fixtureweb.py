"""The fixture web's data: the seed stories hold the real seed texts, the NFD story stays NFD, SITES names its sites."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from fixtureweb import SITES
from fixtureweb.corpus import SEEDS, STORIES, stories
from fixtureweb.web import build

ROOT = Path(__file__).resolve().parents[1]


def _tidy(text: str) -> str:
    return " ".join(text.split())


def test_seed_stories_take_their_texts_from_the_seed_files():
    seeded = [s for s in stories() if s.seed]
    assert sorted(s.seed for s in seeded) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for story in seeded:
        seed_text = _tidy((SEEDS / f"{story.seed}.txt").read_text(encoding="utf-8"))
        for text in story.paragraphs + story.caption_list:
            assert text and text in seed_text, (story.seed, text[:60])
    # The data points at the seed's lines rather than holding a second copy of them.
    for path in STORIES.glob("*.json"):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("seed"):
                assert all(isinstance(p, int) for p in record["paragraphs"]), (path.name, record["id"])


def test_one_story_is_published_in_nfd():
    raw = (STORIES / "baohagiang.json").read_text(encoding="utf-8")
    [record] = [r for r in json.loads(raw) if r["id"] == "755310"]
    for paragraph in record["paragraphs"]:
        assert unicodedata.is_normalized("NFD", paragraph)
        assert paragraph != unicodedata.normalize("NFC", paragraph)


def test_sites_are_the_registered_sites_of_every_served_host():
    assert set(SITES) == {"baohagiang", "baoyenbai", "congan_sonla", "congan_yenbai", "quangninh_portal"}
    assert {host.removeprefix("www.") for host in build().hosts} == {
        "baohagiang.vn", "baoyenbai.com.vn", "congan.sonla.gov.vn", "congan.yenbai.gov.vn", "quangninh.gov.vn",
    }
