"""The fixture web: the registered sites rebuilt from the corpus, page by page.

Three designs modelled on the three kinds of provincial sites:

- a newspaper CMS (baohagiang: /<section>/<YYYYMM>/<slug>-<id>/ with sapo,
  image tables and a header bar showing today's date; baoyenbai: an ASP.NET
  CMS, /<cat>/<id>/<Slug>.aspx, JSON-LD dates and "Cập nhật" lines),
- a WordPress-like police site (congan_sonla, congan_yenbai: /<slug>/ URLs,
  og metadata, wp-caption figures, wp-sitemap, /feed/),
- a SharePoint government portal (quangninh_portal:
  /Trang/ChiTietTinTuc.aspx?nid=<id>, "DetailController" and breadcrumb chrome).

Every site has a home page, paginated listings, a feed or sitemap, robots.txt
with one disallowed path that links to an article-looking page, a link to a
page that answers 404, and a redirect. ``build()`` returns the pages and a
manifest of what a crawl must and must not store.
"""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from crawler.demo.corpus import Story, stories

TODAY_BAR = "Thứ Ba, 24/11/2026"  # header bars show the crawl day on every page, as real sites do
PER_PAGE = 3
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@dataclass
class Page:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    location: str | None = None
    last_modified: str | None = None  # HTTP date, for conditional requests

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Web:
    pages: dict[str, dict[str, Page]] = field(default_factory=dict)  # host -> target -> page
    manifest: dict = field(default_factory=dict)

    def add(self, url: str, page: Page) -> None:
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.pages.setdefault(parts.hostname, {})[target] = page

    def html(self, url: str, body: str) -> None:
        self.add(url, Page(body=body.encode("utf-8")))

    def redirect(self, url: str, to: str) -> None:
        self.add(url, Page(status=301, body=b"", location=to))

    @property
    def hosts(self) -> list[str]:
        return sorted(self.pages)


