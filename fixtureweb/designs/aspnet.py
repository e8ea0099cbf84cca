"""A provincial newspaper on an ASP.NET CMS, as Báo Yên Bái has it.

Articles at /<section number>/<id>/<Slug>.aspx in an XHTML frame with a
__VIEWSTATE form, the date in JSON-LD and as a "Cập nhật: HH:MM | DD/MM/YYYY"
line, captions in paragraphs of their own; a print view under /99/ that
robots.txt disallows; section listings paginated with ?page=N; an RSS feed and
no sitemap. /Default.aspx redirects to the home page, which links an article
that no longer exists (404).
"""

from __future__ import annotations

import json

from fixtureweb.corpus import Story
from fixtureweb.pages import Page, Web, escape, feed_page, moment, newest_first, paginate, rss

BASE = "https://baoyenbai.com.vn"
SECTIONS = {"11": ("Chinh-tri", "Chính trị"), "12": ("Quoc-phong-An-ninh", "Quốc phòng - An ninh"), "15": ("Du-lich", "Du lịch")}
REMOVED = f"{BASE}/12/159999/Bai-viet-khong-con-ton-tai.aspx"


def url(story: Story) -> str:
    return f"{BASE}/{story.section}/{story.id}/{story.slug}.aspx"


def print_url(story: Story) -> str:
    return f"{BASE}/99/{story.id}/Ban-in.aspx"


def _frame(title: str, content: str, head: str = "") -> str:
    menu = "".join(f'<td><a href="/{k}/{v[0]}.aspx">{escape(v[1])}</a></td>' for k, v in SECTIONS.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{escape(title)}</title><link href="/App_Themes/Default/style.css" rel="stylesheet" type="text/css" />
<link rel="alternate" type="application/rss+xml" title="YBĐT" href="/RSS/Trang-chu.rss" />{head}</head><body>
<form name="aspnetForm" method="post" action="./Default.aspx" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" />
<div id="wrapper"><div id="banner"><a href="/"><img src="/Images/banner.jpg" alt="Báo Yên Bái điện tử" /></a></div>
<table id="menu"><tr><td><a href="/Default.aspx">Trang chủ</a></td>{menu}<td><a href="/Lien-he.aspx">Liên hệ</a></td></tr></table>
<div id="content">{content}</div>
<div id="footer">Báo Yên Bái điện tử - Cơ quan của Đảng bộ tỉnh Yên Bái. Giấy phép số 71/GP-BTTTT.
Điện thoại: <a href="tel:02163852457">0216.3852.457</a> · Email: <a href="mailto:baoyenbai@gmail.com">baoyenbai@gmail.com</a></div></div></form>
</body></html>"""


def _body(story: Story) -> str:
    parts = []
    for i, paragraph in enumerate(story.paragraphs):
        parts.append(f"<p>{escape(paragraph)}</p>")
        for caption in story.captions.get(i, []):
            parts.append(f'<p style="text-align:center"><img src="/Upload/{story.id}/{i}.jpg" /></p><p class="caption">{escape(caption)}</p>')
    if story.author:
        parts.append(f'<p style="text-align:right"><b>{escape(story.author)}</b></p>')
    return "".join(parts)


def _article(story: Story) -> str:
    when = moment(story)
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
                     "datePublished": story.published, "publisher": {"@type": "Organization", "name": "Báo Yên Bái"}},
                    ensure_ascii=False)
    head = f'<script type="application/ld+json">{ld}</script><meta property="og:title" content="{escape(story.title)}" />'
    name = SECTIONS[story.section][1]
    content = f"""<div class="path"><a href="/">Trang chủ</a> » <a href="/{story.section}/{SECTIONS[story.section][0]}.aspx">{escape(name)}</a></div>
<div class="news-detail"><h1>{escape(story.title)}</h1>
<div class="author">{escape(story.author)} |</div>
<span class="news-time">Cập nhật: {when:%H:%M} | {when:%d/%m/%Y}</span>
<div class="news-content">{_body(story)}</div>
<div class="tools"><a href="/99/{story.id}/Ban-in.aspx">Bản in</a> <a href="javascript:window.print()">In</a></div></div>
<div class="other-news"><b>Các tin khác</b></div>"""
    return _frame(f"{story.title} - Báo Yên Bái", content, head)


def _item(story: Story) -> str:
    return f'<div class="item"><a href="{url(story)}" class="title">{escape(story.title)}</a><br />{escape(story.paragraphs[0][:150])}…</div>'


def _sections(web: Web, items: list[Story]) -> None:
    for key, (slug, name) in SECTIONS.items():
        pages = paginate([s for s in items if s.section == key])
        for number, chunk in enumerate(pages, start=1):
            nav = " ".join(f'<a href="/{key}/{slug}.aspx{f"?page={n}" if n > 1 else ""}">{n}</a>' for n in range(1, len(pages) + 1))
            if number < len(pages):
                nav += f' <a href="/{key}/{slug}.aspx?page={number + 1}">»</a>'
            page_url = f"{BASE}/{key}/{slug}.aspx" + (f"?page={number}" if number > 1 else "")
            web.html(page_url, _frame(f"{name} - Báo Yên Bái", f"<h1>{escape(name)}</h1>" + "".join(_item(s) for s in chunk)
                     + f'<div class="pager">Trang: {nav}</div>'))


def build(web: Web, items: list[Story], manifest: dict) -> None:
    """The site's pages for ``items`` into ``web``, and its traps into ``manifest``."""
    web.html(f"{BASE}/", _frame("Báo Yên Bái điện tử", "<h2>Tin mới nhất</h2>" + "".join(_item(s) for s in newest_first(items)[:4])
             + f'<a href="{REMOVED.removeprefix(BASE)}">Tin cũ</a>'))
    web.redirect(f"{BASE}/Default.aspx", f"{BASE}/")
    web.html(f"{BASE}/Lien-he.aspx", _frame("Liên hệ - Báo Yên Bái", "<h1>Liên hệ tòa soạn</h1><p>Số 2, đường Lý Thường Kiệt, TP Yên Bái.</p>"))
    _sections(web, items)
    for story in items:
        web.html(url(story), _article(story))
        web.html(print_url(story), _article(story))
    web.add(f"{BASE}/robots.txt", Page(content_type="text/plain", body=b"User-agent: *\nDisallow: /99/\nDisallow: /Admin/\n"))
    ordered = newest_first(items)
    web.add(f"{BASE}/RSS/Trang-chu.rss", feed_page(
        rss("Báo Yên Bái", f"{BASE}/", [(s.title, url(s), s.published) for s in ordered]), ordered[0]))
    manifest.update(
        disallowed_urls=[print_url(s) for s in items],
        not_articles=[f"{BASE}/", f"{BASE}/Lien-he.aspx", f"{BASE}/12/Quoc-phong-An-ninh.aspx"],
        redirect={"from": f"{BASE}/Default.aspx", "to": f"{BASE}/"},
        broken_url=REMOVED,
        listing=f"{BASE}/12/Quoc-phong-An-ninh.aspx",
    )
