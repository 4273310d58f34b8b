"""引用不存在：标识指向了一个不存在的项

发现什么：一个文件按标识引用另一个文件中的项，而那个标识并不存在。例如事项的配合责任部门（`supporting`）、
事项和职责的承担机构角色（`township_office`、`office`）、机构的对口部门（`counterparts`）、
班子成员分管的机构（`oversees`）、履行职责事项清单的对应部门和承接部门。事项的主体责任部门（`lead`）
由无主事项检查（QD201）负责，这里不再重复报告。

为什么重要：文件之间靠标识互相引用，`qingdan diff` 也靠标识跨版本追踪同一个项。引用了不存在的标识，
清单看上去写全了，实际上事项少了一个配合部门、机构没有对口部门、分管落了空，而且没有任何提示。
标识写错一个字母、部门撤并后没有改引用，是最常见的原因。

怎样修改：改正标识（提示中给出最接近的写法）；如果被引用的项确实还没有，就把它补进相应的文件。

Fails:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture, supporting: [natural-resorces]}
Passes:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture, supporting: [natural-resources]}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import TOWNSHIP, At, DataSet
from qingdan.rules._base import Hit, entry

CODE = "QD102"
ID = "known-refs"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset

    def known(kind: str, ids: set[str]) -> set[str] | None:
        return None if kind in ds.unreadable else ids  # None: that file is broken, don't guess

    departments = known("departments", ds.department_ids())
    parties = None if departments is None else departments | {TOWNSHIP}
    roles = known("structures", ds.role_ids())
    structures = known("structures", set(ds.index.structures))
    areas = known("duties", {a.id for a in ds.areas})
    matters = known("matters", {m.id for m in ds.matters})
    townships = ds.index.townships

    def refs(at: At, field: str, values, known: set[str] | None, what: str, item: str) -> Iterator[Hit]:
        if known is None:
            return
        many = isinstance(values, tuple)
        for i, value in enumerate(values if many else (values,)):
            if value and value not in known:
                close = difflib.get_close_matches(value, sorted(known), n=1)
                hint = f"，是不是「{close[0]}」？" if close else ""
                where = entry(at, field, index=i) if many else at.child(field)
                yield Hit(where, f"引用了不存在的{what}「{value}」{hint}", item=item)

    for t in ds.townships:
        yield from refs(t.at, "structure", t.structure, structures, "机构设置模式", t.id)
        units = {u.id for u in (*t.offices, *t.stationed_units)}
        for o in t.offices:
            yield from refs(o.at, "role", o.role, roles, "机构角色", o.id)
            yield from refs(o.at, "counterparts", o.counterparts, departments, "部门", o.id)
        for u in t.stationed_units:
            yield from refs(u.at, "department", u.department, departments, "部门", u.id)
            yield from refs(u.at, "counterparts", u.counterparts, departments, "部门", u.id)
        for p in t.leaders:
            yield from refs(p.at, "oversees", p.oversees, units, f"{t.name}机构", p.id)
            yield from refs(p.at, "assists", p.assists, units, f"{t.name}机构", p.id)
    for m in ds.matters:
        yield from refs(m.at, "supporting", m.supporting, parties, "部门", m.id)
        yield from refs(m.at, "township_office", m.township_office, roles, "机构角色", m.id)
    for d in ds.duties:
        yield from refs(d.at, "area", d.area, areas, "职责方面", d.id)
        yield from refs(d.at, "office", d.office, roles, "机构角色", d.id)
    for p in ds.powers:
        yield from refs(p.at, "source", p.source, departments, "部门", p.id)
        yield from refs(p.at, "receiving_office", p.receiving_office, roles, "机构角色", p.id)
    for p in ds.power_list:
        yield from refs(p.at, "office", p.office, roles, "机构角色", p.id)
    for c in ds.cases:
        yield from refs(c.at, "lead", c.lead, parties, "部门", c.id)
        yield from refs(c.at, "partners", c.partners, parties, "部门", c.id)
        yield from refs(c.at, "township_office", c.township_office, roles, "机构角色", c.id)
        yield from refs(c.at, "matters", c.matters, matters, "属地管理事项", c.id)
        for i, step in enumerate(c.steps):
            yield from refs(c.at.child("steps", i), "actor", step.actor, parties, "部门", c.id)
    for dl in ds.duty_lists:
        yield from refs(dl.at, "township", dl.township, known("township", set(townships)), "乡镇", dl.township)
        township = townships.get(dl.township)
        units = {u.id for u in (*township.offices, *township.stationed_units)} if township else None
        for i in dl.items:
            if units is not None:
                yield from refs(i.at, "office", i.office, units, f"{township.name}机构", i.id)
            yield from refs(i.at, "department", i.departments, departments, "部门", i.id)
            yield from refs(i.at, "receiving_department", i.receiving_departments, departments, "部门", i.id)