def _e(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def _dt(story: Story) -> datetime:
    return datetime.fromisoformat(story.published)


def _http_date(value: datetime) -> str:
    from email.utils import format_datetime

    return format_datetime(value.astimezone(__import__("datetime").timezone.utc), usegmt=True)


def _vn_datetime(story: Story) -> str:
    moment = _dt(story)
    return f"{WEEKDAYS[moment.weekday()]}, {moment:%d/%m/%Y}, {moment:%H:%M} (GMT+7)"


def _newest_first(items: list[Story]) -> list[Story]:
    return sorted(items, key=lambda s: s.published, reverse=True)


def _pages(items: list[Story]) -> list[list[Story]]:
    items = _newest_first(items)
    return [items[i : i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]


def _byline(story: Story) -> str | None:
    return story.byline or story.author


# ----------------------------------------------------------------------------------------------
# Newspaper CMS: Báo Hà Giang
# ----------------------------------------------------------------------------------------------

HG = "https://baohagiang.vn"
HG_SECTIONS = {"an-ninh-quoc-phong": "An ninh - Quốc phòng", "kinh-te": "Kinh tế", "van-hoa-xa-hoi": "Văn hóa - Xã hội"}


def hg_url(story: Story) -> str:
    return f"{HG}/{story.section}/{_dt(story):%Y%m}/{story.slug}-{story.id}/"


def _hg_frame(title: str, content: str, *, head: str = "") -> str:
    menu = "".join(f'<li><a href="/{key}/">{_e(name)}</a></li>' for key, name in HG_SECTIONS.items())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/Content/css/style.min.css"><script src="/Scripts/jquery.min.js"></script>
<link rel="alternate" type="application/rss+xml" title="Báo Hà Giang - Tin mới" href="/rss/tin-moi.rss">
{head}</head><body>
<div class="top-bar"><div class="container"><span class="date-today">{TODAY_BAR}</span>
<a href="tel:02193866123">Đường dây nóng: 0219.3866.123</a> <a href="mailto:toasoan@baohagiang.vn">toasoan@baohagiang.vn</a></div></div>
<header class="header"><div class="container"><a class="logo" href="/"><img src="/Content/images/logo.png" alt="Báo Hà Giang"></a>
<form class="search" action="/tim-kiem/"><input name="q"><button>Tìm</button></form></div></header>
<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li>{menu}<li><a href="/gioi-thieu.html">Giới thiệu</a></li>
<li><a href="javascript:void(0)" onclick="toggleMenu()">☰</a></li></ul></nav>
<main class="container">{content}</main>
<footer class="footer"><div class="container"><p>BÁO HÀ GIANG - Cơ quan của Đảng bộ Đảng Cộng sản Việt Nam tỉnh Hà Giang</p>
<p>Giấy phép số 123/GP-BTTTT. Tổng Biên tập: Nguyễn Văn A. Địa chỉ: Tổ 13, phường Nguyễn Trãi, TP Hà Giang.</p>
<p><a href="https://www.facebook.com/baohagiang">Facebook</a> · <a href="/lien-he.html">Liên hệ</a></p></div></footer>
</body></html>"""


def _hg_item(story: Story) -> str:
    return (f'<div class="news-item"><a href="{hg_url(story)}"><img src="/Uploaded/thumb/{story.id}.jpg" alt=""></a>'
            f'<h3><a href="{hg_url(story)}">{_e(story.title)}</a></h3><p class="sapo">{_e(story.paragraphs[0][:160])}…</p></div>')


def _hg_article(story: Story, related: list[Story]) -> str:
    body = []
    paragraphs = story.paragraphs[1:] if story.lead else story.paragraphs
    offset = 1 if story.lead else 0
    for i, paragraph in enumerate(paragraphs, start=offset):
        body.append(f"<p>{_e(paragraph)}</p>")
        for caption in story.captions.get(i, []):
            body.append(
                f'<table class="image center"><tbody><tr><td><img src="/Uploaded/{story.id}/{i}.jpg" alt=""></td></tr>'
                f'<tr><td class="image_desc">{_e(caption)}</td></tr></tbody></table>'
            )
    sapo_captions = "".join(
        f'<table class="image center"><tbody><tr><td><img src="/Uploaded/{story.id}/0.jpg" alt=""></td></tr>'
        f'<tr><td class="image_desc">{_e(c)}</td></tr></tbody></table>'
        for c in (story.captions.get(0, []) if story.lead else [])
    )
    if _byline(story):
        body.append(f'<p style="text-align: right;"><strong>{_e(_byline(story))}</strong></p>')
    rel = "".join(f'<li><a href="{hg_url(r)}">{_e(r.title)}</a></li>' for r in related)
    head = (f'<meta property="og:type" content="article"><meta property="og:title" content="{_e(story.title)}">'
            f'<meta property="article:published_time" content="{story.published}">'
            f'<meta property="og:image" content="{HG}/Uploaded/{story.id}/0.jpg">'
            f'<link rel="canonical" href="{hg_url(story)}">')
    section = HG_SECTIONS[story.section]
    content = f"""<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/{story.section}/">{_e(section)}</a></div>
<article class="detail"><h1 class="title">{_e(story.title)}</h1>
<div class="detail-time">{_vn_datetime(story)}</div>
<div class="share-tools"><a href="https://www.facebook.com/sharer.php?u={hg_url(story)}">Chia sẻ</a> <a href="/in-bai/{_dt(story):%Y%m}/{story.slug}-{story.id}/">In bài</a></div>
{f'<h2 class="sapo">{_e(story.paragraphs[0])}</h2>' if story.lead else ''}{sapo_captions}
<div class="detail-content">{''.join(body)}</div></article>
<div class="related-news"><h3>Tin liên quan</h3><ul>{rel}</ul></div>
<div class="comment-box"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea><button>Gửi</button></form></div>"""
    return _hg_frame(f"{story.title} - Báo Hà Giang", content, head=head)


def _build_baohagiang(web: Web, items: list[Story], manifest: dict) -> None:
    home_items = "".join(_hg_item(s) for s in _newest_first(items)[:4])
    old = _newest_first(items)[-1]
    moved_from = f"{HG}/an-ninh/{_dt(old):%Y%m}/{old.slug}-{old.id}/"
    web.html(f"{HG}/", _hg_frame("Báo Hà Giang - Tin tức Hà Giang", f"""<div class="home">
<h2>Tin mới</h2>{home_items}
<div class="box-video"><a href="https://www.youtube.com/@baohagiang">Video</a></div>
<p class="old-link">Xem lại: <a href="{moved_from}">{_e(old.title)}</a></p></div>"""))
    web.html(f"{HG}/lien-he.html", _hg_frame("Liên hệ - Báo Hà Giang", "<h1>Liên hệ</h1><p>Tòa soạn Báo Hà Giang, tổ 13, phường Nguyễn Trãi.</p>"))
    web.html(f"{HG}/gioi-thieu.html", _hg_frame("Giới thiệu - Báo Hà Giang",
             "<h1>Giới thiệu Báo Hà Giang</h1><p>Báo Hà Giang là cơ quan ngôn luận của Đảng bộ tỉnh Hà Giang, xuất bản báo in, báo điện tử và các ấn phẩm.</p>"))
    for key, name in HG_SECTIONS.items():
        in_section = [s for s in items if s.section == key]
        pages = _pages(in_section)
        for number, chunk in enumerate(pages, start=1):
            links = "".join(
                f'<a href="/{key}/{f"?page={n}" if n > 1 else ""}"{" class=active" if n == number else ""}>{n}</a>'
                for n in range(1, len(pages) + 1)
            )
            if number < len(pages):
                links += f'<a href="/{key}/?page={number + 1}" rel="next">Trang sau ›</a>'
            extra = ""
            if key == "an-ninh-quoc-phong" and number == 1:
                extra = f'<div class="news-item"><h3><a href="{HG}/an-ninh-quoc-phong/202010/bai-viet-da-go-740001/">Bài viết đã gỡ</a></h3></div>'
            url = f"{HG}/{key}/" if number == 1 else f"{HG}/{key}/?page={number}"
            web.html(url, _hg_frame(f"{name} - Báo Hà Giang", f"<h1 class='cat-title'>{_e(name)}</h1>"
                     + "".join(_hg_item(s) for s in chunk) + extra + f'<div class="pagination">{links}</div>'))
    for story in items:
        related = [r for r in _newest_first(items) if r is not story][:3]
        web.html(hg_url(story), _hg_article(story, related))
        # The print view, disallowed by robots.txt, looks like the article.
        web.html(f"{HG}/in-bai/{_dt(story):%Y%m}/{story.slug}-{story.id}/", _hg_article(story, []))
    web.redirect(moved_from, hg_url(old))
    web.add(f"{HG}/robots.txt", Page(content_type="text/plain; charset=utf-8", body=(
        "User-agent: *\nDisallow: /in-bai/\nDisallow: /tim-kiem/\n\nSitemap: https://baohagiang.vn/sitemap.xml\n").encode()))
    newest = _dt(_newest_first(items)[0])
    web.add(f"{HG}/sitemap.xml", Page(content_type="application/xml", last_modified=_http_date(newest), body=_sitemap(
        [(hg_url(s), s.published) for s in _newest_first(items)])))
    web.add(f"{HG}/rss/tin-moi.rss", Page(content_type="application/rss+xml; charset=utf-8", last_modified=_http_date(newest),
            body=_rss("Báo Hà Giang - Tin mới", f"{HG}/", [(s.title, hg_url(s), s.published) for s in _newest_first(items)])))
    manifest.update(
        disallowed_urls=[f"{HG}/in-bai/{_dt(s):%Y%m}/{s.slug}-{s.id}/" for s in items],
        not_articles=[f"{HG}/", f"{HG}/gioi-thieu.html", f"{HG}/an-ninh-quoc-phong/", f"{HG}/an-ninh-quoc-phong/?page=2"],
        redirect={"from": moved_from, "to": hg_url(old)},
        broken_url=f"{HG}/an-ninh-quoc-phong/202010/bai-viet-da-go-740001/",
        listing=f"{HG}/an-ninh-quoc-phong/",
    )


# ----------------------------------------------------------------------------------------------
# Newspaper CMS (ASP.NET): Báo Yên Bái
# ----------------------------------------------------------------------------------------------

YB = "https://baoyenbai.com.vn"
YB_SECTIONS = {"11": ("Chinh-tri", "Chính trị"), "12": ("Quoc-phong-An-ninh", "Quốc phòng - An ninh"), "15": ("Du-lich", "Du lịch")}


def yb_url(story: Story) -> str:
    return f"{YB}/{story.section}/{story.id}/{story.slug}.aspx"


def _yb_frame(title: str, content: str, head: str = "") -> str:
    menu = "".join(f'<td><a href="/{k}/{v[0]}.aspx">{_e(v[1])}</a></td>' for k, v in YB_SECTIONS.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_e(title)}</title><link href="/App_Themes/Default/style.css" rel="stylesheet" type="text/css" />
<link rel="alternate" type="application/rss+xml" title="YBĐT" href="/RSS/Trang-chu.rss" />{head}</head><body>
<form name="aspnetForm" method="post" action="./Default.aspx" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" />
<div id="wrapper"><div id="banner"><a href="/"><img src="/Images/banner.jpg" alt="Báo Yên Bái điện tử" /></a></div>
<table id="menu"><tr><td><a href="/Default.aspx">Trang chủ</a></td>{menu}<td><a href="/Lien-he.aspx">Liên hệ</a></td></tr></table>
<div id="content">{content}</div>
<div id="footer">Báo Yên Bái điện tử - Cơ quan của Đảng bộ tỉnh Yên Bái. Giấy phép số 71/GP-BTTTT.
Điện thoại: <a href="tel:02163852457">0216.3852.457</a> · Email: <a href="mailto:baoyenbai@gmail.com">baoyenbai@gmail.com</a></div></div></form>
</body></html>"""


def _yb_article(story: Story) -> str:
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f"<p>{_e(paragraph)}</p>")
        for caption in story.captions.get(i, []):
            parts.append(f'<p style="text-align:center"><img src="/Upload/{story.id}/{i}.jpg" /></p><p class="caption">{_e(caption)}</p>')
    if story.author:
        parts.append(f'<p style="text-align:right"><b>{_e(story.author)}</b></p>')
    moment = _dt(story)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
                     "datePublished": story.published, "publisher": {"@type": "Organization", "name": "Báo Yên Bái"}},
                    ensure_ascii=False)
    head = f'<script type="application/ld+json">{ld}</script><meta property="og:title" content="{_e(story.title)}" />'
    name = YB_SECTIONS[story.section][1]
    content = f"""<div class="path"><a href="/">Trang chủ</a> » <a href="/{story.section}/{YB_SECTIONS[story.section][0]}.aspx">{_e(name)}</a></div>
<div class="news-detail"><h1>{_e(story.title)}</h1>
<div class="author">{_e(story.author)} |</div>
<span class="news-time">Cập nhật: {moment:%H:%M} | {moment:%d/%m/%Y}</span>
<div class="news-content">{''.join(parts)}</div>
<div class="tools"><a href="/99/{story.id}/Ban-in.aspx">Bản in</a> <a href="javascript:window.print()">In</a></div></div>
<div class="other-news"><b>Các tin khác</b></div>"""
    return _yb_frame(f"{story.title} - Báo Yên Bái", content, head)


