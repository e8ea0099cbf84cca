"""A provincial newspaper's CMS, as Báo Hà Giang has it.

Articles at /<section>/<YYYYMM>/<slug>-<id>/ with the sapo in an ``h2``,
captions in image tables, the byline right-aligned at the end and a header bar
showing today's date; a print view under /in-bai/ that robots.txt disallows;
section listings paginated with ?page=N; a sitemap and an RSS feed. The home
page links an old address that now redirects, and a section lists an article
that was taken down (404).
"""

from __future__ import annotations

from fixtureweb.corpus import Story
from fixtureweb.pages import (
    TODAY_BAR, Page, Web, byline, escape, feed_page, moment, newest_first, paginate, rss, sitemap, vn_datetime,
)

BASE = "https://baohagiang.vn"
SECTIONS = {"an-ninh-quoc-phong": "An ninh - Quốc phòng", "kinh-te": "Kinh tế", "van-hoa-xa-hoi": "Văn hóa - Xã hội"}
REMOVED = f"{BASE}/an-ninh-quoc-phong/202010/bai-viet-da-go-740001/"  # listed, but answers 404


def url(story: Story) -> str:
    return f"{BASE}/{story.section}/{moment(story):%Y%m}/{story.slug}-{story.id}/"


def print_url(story: Story) -> str:
    return f"{BASE}/in-bai/{moment(story):%Y%m}/{story.slug}-{story.id}/"


def _frame(title: str, content: str, *, head: str = "") -> str:
    menu = "".join(f'<li><a href="/{key}/">{escape(name)}</a></li>' for key, name in SECTIONS.items())
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>
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


def _item(story: Story) -> str:
    return (f'<div class="news-item"><a href="{url(story)}"><img src="/Uploaded/thumb/{story.id}.jpg" alt=""></a>'
            f'<h3><a href="{url(story)}">{escape(story.title)}</a></h3><p class="sapo">{escape(story.paragraphs[0][:160])}…</p></div>')


def _image(story: Story, i: int, caption: str) -> str:
    return (f'<table class="image center"><tbody><tr><td><img src="/Uploaded/{story.id}/{i}.jpg" alt=""></td></tr>'
            f'<tr><td class="image_desc">{escape(caption)}</td></tr></tbody></table>')


def _body(story: Story) -> str:
    """The article text after the sapo: paragraphs, the image tables that follow them, the byline."""
    body = []
    offset = 1 if story.lead else 0
    for i, paragraph in enumerate(story.paragraphs[offset:], start=offset):
        body.append(f"<p>{escape(paragraph)}</p>")
        body.extend(_image(story, i, caption) for caption in story.captions.get(i, []))
    if byline(story):
        body.append(f'<p style="text-align: right;"><strong>{escape(byline(story))}</strong></p>')
    return "".join(body)


def _article(story: Story, related: list[Story]) -> str:
    sapo_captions = "".join(_image(story, 0, c) for c in (story.captions.get(0, []) if story.lead else []))
    rel = "".join(f'<li><a href="{url(r)}">{escape(r.title)}</a></li>' for r in related)
    head = (f'<meta property="og:type" content="article"><meta property="og:title" content="{escape(story.title)}">'
            f'<meta property="article:published_time" content="{story.published}">'
            f'<meta property="og:image" content="{BASE}/Uploaded/{story.id}/0.jpg">'
            f'<link rel="canonical" href="{url(story)}">')
    section = SECTIONS[story.section]
    content = f"""<div class="breadcrumb"><a href="/">Trang chủ</a> › <a href="/{story.section}/">{escape(section)}</a></div>
<article class="detail"><h1 class="title">{escape(story.title)}</h1>
<div class="detail-time">{vn_datetime(story)}</div>
<div class="share-tools"><a href="https://www.facebook.com/sharer.php?u={url(story)}">Chia sẻ</a> <a href="/in-bai/{moment(story):%Y%m}/{story.slug}-{story.id}/">In bài</a></div>
{f'<h2 class="sapo">{escape(story.paragraphs[0])}</h2>' if story.lead else ''}{sapo_captions}
<div class="detail-content">{_body(story)}</div></article>
<div class="related-news"><h3>Tin liên quan</h3><ul>{rel}</ul></div>
<div class="comment-box"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea><button>Gửi</button></form></div>"""
    return _frame(f"{story.title} - Báo Hà Giang", content, head=head)


