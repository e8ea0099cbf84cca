"""crawler.extract on a real page and on real-shaped Vietnamese page furniture."""

from __future__ import annotations

import gzip
import json
import unicodedata
from pathlib import Path

import pytest

from crawler.extract import ExtractionError, extract, extract_article, split_names
from crawler.vntext import normalize

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


def test_text_is_stored_as_printed():
    # The Icelandic Ð and the old tone placement ("hoà") stay as printed; NFD input is stored as NFC.
    first = "Ðảng bộ tỉnh lãnh đạo công tác hoà giải ở cơ sở, thực hiện tốt nhiệm vụ chính trị của địa phương trong năm."
    html = wrap(f"<p>{unicodedata.normalize('NFD', first)}</p>" + body_with())
    article = extract_article(html, "https://baocamau.vn/x-1.html")
    assert article.text.split("\n\n") == [first, *PARAGRAPHS]
    # Repair and one tone placement belong to the search key built from it.
    assert normalize(article.text).startswith("Đảng bộ tỉnh lãnh đạo công tác hòa giải")


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


# --- bylines, headlines, sapo: real-shaped pages of national and provincial sites ------------------------


def page(head: str = "", above: str = "", ending: str = "", after: str = "", title: str = "Hội nghị tổng kết phong trào",
         before: str = "") -> str:
    """An article page as Dân Trí-like CMSs print one: menu, article (h1, byline, body), footer."""
    return (
        f"<html lang='vi'><head><title>{title} - Báo Dân Trí</title>{head}</head><body>"
        "<nav class='menu'><a href='/'>Trang chủ</a><a href='/an-ninh/'>An ninh</a></nav>"
        f"{before}<article class='singular-container'><h1 class='title-page'>{title}</h1>{above}"
        f"<div class='singular-content'>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}{ending}</div>{after}</article>"
        "<footer><p>© Báo Dân Trí. Giấy phép số 298/GP-BTTTT. Địa chỉ: Số 48 Láng Hạ, Hà Nội.</p></footer></body></html>"
    )


DANTRI = "https://dantri.com.vn/xa-hoi/hoi-nghi-tong-ket-20241106153000123.htm"
PERSON = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Hội nghị",
                     "author": [{"@type": "Person", "name": "Lê Phương"}],
                     "publisher": {"@type": "Organization", "name": "VnExpress"}}, ensure_ascii=False)


@pytest.mark.parametrize(
    "parts, author",
    [
        # The site's name in <meta name=author>, the byline in an author link under the title.
        (dict(head="<meta name='author' content='Dân Trí'>",
              above="<div class='author-name'><a href='/tac-gia/nhat-xuan.htm'>Nhật Xuân</a></div>"), "Nhật Xuân"),
        (dict(head=f"<meta name='author' content='VnExpress'><script type='application/ld+json'>{PERSON}</script>"), "Lê Phương"),
        (dict(above="<a class='author' href='/tac-gia/1.htm'>Minh Hải</a>"), "Minh Hải"),
        (dict(above="<p class='meta'><a rel='author' href='/tac-gia/2.htm'>Thu Hà</a></p>"), "Thu Hà"),
        # Two bylines in separate links: the page's separator kept, ", " where it printed none.
        (dict(above="<div class='author'><a href='/a'>Nhật Xuân</a> - <a href='/b'>Nghi Vũ</a></div>"), "Nhật Xuân - Nghi Vũ"),
        (dict(above="<div class='author'><a href='/a'>Nhật Xuân</a><a href='/b'>Nghi Vũ</a></div>"), "Nhật Xuân, Nghi Vũ"),
        (dict(ending="<p style='text-align:right'><strong>Nhật Xuân</strong><strong>Nghi Vũ</strong></p>"), "Nhật Xuân, Nghi Vũ"),
        # Source lines that end the article.
        (dict(ending="<p>Theo Hồ Hương</p>"), "Hồ Hương"),
        (dict(ending="<p style='text-align:right'>Nguồn: TTXVN</p>"), "TTXVN"),
        # Only the site signs the page: no author.
        (dict(head="<meta name='author' content='Báo Dân Trí'>"), None),
        (dict(head="<meta name='author' content='dantri.com.vn'>"), None),
    ],
)
def test_the_author_is_the_byline_never_the_site(parts, author):
    article = extract_article(page(**parts), DANTRI)
    assert article.author == author
    assert article.text.split("\n\n") == PARAGRAPHS  # bylines and source lines are not body text


def test_several_bylines_are_several_names():
    assert split_names("Nhật Xuân - Nghi Vũ") == ["Nhật Xuân", "Nghi Vũ"]
    assert split_names("Tố Tuấn – Nhật Quang") == ["Tố Tuấn", "Nhật Quang"]
    assert split_names("Nhật Xuân, Nghi Vũ") == ["Nhật Xuân", "Nghi Vũ"]
    assert split_names("Minh Hải") == ["Minh Hải"]