def _build_baoyenbai(web: Web, items: list[Story], manifest: dict) -> None:
    def item(s):
        return f'<div class="item"><a href="{yb_url(s)}" class="title">{_e(s.title)}</a><br />{_e(s.paragraphs[0][:150])}…</div>'

    web.html(f"{YB}/", _yb_frame("Báo Yên Bái điện tử", "<h2>Tin mới nhất</h2>" + "".join(item(s) for s in _newest_first(items)[:4])
             + f'<a href="/12/159999/Bai-viet-khong-con-ton-tai.aspx">Tin cũ</a>'))
    web.redirect(f"{YB}/Default.aspx", f"{YB}/")
    web.html(f"{YB}/Lien-he.aspx", _yb_frame("Liên hệ - Báo Yên Bái", "<h1>Liên hệ tòa soạn</h1><p>Số 2, đường Lý Thường Kiệt, TP Yên Bái.</p>"))
    for key, (slug, name) in YB_SECTIONS.items():
        pages = _pages([s for s in items if s.section == key])
        for number, chunk in enumerate(pages, start=1):
            nav = " ".join(f'<a href="/{key}/{slug}.aspx{f"?page={n}" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
            if number < len(pages):
                nav += f' <a href="/{key}/{slug}.aspx?page={number + 1}">»</a>'
            url = f"{YB}/{key}/{slug}.aspx" + (f"?page={number}" if number > 1 else "")
            web.html(url, _yb_frame(f"{name} - Báo Yên Bái", f"<h1>{_e(name)}</h1>" + "".join(item(s) for s in chunk)
                     + f'<div class="pager">Trang: {nav}</div>'))
    for story in items:
        web.html(yb_url(story), _yb_article(story))
        web.html(f"{YB}/99/{story.id}/Ban-in.aspx", _yb_article(story))
    web.add(f"{YB}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /99/\nDisallow: /Admin/\n"))
    newest = _dt(_newest_first(items)[0])
    web.add(f"{YB}/RSS/Trang-chu.rss", Page(content_type="application/rss+xml; charset=utf-8", last_modified=_http_date(newest),
            body=_rss("Báo Yên Bái", f"{YB}/", [(s.title, yb_url(s), s.published) for s in _newest_first(items)])))
    manifest.update(
        disallowed_urls=[f"{YB}/99/{s.id}/Ban-in.aspx" for s in items],
        not_articles=[f"{YB}/", f"{YB}/Lien-he.aspx", f"{YB}/12/Quoc-phong-An-ninh.aspx"],
        redirect={"from": f"{YB}/Default.aspx", "to": f"{YB}/"},
        broken_url=f"{YB}/12/159999/Bai-viet-khong-con-ton-tai.aspx",
        listing=f"{YB}/12/Quoc-phong-An-ninh.aspx",
    )


