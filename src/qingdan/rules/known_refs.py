"""引用不存在：标识指向了一个不存在的项

发现什么：一个文件按标识引用另一个文件中的项，而那个标识并不存在。例如事项的配合责任部门（`supporting`）、
事项和职责的承担机构角色（`township_office`、`office`）、机构的对口部门（`counterparts`）、
班子成员分管的机构（`oversees`）、履行职责事项清单的对应部门和承接部门。事项的主体责任部门（`lead`）
由无主事项检查（QD201）负责，这里不再重复报告。

为什么重要：文件之间靠标识互相引用，`qingdan diff` 也靠标识跨版本追踪同一个项。引用了不存在的标识，
清单看上去写全了，实际上事项少了一个配合部门、机构没有对口部门、分管落了空，而且没有任何提示。
标识写错一个字母、部门撤并后没有改引用，是最常见的原因。

怎样修改：改正标识（提示中给出最接近的写法）；如果被引用的项确实还没有，就把它补进相应的文件。

自动修复：引用处写的是名称而不是标识——部门的全称、简称或别名（如「青岚市农业农村局」「农业农村局」），
机构角色、机构、乡镇、机构设置模式、职责方面或事项的名称——而这个名称只属于一个项时，
`qingdan validate --fix` 把它改为该项的标识。一个名称属于几个项时不改动，提示中列出这几个项。

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
from qingdan.model import At, DataSet
from qingdan.rules._base import Hit, entry, fix
from qingdan.rules._infer import (
    Refs,
    area_refs,
    department_hint,
    department_refs,
    matter_refs,
    party_refs,
    role_refs,
    structure_refs,
    township_refs,
    unit_refs,
)

CODE = "QD102"
ID = "known-refs"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
FIXABLE = True


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset

    def known(kind: str, refs: Refs) -> Refs | None:
        return None if kind in ds.unreadable else refs  # None: that file is broken, don't guess

    departments = known("departments", department_refs(ds))
    parties = known("departments", party_refs(ds))
    roles = known("structures", role_refs(ds))
    structures = known("structures", structure_refs(ds))
    areas = known("duties", area_refs(ds))
    matters = known("matters", matter_refs(ds))
    towns = known("township", township_refs(ds))
    townships = ds.index.townships

    def refs(at: At, field: str, values, known: Refs | None, what: str, item: str, extra=None) -> Iterator[Hit]:
        if known is None:
            return
        many = isinstance(values, tuple)
        for i, value in enumerate(values if many else (values,)):
            if value and value not in known:
                where = entry(at, field, index=i) if many else at.child(field)
                yield _unknown(where, value, known, what, item, extra)

    for t in ds.townships:
        yield from refs(t.at, "structure", t.structure, structures, "机构设置模式", t.id)
        units = unit_refs(t)
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
        yield from refs(m.at, "supporting", m.supporting, parties, "部门", m.id, m.extra)
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
        yield from refs(dl.at, "township", dl.township, towns, "乡镇", dl.township)
        township = townships.get(dl.township)
        units = unit_refs(township) if township else None
        for i in dl.items:
            if units is not None:
                yield from refs(i.at, "office", i.office, units, f"{township.name}机构", i.id)
            yield from refs(i.at, "department", i.departments, departments, "部门", i.id, i.extra)
            yield from refs(i.at, "receiving_department", i.receiving_departments, departments, "部门", i.id, i.extra)


def _unknown(where: At, value: str, known: Refs, what: str, item: str, extra: Mapping[str, Any] | None = None) -> Hit:
    """An id that is not one: the name of exactly one item (fixed to its id), of several, or a typo."""
    meant = known.meant(value)
    if len(meant) == 1:
        return Hit(
            where,
            f"「{value}」是{what}的名称，引用要写它的标识「{meant[0]}」；可用 qingdan validate --fix 改正",
            item=item,
            fix=fix(where, value, meant[0], known.name(meant[0])),
        )
    if meant:
        listed = "、".join(f"{i}（{known.name(i)}）" for i in meant)
        return Hit(where, f"「{value}」是几个{what}共用的名称：{listed}；请改为其中一个的标识", item=item)
    close = difflib.get_close_matches(value, sorted(known), n=1)
    hint = f"，是不是「{close[0]}」？" if close else ""
    if not close and known.departments is not None:
        hint = f"；{department_hint(known, value, extra)}"
    return Hit(where, f"引用了不存在的{what}「{value}」{hint}", item=item)
