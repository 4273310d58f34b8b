"""Pairing the items of two editions: by id, then renamed items by name and content, and lines of duties.

`match` pairs items by id; where ids changed, the leftovers are paired by name (difflib ratio of
normalised names) and content (Jaccard overlap of character bigrams), one to one, best score
first. Scores, candidates and tie-breaks do not depend on which side is old, so matching new
against old pairs the same items and `diff(B, A)` is the inverse of `diff(A, B)`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from qingdan.similarity import grams, jaccard, name_ratio, normalise

RENAME_RATIO = 0.8  # difflib ratio of normalised names for a rename where ids changed
LINE_SIMILAR = 0.5  # bigram Jaccard above which two lines of duties are the same duty reworded
_NAME_FLOOR = 0.5  # below this ratio of names, no content makes two items one
_COMMON_GRAM = 64  # a bigram in more leftover names than this proposes no rename candidates

T = TypeVar("T")


@dataclass
class Match(Generic[T]):
    """Items of two editions, paired."""

    pairs: list[tuple[T, T]]  # same id first, then renames
    removed: list[T]
    added: list[T]


def first(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """Index items by key; a duplicate id (a validation finding) keeps its first occurrence."""
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(key(item), item)
    return out


def item_id(item: Any) -> str:
    """An item's id: the usual key."""
    return item.id


def item_name(item: Any) -> str:
    """An item's name: what renames are usually matched by."""
    return item.name


def accept_name(r: float, c: float) -> bool:
    """A rename where ids changed: names alike and some content kept, or the content kept and names half alike."""
    return (r >= RENAME_RATIO and c >= 0.3) or (r >= 0.5 and c >= 0.8)


def accept_ratio(r: float, c: float) -> bool:
    """A rename judged by the names alone."""
    return r >= RENAME_RATIO


def match(
    olds: Iterable[T],
    news: Iterable[T],
    key: Callable[[T], str],
    name: Callable[[T], str],
    content: Callable[[T], str] | None = None,
    accept: Callable[[float, float], bool] = accept_name,
) -> Match[T]:
    """Pair items by id, then the leftovers by name and content, one to one, best first."""
    old_by, new_by = first(olds, key), first(news, key)
    pairs = [(o, new_by[k]) for k, o in old_by.items() if k in new_by]
    left_o = [o for k, o in old_by.items() if k not in new_by]
    left_n = [n for k, n in new_by.items() if k not in old_by]
    if left_o and left_n:
        renamed = _renames(left_o, left_n, key, name, content or name, accept)
        pairs += renamed
        used_o = {key(o) for o, _ in renamed}
        used_n = {key(n) for _, n in renamed}
        left_o = [o for o in left_o if key(o) not in used_o]
        left_n = [n for n in left_n if key(n) not in used_n]
    return Match(pairs, left_o, left_n)


def _renames(
    left_o: list[T],
    left_n: list[T],
    key: Callable[[T], str],
    name: Callable[[T], str],
    content: Callable[[T], str],
    accept: Callable[[float, float], bool],
) -> list[tuple[T, T]]:
    pairs: list[tuple[T, T]] = []
    # 1. identical name and content (a copy with new ids): pair in id order, without scoring
    exact: dict[tuple[str, str], tuple[list[T], list[T]]] = defaultdict(lambda: ([], []))
    for side, items in ((0, left_o), (1, left_n)):
        for item in items:
            exact[(name(item), content(item))][side].append(item)
    rest_o: list[T] = []
    rest_n: list[T] = []
    for os_, ns in exact.values():
        os_.sort(key=key)
        ns.sort(key=key)
        k = min(len(os_), len(ns))
        pairs += zip(os_[:k], ns[:k], strict=True)
        rest_o += os_[k:]
        rest_n += ns[k:]
    if not rest_o or not rest_n:
        return pairs
    # 2. similar names. Candidates share a bigram that few names have, so the work grows with the
    # number of items, not its square; names made only of common bigrams are candidates when equal.
    grams_o = [grams(name(o)) for o in rest_o]
    grams_n = [grams(name(n)) for n in rest_n]
    freq = Counter(g for gs in (*grams_o, *grams_n) for g in gs)
    index: dict[str, list[int]] = defaultdict(list)
    for j, gs in enumerate(grams_n):
        for g in gs:
            if freq[g] <= _COMMON_GRAM:
                index[g].append(j)
    candidates: set[tuple[int, int]] = set()
    for i, gs in enumerate(grams_o):
        for g in gs:
            candidates.update((i, j) for j in index.get(g, ()))
    same_name: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, grams_ in ((0, grams_o), (1, grams_n)):
        for i, gs in enumerate(grams_):
            if all(freq[g] > _COMMON_GRAM for g in gs):
                same_name[normalise(name((rest_o, rest_n)[side][i]))][side].append(i)
    for os_, ns in same_name.values():
        if len(os_) <= _COMMON_GRAM and len(ns) <= _COMMON_GRAM:
            candidates.update((i, j) for i in os_ for j in ns)
    scored = []
    for i, j in candidates:
        o, n = rest_o[i], rest_n[j]
        r = name_ratio(name(o), name(n), _NAME_FLOOR)
        if r < _NAME_FLOOR:
            continue
        c = jaccard(grams(content(o)), grams(content(n)))
        if accept(r, c):
            scored.append((-(r + c), tuple(sorted((key(o), key(n)))), i, j))
    scored.sort()
    used_o: set[int] = set()
    used_n: set[int] = set()
    for _, _, i, j in scored:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            pairs.append((rest_o[i], rest_n[j]))
    return pairs


def line_delta(old: Sequence[str] | None, new: Sequence[str] | None) -> tuple[int, int, int]:
    """Count lines added, dropped and reworded between two lists of duties."""
    old, new = old or [], new or []
    rest_o = list((Counter(old) - Counter(new)).elements())
    rest_n = list((Counter(new) - Counter(old)).elements())
    scored = []
    for i, a in enumerate(rest_o):
        for j, b in enumerate(rest_n):
            s = jaccard(grams(a), grams(b))
            if s >= LINE_SIMILAR:
                scored.append((-s, tuple(sorted((a, b))), i, j))
    scored.sort()
    used_o: set[int] = set()
    used_n: set[int] = set()
    for _, _, i, j in scored:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
    return len(rest_n) - len(used_n), len(rest_o) - len(used_o), len(used_o)