# ----------------------------------------------------------------------------------------------
# WordPress-like police sites
# ----------------------------------------------------------------------------------------------

POLICE = {
    "congan_sonla": ("https://congan.sonla.gov.vn", "Công an tỉnh Sơn La", "chong-dien-bien-hoa-binh", "Chống diễn biến hòa bình"),
    "congan_yenbai": ("https://congan.yenbai.gov.vn", "Công an tỉnh Yên Bái", "xay-dung-phong-trao", "Xây dựng phong trào"),
}


def police_url(story: Story) -> str:
    return f"{POLICE[story.site][0]}/{story.slug}/"


def _wp_frame(site: str, title: str, content: str, head: str = "", body_class: str = "home") -> str:
    base, name, cat, cat_name = POLICE[site]
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{_e(name)} &raquo; Feed" href="{base}/feed/">
<link rel="stylesheet" id="theme-css" href="{base}/wp-content/themes/congan/style.css?ver=6.4.2" media="all">
<script src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
{head}</head><body class="{body_class}">
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding">
<p class="site-title"><a href="{base}/" rel="home">{_e(name.upper())}</a></p><p class="site-description">Vì nước quên thân, vì dân phục vụ</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{base}/">Trang chủ</a></li><li><a href="{base}/tin-tuc/">Tin tức</a></li><li><a href="{base}/{cat}/">{_e(cat_name)}</a></li>
<li><a href="{base}/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li><li><a href="{base}/gioi-thieu/">Giới thiệu</a></li></ul></nav></header>
<div id="content" class="site-content">{content}
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Đường dây nóng</h2>
<p><a href="tel:069123456">069.123.456</a></p></section>
<section class="widget"><h2 class="widget-title">Liên kết</h2><ul><li><a href="https://bocongan.gov.vn/">Bộ Công an</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">© {_e(name)}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</div></footer></div>
</body></html>"""


def _wp_article(story: Story, broken: bool = False) -> str:
    base, name, _cat, _cat_name = POLICE[story.site]
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f"<p>{_e(paragraph)}</p>")
        for j, caption in enumerate(story.captions.get(i, [])):
            parts.append(f'<figure id="attachment_{story.id}{i}{j}" class="wp-caption aligncenter" style="width: 800px">'
                         f'<img src="{base}/wp-content/uploads/{_dt(story):%Y/%m}/{story.id}-{i}.jpg" class="size-full">'
                         f'<figcaption class="wp-caption-text">{_e(caption)}</figcaption></figure>')
    if story.author:
        parts.append(f'<p style="text-align: right;"><strong>{_e(story.author)}</strong></p>')
    head = (f'<meta property="og:locale" content="vi_VN"><meta property="og:type" content="article">'
            f'<meta property="og:title" content="{_e(story.title)}"><meta property="og:url" content="{police_url(story)}">'
            f'<meta property="article:published_time" content="{story.published}">'
            f'<link rel="canonical" href="{police_url(story)}"><link rel="shortlink" href="{base}/?p={story.id}">')
    content = f"""<main id="main" class="site-main"><article id="post-{story.id}" class="post-{story.id} post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{_e(story.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{story.published}">{_dt(story):%d/%m/%Y}</time></span></div></header>
