"""Parsing a page, with a bounded repair of degenerate structure before anything reads it.

Two shapes break extraction on real pages and cost nothing to repair when absent:

- Deep nesting. libxml2 stops parsing at depth 256 ("Excessive depth in
  document"), so a page wrapped in thousands of ``<div>`` loses every paragraph
  below that depth. When the parsed tree reaches ``DEPTH_LIMIT`` the markup is
  re-read with wrapper tags beyond that depth unwrapped (their text stays),
  and beyond ``DEPTH_HARD_LIMIT`` every tag is unwrapped.
- Link farms. A block of a thousand links or more whose labels are nearly all of its
  text (tag clouds, keyword spam, mega menus) is never article text, and
  trafilatura keeps such labels as text when they sit inside the article,
  taking seconds to do it. Those blocks, or their link-only parts when the
  block also holds real text, are dropped.

Both passes are linear in the size of the page.

The parser is trafilatura's (same options, same repairs of the markup) with
one difference: every element is an ``lxml.html.HtmlElement`` found by lxml's
C lookup, where ``lxml.html``'s own parser calls a Python function for each
element the first time Python touches it (form elements get no subclass of
their own; nothing here or in trafilatura uses those). Every walk over the
tree, ours, the date rules' and trafilatura's on its copies, is cheaper for it.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import is_dubious_html, repair_faulty_html

from crawler.extract.errors import ExtractionError
from crawler.htmltree import drop

MAX_HTML = 8 * 1024 * 1024  # beyond this a page is not an article page
DEPTH_LIMIT = 100  # wrappers deeper than this are unwrapped
DEPTH_HARD_LIMIT = 200  # anything deeper than this is unwrapped (libxml2 gives up at 256)
FARM_LINKS = 1000  # a block with at least this many links...
FARM_SHARE = 0.8  # ...whose letters are at least this share link labels is a link farm
FARM_TEXT = 200  # a farm holding this many letters outside links keeps its other parts
LINK_ONLY_SHARE = 0.9  # inside a farm, a part whose letters are this share link labels goes


# Wrappers: tags that only group others; unwrapping them deep down changes no paragraph.
_WRAPPERS = frozenset(
    "div span section article main aside header footer nav font center b i u em strong small big "
    "label form fieldset ins del mark s strike tt abbr cite q sub sup bdi bdo".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title|noscript)\b[^>]*>.*?</\1\s*>|<(/?)([a-zA-Z][\w:.-]*)[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_NOT_LETTER = re.compile(r"[\W_]+")
_CLOSE_SEARCH = 64  # how far down the open-tag stack a closing tag may look for its opener
# An element with DEPTH_LIMIT ancestors: a path one level at a time visits each element once,
# where //*[count(ancestor::*) >= N] counts every element's ancestors.
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (DEPTH_LIMIT + 1) + ")")


def parse(text: str):
    """The page's tree as trafilatura reads it, repaired when it nests too deep."""
    if not text.strip():
        raise ExtractionError("empty page")
    if len(text) > MAX_HTML:
        raise ExtractionError(f"page too large for an article ({len(text) // 1024} KiB)")
    if "<" not in text[:2048]:
        raise ExtractionError("page is not HTML")
    tree = _load(text)
    if _TOO_DEEP(tree):
        tree = _load(unwrap_deep(text))
    return tree


# trafilatura.utils.HTML_PARSER's options, elements looked up in C (see the module docstring).
PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True)
PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
))


def _fromstring(text: str):
    """trafilatura.utils.load_html on a decoded page, with PARSER."""
    beginning = text[:50].lower()
    text = repair_faulty_html(text, beginning)
    try:
        tree = lxml_html.fromstring(text, parser=PARSER)
    except (ValueError, etree.LxmlError):  # e.g. a str declaring its encoding: lxml wants bytes
        tree = None
    if tree is None or len(tree) < 1:
        tree = lxml_html.fromstring(text.encode("utf-8", "surrogatepass"), parser=PARSER)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def _load(text: str):
    try:
        tree = _fromstring(text)
    except (ValueError, TypeError, etree.ParserError) as exc:
        raise ExtractionError(f"unparseable HTML ({exc})") from exc
    if tree is None:
        raise ExtractionError("unparseable HTML")
    if tree.find(".//body") is None:
        raise ExtractionError("page has no body")
    return tree


