"""The semantic diff of two editions: what changed, and who gained or lost responsibility.

`diff(old, new)` pairs every item of the old edition with its counterpart in the new one and
returns one `Change` per difference, sorted by `Change.sort_key`. Items are paired by id; where
ids changed, leftover items are paired by name (difflib ratio on normalised names) and content
(overlap of character bigrams), one to one, best score first. Offices of a township are paired
by what they carry: two or more old offices whose counterparts, functions and names land in one
new office are a merge (the reverse a split), not removals and an addition.

Conventions of the records (see `qingdan.changes.Change`):
- `key`/`title`/`group` describe the item in the new edition (the old one for removals);
  `old_key`/`old_title`/`old_group` are set only when they differ in the old edition.
- `group` is a display name: the domain (事项), the area (乡镇职责), the source department
  (赋权事项), the power type (权责清单), the township (机构, 履行职责事项清单), or "".
- `old`/`new` are plain JSON values shown to people: names rather than ids, lists of lines for
  duties and functions, a mapping of the item's fields for additions and removals, numbers for staffing.
- `admission` (the matter's admission record, 批准文号) and `township_leads` (whether townships bear
  its 主体责任) in each edition are set on the kinds that can put a burden on townships; `burden`
  follows from them (see `_burden`).

Every kind, its level and its Chinese label are in `KINDS`; `invert(change)` gives the change that
`diff(new, old)` reports for the same difference, so `diff(B, A)` is exactly the inverse of `diff(A, B)`.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from qingdan.changes import Change, Level
from qingdan.labels import (
    DUTY_LISTS,
    MANAGEMENT,
    OFFICE_KINDS,
    POWER_MODES,
    POWER_STATUS,
    POWER_TYPES,
    SCALES,
    TOWNSHIP_KINDS,
    TOWNSHIP_NAME,
)
from qingdan.model import (
    TOWNSHIP,
    Basis,
    Case,
    Contact,
    DataSet,
    Department,
    Duty,
    DutyList,
    DutyListItem,
    Leader,
    Matter,
    Office,
    Power,
    PowerListItem,
    Staffing,
    StationedUnit,
    Structure,
    Township,
)

_B, _N, _I = Level.BREAKING, Level.NOTABLE, Level.INFO

KINDS: dict[str, tuple[Level, str]] = {
    # 属地管理事项 (list "matters", key the matter id, group the domain)
    "matter-added": (_N, "新增事项"),
    "matter-removed": (_B, "删除事项"),
    "matter-renamed": (_I, "事项更名"),
    "matter-moved-domain": (_N, "事项调整领域"),
    "lead-to-department": (_B, "主体责任由乡镇转回部门（减负）"),
    "lead-to-township": (_B, "主体责任由部门转给乡镇（加责）"),
    "lead-changed": (_B, "主体责任部门调整"),
    "supporting-changed": (_N, "配合单位调整"),
    "department-duties-changed": (_N, "部门职责调整"),
    "township-duties-changed": (_N, "乡镇职责调整"),
    "basis-changed": (_I, "依据调整"),
    "township-office-changed": (_N, "乡镇承办机构调整"),
    "contact-changed": (_I, "联系人调整"),
    "admission-changed": (_I, "职责准入记录调整"),
    "matter-changed": (_I, "事项备注调整"),
    # 乡镇职责清单 (list "duties", group the area)
    "duty-added": (_N, "新增乡镇职责"),
    "duty-removed": (_N, "删除乡镇职责"),
    "duty-renamed": (_I, "乡镇职责改换标识"),
    "duty-changed": (_N, "乡镇职责表述调整"),
    "duty-moved-area": (_N, "乡镇职责调整方面"),
    "duty-office-changed": (_N, "乡镇职责承办机构调整"),
    # 赋权事项目录 (list "powers", group the source department)
    "power-added": (_N, "新增赋权事项"),
    "power-withdrawn": (_B, "收回赋权事项"),
    "power-reinstated": (_N, "恢复赋权事项"),
    "power-renamed": (_I, "赋权事项更名"),
    "power-changed": (_N, "赋权事项调整"),
    "power-record-added": (_I, "补录已收回的赋权事项"),
    "power-record-removed": (_I, "删除已收回赋权事项的记录"),
    # 权责清单 (list "power-list", group the power type)
    "power-item-added": (_N, "新增权责事项"),
    "power-item-removed": (_N, "删除权责事项"),
    "power-item-renamed": (_I, "权责事项更名"),
    "power-item-changed": (_N, "权责事项调整"),
    # 履行职责事项清单 (list "duty-list", key "<township>/<id>", group the township)
    "duty-list-added": (_N, "新增履行职责事项清单"),
    "duty-list-removed": (_B, "删除履行职责事项清单"),
    "duty-item-added": (_N, "新增履职事项"),
    "duty-item-removed": (_N, "删除履职事项"),
    "duty-item-renamed": (_I, "履职事项更名"),
    "duty-item-moved": (_B, "履职事项在基本、配合、收回之间调整"),
    "duty-item-changed": (_N, "履职事项内容调整"),
    # 乡镇与机构 (list "townships", key "<township>" or "<township>/<unit>", group the township)
    "township-added": (_N, "新增乡镇"),
    "township-removed": (_B, "删除乡镇"),
    "township-renamed": (_I, "乡镇更名"),
    "township-changed": (_I, "乡镇概况调整"),
    "structure-changed": (_B, "乡镇机构设置模式调整"),
    "office-added": (_N, "新设机构"),
    "office-removed": (_B, "撤销机构"),
    "office-renamed": (_I, "机构更名"),
    "office-merged": (_B, "机构合并"),
    "office-split": (_B, "机构拆分"),
    "office-type-changed": (_N, "机构性质调整"),
    "functions-changed": (_N, "机构职责调整"),
    "counterparts-changed": (_N, "对口部门调整"),
    "staffing-changed": (_I, "编制调整"),
    "leader-reassigned": (_N, "分管领导调整"),
    "unit-added": (_N, "新增派驻或属地管理站所"),
    "unit-removed": (_N, "撤销派驻或属地管理站所"),
    "unit-renamed": (_I, "站所更名"),
    "management-changed": (_N, "站所管理方式调整"),
    "leader-added": (_I, "新增班子成员职位"),
    "leader-removed": (_I, "撤销班子成员职位"),
    "leader-changed": (_I, "班子成员调整"),
    "leader-renamed": (_I, "班子成员职位改换标识"),
    # 机构设置模式 (list "structures")
    "structure-added": (_N, "新增机构设置模式"),
    "structure-removed": (_N, "删除机构设置模式"),
    "structure-renamed": (_I, "机构设置模式更名"),
    "structure-roles-changed": (_N, "机构设置模式的机构调整"),
    "structure-limit-changed": (_N, "机构限额调整"),
    # 部门名录 (list "departments")
    "department-added": (_I, "新增部门"),
    "department-removed": (_N, "删除部门"),
    "department-renamed": (_I, "部门更名"),
    "department-changed": (_I, "部门信息调整"),
    # "一件事" (list "cases")
    "case-added": (_N, "新增“一件事”"),
    "case-removed": (_N, "删除“一件事”"),
    "case-renamed": (_I, "“一件事”更名"),
    "case-changed": (_N, "“一件事”调整"),
}

_PAIRS = [
    ("matter-added", "matter-removed"),
    ("lead-to-department", "lead-to-township"),
    ("duty-added", "duty-removed"),
    ("power-record-added", "power-record-removed"),
    ("power-item-added", "power-item-removed"),
    ("duty-list-added", "duty-list-removed"),
    ("duty-item-added", "duty-item-removed"),
    ("township-added", "township-removed"),
    ("office-added", "office-removed"),
    ("office-merged", "office-split"),
    ("unit-added", "unit-removed"),
    ("leader-added", "leader-removed"),
    ("structure-added", "structure-removed"),
    ("department-added", "department-removed"),
    ("case-added", "case-removed"),
]
_INVERSE = {**{a: b for a, b in _PAIRS}, **{b: a for a, b in _PAIRS}}

_STAFFING = {
    "administrative.approved": "行政编制核定",
    "administrative.actual": "行政编制实有",
    "institutional.approved": "事业编制核定",
    "institutional.actual": "事业编制实有",
    "middle_posts": "中层职数",
    "enforcement_certified": "持执法证人数",
}
FIELD_LABELS = {
    "name": "名称",
    "note": "备注",
    "extra": "其他列",
    "type": "权力类型",
    "code": "编码",
    "source": "原实施部门",
    "mode": "赋权方式",
    "receiving_office": "承接机构",
    "basis": "依据",
    "since": "赋权时间",
    "withdrawn": "收回信息",
    "sub_items": "子项",
    "responsibilities": "责任事项",
    "accountability": "追责情形",
    "office": "承办机构",
    "category": "类别",
    "department": "对应上级部门",
    "department_duty": "上级部门职责",
    "township_duty": "镇街配合职责",
    "receiving_department": "承接部门",
    "working_method": "工作方式",
    "kind": "类型",
    "scale": "规模",
    "population": "户籍人口",
    "area_km2": "面积（平方公里）",
    "short_name": "简称",
    "aliases": "别称",
    "contact": "联系人",
    "lead": "牵头部门",
    "partners": "协同单位",
    "township_office": "乡镇承办机构",
    "matters": "涉及事项",
    "steps": "办理环节",
    "management": "管理方式",
}

_RENAME_RATIO = 0.8  # difflib ratio of normalised names for a rename where ids changed
_OFFICE_LAND = 0.5  # how much of one office must land in another to pair them (rename, merge, split)
_LINE_SIMILAR = 0.5  # bigram Jaccard above which two lines of duties are the same duty reworded
_COMMON_GRAM = 64  # a bigram in more leftover names than this proposes no rename candidates


# -- public API -------------------------------------------------------------------------


def diff(old: DataSet, new: DataSet) -> list[Change]:
    """Return every difference between two editions, sorted by `Change.sort_key`."""
    ctx = _Context(_Side(old), _Side(new))
    _departments(ctx)
    _structures(ctx)
    _matters(ctx)
    _duties(ctx)
    _powers(ctx)
    _power_list(ctx)
    _cases(ctx)
    _townships(ctx)
    _duty_lists(ctx)
    return sorted(ctx.out, key=Change.sort_key)


def headline(old: DataSet, new: DataSet) -> list[tuple[str, int | str, int | str]]:
    """Return the headline counts, old beside new: ("事项", 96, 81), ("机构", 12, 11) …"""
    return [(label, count(old), count(new)) for label, count in _HEADLINE]


def invert(change: Change) -> Change:
    """Return the change `diff(new, old)` reports for the same difference."""
    c = change
    kind = _INVERSE.get(c.kind, c.kind)
    if c.kind == "power-withdrawn":
        kind = "power-reinstated" if c.field == "status" else "power-added"
    elif c.kind in ("power-added", "power-reinstated"):
        kind = "power-withdrawn"
    key, old_key = (c.old_key, c.key) if c.old_key else (c.key, "")
    title, old_title = (c.old_title, c.title) if c.old_title else (c.title, "")
    group, old_group = (c.old_group, c.group) if c.old_group else (c.group, "")
    swapped = replace(
        c,
        kind=kind,
        key=key,
        old_key=old_key,
        title=title,
        old_title=old_title,
        group=group,
        old_group=old_group,
        old=c.new,
        new=c.old,
        admission=(c.admission[1], c.admission[0]),
        township_leads=(c.township_leads[1], c.township_leads[0]),
    )
    return _finish(swapped)


# -- headline ---------------------------------------------------------------------------


def _offices_per_township(ds: DataSet) -> int | str:
    counts = Counter(len(t.offices) for t in ds.townships)
    if not counts:
        return 0
    top = max(counts.values())
    modes = sorted(n for n, c in counts.items() if c == top)
    return modes[0] if len(modes) == 1 else f"{modes[0]}–{modes[-1]}"


_HEADLINE: list[tuple[str, Callable[[DataSet], int | str]]] = [
    ("事项", lambda ds: len(ds.matters)),
    ("乡镇承担主体责任事项", lambda ds: sum(m.township_leads for m in ds.matters)),
    ("机构", _offices_per_township),
    ("乡镇职责", lambda ds: len(ds.duties)),
    ("赋权事项", lambda ds: sum(p.status != "withdrawn" for p in ds.powers)),
    ("已收回赋权事项", lambda ds: sum(p.status == "withdrawn" for p in ds.powers)),
    ("履行职责事项", lambda ds: sum(len(d.items) for d in ds.duty_lists)),
]


# -- records ----------------------------------------------------------------------------


def _finish(c: Change) -> Change:
    """Fill in what follows from the other fields: level, burden and message."""
    burden = _burden(c)
    return replace(c, level=KINDS[c.kind][0], burden=burden, message=_message(c, burden))


def _burden(c: Change) -> bool:
    """Whether the change puts a matter or duty on townships without an admission record.

    lead-to-township: unless the new edition records an admission. township-duties-changed: when a
    township duty is added (not just reworded) and 主体责任 stays where it was (a lead change says it
    already). matter-added: when townships lead it or have duties in it.
    """
    if c.admission[1]:
        return False
    if c.kind == "lead-to-township":
        return True
    if c.kind == "township-duties-changed":
        return c.township_leads[0] == c.township_leads[1] and _line_delta(c.old, c.new)[0] > 0
    if c.kind == "matter-added" and isinstance(c.new, dict):
        return c.township_leads[1] or bool(c.new.get("township_duties"))
    return False


@dataclass
class _Side:
    """One edition with the lookups that turn ids into the names people read."""

    ds: DataSet
    departments: dict[str, Department] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    structures: dict[str, Structure] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    areas: dict[str, str] = field(default_factory=dict)
    matters: dict[str, Matter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ds = self.ds
        self.departments = _first(ds.departments, lambda d: d.id)
        self.structures = _first(ds.structures, lambda s: s.id)
        for s in ds.structures:
            for r in s.roles:
                self.roles.setdefault(r.id, r.name)
        self.domains = {d.id: d.name for d in reversed(ds.domains)}
        self.areas = {a.id: a.name for a in reversed(ds.areas)}
        self.matters = _first(ds.matters, lambda m: m.id)

    def dept(self, dept_id: str) -> str:
        if dept_id == TOWNSHIP:
            return TOWNSHIP_NAME
        d = self.departments.get(dept_id)
        return d.name if d else dept_id

    def depts(self, ids: Iterable[str]) -> list[str]:
        return [self.dept(i) for i in ids]

    def role(self, role_id: str) -> str:
        return self.roles.get(role_id, role_id)

    def structure(self, structure_id: str) -> str:
        s = self.structures.get(structure_id)
        return s.name if s else structure_id


@dataclass
class _Context:
    old: _Side
    new: _Side
    out: list[Change] = field(default_factory=list)
    departments: dict[str, str] = field(default_factory=dict)  # old id -> new id, where paired
    structures: dict[str, str] = field(default_factory=dict)
    matters: dict[str, str] = field(default_factory=dict)
    townships: dict[str, str] = field(default_factory=dict)

    def emit(self, kind: str, list_: str, ident: dict[str, str], **fields: Any) -> None:
        self.out.append(_finish(Change(kind, KINDS[kind][0], list_, message="", **ident, **fields)))

    def dept_ids(self, ids: Iterable[str]) -> set[str]:
        """Old department ids as the new edition names them."""
        return {self.departments.get(i, i) for i in ids}


T = TypeVar("T")


def _first(items: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """Index items by key; a duplicate id (a validation finding) keeps its first occurrence."""
    out: dict[str, T] = {}
    for item in items:
        out.setdefault(key(item), item)
    return out


def _ident(
    o: Any, n: Any, key: Callable[[Any], str], title: Callable[[Any], str], group: Callable[[Any], str]
) -> dict[str, str]:
    """key/title/group of the item in the new edition (old for removals), old_* where they differ."""
    if n is None:
        return {"key": key(o), "title": title(o), "group": group(o)}
    ident = {"key": key(n), "title": title(n), "group": group(n)}
    if o is not None:
        for name, fn in (("key", key), ("title", title), ("group", group)):
            if fn(o) != ident[name]:
                ident[f"old_{name}"] = fn(o)
    return ident


# -- pairing ----------------------------------------------------------------------------


@dataclass
class _Match(Generic[T]):
    pairs: list[tuple[T, T]]  # same id first, then renames
    removed: list[T]
    added: list[T]


@functools.lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    """Text without spaces and punctuation, full-width folded, for similarity."""
    t = _PUNCT.sub("", text)
    # NFKC is slow on long text; after punctuation is gone, Chinese text is nearly always normalised already
    return t if unicodedata.is_normalized("NFKC", t) else _PUNCT.sub("", unicodedata.normalize("NFKC", t))


_PUNCT = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def _grams(text: str) -> frozenset[str]:
    """Character bigrams of normalised text (the text itself when shorter than two)."""
    t = _norm(text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1)) if len(t) > 1 else frozenset((t,) if t else ())


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _ratio(a: str, b: str) -> float:
    """difflib's ratio of normalised names, taken in a fixed order so that it is symmetric."""
    x, y = sorted((_norm(a), _norm(b)))
    if x == y:
        return 1.0
    m = difflib.SequenceMatcher(None, x, y, autojunk=False)
    bound = min(m.real_quick_ratio(), m.quick_ratio())  # cheap upper bounds: skip the full ratio when hopeless
    return bound if bound < 0.5 else m.ratio()


