"""The fixture web: the registered sites rebuilt from the corpus, page by page.

Each site is drawn in the design of its kind of provincial site, one module
each under ``fixtureweb/designs/``:

- ``newspaper``: a newspaper CMS (baohagiang),
- ``aspnet``: a newspaper on an ASP.NET CMS (baoyenbai),
- ``wordpress``: WordPress-like police sites (congan_sonla, congan_yenbai),
- ``sharepoint``: a SharePoint government portal (quangninh_portal).

Every site has a home page, paginated listings, a feed or sitemap, robots.txt
with one disallowed path that links to an article-looking page, a link to a
page that answers 404, and a redirect. ``build()`` returns the pages and a
manifest of what a crawl must and must not store.

``python -m fixtureweb.web DIR`` writes every page and MANIFEST.json under DIR
for inspection.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from fixtureweb.corpus import Story, stories
from fixtureweb.designs import aspnet, newspaper, sharepoint, wordpress
from fixtureweb.pages import NOT_FOUND, PER_PAGE, Page, Web

__all__ = ["NOT_FOUND", "PER_PAGE", "Page", "Web", "article_url", "build", "expected"]

ARTICLE_URL = {
    "baohagiang": newspaper.url,
    "baoyenbai": aspnet.url,
    "congan_sonla": wordpress.url,
    "congan_yenbai": wordpress.url,
    "quangninh_portal": sharepoint.url,
}
BUILDERS = {"baohagiang": newspaper.build, "baoyenbai": aspnet.build, "quangninh_portal": sharepoint.build}


def article_url(story: Story) -> str:
    return ARTICLE_URL[story.site](story)


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
    for slug in ARTICLE_URL:
        items = [s for s in corpus if s.site == slug]
        manifest = sites.setdefault(slug, {})
        if slug in BUILDERS:
            BUILDERS[slug](web, items, manifest)
        else:
            wordpress.build(slug, web, items, manifest, broken=slug in broken)
        manifest["articles"] = sorted(article_url(s) for s in items)
        manifest["seeds"] = [expected(s) for s in items if s.seed]
        manifest["stories"] = [expected(s) for s in items]
    web.manifest = {"sites": sites}
    return web


def write(web: Web, target: Path) -> int:
    """Every page of ``web`` as a file under ``target``/<host>/<path> (redirects as a line), and MANIFEST.json."""
    count = 0
    for host, pages in web.pages.items():
        for path, page in pages.items():
            name = quote(path.lstrip("/"), safe="/") or "index"
            if name.endswith("/"):
                name += "index"
            out = target / host / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(page.body if page.status != 301 else f"301 -> {page.location}\n".encode())
            count += 1
    (target / "MANIFEST.json").write_text(json.dumps(web.manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return count


def main(argv=None) -> int:
    import sys

    target = Path((argv or sys.argv[1:] or ["fixture-web"])[0])
    web = build()
    count = write(web, target)
    print(f"wrote {count} pages of {len(web.pages)} hosts under {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
