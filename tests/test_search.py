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


NOTHING = "Nothing to search for: type at least one word."
ONLY_EXCLUDED = "A search needs at least one word that is not excluded with '-'."


@pytest.mark.parametrize("query, message", [
    ('"', NOTHING), ("((", NOTHING), ("*", NOTHING), ("OR OR", NOTHING), ("NOT", NOTHING), (",,", NOTHING),
    ("-an", ONLY_EXCLUDED), ("NOT an", ONLY_EXCLUDED), ('-"an ninh"', ONLY_EXCLUDED),
])
def test_malformed_input_gets_the_clear_message(archive, query, message):
    with pytest.raises(QueryError) as caught:
        search(archive[0], query)
    assert str(caught.value) == message


@pytest.mark.parametrize("query", ['" OR "', "{title}:", "an AND", "an ninh)"])
def test_odd_but_searchable_input_is_searched_as_words(archive, query):
    assert search(archive[0], query).total >= 0


def test_too_many_phrases_is_a_clear_error(archive):
    with pytest.raises(QueryError, match=r"^Too many phrases \(500\): a search takes at most 64\.$"):
        search(archive[0], " OR ".join(f"w{i}" for i in range(500)))


def test_decomposed_accents_and_eth_search_as_typed(archive):
    import unicodedata

    for query in ("hòa giải", "Đảng", "bảo vệ an ninh"):
        nfd = unicodedata.normalize("NFD", query)
        assert nfd != query
        assert found(archive, nfd) == found(archive, query) != set()
    # Ð (U+00D0, Icelandic eth) looks like Đ and comes from some keyboards and PDFs.
    assert found(archive, "\u00d0ảng") == found(archive, "Đảng") == {"dang"}


def test_commas_separate_phrases(archive):
    # Both phrases required, each a phrase of its own: not the phrase "an ninh tổ quốc phát".
    assert found(archive, "an ninh, phát động") == {"an-ninh"}
    assert found(archive, "hoa giai, thon") == {"hoa-giai-new"}
    assert parse("an ninh, hoa giai").phrases == parse('"an ninh" "hoa giai"').phrases


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


def test_counts_beyond_the_window_are_exact(archive, monkeypatch):
    from archive import search as module

    monkeypatch.setattr(module, "WINDOW", 2)
    result = search(archive[0], "hoa giai", order="newest", facets=("site", "province", "year"))
    assert result.total == len(HOA_GIAI) and not result.estimated
    assert result.describe() == f"{len(HOA_GIAI)} results"
    assert len(result.results) == len(HOA_GIAI)
    assert result.facets_complete and sum(n for _, n in result.facets["site"]) == len(HOA_GIAI)
    assert result.facets["year"] == [(2024, len(HOA_GIAI))]


def test_bad_filters_are_clear_errors(archive):
    for filters, message in [
        ({"year": "abc"}, "Not a year: 'abc' (expected four digits, e.g. 2022)"),
        ({"until": "31/12/2024"}, "Not a date: '31/12/2024' (expected YYYY-MM-DD)"),
        ({"kind": "blog"}, "Unknown kind of site: 'blog' (one of newspaper)"),
        ({"unit": "Atlantis"}, "Unknown province: Atlantis"),
    ]:
        with pytest.raises(QueryError) as caught:
            search(archive[0], "an ninh", **filters)
        assert str(caught.value) == message


def test_date_range_kind_and_unit_filters(archive):
    path, ids, names = archive
    conn = sqlite3.connect(path)
    rows = conn.execute("select id, published, province from articles").fetchall()
    conn.close()
    every = found(archive, "hoa giai")
    inside = {names[i] for i, p, _ in rows if "2024-02-01" <= p[:10] <= "2024-03-31"} & every
    assert found(archive, "hoa giai", since="2024-02-01", until="2024-03-31") == inside
    assert 0 < len(inside) < len(every)
    assert found(archive, "hoa giai", kind="newspaper") == every
    # Hà Giang and Tuyên Quang make one province since 1 July 2025; Yên Bái went into Lào Cai.
    ha_giang = {names[i] for i, _, prov in rows if prov == "Hà Giang"} & every
    assert found(archive, "hoa giai", unit="Tuyên Quang") == ha_giang
    assert found(archive, "hoa giai", unit="Lào Cai") == every - ha_giang


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
    assert result.ranking == "fields" and result.total == len(HOA_GIAI)
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


def months_of(archive, names: set[str]) -> dict[str, int]:
    path, ids, _ = archive
    conn = sqlite3.connect(path)
    published = dict(conn.execute("select id, published from articles").fetchall())
    conn.close()
    counts: dict[str, int] = {}
    for name in names:
        month = published[ids[name]][:7]
        counts[month] = counts.get(month, 0) + 1
    return counts


def test_over_time_counts_every_match_per_month_with_its_share(archive):
    from archive.timeline import over_time
    from tests.searchcorpus import DOCS

    timeline = over_time(archive[0], ["hoa giai"], by="month")
    series = timeline.series[0]
    assert {p: n for p, n in zip(timeline.periods, series.counts) if n} == months_of(archive, HOA_GIAI)
    assert dict(zip(timeline.periods, series.totals)) == {
        p: n for p, n in months_of(archive, set(DOCS)).items() if timeline.periods[0] <= p <= timeline.periods[-1]
    } | {p: 0 for p, t in zip(timeline.periods, series.totals) if t == 0}
    assert all(s == (c / t if t else None) for s, c, t in zip(series.share, series.counts, series.totals))
    assert timeline.periods == sorted(timeline.periods) and series.total == len(HOA_GIAI)


