"""Bylines and headlines on small pages shaped as provincial sites print them.

One page per rule of crawler.extract.bylines / crawler.extract.metadata: what
the byline line adds to the names (a date, "(tổng hợp)", "(theo …)"), author
blocks that print more than the byline, what a CMS prints after the closing
byline, headlines the page does not show. The expected values are the names
each page prints, written here by hand.
"""

from __future__ import annotations

import lxml.html
import pytest

from crawler.extract import extract_article
from crawler.extract.bylines import after_byline, byline_name

URL = "https://baohagiang.vn/xa-hoi/202403/hoi-nghi-tong-ket-1234567/"
TITLE = "Hà Giang tổng kết công tác bảo đảm an ninh trật tự năm 2023"
PARAGRAPHS = [
    "Sáng 12/3, Công an tỉnh tổ chức hội nghị tổng kết công tác bảo đảm an ninh trật tự năm 2023 và triển khai nhiệm vụ năm 2024.",
    "Năm qua, lực lượng Công an toàn tỉnh đã giữ vững an ninh chính trị, bảo đảm trật tự an toàn xã hội trên địa bàn 11 huyện, thành phố.",
    "Tại hội nghị, lãnh đạo tỉnh đề nghị lực lượng Công an tiếp tục bám sát cơ sở, nắm chắc tình hình, chủ động phòng ngừa tội phạm.",
]


def provincial(under_title: str = "", ending: str = "", after: str = "", before_title: str = "") -> str:
    """A provincial paper's article page: menu, article block (headline, byline line, body), footer."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html lang='vi'><head><title>{TITLE} - Báo Hà Giang</title>"
        "<meta name='author' content='Báo Hà Giang'></head><body>"
        "<div class='menu'><a href='/'>Trang chủ</a><a href='/xa-hoi/'>Xã hội</a></div>"
        f"<div class='detail'>{before_title}<h1 class='title'>{TITLE}</h1>{under_title}"
        f"<div class='content'>{body}{ending}{after}</div></div>"
        "<div class='footer'><p>Báo Hà Giang - Cơ quan của Đảng bộ tỉnh Hà Giang. Giấy phép số 12/GP-BTTTT.</p></div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    "line, name",
    [
        # The date printed beside the names on the byline line.
        ("Nguyên Minh - 07/03/2026 08:47", "Nguyên Minh"),
        ("Văn Cường | Thứ Hai, 12/3/2024, 10:20 (GMT+7)", "Văn Cường"),
        # Additions after the names: compiled, after a source, translated.
        ("Hà Thu (tổng hợp)", "Hà Thu"),
        ("Ca Tiếu(theo online-tech-tips)", "Ca Tiếu"),
        ("HX (Theo TTXVN)", "HX"),
        ("Minh Anh (lược dịch)", "Minh Anh"),
        # A source line printed in parentheses.
        ("(Theo TTXVN)", "TTXVN"),
        # A comma or dash left before the next part of the block.
        ("Tố Tuấn,", "Tố Tuấn"),
        ("Văn Cường -", "Văn Cường"),
        # Names that keep their form.
        ("Đỗ Biên - Khánh Linh", "Đỗ Biên - Khánh Linh"),
        ("P.V", "P.V"),
        # A label alone, an empty field, a list item: no name.
        ("Theo", None),
        ("Nguồn tin:", None),
        ("- Địa chỉ:", None),
    ],
)
def test_a_byline_line_gives_the_names_only(line, name):
    assert byline_name(line) == name


@pytest.mark.parametrize(
    "under_title, author",
    [
        # Byline and date share one line under the headline (the date in its own span).
        ("<div class='author-share-top'><a href='/tac-gia/nguyen-minh' class='author'>Nguyên Minh </a>"
         "<span class='post-time'> - 07/03/2026 08:47</span></div>", "Nguyên Minh"),
        # The same line as one run of text.
        ("<div class='author'>Văn Cường - 12/03/2024 10:20</div>", "Văn Cường"),
        # An author block that also prints share buttons: the author link inside it is the byline.
        ("<div class='author-share'><a class='author' href='/tac-gia/thu-ha'>Thu Hà</a>"
         "<span>Chia sẻ</span><a href='#'>Facebook</a><a href='#'>Zalo</a></div>", "Thu Hà"),
        # Inside the block, a one-word section link is a label, not the byline.
        ("<div class='byline'><a class='byline-type' href='/podcast/'>Podcast</a> Bài: "
         "<a class='byline-author' href='/tac-gia/thu-ha'>Thu Hà</a> đăng lúc 12/03/2024</div>", "Thu Hà"),
        # A label and a role printed in elements of their own around the name.
        ("<div class='tac-gia'><span>Tác giả:</span> <b>Bảo Linh</b></div>", "Bảo Linh"),
        ("<div class='author'><a href='/tac-gia/nhat-xuan'>Nhật Xuân</a>"
         "<span class='author-title'>Phóng viên</span></div>", "Nhật Xuân"),
        # Two author links, the first printed with its comma.
        ("<div class='meta'><span class='author'>Văn Cường,</span> <span class='author'>Giang Lương</span></div>",
         "Văn Cường, Giang Lương"),
    ],
)
def test_the_byline_under_the_title_without_what_surrounds_it(under_title, author):
    article = extract_article(provincial(under_title=under_title), URL)
    assert article.author == author
    assert article.text.split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "ending, author",
    [
        ("<p style='text-align:right'><strong>Minh Khôi</strong> <em>(tổng hợp)</em></p>", "Minh Khôi"),
        ("<p><span class='bold'>Ngọc Sơn</span><span class='italic'>(theo Báo CAND)</span></p>", "Ngọc Sơn"),
        ("<p style='text-align:right'>HX (Theo TTXVN)</p>", "HX"),
        ("<p style='text-align:right'><em>(Theo TTXVN)</em></p>", "TTXVN"),
        # Labelled fields, the source left empty.
        ("<p>Tác giả bài viết: Bảo Linh</p><p>Nguồn tin:</p>", "Bảo Linh"),
    ],
)
def test_the_closing_byline_leaves_the_body_without_its_additions(ending, author):
    article = extract_article(provincial(ending=ending), URL)
    assert article.author == author
    assert article.text.split("\n\n") == PARAGRAPHS


TEASER = (
    "<div class='inner-article'><a href='/xa-hoi/202403/dien-tap-phong-chay-7654321/'><img src='/t.jpg'></a>"
    "<h4><a href='/xa-hoi/202403/dien-tap-phong-chay-7654321/'>Diễn tập phòng cháy chữa cháy tại chợ trung tâm</a></h4>"
    "<p class='summary'>Sáng 10/3, Công an thành phố phối hợp Ban quản lý chợ tổ chức diễn tập phương án chữa cháy "
    "và cứu nạn, cứu hộ tại chợ trung tâm thành phố.</p></div>"
)


def test_a_teaser_printed_after_the_closing_byline_is_no_body():
    article = extract_article(provincial(ending="<p><b>Ngọc Sơn</b></p>", after=TEASER), URL)
    assert article.author == "Ngọc Sơn"
    assert article.text.split("\n\n") == PARAGRAPHS


def test_a_name_line_before_the_last_paragraph_is_no_byline():
    ending = ("<p><strong>Hà Nội</strong></p><p>Chiều cùng ngày, đoàn công tác làm việc với Công an thành phố "
              "Hà Nội về phối hợp trao đổi thông tin.</p>")
    article = extract_article(provincial(ending=ending), URL)
    assert article.author is None
    assert article.text.split("\n\n")[-2] == "Hà Nội"


def _lines_and_elements(html: str) -> tuple[list[str], dict]:
    """The texts of a page's p, h4 and a elements, in page order, each with its element (as the survey maps them)."""
    tree = lxml.html.fromstring(html)
    lines, elements = [], {}
    for el in tree.iter("p", "h4"):
        text = " ".join(el.text_content().split())
        if text and text not in elements:
            lines.append(text)
            elements[text] = el
    return lines, elements


