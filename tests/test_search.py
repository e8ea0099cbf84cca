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
    integrity_ok(path)
    assert "bao-storm" in found(archive, "hoa giai")
    assert found(archive, "bão") == set()
    assert found(archive, "an ninh") == set()


def integrity_ok(path) -> None:
    from archive.fts import index_differences

    db = schema.connect(path)
    try:
        db.execute("insert into articles_fts(articles_fts) values ('integrity-check')")
        assert index_differences(db) == 0
    finally:
        db.close()


def test_the_index_check_sees_a_row_removed_with_the_wrong_words(archive):
    from archive.fts import ID_MASK, index_differences

    path, ids, _names = archive
    db = schema.connect(path)
    key = db.execute("select search_key from articles where id = ?", [ids["dang"]]).fetchone()[0]
    assert key & ID_MASK == ids["dang"]
    db.execute("insert into articles_fts(articles_fts, rowid, title) values ('delete', ?, 'không phải')", [key])
    assert index_differences(db) > 0
    db.close()


def test_writers_without_the_functions_fail_loudly_and_leave_the_index_whole(archive):
    path, ids, _names = archive
    conn = sqlite3.connect(path)
    # The index removes a row only when told the words it indexed: no function, no write.
    for sql in ("update articles set title = 'x' where id = ?", "delete from articles where id = ?"):
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            conn.execute(sql, [ids["dang"]])
    conn.execute("update articles set author = 'PV' where id = ?", [ids["dang"]])
    conn.commit()
    conn.close()
    integrity_ok(path)
    assert found(archive, "dang") == {"dang"}


def test_index_stays_whole_through_updates_of_dates_and_places(archive):
    path, ids, names = archive
    db = schema.connect(path)
    db.execute("update articles set published = '2019-02-03T10:00:00+07:00', province = 'Sơn La' where id = ?",
               [ids["an-ninh"]])
    db.conn.commit()
    db.close()
    integrity_ok(path)
    assert [names[r["id"]] for r in search(path, "an ninh", since="2019-01-01", order="newest").results] == ["an-ninh"]
    assert found(archive, "an ninh", province="Sơn La") == {"an-ninh"}
    assert found(archive, "an ninh", province="Hà Giang") == set()
    assert found(archive, "an ninh", year=2019) == {"an-ninh"}
    assert found(archive, "an ninh", year=2024) == set()


def test_newest_first_is_publication_order(archive):
    path, ids, names = archive
    conn = sqlite3.connect(path)
    published = dict(conn.execute("select id, published from articles").fetchall())
    conn.close()
    ranked = [r["id"] for r in search(path, "hoa giai", order="newest").results]
    assert ranked == sorted(ranked, key=lambda i: published[i], reverse=True)
    assert len(ranked) == len(HOA_GIAI)


def test_since_and_year_bound_the_search(archive):
    path, ids, names = archive
    conn = sqlite3.connect(path)
    rows = conn.execute("select id, published from articles").fetchall()
    conn.close()
    every = found(archive, "hoa giai")
    late = {names[i] for i, p in rows if p >= "2024-05-01"} & every
    assert found(archive, "hoa giai", since="2024-05-01") == late
    assert 0 < len(late) < len(every)
    with pytest.raises(QueryError, match="Not a date"):
        search(path, "hoa giai", since="hôm qua")


def test_counts_beyond_the_window_are_estimated_and_said_so(archive, monkeypatch):
    from archive import search as module

    monkeypatch.setattr(module, "WINDOW", 2)
    result = search(archive[0], "hoa giai", order="newest", facets=("site", "province"))
    assert result.estimated and result.total >= 2
    assert result.describe().startswith("about ") and "(estimated)" in result.describe()
    assert len(result.results) == len(HOA_GIAI)  # the page itself is complete
    assert result.facets_counted == 2 and sum(n for _, n in result.facets["site"]) == 2


def test_facets_count_every_match_under_the_window(archive):
    path, ids, names = archive
    conn = sqlite3.connect(path)
    province = dict(conn.execute("select id, province from articles").fetchall())
    conn.close()
    result = search(path, "hoa giai", facets=("province",))
    expected = {}
    for row in result.results:
        expected[province[row["id"]]] = expected.get(province[row["id"]], 0) + 1
    assert dict(result.facets["province"]) == expected and result.facets_counted == len(HOA_GIAI)


def test_common_words_rank_title_then_lead_then_text_among_the_newest(archive, monkeypatch):
    from archive import search as module

    monkeypatch.setattr(module, "WINDOW", 3)
    result = search(archive[0], "hoa giai")
    assert result.ranking == "fields" and result.estimated
    assert "ranked by where the words stand" in result.describe()
    newest = [r["id"] for r in search(archive[0], "hoa giai", order="newest").results][:3]
    ranked = [r["id"] for r in result.results]
    assert sorted(ranked) == sorted(newest)
    names = archive[2]
    titled = [i for i in ranked if names[i] in {"hoa-giai-new", "hoa-giai-old"}]
    assert ranked[: len(titled)] == titled  # title matches first


def test_rare_words_are_ranked_by_bm25(archive):
    result = search(archive[0], "hòa giải")
    assert result.ranking == "bm25" and not result.estimated
    assert all(r["rank"] is not None for r in result.results)
    assert [r["rank"] for r in result.results] == sorted(r["rank"] for r in result.results)


def test_parse_builds_column_scoped_phrases():
    assert parse("an ninh").expression == '({title_fold lead_fold text_fold} : "an ninh")'
    assert parse("hoà giải").expression == '({title lead text} : "hòa giải")'
