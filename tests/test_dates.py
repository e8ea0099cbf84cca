"""crawler.dates: Vietnamese date strings, datelines and page dates."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.dates import VN_TZ, find_dateline, parse_date, year_from_url
from crawler.pagedates import page_date, page_updated

FIXTURES = Path(__file__).parent / "fixtures"


def table(name):
    rows = []
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        text, reference, url, expected = (line.split("\t") + ["", "", ""])[:4]
        rows.append(pytest.param(text, reference, url, expected, id=text))
    return rows


def reference_of(value: str):
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


@pytest.mark.parametrize("text, reference, url, expected", table("dates-vi.tsv"))
def test_shared_date_table(text, reference, url, expected):
    value = parse_date(text, url=url or None, reference=reference_of(reference))
    assert (value.isoformat() if value is not None else "") == expected


@pytest.mark.parametrize("text, reference, url, expected", table("dates-cases.tsv"))
def test_more_real_shapes(text, reference, url, expected):
    value = parse_date(text, url=url or None, reference=reference_of(reference))
    assert (value.isoformat() if value is not None else "") == expected


def test_results_are_vietnam_time():
    value = parse_date("2020-11-06T08:30:00Z", reference=date(2020, 11, 7))
    assert value.utcoffset().total_seconds() == 7 * 3600
    assert value.isoformat() == "2020-11-06T15:30:00+07:00"


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


def test_update_date_is_never_the_publication_date():
    html = page(body='<h1>Tin</h1><span class="time">Cập nhật: 08:30 | 22/03/2018</span><p>Sáng 22.3, tại hội trường</p>')
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
