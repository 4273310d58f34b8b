"""Cell text as people type it → clean values: punctuation, spaces, numbered lists, basis, contacts, dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。；：、？！“”‘’（）《》〈〉【】〔〕…—"
_NUM = "〇零一二三四五六七八九十百千两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def clean_line(text: str) -> str:
    """One line: no stray spaces between Chinese characters, Chinese punctuation beside Chinese text."""
    text = re.sub(r"[ \t\u3000\xa0]+", " ", text).strip()
    text = "".join(_fold(ch) for ch in text)
    # a half-width mark touching Chinese text is a Chinese mark typed in the wrong mode
    text = re.sub(
        rf"(?<=[{_CJK}{_CJK_PUNCT}])\s*([,;:?!])\s*|\s*([,;:?!])\s*(?=[{_CJK}])",
        lambda m: _HALF_TO_FULL[m.group(1) or m.group(2)],
        text,
    )
    text = re.sub(
        r"\(([^()]*)\)", lambda m: f"（{m.group(1)}）" if re.search(f"[{_CJK}]", m.group(1)) else m.group(0), text
    )
    # a space only separates words of Latin text; beside Chinese text or punctuation it is stray
    text = re.sub(rf"(?<=[{_CJK}{_CJK_PUNCT}])\s+|\s+(?=[{_CJK}{_CJK_PUNCT}])", "", text)
    return text


def clean(text: str) -> str:
    """A single-value cell: each line cleaned, line breaks inside a sentence joined."""
    lines = [clean_line(line) for line in _lines(text)]
    out = ""
    for line in filter(None, lines):
        if out and re.search("[A-Za-z0-9]$", out) and re.match("[A-Za-z0-9]", line):
            out += " "
        out += line
    return out


def _lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n|\u2028|\u2029|_x000D_", text)


def _fold(ch: str) -> str:
    """Full-width letters and digits to half-width; every kind of space to a plain one."""
    if "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
        return unicodedata.normalize("NFKC", ch)
    if ch == "\uff0e":  # full-width full stop after a number: "1．"
        return "."
    if ch == "\uff0d":  # full-width hyphen in phone numbers and codes
        return "-"
    return ch


# -- numbered lists ------------------------------------------------------------------------

_MARK = re.compile(
    rf"(?:^|(?<=[\n；;。：:]))[ \t]*"
    rf"(?:(?P<arabic>\d{{1,2}})(?:[、)）]|\.(?!\d))"
    rf"|[（(](?P<paren>\d{{1,2}})[）)]"
    rf"|(?P<circled>[{_CIRCLED}])"
    rf"|[（(](?P<cjkparen>[{_NUM}]{{1,3}})[）)]"
    rf"|(?P<cjk>[{_NUM}]{{1,3}})、)"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


@dataclass(frozen=True, slots=True)
class Split:
    """A cell cut into parts; `sure` is False when the cell did not follow a known pattern."""

    parts: list[str]
    sure: bool = True


def split_list(text: str, *, sentence: bool = True) -> Split:
    """Cut "1.…；2.…", "（1）…", "①…", "一、…" or one-per-line text into items.

    `sentence`: each item is a sentence, so it ends in "。" (a trailing "；" becomes one).
    Numbering that does not run 1, 2, 3 … keeps the cell whole and marks the split unsure.
    """
    raw = "\n".join(_lines(text.strip()))
    raw = "".join(_fold(ch) for ch in raw)
    marks = list(_MARK.finditer(raw))
    if marks:  # sub-numbering ("1.…（1）…（2）…；2.…") stays inside its item
        marks = [m for m in marks if _kind(m) == _kind(marks[0])]
    if not marks:
        return Split([i for i in (_item(p, sentence) for p in _line_items(raw)) if i])
    if not _sequential(marks):
        whole = _item(raw, sentence)
        return Split([whole] if whole else [], sure=False)
    bounds = [m.start() for m in marks] + [len(raw)]
    # a lead-in before the first number ("乡镇职责：1.…") stays an item of its own, to be checked
    parts = [raw[: marks[0].start()]] + [raw[marks[i].end() : bounds[i + 1]] for i in range(len(marks))]
    sure = not parts[0].strip()
    items = [_item(p, sentence) for p in parts]
    return Split([i for i in items if i], sure)


def _line_items(raw: str) -> list[str]:
    """One item per line; but when only some lines end a sentence, the others were broken mid-sentence."""
    lines = [line for line in raw.split("\n") if line.strip()]
    ends = [bool(re.search(r"[。；;！？]\s*$", line)) for line in lines]
    if all(ends) or not any(ends):
        return lines
    items, current = [], ""
    for line in lines:
        current += line
        if re.search(r"[。；;！？]\s*$", line):
            items.append(current)
            current = ""
    return [*items, current] if current else items


def _sequential(marks: list[re.Match[str]]) -> bool:
    kinds = {_kind(m) for m in marks}
    return len(kinds) == 1 and [_value(m) for m in marks] == list(range(1, len(marks) + 1))


def _kind(m: re.Match[str]) -> str:
    return next(k for k, v in m.groupdict().items() if v)


def _value(m: re.Match[str]) -> int:
    kind = _kind(m)
    text = m.group(kind)
    if kind in ("arabic", "paren"):
        return int(text)
    if kind == "circled":
        return _CIRCLED.index(text) + 1
    return cn_number(text)


def cn_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (enough for list numbering)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _item(text: str, sentence: bool) -> str:
    text = clean(text).strip("；;，,、 ")
    if sentence and text and not re.search(r"[。！？…：:.]$", text):
        text += "。"
    return text


# -- group titles ------------------------------------------------------------------------

_GROUP_NUMBER = re.compile(
    rf"^\s*(?:第[{_NUM}\d]+(?:部分|类|章|节)[、.．:：\s]*|[{_NUM}]{{1,3}}[、.．]|[（(][{_NUM}\d]{{1,3}}[）)]|\d{{1,2}}(?:[、．]|\.(?!\d))|[{_CIRCLED}])\s*"
)


def group_title(text: str) -> str:
    """A group row's title without its numbering or its item count: "（一）党的建设（24项）" → "党的建设"."""
    title = _GROUP_NUMBER.sub("", clean(text), count=1)
    return clean(re.sub(r"[（(]\s*共?\s*\d+\s*项\s*[）)]$", "", title))