def _accept_name(r: float, c: float) -> bool:
    return (r >= _RENAME_RATIO and c >= 0.3) or (r >= 0.5 and c >= 0.8)


def _match(
    olds: Iterable[T],
    news: Iterable[T],
    key: Callable[[T], str],
    name: Callable[[T], str],
    content: Callable[[T], str] | None = None,
    accept: Callable[[float, float], bool] = _accept_name,
) -> _Match[T]:
    """Pair items by id, then the leftovers by name and content, one to one, best first.

    Symmetric by construction (scores, candidates and tie-breaks do not depend on which side is
    old), so matching new against old pairs the same items.
    """
    old_by, new_by = _first(olds, key), _first(news, key)
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
    return _Match(pairs, left_o, left_n)


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
    grams_o = [_grams(name(o)) for o in rest_o]
    grams_n = [_grams(name(n)) for n in rest_n]
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
                same_name[_norm(name((rest_o, rest_n)[side][i]))][side].append(i)
    for os_, ns in same_name.values():
        if len(os_) <= _COMMON_GRAM and len(ns) <= _COMMON_GRAM:
            candidates.update((i, j) for i in os_ for j in ns)
    scored = []
    for i, j in candidates:
        o, n = rest_o[i], rest_n[j]
        r = _ratio(name(o), name(n))
        if r < 0.5:
            continue
        c = _jaccard(_grams(content(o)), _grams(content(n)))
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


