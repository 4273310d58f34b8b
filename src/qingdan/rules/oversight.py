"""分管空缺或多头分管：机构没有分管领导，或者由几位班子成员同时分管。

发现什么：乡镇的内设机构、事业站所以及属地管理、双重管理的站所，没有出现在任何一位班子成员的
分管机构（oversees）中；或者任何一个机构（包括派驻站所）同时出现在两位以上班子成员的 oversees 中。
协助分管（assists）不算分管。

为什么重要：机构职能配置表要写明每个机构的分管领导。没人分管的机构，工作无人统筹、问题无人拍板；
几位领导同时分管一个机构，则“多个班子领导分管一类工作，增加协调难度”，责任也分不清。
派驻站所（management: stationed）由上级部门管理，乡镇可以不设分管领导，但不能有两位。

怎样修改：为没有分管领导的机构指定一位班子成员，把机构标识写进他的 oversees；
一个机构有几位分管领导的，只保留一位，其他人改为协助分管（assists）。

Fails:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
      - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, staffing: {enforcement_certified: 4}}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [economic-office]}
Passes:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
      - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, staffing: {enforcement_certified: 4}}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade], assists: [economic-office]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet, Leader, StationedUnit
from qingdan.rules._base import Hit, entry

CODE = "QD302"
ID = "oversight"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}

_RUN_BY_TOWNSHIP = ("local", "dual")  # 属地管理 / 双重管理: the township runs these units


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for t in dataset.townships:
        overseers: dict[str, list[Leader]] = {}
        for p in t.leaders:
            for unit_id in dict.fromkeys(p.oversees):
                overseers.setdefault(unit_id, []).append(p)
        leaders_at = t.at.child("leaders")
        for unit in (*t.offices, *t.stationed_units):
            if not unit.id:
                continue
            who = overseers.get(unit.id, [])
            name = unit.name or unit.id
            if not who and (not isinstance(unit, StationedUnit) or unit.management in _RUN_BY_TOWNSHIP):
                yield Hit(
                    unit.at.child("id"),
                    f"「{t.name}」的「{name}」没有班子成员分管，请把「{unit.id}」写进一位班子成员的分管机构（oversees）",
                    item=f"{t.id}/{unit.id}",
                    related=(leaders_at,),
                )
            elif len(who) > 1:
                listed = "、".join(f"「{p.name or p.id}」" for p in who)
                yield Hit(
                    entry(who[1].at, "oversees", unit.id),
                    f"「{t.name}」的「{name}」同时由{listed}{len(who)}位班子成员分管，"
                    "一个机构只应有一位分管领导，其他人请改为协助分管（assists）",
                    item=f"{t.id}/{unit.id}",
                    related=(
                        unit.at.child("id"),
                        entry(who[0].at, "oversees", unit.id),
                        *(entry(p.at, "oversees", unit.id) for p in who[2:]),
                    ),
                )