@pytest.mark.parametrize(
    "ending, count",
    [
        ("<p><b>Ngọc Sơn</b></p>" + TEASER, 2),
        ("<p>Tác giả bài viết: Bảo Linh</p><p>Nguồn tin:</p>", 1),
        # A subheading that reads as a name, then a link of the article's own: no teaser.
        ("<p><b>Hà Nội</b></p><p><a href='/van-ban/qd-12.pdf'>Xem toàn văn quyết định của UBND tỉnh</a></p>", 0),
        # A linked headline with no summary beside it: no teaser either.
        ("<p><b>Ngọc Sơn</b></p><h4><a href='/xa-hoi/x-1/'>Diễn tập phòng cháy chữa cháy tại chợ</a></h4>", 0),
        ("<p><b>Ngọc Sơn</b></p>", 0),
    ],
)
def test_what_a_cms_prints_after_the_closing_byline(ending, count):
    lines, elements = _lines_and_elements(f"<div>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}{ending}</div>")
    assert after_byline(lines, elements, set()) == count


@pytest.mark.parametrize(
    "hidden",
    ["<h1 style='display:none'>Mobile</h1>", "<div style='display: none'><h1>Trang chi tiết</h1></div>",
     "<h1 hidden>Tin tức</h1>"],
)
def test_a_headline_the_page_does_not_show_is_no_title(hidden):
    article = extract_article(provincial(before_title=hidden), URL)
    assert article.title == TITLE
