"""crawler.dates: Vietnamese date strings, datelines and page dates."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler import lunar
from crawler.dates import VN_TZ, find_dateline, parse_date, year_from_url
from crawler.pagedates import page_date, page_updated

FIXTURES = Path(__file__).parent / "fixtures"


def rows(name):
    """(text, reference, url, expected, kind) of a date table; kind is empty in the older tables."""
    found = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        found.append(tuple((line.split("\t") + ["", "", "", ""])[:5]))
    return found


def table(name):
    return [pytest.param(*row[:4], id=f"{row[4]}:{row[0]}" if row[4] else row[0]) for row in rows(name)]


def reference_of(value: str):
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def parsed(text, reference, url):
    value = parse_date(text, url=url or None, reference=reference_of(reference))
    return value.isoformat() if value is not None else ""


@pytest.mark.parametrize("text, reference, url, expected", table("dates-vi.tsv"))
def test_shared_date_table(text, reference, url, expected):
    assert parsed(text, reference, url) == expected


@pytest.mark.parametrize("text, reference, url, expected", table("dates-cases.tsv"))
def test_more_real_shapes(text, reference, url, expected):
    assert parsed(text, reference, url) == expected


@pytest.mark.parametrize("text, reference, url, expected", table("dates-kinds.tsv"))
def test_date_kinds(text, reference, url, expected):
    """Ranges, a time before the day, lunar dates, odd clocks and typos, source tags, offsets, non-dates."""
    assert parsed(text, reference, url) == expected


@pytest.mark.parametrize("text, reference, url, expected", table("dates-heldout.tsv"))
def test_held_out_table(text, reference, url, expected):
    assert parsed(text, reference, url) == expected


def test_every_kind_is_tested_on_many_strings():
    kinds = Counter(row[4] for row in rows("dates-kinds.tsv"))
    assert set(kinds) == {"range", "time-first", "lunar", "odd-time", "source-tag", "offset", "common", "not-a-date"}
    assert min(kinds.values()) >= 10, kinds


def test_utc_stays_utc():
    value = parse_date("2020-11-06T20:30:00Z", reference=date(2020, 11, 7))
    assert value.isoformat() == "2020-11-06T20:30:00+00:00"  # the page's date, not the 7th of Vietnam
    assert value == datetime(2020, 11, 7, 3, 30, tzinfo=VN_TZ)


def test_a_stated_offset_is_kept_and_the_instant_unchanged():
    value = parse_date("2020-01-16T18:20+01:00", reference=date(2020, 1, 17))
    assert value.isoformat() == "2020-01-16T18:20:00+01:00"
    assert value == datetime(2020, 1, 17, 0, 20, tzinfo=VN_TZ)


def test_a_reference_in_another_offset_is_read_on_its_own_day():
    # 16 Jan 18:20 in +01:00 is already 17 Jan in Vietnam: "17/1" would be after the page.
    reference = datetime(2020, 1, 16, 18, 20, tzinfo=timezone(timedelta(hours=1)))
    assert parse_date("Sáng 16/1", reference=reference) == date(2020, 1, 16)
    assert parse_date("Sáng 17/1", reference=reference) == date(2019, 1, 17)


def tet_table():
    return [tuple(row[:4]) for row in rows("tet-dates.tsv")]


def test_tet_is_the_vietnamese_one():
    table = tet_table()
    # The table tells the two calendars apart (1985, 2007, ...): a UTC+8 calendar fails here.
    assert {year for year, tet, _gio_to, china in table if tet != china} >= {"1985", "2007", "2030"}
    assert [(year, lunar.tet(int(year)).isoformat()) for year, *_ in table] == [(year, tet) for year, tet, *_ in table]


def test_lunar_phrases_on_the_day_they_name():
    tets = {int(year): date.fromisoformat(tet) for year, tet, *_ in tet_table()}
    for year, tet, gio_to, _china in tet_table():
        if int(year) < 1991:
            continue
        on_tet, on_gio_to = date.fromisoformat(tet), date.fromisoformat(gio_to)
        assert parse_date("mùng 1 Tết", reference=on_tet) == on_tet, year
        assert parse_date("mùng 3 Tết", reference=on_tet + timedelta(days=10)) == on_tet + timedelta(days=2), year
        assert parse_date("đêm giao thừa", reference=on_tet) == on_tet - timedelta(days=1), year
        assert parse_date("Giỗ Tổ Hùng Vương (10/3 âm lịch)", reference=on_gio_to) == on_gio_to, year
        # A year before its Tết, "mùng 1 Tết" is the Tết before.
        assert parse_date("mùng 1 Tết", reference=on_tet - timedelta(days=1)) == tets[int(year) - 1], year


@pytest.mark.parametrize(
    "url, year",
    [
        ("https://baohagiang.vn/an-ninh/202011/hoi-nghi-743622/", 2020),
        ("https://example.vn/2019/04/30/bai-viet/", 2019),
        ("https://example.vn/tin-tuc/bai-viet-20180322.html", 2018),
        ("https://baoyenbai.com.vn/11/193923/Bao-Yen-Bai.aspx", None),
        ("https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=113139", None),
    ],
)
def test_year_from_url(url, year):
    assert year_from_url(url) == year


def test_url_year_beats_inference():
    assert parse_date("Chiều 6.11", url="https://baohagiang.vn/an-ninh/201911/x-743622/", reference=date(2020, 11, 7)) == date(2019, 11, 6)


@pytest.mark.parametrize(
    "body, line",
    [
        ("BHG - Chiều 6.11, UBND tỉnh tổ chức hội nghị", "Chiều 6.11"),
        ("(QNO) - Sáng nay 15.2, Công an tỉnh", "Sáng nay 15.2"),
        ("Ngày 13/9, Công an tỉnh tổ chức Hội nghị", "Ngày 13/9"),
        ("YBĐT - Sáng 22.3, tại hội trường", "Sáng 22.3"),
        ("Chiều qua (5/3), đoàn công tác", "Chiều qua (5/3)"),
        ("(Mặt trận) -Chiều 16/6, Ủy ban Trung ương MTTQ Việt Nam", "Chiều 16/6"),
        ("( CTTS Trưa 15-1) Đoàn công tác của tỉnh", "Trưa 15-1"),
        ("(Báo Quảng Ngãi)- Sáng 3.12, Tỉnh ủy tổ chức", "Sáng 3.12"),
        ("Kinhtedothi – Sáng 12/3, tại Hà Nội", "Sáng 12/3"),
        ("Báo Cà Mau (CMO) Chiều 17/10, Ban Tuyên giáo", "Chiều 17/10"),
        ("Dự và chỉ đạo Hội nghị có Đại tá Đặng Hồng Đức", None),
        ("Năm 2020 đã có trên 256 nghìn lượt người", None),
    ],
)
def test_find_dateline(body, line):
    assert find_dateline(body) == line


FETCHED = datetime(2026, 11, 24, 9, 0, tzinfo=VN_TZ)


def page(head="", body=""):
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_page_metadata_comes_first():
    html = page(
        '<meta property="article:published_time" content="2020-11-06T15:30:00+07:00">'
        '<meta property="article:modified_time" content="2020-11-08T10:00:00+07:00">',
        '<div class="top-bar">Thứ Ba, 24/11/2026</div><h1>Tin</h1><p class="date">Cập nhật: 08:30 | 08/11/2020</p>',
    )
    found = page_date(html, fetched=FETCHED)
    assert found.value.isoformat() == "2020-11-06T15:30:00+07:00"
    assert found.source == "meta:article:published_time"
    assert page_updated(html, fetched=FETCHED).value.isoformat() == "2020-11-08T10:00:00+07:00"


def test_json_ld_date_published():
    html = page('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
                '"datePublished":"2020-09-13T09:00:00+07:00","dateModified":"2020-09-14T09:00:00+07:00"}</script>')
    found = page_date(html, fetched=FETCHED)
    assert (found.value.isoformat(), found.source) == ("2020-09-13T09:00:00+07:00", "jsonld:datePublished")


def test_visible_date_near_headline_not_the_header_bar():
    html = page(body='<header><div class="date">Thứ Ba, 24/11/2026</div></header>'
                '<h1>Tổng kết 10 năm</h1><div class="detail-time">19/04/2024 16:46</div><p>Ngày 19/4, Công an tỉnh</p>')
    found = page_date(html, fetched=FETCHED)
    assert found.value.isoformat() == "2024-04-19T16:46:00+07:00"
    assert found.raw == "19/04/2024 16:46"


@pytest.mark.parametrize("label", ["Cập nhật:", "Cập nhât:", "Cập nhập:", "Cạp nhật", "Ngày cập nhật:", "CẬP NHẬT:"])
def test_update_date_is_never_the_publication_date(label):
    html = page(body=f'<h1>Tin</h1><span class="time">{label} 08:30 | 22/03/2018</span><p>Sáng 22.3, tại hội trường</p>')
    found = page_date(html, url="https://baoyenbai.com.vn/12/160123/Tin.aspx", fetched=FETCHED)
    assert found is None
    assert page_updated(html, fetched=FETCHED).value.isoformat() == "2018-03-22T08:30:00+07:00"


@pytest.mark.parametrize(
    "html",
    [
        page('<meta property="article:modified_time" content="2020-11-08T10:00:00+07:00">', "<h1>Tin</h1><p>Nội dung.</p>"),
        page('<meta property="og:updated_time" content="2020-11-08T10:00:00+07:00">', "<h1>Tin</h1><p>Nội dung.</p>"),
        page('<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2020-11-08T10:00:00+07:00"}</script>',
             "<h1>Tin</h1><p>Nội dung.</p>"),
        page(body="<h1>Tin</h1><p>Cập nhật lúc 10:00 ngày 08/11/2020</p><p>Nội dung bài viết.</p>"),
    ],
    ids=["modified_time", "og:updated_time", "jsonld-dateModified", "cap-nhat-line"],
)
def test_a_page_stating_only_an_update_date_has_no_publication_date(html):
    assert page_updated(html, fetched=FETCHED).value.isoformat() == "2020-11-08T10:00:00+07:00"
    assert page_date(html, fetched=FETCHED) is None


def test_published_keeps_the_offset_the_page_states():
    html = page('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-16T18:20:00+01:00"}'
                "</script>", "<h1>Nachricht</h1><p>Text.</p>")
    found = page_date(html, fetched=FETCHED)
    assert found.value.isoformat() == "2020-01-16T18:20:00+01:00"


def test_dateline_with_url_year():
    html = page(body="<h1>Hội nghị</h1><p>BHG - Chiều 6.11, UBND tỉnh tổ chức hội nghị tổng kết.</p>")
    found = page_date(html, url="https://baohagiang.vn/an-ninh/202011/hoi-nghi-743622/", fetched=FETCHED)
    assert (found.value, found.source) == (date(2020, 11, 6), "dateline+url")


def test_a_date_after_the_fetch_is_never_published():
    html = page('<meta property="article:published_time" content="2027-01-01T08:00:00+07:00">',
                '<h1>Tin</h1><div class="date">05/03/2021</div>')
    found = page_date(html, fetched=FETCHED)
    assert found.value == date(2021, 3, 5)


def test_no_date_at_all():
    assert page_date(page(body="<h1>Giới thiệu</h1><p>Tòa soạn báo</p>"), fetched=FETCHED) is None
    assert page_date("", fetched=FETCHED) is None


def test_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "date", "Chiều 6.11", "--reference", "2020-11-07"],
        capture_output=True, text=True, check=True,
    )
    assert result.stdout == "2020-11-06\n"
    result = subprocess.run(
        [sys.executable, "-m", "crawler", "date", "Tin, ảnh: BIỆN LUÂN"], capture_output=True, text=True
    )
    assert result.returncode == 1 and result.stdout == "" and "no date" in result.stderr


def _date_of(value):
    return value.date() if isinstance(value, datetime) else value


def accuracy_pages():
    """(html, url, expected date): the fixture web's Vietnamese articles and other-language pages."""
    from urllib.parse import urlsplit

    from fixtureweb.corpus import stories
    from fixtureweb.web import article_url, build

    web = build()
    vietnamese = []
    for story in stories():
        url = article_url(story)
        parts = urlsplit(url)
        page = web.pages[parts.hostname][parts.path + (f"?{parts.query}" if parts.query else "")]
        vietnamese.append((page.body.decode("utf-8"), url, date.fromisoformat(story.published[:10])))
    others = []
    for path in sorted((FIXTURES / "date-pages").glob("*.html")):
        url = "https://example.de/2020/07/14/neue-radwege/" if "de-url" in path.name else "https://example.org/news/story"
        others.append((path.read_text(encoding="utf-8"), url, date.fromisoformat(path.name[:10])))
    return vietnamese, others


def test_page_date_is_at_least_as_accurate_as_htmldate():
    from htmldate import find_date

    def score(pages):
        ours = theirs = 0
        for html, url, expected in pages:
            found = page_date(html, url=url, fetched=FETCHED)
            ours += found is not None and _date_of(found.value) == expected
            other = find_date(html, url=url, original_date=True, extensive_search=True)
            theirs += other is not None and date.fromisoformat(other) == expected
        return ours, theirs

    vietnamese, others = accuracy_pages()
    ours_vi, theirs_vi = score(vietnamese)
    ours_other, theirs_other = score(others)
    assert ours_other >= theirs_other and ours_other == len(others)
    assert ours_vi == len(vietnamese)
    assert ours_vi > theirs_vi, (ours_vi, theirs_vi)