def has_group_number(text: str) -> bool:
    return bool(_GROUP_NUMBER.match(clean(text))) and not re.match(r"^\d+$", clean(text))


# -- basis ---------------------------------------------------------------------------------

_ART_ONE = rf"第[{_NUM}\d]+条(?:之[{_NUM}]+)?(?:第[{_NUM}\d]+款)?(?:第[{_NUM}\d]+项)?"
_ARTICLE = re.compile(rf"^(?:{_ART_ONE})(?:[、，,和及至](?:{_ART_ONE}|第[{_NUM}\d]+[款项]))*")
_LEAD_IN = re.compile(r"^(?:根据|依据|依照|按照|参照|法律法规依据|文件依据|依据为)?[:：]?$")


def split_basis(text: str) -> tuple[list[dict[str, str]], bool]:
    """Cut a basis cell into {document, article, excerpt} entries, one per document quoted.

    A new entry starts at a 《 that opens the cell or follows a separator or a list number;
    a 《…》 inside an excerpt stays in the excerpt. Returns (entries, sure).
    """
    raw = "\n".join(_lines(text.strip()))
    raw = "".join(_fold(ch) for ch in raw)
    starts = [m.start() for m in re.finditer("《", raw) if _opens_entry(raw, m.start())]
    if not starts:
        whole = clean(raw)
        return ([{"document": whole}] if whole else []), False
    sure = True
    entries: list[dict[str, str]] = []
    head = _strip_number(clean(raw[: starts[0]]))
    if head and not _LEAD_IN.match(head):
        entries.append({"document": head.strip("；;。，,：:")})
        sure = False
    for i, start in enumerate(starts):
        chunk = raw[start : starts[i + 1] if i + 1 < len(starts) else len(raw)]
        chunk = _strip_trailing_number(chunk)
        close = chunk.find("》")
        if close < 0:
            entries.append({"document": clean(chunk).strip("；;。，, ")})
            sure = False
            continue
        entry = {"document": clean(chunk[: close + 1])}
        rest = clean(chunk[close + 1 :]).strip("；; ")
        article = _ARTICLE.match(rest)
        if article:
            entry["article"] = article.group(0)
            rest = rest[article.end() :]
        rest = re.sub(r"^(?:规定)?[:：，,、\s]+", "", rest).strip("；;、，, ")
        if rest:
            entry["excerpt"] = rest
        entries.append(entry)
    return entries, sure


