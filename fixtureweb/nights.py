"""The fixture web on a later night: what provincial sites do to articles the archive already holds.

``next_night()`` is ``web.build()`` after these changes, with what changed in
its manifest under ``"changes"``:

- ``edited``: an article of Báo Yên Bái whose second paragraph was rewritten
  and whose title gained a word, at the same address;
- ``gone_404`` / ``gone_410``: an article of each police site that now answers
  404, or 410 Gone (and has left every listing, feed and sitemap);
- ``moved_home``: a portal article whose address now redirects to the home page;
- ``republished``: a story Báo Hà Giang published the night before, now also on
  the Sơn La police site and the Quảng Ninh portal, each copy with its own
  edits (a credit line, another lead sentence, a cut paragraph), as provincial
  sources republish one another.
"""

from __future__ import annotations

from dataclasses import replace

from fixtureweb.corpus import Story, stories
from fixtureweb.pages import Page, Web
from fixtureweb.web import article_url, build

ORIGIN_SITE = "baohagiang"


def _first(corpus: list[Story], site: str) -> Story:
    return next(s for s in corpus if s.site == site and not s.seed)


def _copies(origin: Story) -> list[Story]:
    """The origin's story as two other sources print it."""
    body = origin.paragraphs[1:] if origin.lead else origin.paragraphs
    police = Story(
        site="congan_sonla", slug=f"{origin.slug}-theo-bao-ha-giang", id=f"9{origin.id}",
        title=origin.title, published="2025-03-01T09:00:00+07:00",
        paragraphs=["(Theo Báo Hà Giang) " + body[0], *body[1:]],
        author="Theo Báo Hà Giang",
    )
    portal = Story(
        site="quangninh_portal", slug="", id=f"8{origin.id}"[-6:],
        title=f"{origin.title} - Hà Giang", published="2025-03-01T15:30:00+07:00",
        paragraphs=["Theo tin từ tỉnh bạn, " + body[0][0].lower() + body[0][1:], *body[1:-1]],
        captions={0: ["Ảnh minh họa: Báo Hà Giang"]},
    )
    return [police, portal]


def next_night(corpus: list[Story] | None = None) -> Web:
    """The fixture web a night after ``build(corpus)``, with the changes in ``manifest["changes"]``."""
    corpus = list(stories() if corpus is None else corpus)
    edited = _first(corpus, "baoyenbai")
    gone_404, gone_410 = _first(corpus, "congan_sonla"), _first(corpus, "congan_yenbai")
    moved = _first(corpus, "quangninh_portal")
    origin = _first(corpus, ORIGIN_SITE)
    rewritten = replace(
        edited, title=edited.title + " năm nay",
        paragraphs=[edited.paragraphs[0], edited.paragraphs[1] + " Số liệu được cập nhật đến hết tháng 3.",
                    *edited.paragraphs[2:]],
    )
    copies = _copies(origin)
    tonight = [rewritten if s is edited else s for s in corpus if s not in (gone_404, gone_410, moved)] + copies
    web = build(tonight)
    web.add(article_url(gone_410), Page(status=410, body=b"<html><body>Tin bai da go</body></html>"))
    home = next(url for url in web.manifest["sites"]["quangninh_portal"]["not_articles"] if url.endswith("/"))
    web.redirect(article_url(moved), home)
    web.manifest["changes"] = {
        "edited": {"url": article_url(edited), "before": edited.paragraphs, "after": rewritten.paragraphs,
                   "title_before": edited.title, "title_after": rewritten.title},
        "gone_404": article_url(gone_404),
        "gone_410": article_url(gone_410),
        "moved_home": {"url": article_url(moved), "to": home},
        "republished": {"origin": article_url(origin), "copies": [article_url(c) for c in copies]},
    }
    return web