# -- values shown to people -------------------------------------------------------------


def _basis(basis: Sequence[Basis]) -> list[str]:
    return [f"{b.document}{b.article}" for b in basis]


def _contact(c: Contact | None) -> str:
    return " ".join(x for x in (c.unit, c.name, c.phone) if x) if c else ""


def _admission(m: Matter | None) -> str:
    if m is None or m.admission is None:
        return ""
    return m.admission.approved_by or m.admission.date or "已准入"


def _staffing(s: Staffing | None) -> dict[str, int]:
    if s is None:
        return {}
    out: dict[str, int] = {}
    for name, pc in (("administrative", s.administrative), ("institutional", s.institutional)):
        if pc is not None:
            out[f"{name}.approved"] = pc.approved
            out[f"{name}.actual"] = pc.actual
    if s.middle_posts is not None:
        out["middle_posts"] = s.middle_posts
    if s.enforcement_certified is not None:
        out["enforcement_certified"] = s.enforcement_certified
    return out


def _line_delta(old: Sequence[str] | None, new: Sequence[str] | None) -> tuple[int, int, int]:
    """Count lines added, dropped and reworded between two lists of duties."""
    old, new = old or [], new or []
    rest_o = list((Counter(old) - Counter(new)).elements())
    rest_n = list((Counter(new) - Counter(old)).elements())
    scored = []
    for i, a in enumerate(rest_o):
        for j, b in enumerate(rest_n):
            s = _jaccard(_grams(a), _grams(b))
            if s >= _LINE_SIMILAR:
                scored.append((-s, tuple(sorted((a, b))), i, j))
    scored.sort()
    used_o: set[int] = set()
    used_n: set[int] = set()
    for _, _, i, j in scored:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
    return len(rest_n) - len(used_n), len(rest_o) - len(used_o), len(used_o)


