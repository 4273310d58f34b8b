"""多对一对口：一个乡镇的几个机构对口同一个县级部门。

发现什么：在同一个乡镇，几个机构（内设机构、事业站所，以及属地管理或双重管理的站所）的
对口部门（counterparts）中都有同一个县（市）直部门。每个乡镇、每个这样的部门报一条，列出这些机构。
实行派驻管理（management: stationed）的站所由部门直接管理，不计入。

为什么重要：“一类事项原则上由一个部门统筹”。多个机构对口一个上级部门、多个班子领导分管一类工作，
增加协调难度：部门布置一项工作，乡镇要在几个机构之间分派，出了问题又互相推诿。

怎样修改：合并职能相近的机构（例如乡村建设办公室与村镇规划建设办公室合并），或者明确由一个机构
统一对口该部门，把其他机构的 counterparts 中的这个部门删去。确需保留的，在 qingdan.yaml 的
settings.exceptions 中登记例外并写明理由。选项 min_units（默认 2）：几个机构对口同一部门时报告。

Fails:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government, counterparts: [agriculture]}
      - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, counterparts: [agriculture], staffing: {enforcement_certified: 4}}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
Passes:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government, counterparts: [agriculture]}
      - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, counterparts: [housing], staffing: {enforcement_certified: 4}}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet, Office, StationedUnit
from qingdan.rules._base import Hit, entry

CODE = "QD301"
ID = "many-to-one"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"min_units": 2}

_RUN_BY_TOWNSHIP = ("local", "dual")  # 属地管理 / 双重管理: the township runs these units


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    min_units = max(2, int(options.get("min_units", OPTIONS["min_units"])))
    for t in dataset.townships:
        units = [*t.offices, *(u for u in t.stationed_units if u.management in _RUN_BY_TOWNSHIP)]
        by_department: dict[str, list[Office | StationedUnit]] = {}
        for unit in units:
            for department in dict.fromkeys(unit.counterparts):
                by_department.setdefault(department, []).append(unit)
        overseers = _overseers(t.leaders)
        for department, group in by_department.items():
            if len(group) < min_units:
                continue
            listed = "".join(f"「{u.name or u.id}」" for u in group)
            leaders = {name for u in group for name in overseers.get(u.id, ())}
            split = f"，分由{len(leaders)}位班子成员分管" if len(leaders) > 1 else ""
            yield Hit(
                entry(group[0].at, "counterparts", department),
                f"「{t.name}」有{len(group)}个机构对口「{dataset.index.party(department)}」：{listed}{split}，"
                "多个机构对口一个上级部门会增加协调难度，建议合并职能相近的机构或明确由一个机构统一对口",
                item=f"{t.id}/{department}",
                related=tuple(entry(u.at, "counterparts", department) for u in group[1:]),
            )


def _overseers(leaders) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in leaders:
        for unit_id in p.oversees:
            out.setdefault(unit_id, []).append(p.id)
    return out
