"""A hostile site: every way a provincial site (or someone posing as one) can break a crawl.

Served under ``hostile.test``, a name no real site has, registered only in a
test's own registry (``REGISTRY_ENTRY``, with ``ARCHIVE_SITES_DIR``). The home
page links one page per case; sitemaps and feeds carry their own. Each case is
a constant below, named for what it does; ``MAX_SIZE`` is the
``DOWNLOAD_MAXSIZE`` the crawl of this site runs with, so the huge page and
the bombs are measured against it. ``REFUSING_HOST`` is on the site's domain
but answers nothing: route it to a port nothing listens on
(``HOSTMAP_ROUTES``).

The article texts are the corpus's stories (``STORY``: case → the story whose
text it carries), so what must be stored is known without the crawl.
"""

from __future__ import annotations

import gzip
import random
import re
import unicodedata
from datetime import date, timedelta

from fixtureweb.bodies import bomb, compressed, cp1258
from fixtureweb.corpus import Story, stories
from fixtureweb.pages import Page, Web, escape, rss, sitemap

HOST = "hostile.test"
BASE = f"https://{HOST}"
OFF_SITE = "evil.test"
REFUSING_HOST = f"mat-ket-noi.{HOST}"
MAX_SIZE = 4_000_000

REGISTRY_ENTRY = f"""slug = "hostile"
name = "Báo Thử Thách"
province = "Hà Giang"
kind = "newspaper"
domains = ["{HOST}"]
start_urls = ["{BASE}/"]
sitemaps = ["{BASE}/sitemap.xml"]
feeds = ["{BASE}/rss/hong.rss", "{BASE}/rss/laughs.rss"]
article_pattern = '^https?://([a-z-]+\\.)?hostile\\.test/bai/[^/?#]+\\.html$'
notes = "The test suite's hostile site (fixtureweb/designs/hostile.py); not a real site."
"""


# A second site whose home page lists no article, only sections linked as "?page=1"
# under their names: the only way to its articles.
SECTIONS_HOST = "chuyen-muc.test"
SECTIONS_BASE = f"https://{SECTIONS_HOST}"
SECTIONS_REGISTRY_ENTRY = f"""slug = "hostile_sections"
name = "Báo Chuyên Mục"
province = "Hà Giang"
kind = "newspaper"
domains = ["{SECTIONS_HOST}"]
start_urls = ["{SECTIONS_BASE}/"]
article_pattern = '^https?://chuyen-muc\\.test/bai/[^/?#]+\\.html$'
notes = "The test suite's site of sections linked as page 1 (fixtureweb/designs/hostile.py); not a real site."
"""
SECTIONS_ONLY = {f"{SECTIONS_BASE}/list?page=1": "Thời sự", f"{SECTIONS_BASE}/kinh-te?page=1": "Kinh tế"}
SECTIONS_ONLY_ARTICLES = tuple(f"{SECTIONS_BASE}/bai/muc-{i}.html" for i in range(1, 5))


def _url(name: str) -> str:
    return f"{BASE}/bai/{name}.html"


