"""Who a list names: the parties in a cell, the role words that stand for them, and what kind of list a sheet is.

A cell in a 主体责任 / 牵头部门 / 配合部门 column may name several parties (市场监管局、卫健委;
one a line; 住建局和自然资源局), mark their roles (X（牵头）、Y; 牵头：X；配合：Y; X（Y配合）),
or hold a role word instead of a name: 镇街, 乡镇（街道）, 属地 mean the township; 部门, 县级部门,
有关部门 mean the department(s) the row names elsewhere. A list's title says what its rows mean:
in a 配合事项清单 the department leads and the township supports; in a 乡镇（街道）主体责任清单 the
township leads. Nothing here reads files or knows the data set: `qingdan.importer.messy` puts it together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from qingdan.departments import is_township, key

LEAD, SUPPORT = "lead", "support"

# the kinds of 属地管理 list a title can name (the default: 主体责任和配合责任 together, or not said)
COMBINED, SUPPORTING_LIST, TOWNSHIP_LIST = "", "supporting", "township"
LIST_NAMES = {SUPPORTING_LIST: "配合事项清单", TOWNSHIP_LIST: "乡镇（街道）主体责任清单"}

# "the department(s) named elsewhere in the row": 部门, 县级部门, 区直部门, 市直部门, 有关部门, 行业主管部门 …
_DEPARTMENT_WORD = re.compile(
    r"^(?:各|上级|其他)?"
    r"(?:县|市|区|县级|市级|区级|县直|市直|区直|县\(市\)|县\(区\)|县\(市、区\)|县\(市区\)|市\(县、区\))?"
    r"(?:各|有关|相关|其他|行业|业务|职能|责任)*(?:主管)?(?:部门|单位)(?:和单位|及单位|等)?$"
)
# parties that are neither a department nor the township: the villages and grids below it
_OTHER_PARTIES = frozenset(
    {"村", "社区", "村(社区)", "村(居)", "村居", "村社", "村委会", "居委会", "村(居)委会", "村级组织", "网格员", "网格"}
)
# cells that name nobody: 无, a no-mark (否), or a bare word of a role (a 配合责任 column ticked 配合)
_NONE = frozenset(
    {"无", "暂无", "没有", "不涉及", "无需", "空", "牵头", "主责", "主体", "主体责任", "配合", "配合责任", "协助"}
    | {"否", "不是", "N", "NO"}
)
# a yes-mark ticking the column: the row bears this role, but the cell does not say who
_YES = frozenset({"是", "有", "Y", "YES", "√", "✓", "✔", "☑", "✅", "○", "〇", "●", "★", "☆"})
_ROLE_LABEL = re.compile(r"^\s*(?P<label>牵头|主责|主体责任|主体|配合|协同|协助|配合责任)(?:单位|部门)?\s*[:：]\s*")
_ROLE_SUFFIX = re.compile(r"[（(]?\s*(?P<label>牵头|主责|配合|协同|协助|协办)\s*[）)]?$")
_ROLE_INSIDE = re.compile(r"^(?P<name>.+?)[（(](?P<other>[^（()）]+?)(?P<label>配合|协同|协助|协办)[）)]$")
_INSTITUTION = re.compile(
    r"(?:局|委|办|部|中心|所|队|站|院|会|室|处|科|厅|司|公司|社|部门|单位|政府|街道|乡镇|镇街|镇|乡|属地)$"
)
_JOINED = re.compile(r"以及|和|及|与")


def is_department_word(name: str) -> bool:
    """True for a word that stands for a department without naming it: 部门, 县级部门, 有关部门 …"""
    return bool(_DEPARTMENT_WORD.match(key(name)))


def is_other_party(name: str) -> bool:
    """True for 村（社区） and the like: a party below the township, never a department."""
    return key(name) in _OTHER_PARTIES


def is_mark(name: str) -> bool:
    """True for a tick or a 是 in a party column: it says the role applies, not who bears it."""
    return key(name).upper() in _YES


def is_none(name: str) -> bool:
    """True for a name that says nobody: 无, 暂无, 不涉及, a bare 配合 or 牵头, a dash or a tick."""
    return key(name).upper() in _NONE or not re.search(r"[\w]", key(name))


def is_role_word(name: str) -> bool:
    """True for a word that says which side, not who: a township word or a department word."""
    return is_township(name) or is_department_word(name)


def split_cell(text: str, known: Callable[[str], bool] = lambda _: False) -> list[tuple[str, str | None]]:
    """(name, LEAD | SUPPORT | None) for each party a cell names, in order.

    Names are separated by 、 ， , / ；, line breaks, and 和 / 及 / 与 where every part is a party
    (`known`, a role word, or a name ending like an institution: 局, 委, 办 …), so 住房和城乡建设局
    stays whole. Separators inside brackets do not split: 县（市、区）有关部门 is one name.
    """
    out: list[tuple[str, str | None]] = []
    for segment in _split(text.replace("\r", "\n"), "；;\n"):
        role = None
        m = _ROLE_LABEL.match(segment)
        if m:
            role = LEAD if m.group("label") in ("牵头", "主责", "主体责任", "主体") else SUPPORT
            segment = segment[m.end() :]
        names: list[tuple[str, str | None]] = []
        for raw in _split(segment, "、，,/／"):
            for name, own in _one(re.sub(r"\s+", "", raw).strip("。.")):
                for part in _joined(name, known):
                    names.append((part, own or role))
        # "X（牵头）、Y": once a list marks its lead, the names it does not mark are supporting
        if role is None and any(own == LEAD for _, own in names):
            names = [(name, own or SUPPORT) for name, own in names]
        out += names
    return out


def _one(name: str) -> list[tuple[str, str | None]]:
    """One name with the role written beside it: X（牵头）, X配合, X（Y配合） (X with no role, Y supporting)."""
    inside = _ROLE_INSIDE.match(name)
    if inside:
        return [*_one(inside.group("name")), (_bare(inside.group("other")), SUPPORT)]
    own = None
    s = _ROLE_SUFFIX.search(name)
    if s and s.start() > 0:
        own = LEAD if s.group("label") in ("牵头", "主责") else SUPPORT
        name = name[: s.start()]
    name = _bare(name)
    return [(name, own)] if name else []


def _bare(name: str) -> str:
    """A name without a trailing 等 / 等相关部门 (a list that goes on), but never emptied to nothing."""
    bare = re.sub(r"等(?:有关|相关)?(?:部门|单位)?$", "", name)
    return bare or name


def _joined(name: str, known: Callable[[str], bool]) -> list[str]:
    """住建局和自然资源局 → two names; 住房和城乡建设局 stays one (its parts are not parties)."""
    if known(name) or is_role_word(name) or not _JOINED.search(name):
        return [name]
    parts = [p for p in _JOINED.split(name) if p]
    if len(parts) > 1 and all(known(p) or is_role_word(p) or _INSTITUTION.search(p) for p in parts):
        return parts
    return [name]


def _split(text: str, separators: str) -> list[str]:
    """`text` cut at any of `separators` outside brackets (（）()【】〔〕)."""
    parts, current, depth = [], "", 0
    for ch in text:
        if ch in "（(【〔":
            depth += 1
        elif ch in "）)】〕":
            depth = max(depth - 1, 0)
        if ch in separators and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for p in parts if p.strip()]


# -- what kind of list ------------------------------------------------------------------------

_TOWNSHIP_SUBJECT = r"(?:乡镇\(街道\)|镇\(街道\)|乡镇街道|乡镇|镇街|街道|属地)"
_SUPPORTING = re.compile(r"配合(?:责任|履职)?(?:事项)?(?:清单|目录)")
_TOWNSHIP_LEAD = re.compile(_TOWNSHIP_SUBJECT + r"(?:履行|承担)?主体责任(?:事项)?(?:清单|目录)")
_ANY_LIST = re.compile(r"主体责任|配合责任|清单")


def list_kind(texts: Iterable[str]) -> tuple[str, str]:
    """(kind, the text that says it) from the first of `texts` that names a list (heading, title rows, sheet name).

    A 配合事项清单 / 配合责任清单 is SUPPORTING_LIST; a 乡镇（街道）主体责任清单 (the township right
    before 主体责任) is TOWNSHIP_LIST; a title naming both, or another list, is COMBINED. A text that
    names no list (附件1) says nothing, and the next one is read.
    """
    for text in texts:
        plain = key(text)
        if not _ANY_LIST.search(plain):
            continue
        if "主体责任" in plain and "配合" in plain:
            return COMBINED, text
        if _SUPPORTING.search(plain):
            return SUPPORTING_LIST, text
        if _TOWNSHIP_LEAD.search(plain):
            return TOWNSHIP_LIST, text
        return COMBINED, text
    return COMBINED, ""
