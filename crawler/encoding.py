"""The one decoder of fetched pages: raw bytes and their declared charset to text.

Provincial sites declare charsets wrongly both ways: UTF-8 bodies declared
windows-1252 (common, harmless: valid UTF-8 wins), and windows-1258 or cp1252
bodies declared UTF-8 (old CMSs behind a new front end). A body that is not
what it declares is decoded by detection and the fault is named, so the
article is marked and the run counts it rather than storing U+FFFD characters
without a word. The text is NFC: windows-1258 writes tone marks as combining
characters.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding

# What a Vietnamese page that is not UTF-8 is written in, most likely first.
LEGACY = ("cp1258", "cp1252")


@dataclass(frozen=True)
class Decoded:
    """A page's text, the encoding it was read with, and what was wrong, if anything.

    fault: None, or e.g. "declared utf-8, decoded as cp1258" (detection), or
      "undecodable bytes replaced" (no encoding read the body cleanly).
    """

    text: str
    encoding: str
    fault: str | None = None


def declared_encoding(body: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header declares, else the page's own <meta>, as a Python codec name."""
    name = http_content_type_encoding(content_type) if content_type else None
    name = name or html_body_declared_encoding(body[:4096])
    return resolve_encoding(name) if name else None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return codecs.decode(body, encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _vietnamese_letters(text: str) -> int:
    """How many letters of the Vietnamese alphabet beyond ASCII a text holds (after NFC)."""
    return sum(1 for ch in text if ch in "ăâđêôơưĂÂĐÊÔƠƯ" or ("\u1ea0" <= ch <= "\u1ef9"))


def _misread_marks(text: str) -> int:
    """Signs of a wrong code page in an NFC text: tone marks left on no vowel, letters Vietnamese has not.

    A cp1252 page read as windows-1258 turns ì and ò into combining tone
    marks after whatever precedes them ("thì" becomes h + acute, "mình" m-acute).
    """
    return sum(1 for ch in text if "\u0300" <= ch <= "\u036f" or "\u1e00" <= ch < "\u1ea0")


def _detect(body: bytes) -> tuple[str, str]:
    """(encoding, text) for a body that is not what it declares: the legacy codec reading most Vietnamese."""
    best = None
    for encoding in LEGACY:
        text = _strict(body, encoding)
        if text is not None:
            text = unicodedata.normalize("NFC", text)
            score = _vietnamese_letters(text) - 3 * _misread_marks(text)
            if best is None or score > best[0]:
                best = (score, encoding, text)
    if best is not None:
        return best[1], best[2]
    from charset_normalizer import from_bytes

    match = from_bytes(body).best()
    if match is not None:
        return match.encoding, unicodedata.normalize("NFC", str(match))
    return "utf-8", body.decode("utf-8", errors="replace")


def _text(text: str) -> str:
    """NFC, without NUL characters (browsers drop them from a page; lxml would turn them into U+FFFD)."""
    return unicodedata.normalize("NFC", text.replace("\x00", "") if "\x00" in text else text)


def decode(body: bytes | str, content_type: str | None = None) -> Decoded:
    """The text of a page (``content_type``: the response's Content-Type header, if any).

    Valid UTF-8 is read as UTF-8 whatever is declared; otherwise the declared
    charset when it reads the body cleanly; otherwise detection, with the fault named.
    """
    if isinstance(body, str):
        return Decoded(_text(body), "unicode")
    text = _strict(body, "utf-8-sig")
    if text is not None:
        return Decoded(_text(text), "utf-8")
    declared = declared_encoding(body, content_type)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        text = _strict(body, declared)
        if text is not None:
            return Decoded(_text(text), declared)
    encoding, text = _detect(body.replace(b"\x00", b""))
    fault = f"declared {declared or 'nothing'}, not valid as such; decoded as {encoding}"
    if "\ufffd" in text:
        fault = "undecodable bytes replaced"
    return Decoded(text, encoding, fault)