# --- the cases (article URLs) -----------------------------------------------------
NORMAL = _url("binh-thuong")
TRUNCATED = _url("cat-ngang")  # Content-Length larger than what is sent
CP1258 = _url("ma-1258")  # declared UTF-8, written in windows-1258
CP1252 = _url("ma-1252")  # declared UTF-8, written in cp1252 with character references
NFD = _url("to-hop")  # UTF-8, decomposed accents
HUGE = _url("qua-lon")  # larger than MAX_SIZE
BOMBS = {encoding: _url(f"bom-{encoding}") for encoding in ("gzip", "deflate", "br", "zstd")}
LOOP_A, LOOP_B = _url("vong-a"), _url("vong-b")  # A → B → A
SELF_REDIRECT = _url("tu-chuyen")
OFF_SITE_REDIRECT = _url("ra-ngoai")  # → https://evil.test/…
EMPTY = _url("rong")
BINARY = _url("nhi-phan")
NUL = _url("nul")
DEEP = _url("long-sau")  # 100,000 nested divs
LINK_FARM = _url("nhieu-lien-ket")  # 50,000 links
SCRIPTED = _url("ma-doc")  # script in every field
SCRIPT_URL = _url("<script>alert(1)<script>")  # a link whose address is markup
BACKSLASH_LINK = f"https://{OFF_SITE}\\@{HOST}/bai/gach-cheo.html"  # browsers: host evil.test
USERINFO_LINK = f"https://user:pass@{HOST}/bai/mat-khau.html"
SHARED = (_url("chung-1"), _url("chung-2"))  # both declare CANONICAL_SHARED
CANONICAL_SHARED = _url("chung")
CANONICAL_HOME = _url("ve-trang-chu")  # canonical: the home page
CANONICAL_LISTING = _url("ve-danh-muc")  # canonical: a section listing
CANONICAL_BACKSLASH = _url("canon-gach")  # canonical: https://evil.test\@hostile.test/…
CANONICAL_USERINFO = _url("canon-mat-khau")  # canonical: https://u:p@hostile.test/…
ACCENTED = _url("tin-tức-ổn-định")  # linked as written, UTF-8 in the href
SECTION = f"{BASE}/list?page=1"  # a menu link named "Thời sự": a section, not pagination
SECTION_ARTICLES = (_url("thoi-su-1"), _url("thoi-su-2"))  # reachable only through SECTION (page 1, page 2)
ENDLESS = f"{BASE}/vo-tan?page="  # every page links the next, and a new article
REPEATING = f"{BASE}/lap-lai?page="  # every page links the next, and the same article
REPEATED_ARTICLE = _url("lap-lai")
CALENDAR = f"{BASE}/lich?date="  # a day links the day before and after, and every day of its month
REFUSED = f"https://{REFUSING_HOST}/bai/khong-toi.html"
SITEMAP_ARTICLES = {  # reachable only through one sitemap each
    "damaged_before": (_url("sm-1"), _url("sm-2")),
    "damaged_after": (_url("sm-3"), _url("sm-4")),
    "laughs_after": (_url("sm-5"),),
}
FEED_ARTICLES = {
    "damaged_before": (_url("feed-1"),),
    "damaged_after": (_url("feed-2"), _url("feed-3")),
    "laughs_after": (_url("feed-4"),),
}
SITEMAP_BOMB = f"{BASE}/sitemap-bom.xml.gz"
SITEMAP_DAMAGED = f"{BASE}/sitemap-hong.xml"
SITEMAP_LAUGHS = f"{BASE}/sitemap-laughs.xml"
FEED_DAMAGED = f"{BASE}/rss/hong.rss"
FEED_LAUGHS = f"{BASE}/rss/laughs.rss"

# Text-bearing cases, in the order they take a story of the corpus.
_TEXT_CASES = [
    NORMAL, TRUNCATED, CP1258, CP1252, NFD, SCRIPTED, *SHARED, CANONICAL_HOME, CANONICAL_LISTING,
    CANONICAL_BACKSLASH, CANONICAL_USERINFO, ACCENTED, SCRIPT_URL, *SECTION_ARTICLES, REPEATED_ARTICLE,
    *SITEMAP_ARTICLES["damaged_before"], *SITEMAP_ARTICLES["damaged_after"], *SITEMAP_ARTICLES["laughs_after"],
    *FEED_ARTICLES["damaged_before"], *FEED_ARTICLES["damaged_after"], *FEED_ARTICLES["laughs_after"],
    NUL, DEEP, LINK_FARM, *SECTIONS_ONLY_ARTICLES,
]
STORY: dict[str, Story] = {}

_LAUGHS_DTD = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, 10))
    + "]>"
)


def _story_for(url: str) -> Story:
    return STORY[url]


def article_html(story: Story, *, canonical: str | None = None, title: str | None = None,
                 paragraphs: list[str] | None = None, head: str = "", body_end: str = "") -> str:
    """An article page in a plain newspaper layout (escaped text; ``head``/``body_end`` raw)."""
    title = story.title if title is None else title
    paragraphs = story.paragraphs if paragraphs is None else paragraphs
    canonical_tag = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    text = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    author = f'<p class="author"><strong>{escape(story.author)}</strong></p>' if story.author else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{escape(title)} - Báo Thử Thách</title>
