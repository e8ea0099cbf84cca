"""Bylines: who signed the article, as the page prints it, never the site signing its own pages.

Where Vietnamese pages put the byline (vn-field-notes §3a): a line of its own
at the end of the article ("Văn Cường - Giang Lương", "Tin, ảnh: BIỆN LUÂN",
"Theo Hồ Hương", "Nguồn: TTXVN"), an author link or element under the title
(``a[rel=author]``, ``a.author``, ``[itemprop=author]``), JSON-LD ``author``
of type Person. ``<meta name=author>`` often holds the site's name
("VnExpress", "Dân Trí") and is used only when it names someone else.

What the byline line adds to the names is left out: the date printed beside
them ("Nguyên Minh - 07/03/2026 08:47"), the compiler's or source's note
("Hà Thu (tổng hợp)", "Ca Tiếu(theo online-tech-tips)", "HX (Theo TTXVN)").
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
# What follows the names on a byline line and is no name: "(tổng hợp)" (compiled), "(theo …)"
# (after …), "(lược dịch)", "(dịch)" (translated), "(sưu tầm)"/"(st)" (collected), "(nguồn: …)".
_ADDITION = re.compile(
    r"\s*\((?:theo|nguồn|tổng hợp|lược dịch|biên dịch|dịch|lược thuật|sưu tầm|st|tham khảo)\b[^()]*\)\s*\.?\s*$",
    re.IGNORECASE,
)
# The date line printed after the names: "Nguyên Minh - 07/03/2026 08:47", "Văn Cường | Thứ Hai, 12/3/2024, 10:20 (GMT+7)".
_DATE_AFTER = re.compile(
    r"\s*[-–—|,]\s*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?(?:\d{1,2}[:h]\d{2}\s*,?\s*)?\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    r"(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?\s*(?:\(?\s*GMT\s*\+\s*7\s*\)?)?\s*$",
    re.IGNORECASE,
)
# Around a byline, not part of it: bars and bullets of a meta line, the comma or dash before the next part.
_EDGE_PUNCTUATION = re.compile(r"^[\s|·•]+|[\s|·•,;–—-]+$")
# A part of an author block that gives the writer's role ("Staff Writer", "Phóng viên"), not a name.
_ROLE_MARK = re.compile(r"(title|role|position|job|chuc-?vu)", re.IGNORECASE)
# A label printed alone, its name in another element: no name.
_LABEL_ALONE = re.compile(r"^(?:by|bởi|theo|nguồn|tác giả|written by|posted by|von|par|por)\s*:?$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ'’-]*\.?|[A-ZĐ]\.[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|[A-ZĐ]{1,4}\.?[A-ZĐ]{0,3}\.?|CTV|PV|P\.V|BBT)$")
# A source or author field the CMS printed empty.
_EMPTY_LABEL = re.compile(r"^(?:Nguồn tin|Nguồn|Tác giả|Tác giả bài viết|Theo)\s*:$", re.IGNORECASE)
_INITIALS = re.compile(r"^[A-ZĐ][A-ZĐ.]{0,7}$")  # "PV", "P.V", "BBT", "HYTV", "TTXVN"
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
MAX_AFTER_BYLINE = 8  # lines printed after the closing byline that may be taken out with it
TEASER_WORDS = 3  # a teaser's linked headline has this many words at least
AUTHOR_LEVELS = 3  # nested author-marked elements read this deep
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


def _bare(line: str) -> str:
    """The byline line without what it adds to the names: its date, its "(tổng hợp)"/"(theo …)" note.
    A source line printed in parentheses, "(Theo TTXVN)", loses its parentheses."""
    line = _EDGE_PUNCTUATION.sub("", " ".join(line.split()))
    enclosed = re.fullmatch(r"\((.+)\)\.?", line)
    if enclosed and _SOURCE_LINE.match(enclosed.group(1)):
        return enclosed.group(1)
    return _EDGE_PUNCTUATION.sub("", _ADDITION.sub("", _DATE_AFTER.sub("", line)))


def _is_addition(text: str) -> bool:
    """A part of a byline that adds to the names and is none: "(tổng hợp)", "- 07/03/2026 08:47"."""
    text = " ".join(text.split())
    return bool(text) and (bool(_ADDITION.fullmatch(text)) or bool(_DATE_AFTER.fullmatch(text)))


def byline_name(line: str, site_names: set[str] = frozenset()) -> str | None:
    """The author(s) when ``line`` is a byline as printed, else None. The site's own name is no byline."""
    line = _bare(line)
    if not line or len(line) > _MAX_BYLINE or _LABEL_ALONE.match(line):
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
    named = [p for p in parts if not (_is_addition(text_of(p)) or _LABEL_ALONE.match(text_of(p))
                                      or _ROLE_MARK.search(p.get("class") or ""))]
    if len(named) == 1 < len(parts):
        # "<span>By</span> <a>Meg James</a> <span class=title>Staff Writer</span>": the one part left is the name.
        name = byline_name(text_of(named[0]), site_names)
        if name:
            return name
    parts = named
    if len(parts) >= 2:
        names = [byline_name(text_of(p), site_names) for p in parts]
        separators = [(p.tail or "") for p in parts[:-1]]
        if all(names) and all(not s.strip() or _SEPARATOR_TEXT.match(s) for s in separators):
            return _joined(names, separators)
    text = " ".join(" ".join(el.itertext()).split())  # "<a>Meg James</a><span>Staff Writer</span>": two words
    for piece in re.split(r"\s*[|•·]\s*", text):
        name = byline_name(piece, site_names)
        if name:
            return name
    return None