def _home(web: Web, items: list[Story], moved_from: str) -> None:
    old = newest_first(items)[-1]
    home_items = "".join(_item(s) for s in newest_first(items)[:4])
    web.html(f"{BASE}/", _frame("Báo Hà Giang - Tin tức Hà Giang", f"""<div class="home">
<h2>Tin mới</h2>{home_items}
<div class="box-video"><a href="https://www.youtube.com/@baohagiang">Video</a></div>
<p class="old-link">Xem lại: <a href="{moved_from}">{escape(old.title)}</a></p></div>"""))
    web.html(f"{BASE}/lien-he.html", _frame("Liên hệ - Báo Hà Giang", "<h1>Liên hệ</h1><p>Tòa soạn Báo Hà Giang, tổ 13, phường Nguyễn Trãi.</p>"))
    web.html(f"{BASE}/gioi-thieu.html", _frame("Giới thiệu - Báo Hà Giang",
             "<h1>Giới thiệu Báo Hà Giang</h1><p>Báo Hà Giang là cơ quan ngôn luận của Đảng bộ tỉnh Hà Giang, xuất bản báo in, báo điện tử và các ấn phẩm.</p>"))


def _sections(web: Web, items: list[Story]) -> None:
    for key, name in SECTIONS.items():
        pages = paginate([s for s in items if s.section == key])
        for number, chunk in enumerate(pages, start=1):
            links = "".join(
                f'<a href="/{key}/{f"?page={n}" if n > 1 else ""}"{" class=active" if n == number else ""}>{n}</a>'
                for n in range(1, len(pages) + 1)
            )
            if number < len(pages):
                links += f'<a href="/{key}/?page={number + 1}" rel="next">Trang sau ›</a>'
            extra = ""
            if key == "an-ninh-quoc-phong" and number == 1:
                extra = f'<div class="news-item"><h3><a href="{REMOVED}">Bài viết đã gỡ</a></h3></div>'
            page_url = f"{BASE}/{key}/" if number == 1 else f"{BASE}/{key}/?page={number}"
            web.html(page_url, _frame(f"{name} - Báo Hà Giang", f"<h1 class='cat-title'>{escape(name)}</h1>"
                     + "".join(_item(s) for s in chunk) + extra + f'<div class="pagination">{links}</div>'))


def _feeds(web: Web, items: list[Story]) -> None:
    web.add(f"{BASE}/robots.txt", Page(content_type="text/plain; charset=utf-8", body=(
        "User-agent: *\nDisallow: /in-bai/\nDisallow: /tim-kiem/\n\nSitemap: https://baohagiang.vn/sitemap.xml\n").encode()))
    ordered = newest_first(items)
    web.add(f"{BASE}/sitemap.xml", feed_page(sitemap([(url(s), s.published) for s in ordered]), ordered[0], "application/xml"))
    web.add(f"{BASE}/rss/tin-moi.rss", feed_page(
        rss("Báo Hà Giang - Tin mới", f"{BASE}/", [(s.title, url(s), s.published) for s in ordered]), ordered[0]))


def build(web: Web, items: list[Story], manifest: dict) -> None:
    """The site's pages for ``items`` into ``web``, and its traps into ``manifest``."""
    old = newest_first(items)[-1]
    moved_from = f"{BASE}/an-ninh/{moment(old):%Y%m}/{old.slug}-{old.id}/"
    _home(web, items, moved_from)
    _sections(web, items)
    for story in items:
        related = [r for r in newest_first(items) if r is not story][:3]
        web.html(url(story), _article(story, related))
        # The print view, disallowed by robots.txt, looks like the article.
        web.html(print_url(story), _article(story, []))
    web.redirect(moved_from, url(old))
    _feeds(web, items)
    manifest.update(
        disallowed_urls=[print_url(s) for s in items],
        not_articles=[f"{BASE}/", f"{BASE}/gioi-thieu.html", f"{BASE}/an-ninh-quoc-phong/", f"{BASE}/an-ninh-quoc-phong/?page=2"],
        redirect={"from": moved_from, "to": url(old)},
        broken_url=REMOVED,
        listing=f"{BASE}/an-ninh-quoc-phong/",
    )