def test_over_time_compares_queries_and_splits_one(archive):
    from archive.timeline import over_time

    compared = over_time(archive[0], ["hoa giai", "an ninh"], by="year")
    assert [(s.name, s.counts) for s in compared.series] == [("hoa giai", [len(HOA_GIAI)]), ("an ninh", [1])]
    split = over_time(archive[0], ["hoa giai"], by="year", split="province")
    assert sum(s.total for s in split.series) == len(HOA_GIAI)
    assert {s.name for s in split.series} == {"Hà Giang", "Yên Bái"}
    units = over_time(archive[0], ["hoa giai"], by="year", split="unit")
    assert {s.name: s.total for s in units.series} == {s.name.replace("Hà Giang", "Tuyên Quang").replace("Yên Bái", "Lào Cai"): s.total for s in split.series}
    with pytest.raises(QueryError, match="Split one query at a time"):
        over_time(archive[0], ["hoa giai", "an ninh"], split="site")


def test_did_you_mean_and_accented_variants(archive):
    from archive.search import prepare
    from archive.vocab import suggest, variants

    conn = sqlite3.connect(archive[0])
    try:
        assert suggest(conn, parse("an nihn")) == "an ninh"
        assert suggest(conn, parse("hoa giau")) == "hoa giai"
        assert suggest(conn, parse("an ninh")) is None  # nothing to fix
        assert variants(conn, *prepare(conn, "hoa giai")) == [("hòa giải", len(HOA_GIAI))]
        assert variants(conn, *prepare(conn, "dang")) == [("đảng", 1)]
        assert variants(conn, *prepare(conn, "hòa giải")) == []  # typed with accents: nothing to narrow
    finally:
        conn.close()


def test_crawler_search_prints_plain_text_when_piped_and_counts_over_time(archive):
    from tests.conftest import run_cli

    listed = run_cli("search", "hoa giai", "--db", str(archive[0]))
    assert listed.returncode == 0, listed.stderr
    assert "<mark>" not in listed.stdout and "\x1b[" not in listed.stdout and "hòa giải" in listed.stdout.lower()
    colored = run_cli("search", "hoa giai", "--db", str(archive[0]), "--color")
    assert "\x1b[1;33m" in colored.stdout and "<mark>" not in colored.stdout
    by_month = run_cli("search", "hoa giai", "--db", str(archive[0]), "--by", "month", "--json")
    assert by_month.returncode == 0, by_month.stderr
    import json

    rows = [json.loads(line) for line in by_month.stdout.splitlines()]
    assert {r["period"]: r["articles"] for r in rows if r["articles"]} == months_of(archive, HOA_GIAI)
    bad = run_cli("search", "hoa giai", "--db", str(archive[0]), "--year", "abc")
    assert bad.returncode != 0 and bad.stderr.strip().endswith("Not a year: 'abc' (expected four digits, e.g. 2022)")


# --- at scale ------------------------------------------------------------------------

SCALE = 100_000


@pytest.fixture(scope="module")
def large_archive(tmp_path_factory):
    """100,000 articles through the real schema and triggers (benchmarks/bench_search.py, one paragraph each)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_search import build as build_large

    path = tmp_path_factory.mktemp("large") / "archive.db"
    build_large(path, SCALE, paragraphs_per_article=(1, 1), quiet=True)
    return path


def brute_force_months(path, words: str, accented: bool, province: str | None = None) -> dict[str, int]:
    """Articles per month whose title, lead or text holds ``words`` side by side, read row by row."""
    import re

    from crawler.vntext import fold, key

    pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words.split())) + r"(?!\w)")
    conn = sqlite3.connect(path)
    counts: dict[str, int] = {}
    try:
        for title, lead, text, published, where in conn.execute("select title, lead, text, published, province from articles"):
            if province and where != province:
                continue
            if any(pattern.search(key(c) if accented else fold(c)) for c in (title, lead, text) if c):
                counts[published[:7]] = counts.get(published[:7], 0) + 1
    finally:
        conn.close()
    return counts


@pytest.mark.crawl  # builds a 100,000-article archive
@pytest.mark.parametrize("query, accented, province", [
    ("an ninh", False, None), ("của", True, None), ("phat trien kinh te", False, None), ("an ninh", False, "Hà Giang"),
])
def test_over_time_counts_at_scale_equal_a_brute_force_count(large_archive, query, accented, province):
    from archive.timeline import over_time

    conn = sqlite3.connect(large_archive)
    assert conn.execute("select count(*) from articles").fetchone()[0] == SCALE
    conn.close()
    expected = brute_force_months(large_archive, query, accented, province)
    assert sum(expected.values()) > (100 if province else 1_000)
    timeline = over_time(large_archive, [query], by="month", province=province)
    counts = dict(zip(timeline.periods, timeline.series[0].counts))
    assert {p: n for p, n in counts.items() if n} == expected
    total = search(large_archive, query, province=province, facets=("year",))
    assert total.total == sum(expected.values())


@pytest.mark.crawl  # the 100,000-article archive
def test_facets_past_their_time_budget_say_what_they_counted(large_archive):
    from archive import search as module

    slow = search(large_archive, "của", facets=("site", "province"), facet_time_s=0.001)
    assert not slow.facets_complete and slow.facets_counted == module.WINDOW
    assert sum(n for _, n in slow.facets["site"]) == module.WINDOW < slow.total
    full = search(large_archive, "của", facets=("site", "province"))
    assert full.facets_complete and sum(n for _, n in full.facets["site"]) == full.total
