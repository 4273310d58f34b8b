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
#
# A basis cell cites one or more documents: 《title》 or a title without 书名号, then a 文号 or
# promulgation note in brackets, an article, and an excerpt after a colon. Several documents are
# separated by ；, line breaks or list numbers. Dropped on the way, knowingly: list numbers, lead-in
# words (根据、依据…), the 规定 between an article and its excerpt, and separators; the brackets
# around a 文号 are printed again, and its year brackets written [] 【】 （） become 〔〕.

_N = rf"[{_NUM}\d]+"
_ART_ONE = rf"(?:第{_N}[编章节])*第{_N}条(?:之[{_NUM}]+)?(?:第{_N}款)?(?:第(?:{_N}|[（(]{_N}[）)])项)?(?:第{_N}目)?"
_ARTICLE = re.compile(
    rf"^(?:{_ART_ONE})(?:[、，,和及与至到](?:{_ART_ONE}|第{_N}款(?:第(?:{_N}|[（(]{_N}[）)])项)?|第(?:{_N}|[（(]{_N}[）)])项))*"
)
_ARTICLE_ANYWHERE = re.compile(_ART_ONE)
_LEAD_IN = re.compile(r"^(?:根据|依据|依照|按照|参照|法律法规依据|文件依据|依据为|法律依据|政策依据)?[:：]?$")
_LEAD_WORD = re.compile(r"^(?:根据|依据|依照|按照|参照)(?=《|[^：:]{4})")
_LIST_NUMBER = re.compile(rf"^\s*(?:(\d{{1,2}})(?:[、)）]|\.(?!\d))|[（(](\d{{1,2}})[）)]|([{_CIRCLED}]))\s*")
_SEPARATOR = "\n；;"
_OPEN, _CLOSE = "《（(", "》）)"
# a title without 书名号: 「…关于…的通知」 always; a law or rules by name only when an article, 文号 or colon follows
_TYPES = (
    "通知|意见|决定|办法|规定|条例|细则|规则|方案|纲要|规划|批复|公告|通告|函|标准|规范|指南|制度|措施|"
    "实施意见|指导意见|若干意见|若干规定|实施方案|工作方案|行动方案|实施细则|管理办法|暂行办法|决议"
)
_ABOUT_TITLE = re.compile(rf"关于.+的(?:{_TYPES})(?:（[^（）]*）)?$")
_LAW_TITLE = re.compile(r"(?:法|法典|条例)(?:（[^（）]*）)?$")
_RULES_TITLE = re.compile(rf"(?:{_TYPES})(?:（[^（）]*）)?$")
_NOT_TITLE = re.compile(r"[，。；;,!！?？]|应当|可以|不得|必须|负责")
# what a bracket after a title holds when it is a 文号 or promulgation note, not part of the title (（试行）)
_NUMBER_LIKE = re.compile(r"\d{4}|号|令|公布|发布|印发|通过|修正|修订|施行|颁布|[〔【\[]")
_BARE_NUMBER = re.compile(r"^[\u3400-\u9fff]{1,12}[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\d+\s*号")
_YEAR_BRACKETS = re.compile(r"[\[【〔（(]\s*(\d{4})\s*[\]】〕）)]")


@dataclass(frozen=True, slots=True)
class BasisSplit:
    """A basis cell cut into entries; `unparsed` holds the parts kept whole as a document, not understood."""

    entries: list[dict[str, str]]
    unparsed: list[str]

    @property
    def sure(self) -> bool:
        return not self.unparsed


def split_basis(text: str) -> BasisSplit:
    """Cut a basis cell into {document, number, article, excerpt} entries, one per document cited.

    A new entry starts at a 《 that opens the cell or follows a separator, a list number or a
    lead-in word, and at a line, ； or list number followed by a title without 书名号; a 《…》
    inside an excerpt stays in the excerpt. A part that cites nothing recognisable is kept whole
    as the document of an entry of its own and named in `unparsed`.
    """
    raw = "".join(_fold(ch) for ch in "\n".join(_lines(text.strip())))
    entries: list[dict[str, str]] = []
    unparsed: list[str] = []
    for chunk in _chunks(raw):
        body = _strip_lead(chunk)
        if not body:
            continue
        entry = _citation(body)
        if entry is None:
            whole = clean(body).strip("；;。，,：: ")
            if whole:
                entries.append({"document": whole})
                unparsed.append(whole)
        else:
            entries.append(entry)
    return BasisSplit(entries, unparsed)


