"""Bylines: who signed the article, as the page prints it, never the site signing its own pages.

Where Vietnamese pages put the byline (vn-field-notes §3a): a line of its own
at the end of the article ("Văn Cường - Giang Lương", "Tin, ảnh: BIỆN LUÂN",
"Theo Hồ Hương", "Nguồn: TTXVN"), an author link or element under the title
(``a[rel=author]``, ``a.author``, ``[itemprop=author]``), JSON-LD ``author``
of type Person. ``<meta name=author>`` often holds the site's name
("VnExpress", "Dân Trí") and is used only when it names someone else.

Several authors keep the page's separator ("Nhật Xuân - Nghi Vũ");
``split_names`` gives the names one by one.
"""

from __future__ import annotations

import re

from crawler.extract.marks import marker
from crawler.extract.metadata import site_key, text_of

_BYLINE_LABEL = re.compile(
    r"^\s*(?:(?:Tin và ảnh|Tin, ảnh|Tin - ảnh|Bài và ảnh|Bài, ảnh|Bài - ảnh|Tin|Bài|Thực hiện|"
    r"Tác giả bài viết|Tác giả|Nhóm phóng viên|Nhóm PV|Video|Clip)\s*:\s*)(?P<name>.+?)\s*$",
    re.IGNORECASE,
)
# "Theo Hồ Hương", "Nguồn: TTXVN", "Theo TTXVN": the source the article is taken from.
_SOURCE_LINE = re.compile(r"^\s*(?:Theo|Nguồn\s*:?)\s+(?P<name>.+?)\s*\.?\s*$")
# "By", "Bởi", and the same word in French, German and Spanish (none of them a Vietnamese syllable).
_LEADING_LABEL = re.compile(
    r"^\s*(?:by|bởi|written by|tác giả|người viết|viết bởi|posted by|par|von|por)\s*:?\s+", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ'’-]*\.?|[A-ZĐ]\.[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|[A-ZĐ]{1,4}\.?[A-ZĐ]{0,3}\.?|CTV|PV|P\.V|BBT)$")
_NAME_SEPARATORS = re.compile(r"\s*(?:\s[-–—]\s|,|/|&|\bvà\b|\band\b)\s*")
_SEPARATOR_TEXT = re.compile(r"^\s*(?:[-–—,/&|]|và|and)\s*$")
# A unit signing for the article, as police and portals do: "Phòng An ninh mạng",
# "Công an huyện Mai Sơn". A proper name after the unit's kind, no sentence end.
_UNIT_BYLINE = re.compile(
    r"^(?:Phòng|Công an|Đội|Ban|Trung tâm|Văn phòng|Cục|Đồn|Bộ Chỉ huy)(?:\s+[a-zà-ỹđ]+){0,2}"
    r"(?:\s+[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ.-]*)(?:\s+[\wÀ-ỹ.-]+){0,5}$"
)
GLUED_BYLINE = re.compile(r"(?<=[.!?…”\"])\s*(?P<name>[A-ZĐ]\.\s?[A-ZĐÀ-Ỹ][\wÀ-ỹ]+|[A-ZĐÀ-Ỹ]{2,}(?:\s[A-ZĐÀ-Ỹ]{2,}){0,3})\s*$")
_CHROME_MARK = re.compile(r"(related|lien-?quan|other|comment|sidebar|footer|most-?read|xem-?them|teaser|recommend)", re.I)
_MAX_BYLINE = 80
SITE_KEY_MIN = 5  # a site name this long found inside a byline makes it the site's name


def is_site_name(name: str, site_names: set[str]) -> bool:
    """"Báo Dân Trí", "DanTri.com.vn", "VnExpress" on their own sites."""
    key = site_key(name)
    return key in site_names or any(len(site) >= SITE_KEY_MIN and site in key for site in site_names)


def _is_names(text: str) -> bool:
    parts = [p for p in _NAME_SEPARATORS.split(text) if p]
    if not parts or len(text.split()) > 10:
        return False
    for part in parts:
        words = part.split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return False
    return True


def byline_name(line: str, site_names: set[str] = frozenset()) -> str | None:
    """The author(s) when ``line`` is a byline as printed, else None. The site's own name is no byline."""
    line = " ".join(line.split()).strip(" |·•")
    if not line or len(line) > _MAX_BYLINE:
        return None
    labelled = _BYLINE_LABEL.match(line) or _SOURCE_LINE.match(line)
    name = labelled.group("name").strip(" .") if labelled else _LEADING_LABEL.sub("", line)
    if not name or is_site_name(name, site_names):
        return None
    if labelled and _SOURCE_LINE.match(line) and not (_is_names(name) or _UNIT_BYLINE.match(name)):
        return None
    if labelled:
        return name if len(name.split()) <= 8 else None
    if _UNIT_BYLINE.match(name):
        return name
    if not _is_names(name.rstrip(".")):
        return None
    return name.rstrip(".") if not re.search(r"\b[A-ZĐ]\.$", name) else name


def split_names(author: str) -> list[str]:
    """The names in a stored byline: "Nhật Xuân - Nghi Vũ" → ["Nhật Xuân", "Nghi Vũ"]."""
    return [p.strip() for p in _NAME_SEPARATORS.split(author or "") if p.strip()]


def _joined(names: list[str], separators: list[str]) -> str:
    """Names joined with the separators printed between them (", " where the page printed none)."""
    out = names[0]
    for separator, name in zip(separators, names[1:]):
        separator = separator.strip()
        if not separator or separator == "|":
            out += f", {name}"
        elif separator == ",":
            out += f", {name}"
        else:
            out += f" {separator} {name}"
    return out


def element_byline(el, site_names: set[str]) -> str | None:
    """The byline an element prints: its author links one by one, or its text."""
    parts = [child for child in el.iter("a", "span", "strong", "b") if child is not el and text_of(child)]
    parts = [p for p in parts if not any(q in parts for q in p.iterancestors() if q is not el)]
    if len(parts) >= 2:
        names = [byline_name(text_of(p), site_names) for p in parts]
        separators = [(p.tail or "") for p in parts[:-1]]
        if all(names) and all(not s.strip() or _SEPARATOR_TEXT.match(s) for s in separators):
            return _joined(names, separators)
    text = text_of(el)
    for piece in re.split(r"\s*[|•·]\s*", text):
        name = byline_name(piece, site_names)
        if name:
            return name
    return None


def _author_elements(candidates: list) -> list:
    """The author-marked elements outside related lists, comments and footers, outermost only."""
    found: list = []
    for el in candidates:
        if el.tag in ("article", "meta", "link", "img"):
            continue
        if any(a.tag in ("footer", "aside", "nav") or _CHROME_MARK.search(marker(a)) for a in el.iterancestors()):
            continue
        if not any(a in found for a in el.iterancestors()):
            found.append(el)
    return found


def author_from_elements(candidates: list, site_names: set[str]) -> str | None:
    """The first byline the author-marked elements (crawler.extract.marks) print; siblings marked alike are joined."""
    elements = _author_elements(candidates)
    for index, el in enumerate(elements):
        name = element_byline(el, site_names)
        if not name:
            continue
        # Author links side by side (<a class=author>A</a> - <a class=author>B</a>) are one byline.
        names, separators = [name], []
        for following in elements[index + 1 :]:
            if following.getprevious() is not el or following.getparent() is not el.getparent():
                break
            other = element_byline(following, site_names)
            if not other or not (not (el.tail or "").strip() or _SEPARATOR_TEXT.match(el.tail)):
                break
            names.append(other)
            separators.append(el.tail or "")
            el = following
        return _joined(names, separators)
    return None


def author_from_metadata(person_authors: list[str], meta_authors: list[str], site_names: set[str]) -> str | None:
    """JSON-LD persons first, then ``<meta name=author>`` when it names someone, not the site or a URL."""
    people = [n for n in person_authors if byline_name(n, site_names)]
    if people:
        return ", ".join(people)
    for value in meta_authors:
        if "://" in value or value.startswith("/"):
            continue
        name = byline_name(value, site_names)
        if name:
            return name
    return None
