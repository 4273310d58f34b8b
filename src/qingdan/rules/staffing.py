"""编制异常：机构超编，或乡镇空编率过高。

发现什么：一个机构或站所的实有人数超过核定编制数（行政编制、事业编制分别比较）；
或者一个乡镇全部机构合计的空编率（（核定 − 实有）÷ 核定）超过上限（选项 max_vacancy_rate，
默认 0.10 即 10%），行政编制、事业编制分别计算。空编率只计乡镇自己的机构和属地管理、双重管理的站所，
派驻站所（management: stationed）的编制由主管部门管理，不计入。

为什么重要：机构编制是刚性约束，实有人数不得突破核定编制；空编过多，则乡镇“人少事多”，
清单上的职责没有人履行，赋权事项也接不住。两者都说明机构职能配置表与实际脱节。

怎样修改：超编的，核减实有人员或按程序调整核定编制，并核对数字是否填错（核定与实有是否写反）；
空编率过高的，及时补充人员，或把长期空编的编制收回调剂。确有特殊情况的，
可在 qingdan.yaml 中调高 max_vacancy_rate，或登记例外。

Fails:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - id: economic-office
        role: economic-office
        name: 经济发展办公室
        kind: party-government
        staffing: {administrative: {approved: 5, actual: 6}}
      - id: enforcement-brigade
        role: enforcement-brigade
        name: 综合行政执法大队
        kind: public-institution
        staffing: {institutional: {approved: 10, actual: 8}, enforcement_certified: 4}
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
      - id: economic-office
        role: economic-office
        name: 经济发展办公室
        kind: party-government
        staffing: {administrative: {approved: 6, actual: 6}}
      - id: enforcement-brigade
        role: enforcement-brigade
        name: 综合行政执法大队
        kind: public-institution
        staffing: {institutional: {approved: 10, actual: 9}, enforcement_certified: 4}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
      - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet, StationedUnit
from qingdan.rules._base import Hit

CODE = "QD501"
ID = "staffing"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"max_vacancy_rate": 0.10}

_KINDS = (
    ("administrative", "行政编制", "vacancy-administrative"),
    ("institutional", "事业编制", "vacancy-institutional"),
)
_RUN_BY_TOWNSHIP = ("local", "dual")  # 属地管理 / 双重管理: the township's own posts


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    max_rate = float(options.get("max_vacancy_rate", OPTIONS["max_vacancy_rate"]))
    for t in dataset.townships:
        totals = {field: [0, 0] for field, _, _ in _KINDS}
        for unit in (*t.offices, *t.stationed_units):
            if unit.staffing is None:
                continue
            over = []
            for field, label, _ in _KINDS:
                count = getattr(unit.staffing, field)
                if count is None:
                    continue
                if count.actual > count.approved:
                    over.append((field, f"{label}核定{count.approved}名、实有{count.actual}名"))
                if not isinstance(unit, StationedUnit) or unit.management in _RUN_BY_TOWNSHIP:
                    totals[field][0] += count.approved
                    totals[field][1] += count.actual
            if over:
                yield Hit(
                    unit.at.child("staffing", over[0][0], "actual"),
                    f"「{t.name}」的「{unit.name or unit.id}」{'，'.join(text for _, text in over)}，实有人数超过核定编制，"
                    "请核减人员或按程序调整核定编制",
                    item=f"{t.id}/{unit.id}",
                )
        for field, label, item in _KINDS:
            approved, actual = totals[field]
            if approved <= 0:
                continue
            rate = (approved - actual) / approved
            if rate > max_rate:
                yield Hit(
                    t.at.child("offices"),
                    f"「{t.name}」{label}核定{approved}名、实有{actual}名，空编率{rate:.1%}，超过{max_rate * 100:g}%，"
                    "请及时补充人员或收回调剂长期空编的编制",
                    item=f"{t.id}/{item}",
                    key=True,
                )
