"""archive.search and archive.fts over a real SQLite archive with Vietnamese traps."""

from __future__ import annotations

import sqlite3

import pytest

from archive import schema
from archive.search import QueryError, parse, search
from tests.searchcorpus import build


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "archive.db"
    ids = build(path)
    return path, ids, {v: k for k, v in ids.items()}


def found(archive, query, **kwargs) -> set[str]:
    path, _ids, names = archive
    return {names[r["id"]] for r in search(path, query, limit=100, **kwargs).results}


HOA_GIAI = {"hoa-giai-new", "hoa-giai-old", "hoa-giai-nfd", "in-text-only"}


@pytest.mark.parametrize("query", ["hoa giai", "hòa giải", "hoà giải", "HOÀ GIẢI", "Hoa Giai"])
def test_every_spelling_of_hoa_giai_finds_every_variant(archive, query):
    assert found(archive, query) == HOA_GIAI


def test_unaccented_dang_finds_dang(archive):
    assert found(archive, "dang") == {"dang"}
    assert found(archive, "Đảng") == {"dang"}


def test_accented_queries_keep_their_tone(archive):
    assert found(archive, "bão") == {"bao-storm"}
    assert found(archive, "báo") == {"bao-paper"}
    assert found(archive, "bảo") == {"an-ninh", "an-toan"}  # bảo vệ, đảm bảo
    assert found(archive, "bao") == {"bao-storm", "bao-paper", "an-ninh", "an-toan"}


def test_adjacent_syllables_are_a_phrase(archive):
    assert found(archive, "an ninh") == {"an-ninh"}
    assert found(archive, "an toàn") == {"an-toan"}
    # Both syllables, not as a phrase: the document holding "an toàn ... Ninh" only.
    assert found(archive, '"an" "ninh"') == {"an-ninh", "an-toan"}


def test_or_exclusion_and_prefix(archive):
    assert found(archive, "an ninh OR bão") == {"an-ninh", "bao-storm"}
    assert found(archive, "hoa giai -thon") == HOA_GIAI - {"hoa-giai-new"}
    assert found(archive, "ninh*") == {"an-ninh", "an-toan"}
    assert found(archive, "hoa gi*") == HOA_GIAI


def test_filters(archive):
    assert found(archive, "hoa giai", province="Hà Giang") | found(archive, "hoa giai", province="Yen Bai") == HOA_GIAI
    assert found(archive, "hoa giai", province="Hà Giang").isdisjoint(found(archive, "hoa giai", province="Yên Bái"))
    with pytest.raises(QueryError, match="Unknown province"):
        search(archive[0], "an ninh", province="Atlantis")


def test_title_matches_rank_above_body_matches(archive):
    path, ids, names = archive
    ranked = [names[r["id"]] for r in search(path, "hòa giải").results]
    assert ranked[0] in {"hoa-giai-new", "hoa-giai-old"}
    assert ranked.index("in-text-only") > ranked.index("hoa-giai-new")


def test_snippet_highlights_the_page_text(archive):
    result = search(archive[0], "hoa giai").results
    snippets = {r["title"]: r["snippet"] for r in result}
    assert "<mark>hoà giải</mark>" in snippets["Hoà giải thành nhiều vụ việc"] or "<mark>hòa giải</mark>" in snippets["Hoà giải thành nhiều vụ việc"]
    assert "<mark>" in snippets["Tổ hòa giải ở cơ sở"]


@pytest.mark.parametrize("query", ['"', "((", "-an", "NOT", '" OR "', "*", "{title}:", "an AND", "OR OR"])
def test_malformed_input_is_a_clear_error_or_a_search(archive, query):
    try:
        search(archive[0], query)
    except QueryError as exc:
        assert str(exc)


def test_index_follows_updates_and_deletes(archive):
    path, ids, names = archive
    db = schema.connect(path)
    db["articles"].update(ids["bao-storm"], {"title": "Tin đã sửa", "text": "Bài đã sửa: công tác hòa giải."})
    db.execute("delete from articles where id = ?", [ids["an-ninh"]])
    db.conn.commit()
    db.close()
    assert "bao-storm" in found(archive, "hoa giai")
    assert found(archive, "bão") == set()
    assert found(archive, "an ninh") == set()


def test_writers_without_the_functions_fail_loudly_but_deletes_work(archive):
    path, ids, _names = archive
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.OperationalError, match="no such function"):
        conn.execute("update articles set title = 'x' where id = ?", [ids["dang"]])
    conn.execute("update articles set author = 'PV' where id = ?", [ids["dang"]])
    conn.execute("delete from articles where id = ?", [ids["bao-paper"]])
    conn.commit()
    conn.close()
    assert found(archive, "báo") == set()
    assert found(archive, "dang") == {"dang"}


def test_parse_builds_column_scoped_phrases():
    assert parse("an ninh").expression == '({title_fold lead_fold text_fold} : "an ninh")'
    assert parse("hoà giải").expression == '({title lead text} : "hòa giải")'