def test_the_title_is_the_printed_headline():
    headline = "Hội nghị tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024"
    og = "<meta property='og:title' content='Tổng kết phong trào toàn dân bảo vệ an ninh: nhiều kết quả'>"
    assert extract_article(page(head=og, title=headline), DANTRI).title == headline


def test_the_title_keeps_the_tone_marks_it_is_printed_with():
    headline = "Thanh Hoá tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc"
    og = f"<meta property='og:title' content='{headline}'>"
    assert extract_article(page(head=og, title=headline), DANTRI).title == headline


SAPO = "Công an tỉnh tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2024 với nhiều kết quả nổi bật."


@pytest.mark.parametrize(
    "parts",
    [
        # A navigation rail named like a summary, beside the article.
        dict(before="<aside class='sidebar'><div class='summary'><a href='/c'>More Technology</a> "
                    "<a href='/d'>Tin mới nhất hôm nay về khoa học và công nghệ</a></div></aside>"),
        # An author bio box after the body.
        dict(after="<div class='author-box'><p class='author-intro'>Nhật Xuân là phóng viên mảng xã hội của báo, "
                   "phụ trách tin an ninh trật tự từ năm 2015.</p></div>"),
        # A teaser of another article.
        dict(after="<div class='related'><p class='sapo'>Một bài khác: hội nghị sơ kết công tác phòng cháy chữa "
                   "cháy quý III trên địa bàn tỉnh.</p></div>"),
        # The meta description, not printed on the page.
        dict(head=f"<meta name='description' content='{SAPO}'>"),
    ],
)
def test_no_lead_but_the_articles_own(parts):
    article = extract_article(page(**parts), DANTRI)
    assert article.lead is None
    assert article.text.split("\n\n") == PARAGRAPHS


def test_the_description_printed_above_the_body_is_the_lead():
    html = page(head=f"<meta name='description' content='{SAPO}'>", above=f"<p><strong>{SAPO}</strong></p>")
    article = extract_article(html, DANTRI)
    assert article.lead == SAPO
    assert article.text.split("\n\n") == [SAPO, *PARAGRAPHS]


def test_copyright_and_address_lines_stay_out_of_the_text():
    html = page().replace("</article>", "</article><div class='info'><p>Bản quyền thuộc về Báo Dân Trí.</p>"
                                         "<p>Địa chỉ: Số 48 Láng Hạ, Đống Đa, Hà Nội.</p></div>")
    assert extract_article(html, DANTRI).text.split("\n\n") == PARAGRAPHS


# --- degenerate pages, fallback, pages without an article -------------------------------------------------


def test_a_page_nested_100000_deep_keeps_its_paragraphs():
    depth = 100_000
    html = ("<html><body><h1>Hội nghị tổng kết phong trào</h1>" + "<div>" * depth
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>" * depth + "</body></html>")
    article = extract_article(html, DANTRI)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert article.title == "Hội nghị tổng kết phong trào"


@pytest.mark.parametrize("farm", [
    lambda n: "<div class='tags'>" + "".join(f"<a href='/tag/{i}'>từ khóa {i}</a> " for i in range(n)) + "</div>",
    lambda n: "<p>" + "".join(f"<a href='/tag/{i}'>từ khóa {i}</a>, " for i in range(n)) + "</p>",
    lambda n: "".join(f"<p><a href='/tag/{i}'>từ khóa số {i}</a></p>" for i in range(n)),
])
def test_an_article_with_50000_links_keeps_its_text_not_their_labels(farm):
    html = page(ending=farm(50_000))
    article = extract_article(html, DANTRI)
    assert article.text.split("\n\n") == PARAGRAPHS
    assert "từ khóa" not in article.text


def test_rules_that_would_take_the_article_give_way_to_trafilatura(caplog):
    # A photo story: the text sits in the captions. Taking the captions out would leave nothing.
    story = "".join(f"<p><img src='/{i}.jpg'></p><p class='caption'>{p} {p}</p>" for i, p in enumerate(PARAGRAPHS))
    html = page().replace("<div class='singular-content'>", f"<div class='singular-content'>{story}").replace(
        "".join(f"<p>{p}</p>" for p in PARAGRAPHS), "")
    done = extract(html, DANTRI)
    assert done.fallback and "trafilatura" in done.fallback
    assert all(p in done.article.text for p in PARAGRAPHS)
    with caplog.at_level("INFO", logger="crawler.extract.core"):
        extract_article(html, DANTRI)
    assert "fell back to trafilatura's text" in caplog.text


def test_a_page_of_chrome_only_has_no_article():
    # A redesign that loads the text with JavaScript: menus, the headline and a date are all that is left.
    html = page().replace("".join(f"<p>{p}</p>" for p in PARAGRAPHS), "<div id='app'></div><script src='/app.js'></script>")
    html = html.replace("<h1 class='title-page'>", "<div class='date'>06/11/2024 15:30</div><h1 class='title-page'>")
    with pytest.raises(ExtractionError, match="no article text found"):
        extract_article(html, DANTRI)
