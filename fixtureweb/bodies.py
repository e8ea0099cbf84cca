"""Bodies as careless or hostile servers send them: a legacy code page, compressed, a bomb.

``cp1258`` writes text in windows-1258 as Vietnamese CMSs did (tone marks as
combining characters where the code page has no precomposed letter);
``compressed`` applies a Content-Encoding (gzip, deflate, br, zstd, each as
Scrapy decodes it); ``bomb`` is a page that decompresses far beyond a size limit.
"""

from __future__ import annotations

import gzip
import unicodedata
import zlib


def cp1258(text: str) -> bytes:
    """Text in windows-1258: precomposed where the code page has the letter, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", parts[:2]) if len(parts) > 2 else parts[0]
        rest = parts[2:] if len(parts) > 2 else parts[1:]
        for piece in (base, *rest):
            out.append(piece.encode("cp1258", errors="xmlcharrefreplace"))
    return b"".join(out)


def compressed(encoding: str, data: bytes) -> bytes:
    """``data`` with ``encoding`` applied, as a server sends it under that Content-Encoding."""
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9, mtime=0)
    if encoding == "deflate":
        return zlib.compress(data, 9)
    if encoding == "br":
        import brotli

        return brotli.compress(data, quality=5)
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd  # what Scrapy decodes zstd with before 3.14

    return zstd.compress(data)


def bomb(limit: int) -> bytes:
    """A page four times ``limit`` once decompressed, a few kilobytes compressed."""
    return b"<html><body>" + b"\x00" * (4 * limit) + b"</body></html>"