<div class="entry-content">{_broken_body(story) if broken else ''.join(parts)}</div>
<footer class="entry-footer"><div class="sharedaddy"><a href="https://www.facebook.com/sharer.php?u={police_url(story)}">Facebook</a> <a href="https://zalo.me/share?u={police_url(story)}">Zalo</a>
<a href="{base}/ban-in/{story.slug}/">In bài viết</a></div></footer></article></main>"""
    return _wp_frame(story.site, f"{story.title} - {name}", content, head, body_class=f"post-template-default single single-post postid-{story.id}")


def _broken_body(story: Story) -> str:
    # A redesign that loads the text with JavaScript: the page no longer holds it.
    return f'<div id="app" data-post="{story.id}"></div><script src="/wp-content/themes/congan/app.js"></script>'


def _build_police(site: str, web: Web, items: list[Story], manifest: dict, broken: bool = False) -> None:
    base, name, cat, cat_name = POLICE[site]

    def item(s):
        return (f'<article class="post type-post"><h2 class="entry-title"><a href="{police_url(s)}" rel="bookmark">{_e(s.title)}</a></h2>'
                f'<div class="entry-summary"><p>{_e(s.paragraphs[0][:180])}…</p></div></article>')

    web.html(f"{base}/", _wp_frame(site, f"{name} - Trang thông tin điện tử", '<main id="main" class="site-main"><h2>Tin mới</h2>'
             + "".join(item(s) for s in _newest_first(items)[:3])
             + f'<p><a href="{base}/?p=9001">Bài nổi bật</a> · <a href="{base}/bai-viet-da-xoa/">Tin đã lưu</a></p></main>',
             head='<meta property="og:type" content="website">'))
    for path, title in ((f"{base}/gioi-thieu/", "Giới thiệu"), (f"{base}/thu-tuc-hanh-chinh/", "Thủ tục hành chính")):
        web.html(path, _wp_frame(site, f"{title} - {name}", f'<main id="main"><h1 class="page-title">{title}</h1>'
                 '<p>Chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức; hướng dẫn thủ tục hành chính lĩnh vực cư trú, căn cước.</p></main>',
                 body_class="page-template-default page"))
    for listing, label, members in (("tin-tuc", "Tin tức", items), (cat, cat_name, items[::2])):
        pages = _pages(members)
        for number, chunk in enumerate(pages, start=1):
            nav = "".join(f'<a class="page-numbers" href="{base}/{listing}/{f"page/{n}/" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
            if number < len(pages):
                nav += f'<a class="next page-numbers" href="{base}/{listing}/page/{number + 1}/">»</a>'
            url = f"{base}/{listing}/" + (f"page/{number}/" if number > 1 else "")
            web.html(url, _wp_frame(site, f"{label} - {name}", f'<main id="main" class="site-main"><h1 class="page-title">{_e(label)}</h1>'
                     + "".join(item(s) for s in chunk) + f'<nav class="navigation pagination"><div class="nav-links">{nav}</div></nav></main>',
                     body_class="archive category"))
    for story in items:
        web.html(police_url(story), _wp_article(story, broken))
        web.html(f"{base}/ban-in/{story.slug}/", _wp_article(story, broken))
    featured = _newest_first(items)[0]
    web.redirect(f"{base}/?p=9001", police_url(featured))
    host = urlsplit(base).hostname
    web.add(f"{base}/robots.txt", Page(content_type="text/plain; charset=utf-8", body=(
        "User-agent: *\nDisallow: /wp-admin/\nDisallow: /ban-in/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: https://{host}/wp-sitemap.xml\n").encode()))
    newest = _dt(_newest_first(items)[0])
    web.add(f"{base}/wp-sitemap.xml", Page(content_type="application/xml", last_modified=_http_date(newest), body=(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc><lastmod>{_newest_first(items)[0].published}</lastmod></sitemap>"
        f"<sitemap><loc>{base}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap></sitemapindex>").encode()))
    web.add(f"{base}/wp-sitemap-posts-post-1.xml", Page(content_type="application/xml", last_modified=_http_date(newest),
            body=_sitemap([(police_url(s), s.published) for s in _newest_first(items)])))
    web.add(f"{base}/wp-sitemap-taxonomies-category-1.xml", Page(content_type="application/xml", body=_sitemap(
        [(f"{base}/tin-tuc/", None), (f"{base}/{cat}/", None)])))
    web.add(f"{base}/feed/", Page(content_type="application/rss+xml; charset=UTF-8", last_modified=_http_date(newest),
            body=_rss(name, f"{base}/", [(s.title, police_url(s), s.published) for s in _newest_first(items)])))
    manifest.update(
        disallowed_urls=[f"{base}/ban-in/{s.slug}/" for s in items],
        not_articles=[f"{base}/", f"{base}/gioi-thieu/", f"{base}/tin-tuc/", f"{base}/tin-tuc/page/2/", f"{base}/{cat}/"],
        redirect={"from": f"{base}/?p=9001", "to": police_url(featured)},
        broken_url=f"{base}/bai-viet-da-xoa/",
        listing=f"{base}/tin-tuc/",
    )


# ----------------------------------------------------------------------------------------------
# SharePoint government portal: Quảng Ninh
# ----------------------------------------------------------------------------------------------

QN = "https://www.quangninh.gov.vn"
QN_BARE = "https://quangninh.gov.vn"


def qn_url(story: Story) -> str:
    return f"{QN}/Trang/ChiTietTinTuc.aspx?nid={story.id}"


def _qn_frame(title: str, content: str) -> str:
    return f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN"><head><meta http-equiv="X-UA-Compatible" content="IE=10"><meta charset="utf-8">
<title>{_e(title)}</title><link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=2">
<script type="text/javascript" src="/_layouts/15/init.js?rev=1"></script>
<link rel="alternate" type="application/rss+xml" title="Tin tức" href="/Trang/RSS.aspx?cm=tintuc"></head>
<body><form method="post" action="./ChiTietTinTuc.aspx" id="aspnetForm"><div id="s4-workspace"><div id="s4-bodyContainer">
<div class="header"><div class="header-date">{TODAY_BAR}</div><div class="logo"><a href="/"><img src="/PublishingImages/logo.png" alt="Cổng thông tin điện tử tỉnh Quảng Ninh"></a></div>
<ul class="top-menu"><li><a href="/">Trang chủ</a></li><li><a href="/Trang/TinTuc.aspx?cm=tintuc">Tin tức - Sự kiện</a></li>
<li><a href="/Trang/GioiThieu.aspx">Giới thiệu</a></li><li><a href="{QN_BARE}/Trang/ChiTietTinTuc.aspx?nid=113000">Bản lưu</a></li></ul></div>
<div class="main-content">{content}</div>
<div class="footer">Cơ quan chủ quản: Văn phòng UBND tỉnh Quảng Ninh. Địa chỉ: Phường Hồng Hà, TP Hạ Long. Điện thoại: <a href="tel:02033835456">0203.3835.456</a></div>
</div></div></form></body></html>"""


