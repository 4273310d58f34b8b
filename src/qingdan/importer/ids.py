"""Ids for imported records: the pinyin of a Chinese name, made unique with -2, -3 … within their scope."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import lazy_pinyin

_LIMIT = 6  # syllables in an id
_LENGTH = 60  # characters in an id, before a -2 suffix


def pinyin_id(text: str, limit: int = _LIMIT, *, split_words: bool = True) -> str:
    """A readable id from a Chinese name: 养犬监管 → yang-quan-jian-guan, at most `limit` syllables.

    Letters and digits in the name are kept (GB50016 → gb50016). With `split_words`, each word
    of other text counts as a syllable; without, a run of it between Chinese characters counts
    as one ("A B 检查" → a-b-jian-cha, three syllables), as a rendered workbook's new rows have
    always counted.
    """
    syllables: list[str] = []
    for token in lazy_pinyin(text):
        if split_words:
            syllables += re.findall(r"[a-z0-9]+", token.lower())
        elif part := re.sub(r"[^a-z0-9]+", "-", token.lower()).strip("-"):
            syllables.append(part)
    return "-".join(syllables[:limit])


class Ids:
    """Ids unique within their scope: a second 养犬监管 becomes yang-quan-jian-guan-2."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.used: set[str] = set(taken)

    def take(self, base: str, fallback: str = "item") -> str:
        """`base` (cut to 60 characters, `fallback` when empty), else the first free `base`-2, -3 …"""
        base = base[:_LENGTH].strip("-") or fallback
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate
