"""What a fix may infer without doubt: the id a name is written for, and the offices that counterpart a department.

Shared by the rules whose findings `qingdan validate --fix` settles. A name stands for an id only
when it stands for no other. The offices of a department are those of the township's own file
whose `counterparts` name it; a structure's default counterparts are what a township usually sets
up, not what it did, so they are not read here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qingdan.departments import DepartmentIndex
from qingdan.labels import TOWNSHIP_NAME
from qingdan.model import TOWNSHIP, DataSet, Matter, Office, StationedUnit, Township

_CJK = re.compile(r"[\u3400-\u9fff]")
_PARTS = re.compile(r"[、，,；;／/\n]+")  # several departments written in one cell
_RUN_BY_TOWNSHIP = ("local", "dual")  # 属地管理 / 双重管理: stationed units the township runs
# words in a column header (kept in `extra` by import) that say which township office carries the item
_OFFICE_COLUMNS = ("承担机构", "责任机构", "承办机构", "科室", "股室", "站所")
_KIND_WORD = re.compile(r"(?:办公室|服务中心|中心|服务站|站|所|大队|中队|办|科室|科|股)$")  # what kind, not which
_NAMED = 3  # townships named before "等 N 个乡镇"


def _key(name: str) -> str:
    """The form names are compared in: no white space, full-width folded (（ and ）are ( and ))."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", name))


class Names:
    """Ids by the names people write for them."""

    __slots__ = ("_ids", "first")

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._ids: dict[str, dict[str, None]] = {}
        self.first: dict[str, str] = {}  # id -> the first name given for it (a department's full name)
        for name, id_ in pairs:
            if name.strip() and id_:
                self._ids.setdefault(_key(name), {})[id_] = None
                self.first.setdefault(id_, name)

    def ids(self, name: str) -> tuple[str, ...]:
        """Every id written under this name, in the order the data set defines them."""
        return tuple(self._ids.get(_key(name), ())) if name.strip() else ()


@dataclass(frozen=True, slots=True)
class Refs:
    """The ids a reference may name, and the names it may be written under instead.

    `departments`, for references to departments, knows the names lists write for them (市教体局, 县卫健委 —
    see qingdan.departments), to name the closest departments for an unknown one. It never decides a fix:
    a county list's 市农业农村局 may be the city's own department, so only names the department list
    holds are fixed to ids.
    """

    ids: frozenset[str]
    names: Names
    departments: DepartmentIndex | None = None

    def __contains__(self, value: object) -> bool:
        return value in self.ids

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def name(self, id_: str) -> str:
        """The name an id is known by, else the id."""
        return self.names.first.get(id_, id_)

    def meant(self, value: str) -> tuple[str, ...]:
        """The known ids `value` is the name of: one when it is sure, several when it is not."""
        return tuple(i for i in self.names.ids(value) if i in self.ids)

    def candidates(self, value: str, extra: Mapping[str, Any] | None = None) -> tuple[str, ...]:
        """The departments most like an unknown name — the value itself when it is Chinese, else what the source
        wrote in the columns import kept in `extra` (where an unknown department's name stays beside its id)."""
        if self.departments is None:
            return ()
        cells = [value, *(v for v in (extra or {}).values() if isinstance(v, str) and len(v) <= 80)]
        # the parts that name no known department are what the unknown one was written as
        parts = [part for cell in cells for part in _PARTS.split(cell) if _CJK.search(part)]
        written = [part for part in parts if self.departments.match(part) is None]
        out: dict[str, None] = {}
        for text in written:
            out.update(dict.fromkeys(i for i in self.departments.candidates(text) if i in self.ids))
        return tuple(out)


def _department_names(ds: DataSet) -> list[tuple[str, str]]:
    return [(n, d.id) for d in ds.departments for n in (d.name, d.short_name, *d.aliases)]


def department_refs(ds: DataSet) -> Refs:
    """Departments by id, full name, short name and alias, and by the names lists write for them."""
    return Refs(frozenset(ds.department_ids()), Names(_department_names(ds)), DepartmentIndex.from_dataset(ds))


def party_refs(ds: DataSet) -> Refs:
    """Departments and 乡镇（街道） itself (`township`), for leads, supporting parties and actors."""
    pairs = [*_department_names(ds), (TOWNSHIP_NAME, TOWNSHIP)]
    return Refs(frozenset(ds.department_ids()) | {TOWNSHIP}, Names(pairs), DepartmentIndex.from_dataset(ds))