def _qn_article(story: Story) -> str:
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f'<p style="text-align:justify">{_e(paragraph)}</p>')
        for caption in story.captions.get(i, []):
            parts.append(f'<p style="text-align:center"><img src="/PublishingImages/{story.id}-{i}.jpg" alt=""></p>'
                         f'<p style="text-align:center"><em>{_e(caption)}</em></p>')
    moment = _dt(story)
    content = f"""<div class="webpart-title">DetailController</div>
<div class="breadcrumb-sp"><a href="/">Trang chủ</a> &gt; <a href="/Trang/TinTuc.aspx?cm=qpan">Quốc phòng - An ninh</a></div>
<div class="news-detail"><div class="cat-name">Quốc phòng - An ninh</div>
<h1 class="title-news">{_e(story.title)}</h1><div class="date">{moment:%d/%m/%Y %H:%M}</div>
<div class="content-news">{''.join(parts)}</div>
<div class="news-tools"><a href="javascript:window.print()">In trang</a> <a href="mailto:?subject={_e(story.title)}">Gửi email</a></div>
<div class="other-news"><h3>Tin khác</h3></div></div>"""
    return _qn_frame(f"{story.title}", content)


def _build_quangninh(web: Web, items: list[Story], manifest: dict) -> None:
    def item(s):
        return f'<li><a href="/Trang/ChiTietTinTuc.aspx?nid={s.id}">{_e(s.title)}</a> <span class="date">({_dt(s):%d/%m/%Y})</span></li>'

    oldest = _newest_first(items)[-1]
    web.html(f"{QN}/", _qn_frame("Cổng thông tin điện tử tỉnh Quảng Ninh", "<div class='home-news'><h2>Tin nổi bật</h2><ul>"
             + "".join(item(s) for s in _newest_first(items)[:4]) + "</ul>"
             + f'<p><a href="/Trang/TinTuc.aspx?nid={oldest.id}">Tin cũ (địa chỉ cũ)</a> · <a href="/Trang/ChiTietTinTuc.aspx?nid=100001">Tin đã gỡ</a></p></div>'))
    web.html(f"{QN}/Trang/GioiThieu.aspx", _qn_frame("Giới thiệu", "<h1>Giới thiệu chung về tỉnh Quảng Ninh</h1><p>Quảng Ninh là tỉnh ven biển thuộc vùng Đông Bắc Bộ.</p>"))
    pages = _pages(items)
    for number, chunk in enumerate(pages, start=1):
        nav = " ".join(f'<a href="/Trang/TinTuc.aspx?cm=tintuc{f"&amp;Page={n}" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
        if number < len(pages):
            nav += f' <a href="/Trang/TinTuc.aspx?cm=tintuc&amp;Page={number + 1}">Trang sau</a>'
        url = f"{QN}/Trang/TinTuc.aspx?cm=tintuc" + (f"&Page={number}" if number > 1 else "")
        web.html(url, _qn_frame("Tin tức - Sự kiện", f"<h1 class='cat-title'>Tin tức - Sự kiện</h1><ul>{''.join(item(s) for s in chunk)}</ul><div class='paging'>{nav}</div>"))
    qpan = [s for s in items if "an ninh" in s.title.lower() or s.seed]
    web.html(f"{QN}/Trang/TinTuc.aspx?cm=qpan", _qn_frame("Quốc phòng - An ninh", f"<h1 class='cat-title'>Quốc phòng - An ninh</h1><ul>{''.join(item(s) for s in qpan)}</ul>"))
    for story in items:
        web.html(qn_url(story), _qn_article(story))
    web.redirect(f"{QN}/Trang/TinTuc.aspx?nid={oldest.id}", qn_url(oldest))
    # The bare domain serves an old mirror that robots.txt keeps crawlers out of.
    mirror = f"{QN_BARE}/Trang/ChiTietTinTuc.aspx?nid=113000"
    web.html(mirror, _qn_article(items[0]))
    web.add(f"{QN_BARE}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /Trang/\n"))
    web.add(f"{QN}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /_layouts/\nDisallow: /_vti_bin/\n"))
    newest = _dt(_newest_first(items)[0])
    web.add(f"{QN}/Trang/RSS.aspx?cm=tintuc", Page(content_type="application/rss+xml; charset=utf-8", last_modified=_http_date(newest),
            body=_rss("Tin tức - Cổng TTĐT tỉnh Quảng Ninh", f"{QN}/", [(s.title, qn_url(s), s.published) for s in _newest_first(items)])))
    manifest.update(
        disallowed_urls=[mirror],
        not_articles=[f"{QN}/", f"{QN}/Trang/GioiThieu.aspx", f"{QN}/Trang/TinTuc.aspx?cm=tintuc"],
        redirect={"from": f"{QN}/Trang/TinTuc.aspx?nid={oldest.id}", "to": qn_url(oldest)},
        broken_url=f"{QN}/Trang/ChiTietTinTuc.aspx?nid=100001",
        listing=f"{QN}/Trang/TinTuc.aspx?cm=tintuc",
    )


