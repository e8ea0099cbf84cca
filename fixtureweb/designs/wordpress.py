"""A provincial police site on WordPress, as Công an tỉnh Sơn La and Công an tỉnh Yên Bái have it.

Articles at /<slug>/ with og and article:published_time metadata, a ``time``
element, captions in wp-caption figures; a print view under /ban-in/ that
robots.txt disallows; /tin-tuc/ and a category paginated as /page/N/; a
wp-sitemap index and /feed/. /?p=9001 redirects to the newest article and the
home page links a deleted post (404). A "broken" site stands for a redesign
whose article pages load their text with JavaScript and hold none of it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fixtureweb.corpus import Story
from fixtureweb.pages import Page, Web, escape, feed_page, moment, newest_first, paginate, rss, sitemap

# slug: (base URL, site name, category slug, category name)
SITES = {
    "congan_sonla": ("https://congan.sonla.gov.vn", "Công an tỉnh Sơn La", "chong-dien-bien-hoa-binh", "Chống diễn biến hòa bình"),
    "congan_yenbai": ("https://congan.yenbai.gov.vn", "Công an tỉnh Yên Bái", "xay-dung-phong-trao", "Xây dựng phong trào"),
}


def url(story: Story) -> str:
    return f"{SITES[story.site][0]}/{story.slug}/"


def _frame(site: str, title: str, content: str, head: str = "", body_class: str = "home") -> str:
    base, name, cat, cat_name = SITES[site]
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="alternate" type="application/rss+xml" title="{escape(name)} &raquo; Feed" href="{base}/feed/">
<link rel="stylesheet" id="theme-css" href="{base}/wp-content/themes/congan/style.css?ver=6.4.2" media="all">
<script src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
{head}</head><body class="{body_class}">
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding">
<p class="site-title"><a href="{base}/" rel="home">{escape(name.upper())}</a></p><p class="site-description">Vì nước quên thân, vì dân phục vụ</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="{base}/">Trang chủ</a></li><li><a href="{base}/tin-tuc/">Tin tức</a></li><li><a href="{base}/{cat}/">{escape(cat_name)}</a></li>
<li><a href="{base}/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li><li><a href="{base}/gioi-thieu/">Giới thiệu</a></li></ul></nav></header>
<div id="content" class="site-content">{content}
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Đường dây nóng</h2>
<p><a href="tel:069123456">069.123.456</a></p></section>
<section class="widget"><h2 class="widget-title">Liên kết</h2><ul><li><a href="https://bocongan.gov.vn/">Bộ Công an</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">© {escape(name)}. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</div></footer></div>
</body></html>"""


def _body(story: Story) -> str:
    base = SITES[story.site][0]
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f"<p>{escape(paragraph)}</p>")
        for j, caption in enumerate(story.captions.get(i, [])):
            parts.append(f'<figure id="attachment_{story.id}{i}{j}" class="wp-caption aligncenter" style="width: 800px">'
                         f'<img src="{base}/wp-content/uploads/{moment(story):%Y/%m}/{story.id}-{i}.jpg" class="size-full">'
                         f'<figcaption class="wp-caption-text">{escape(caption)}</figcaption></figure>')
    if story.author:
        parts.append(f'<p style="text-align: right;"><strong>{escape(story.author)}</strong></p>')
    return "".join(parts)


def _broken_body(story: Story) -> str:
    # A redesign that loads the text with JavaScript: the page no longer holds it.
    return f'<div id="app" data-post="{story.id}"></div><script src="/wp-content/themes/congan/app.js"></script>'


def _article(story: Story, broken: bool = False) -> str:
    base, name, _cat, _cat_name = SITES[story.site]
    head = (f'<meta property="og:locale" content="vi_VN"><meta property="og:type" content="article">'
            f'<meta property="og:title" content="{escape(story.title)}"><meta property="og:url" content="{url(story)}">'
            f'<meta property="article:published_time" content="{story.published}">'
            f'<link rel="canonical" href="{url(story)}"><link rel="shortlink" href="{base}/?p={story.id}">')
    content = f"""<main id="main" class="site-main"><article id="post-{story.id}" class="post-{story.id} post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{escape(story.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{story.published}">{moment(story):%d/%m/%Y}</time></span></div></header>
<div class="entry-content">{_broken_body(story) if broken else _body(story)}</div>
<footer class="entry-footer"><div class="sharedaddy"><a href="https://www.facebook.com/sharer.php?u={url(story)}">Facebook</a> <a href="https://zalo.me/share?u={url(story)}">Zalo</a>
<a href="{base}/ban-in/{story.slug}/">In bài viết</a></div></footer></article></main>"""
    return _frame(story.site, f"{story.title} - {name}", content, head, body_class=f"post-template-default single single-post postid-{story.id}")


