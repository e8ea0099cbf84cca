"""Changes to a parsed page (lxml) that the extraction and the platform profiles both make."""

from __future__ import annotations


def drop(el, *, keep_tail: bool = True) -> bool:
    """Take ``el`` out of its page; False when it has no parent (the root stays).

    lxml removes an element's tail (the text after it) with it: ``keep_tail``
    moves that text onto what precedes it, so the page's words stay in place.
    """
    parent = el.getparent()
    if parent is None:
        return False
    if keep_tail and el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
    return True