# ----------------------------------------------------------------------------------------------
# feeds, sitemaps and the whole web
# ----------------------------------------------------------------------------------------------


def _rss(title: str, link: str, entries: list[tuple[str, str, str]]) -> bytes:
    from email.utils import format_datetime

    items = "".join(
        f"<item><title>{_e(t)}</title><link>{_e(u)}</link><guid>{_e(u)}</guid>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(p))}</pubDate></item>"
        for t, u, p in entries
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{_e(title)}</title>'
            f"<link>{_e(link)}</link><language>vi</language>{items}</channel></rss>").encode("utf-8")


def _sitemap(entries: list[tuple[str, str | None]]) -> bytes:
    urls = "".join(
        f"<url><loc>{_e(u)}</loc>" + (f"<lastmod>{p}</lastmod>" if p else "") + "</url>" for u, p in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode("utf-8")


ARTICLE_URL = {
    "baohagiang": hg_url,
    "baoyenbai": yb_url,
    "congan_sonla": police_url,
    "congan_yenbai": police_url,
    "quangninh_portal": qn_url,
}


def article_url(story: Story) -> str:
    return ARTICLE_URL[story.site](story)


def _not_found_page() -> Page:
    body = ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>404 - Không tìm thấy trang</title></head>"
            "<body><h1>Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ.</p>"
            "<p><a href='/'>Về trang chủ</a></p></body></html>")
    return Page(status=404, body=body.encode("utf-8"))