def _say(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "无"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _q(text: Any) -> str:
    return f"「{_say(text)}」"


def _delta_words(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    added, dropped, reworded = _line_delta(old, new)
    parts = [f"{w} {n} 条" for w, n in (("新增", added), ("删去", dropped), ("修改", reworded)) if n]
    return "、".join(parts) or "调整顺序"


def _set_delta(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    old, new = old or [], new or []
    added = [x for x in new if x not in old]
    dropped = [x for x in old if x not in new]
    parts = [f"增加{_say(added)}"] if added else []
    parts += [f"去掉{_say(dropped)}"] if dropped else []
    return "，".join(parts)


def _message(c: Change, burden: bool) -> str:
    t, k, o, n = c.title, c.kind, c.old, c.new
    ot = c.old_title or t
    where = c.group
    label = FIELD_LABELS.get(c.field.split(".")[0], c.field)
    renamed = f"{_q(ot)}更名为{_q(t)}" if c.old_title else f"{_q(t)}的标识由「{c.old_key}」改为「{c.key}」"
    if k == "matter-added":
        lead = "，由乡镇（街道）承担主体责任" if TOWNSHIP_NAME in (n or {}).get("lead", []) else ""
        return f"新增{where}领域事项{_q(t)}{lead}" + ("，未见职责准入记录" if burden else "")
    if k == "matter-removed":
        return f"删除{where}领域事项{_q(t)}"
    if k == "matter-renamed":
        return f"事项{renamed}"
    if k == "matter-moved-domain":
        return f"事项{_q(t)}由{o}领域调整到{n}领域"
    if k == "lead-to-department":
        return f"事项{_q(t)}的主体责任由乡镇（街道）转为{_say(n)}承担（减负）"
    if k == "lead-to-township":
        tail = "，未见职责准入记录" if burden else f"，准入依据{c.admission[1]}"
        return f"事项{_q(t)}的主体责任由{_say(o)}转为乡镇（街道）承担（加责）{tail}"
    if k == "lead-changed":
        return f"事项{_q(t)}的主体责任由{_say(o)}调整为{_say(n)}"
    if k == "supporting-changed":
        return f"事项{_q(t)}的配合单位{_set_delta(o, n)}"
    if k in ("department-duties-changed", "township-duties-changed"):
        side = "部门" if k.startswith("department") else TOWNSHIP_NAME
        tail = "，未见职责准入记录" if burden else ""
        return f"事项{_q(t)}的{side}职责{_delta_words(o, n)}{tail}"
    if k == "basis-changed":
        what = "事项" if c.list == "matters" else "乡镇职责"
        return f"{what}{_q(t)}的依据" + (_set_delta(o, n) or "摘录有修改")
    if k == "township-office-changed":
        return f"事项{_q(t)}在乡镇的承办机构由{_say(o)}调整为{_say(n)}"
    if k == "contact-changed":
        return f"事项{_q(t)}的联系人由{_q(o)}改为{_q(n)}"
    if k == "admission-changed":
        return f"事项{_q(t)}的职责准入记录由{_q(o)}改为{_q(n)}"
    if k == "matter-changed":
        return f"事项{_q(t)}的{label}有修改"
    if k == "duty-added":
        return f"{where}方面新增乡镇职责{_q(t)}"
    if k == "duty-removed":
        return f"{where}方面删除乡镇职责{_q(t)}"
    if k == "duty-renamed":
        return f"乡镇职责{_q(t)}的标识由「{c.old_key}」改为「{c.key}」"
    if k == "duty-changed":
        return f"乡镇职责{_q(o)}改为{_q(n)}"
    if k == "duty-moved-area":
        return f"乡镇职责{_q(t)}由{o}方面调整到{n}方面"
    if k == "duty-office-changed":
        return f"乡镇职责{_q(t)}的承办机构由{_say(o)}调整为{_say(n)}"
    if k == "power-added":
        return f"新增{where}赋权事项{_q(t)}"
    if k == "power-withdrawn":
        if c.field == "status":
            info = n if isinstance(n, dict) else {}
            how = "，".join(x for x in (info.get("document", ""), info.get("date", "")) if x)
            return f"收回{where}赋权事项{_q(t)}" + (f"（{how}）" if how else "")
        return f"{where}赋权事项{_q(t)}从目录中删除，不再赋权"
    if k == "power-reinstated":
        return f"恢复{where}赋权事项{_q(t)}"
    if k == "power-renamed":
        return f"赋权事项{renamed}"
    if k == "power-changed":
        return f"赋权事项{_q(t)}的{label}由{_q(o)}调整为{_q(n)}"
    if k == "power-record-added":
        return f"补录已收回的{where}赋权事项{_q(t)}"
    if k == "power-record-removed":
        return f"删除已收回的{where}赋权事项{_q(t)}的记录"
    if k == "power-item-added":
        return f"权责清单新增{where}事项{_q(t)}"
    if k == "power-item-removed":
        return f"权责清单删除{where}事项{_q(t)}"
    if k == "power-item-renamed":
        return f"权责事项{renamed}"
    if k == "power-item-changed":
        return f"权责事项{_q(t)}的{label}有调整"
    if k == "duty-list-added":
        return f"新增{where}履行职责事项清单（{_list_counts(n)}）"
    if k == "duty-list-removed":
        return f"删除{where}履行职责事项清单（{_list_counts(o)}）"
    if k == "duty-item-added":
        return f"{where}{(n or {}).get('list', '')}新增{_q(t)}"
    if k == "duty-item-removed":
        return f"{where}{(o or {}).get('list', '')}删除{_q(t)}"
    if k == "duty-item-renamed":
        return f"{where}履职事项{renamed}"
    if k == "duty-item-moved":
        return f"{where}履职事项{_q(t)}由{o}调整为{n}"
    if k == "duty-item-changed":
        return f"{where}履职事项{_q(t)}的{label}由{_q(o)}调整为{_q(n)}"
    if k == "township-added":
        return f"新增{t}"
    if k == "township-removed":
        return f"删除{t}"
    if k == "township-renamed":
        return f"{ot}更名为{t}"
    if k == "township-changed":
        return f"{t}的{label}由{_say(o)}调整为{_say(n)}"
    if k == "structure-changed":
        return f"{t}的机构设置模式由{_q(o)}调整为{_q(n)}"
    if k in ("office-added", "unit-added"):
        return f"{where}新设{t}"
    if k in ("office-removed", "unit-removed"):
        return f"{where}撤销{t}"
    if k in ("office-renamed", "unit-renamed"):
        return f"{where}{ot}更名为{t}" if c.old_title else f"{where}{t}的标识由「{c.old_key}」改为「{c.key}」"
    if k == "office-merged":
        return f"{where}{_say(o)}合并为{n}"
    if k == "office-split":
        return f"{where}{o}拆分为{_say(n)}"
    if k == "office-type-changed":
        return f"{where}{t}由{o}改为{n}"
    if k == "functions-changed":
        return f"{where}{t}的职责{_delta_words(o, n)}"
    if k == "counterparts-changed":
        return f"{where}{t}的对口部门{_set_delta(o, n)}"
    if k == "staffing-changed":
        o_, n_ = o or {}, n or {}
        parts = [
            f"{_STAFFING.get(f, f)} {_say(o_.get(f))} → {_say(n_.get(f))}" for f in _STAFFING if o_.get(f) != n_.get(f)
        ]
        return f"{where}{t}编制调整：{'，'.join(parts)}"
    if k == "leader-reassigned":
        role = "分管领导" if c.field == "oversees" else "协助分管领导"
        return f"{where}{t}的{role}由{_say(o)}调整为{_say(n)}"
    if k == "management-changed":
        return f"{where}{t}的{label}由{_say(o)}调整为{_say(n)}"
    if k == "leader-added":
        return f"{where}班子新增{t}职位"
    if k == "leader-removed":
        return f"{where}班子撤销{t}职位"
    if k == "leader-renamed":
        return f"{where}{t}的标识由「{c.old_key}」改为「{c.key}」"
    if k == "leader-changed":
        what = "人选" if c.field == "name" else "职务"
        return f"{where}{ot}的{what}由{_say(o)}改为{_say(n)}"
    if k == "structure-added":
        return f"新增机构设置模式{_q(t)}"
    if k == "structure-removed":
        return f"删除机构设置模式{_q(t)}"
    if k == "structure-renamed":
        return f"机构设置模式{renamed}"
    if k == "structure-roles-changed":
        return f"机构设置模式{_q(t)}的机构{_set_delta(o, n)}"
    if k == "structure-limit-changed":
        return f"机构设置模式{_q(t)}的机构限额由 {_say(o)} 个调整为 {_say(n)} 个"
    if k == "department-added":
        return f"部门名录新增{t}"
    if k == "department-removed":
        return f"部门名录删除{t}"
    if k == "department-renamed":
        return f"{ot}更名为{t}" if c.old_title else f"{t}的标识由「{c.old_key}」改为「{c.key}」"
    if k == "department-changed":
        return f"{t}的{label}由{_q(o)}改为{_q(n)}"
    if k == "case-added":
        return f"新增“一件事”{_q(t)}"
    if k == "case-removed":
        return f"删除“一件事”{_q(t)}"
    if k == "case-renamed":
        return f"“一件事”{renamed}"
    if k == "case-changed":
        return f"“一件事”{_q(t)}的{label}有调整"
    raise KeyError(k)  # every kind in KINDS has a sentence above; a test holds them together


def _list_counts(counts: Any) -> str:
    counts = counts if isinstance(counts, dict) else {}
    return "，".join(f"{name} {counts.get(name, 0)} 项" for name in DUTY_LISTS.values())


def _membership(ctx: _Context, m, prefix: str, lst: str, ident, view_old, view_new):
    """Emit <prefix>-removed / -added / -renamed for a match; yield each kept pair with its identity."""
    for o in m.removed:
        ctx.emit(f"{prefix}-removed", lst, ident(o, None), old=view_old(o))
    for n in m.added:
        ctx.emit(f"{prefix}-added", lst, ident(None, n), new=view_new(n))
    for o, n in m.pairs:
        i = ident(o, n)
        if o.id != n.id or o.name != n.name:
            ctx.emit(f"{prefix}-renamed", lst, i, field=_renamed(o, n), old=o.name, new=n.name)
        yield o, n, i


# -- departments, structures ------------------------------------------------------------


def _departments(ctx: _Context) -> None:
    m = _match(ctx.old.ds.departments, ctx.new.ds.departments, _id, _name)
    ident = _identity(_id, _name, lambda d: "")
    for o, n, i in _membership(ctx, m, "department", "departments", ident, _department_view, _department_view):
        ctx.departments[o.id] = n.id
        for f, ov, nv in (
            ("short_name", o.short_name, n.short_name),
            ("aliases", list(o.aliases), list(n.aliases)),
            ("contact", _contact(o.contact), _contact(n.contact)),
        ):
            if ov != nv:
                ctx.emit("department-changed", "departments", i, field=f, old=ov, new=nv)


def _department_view(d: Department) -> dict[str, Any]:
    return {"name": d.name, "short_name": d.short_name, "contact": _contact(d.contact)}


def _structures(ctx: _Context) -> None:
    def roles(s: Structure) -> str:
        return "；".join(r.name for r in s.roles)

    def accept(r: float, c: float) -> bool:
        return r >= _RENAME_RATIO or c >= 0.8

    m = _match(ctx.old.ds.structures, ctx.new.ds.structures, _id, _name, roles, accept)
    ident = _identity(_id, _name, lambda s: "")
    for o, n, i in _membership(ctx, m, "structure", "structures", ident, _structure_view, _structure_view):
        ctx.structures[o.id] = n.id
        old_roles, new_roles = [r.name for r in o.roles], [r.name for r in n.roles]
        if sorted(old_roles) != sorted(new_roles):
            ctx.emit("structure-roles-changed", "structures", i, field="roles", old=old_roles, new=new_roles)
        if o.limit != n.limit:
            ctx.emit("structure-limit-changed", "structures", i, field="limit", old=o.limit, new=n.limit)


def _structure_view(s: Structure) -> dict[str, Any]:
    return {"name": s.name, "limit": s.limit, "scale": s.scale, "roles": [r.name for r in s.roles]}


def _id(item: Any) -> str:
    return item.id


def _name(item: Any) -> str:
    return item.name


def _identity(
    key: Callable[[Any], str], title: Callable[[Any], str], group: Callable[[Any], str]
) -> Callable[[Any, Any], dict[str, str]]:
    return lambda o, n: _ident(o, n, key, title, group)


def _renamed(o: Any, n: Any) -> str:
    return "name" if o.name != n.name else "id"


# -- matters ----------------------------------------------------------------------------


def _matter_content(m: Matter) -> str:
    return "".join((*m.department_duties, *m.township_duties))


def _matter_view(m: Matter, side: _Side) -> dict[str, Any]:
    return {
        "name": m.name,
        "domain": side.domains.get(m.domain, m.domain),
        "lead": side.depts(m.leads),
        "supporting": side.depts(m.supporting),
        "department_duties": list(m.department_duties),
        "township_duties": list(m.township_duties),
        "township_office": side.role(m.township_office),
        "basis": _basis(m.basis),
        "contact": _contact(m.contact),
        "admission": _admission(m),
    }


def _matters(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new
    m = _match(old.ds.matters, new.ds.matters, _id, _name, _matter_content)
    ident_o = _identity(_id, _name, lambda x: old.domains.get(x.domain, x.domain))
    ident_n = _identity(_id, _name, lambda x: new.domains.get(x.domain, x.domain))
    for o in m.removed:
        ctx.emit("matter-removed", "matters", ident_o(o, None), old=_matter_view(o, old), **_context(o, None))
    for n in m.added:
        ctx.emit("matter-added", "matters", ident_n(None, n), new=_matter_view(n, new), **_context(None, n))
    for o, n in m.pairs:
        ctx.matters[o.id] = n.id
        _matter_pair(ctx, o, n, _merge_ident(ident_o(o, None), ident_n(None, n)))


def _context(o: Matter | None, n: Matter | None) -> dict[str, Any]:
    """What a burden check needs of a matter on both sides: its admission record and who leads."""
    return {
        "admission": (_admission(o), _admission(n)),
        "township_leads": (o is not None and o.township_leads, n is not None and n.township_leads),
    }


def _matter_pair(ctx: _Context, o: Matter, n: Matter, i: dict[str, str]) -> None:
    old, new = ctx.old, ctx.new
    emit = ctx.emit
    admission = (_admission(o), _admission(n))
    if o.id != n.id or o.name != n.name:
        emit("matter-renamed", "matters", i, field=_renamed(o, n), old=o.name, new=n.name)
    if o.domain != n.domain and "old_group" in i:  # same domain if either its id or its name is kept
        emit("matter-moved-domain", "matters", i, field="domain", old=i.get("old_group", i["group"]), new=i["group"])
    old_leads, new_leads = ctx.dept_ids(o.leads), set(n.leads)
    if old_leads != new_leads:
        kind = "lead-changed"
        if TOWNSHIP in old_leads and TOWNSHIP not in new_leads:
            kind = "lead-to-department"
        elif TOWNSHIP in new_leads and TOWNSHIP not in old_leads:
            kind = "lead-to-township"
        emit(kind, "matters", i, field="lead", old=old.depts(o.leads), new=new.depts(n.leads), **_context(o, n))
    if ctx.dept_ids(o.supporting) != set(n.supporting):
        emit(
            "supporting-changed",
            "matters",
            i,
            field="supporting",
            old=old.depts(o.supporting),
            new=new.depts(n.supporting),
        )
    if o.department_duties != n.department_duties:
        emit(
            "department-duties-changed",
            "matters",
            i,
            field="department_duties",
            old=list(o.department_duties),
            new=list(n.department_duties),
        )
    if o.township_duties != n.township_duties:
        emit(
            "township-duties-changed",
            "matters",
            i,
            field="township_duties",
            old=list(o.township_duties),
            new=list(n.township_duties),
            **_context(o, n),
        )
    if old.role(o.township_office) != new.role(n.township_office):
        emit(
            "township-office-changed",
            "matters",
            i,
            field="township_office",
            old=old.role(o.township_office),
            new=new.role(n.township_office),
        )
    if o.basis != n.basis:
        emit("basis-changed", "matters", i, field="basis", old=_basis(o.basis), new=_basis(n.basis))
    if _contact(o.contact) != _contact(n.contact):
        emit("contact-changed", "matters", i, field="contact", old=_contact(o.contact), new=_contact(n.contact))
    if admission[0] != admission[1]:
        emit("admission-changed", "matters", i, field="admission", old=admission[0], new=admission[1])
    for f in ("note", "extra"):
        if getattr(o, f) != getattr(n, f):
            emit("matter-changed", "matters", i, field=f, old=_plain(getattr(o, f)), new=_plain(getattr(n, f)))


def _plain(value: Any) -> Any:
    """A JSON value from ruamel's round-trip containers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


# -- duties, powers, power list, cases --------------------------------------------------


def _duties(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new

    def accept(r: float, c: float) -> bool:
        return r >= _RENAME_RATIO

    m = _match(old.ds.duties, new.ds.duties, _id, _name, accept=accept)
    ident_o = _identity(_id, _name, lambda d: old.areas.get(d.area, d.area))
    ident_n = _identity(_id, _name, lambda d: new.areas.get(d.area, d.area))

    def view(d: Duty, side: _Side) -> dict[str, Any]:
        return {"name": d.name, "area": side.areas.get(d.area, d.area), "office": side.role(d.office)}

    for o in m.removed:
        ctx.emit("duty-removed", "duties", ident_o(o, None), old=view(o, old))
    for n in m.added:
        ctx.emit("duty-added", "duties", ident_n(None, n), new=view(n, new))
    for o, n in m.pairs:
        i = _merge_ident(ident_o(o, None), ident_n(None, n))
        if o.id != n.id:
            ctx.emit("duty-renamed", "duties", i, field="id", old=o.name, new=n.name)
        if o.name != n.name:
            ctx.emit("duty-changed", "duties", i, field="name", old=o.name, new=n.name)
        if o.area != n.area and "old_group" in i:  # same area if either its id or its name is kept
            ctx.emit("duty-moved-area", "duties", i, field="area", old=i.get("old_group", i["group"]), new=i["group"])
        if old.role(o.office) != new.role(n.office):
            ctx.emit("duty-office-changed", "duties", i, field="office", old=old.role(o.office), new=new.role(n.office))
        if o.basis != n.basis:
            ctx.emit("basis-changed", "duties", i, field="basis", old=_basis(o.basis), new=_basis(n.basis))


def _merge_ident(old_ident: dict[str, str], new_ident: dict[str, str]) -> dict[str, str]:
    """The identity of a pair from each side's own identity (their groups come from their own lookups)."""
    out = dict(new_ident)
    for name, value in old_ident.items():
        if value != out[name]:
            out[f"old_{name}"] = value
    return out


def _power_view(p: Power, side: _Side) -> dict[str, Any]:
    view = {
        "name": p.name,
        "type": POWER_TYPES.get(p.type, p.type),
        "code": p.code,
        "source": side.dept(p.source),
        "mode": POWER_MODES.get(p.mode, p.mode),
        "receiving_office": side.role(p.receiving_office),
        "basis": _basis(p.basis),
        "since": p.since,
        "status": POWER_STATUS.get(p.status, p.status),
    }
    if p.withdrawn is not None:
        view["withdrawn"] = _withdrawal(p)
    return view


def _withdrawal(p: Power) -> dict[str, str]:
    w = p.withdrawn
    return {"date": w.date, "document": w.document, "reason": w.reason} if w else {}


def _powers(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new

    def content(p: Power) -> str:
        return p.type + p.code + "".join(_basis(p.basis))

    m = _match(old.ds.powers, new.ds.powers, _id, _name, content)
    ident_o = _identity(_id, _name, lambda p: old.dept(p.source))
    ident_n = _identity(_id, _name, lambda p: new.dept(p.source))

    def active(p: Power) -> bool:
        return p.status != "withdrawn"

    for o in m.removed:
        kind = "power-withdrawn" if active(o) else "power-record-removed"
        ctx.emit(kind, "powers", ident_o(o, None), old=_power_view(o, old))
    for n in m.added:
        kind = "power-added" if active(n) else "power-record-added"
        ctx.emit(kind, "powers", ident_n(None, n), new=_power_view(n, new))
    for o, n in m.pairs:
        i = _merge_ident(ident_o(o, None), ident_n(None, n))
        if o.id != n.id or o.name != n.name:
            ctx.emit("power-renamed", "powers", i, field=_renamed(o, n), old=o.name, new=n.name)
        if active(o) != active(n):
            ctx.emit(
                "power-withdrawn" if active(o) else "power-reinstated",
                "powers",
                i,
                field="status",
                old={"status": o.status, **_withdrawal(o)},
                new={"status": n.status, **_withdrawal(n)},
            )
        elif _withdrawal(o) != _withdrawal(n):
            ctx.emit("power-changed", "powers", i, field="withdrawn", old=_withdrawal(o), new=_withdrawal(n))
        ov, nv = _power_view(o, old), _power_view(n, new)
        if ctx.departments.get(o.source, o.source) != n.source:
            ctx.emit("power-changed", "powers", i, field="source", old=ov["source"], new=nv["source"])
        for f in ("type", "code", "mode", "receiving_office", "basis", "since"):
            if ov[f] != nv[f] or (f == "basis" and o.basis != n.basis):
                ctx.emit("power-changed", "powers", i, field=f, old=ov[f], new=nv[f])


def _power_list(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new

    def content(p: PowerListItem) -> str:
        return p.code + "".join((*p.sub_items, *p.responsibilities))

    def view(p: PowerListItem, side: _Side) -> dict[str, Any]:
        return {
            "name": p.name,
            "type": POWER_TYPES.get(p.type, p.type),
            "code": p.code,
            "sub_items": list(p.sub_items),
            "basis": _basis(p.basis),
            "responsibilities": list(p.responsibilities),
            "accountability": list(p.accountability),
            "office": side.role(p.office),
        }

    m = _match(old.ds.power_list, new.ds.power_list, _id, _name, content)
    ident = _identity(_id, _name, lambda p: POWER_TYPES.get(p.type, p.type))
    pairs = _membership(ctx, m, "power-item", "power-list", ident, lambda o: view(o, old), lambda n: view(n, new))
    for o, n, i in pairs:
        ov, nv = view(o, old), view(n, new)
        for f in ("type", "code", "sub_items", "basis", "responsibilities", "accountability", "office"):
            if ov[f] != nv[f] or (f == "basis" and o.basis != n.basis):
                ctx.emit("power-item-changed", "power-list", i, field=f, old=ov[f], new=nv[f])


def _cases(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new

    def view(c: Case, side: _Side) -> dict[str, Any]:
        return {
            "name": c.name,
            "lead": side.dept(c.lead),
            "partners": side.depts(c.partners),
            "township_office": side.role(c.township_office),
            "matters": [side.matters[x].name if x in side.matters else x for x in c.matters],
            "steps": [
                f"{side.dept(s.actor)}：{s.action}" + (f"（{s.time_limit}）" if s.time_limit else "") for s in c.steps
            ],
        }

    def content(c: Case) -> str:
        return "".join(s.action for s in c.steps)

    m = _match(old.ds.cases, new.ds.cases, _id, _name, content)
    ident = _identity(_id, _name, lambda c: "")
    for o, n, i in _membership(ctx, m, "case", "cases", ident, lambda o: view(o, old), lambda n: view(n, new)):
        ov, nv = view(o, old), view(n, new)
        same = {
            "lead": ctx.departments.get(o.lead, o.lead) == n.lead,
            "partners": ctx.dept_ids(o.partners) == set(n.partners),
            "township_office": ov["township_office"] == nv["township_office"],
            "matters": [ctx.matters.get(x, x) for x in o.matters] == list(n.matters),
            "steps": [(ctx.departments.get(s.actor, s.actor), s.action, s.time_limit) for s in o.steps]
            == [(s.actor, s.action, s.time_limit) for s in n.steps],
        }
        for f, unchanged in same.items():
            if not unchanged:
                ctx.emit("case-changed", "cases", i, field=f, old=ov[f], new=nv[f])


# -- townships --------------------------------------------------------------------------


def _townships(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new

    def offices(t: Township) -> str:
        return "；".join(u.name for u in t.offices)

    def view(t: Township, side: _Side) -> dict[str, Any]:
        return {"name": t.name, "structure": side.structure(t.structure), "offices": [u.name for u in t.offices]}

    m = _match(old.ds.townships, new.ds.townships, _id, _name, offices)
    ident = _identity(_id, _name, _name)
    for t in m.removed:
        ctx.emit("township-removed", "townships", ident(t, None), old=view(t, old))
    for t in m.added:
        ctx.emit("township-added", "townships", ident(None, t), new=view(t, new))
    for o, n in m.pairs:
        ctx.townships[o.id] = n.id
        _township_pair(ctx, o, n)


def _township_pair(ctx: _Context, o: Township, n: Township) -> None:
    old, new = ctx.old, ctx.new
    emit = ctx.emit
    base = _ident(o, n, _id, _name, _name)
    if o.id != n.id or o.name != n.name:
        emit("township-renamed", "townships", base, field=_renamed(o, n), old=o.name, new=n.name)
    for f, labels in (("kind", TOWNSHIP_KINDS), ("scale", SCALES), ("population", None), ("area_km2", None)):
        ov, nv = getattr(o, f), getattr(n, f)
        if ov != nv:
            if labels is not None:
                ov, nv = labels.get(ov, ov), labels.get(nv, nv)
            emit("township-changed", "townships", base, field=f, old=ov, new=nv)
    old_s, new_s = old.structure(o.structure), new.structure(n.structure)
    if ctx.structures.get(o.structure, o.structure) != n.structure or old_s != new_s:
        emit("structure-changed", "townships", base, field="structure", old=old_s, new=new_s)

    def sub(uo: Any, un: Any) -> dict[str, str]:
        ident = _ident(uo, un, lambda u: "", _name, lambda u: "")
        ident["key"] = f"{n.id}/{(un or uo).id}"
        if uo is not None and un is not None and f"{o.id}/{uo.id}" != ident["key"]:
            ident["old_key"] = f"{o.id}/{uo.id}"
        ident["group"] = n.name
        if o.name != n.name:
            ident["old_group"] = o.name
        return ident

    overseers = _Overseers(_overseers(o), _overseers(n), _leaders(ctx, o, n))
    for uo, un in _offices(ctx, o, n, sub):
        _unit_pair(ctx, uo, un, sub(uo, un), overseers)
    units = _match(o.stationed_units, n.stationed_units, _id, _name, lambda u: "".join(u.functions))
    for uo in units.removed:
        emit("unit-removed", "townships", sub(uo, None), old=_unit_view(uo, old))
    for un in units.added:
        emit("unit-added", "townships", sub(None, un), new=_unit_view(un, new))
    for uo, un in units.pairs:
        i = sub(uo, un)
        if uo.id != un.id or uo.name != un.name:
            emit("unit-renamed", "townships", i, field=_renamed(uo, un), old=uo.name, new=un.name)
        _unit_pair(ctx, uo, un, i, overseers)
        if uo.management != un.management:
            emit(
                "management-changed",
                "townships",
                i,
                field="management",
                old=MANAGEMENT.get(uo.management, uo.management),
                new=MANAGEMENT.get(un.management, un.management),
            )
        if ctx.departments.get(uo.department, uo.department) != un.department:
            emit(
                "management-changed",
                "townships",
                i,
                field="department",
                old=old.dept(uo.department),
                new=new.dept(un.department),
            )


def _unit_view(u: Office | StationedUnit, side: _Side) -> dict[str, Any]:
    view: dict[str, Any] = {"name": u.name}
    if isinstance(u, Office):
        view["kind"] = OFFICE_KINDS.get(u.kind, u.kind)
    else:
        view["department"] = side.dept(u.department)
        view["management"] = MANAGEMENT.get(u.management, u.management)
    view["counterparts"] = side.depts(u.counterparts)
    view["functions"] = list(u.functions)
    view["staffing"] = _staffing(u.staffing)
    return view


def _overseers(t: Township) -> dict[tuple[str, str], list[Leader]]:
    """(unit id, "oversees" | "assists") -> the leaders, in the order the township lists them."""
    out: dict[tuple[str, str], list[Leader]] = defaultdict(list)
    for leader in t.leaders:
        for unit in leader.oversees:
            out[(unit, "oversees")].append(leader)
        for unit in leader.assists:
            out[(unit, "assists")].append(leader)
    return out


def _leader(p: Leader) -> str:
    return f"{p.post}{p.name}"


def _unit_pair(
    ctx: _Context,
    uo: Office | StationedUnit,
    un: Office | StationedUnit,
    i: dict[str, str],
    overseers: _Overseers,
) -> None:
    """Compare what an office or stationed unit carries: functions, counterparts, staffing, leaders."""
    emit = ctx.emit
    if isinstance(uo, Office) and isinstance(un, Office) and uo.kind != un.kind:
        emit(
            "office-type-changed",
            "townships",
            i,
            field="kind",
            old=OFFICE_KINDS.get(uo.kind, uo.kind),
            new=OFFICE_KINDS.get(un.kind, un.kind),
        )
    if uo.functions != un.functions:
        emit("functions-changed", "townships", i, field="functions", old=list(uo.functions), new=list(un.functions))
    if ctx.dept_ids(uo.counterparts) != set(un.counterparts):
        emit(
            "counterparts-changed",
            "townships",
            i,
            field="counterparts",
            old=ctx.old.depts(uo.counterparts),
            new=ctx.new.depts(un.counterparts),
        )
    so, sn = _staffing(uo.staffing), _staffing(un.staffing)
    if so != sn:
        emit("staffing-changed", "townships", i, field="staffing", old=so, new=sn)
    for role in ("oversees", "assists"):
        lo, ln = overseers.old.get((uo.id, role), []), overseers.new.get((un.id, role), [])
        if {overseers.leaders.get(p.id, p.id) for p in lo} != {p.id for p in ln}:
            emit(
                "leader-reassigned",
                "townships",
                i,
                field=role,
                old=[_leader(p) for p in lo],
                new=[_leader(p) for p in ln],
            )


@dataclass(frozen=True)
class _Overseers:
    old: dict[tuple[str, str], list[Leader]]
    new: dict[tuple[str, str], list[Leader]]
    leaders: dict[str, str]  # old leader id -> new leader id


def _leaders(ctx: _Context, o: Township, n: Township) -> dict[str, str]:
    """Compare the leaders (班子成员) of a township; return old id -> new id of the paired ones."""

    def ident(po: Leader | None, pn: Leader | None) -> dict[str, str]:
        p = pn or po
        assert p is not None
        i = {"key": f"{n.id}/leaders/{p.id}", "title": p.post, "group": n.name}
        if o.name != n.name:
            i["old_group"] = o.name
        if po is not None and pn is not None and f"{o.id}/leaders/{po.id}" != i["key"]:
            i["old_key"] = f"{o.id}/leaders/{po.id}"
        if po is not None and pn is not None and po.post != pn.post:
            i["old_title"] = po.post
        return i

    m = _match(o.leaders, n.leaders, _id, _leader)
    for p in m.removed:
        ctx.emit("leader-removed", "townships", ident(p, None), old=_leader(p))
    for p in m.added:
        ctx.emit("leader-added", "townships", ident(None, p), new=_leader(p))
    for po, pn in m.pairs:
        i = ident(po, pn)
        if po.id != pn.id:
            ctx.emit("leader-renamed", "townships", i, field="id", old=_leader(po), new=_leader(pn))
        for f in ("post", "name"):
            if getattr(po, f) != getattr(pn, f):
                ctx.emit("leader-changed", "townships", i, field=f, old=getattr(po, f), new=getattr(pn, f))
    return {po.id: pn.id for po, pn in m.pairs}


def _land(x: Office, y: Office, ctx: _Context, forward: bool) -> float:
    """How much of office x lands in office y: counterparts, functions, name characters, role."""
    cx = ctx.dept_ids(x.counterparts) if forward else set(x.counterparts)
    cy = set(y.counterparts) if forward else ctx.dept_ids(y.counterparts)
    scores = []
    if cx:
        scores.append(len(cx & cy) / len(cx))
    if x.functions:
        gy = [_grams(f) for f in y.functions]
        landed = sum(1 for f in x.functions if any(_jaccard(_grams(f), g) >= _LINE_SIMILAR for g in gy))
        scores.append(landed / len(x.functions))
    chars = set(_norm(x.name))
    if chars:
        scores.append(len(chars & set(_norm(y.name))) / len(chars))
    if x.role and x.role == y.role:
        scores.append(1.0)
    return sum(scores) / len(scores) if scores else 0.0


def _offices(
    ctx: _Context, to: Township, tn: Township, sub: Callable[[Any, Any], dict[str, str]]
) -> list[tuple[Office, Office]]:
    """Pair the offices of one township; emit added, removed, renamed, merged and split.

    Returns the one-to-one pairs whose content is compared field by field.
    """
    olds, news = _first(to.offices, _id), _first(tn.offices, _id)
    left_o = [k for k in olds if k not in news]
    left_n = [k for k in news if k not in olds]
    pairs = [(olds[k], news[k]) for k in olds if k in news]
    for uo, un in pairs:
        if uo.name != un.name:
            ctx.emit("office-renamed", "townships", sub(uo, un), field="name", old=uo.name, new=un.name)
    if not left_o and not left_n:
        return pairs
    weight: dict[tuple[str, str], float] = {}
    for ko in olds:
        for kn in news:
            if ko in left_o or kn in left_n:
                a, b = olds[ko], news[kn]
                weight[(ko, kn)] = max(_land(a, b, ctx, True), _land(b, a, ctx, False))

    def best(pairs_: Iterable[tuple[tuple[str, str], str]]) -> str | None:
        scored = sorted((-weight[p], other) for p, other in pairs_ if weight[p] >= _OFFICE_LAND)
        return scored[0][1] if scored else None

    best_o = {ko: best(((ko, kn), kn) for kn in news) for ko in left_o}
    best_n = {kn: best(((ko, kn), ko) for ko in olds) for kn in left_n}
    into: dict[str, set[str]] = {kn: set() for kn in news}  # new office <- old offices that land in it
    out_of: dict[str, set[str]] = {ko: set() for ko in olds}  # old office -> new offices that come from it
    for ko, kn in best_o.items():
        if kn is not None:
            into[kn].add(ko)
            out_of[ko].add(kn)
    for kn, ko in best_n.items():
        if ko is not None:
            into[kn].add(ko)
            out_of[ko].add(kn)
    for k in olds:
        if k in news:
            into[k].add(k)
            out_of[k].add(k)
    used_o: set[str] = set()
    used_n: set[str] = set()
    for kn in news:
        if len(into[kn]) > 1:
            sources = sorted(into[kn])
            ctx.emit(
                "office-merged",
                "townships",
                sub(None, news[kn]),
                field="offices",
                old=[olds[k].name for k in sources],
                new=news[kn].name,
                related=tuple(sources),
            )
            used_o.update(sources)
            used_n.add(kn)
    for ko in olds:
        if len(out_of[ko]) > 1:
            targets = sorted(out_of[ko])
            ctx.emit(
                "office-split",
                "townships",
                sub(olds[ko], None),
                field="offices",
                old=olds[ko].name,
                new=[news[k].name for k in targets],
                related=tuple(targets),
            )
            used_o.add(ko)
            used_n.update(targets)
    for ko in left_o:
        kn = best_o[ko]
        if kn in left_n and kn not in used_n and ko not in used_o:
            uo, un = olds[ko], news[kn]
            ctx.emit("office-renamed", "townships", sub(uo, un), field=_renamed(uo, un), old=uo.name, new=un.name)
            pairs.append((uo, un))
            used_o.add(ko)
            used_n.add(kn)
    for ko in left_o:
        if ko not in used_o:
            ctx.emit("office-removed", "townships", sub(olds[ko], None), old=_unit_view(olds[ko], ctx.old))
    for kn in left_n:
        if kn not in used_n:
            ctx.emit("office-added", "townships", sub(None, news[kn]), new=_unit_view(news[kn], ctx.new))
    return pairs


# -- duty lists -------------------------------------------------------------------------


def _duty_lists(ctx: _Context) -> None:
    old, new = ctx.old, ctx.new
    olds, news = _first(old.ds.duty_lists, lambda d: d.township), _first(new.ds.duty_lists, lambda d: d.township)
    t_old = _first(old.ds.townships, _id)
    t_new = _first(new.ds.townships, _id)

    def tname(tid: str, towns: dict[str, Township]) -> str:
        return towns[tid].name if tid in towns else tid

    def counts(d: DutyList) -> dict[str, int]:
        return {name: len(d.of(kind)) for kind, name in DUTY_LISTS.items()}

    paired = {tid: ctx.townships.get(tid, tid) for tid in olds}
    for tid, d in olds.items():
        if paired[tid] not in news:
            name = tname(tid, t_old)
            ctx.emit("duty-list-removed", "duty-list", {"key": tid, "title": name, "group": name}, old=counts(d))
    for tid, d in news.items():
        if tid not in paired.values():
            name = tname(tid, t_new)
            ctx.emit("duty-list-added", "duty-list", {"key": tid, "title": name, "group": name}, new=counts(d))
    for tid, do in olds.items():
        nid = paired[tid]
        if nid in news:
            _duty_list_pair(ctx, do, news[nid], tname(tid, t_old), tname(nid, t_new), t_old.get(tid), t_new.get(nid))


def _duty_list_pair(
    ctx: _Context,
    do: DutyList,
    dn: DutyList,
    group_o: str,
    group_n: str,
    to: Township | None,
    tn: Township | None,
) -> None:
    offices_o = {u.id: u.name for u in (*to.offices, *to.stationed_units)} if to else {}
    offices_n = {u.id: u.name for u in (*tn.offices, *tn.stationed_units)} if tn else {}

    def view(item: DutyListItem, side: _Side, offices: dict[str, str]) -> dict[str, Any]:
        return {
            "list": DUTY_LISTS.get(item.list, item.list),
            "category": item.category,
            "name": item.name,
            "office": offices.get(item.office, item.office),
            "department": side.dept(item.department) if item.department else "",
            "department_duty": item.department_duty,
            "township_duty": item.township_duty,
            "receiving_department": side.dept(item.receiving_department) if item.receiving_department else "",
            "working_method": item.working_method,
        }

    def content(item: DutyListItem) -> str:
        return item.category + item.department_duty + item.township_duty

    def accept(r: float, c: float) -> bool:
        return r >= _RENAME_RATIO

    def ident(io: DutyListItem | None, inn: DutyListItem | None) -> dict[str, str]:
        item = inn or io
        assert item is not None
        i = {"key": f"{dn.township}/{item.id}", "title": item.name, "group": group_n}
        if group_o != group_n:
            i["old_group"] = group_o
        if io is not None and inn is not None:
            if io.id != inn.id:
                i["old_key"] = f"{do.township}/{io.id}"
            if io.name != inn.name:
                i["old_title"] = io.name
        return i

    m = _match(do.items, dn.items, _id, _name, content, accept)
    for io in m.removed:
        ctx.emit("duty-item-removed", "duty-list", ident(io, None), old=view(io, ctx.old, offices_o))
    for inn in m.added:
        ctx.emit("duty-item-added", "duty-list", ident(None, inn), new=view(inn, ctx.new, offices_n))
    for io, inn in m.pairs:
        i = ident(io, inn)
        ov, nv = view(io, ctx.old, offices_o), view(inn, ctx.new, offices_n)
        if io.id != inn.id or io.name != inn.name:
            ctx.emit("duty-item-renamed", "duty-list", i, field=_renamed(io, inn), old=io.name, new=inn.name)
        if io.list != inn.list:
            ctx.emit("duty-item-moved", "duty-list", i, field="list", old=ov["list"], new=nv["list"])
        same_dept = {
            "department": ctx.departments.get(io.department, io.department) == inn.department,
            "receiving_department": ctx.departments.get(io.receiving_department, io.receiving_department)
            == inn.receiving_department,
        }
        for f in (
            "category",
            "office",
            "department",
            "department_duty",
            "township_duty",
            "receiving_department",
            "working_method",
        ):
            if not same_dept.get(f, ov[f] == nv[f]):
                ctx.emit("duty-item-changed", "duty-list", i, field=f, old=ov[f], new=nv[f])
