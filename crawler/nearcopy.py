"""Near-copies of an article: MinHash signatures, their similarity, and LSH bands.

Provincial papers, police sites and portals republish each other's stories with
small edits (a new lead, a credit line, a caption, a byline, a paragraph cut).
``signature(text)`` summarises the set of word n-grams ("shingles") of the folded
text (``crawler.vntext.fold``: no accents, lower case, đ→d) in 128 minimum hash
values; ``similarity(a, b)`` estimates the Jaccard similarity of two texts'
shingle sets from their signatures; ``bands(signature)`` cuts a signature into
LSH bands, so that the archive finds candidate copies by exact lookups
(``archive.stories``).

Choices, measured on tests/fixtures/stories/ (268 hand-labelled pairs; table in
its README) and benchmarks/bench_stories.py, timings for the 896-word seed
article on the shared 2-core machine:

- Hashing: one-permutation MinHash (Li, Owen, Zhang 2012) with optimal
  densification (Shrivastava 2017), on ``hashlib.blake2b``: each shingle is
  hashed once; its low 7 bits choose one of 128 bins and the next 32 bits are
  its value; a bin keeps its minimum; an empty bin (a short text) takes the
  value of a bin chosen by a fixed pseudo-random probe sequence. Two signatures
  agree in a bin with probability equal to the Jaccard similarity, as with 128
  permutations; on synthetic sets of 20 to 600 shingles its error matched
  classic MinHash (bias < 0.01, standard deviation 0.03-0.05). 1.5 ms an
  article on a quiet machine (2.5 ms with the machine loaded). Classic
  128-permutation MinHash in plain Python (a 512-byte ``shake_128`` digest per
  shingle, then the minimum of each position) took 5.5 ms; datasketch's
  vectorised MinHash 1.4 ms, but it brings numpy and scipy (216 MB installed,
  0.7 s to import) into a crawler that has no other use for them; trafilatura's
  SimHash (0.8 ms) hashes a bag of the text's longer words, and Vietnamese
  syllables are short: it keeps few words and no order, and at any threshold
  it was far worse on the pairs (precision 0.92 at recall 0.66).
- Shingles: SHINGLE consecutive syllables after folding (a Vietnamese word is
  one to three syllables). 6 kept weekly bulletins of one template apart,
  where 3 to 5 joined them; recall was within two pairs.
- LSH: BANDS bands of ROWS values: a pair at the threshold (J = 0.3) shares a
  band with probability 0.98, at J = 0.4 0.999; 40 rows per article in the index.
- THRESHOLD: 0.3: precision 0.992, recall 0.939 on the labelled pairs.
- Signature bytes: 128 unsigned 32-bit little-endian values, 512 bytes, or
  ``b""`` for a text without a word (such a text matches nothing).

A signature is only comparable with one made by the same VERSION: change the
constants and every stored signature must be computed again from the text.
"""

from __future__ import annotations

import re
import struct
from hashlib import blake2b

from crawler.vntext import fold

VERSION = "1"
NUM_HASHES = 128  # bins; a power of two (the bin is the hash's low bits)
SHINGLE = 6  # syllables per shingle
BANDS, ROWS = 40, 2  # LSH bands over the first BANDS × ROWS values
THRESHOLD = 0.3  # estimated Jaccard at or above which two texts are copies of one story

_WORD = re.compile(r"\w+")
_PACK = struct.Struct(f"<{NUM_HASHES}I")
_BIN_BITS = NUM_HASHES.bit_length() - 1
_MAX_PROBES = 4 * NUM_HASHES


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    """The text's word n-grams after folding; a text shorter than n words is one shingle."""
    return folded_shingles(fold(text or ""), n)


def folded_shingles(folded: str, n: int = SHINGLE) -> set[str]:
    """``shingles`` of a text already folded (``crawler.vntext.fold``)."""
    words = _WORD.findall(folded)
    if len(words) <= n:
        return {" ".join(words)} if words else set()
    return set(map(" ".join, zip(*(words[i:] for i in range(n)))))  # words[i : i + n] for every i


def _probe(bin_: int, attempt: int) -> int:
    """The attempt-th bin an empty bin borrows from: fixed, so every text probes alike."""
    digest = blake2b(f"{bin_}:{attempt}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") % NUM_HASHES


def _densify(bins: list[int | None]) -> list[int]:
    filled = [value for value in bins if value is not None]
    if len(filled) == NUM_HASHES:
        return bins  # type: ignore[return-value]
    out = list(bins)
    for i, value in enumerate(bins):
        if value is not None:
            continue
        for attempt in range(_MAX_PROBES):
            borrowed = bins[_probe(i, attempt)]
            if borrowed is not None:
                out[i] = borrowed
                break
        else:  # a text of one or two shingles: the next filled bin along
            out[i] = next(bins[(i + d) % NUM_HASHES] for d in range(1, NUM_HASHES) if bins[(i + d) % NUM_HASHES] is not None)
    return out  # type: ignore[return-value]


def minhash(items: set[str]) -> bytes:
    """The signature of a set of strings (``b""`` for an empty set)."""
    if not items:
        return b""
    bins: list[int | None] = [None] * NUM_HASHES
    mask = NUM_HASHES - 1
    # Every digest read at once: one unpack, where int.from_bytes per shingle costs a fifth more.
    digests = b"".join([blake2b(item.encode(), digest_size=8).digest() for item in items])
    for h in struct.unpack(f"<{len(items)}Q", digests):
        slot, value = h & mask, (h >> _BIN_BITS) & 0xFFFFFFFF
        current = bins[slot]
        if current is None or value < current:
            bins[slot] = value
    return _PACK.pack(*_densify(bins))


def signature(text: str) -> bytes:
    """A text's MinHash signature: 512 bytes for a BLOB column, ``b""`` for a text without words.

    >>> len(signature("Sáng 22.3, tại hội trường Công an tỉnh, UBND tỉnh tổ chức hội nghị"))
    512
    """
    return minhash(shingles(text))


def signature_of_folded(folded: str) -> bytes:
    """``signature`` of a text already folded (the analysis folds it once for this and its hash)."""
    return minhash(folded_shingles(folded))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0.0 to 1.0).

    An empty signature (a text without words) is similar to nothing.
    """
    if not a or not b:
        return 0.0
    if len(a) != len(b):
        raise ValueError(f"signatures of different sizes ({len(a)} and {len(b)} bytes): made by another VERSION?")
    # Equal values are the zero lanes of the XOR: counted in C, three times faster than comparing pairs.
    lanes = len(a) // 4
    differences = (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a), "little")
    return struct.unpack(f"<{lanes}I", differences).count(0) / lanes


def bands(sig: bytes) -> list[int]:
    """One signed 64-bit hash per LSH band (BANDS of ROWS values); none for an empty signature.

    Two texts with Jaccard similarity J share at least one band with probability
    1 - (1 - J**ROWS)**BANDS; the archive compares only texts that do.
    """
    if not sig:
        return []
    width = ROWS * 4
    return [
        int.from_bytes(blake2b(sig[i * width : (i + 1) * width], digest_size=8).digest(), "little", signed=True)
        for i in range(BANDS)
    ]
