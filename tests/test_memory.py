"""The archive's memory: two nights of the fixture web with a revisit due in between.

Night one is the fixture web; night two (fixtureweb/nights.py) has an article
edited, two removed (404, 410), one redirecting to the home page, and a story
republished with edits on two more sites. The second crawl revisits every
known article (``ARCHIVE_REVISIT_OLDER_THAN=0``: the schedule's next point,
made due now).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def two_nights(two_nights_archive):
    """The two nights' archive (tests/conftest.py, shared with the Datasette tests), opened once."""
    conn = sqlite3.connect(two_nights_archive["db"])
    conn.row_factory = sqlite3.Row
    yield {**two_nights_archive, "conn": conn}
    conn.close()


def article(conn, url: str) -> sqlite3.Row:
    return conn.execute("select * from articles where url = ?", [url]).fetchone()


def test_an_edited_article_keeps_its_earlier_version(two_nights):
    conn, edited = two_nights["conn"], two_nights["changes"]["edited"]
    row = article(conn, edited["url"])
    assert row["version"] == 2
    assert row["title"] == edited["title_after"] and row["text"] == "\n\n".join(edited["after"])
    versions = conn.execute("select * from article_versions where article_id = ?", [row["id"]]).fetchall()
    assert [(v["version"], v["title"], v["text"]) for v in versions] == [
        (1, edited["title_before"], "\n\n".join(edited["before"]))
    ]
    assert versions[0]["last_seen"] < row["version_seen"]
    assert versions[0]["warc_file"] and (versions[0]["warc_file"], versions[0]["warc_offset"]) != (
        row["warc_file"], row["warc_offset"])


def test_removed_articles_are_marked_with_their_status_and_stay(two_nights):
    conn, changes = two_nights["conn"], two_nights["changes"]
    found = {url: (article(conn, url)["removed_status"], bool(article(conn, url)["removed_at"]))
             for url in (changes["gone_404"], changes["gone_410"], changes["moved_home"]["url"])}
    assert found == {changes["gone_404"]: (404, True), changes["gone_410"]: (410, True),
                     changes["moved_home"]["url"]: (301, True)}
    episodes = conn.execute("select count(*) from article_removals where restored_at is null").fetchone()[0]
    assert episodes == 3
    # Still searchable.
    row = article(conn, changes["gone_404"])
    assert conn.execute("select count(*) from articles_fts where rowid = ?", [row["search_key"]]).fetchone()[0] == 1


def test_an_unchanged_revisit_adds_only_a_revisit_record(two_nights):
    conn, changes = two_nights["conn"], two_nights["changes"]
    touched = {changes["edited"]["url"], changes["gone_404"], changes["gone_410"], changes["moved_home"]["url"],
               *changes["republished"]["copies"]}
    unchanged = conn.execute("select * from articles where url not in (%s)" % ",".join("?" * len(touched)),
                             sorted(touched)).fetchall()
    assert len(unchanged) >= 20
    assert all(row["version"] == 1 and row["checks"] == 1 and row["removed_at"] is None for row in unchanged)
    assert conn.execute("select count(*) from article_versions").fetchone()[0] == 1
    records: dict[str, list[str]] = {}
    for path in sorted((Path(two_nights["db"]).parent / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type in ("response", "revisit"):
                    records.setdefault(record.rec_headers.get_header("WARC-Target-URI"), []).append(record.rec_type)
    for row in unchanged:
        assert records[row["fetched_url"]] == ["response", "revisit"], row["url"]


def test_a_republished_story_is_one_story_with_its_first_copy_as_origin(two_nights):
    conn, republished = two_nights["conn"], two_nights["changes"]["republished"]
    origin = article(conn, republished["origin"])
    copies = [article(conn, url) for url in republished["copies"]]
    assert all(copy is not None for copy in copies)
    assert {origin["story_id"]} == {copy["story_id"] for copy in copies} == {origin["id"]}
    members = conn.execute("select url from articles where story_id = ? order by first_seen, id", [origin["id"]]).fetchall()
    assert [m["url"] for m in members][0] == republished["origin"] and len(members) == 3
    # Other stories of the fixture web stay stories of their own.
    assert conn.execute("select count(*) from articles where story_id is not null and story_id != id"
                        " and story_id != ?", [origin["id"]]).fetchone()[0] == 0
