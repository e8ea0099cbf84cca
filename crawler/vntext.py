"""Vietnamese text normalisation: the one place for accents, tone marks and folding.

- ``normalize(text)``: NFC with one tone-mark placement and the Icelandic
  ``Ð``/``ð`` that legacy TCVN3/VNI converters left for ``Đ``/``đ`` repaired
  (stored text keeps them as printed; search keys must not). Vietnamese writes the
  tone of an open ``oa``/``oe``/``uy`` syllable either on the second vowel
  ("hoà", "thuỷ", the style of many provincial pages) or on the first ("hòa",
  "thủy"); both appear on one page. We keep the first-vowel placement, so
  ``hoà``→``hòa``, ``thuỷ``→``thủy``, ``uỳ``→``ùy``. Case is kept.
- ``fold(text)``: the search key: no accents, lower case, ``đ``→``d``.
- ``clean(text)``: the same as ``normalize``, kept for its callers.

Syllables with a final consonant (``hoàng``, ``khuyến``) and ``qu`` + ``y``
(``quý``) already have one placement and are left alone.
"""

from __future__ import annotations

import re
import unicodedata

# Bump when normalize() or fold() would give another result for some text: the
# search index (archive/fts.py) is built from them and is rebuilt on a change.
KEY_VERSION = "2"

# The five tone marks as combining characters (NFD).
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _second_vowels() -> dict[str, tuple[str, str]]:
    """An open syllable's second vowel carrying the tone (NFC ``à``, ``ý``...) → (tone mark, bare vowel)."""
    return {
        unicodedata.normalize("NFC", vowel + tone): (tone, vowel) for vowel in "aAeEyY" for tone in TONES
    }


_SECOND_VOWEL = _second_vowels()
# In NFC: a plain o/u, then a/e/y carrying a tone, ending the syllable. Not "qu" + y:
# in "quý" the u belongs to the consonant and the tone is already on the vowel.
# A vowel with a breve or circumflex ("oặ", "uậ") is a different letter and never
# matches; nothing may follow the vowel: no letter and no further mark.
_OLD_PLACEMENT = re.compile(rf"(?<![qQ])([oOuU])([{''.join(_SECOND_VOWEL)}])(?![^\W\d_]|[\u0300-\u036f])")

# Đ look-alikes from legacy encodings converters: Icelandic eth.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


class _FoldTable(dict):
    """str.translate table: a character → itself without accents (đ→d), filled on first sight.

    Per character, so folding a page is one C-level pass; the per-character
    rule (NFD, drop combining marks, NFC) runs once per distinct character.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "đĐ\u00d0\u00f0":
            value = "d"
        else:
            bare = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            value = unicodedata.normalize("NFC", bare)
        self[code] = value
        return value


_FOLD = _FoldTable()


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _move_tone(match: re.Match) -> str:
    tone, vowel = _SECOND_VOWEL[match.group(2)]
    return unicodedata.normalize("NFC", match.group(1) + tone) + vowel


def normalize(text: str) -> str:
    """NFC, Ð/ð as Đ/đ, tone marks of open oa/oe/uy syllables on the first vowel; case kept."""
    if not text:
        return text
    return _OLD_PLACEMENT.sub(_move_tone, _nfc(text).translate(_ETH))


def fold(text: str) -> str:
    """Search key: accents removed, lower case, đ→d (``Đảng`` → ``dang``)."""
    if not text:
        return text
    return _nfc(text).lower().translate(_FOLD)


class _AlignedTable(dict):
    """Like _FOLD, but a character whose fold is not exactly one character stays as it is."""

    def __missing__(self, code: int) -> str:
        folded = _FOLD[code]
        value = folded if len(folded) == 1 else chr(code)
        self[code] = value
        return value


_ALIGNED = _AlignedTable()


def fold_aligned(text: str) -> str:
    """``fold`` one character at a time, so offsets in the result match ``text``.

    Used to find a match in folded form and cut the same span from the original.
    Characters that fold to nothing or to several characters keep their place.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (İ)
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return lowered.translate(_ALIGNED)


def key(text: str) -> str:
    """Accent-keeping search key: normalised, lower case (``Hoà`` → ``hòa``)."""
    return normalize(text).lower() if text else text


def has_accents(text: str) -> bool:
    """True when ``text`` carries any Vietnamese diacritic (or đ)."""
    return fold(text) != (text or "").lower()


def clean(text: str) -> str:
    """``normalize``: Ð/ð repaired to Đ/đ, NFC, one tone-mark placement."""
    return normalize(text)