def unwrap_deep(text: str, limit: int = DEPTH_LIMIT, hard_limit: int = DEPTH_HARD_LIMIT) -> str:
    """``text`` with wrapper tags nested deeper than ``limit`` removed (their content kept).

    A tag is kept or removed together with its closing tag; stray closing tags
    of removed elements go too. Scripts, styles and comments pass unchanged.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (tag, kept)
    depth = 0  # kept open elements
    position = 0
    for match in _TOKENS.finditer(text):
        out.append(text[position : match.start()])
        position = match.end()
        tag = (match.group(3) or "").lower()
        if not tag or tag in _VOID or match.group(0).endswith("/>"):
            out.append(match.group(0))
        elif not match.group(2):
            keep = depth < limit or (depth < hard_limit and tag not in _WRAPPERS)
            stack.append((tag, keep))
            depth += keep
            if keep:
                out.append(match.group(0))
        else:
            depth, kept = _close(stack, tag, depth)
            if kept:
                out.append(match.group(0))
    out.append(text[position:])
    return "".join(out)


def _close(stack: list[tuple[str, bool]], tag: str, depth: int) -> tuple[int, bool]:
    """Pop ``tag`` and what it left open; (new depth, whether its tags were kept)."""
    for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _CLOSE_SEARCH), -1):
        if stack[index][0] == tag:
            kept = stack[index][1]
            depth -= sum(keep for _tag, keep in stack[index:])
            del stack[index:]
            return depth, kept
    return depth, False  # a closing tag with no opener near: dropped


# --- link farms -------------------------------------------------------------------------------


def _letters(text: str | None) -> int:
    return len(_NOT_LETTER.sub("", text)) if text else 0


def _link_stats(root) -> dict:
    """element → (letters, letters inside links, links) over its content, its tail excluded."""
    stats: dict = {}
    for el in reversed(list(root.iter())):
        letters, in_links, links = _letters(el.text if isinstance(el.tag, str) else None), 0, 0
        for child in el:
            child_letters, child_links_letters, child_links = stats[child]
            letters += child_letters + _letters(child.tail)
            in_links += child_links_letters
            links += child_links
        if el.tag == "a":
            in_links, links = letters, links + 1
        stats[el] = (letters, in_links, links)
    return stats


def drop_link_farms(tree) -> int:
    """Remove link farms from ``tree`` in place; returns how many elements went."""
    body = tree.find(".//body")
    if body is None or tree.xpath("count(//a)") < FARM_LINKS:
        return 0
    stats = _link_stats(body)
    dropped = 0
    pending = [body]
    while pending:
        el = pending.pop()
        letters, in_links, links = stats[el]
        farm = links >= FARM_LINKS and in_links >= FARM_SHARE * letters
        if farm and letters - in_links < FARM_TEXT and el is not body:
            dropped += drop(el, keep_tail=_letters(el.tail) > 0)
            continue
        for child in list(el):
            child_letters, child_in_links, child_links = stats[child]
            link_only = child_in_links >= LINK_ONLY_SHARE * child_letters and child_letters - child_in_links < FARM_TEXT
            if farm and child_links and link_only:
                dropped += drop(child, keep_tail=_letters(child.tail) > 0)
            elif child_links >= FARM_LINKS:
                pending.append(child)
    return dropped


def drop_unprinted(tree) -> None:
    """Remove what a browser does not print (scripts, styles), tails kept, so element texts are what readers see."""
    for el in list(tree.iter("script", "style", "noscript", "template")):
        drop(el)
