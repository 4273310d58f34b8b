"""How alike two Chinese texts are: normalising, character bigrams, overlap and difflib's ratio.

The primitives behind diff's pairing of renamed items (`qingdan.diff.match`), QD103's duplicate
matters (`qingdan.rules.duplicate_matters`) and the scoring of `qingdan who`. Chinese has no
spaces between words, so texts are compared by character and by character pair (bigram); each
caller keeps its own thresholds.

The two normalisers differ on purpose and are not interchangeable: `normalise` drops symbols
before it folds widths (so ㎡ goes with the punctuation), `name_key` folds first (㎡ becomes m2,
which stays) and also ignores case and the words 的 and 和.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

_PUNCT = re.compile(r"[\W_]+")  # \w is exactly the letters and digits (categories L and N), and _
_PUNCT_AND_FILLERS = re.compile(r"[\W_的和]+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """Text without spaces and punctuation, full-width folded (NFKC), for comparing wordings."""
    t = _PUNCT.sub("", text)
    # NFKC is slow on long text; after punctuation is gone, Chinese text is nearly always normalised already
    return t if unicodedata.is_normalized("NFKC", t) else _PUNCT.sub("", unicodedata.normalize("NFKC", t))


def name_key(name: str) -> str:
    """A name as QD103 compares it: full-width folded, lower case, letters and digits only, 的/和 dropped."""
    return _PUNCT_AND_FILLERS.sub("", unicodedata.normalize("NFKC", name).casefold())


def bigrams(text: str) -> frozenset[str]:
    """The character pairs of a text (none for a text shorter than two)."""
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@functools.lru_cache(maxsize=1 << 16)
def grams(text: str) -> frozenset[str]:
    """The bigrams of the normalised text; a one-character text is its own gram."""
    t = normalise(text)
    return bigrams(t) or frozenset(t)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared over all: 1.0 for two empty sets."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """difflib's ratio of two texts by character (no autojunk); below `cutoff`, possibly only an upper bound.

    The cheap bounds come first, so hopeless pairs cost no full comparison. difflib's ratio
    depends on the order of the texts; callers that need symmetry sort them first.
    """
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    bound = m.real_quick_ratio()
    if bound >= cutoff:
        bound = m.quick_ratio()
        if bound >= cutoff:
            return m.ratio()
    return bound


def name_ratio(a: str, b: str, cutoff: float = 0.0) -> float:
    """`ratio` of two normalised names, taken in a fixed order so that it is symmetric; 1.0 when equal."""
    x, y = sorted((normalise(a), normalise(b)))
    if x == y:
        return 1.0
    return ratio(x, y, cutoff)
