"""Line rules: trafilatura's lines in, the article's paragraphs, lead, captions and byline out.

Every rule only takes out a line it can show is not body text: the headline
again, a line a chrome block prints, a line printed only outside the
article's scope at the start or end of the text, a date line at the start, a
photo caption or credit, the byline that ends the article. The only line ever
added is the sapo, and only when it is printed in the article's scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extract.bylines import GLUED_BYLINE, after_byline, byline_name, element_byline
from crawler.extract.furniture import Survey, printed

_CREDIT_END = re.compile(r"[\s(\-–—]*\(?\s*(Ả|ả)(NH|nh)(\s+minh\s+họa|\s+minh\s+hoạ)?\s*:\s*[^.()]{1,60}\)?\.?\s*$")
_CREDIT_LINE = re.compile(r"^\s*[(\-–—]?\s*(Ả|ả)(NH|nh)(\s+minh\s+h[oọ]a|\s+minh\s+hoạ)?\s*[:\-]\s*\S.{0,60}\)?\.?\s*$")
_DATE_LINE = re.compile(r"^[\s\w,|:()+-]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}[\s\w,|:()+-]*$")
_LETTER = re.compile(r"[^\W\d_]")
EDGE_WORDS = 25  # a line outside the article's scope at either end of the text goes when this short
MAX_BYLINE_LINES = 2  # a byline and a source line ("Theo TTXVN") may both end an article


@dataclass
class Body:
    """The article as the line rules leave it.

    lines: the paragraphs, lead first when there is one; lead: the sapo or None;
    captions: captions and photo credits, page order; byline: the author(s)
    the closing byline names, or None.
    """

    lines: list[str] = field(default_factory=list)
    lead: str | None = None
    captions: list[str] = field(default_factory=list)
    byline: str | None = None


def split_lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def is_credit(line: str) -> bool:
    """A photo caption ending in a credit ("… Ảnh: THÀNH CÔNG") or a credit alone."""
    if _CREDIT_LINE.match(line):
        return True
    return bool(_CREDIT_END.search(line)) and len(line.split()) <= 45


def _split_credit(line: str) -> tuple[str, str | None]:
    """A long paragraph with a photo credit glued to its end: (paragraph, credit)."""
    match = _CREDIT_END.search(line)
    if not match or len(line.split()) <= 45:
        return line, None
    return line[: match.start()].rstrip(), match.group(0).strip().lstrip(" .-–—")


def _same(line: str, title: str | None) -> bool:
    return bool(title) and line.strip(" .") == title.strip(" .")


def _is_edge_chrome(line: str, survey: Survey, title: str | None) -> bool:
    """At either end of the text: a line shown not to be body."""
    line = printed(line)
    if not _LETTER.search(line) or _same(line, title) or line in survey.chrome:
        return True
    return line in survey.outside and len(line.split()) <= EDGE_WORDS


def _is_leading_chrome(line: str, survey: Survey, title: str | None) -> bool:
    if _is_edge_chrome(line, survey, title) or line in survey.above:
        return True
    return len(line) <= 80 and bool(_DATE_LINE.match(line))


def _middle(lines: list[str], survey: Survey, title: str | None, captions: list[str]) -> list[str]:
    body: list[str] = []
    for line in lines:
        text = printed(line)
        if _same(text, title) or text in survey.chrome:
            continue
        if text in survey.captions or (is_credit(text) and not byline_name(text)):
            if text not in captions:
                captions.append(text)
            continue
        line, credit = _split_credit(line)
        if credit and credit not in captions:
            captions.append(credit)
        if body and line == body[-1]:
            continue  # a repeated line (duplicated captions and widgets)
        body.append(line)
    return body


def _closing_byline(body: list[str], survey: Survey, site_names: set[str]) -> str | None:
    """Take the byline lines that end the article out of ``body``; the names they print."""
    names: list[str] = []
    del body[len(body) - after_byline(body, survey.elements, site_names) :]
    while body and len(names) < MAX_BYLINE_LINES:
        line = body[-1]
        element = survey.elements.get(line)
        name = byline_name(line, site_names)
        if name and element is not None:
            name = element_byline(element, site_names) or name  # "A" "B" printed apart stay apart
        if not name:
            break
        names.insert(0, name)
        body.pop()
    if not names and body and len(body[-1].split()) > 8:
        glued = GLUED_BYLINE.search(body[-1])
        if glued and glued.group("name").strip() and byline_name(glued.group("name"), site_names):
            body[-1] = body[-1][: glued.start()].rstrip()
            names.append(glued.group("name").strip())
    return ", ".join(names) if names else None  # separate lines: no separator printed


def _with_lead(body: list[str], lead: str | None) -> tuple[list[str], str | None]:
    """The body opening with the sapo: kept, completed, or added; a sapo printed further down is no lead."""
    if not lead:
        return body, None
    if body and body[0] == lead:
        return body, lead
    if body and lead.startswith(body[0]):
        return [lead, *body[1:]], lead  # trafilatura kept part of the sapo
    if any(lead in line for line in body):
        return body, None
    return [lead, *body], lead


def assemble(text: str, survey: Survey, title: str | None, site_names: set[str], byline: str | None = None) -> Body:
    """The article from trafilatura's ``text`` and the ``survey`` of the page around it
    (``byline``: the byline an author element prints, a line of its own that is no body)."""
    lines = [line for line in split_lines(text) if not byline or line != byline]
    while lines and _is_leading_chrome(lines[0], survey, title):
        lines.pop(0)
    captions = list(survey.captions)
    body = _middle(lines, survey, title, captions)
    while body and _is_edge_chrome(body[-1], survey, title) and not byline_name(body[-1], site_names):
        body.pop()
    byline = _closing_byline(body, survey, site_names)
    while body and _is_edge_chrome(body[-1], survey, title):
        body.pop()
    body, lead = _with_lead(body, survey.lead)
    return Body(body, lead, captions, byline)
