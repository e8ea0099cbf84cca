"""A provincial government portal on SharePoint, as the Quảng Ninh portal has it.

Articles at /Trang/ChiTietTinTuc.aspx?nid=<id>, every one filed under
"Quốc phòng - An ninh" in breadcrumb chrome next to a "DetailController" web
part title, the date as DD/MM/YYYY HH:MM, captions in centred ``em``; the news
listing paginated with &Page=N; an RSS feed and no sitemap. The bare domain
serves an old mirror that its robots.txt disallows; an old address redirects
and the home page links a removed article (404).
"""

from __future__ import annotations

from fixtureweb.corpus import Story
from fixtureweb.pages import TODAY_BAR, Page, Web, escape, feed_page, moment, newest_first, paginate, rss

BASE = "https://www.quangninh.gov.vn"
BARE = "https://quangninh.gov.vn"
MIRROR = f"{BARE}/Trang/ChiTietTinTuc.aspx?nid=113000"
REMOVED = f"{BASE}/Trang/ChiTietTinTuc.aspx?nid=100001"
NEWS = f"{BASE}/Trang/TinTuc.aspx?cm=tintuc"


def url(story: Story) -> str:
    return f"{BASE}/Trang/ChiTietTinTuc.aspx?nid={story.id}"


def _frame(title: str, content: str) -> str:
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN"><head><meta http-equiv="X-UA-Compatible" content="IE=10"><meta charset="utf-8">
<title>{escape(title)}</title><link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2">
<script type="text/javascript" src="/_layouts/15/init.js?rev=1"></script>
<link rel="alternate" type="application/rss+xml" title="Tin tức" href="/Trang/RSS.aspx?cm=tintuc"></head>
<body><form method="post" action="./ChiTietTinTuc.aspx" id="aspnetForm"><div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header"><div class="header-date">{TODAY_BAR}</div><div class="logo"><a href="/"><img src="/PublishingImages/logo.png" alt="Cổng thông tin điện tử tỉnh Quảng Ninh"></a></div>
<ul class="top-menu"><li><a href="/">Trang chủ</a></li><li><a href="/Trang/TinTuc.aspx?cm=tintuc">Tin tức - Sự kiện</a></li>
<li><a href="/Trang/GioiThieu.aspx">Giới thiệu</a></li><li><a href="{MIRROR}">Bản lưu</a></li></ul></div>
<div class="main-content">{content}</div>
<div class="footer">Cơ quan chủ quản: Văn phòng UBND tỉnh Quảng Ninh. Địa chỉ: Phường Hồng Hà, TP Hạ Long. Điện thoại: <a href="tel:02033835456">0203.3835.456</a></div>
</div></div></form></body></html>"""


def _article(story: Story) -> str:
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f'<p style="text-align:justify">{escape(paragraph)}</p>')
        for caption in story.captions.get(i, []):
            parts.append(f'<p style="text-align:center"><img src="/PublishingImages/{story.id}-{i}.jpg" alt=""></p>'
                         f'<p style="text-align:center"><em>{escape(caption)}</em></p>')
    content = f"""<div class="webpart-title">DetailController</div>
<div class="breadcrumb-sp"><a href="/">Trang chủ</a> &gt; <a href="/Trang/TinTuc.aspx?cm=qpan">Quốc phòng - An ninh</a></div>
<div class="news-detail"><div class="cat-name">Quốc phòng - An ninh</div>
<h1 class="title-news">{escape(story.title)}</h1><div class="date">{moment(story):%d/%m/%Y %H:%M}</div>
<div class="content-news">{''.join(parts)}</div>
<div class="news-tools"><a href="javascript:window.print()">In trang</a> <a href="mailto:?subject={escape(story.title)}">Gửi email</a></div>
<div class="other-news"><h3>Tin khác</h3></div></div>"""
    return _frame(f"{story.title}", content)


def _item(story: Story) -> str:
    return f'<li><a href="/Trang/ChiTietTinTuc.aspx?nid={story.id}">{escape(story.title)}</a> <span class="date">({moment(story):%d/%m/%Y})</span></li>'


def _listings(web: Web, items: list[Story]) -> None:
    pages = paginate(items)
    for number, chunk in enumerate(pages, start=1):
        nav = " ".join(f'<a href="/Trang/TinTuc.aspx?cm=tintuc{f"&amp;Page={n}" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
        if number < len(pages):
            nav += f' <a href="/Trang/TinTuc.aspx?cm=tintuc&amp;Page={number + 1}">Trang sau</a>'
        page_url = NEWS + (f"&Page={number}" if number > 1 else "")
        web.html(page_url, _frame("Tin tức - Sự kiện", f"<h1 class='cat-title'>Tin tức - Sự kiện</h1><ul>{''.join(_item(s) for s in chunk)}</ul><div class='paging'>{nav}</div>"))
    qpan = [s for s in items if "an ninh" in s.title.lower() or s.seed]
    web.html(f"{BASE}/Trang/TinTuc.aspx?cm=qpan", _frame("Quốc phòng - An ninh", f"<h1 class='cat-title'>Quốc phòng - An ninh</h1><ul>{''.join(_item(s) for s in qpan)}</ul>"))


def build(web: Web, items: list[Story], manifest: dict) -> None:
    """The portal's pages for ``items`` into ``web``, and its traps into ``manifest``."""
    oldest = newest_first(items)[-1]
    web.html(f"{BASE}/", _frame("Cổng thông tin điện tử tỉnh Quảng Ninh", "<div class='home-news'><h2>Tin nổi bật</h2><ul>"
             + "".join(_item(s) for s in newest_first(items)[:4]) + "</ul>"
             + f'<p><a href="/Trang/TinTuc.aspx?nid={oldest.id}">Tin cũ (địa chỉ cũ)</a> · <a href="{REMOVED.removeprefix(BASE)}">Tin đã gỡ</a></p></div>'))
    web.html(f"{BASE}/Trang/GioiThieu.aspx", _frame("Giới thiệu", "<h1>Giới thiệu chung về tỉnh Quảng Ninh</h1><p>Quảng Ninh là tỉnh ven biển thuộc vùng Đông Bắc Bộ.</p>"))
    _listings(web, items)
    for story in items:
        web.html(url(story), _article(story))
    web.redirect(f"{BASE}/Trang/TinTuc.aspx?nid={oldest.id}", url(oldest))
    web.html(MIRROR, _article(items[0]))
    web.add(f"{BARE}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /Trang/\n"))
    web.add(f"{BASE}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\n"))
    ordered = newest_first(items)
    web.add(f"{BASE}/Trang/RSS.aspx?cm=tintuc", feed_page(
        rss("Tin tức - Cổng TTĐT tỉnh Quảng Ninh", f"{BASE}/", [(s.title, url(s), s.published) for s in ordered]), ordered[0]))
    manifest.update(
        disallowed_urls=[MIRROR],
        not_articles=[f"{BASE}/", f"{BASE}/Trang/GioiThieu.aspx", NEWS],
        redirect={"from": f"{BASE}/Trang/TinTuc.aspx?nid={oldest.id}", "to": url(oldest)},
        broken_url=REMOVED,
        listing=NEWS,
    )