def listed(ids: Sequence[str], name: Callable[[str], str]) -> str:
    """Ids as a message lists candidates: education（清河县教育局）、health（清河县卫生健康局）."""
    return "、".join(f"{i}（{name(i)}）" for i in ids)


def department_hint(refs: Refs, value: str, extra: Mapping[str, Any] | None = None) -> str:
    """What an unknown department reference should say: the closest departments, else how to add one."""
    close = refs.candidates(value, extra)
    if close:
        return f"名录中相近的部门：{listed(close, refs.name)}；是其中之一的，改为它的标识（并可在 departments.yaml 给它加上这个别名），是新部门的，补进部门名录"
    return "名录中没有相近的部门：是已有部门的，改为它的标识；是新部门的，补进部门名录（可用 qingdan import --add-departments）"


def role_refs(ds: DataSet) -> Refs:
    return Refs(frozenset(ds.role_ids()), Names((r.name, r.id) for s in ds.structures for r in s.roles))


def structure_refs(ds: DataSet) -> Refs:
    return Refs(frozenset(ds.index.structures), Names((s.name, s.id) for s in ds.structures))


def area_refs(ds: DataSet) -> Refs:
    return Refs(frozenset(a.id for a in ds.areas), Names((a.name, a.id) for a in ds.areas))


def matter_refs(ds: DataSet) -> Refs:
    return Refs(frozenset(m.id for m in ds.matters), Names((m.name, m.id) for m in ds.matters))


def township_refs(ds: DataSet) -> Refs:
    return Refs(frozenset(ds.index.townships), Names((t.name, t.id) for t in ds.townships))


def unit_refs(township: Township) -> Refs:
    """A township's offices and stationed units, by id and by name."""
    every = (*township.offices, *township.stationed_units)
    return Refs(frozenset(u.id for u in every), Names((u.name, u.id) for u in every))


def stated_office(extra: Mapping[str, Any]) -> tuple[str, str] | None:
    """The (column, text) of the source's own 承担机构 / 责任科室 column, kept in `extra` by import, if any."""
    for column, value in extra.items():
        if isinstance(value, str) and value.strip() and any(w in str(column) for w in _OFFICE_COLUMNS):
            return str(column), value.strip()
    return None


def agrees(stated: str, name: str) -> bool:
    """True if what the source wrote is the name, or a shortening of it (执法大队 for 综合行政执法大队) that says
    more than what kind of office it is (办公室 or 中心 alone says nothing)."""
    a, b = _key(stated), _key(name)
    return len(_KIND_WORD.sub("", a)) >= 2 and (a in b or b in a)


# -- the offices that counterpart a department ----------------------------------------------


def carried_for(matter: Matter, known: Refs) -> tuple[str, ...]:
    """The departments whose counterpart office carries a matter's township side: its leads, or, where the
    township leads, the departments it supports with; only departments the data set knows."""
    leads = tuple(d for d in matter.leads if d != TOWNSHIP)
    chosen = matter.supporting if matter.township_leads and not leads else leads
    return tuple(dict.fromkeys(d for d in chosen if d != TOWNSHIP and d in known))


def counterpart_roles(township: Township, departments: Sequence[str]) -> tuple[str, ...]:
    """The roles of the township's offices that counterpart any of `departments`, in the file's order."""
    wanted = set(departments)
    return tuple(dict.fromkeys(o.role for o in township.offices if o.role and wanted & set(o.counterparts)))


def counterpart_units(township: Township, departments: Sequence[str]) -> tuple[Office | StationedUnit, ...]:
    """The offices, and the stationed units the township runs, that counterpart any of `departments`."""
    wanted = set(departments)
    run = (*township.offices, *(u for u in township.stationed_units if u.management in _RUN_BY_TOWNSHIP))
    return tuple(u for u in run if u.id and wanted & set(u.counterparts))


def townships_named(names: Sequence[str]) -> str:
    """「甲镇、乙镇」, or 「甲镇、乙镇、丙镇」等 5 个乡镇."""
    shown = "、".join(names[:_NAMED])
    return shown if len(names) <= _NAMED else f"{shown}等 {len(names)} 个乡镇"
