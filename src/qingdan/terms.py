"""How people type what they look for: everyday words for the lists' words, and characters that sound alike.

`qingdan who` and the site's "谁负责？" search both read this module, so that both find the same
things: render/site.py ships `SYNONYMS` (in `expansions()` order) and `sound_table()` to the page,
and templates/site/search.js.j2 applies them as `expand()` and `sounds_like()` do here.

Same sound means the same toneless pinyin under any reading of the character (pypinyin's
heteronyms), because that is how the typo is made: the pinyin input method is typed without
tones and the wrong candidate picked (jiegan → 秸杆 for 秸秆). Both searches hear by sound only
when nothing is found as written: two characters often sound like two others (主体, 主题).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pypinyin import Style, pinyin

# everyday word -> the word the lists use
SYNONYMS = {
    "狗": "犬",
    "养狗": "养犬",
    "流浪狗": "流浪犬",
    "烧秸秆": "秸秆焚烧",
    "盖房": "建房",
    "建房子": "建房",
    "违建": "违法建设",
    "乱建": "违法建设",
    "钓鱼": "捕捞",
    "电鱼": "非法捕捞",
    "煤气": "燃气",
    "摆摊": "设摊",
    "小摊": "设摊",
    "污水": "污水",
    "着火": "消防",
    "失火": "消防",
    "打架": "治安",
    "上访": "信访",
}
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")  # the characters that have a sound here; the page's script uses the same range


def expansions() -> list[tuple[str, str]]:
    """The synonyms in the order `expand` applies them: longer words first, so 养狗 is read before 狗."""
    return [(word, SYNONYMS[word]) for word in sorted(SYNONYMS, key=len, reverse=True)]


def expand(query: str) -> str:
    """The query's words run together, with everyday words replaced by the lists' words."""
    text = "".join(_WORD.findall(query))
    for word, replacement in expansions():
        text = text.replace(word, replacement)
    return text


@cache
def readings(char: str) -> frozenset[str]:
    """The toneless pinyin readings of a Chinese character (empty for any other character)."""
    if not _HAN.fullmatch(char):
        return frozenset()
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r for group in found for r in group if r.isalpha())


def sounds_like(query: str, name: str) -> str:
    """The first run of `name` that sounds like the whole `query`, character by character; "" when none does.

    Only a query of two or more Chinese characters and nothing else is heard: one syllable
    sounds like too much (犬 quan and 权 quan).
    """
    if len(query) < 2 or not all(_HAN.fullmatch(c) for c in query):
        return ""
    wanted = [readings(c) for c in query]
    heard = [readings(c) for c in name]
    for start in range(len(name) - len(query) + 1):
        if all(w & heard[start + i] for i, w in enumerate(wanted)):
            return name[start : start + len(query)]
    return ""


@cache
def common_characters() -> str:
    """The 6,763 characters of GB 2312 (level 1, the 3,755 most used, then level 2): what people type."""
    out = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:  # the five unassigned cells at the end of row 0xD7
                continue
    return "".join(out)


def sound_table(names: Iterable[str]) -> dict[str, str]:
    """Each reading -> the characters that have it, for the common characters and every character of `names`.

    The page's search hears a query character only if it is in this table; holding the common
    characters covers what people type without shipping all of Unicode.
    """
    chars = dict.fromkeys(common_characters())
    chars.update(dict.fromkeys(sorted({c for name in names for c in name if _HAN.fullmatch(c)})))
    table: dict[str, list[str]] = {}
    for c in chars:
        for r in sorted(readings(c)):
            table.setdefault(r, []).append(c)
    return {r: "".join(table[r]) for r in sorted(table)}