def _opens_entry(raw: str, at: int) -> bool:
    before = raw[:at].rstrip(" \t")
    if not before or before[-1] in "\n；;。：:":
        return True
    if re.search(r"[》条款项]\s*[、，,]$", before):
        return True
    if re.search(rf"(?:^|[\n；;。])\s*(?:\d{{1,2}}[.、)）]|[（(]\d{{1,2}}[）)]|[{_CIRCLED}])\s*$", before):
        return True
    return bool(_LEAD_IN.match(before.strip()))


def _strip_number(text: str) -> str:
    return re.sub(rf"^(?:\d{{1,2}}[.、)）]|[（(]\d{{1,2}}[）)]|[{_CIRCLED}])", "", text).strip()


def _strip_trailing_number(chunk: str) -> str:
    """The list number of the next entry sits at the end of this chunk: "…；2." → "…；"."""
    return re.sub(rf"(?:\d{{1,2}}[.、)）]|[（(]\d{{1,2}}[）)]|[{_CIRCLED}])\s*$", "", chunk)


# -- contacts ------------------------------------------------------------------------------

_PHONE = re.compile(r"[+(（]?\d[\d\s()（）-]{4,24}\d")


def split_contact(text: str) -> tuple[dict[str, str], list[str]]:
    """ "周立新 0000-6120311" → ({name, phone}, []); further phone numbers come back as leftovers."""
    raw = "".join(_fold(ch) for ch in " ".join(_lines(text)))
    phones = [p for p in _PHONE.finditer(raw) if sum(ch.isdigit() for ch in p.group(0)) >= 7]
    rest = raw
    out: dict[str, str] = {}
    if phones:
        out["phone"] = phone(phones[0].group(0))
        rest = raw[: phones[0].start()] + " " + raw[phones[0].end() :]
    leftovers = [phone(p.group(0)) for p in phones[1:]]
    for p in phones[1:]:
        rest = rest.replace(p.group(0), " ")
    rest = re.sub(r"(?:联系人|联系电话|电话|手机|座机|联系方式)\s*[:：]?", " ", rest)
    name = clean(rest).strip("；;，,、/：: ")
    if name:
        out["name"] = name
    return out, leftovers


def phone(text: str) -> str:
    """A phone number as the schema wants it: half-width, ASCII parentheses, single spaces."""
    text = "".join(_fold(ch) for ch in text).replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", " ", text).strip()


PHONE_OK = re.compile(r"^[0-9+][0-9 ()-]{4,24}$")


# -- dates ---------------------------------------------------------------------------------


def date(text: str) -> str | None:
    """ "2022年7月1日", "2022.7.1", "2022/07/01", "2022-07-01 00:00:00" → "2022-07-01"; else None."""
    m = re.match(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:\s+00:00(?::00)?)?\s*$", text)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def fingerprint(text: str) -> str:
    """Only the letters, digits and Chinese characters of `text`: what must survive an import."""
    folded = "".join(_fold(ch) for ch in text)
    return "".join(re.findall(rf"[{_CJK}A-Za-z0-9]+", folded))
