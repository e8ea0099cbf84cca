"""Title and author on real Vietnamese news pages (tests/fixtures/real-pages-vi/).

The expected values are the hand-checked ones in each page's JSON (the page as
printed: the byline's names with the page's separator, labels and additions
left out, ``null`` where no person or unit signs; see SOURCE.md there), never
values taken from the extractor. The issue's bar: the author right on at least
90 % of the pages, the title on all but at most one.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crawler.extract import extract_article

FOLDER = Path(__file__).parent / "fixtures" / "real-pages-vi"
AUTHOR_SHARE = 0.9
TITLES_WRONG_AT_MOST = 1


def _pages() -> list[tuple[str, dict]]:
    return [(meta.name[: -len(".json")], json.loads(meta.read_text(encoding="utf-8")))
            for meta in sorted(FOLDER.glob("*.json"))]


@pytest.fixture(scope="module")
def extracted() -> list[tuple[str, dict, object]]:
    found = []
    for name, expected in _pages():
        html = gzip.decompress((FOLDER / f"{name}.html.gz").read_bytes())
        found.append((name, expected, extract_article(html, expected["url"])))
    return found


def test_the_folder_holds_the_twelve_hand_checked_pages():
    pages = _pages()
    assert len(pages) == 12
    for name, expected in pages:
        assert (FOLDER / f"{name}.html.gz").exists()
        assert expected["title"] and "author" in expected, name


def test_the_author_is_right_on_nine_pages_in_ten(extracted):
    wrong = [(name, article.author, expected["author"]) for name, expected, article in extracted
             if article.author != expected["author"]]
    assert len(extracted) - len(wrong) >= AUTHOR_SHARE * len(extracted), wrong


def test_the_title_is_the_printed_headline_on_all_but_one(extracted):
    wrong = [(name, article.title, expected["title"]) for name, expected, article in extracted
             if article.title != expected["title"]]
    assert len(wrong) <= TITLES_WRONG_AT_MOST, wrong


def test_no_byline_is_left_as_a_paragraph(extracted):
    for name, expected, article in extracted:
        if expected["author"]:
            paragraphs = article.text.split("\n\n")
            assert not [p for p in paragraphs if p.startswith(expected["author"]) and len(p) < 80], name