def _chunks(raw: str) -> list[str]:
    """The cell cut where an entry starts."""
    starts = {0}
    numbered = _LIST_NUMBER.match(raw)
    expected = _number_value(numbered) + 1 if numbered else 0
    depth = 0
    for at, ch in enumerate(raw):
        if ch == "\n":
            depth = 0
        if ch == "《" and (depth == 0 and _opens_entry(raw, at)):
            starts.add(_back_over_number(raw, at))
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _SEPARATOR and depth == 0:
            after = raw[at + 1 :]
            number = _LIST_NUMBER.match(after)
            if number and expected and _number_value(number) == expected:
                starts.add(at + 1)
                expected += 1
            elif _bare_title(_strip_lead(after))[0]:
                starts.add(at + 1)
    bounds = [*sorted(starts), len(raw)]
    return [raw[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]


def _number_value(m: re.Match[str]) -> int:
    if m.group(3):
        return _CIRCLED.index(m.group(3)) + 1
    return int(m.group(1) or m.group(2))


def _opens_entry(raw: str, at: int) -> bool:
    before = raw[:at].rstrip(" \t")
    if not before or before[-1] in "\n；;。：:":
        return True
    if re.search(r"[》条款项]\s*[、，,]$", before):
        return True
    if re.search(rf"(?:^|[\n；;。])\s*(?:\d{{1,2}}[.、)）]|[（(]\d{{1,2}}[）)]|[{_CIRCLED}])\s*$", before):
        return True
    if re.search(r"(?:^|[\n；;。])\s*(?:根据|依据|依照|按照|参照)$", before):
        return True
    return bool(_LEAD_IN.match(before.strip()))


def _back_over_number(raw: str, at: int) -> int:
    """Where the entry of a 《 at `at` starts: before the list number or lead-in word right in front of it."""
    m = re.search(
        rf"(?:^|(?<=[\n；;。：:]))\s*(?:\d{{1,2}}[.、)）]|[（(]\d{{1,2}}[）)]|[{_CIRCLED}])?\s*(?:根据|依据|依照|按照|参照)?\s*$",
        raw[:at],
    )
    return m.start() if m else at


def _strip_lead(chunk: str) -> str:
    """A chunk without its list number, lead-in word and the separators around it."""
    text = chunk.strip().strip("；;、，, \t\n")
    text = _LIST_NUMBER.sub("", text, count=1).strip()
    lead = re.match(r"^(?:法律法规依据|文件依据|依据为|法律依据|政策依据)\s*[:：]\s*", text)
    if lead:
        text = text[lead.end() :]
    return _LEAD_WORD.sub("", text, count=1).strip()


def _citation(body: str) -> dict[str, str] | None:
    """One entry from text that starts with its document; None when it does not start with one."""
    if body.startswith("《"):
        close = _closing(body)
        if close < 0:
            return None
        document, rest = body[: close + 1], body[close + 1 :]
    else:
        found, end = _bare_title(body)
        if not found:
            return None
        document, rest = body[:end], body[end:]
    entry = {"document": clean(document)}
    rest = rest.lstrip()
    number, rest = _number(rest)
    if number is None:
        # a bracket that is no 文号 ("（试行）") belongs to the title
        m = re.match(r"^[（(][^（）()]*[）)]", rest)
        if m:
            entry["document"] = clean(document + m.group(0))
            rest = rest[m.end() :].lstrip()
            number, rest = _number(rest)
    if number:
        entry["number"] = number
    rest = clean(rest).strip("；; ")
    article = _ARTICLE.match(rest)
    if article:
        entry["article"] = article.group(0)
        rest = rest[article.end() :]
    rest = re.sub(r"^(?:的)?(?:有关|相关)?规定(?=[:：，,、]|$)", "", rest)
    rest = re.sub(r"^[:：，,、\s]+", "", rest).strip("；;、，, ")
    if rest:
        entry["excerpt"] = rest
    return entry


def _closing(text: str) -> int:
    """The index of the 》 that closes the 《 at the start of `text` (titles may nest 《》), or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _number(rest: str) -> tuple[str | None, str]:
    """A 文号 or promulgation note at the start of `rest` (in brackets or bare), and what follows it."""
    if rest[:1] in "（(【[":
        depth = 0
        for i, ch in enumerate(rest):
            if ch in "（(【[〔":
                depth += 1
            elif ch in "）)】]〕":
                depth -= 1
                if depth == 0:
                    inside = rest[1:i]
                    if _NUMBER_LIKE.search(inside) and not _ARTICLE_ANYWHERE.fullmatch(inside.strip()):
                        return _clean_number(inside), rest[i + 1 :]
                    return None, rest
        return None, rest
    m = _BARE_NUMBER.match(rest)
    if m:
        return _clean_number(m.group(0)), rest[m.end() :]
    return None, rest


def _clean_number(text: str) -> str:
    """A 文号 as published: 〔2020〕 for the year whichever brackets were typed."""
    return _YEAR_BRACKETS.sub(r"〔\1〕", clean(text))


def _bare_title(text: str) -> tuple[bool, int]:
    """Whether `text` starts with a document title written without 书名号, and where the title ends."""
    line = text.split("\n", 1)[0]
    stops = [len(line)]
    colon = re.search(r"[:：]", line)
    if colon:
        stops.append(colon.start())
    article = _ARTICLE_ANYWHERE.search(line)
    if article:
        stops.append(article.start())
    number = re.search(r"[（(][^（）()]*(?:\d{4}|号|令)[^（）()]*[）)]", line)
    if number:
        stops.append(number.start())
    for sep in "；;":
        if sep in line:
            stops.append(line.index(sep))
    end = min(stops)
    title = line[:end].strip()
    if not 4 <= len(title) <= 80 or _NOT_TITLE.search(title) or "《" in title:
        return False, 0
    followed = end < len(line) and end not in [line.index(s) for s in "；;" if s in line]
    cited = bool((article and article.start() == end) or (number and number.start() == end))
    if _ABOUT_TITLE.search(title):
        return True, end
    if _LAW_TITLE.search(title) and (followed or title.startswith("中华人民共和国")):
        return True, end
    if _RULES_TITLE.search(title) and cited:
        return True, end
    return False, 0


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
