"""crawler.extract on a real page and on real-shaped Vietnamese page furniture."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from crawler.extract import ExtractionError, extract_article

REAL = Path(__file__).parent / "fixtures" / "real-pages"


@pytest.fixture(scope="module")
def vnexpress():
    expected = json.loads((REAL / "vnexpress.net.lymphoma.json").read_text(encoding="utf-8"))
    html = gzip.decompress((REAL / "vnexpress.net.lymphoma.html.gz").read_bytes())
    return extract_article(html, expected["url"]), expected


def test_real_page_title_author_lead(vnexpress):
    article, expected = vnexpress
    assert article.title == expected["title"]
    assert [article.author] == expected["authors"]
    assert [article.lead] == expected["lead"]
    assert article.text.startswith(expected["lead"][0])


def test_real_page_every_paragraph_and_nothing_else(vnexpress):
    article, expected = vnexpress
    assert article.text.split("\n\n") == expected["lead"] + expected["paragraphs"]


def test_real_page_caption_only_in_captions(vnexpress):
    article, expected = vnexpress
    assert article.captions == expected["captions"]
    for caption in expected["captions"]:
        assert caption not in article.text
    assert "Ảnh:" not in article.text and "Lê Phương" not in article.text


def test_real_page_publication_time(vnexpress):
    from datetime import datetime, timedelta

    from crawler.pagedates import page_date

    _article, expected = vnexpress
    html = gzip.decompress((REAL / "vnexpress.net.lymphoma.html.gz").read_bytes()).decode("utf-8")
    published = datetime.fromisoformat(expected["publishing_date"])
    assert published.utcoffset() == timedelta(hours=7)
    # No fetch time: the record's "fetched" (14:57+07:00) is earlier than the time the page
    # itself states, a clock slip in the saved record, and a page is never dated after its fetch.
    found = page_date(html, url=expected["url"])
    assert found is not None
    assert found.value.isoformat() == published.isoformat()  # the same instant, written in +07:00


def wrap(body: str, head: str = "") -> str:
    return (
        f"<html lang='vi'><head><title>Tin - Báo Hà Giang</title>{head}</head><body>"
        "<nav class='menu'><a href='/'>Trang chủ</a><a href='/an-ninh/'>An ninh</a></nav>"
        f"<div class='container'><h1>Hội nghị tổng kết phong trào</h1>{body}</div>"
        "<footer>Báo Hà Giang - Cơ quan của Đảng bộ tỉnh Hà Giang</footer></body></html>"
    )


PARAGRAPHS = [
    "Ngày 13/9, Công an tỉnh tổ chức Hội nghị hội ý nghiệp vụ thực hiện Chỉ thị số 07/CT-BCA-V28 của Bộ Công an về đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc.",
    "Trên địa bàn toàn tỉnh có 1.727 cơ quan doanh nghiệp, nhà trường; lực lượng Công an tỉnh đã chủ động tổ chức ký cam kết, thực hiện nhiều quy chế phối hợp.",
    "Từ năm 2017 đến nay, Công an tỉnh đã phối hợp tổ chức được 4.193 cuộc tuyên truyền, vận động cho 684.468 lượt người tham gia.",
]


def body_with(extra_between: str = "", ending: str = "") -> str:
    return f"<p>{PARAGRAPHS[0]}</p>{extra_between}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>{ending}"


@pytest.mark.parametrize(
    "ending, author",
    [
        ("<p style='text-align:right'><strong>Mạnh Tùng</strong></p>", "Mạnh Tùng"),
        ("<p><strong>Văn Cường - Giang Lương</strong></p>", "Văn Cường - Giang Lương"),
        ("<p>Tin, ảnh: BIỆN LUÂN</p>", "BIỆN LUÂN"),
        ("<p align='right'>THÀNH CÔNG</p>", "THÀNH CÔNG"),
        ("<p>Đỗ Biên - Khánh Linh</p>", "Đỗ Biên - Khánh Linh"),
        ("<p>Tố Tuấn – Nhật Quang</p>", "Tố Tuấn – Nhật Quang"),
        ("<p>PV</p>", "PV"),
        # A unit signing for the article (police sites, portals).
        ("<p>Phòng An ninh mạng</p>", "Phòng An ninh mạng"),
        ("<p>Công an huyện Mai Sơn</p>", "Công an huyện Mai Sơn"),
    ],
)
def test_end_of_article_byline_moves_to_author(ending, author):
    article = extract_article(wrap(body_with(ending=ending)), "https://baohagiang.vn/an-ninh/202009/x-1/")
    assert article.author == author
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "markup, caption",
    [
        ("<figure><img src='/a.jpg'><figcaption>Toàn cảnh hội nghị.</figcaption></figure>", "Toàn cảnh hội nghị."),
        ("<table class='image'><tr><td><img src='/a.jpg'></td></tr><tr><td class='image_desc'>Các đại biểu dự hội nghị</td></tr></table>", "Các đại biểu dự hội nghị"),
        ("<p><img src='/a.jpg'></p><p><em>Hội nghị được truyền hình trực tuyến đến Công an 12 huyện, thành phố</em></p>", "Hội nghị được truyền hình trực tuyến đến Công an 12 huyện, thành phố"),
        ("<p>Tặng cờ thi đua xuất sắc của Bộ Công an cho các tập thể tiêu biểu. Ảnh: THÀNH CÔNG</p>", "Tặng cờ thi đua xuất sắc của Bộ Công an cho các tập thể tiêu biểu. Ảnh: THÀNH CÔNG"),
        ("<p class='caption'>Lãnh đạo tỉnh trao bằng khen (Ảnh: Công an cung cấp)</p>", "Lãnh đạo tỉnh trao bằng khen (Ảnh: Công an cung cấp)"),
    ],
)
def test_captions_move_out_of_the_text(markup, caption):
    article = extract_article(wrap(body_with(extra_between=markup)), "https://baohagiang.vn/an-ninh/202009/x-1/")
    assert article.captions == [caption]
    assert article.text.split("\n\n") == PARAGRAPHS


def test_duplicated_caption_is_kept_once():
    markup = "<p class='caption'>Trao cờ thi đua. Ảnh: T.C</p><p class='caption'>Trao cờ thi đua. Ảnh: T.C</p>"
    article = extract_article(wrap(body_with(extra_between=markup)), "https://baohagiang.vn/an-ninh/202009/x-1/")
    assert article.captions == ["Trao cờ thi đua. Ảnh: T.C"]


def test_credit_glued_to_a_long_paragraph_is_cut_off():
    long = PARAGRAPHS[1] + " " + PARAGRAPHS[2] + " Ảnh: Phạm Bằng"
    article = extract_article(wrap(f"<p>{PARAGRAPHS[0]}</p><p>{long}</p>"), "https://baonghean.vn/x-1.html")
    assert article.captions == ["Ảnh: Phạm Bằng"]
    assert article.text.endswith("684.468 lượt người tham gia.")


def test_portal_chrome_is_removed():
    body = (
        "<div class='breadcrumb'><a>Trang chủ</a> » <a>Quốc phòng - An ninh</a></div>"
        "<div>DetailController</div><div>Quốc phòng - An ninh</div><div class='date'>19/04/2024 16:46</div>"
        + body_with()
        + "<div class='share'>Chia sẻ Facebook Zalo In bài</div>"
    )
    article = extract_article(wrap(body), "https://www.quangninh.gov.vn/Trang/ChiTietTinTuc.aspx?nid=1")
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == "Hội nghị tổng kết phong trào"


def test_sapo_is_kept_as_lead_and_first_paragraph():
    sapo = "BHG - Chiều 6.11, UBND tỉnh tổ chức hội nghị tổng kết Đề án nâng cao chất lượng phong trào toàn dân bảo vệ an ninh Tổ quốc."
    article = extract_article(wrap(f"<h2 class='sapo'>{sapo}</h2>" + body_with()), "https://baohagiang.vn/a/202011/x-1/")
    assert article.lead == sapo
    assert article.text.split("\n\n") == [sapo] + PARAGRAPHS


def test_text_is_cleaned():
    body = "<p>Ðảng bộ tỉnh lãnh đạo công tác hoà giải ở cơ sở, thực hiện tốt nhiệm vụ chính trị của địa phương trong năm.</p>" + body_with()
    article = extract_article(wrap(body), "https://baocamau.vn/x-1.html")
    assert article.text.startswith("Đảng bộ tỉnh lãnh đạo công tác hòa giải")


def test_mis_declared_charset_is_read_as_utf8():
    html = wrap(body_with(), head="<meta charset='windows-1252'>").encode("utf-8")
    article = extract_article(html, "https://baohagiang.vn/a/202011/x-1/")
    assert PARAGRAPHS[0] in article.text


@pytest.mark.parametrize(
    "html, reason",
    [("", "empty"), ("just text, no markup", "not HTML"), ("<html><body><p>Trang chủ</p></body></html>", "no article text")],
)
def test_pages_without_an_article_say_why(html, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract_article(html, "https://baohagiang.vn/")


def test_binary_garbage_is_an_extraction_error():
    with pytest.raises(ExtractionError):
        extract_article(bytes(range(256)) * 10, "https://baohagiang.vn/x")


@pytest.mark.parametrize(
    "ending",
    ["<p>Công an tỉnh khuyến cáo người dân cảnh giác</p>", "<p>Ban tổ chức cho biết thêm</p>",
     "<p>Phòng chống ma túy là nhiệm vụ của toàn dân.</p>"],
)
def test_a_last_sentence_about_a_unit_is_not_a_byline(ending):
    article = extract_article(wrap(body_with(ending=ending)), "https://baohagiang.vn/an-ninh/202009/x-1/")
    assert article.author is None
    assert article.text.split("\n\n")[-1] == ending[3:-4]