<meta property="og:type" content="article"><meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{story.published}">{canonical_tag}{head}</head>
<body><header><a href="/">Báo Thử Thách</a> <a href="/list?page=1">Thời sự</a></header>
<main><article><h1>{escape(title)}</h1><div class="time">{story.published[:10]}</div>
<div class="content">{text}{author}</div></article></main>
<footer><p>Báo Thử Thách - trang thử nghiệm của bộ kiểm thử.</p></footer>{body_end}</body></html>"""


def _html(web: Web, url: str, html: str) -> None:
    web.add(url, Page(body=html.encode("utf-8")))


def _encoded_cases(web: Web) -> None:
    story = _story_for(TRUNCATED)
    body = article_html(story).encode("utf-8")
    web.add(TRUNCATED, Page(body=body, truncate=len(body) // 2))
    html = article_html(_story_for(CP1258))
    web.add(CP1258, Page(body=cp1258(html)))
    html = article_html(_story_for(CP1252))
    web.add(CP1252, Page(body=html.encode("cp1252", errors="xmlcharrefreplace")))
    web.add(NFD, Page(body=unicodedata.normalize("NFD", article_html(_story_for(NFD))).encode("utf-8")))
    filler = "<p>" + "Nội dung quá dài. " * 60 + "</p>\n"
    web.add(HUGE, Page(body=(filler * (MAX_SIZE // len(filler.encode()) + 200)).encode("utf-8")))
    payload = bomb(MAX_SIZE)
    for encoding, url in BOMBS.items():
        web.add(url, Page(body=compressed(encoding, payload), headers={"Content-Encoding": encoding}))


def _degenerate_cases(web: Web) -> None:
    web.add(EMPTY, Page(body=b""))
    web.add(BINARY, Page(content_type="application/octet-stream", body=random.Random(16).randbytes(50_000)))
    story = _story_for(NUL)
    web.add(NUL, Page(body=article_html(story, paragraphs=[p[: len(p) // 2] + "\x00" + p[len(p) // 2:]
                                                           for p in story.paragraphs]).encode("utf-8")))
    story = _story_for(DEEP)
    deep = "<div>" * 100_000 + "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs) + "</div>" * 100_000
    _html(web, DEEP, article_html(story, paragraphs=[], body_end=deep))
    farm = "".join(f'<a href="/l/{i}">liên kết {i}</a> ' for i in range(50_000))
    _html(web, LINK_FARM, article_html(_story_for(LINK_FARM), body_end=f"<div class='links'>{farm}</div>"))
    story = _story_for(SCRIPTED)
    script = "<script>alert('xss')</script>"
    _html(web, SCRIPTED, article_html(
        story, title=f"{story.title} {script}",
        paragraphs=[f"{p} {script}" for p in story.paragraphs],
        head=(f'<meta name="author" content="{escape(script)}"><meta property="article:section" content="{escape(script)}">'
              "<script>document.write('<p>chèn từ script</p>')</script>"),
        body_end=f'<script>alert("stored")</script><a href="javascript:alert(1)">{escape(script)}</a>',
    ))
    _html(web, SCRIPT_URL, article_html(_story_for(SCRIPT_URL)))


def _redirects(web: Web) -> None:
    web.add(LOOP_A, Page(status=302, location=LOOP_B))
    web.add(LOOP_B, Page(status=302, location=LOOP_A))
    web.add(SELF_REDIRECT, Page(status=301, location=SELF_REDIRECT))
    web.add(OFF_SITE_REDIRECT, Page(status=301, location=f"https://{OFF_SITE}/bai/ra-ngoai.html"))


def _canonicals(web: Web) -> None:
    for url in SHARED:
        _html(web, url, article_html(_story_for(url), canonical=CANONICAL_SHARED))
    _html(web, CANONICAL_HOME, article_html(_story_for(CANONICAL_HOME), canonical=f"{BASE}/"))
    _html(web, CANONICAL_LISTING, article_html(_story_for(CANONICAL_LISTING), canonical=f"{BASE}/list?page=1"))
    _html(web, CANONICAL_BACKSLASH, article_html(
        _story_for(CANONICAL_BACKSLASH), canonical=f"https://{OFF_SITE}\\@{HOST}/bai/canon-gach-khac.html"))
    _html(web, CANONICAL_USERINFO, article_html(
        _story_for(CANONICAL_USERINFO), canonical=f"https://u:p@{HOST}/bai/canon-mat-khau-khac.html"))
    _html(web, ACCENTED, article_html(_story_for(ACCENTED)))
    # Userinfo and backslash links lead to real pages: only the parse keeps the crawl off them.
    _html(web, f"{BASE}/bai/mat-khau.html", article_html(_story_for(NORMAL), title="Trang có mật khẩu"))
    _html(web, f"{BASE}/bai/gach-cheo.html", article_html(_story_for(NORMAL), title="Trang gạch chéo"))


def _listing(title: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links)
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><h1>{escape(title)}</h1><ul>{items}</ul></body></html>").encode("utf-8")


def _endless(target: str) -> Page | None:
    match = re.fullmatch(r"/(vo-tan|lap-lai)\?page=(\d{1,6})", target)
    if not match:
        return None
    kind, number = match.group(1), int(match.group(2))
    article = _url(f"vo-tan-{number}") if kind == "vo-tan" else REPEATED_ARTICLE
    return Page(body=_listing(f"Tin mới - trang {number}", [
        (article, f"Bài số {number}"), (f"/{kind}?page={number + 1}", "Trang sau ›"),
    ]))


def _endless_article(target: str) -> Page | None:
    match = re.fullmatch(r"/bai/vo-tan-(\d{1,6})\.html", target)
    if not match:
        return None
    story = stories()[int(match.group(1)) % len(stories())]
    return Page(body=article_html(story, title=f"{story.title} (số {match.group(1)})").encode("utf-8"))


def _calendar(target: str) -> Page | None:
    match = re.fullmatch(r"/lich\?date=(\d{4})-(\d{2})-(\d{2})", target)
    if not match:
        return None
    try:
        day = date(*map(int, match.groups()))
    except ValueError:
        return None
    links = [(f"/lich?date={day - timedelta(days=1)}", "Hôm trước"), (f"/lich?date={day + timedelta(days=1)}", "Hôm sau")]
    links += [(f"/lich?date={day.replace(day=d)}", str(d)) for d in range(1, 29)]
    return Page(body=_listing(f"Lịch ngày {day:%d/%m/%Y}", links))


def _sitemaps_and_feeds(web: Web) -> None:
    web.add(f"{BASE}/robots.txt", Page(content_type="text/plain", body=f"User-agent: *\nSitemap: {BASE}/sitemap.xml\n".encode()))
    index = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in (SITEMAP_DAMAGED, SITEMAP_LAUGHS, SITEMAP_BOMB))
    web.add(f"{BASE}/sitemap.xml", Page(content_type="application/xml", body=(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{index}</sitemapindex>").encode()))
    good = sitemap([(u, None) for u in SITEMAP_ARTICLES["damaged_before"]]).decode()
    after = "".join(f"<url><loc>{u}</loc></url>" for u in SITEMAP_ARTICLES["damaged_after"])
    # A CMS that pasted a title raw into the XML (a stray "&", an unclosed tag, a byte that is
    # not UTF-8), then appended a second sitemap after the first one's end.
    damaged = good.replace("</urlset>", "<url><loc>https://hostile.test/bai/A&B <b>đậm\xff</loc></url></urlset>"
                           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + after + "</urlset>")
    web.add(SITEMAP_DAMAGED, Page(content_type="application/xml", body=damaged.encode("utf-8").replace(b"\xc3\xbf", b"\xff")))
    laughs = ('<?xml version="1.0" encoding="UTF-8"?>\n' + _LAUGHS_DTD
              + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url>'
              + "".join(f"<url><loc>{u}</loc></url>" for u in SITEMAP_ARTICLES["laughs_after"]) + "</urlset>")
    web.add(SITEMAP_LAUGHS, Page(content_type="application/xml", body=laughs.encode()))
    web.add(SITEMAP_BOMB, Page(content_type="application/x-gzip", body=gzip.compress(b"<urlset>" + b" " * 4 * MAX_SIZE, 9, mtime=0)))

    def entries(urls):
        return [(_story_for(u).title, u, _story_for(u).published) for u in urls]

    # A PHP warning printed before the XML declaration, and an item with a control character.
    feed = rss("Tin mới", f"{BASE}/", entries(FEED_ARTICLES["damaged_before"])).decode()
    items = "".join(f"<item><title>{escape(t)}</title><link>{u}</link></item>" for t, u, _p in entries(FEED_ARTICLES["damaged_after"]))
    feed = feed.replace("</channel>", "<item><title>Giá & khuyến mãi <b>mới</title><link>\x01</link></item>" + items + "</channel>")
    feed = "<br />\n<b>Warning</b>: Undefined variable $cat in <b>/var/www/rss.php</b> on line <b>12</b><br />\n" + feed
    web.add(FEED_DAMAGED, Page(content_type="application/rss+xml", body=feed.encode("utf-8")))
    laughs = rss("Tin cười", f"{BASE}/", entries(FEED_ARTICLES["laughs_after"])).decode()
    laughs = laughs.replace("<rss ", _LAUGHS_DTD + "<rss ", 1).replace("<channel>", "<channel><item><title>&lol9;</title><link>&lol9;</link></item>", 1)
    web.add(FEED_LAUGHS, Page(content_type="application/rss+xml", body=laughs.encode("utf-8")))


def _home(web: Web) -> None:
    links = [
        (NORMAL, "Tin bình thường"), (TRUNCATED, "Bài bị cắt"), (CP1258, "Bài mã 1258"), (CP1252, "Bài mã 1252"),
        (NFD, "Bài tổ hợp"), (HUGE, "Bài quá lớn"), *((url, f"Bom {e}") for e, url in BOMBS.items()),
        (LOOP_A, "Vòng lặp"), (SELF_REDIRECT, "Tự chuyển"), (OFF_SITE_REDIRECT, "Ra ngoài"), (EMPTY, "Rỗng"),
        (BINARY, "Nhị phân"), (NUL, "Ký tự NUL"), (DEEP, "Lồng sâu"), (LINK_FARM, "Nhiều liên kết"),
        (SCRIPTED, "Mã độc"), ("/bai/&lt;script&gt;alert(1)&lt;script&gt;.html", "Địa chỉ có mã"),
        (BACKSLASH_LINK, "Gạch chéo ngược"), (USERINFO_LINK, "Có mật khẩu"), ("javascript:alert(1)", "Bấm vào"),
        *((url, "Bài chung") for url in SHARED), (CANONICAL_HOME, "Về trang chủ"), (CANONICAL_LISTING, "Về danh mục"),
        (CANONICAL_BACKSLASH, "Canonical gạch"), (CANONICAL_USERINFO, "Canonical mật khẩu"),
        (f"{BASE}/bai/tin-tức-ổn-định.html", "Tin tức ổn định"),
        (f"{BASE}/bai/tin-t%e1%bb%a9c-%e1%bb%95n-%c4%91%e1%bb%8bnh.html", "Tin tức ổn định (mã thường)"),
        (SECTION, "Thời sự"), (f"{ENDLESS}1", "Tin mới nhất"), (f"{REPEATING}1", "Tin lặp lại"),
        (f"{CALENDAR}2026-11-24", "Lịch"), (REFUSED, "Máy chủ không trả lời"),
    ]
    body = _listing("Báo Thử Thách", [(href, text) for href, text in links])
    # A raw href for the markup URL (escaped once by the page, as a CMS would write it).
    body = body.replace(b"/bai/&amp;lt;script&amp;gt;alert(1)&amp;lt;script&amp;gt;.html",
                        b"/bai/&lt;script&gt;alert(1)&lt;script&gt;.html")
    web.add(f"{BASE}/", Page(body=body))
    section = [(SECTION_ARTICLES[0], "Thời sự 1"), ("/list?page=2", "2"), ("/list?page=2", "Trang sau")]
    web.add(SECTION, Page(body=_listing("Thời sự", section)))
    web.add(f"{BASE}/list?page=2", Page(body=_listing("Thời sự - trang 2", [(SECTION_ARTICLES[1], "Thời sự 2")])))


def _sections_only(web: Web) -> None:
    web.add(f"{SECTIONS_BASE}/", Page(body=_listing("Báo Chuyên Mục", [(url, name) for url, name in SECTIONS_ONLY.items()])))
    for (url, name), articles in zip(SECTIONS_ONLY.items(), (SECTIONS_ONLY_ARTICLES[:2], SECTIONS_ONLY_ARTICLES[2:])):
        web.add(url, Page(body=_listing(name, [(a, _story_for(a).title) for a in articles])))


def build(web: Web | None = None) -> Web:
    """The hostile site's pages (into ``web``, or a new one)."""
    web = web or Web()
    corpus = stories()
    STORY.update({url: corpus[i % len(corpus)] for i, url in enumerate(_TEXT_CASES)})
    for url in _TEXT_CASES:
        _html(web, url, article_html(_story_for(url)))
    _encoded_cases(web)
    _degenerate_cases(web)
    _redirects(web)
    _canonicals(web)
    _sitemaps_and_feeds(web)
    _home(web)
    _sections_only(web)
    web.generate(f"{BASE}/vo-tan", _endless)
    web.generate(f"{BASE}/lap-lai", _endless)
    web.generate(f"{BASE}/bai/vo-tan-", _endless_article)
    web.generate(f"{BASE}/lich", _calendar)
    return web
