"""Article extraction: trafilatura for the body, our rules for Vietnamese page furniture.

``extract_article(html, url, site=None) -> Article``. Before trafilatura sees
the page, the elements it would mix into the text are taken out of the tree
and kept: photo captions (``figcaption``, caption classes, the text cells of
image tables, an italic line right after a picture), the sapo/lead, a byline
element. After it, the text is cleaned line by line: leading chrome (the title
again, a section name, a date line, "DetailController"), caption and photo
credit lines ("… Ảnh: THÀNH CÔNG"), and the byline that ends Vietnamese
articles ("Văn Cường - Giang Lương", "Tin, ảnh: BIỆN LUÂN") move to their own
fields. The rules are generic: a registered site whose real markup is known may
add CSS selectors (``site.selectors``: body, title, author, caption, remove).
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from crawler.encoding import decode
from crawler.items import Article
from crawler.vntext import clean

# Bump when the output of extract_article changes for the same page.
EXTRACTOR_VERSION = "2026.11.2"

MAX_HTML = 8 * 1024 * 1024  # beyond this a page is not an article page


class ExtractionError(ValueError):
    """The page holds no article; the message is the reason, for logs and fetch_errors."""


# --- selectors (named constants: one place to read what the rules look at) ---------------

_CAPTION_CLASS = re.compile(
    r"(^|[\s_-])(caption|captions|image_desc|img_desc|imgdesc|img-desc|desc_image|photo-?desc|photo_?caption|"
    r"image-?caption|wp-caption-text|photocms_caption|chu-?thich(-anh)?|chuthich|pic-?desc|image_note)($|[\s_-])",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(
    r"(^|[\s_-])(sapo|lead|summary|description|chapeau|intro|tom-?tat|short_intro|excerpt|detail-sapo|"
    r"article-sapo|news-sapo|sapo_detail|desc)($|[\s_-])",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(r"(^|[\s_-])(author|byline|tac-?gia|tacgia|writer|author-name)($|[\s_-])", re.IGNORECASE)
_CHROME_CLASS = re.compile(
    r"(^|[\s_-])(breadcrumbs?|share|social|print|comment|comments|related|tin-?lien-?quan|tinlienquan|"
    r"relate|tags?|toolbar|rating|vote|banner|advert|ads|quangcao|menu|nav|navbar|footer|header|sidebar|"
    r"box-?hot|most-?read|xem-?them|other-?news)($|[\s_-])",
    re.IGNORECASE,
)
_CHROME_TAGS = ("nav", "aside", "footer", "script", "style", "noscript", "iframe", "button")
# Elements the chrome rules can drop: chrome tags, headers and forms, and anything with a class or id.
_CHROME_CANDIDATES = "|".join(f"//{tag}" for tag in _CHROME_TAGS + ("header", "form")) + "|//*[@class or @id]"
_SITE_SUFFIX = re.compile(r"\s+[-|–—:]\s+[^-|–—]{2,60}$")
_SITE_WORDS = re.compile(r"(báo|cổng|công an|đài|trang|tạp chí|thông tin|điện tử|portal|online|\.vn)", re.IGNORECASE)

# --- text rules ------------------------------------------------------------------------------

_CREDIT_END = re.compile(r"[\s(\-–—]*\(?\s*(Ả|ả)(NH|nh)(\s+minh\s+họa|\s+minh\s+hoạ)?\s*:\s*[^.()]{1,60}\)?\.?\s*$")
_CREDIT_LINE = re.compile(r"^\s*[(\-–—]?\s*(Ả|ả)(NH|nh)(\s+minh\s+h[oọ]a|\s+minh\s+hoạ)?\s*[:\-]\s*\S.{0,60}\)?\.?\s*$")
_BYLINE_LABEL = re.compile(
    r"^\s*(?:(?:Tin và ảnh|Tin, ảnh|Tin - ảnh|Bài và ảnh|Bài, ảnh|Bài - ảnh|Tin|Bài|Thực hiện|"
    r"Tác giả bài viết|Tác giả|Nhóm phóng viên|Nhóm PV|Video|Clip)\s*:\s*)(?P<name>.+?)\s*$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?|[A-ZĐ]\.[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|[A-ZĐ]{1,4}\.?[A-ZĐ]{0,3}\.?|CTV|PV|P\.V|BBT)$")
_NAME_SEPARATORS = re.compile(r"\s*(?:\s[-–—]\s|,|/|&|\bvà\b)\s*")
# A unit signing for the article, as police and portals do: "Phòng An ninh mạng",
# "Công an huyện Mai Sơn". A proper name after the unit's kind, no sentence end.
_UNIT_BYLINE = re.compile(
    r"^(?:Phòng|Công an|Đội|Ban|Trung tâm|Văn phòng|Cục|Đồn|Bộ Chỉ huy)(?:\s+[a-zà-ỹđ]+){0,2}"
    r"(?:\s+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ.-]*)(?:\s+[\wÀ-ỹ.-]+){0,5}$"
)
_GLUED_BYLINE = re.compile(r"(?<=[.!?…”\"])\s*(?P<name>[A-ZĐ]\.\s?[A-ZĐÀ-Ỹ][\wÀ-ỹ]+|[A-ZĐÀ-Ỹ]{2,}(?:\s[A-ZĐÀ-Ỹ]{2,}){0,3})\s*$")
_CAMEL_TOKEN = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")
_DATE_LINE = re.compile(r"^[\s\w,|:()+-]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}[\s\w,|:()+-]*$")
_SENTENCE_END = re.compile(r"[.!?…:;”\"»)]$")


# --- parsing ------------------------------------------------------------------------


def _parse(text: str):
    if not text.strip():
        raise ExtractionError("empty page")
    if len(text) > MAX_HTML:
        raise ExtractionError(f"page too large for an article ({len(text) // 1024} KiB)")
    if "<" not in text[:2048]:
        raise ExtractionError("page is not HTML")
    try:
        tree = lxml_html.document_fromstring(text)
    except (ValueError, etree.ParserError) as exc:
        raise ExtractionError(f"unparseable HTML ({exc})") from exc
    return tree


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _marker(el) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def _drop(el) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- metadata -------------------------------------------------------------------------------------


def _meta_index(tree) -> dict[tuple[str, str], list[str]]:
    """``<meta>`` contents by (attribute, value), for property/name/itemprop, in page order."""
    index: dict[tuple[str, str], list[str]] = {}
    for el in tree.xpath("//meta[@content]"):
        for attr in ("property", "name", "itemprop"):
            key = el.get(attr)
            if key:
                index.setdefault((attr, key), []).append(el.get("content"))
    return index


def _meta(index: dict, *names) -> str | None:
    """The first non-empty content among ``names``, each looked up as property, name, itemprop."""
    for name in names:
        for attr in ("property", "name", "itemprop"):
            for value in index.get((attr, name), ()):
                if value.strip():
                    return " ".join(value.split())
    return None


def _title(tree, site, meta: dict) -> str | None:
    selector = (site.selectors.get("title") if site is not None else None) or None
    if selector:
        for el in tree.cssselect(selector):
            if _text(el):
                return _text(el)
    h1 = [_text(el) for el in tree.xpath("//h1") if _text(el)]
    og = _meta(meta, "og:title")
    if og:
        og = _strip_site_suffix(og)
    if h1 and og and (h1[0] in og or og in h1[0]):
        return h1[0]
    if og:
        return og
    if h1:
        return h1[0]
    title = tree.xpath("//title/text()")
    return _strip_site_suffix(" ".join(title[0].split())) if title else None


def _strip_site_suffix(title: str) -> str:
    match = _SITE_SUFFIX.search(title)
    if match and _SITE_WORDS.search(match.group(0)):
        return title[: match.start()].strip()
    return title.strip()


# --- taking page furniture out of the tree -------------------------------------------------------


def _take_captions(tree, site) -> list[str]:
    """Remove photo captions from the tree; return their texts in page order."""
    found: list[tuple[int, str]] = []
    order = {el: i for i, el in enumerate(tree.iter())}
    candidates = list(tree.xpath("//figcaption"))
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("html", "body", "meta") and _CAPTION_CLASS.search(_marker(el)):
            candidates.append(el)
    selector = site.selectors.get("caption") if site is not None else None
    if selector:
        candidates.extend(tree.cssselect(selector))
    # Image tables: a table holding a picture, its text cells are the caption.
    for table in tree.xpath("//table[.//img]"):
        for cell in table.xpath(".//td[not(.//img)]"):
            if 0 < len(_text(cell).split()) <= 60:
                candidates.append(cell)
    # An italic line right after a paragraph that holds only a picture.
    for holder in tree.xpath("//p[.//img][not(normalize-space())] | //div[.//img][not(normalize-space())][not(.//p)]"):
        following = holder.getnext()
        if following is not None and following.tag in ("p", "div") and _is_italic_line(following):
            candidates.append(following)
    seen = set()
    for el in sorted(set(candidates), key=lambda e: order.get(e, 0)):
        if any(ancestor in seen for ancestor in el.iterancestors()):
            continue
        text = _text(el)
        seen.add(el)
        if text and len(text.split()) <= 80:
            found.append((order.get(el, 0), text))
        if el.getparent() is not None:
            _drop(el)
    captions: list[str] = []
    for _pos, text in sorted(found):
        text = clean(text)
        if text not in captions:
            captions.append(text)
    return captions


def _is_italic_line(el) -> bool:
    text = _text(el)
    if not text or len(text.split()) > 40:
        return False
    italic = "".join(_text(e) for e in el.xpath("./em|./i|./span[contains(@style,'italic')]"))
    return italic and len(italic) >= 0.8 * len(text) or "italic" in (el.get("style") or "")


def _take_lead(tree) -> str | None:
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("meta", "html", "body", "head", "title", "script", "style"):
            continue
        if el.tag in ("img", "figure", "figcaption") or not _LEAD_CLASS.search(_marker(el)):
            continue
        if any(a.tag == "figure" for a in el.iterancestors()):
            continue
        text = _text(el)
        if len(text) >= 40 and len(text.split()) <= 150:
            _drop(el)
            return clean(text)
    return None


def _take_author_element(tree, site) -> str | None:
    selector = site.selectors.get("author") if site is not None else None
    elements = tree.cssselect(selector) if selector else []
    if not elements:
        elements = [
            el
            for el in tree.iter()
            if isinstance(el.tag, str) and el.tag not in ("meta", "html", "body", "article") and _AUTHOR_CLASS.search(_marker(el))
        ]
    for el in elements:
        text = _text(el).strip(" |-–")
        name = _byline_name(text) if text else None
        _drop(el)
        if name:
            return name
    return None


def _remove_chrome(tree, site) -> None:
    for selector in (site.selectors.get("remove", []) if site is not None else []):
        for el in tree.cssselect(selector):
            _drop(el)
    # In page order, so an element is judged before anything inside it is dropped.
    for el in tree.xpath(_CHROME_CANDIDATES):
        if el.tag in ("html", "body", "article", "main"):
            continue
        if el.tag in _CHROME_TAGS:
            _drop(el)
        elif el.tag in ("header", "form") and not el.xpath(".//h1"):
            # ASP.NET pages wrap the whole page in one <form>: only small forms are chrome.
            _drop(el)
        elif _CHROME_CLASS.search(_marker(el)) and not el.xpath(".//h1") and len(_text(el)) < 3000:
            _drop(el)


# --- line rules ------------------------------------------------------------------------------------


def _byline_name(line: str) -> str | None:
    """The author(s) when ``line`` is a byline, else None."""
    line = " ".join(line.split()).strip(" |")
    if not line or len(line) > 60:
        return None
    labelled = _BYLINE_LABEL.match(line)
    if labelled:
        name = labelled.group("name").strip(" .")
        return name if name and len(name.split()) <= 8 else None
    if line.lower().startswith(("theo ", "nguồn")):
        return None
    if _UNIT_BYLINE.match(line):
        return line
    parts = [p for p in _NAME_SEPARATORS.split(line.rstrip(".")) if p]
    if not parts or len(line.split()) > 8:
        return None
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return None
    return line.rstrip(".") if not re.search(r"\b[A-ZĐ]\.$", line) else line


def _is_caption_line(line: str, captions: list[str]) -> bool:
    if line in captions:
        return True
    if _BYLINE_LABEL.match(line) and len(line) <= 60:
        return False  # "Tin, ảnh: BIỆN LUÂN" names the author
    words = len(line.split())
    if _CREDIT_LINE.match(line):
        return True
    return bool(_CREDIT_END.search(line)) and words <= 45


def _split_credit(line: str) -> tuple[str, str | None]:
    """A long paragraph with a photo credit glued to its end: (paragraph, credit)."""
    match = _CREDIT_END.search(line)
    if not match or len(line.split()) <= 45:
        return line, None
    return line[: match.start()].rstrip(), match.group(0).strip().lstrip(" .-–—")


def _is_leading_chrome(line: str, title: str | None, lead: str | None) -> bool:
    if title and line.strip(" .") == title.strip(" ."):
        return True
    if lead and line == lead:
        return False
    if _CAMEL_TOKEN.match(line) or _DATE_LINE.match(line):
        return True
    return len(line.split()) <= 6 and not _SENTENCE_END.search(line)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _body_text(tree, site, url: str) -> str:
    selector = site.selectors.get("body") if site is not None else None
    if selector:
        parts = tree.cssselect(selector)
        if parts:
            return "\n".join(
                _text(p) for part in parts for p in part.xpath(".//p|.//h2|.//h3|.//li|.//blockquote") if _text(p)
            )
    result = trafilatura.extract(
        tree,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        favor_recall=True,
        with_metadata=False,
    )
    return result or ""


# --- the whole -------------------------------------------------------------------------------------------


def extract_article(html: str | bytes, url: str, site=None) -> Article:
    """Clean text and metadata of the article page ``html`` fetched from ``url``."""
    text = decode(html).text
    tree = _parse(text)
    if tree.find(".//body") is None:
        raise ExtractionError("page has no body")
    meta = _meta_index(tree)
    title = _title(tree, site, meta)
    meta_author = _meta(meta, "author", "article:author", "dc.creator")
    image = _meta(meta, "og:image")
    section = _meta(meta, "article:section")
    tags = [t.strip() for t in (_meta(meta, "keywords", "news_keywords") or "").split(",") if t.strip()][:30]
    language = (tree.get("lang") or _meta(meta, "og:locale") or "").split("-")[0].split("_")[0].lower() or None

    _remove_chrome(tree, site)
    captions = _take_captions(tree, site)
    lead = _take_lead(tree)
    author = _take_author_element(tree, site)
    for h1 in tree.xpath("//h1"):
        _drop(h1)

    lines = _lines(clean(_body_text(tree, site, url)))
    # Leading chrome: the title again, a section name, a date line, "DetailController".
    while lines and _is_leading_chrome(lines[0], title, lead):
        lines.pop(0)
    body: list[str] = []
    for line in lines:
        if _CAMEL_TOKEN.match(line) or (title and line == title):
            continue
        if _is_caption_line(line, captions):
            if line not in captions:
                captions.append(line)
            continue
        line, credit = _split_credit(line)
        if credit and credit not in captions:
            captions.append(credit)
        if body and line == body[-1]:
            continue  # a repeated line (duplicated captions and widgets)
        body.append(line)
    # The byline that ends the article.
    if body:
        name = _byline_name(body[-1])
        if name:
            body.pop()
            author = author or name
        else:
            glued = _GLUED_BYLINE.search(body[-1])
            if glued and len(body[-1].split()) > 8:
                author = author or glued.group("name")
                body[-1] = body[-1][: glued.start()].rstrip()
    if lead:
        if body and (body[0] == lead or body[0].startswith(lead[:60])):
            body[0] = lead
        else:
            body.insert(0, lead)
    if not body or sum(len(line.split()) for line in body) < 15:
        raise ExtractionError("no article text found")
    if not author and meta_author and not _SITE_WORDS.search(meta_author) and _byline_name(meta_author):
        author = clean(meta_author)
    return Article(
        url=url,
        title=clean(title) if title else None,
        lead=lead,
        text="\n\n".join(body),
        author=clean(author) if author else None,
        captions=captions,
        section=section,
        tags=tags,
        image=image,
        language=language,
        extractor_version=EXTRACTOR_VERSION,
    )
