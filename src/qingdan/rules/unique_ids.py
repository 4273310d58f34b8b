"""标识重复：同一范围内两个项用了同一个标识

发现什么：两个部门、两个属地管理事项、两项职责等用了同一个标识（`id`）；机构和班子成员在本乡镇内、
机构角色在本模式内、履行职责事项在本乡镇的清单内不得重复；一个乡镇也只能有一份履行职责事项清单。

为什么重要：标识是其他文件引用一个项的方式，也是 `qingdan diff` 跨版本追踪同一个项的依据。两个部门、
事项或机构（在同一个乡镇内）标识相同，所有指向它们的引用就都说不清指的是哪一个，比较新旧版本时也会
把两个项混为一谈。

怎样修改：给其中一个改用新的标识；如果两条其实是同一个项，把两条合并为一条。

Fails:
    # departments.yaml
    departments:
      - {id: agriculture, name: 青岚市农业农村局}
      - {id: agriculture, name: 青岚市农业局}
      - {id: housing, name: 青岚市住房和城乡建设局}
Passes:
    # departments.yaml
    departments:
      - {id: agriculture, name: 青岚市农业农村局}
      - {id: natural-resources, name: 青岚市自然资源和规划局}
      - {id: housing, name: 青岚市住房和城乡建设局}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit, locate

CODE = "QD101"
ID = "unique-ids"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset
    yield from _dupes("部门", ds.departments)
    yield from _dupes("机构设置模式", ds.structures)
    for structure in ds.structures:
        yield from _dupes(f"模式「{structure.name}」的机构角色", structure.roles)
    yield from _dupes("乡镇", ds.townships)
    for t in ds.townships:
        yield from _dupes(f"{t.name}的机构", (*t.offices, *t.stationed_units))
        yield from _dupes(f"{t.name}的班子成员", t.leaders)
    yield from _dupes("领域", ds.domains)
    yield from _dupes("属地管理事项", ds.matters)
    yield from _dupes("职责方面", ds.areas)
    yield from _dupes("乡镇职责", ds.duties)
    yield from _dupes("赋权事项", ds.powers)
    yield from _dupes("权责清单事项", ds.power_list)
    yield from _dupes("一件事", ds.cases)
    for duty_list in ds.duty_lists:
        yield from _dupes(f"「{duty_list.township}」履行职责事项清单的事项", duty_list.items)
    first_list = {}
    for duty_list in ds.duty_lists:
        if duty_list.township in first_list:
            before = locate(first_list[duty_list.township].at.child("township"))
            yield Hit(
                duty_list.at.child("township"),
                f"乡镇「{duty_list.township}」有两份履行职责事项清单，另一份在 {before.file}",
                item=duty_list.township,
                related=(first_list[duty_list.township].at.child("township"),),
            )
        else:
            first_list[duty_list.township] = duty_list


def _dupes(kind: str, items: Iterable) -> Iterator[Hit]:
    first = {}
    for item in items:
        if not item.id:
            continue
        if item.id in first:
            before = first[item.id].at.child("id")
            where = locate(before)
            yield Hit(
                item.at.child("id"),
                f"{kind}标识「{item.id}」重复，{where.file}:{where.line} 已经用过",
                item=item.id,
                related=(before,),
            )
        else:
            first[item.id] = item
