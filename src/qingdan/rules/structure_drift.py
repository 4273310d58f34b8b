"""机构设置偏离模式：缺少必设机构、超过机构限额，或设置了模式之外的机构。

发现什么：一个乡镇采用的机构设置模式（structure）中标为必设（required: true）的角色，
这个乡镇的 offices 里没有对应的机构；乡镇 offices 中的机构数超过模式的机构限额（limit），
派驻和属地管理站所（stationed_units，以及 kind 为 stationed 的机构）不计入；
或者某个机构的角色（role）不是这个乡镇所用模式中的角色。

为什么重要：机构设置模式和机构限额是改革方案统一规定的，“统一规范设置党政事业机构”。
缺少必设机构，全市清单指派给这类机构的事项在这个乡镇就无人承担；超过限额或设置模式之外的机构，
说明机构设置已经偏离批准的方案，清单和实际对不上。

怎样修改：补设缺少的机构，或者确属可设可不设的，在模式中把该角色改为 required: false；
超过限额的，合并或撤销多出的机构；模式之外的机构，改为模式中的角色，
或者先在模式中增加这个角色（required: false），再让机构的 role 指向它。

Fails:
    # townships/heping.yaml
    id: heping
    name: 鹤坪镇
    kind: town
    structure: medium
    offices:
      - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
    leaders:
      - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
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
      - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit

CODE = "QD303"
ID = "structure-drift"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    if "structures" in dataset.unreadable:
        return  # the templates are broken; known-refs and the syntax check say so
    structures = dataset.index.structures
    known_roles = dataset.role_ids()
    for t in dataset.townships:
        s = structures.get(t.structure)
        if s is None:
            continue  # known-refs reports the unknown structure
        offices_at = t.at.child("offices")
        roles = {r.id for r in s.roles}
        present = {o.role for o in t.offices}
        for r in s.roles:
            if r.required and r.id and r.id not in present:
                yield Hit(
                    offices_at,
                    f"「{t.name}」没有设置「{r.name or r.id}」，而机构设置模式「{s.name}」把它列为必设机构，"
                    "请补设该机构，或在模式中把这个角色改为可选（required: false）",
                    item=f"{t.id}/{r.id}",
                    key=True,
                    related=(r.at,),
                )
        counted = [o for o in t.offices if o.kind != "stationed"]
        if s.limit is not None and len(counted) > s.limit:
            yield Hit(
                counted[s.limit].at,
                f"「{t.name}」设置了{len(counted)}个机构，超过机构设置模式「{s.name}」的机构限额{s.limit}个"
                "（派驻和属地管理站所不计入），请合并或撤销多出的机构",
                item=f"{t.id}/limit",
                related=(s.at.child("limit"),),
            )
        for o in t.offices:
            if o.role and o.role in known_roles and o.role not in roles:  # an unknown role is known-refs' finding
                yield Hit(
                    o.at.child("role"),
                    f"「{t.name}」的「{o.name or o.id}」对应的角色「{o.role}」不在该镇的机构设置模式「{s.name}」中，"
                    "请改为模式中的角色，或先在模式中增加这个角色",
                    item=f"{t.id}/{o.role}",
                    related=(s.at.child("roles"),),
                )