def _item(story: Story) -> str:
    return (f'<article class="post type-post"><h2 class="entry-title"><a href="{url(story)}" rel="bookmark">{escape(story.title)}</a></h2>'
            f'<div class="entry-summary"><p>{escape(story.paragraphs[0][:180])}…</p></div></article>')


def _home(site: str, web: Web, items: list[Story]) -> None:
    base, name, _cat, _cat_name = SITES[site]
    web.html(f"{base}/", _frame(site, f"{name} - Trang thông tin điện tử", '<main id="main" class="site-main"><h2>Tin mới</h2>'
             + "".join(_item(s) for s in newest_first(items)[:3])
             + f'<p><a href="{base}/?p=9001">Bài nổi bật</a> · <a href="{base}/bai-viet-da-xoa/">Tin đã lưu</a></p></main>',
             head='<meta property="og:type" content="website">'))
    for path, title in ((f"{base}/gioi-thieu/", "Giới thiệu"), (f"{base}/thu-tuc-hanh-chinh/", "Thủ tục hành chính")):
        web.html(path, _frame(site, f"{title} - {name}", f'<main id="main"><h1 class="page-title">{title}</h1>'
                 '<p>Chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức; hướng dẫn thủ tục hành chính lĩnh vực cư trú, căn cước.</p></main>',
                 body_class="page-template-default page"))


def _listings(site: str, web: Web, items: list[Story]) -> None:
    base, name, cat, cat_name = SITES[site]
    for listing, label, members in (("tin-tuc", "Tin tức", items), (cat, cat_name, items[::2])):
        pages = paginate(members)
        for number, chunk in enumerate(pages, start=1):
            nav = "".join(f'<a class="page-numbers" href="{base}/{listing}/{f"page/{n}/" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
            if number < len(pages):
                nav += f'<a class="next page-numbers" href="{base}/{listing}/page/{number + 1}/">»</a>'
            page_url = f"{base}/{listing}/" + (f"page/{number}/" if number > 1 else "")
            web.html(page_url, _frame(site, f"{label} - {name}", f'<main id="main" class="site-main"><h1 class="page-title">{escape(label)}</h1>'
                     + "".join(_item(s) for s in chunk) + f'<nav class="navigation pagination"><div class="nav-links">{nav}</div></nav></main>',
                     body_class="archive category"))


def _feeds(site: str, web: Web, items: list[Story]) -> None:
    base, name, cat, _cat_name = SITES[site]
    web.add(f"{base}/robots.txt", Page(content_type="text/plain; charset=utf-8", body=(
        "User-agent: *\nDisallow: /wp-admin/\nDisallow: /ban-in/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: https://{urlsplit(base).hostname}/wp-sitemap.xml\n").encode()))
    ordered = newest_first(items)
    web.add(f"{base}/wp-sitemap.xml", feed_page((
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/wp-sitemap-posts-post-1.xml</loc><lastmod>{ordered[0].published}</lastmod></sitemap>"
        f"<sitemap><loc>{base}/wp-sitemap-taxonomies-category-1.xml</loc></sitemap></sitemapindex>").encode(), ordered[0], "application/xml"))
    web.add(f"{base}/wp-sitemap-posts-post-1.xml", feed_page(sitemap([(url(s), s.published) for s in ordered]), ordered[0], "application/xml"))
    web.add(f"{base}/wp-sitemap-taxonomies-category-1.xml", Page(content_type="application/xml", body=sitemap(
        [(f"{base}/tin-tuc/", None), (f"{base}/{cat}/", None)])))
    web.add(f"{base}/feed/", feed_page(rss(name, f"{base}/", [(s.title, url(s), s.published) for s in ordered]),
            ordered[0], "application/rss+xml; charset=UTF-8"))


def build(site: str, web: Web, items: list[Story], manifest: dict, broken: bool = False) -> None:
    """Police site ``site``'s pages for ``items`` into ``web``, and its traps into ``manifest``."""
    base, _name, cat, _cat_name = SITES[site]
    _home(site, web, items)
    _listings(site, web, items)
    for story in items:
        web.html(url(story), _article(story, broken))
        web.html(f"{base}/ban-in/{story.slug}/", _article(story, broken))
    featured = newest_first(items)[0]
    web.redirect(f"{base}/?p=9001", url(featured))
    _feeds(site, web, items)
    manifest.update(
        disallowed_urls=[f"{base}/ban-in/{s.slug}/" for s in items],
        not_articles=[f"{base}/", f"{base}/gioi-thieu/", f"{base}/tin-tuc/", f"{base}/tin-tuc/page/2/", f"{base}/{cat}/"],
        redirect={"from": f"{base}/?p=9001", "to": url(featured)},
        broken_url=f"{base}/bai-viet-da-xoa/",
        listing=f"{base}/tin-tuc/",
    )
