"""The extraction harness (benchmarks/bench_extract.py) on the saved public real pages.

Our body text (lead + text) must score at least what bare trafilatura scores on
the same HTML, corpus by corpus, and no page may come out empty from us while
trafilatura finds text on it. The scores come from the pages' own ground truth
(tests/fixtures/realworld/SOURCE.md), never from our extractor.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from benchmarks.bench_extract import (
    FIXTURES,
    Result,
    default_folders,
    expected_body,
    load_pages,
    our_body,
    run,
    string_checks,
    summaries,
    token_scores,
)
from crawler.items import Article


@pytest.fixture(scope="module")
def results() -> list[Result]:
    return run(load_pages(default_folders()), jobs=2)


@pytest.mark.crawl  # extracts every saved real page, twice
def test_the_corpora_hold_over_a_hundred_pages_with_ground_truth(results):
    assert len(results) >= 100
    corpora = {r.corpus for r in results}
    assert {"article-extraction-benchmark", "trafilatura", "fundus", "real-pages"} <= corpora
    for r in results:
        assert expected_body(r.expected) or r.expected.get("must_contain") or r.expected.get("must_not_contain"), r.name


@pytest.mark.crawl  # extracts every saved real page, twice
def test_our_body_text_scores_at_least_bare_trafilatura(results):
    for summary in summaries(results):
        if summary.token_pages:
            assert summary.ours_prf[2] >= summary.bare_prf[2], (summary.name, summary.ours_prf, summary.bare_prf)
        assert summary.ours_pass_rate >= summary.bare_pass_rate, (summary.name, summary.ours_passed, summary.bare_passed)


@pytest.mark.crawl  # extracts every saved real page, twice
def test_no_page_is_empty_from_us_where_trafilatura_finds_text(results):
    overall = summaries(results)[-1]
    assert overall.empty_ours == []


def test_a_folder_of_pages_joins_by_being_there(tmp_path):
    # The shape a hand-checked folder (tests/fixtures/real-pages-vi/) will have.
    folder = tmp_path / "real-pages-vi"
    folder.mkdir()
    source = FIXTURES / "real-pages"
    shutil.copy(source / "vnexpress.net.lymphoma.html.gz", folder / "vnexpress.html.gz")
    known = json.loads((source / "vnexpress.net.lymphoma.json").read_text(encoding="utf-8"))
    record = {"url": known["url"], "title": known["title"], "author": "Lê Phương",
              "lead": known["lead"][0], "paragraphs": known["paragraphs"],
              "must_not_contain": ["Ảnh: Bệnh viện cung cấp"]}
    (folder / "vnexpress.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (folder / "no-page-beside-it.json").write_text('{"url": "https://example.vn/"}', encoding="utf-8")
    [page] = load_pages([folder])
    assert (page.corpus, page.name) == ("real-pages-vi", "vnexpress")
    assert gzip.decompress(page.path.read_bytes()).startswith(b"<!DOCTYPE html>")
    [result] = run([page])
    [summary, overall] = summaries([result])
    assert summary.name == "real-pages-vi" and overall.name == "all"
    assert summary.ours_prf == (1.0, 1.0, 1.0)
    assert summary.ours_passed == summary.checks == 1
    assert (result.title, result.author) == (known["title"], "Lê Phương")


def test_token_scores_count_repeated_words():
    assert token_scores("a b b c", "a b b c") == (1.0, 1.0)
    assert token_scores("a b b c", "a b x") == (2 / 3, 2 / 4)
    assert token_scores("a b", "") == (0.0, 0.0)
    assert token_scores("", "") == (1.0, 1.0)


def test_string_checks_ignore_whitespace_and_normalisation():
    expected = {"must_contain": ["hoà giải", "Two  lines"], "must_not_contain": ["Chia sẻ"]}
    assert string_checks(expected, "ho\u0061\u0300 giải ...\nTwo\nlines") == (3, 3)
    assert string_checks(expected, "hòa giải. Chia sẻ") == (0, 3)


def test_the_expected_body_and_ours_count_the_lead_once():
    assert expected_body({"lead": ["Sapo."], "paragraphs": ["One.", "Two."]}) == "Sapo.\nOne.\nTwo."
    assert expected_body({"lead": "Sapo.", "text": "One."}) == "Sapo.\nOne."
    assert expected_body({"must_contain": ["x"]}) is None
    assert our_body(Article(url="u", lead="Sapo.", text="Sapo.\n\nOne.")) == "Sapo.\n\nOne."
    assert our_body(Article(url="u", lead="Sapo.", text="One.")) == "Sapo.\n\nOne."


@pytest.mark.crawl  # extracts every saved real page, twice
def test_the_publication_day_is_right_at_least_as_often_as_htmldate_finds_it(results):
    dated = [r for r in results if r.expected.get("published")]
    days = [str(r.expected["published"])[:10] for r in dated]
    ours = sum(r.ours_date == day for r, day in zip(dated, days))
    theirs = sum(r.bare_date == day for r, day in zip(dated, days))
    assert len(dated) >= 100 and ours >= theirs and ours >= 0.95 * len(dated), (ours, theirs, len(dated))