def _author_elements(candidates: list, tried: set) -> list:
    """The author-marked elements outside related lists, comments and footers, outermost only
    among those not ``tried``."""
    found: list = []
    for el in candidates:
        if el in tried or el.tag in ("article", "meta", "link", "img"):
            continue
        if any(a.tag in ("footer", "aside", "nav") or _CHROME_MARK.search(marker(a)) for a in el.iterancestors()):
            continue
        if not any(a in found for a in el.iterancestors()):
            found.append(el)
    return found


def _first_byline(elements: list, site_names: set[str], inner: bool = False) -> str | None:
    """The first byline the elements print; siblings marked alike are joined. ``inner``: elements
    inside an author block, where one word that is no initials ("Features", "Share") is a label."""
    for index, el in enumerate(elements):
        name = element_byline(el, site_names)
        if not name or (inner and len(name.split()) == 1 and not _INITIALS.match(name)):
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


def author_from_elements(candidates: list, site_names: set[str]) -> str | None:
    """The first byline the author-marked elements (crawler.extract.marks) print.

    A block named for the author may print more than the byline (share buttons,
    the date, a follow button): when none of the outermost marked elements reads
    as a byline, the marked elements inside them are read, a level at a time.
    """
    tried: set = set()
    for level in range(AUTHOR_LEVELS):
        elements = _author_elements(candidates, tried)
        if not elements:
            return None
        name = _first_byline(elements, site_names, inner=level > 0)
        if name:
            return name
        tried.update(elements)
    return None


def _whole_link(el, line: str) -> bool:
    """``line`` is the text of one link of TEASER_WORDS words or more: a headline pointing elsewhere."""
    line = line.strip("| ")
    return (el is not None and len(line.split()) >= TEASER_WORDS
            and any(a.get("href") and text_of(a) == line for a in el.iter("a")))


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _no_body_end(body: list[str], start: int, elements: dict) -> int | None:
    """Where the line or teaser opening at ``body[start]`` ends when it is no body, else None.

    An empty label ("Nguồn tin:") is one line; a teaser of another article is its
    linked headline and the summary printed with it, one block holding both and
    nothing else."""
    line = body[start]
    if _EMPTY_LABEL.match(line):
        return start + 1
    if not _whole_link(elements.get(line), line):
        return None
    if start + 1 < len(body) and elements.get(body[start + 1]) is not None:
        both = _squeezed(line + body[start + 1])
        if any(_squeezed(text_of(block)) == both for block in list(elements[body[start + 1]].iterancestors())[:3]):
            return start + 2
    return None  # a link alone may be the article's own ("Xem toàn văn …")


def after_byline(body: list[str], elements: dict, site_names: set[str]) -> int:
    """How many lines end ``body`` after its closing byline and are no body.

    The byline is the article's end, but some CMSs print more in the article's
    block after it: a box of other articles (a linked headline and its summary),
    an empty source field ("Tác giả bài viết: Bảo Linh" then "Nguồn tin:").
    Counted only when every line after the byline is one of these (``elements``:
    line → the element printing it); 0 when there is none.
    """
    for at in range(len(body) - 2, max(-1, len(body) - 2 - MAX_AFTER_BYLINE), -1):
        if not byline_name(body[at], site_names):
            continue
        end = at + 1
        while end is not None and end < len(body):
            end = _no_body_end(body, end, elements)
        if end == len(body):
            return len(body) - at - 1
    return 0


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
