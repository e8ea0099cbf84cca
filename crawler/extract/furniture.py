"""Page furniture around an article, read from the tree: where the article is, its headline,
its sapo, its photo captions, and the blocks that are chrome.

Nothing here edits the tree. ``survey(tree, marks, lines, ...)`` matches the
lines trafilatura extracted to the elements printing them, takes the deepest
element holding most of that text as the article's container, widens it to
the headline when that adds little (the "scope", where a sapo sits), and
reports what the line rules may take out of the body: captions, texts only
chrome blocks print, lines printed only outside the scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from crawler.extract.marks import Marks
from crawler.extract.metadata import text_of

_CHROME_TAGS = ("nav", "aside", "footer", "button", "form", "header")
CONTAINER_SHARE = 0.8  # the container holds at least this share of the matched body text
SCOPE_SLACK = 1500  # widening to the headline may add this many characters of text, no more
IMAGE_TABLE_WORDS = 80  # a table with a picture and no more text than this is an image with its caption
PARAGRAPH_WORDS = 30  # a line this long is a paragraph: what holds it is not chrome
LEAD_LINK_SHARE = 0.3  # a sapo is text, not a list of links


@dataclass
class Survey:
    """What the tree says about the extracted lines.

    elements: line → the first element printing exactly its text (lines with none absent).
    container / scope: the article's element, and the same widened to its headline.
    inside: lines printed inside the scope; outside: lines printed only outside it;
    above: lines printed above the headline (section names, kickers, breadcrumbs).
    chrome: the lines' texts (``printed``) printed only by chrome blocks (share bars, tags,
      related lists, footers, author boxes...).
    captions: photo captions inside the scope (or anywhere, without one), in page order.
    headline: the text of the h1 printed in the scope above the body, or None.
    lead: the sapo printed in the scope above the body, or None.
    """

    elements: dict = field(default_factory=dict)
    container: object = None
    scope: object = None
    inside: set[str] = field(default_factory=set)
    outside: set[str] = field(default_factory=set)
    above: set[str] = field(default_factory=set)
    chrome: set[str] = field(default_factory=set)
    captions: list[str] = field(default_factory=list)
    headline: str | None = None
    lead: str | None = None


def printed(line: str) -> str:
    """The text a line prints: trafilatura writes a one-cell table row as "| text |"."""
    if line.startswith("|") and line.endswith("|"):
        cells = [c.strip() for c in line.strip("|").split(" | ") if c.strip()]
        if len(cells) == 1:
            return cells[0]
    return line


def _index(printing: list) -> tuple[dict, dict]:
    """(text → elements printing exactly it, element → its text), in page order
    (``printing``: Marks.printing, the elements printing text of their own and their parents)."""
    by_text: dict[str, list] = {}
    by_el: dict = {}
    for el in printing:
        text = text_of(el)
        if text:
            by_el[el] = text
            by_text.setdefault(text, []).append(el)
    return by_text, by_el


def _depth(el) -> int:
    return sum(1 for _ in el.iterancestors())


def _container(matched: list[tuple[object, int]]):
    """The deepest element holding CONTAINER_SHARE of the matched text."""
    total = sum(weight for _el, weight in matched)
    held: dict = {}
    for el, weight in matched:
        for holder in (el, *el.iterancestors()):
            held[holder] = held.get(holder, 0) + weight
    candidates = [el for el, weight in held.items() if weight >= CONTAINER_SHARE * total]
    return max(candidates, key=_depth, default=None)


def _scope(container, by_el: dict):
    """The container, widened to the ancestor holding an h1 when that adds little text."""
    size = len(by_el.get(container) or text_of(container))
    for ancestor in (container, *container.iterancestors()):
        if ancestor.tag in ("body", "html") or len(by_el.get(ancestor) or text_of(ancestor)) > size + SCOPE_SLACK:
            break
        if next(ancestor.iter("h1"), None) is not None:
            return ancestor
    return container


def _in_heading(el) -> bool:
    return el.tag == "h1" or any(a.tag == "h1" for a in el.iterancestors())


def _inside(el, scope) -> bool:
    return el is scope or any(a is scope for a in el.iterancestors())


def _chrome_texts(tree, marks: Marks, container, holders: set, by_text: dict, texts: set[str]) -> set[str]:
    """Of ``texts``, those printed only inside chrome blocks: blocks named or tagged as chrome, or
    naming the author, that are not the container, an ancestor of it, or the holder of a real
    paragraph. (An element is inside one when it or an ancestor is one: the few elements printing
    the texts are looked up, not every element of every block.)"""
    blocks: set = set()
    keep = {container, *container.iterancestors()} | holders
    for el in (*tree.iter(_CHROME_TAGS), *marks.chrome, *marks.authors):
        if el in keep or el in blocks:
            continue
        if el.tag == "header" and next(el.iter("h1"), None) is not None:
            continue
        blocks.add(el)

    def in_chrome(el) -> bool:
        return el in blocks or any(a in blocks for a in el.iterancestors())

    return {text for text in texts if text in by_text and all(in_chrome(e) for e in by_text[text])}


def _is_italic_line(el) -> bool:
    text = text_of(el)
    if not text or len(text.split()) > 40:
        return False
    italic = "".join(text_of(e) for e in el.xpath("./em|./i|./span[contains(@style,'italic')]"))
    return bool(italic) and len(italic) >= 0.8 * len(text) or "italic" in (el.get("style") or "")


def _picture_holder(img):
    """The outermost p or div around ``img`` that prints no text, or None."""
    holder = None
    for ancestor in img.iterancestors():
        if ancestor.tag not in ("p", "div", "a", "span", "center", "figure") or text_of(ancestor):
            break
        if ancestor.tag in ("p", "div"):
            holder = ancestor
    return holder


def _caption_elements(tree, marks: Marks) -> list:
    candidates = [*tree.iter("figcaption"), *marks.captions]
    # Image tables: a table holding a picture, its text cells are the caption.
    for table in tree.iter("table"):
        if next(table.iter("img"), None) is not None and len(text_of(table).split()) <= IMAGE_TABLE_WORDS:
            candidates += [c for c in table.iter("td") if next(c.iter("img"), None) is None and text_of(c)]
    # An italic line right after a paragraph that holds only a picture.
    for img in tree.iter("img"):
        holder = _picture_holder(img)
        following = holder.getnext() if holder is not None else None
        if following is not None and following.tag in ("p", "div") and _is_italic_line(following):
            candidates.append(following)
    return candidates


def _captions(tree, marks: Marks, scope, order: dict) -> list[str]:
    chosen: list = []
    for el in sorted(set(_caption_elements(tree, marks)), key=lambda e: order.get(e, 0)):
        if (scope is None or _inside(el, scope)) and not any(a in chosen for a in el.iterancestors()):
            chosen.append(el)
    captions: list[str] = []
    for text in map(text_of, chosen):
        if text and len(text.split()) <= 80 and text not in captions:
            captions.append(text)
    return captions


def _link_share(el) -> float:
    return sum(len(text_of(a)) for a in el.iter("a")) / (len(text_of(el)) or 1)


def _lead(marks: Marks, scope, first_body, titles: set[str], by_text: dict, order: dict, description: str | None):
    """The sapo: a lead-named block in the scope above the body, or the description printed there."""
    limit = order.get(first_body, 0)
    for el in marks.leads:
        if order.get(el, 0) > limit or not _inside(el, scope) or el.tag == "figcaption":
            continue
        text = text_of(el)
        if (
            40 <= len(text) and len(text.split()) <= 150 and not text.endswith(("...", "…"))  # "…": a teaser cut short
            and _link_share(el) < LEAD_LINK_SHARE and not any(t and t in text for t in titles)
            and not any(a.tag == "figure" for a in el.iterancestors())
        ):
            return text
    for el in by_text.get(" ".join((description or "").split()), ()):
        if order.get(el, 0) <= limit and _inside(el, scope) and _link_share(el) < LEAD_LINK_SHARE:
            return text_of(el)
    return None


def survey(tree, marks: Marks, lines: list[str], title: str | None = None, description: str | None = None) -> Survey:
    """Where the extracted ``lines`` sit in ``tree``, and the furniture around them."""
    by_text, by_el = _index(marks.printing)
    order = marks.order
    result = Survey()
    matched = []
    for line in lines:
        els = by_text.get(printed(line))
        if els:
            result.elements[line] = els[0]
            matched.append((els[0], len(line)))
    result.container = _container(matched) if matched else None
    if result.container is None:
        result.captions = _captions(tree, marks, None, order)
        return result
    result.scope = _scope(result.container, by_el)
    # Elements holding a real paragraph of the body are never chrome, whatever their names say.
    holders = {a for line, el in result.elements.items() if len(line.split()) >= PARAGRAPH_WORDS
               for a in (el, *el.iterancestors())}
    result.chrome = _chrome_texts(tree, marks, result.container, holders, by_text, {printed(line) for line in lines})
    for line in result.elements:
        inside = any(_inside(e, result.scope) for e in by_text[printed(line)])
        (result.inside if inside else result.outside).add(line)
    result.captions = _captions(tree, marks, result.scope, order)
    first_body = next(
        (el for el in result.elements.values() if _inside(el, result.container) and not _in_heading(el)), result.container
    )
    limit = order.get(first_body, 0)
    heading = next((h for h in result.scope.iter("h1") if h in by_el and order.get(h, 0) <= limit), None)
    if heading is not None:
        result.headline = by_el[heading]
        result.above = {line for line, el in result.elements.items() if order.get(el, 0) < order[heading]}
    result.lead = _lead(marks, result.scope, first_body, {title, result.headline}, by_text, order, description)
    return result