NOT_FOUND = _not_found_page()


def expected(story: Story) -> dict:
    """What extraction must recover from the story's page."""
    return {
        "url": article_url(story),
        "title": story.title,
        "author": story.author,
        "published": story.published,
        "paragraphs": story.paragraphs,
        "captions": story.caption_list,
        "chrome": ["DetailController", "Quốc phòng - An ninh", "Trang chủ", "Tin liên quan", "Chia sẻ", "In bài"],
    }


def build(corpus: list[Story] | None = None, *, broken: frozenset[str] = frozenset()) -> Web:
    """Every page of the fixture web, and its manifest.

    ``broken``: police sites whose article template "changed" so that pages no
    longer hold their text (for tests of the health checks).
    """
    corpus = stories() if corpus is None else corpus
    web = Web()
    sites: dict[str, dict] = {}
    builders = {
        "baohagiang": _build_baohagiang,
        "baoyenbai": _build_baoyenbai,
        "quangninh_portal": _build_quangninh,
    }
    for slug in ("baohagiang", "baoyenbai", "congan_sonla", "congan_yenbai", "quangninh_portal"):
        items = [s for s in corpus if s.site == slug]
        manifest = sites.setdefault(slug, {})
        if slug in builders:
            builders[slug](web, items, manifest)
        else:
            _build_police(slug, web, items, manifest, broken=slug in broken)
        manifest["articles"] = sorted(article_url(s) for s in items)
        manifest["seeds"] = [expected(s) for s in items if s.seed]
        manifest["stories"] = [expected(s) for s in items]
    web.manifest = {"sites": sites}
    return web


def main(argv=None) -> int:
    """`python -m crawler.demo.web DIR` writes every page and MANIFEST.json under DIR for inspection."""
    import sys
    from pathlib import Path
    from urllib.parse import quote

    target = Path((argv or sys.argv[1:] or ["fixture-web"])[0])
    web = build()
    for host, pages in web.pages.items():
        for path, page in pages.items():
            name = quote(path.lstrip("/"), safe="/") or "index"
            if name.endswith("/"):
                name += "index"
            out = target / host / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(page.body if page.status != 301 else f"301 -> {page.location}\n".encode())
    (target / "MANIFEST.json").write_text(json.dumps(web.manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {sum(len(p) for p in web.pages.values())} pages of {len(web.pages)} hosts under {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
