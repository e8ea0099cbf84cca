"""An archived page made safe to show: nothing in it may reach the publisher.

The page is served as captured except for its references. Every URL in it
(src, href, srcset, poster, CSS ``url()``…) is resolved against the page's
own address and then:

- an image or stylesheet archived in the WARC files (the ``captures``
  table) points at its copy on this instance;
- a link to another archived article points at that article's archived page;
- anything else is removed (links keep their text and show the address in
  their title), so a click or a load can never leave the instance.

Scripts, frames, objects, ``<base>``, refresh and preload hints are dropped;
the response also carries ``Content-Security-Policy: sandbox; default-src
'none'`` with only same-origin images, styles and fonts, so whatever this
rewriting misses is blocked by the browser. A banner at the top says when and
from where the page was captured, and in which WARC file.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from archive.display import warc_date
from crawler.encoding import decode

CSP = ("sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; font-src 'self';"
       " base-uri 'none'; form-action 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
URL_ATTRIBUTES = ("src", "href", "srcset", "poster", "data-src", "data-original", "action", "background",
                  "data-srcset", "data-lazy-src", "formaction", "cite", "longdesc", "usemap", "ping")
DROP = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal")
DROP_LINKS = {"preload", "prefetch", "dns-prefetch", "preconnect", "prerender", "modulepreload", "manifest"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]*)\1""", re.IGNORECASE)
# Resources a page may load from its archived copies; the rest stays out.
RESOURCE_TYPES = ("image/", "text/css", "font/", "application/font", "application/x-font")


def references(body: bytes, content_type: str, base: str) -> set[str]:
    """Every absolute http(s) URL a page refers to (to look up among the captures)."""
    doc = _parse(body, content_type)
    found = set()
    for element in doc.iter():
        for name in URL_ATTRIBUTES:
            for value in _values(element.get(name), name):
                found.add(urljoin(base, value))
        for text in _css_texts(element):
            found.update(urljoin(base, m.group(2)) for m in CSS_URL.finditer(text))
    return {u for u in found if u.startswith(("http://", "https://"))}


def _parse(body: bytes, content_type: str):
    text = decode(body, content_type).text
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    return lxml.html.document_fromstring(text or "<html><body></body></html>")


def _values(value: str | None, name: str) -> list[str]:
    if not value or value.strip().lower().startswith(("data:", "#", "javascript:", "mailto:", "tel:")):
        return []
    if "srcset" in name:
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def _css_texts(element) -> list[str]:
    texts = []
    if element.get("style"):
        texts.append(element.get("style"))
    if element.tag == "style" and element.text:
        texts.append(element.text)
    return texts


def rewrite(body: bytes, content_type: str, base: str, local: dict[str, str], banner: str) -> bytes:
    """The page with every reference local (from ``local``: absolute URL → path here) or removed."""
    doc = _parse(body, content_type)
    for element in list(doc.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in DROP or (element.tag == "meta" and element.get("http-equiv", "").lower() == "refresh"):
            element.drop_tree()
            continue
        if element.tag == "meta" and (element.get("charset") or element.get("http-equiv", "").lower() == "content-type"):
            element.drop_tree()
            continue
        if element.tag == "link" and DROP_LINKS & set((element.get("rel") or "").lower().split()):
            element.drop_tree()
            continue
        for name in list(element.attrib):
            if name.lower().startswith("on"):
                del element.attrib[name]  # event handlers: dead under the sandbox, and noise
        for name in URL_ATTRIBUTES:
            if element.get(name) is not None:
                _rewrite_attribute(element, name, base, local)
        if element.get("style"):
            element.set("style", _rewrite_css(element.get("style"), base, local))
        if element.tag == "style" and element.text:
            element.text = _rewrite_css(element.text, base, local)
    head = doc.find("head")
    if head is None:
        head = etree.SubElement(doc, "head")
        doc.insert(0, head)
    head.insert(0, lxml.html.fragment_fromstring('<meta charset="utf-8">'))
    head.insert(1, lxml.html.fragment_fromstring('<meta name="referrer" content="no-referrer">'))
    body_element = doc.find("body")
    if body_element is None:
        body_element = etree.SubElement(doc, "body")
    body_element.insert(0, lxml.html.fragment_fromstring(banner))
    return b"<!DOCTYPE html>\n" + lxml.html.tostring(doc, encoding="utf-8")


def _rewrite_attribute(element, name: str, base: str, local: dict[str, str]) -> None:
    value = element.get(name)
    if value.strip().lower().startswith(("#", "data:image/")):
        return
    if "srcset" in name:
        kept = []
        for part in (p.strip() for p in value.split(",") if p.strip()):
            url, *size = part.split()
            target = local.get(urljoin(base, url))
            if target:
                kept.append(" ".join([target, *size]))
        if kept:
            element.set(name, ", ".join(kept))
        else:
            del element.attrib[name]
        return
    target = local.get(urljoin(base, value.strip()))
    if target:
        element.set(name, target)
        return
    del element.attrib[name]
    if element.tag == "a" and name == "href":
        element.set("title", f"Not archived here: {urljoin(base, value.strip())}")
        element.set("class", (element.get("class", "") + " vn-not-archived").strip())


def _rewrite_css(text: str, base: str, local: dict[str, str]) -> str:
    def replace(match):
        target = local.get(urljoin(base, match.group(2).strip()))
        return f'url("{target}")' if target else "url()"

    text = CSS_IMPORT.sub(lambda m: f'@import "{local.get(urljoin(base, m.group(2)), "")}"', text)
    return CSS_URL.sub(replace, text)


def banner(uri: str, date: str, warc_file: str, article_url: str | None) -> str:
    """The archive's banner over a page: capture time (Vietnam time), original address, WARC file."""
    back = f' · <a href="{html.escape(article_url)}" style="color:#fff">article in the archive</a>' if article_url else ""
    return (
        '<div id="vn-archive-banner" style="all:initial;display:block;position:sticky;top:0;z-index:2147483647;'
        'background:#123;color:#fff;font:14px/1.4 sans-serif;padding:8px 12px;border-bottom:3px solid #e5b300">'
        f"Archived copy, captured {html.escape(warc_date(date))} from <code style='color:#fff'>{html.escape(uri)}</code>"
        f" · WARC file {html.escape(warc_file)}{back}. Links and images not archived here are removed.</div>"
    )


def is_resource(content_type: str) -> bool:
    return (content_type or "").lower().startswith(RESOURCE_TYPES)

