"""一头空的清单事项：配合事项缺一方职责、收回事项没有承接部门、同一事项归入两类

发现什么：在乡镇（街道）履行职责事项清单中，
配合履职事项没有写上级部门职责（`department_duty`）或镇街配合职责（`township_duty`）；
上级部门收回事项没有写承接部门（`receiving_department`）；
同一事项（名称去掉空格和标点后相同）在同一个乡镇的基本、配合、收回三类中出现了两次以上。

为什么重要：三张清单的分界是“必须为、负全责”“配合为、尽次责”“无力为、负不了责”。配合事项要把
部门和镇街各自做什么写在同一行里，只写一方，另一方的责任就说不清，最后又回到乡镇“全责”；
收回事项不写由哪个部门承接，收回就落了空，事情没人接。同一事项既是基本履职事项又是收回事项，
乡镇既要负全责又已交还上级，两种说法必有一种是错的，清单就失去了“减负明责”的意义。

怎样修改：配合事项补全上级部门职责和镇街配合职责两栏；写不出镇街职责的，说明这件事不需要镇街配合，
应列为收回事项或删去。收回事项写上承接部门的标识，并在 `working_method` 写明收回后的工作方式。
同一事项归入两类的，确定它属于哪一类，从另一类中删去。

Fails:
    # duty-lists/heping.yaml
    township: heping
    basic:
      - {id: jj-001, category: 经济发展, name: 做好辖区企业服务, office: economic-office}
    supporting:
      - id: ph-nq-001
        category: 农业农村
        name: 高标准农田建设
        department: agriculture
        department_duty: 负责高标准农田建设项目的规划、立项和验收。
        office: economic-office
    reclaimed:
      - {id: sh-jj-001, category: 经济发展, name: 做好辖区企业服务。}
Passes:
    # duty-lists/heping.yaml
    township: heping
    basic:
      - {id: jj-001, category: 经济发展, name: 做好辖区企业服务, office: economic-office}
    supporting:
      - id: ph-nq-001
        category: 农业农村
        name: 高标准农田建设
        department: agriculture
        department_duty: 负责高标准农田建设项目的规划、立项和验收。
        township_duty: 负责组织村组做好土地流转和施工协调。
        office: economic-office
    reclaimed:
      - id: sh-jj-001
        category: 经济发展
        name: 涉农统计数据重复报送
        receiving_department: agriculture
        working_method: 由市农业农村局从业务系统直接提取数据，镇不再另行填报
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.labels import DUTY_LISTS
from qingdan.model import DataSet, DutyListItem
from qingdan.rules._base import Hit
from qingdan.similarity import name_key

CODE = "QD204"
ID = "one-sided-items"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}

_SIDES = (("department_duty", "上级部门职责"), ("township_duty", "镇街配合职责"))
_FIX = {
    "department_duty": "配合事项由上级部门负主责，请写明上级部门的职责",
    "township_duty": "请写明镇街配合做什么；写不出的，说明不需要镇街配合，应列为收回事项或删去",
    "department_duty、township_duty": "请补全上级部门和镇街各自的职责",
}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for dl in dataset.duty_lists:
        town = dataset.index.township_name(dl.township)
        seen: dict[str, dict[str, DutyListItem]] = {}  # normal name -> list kind -> first item
        for i in dl.items:
            item = f"{dl.township}/{i.id}"
            name = i.name or i.id
            if i.list == "supporting":
                missing = [(key, label) for key, label in _SIDES if not getattr(i, key).strip()]
                if missing:
                    keys = "、".join(key for key, _ in missing)
                    labels = "和".join(label for _, label in missing)
                    yield Hit(
                        i.at.child(missing[0][0]) if len(missing) == 1 else i.at,
                        f"「{town}」的配合履职事项「{name}」没有写{labels}（{keys}）；{_FIX[keys]}",
                        item=item,
                    )
            if i.list == "reclaimed" and not i.receiving_departments:
                yield Hit(
                    i.at.child("receiving_department"),
                    f"「{town}」的上级部门收回事项「{name}」没有写承接部门（receiving_department）；"
                    "请写上收回后由哪个部门承担",
                    item=item,
                )
            key = name_key(i.name)
            if not key:
                continue
            kinds = seen.setdefault(key, {})
            earlier = next((e for kind, e in kinds.items() if kind != i.list), None)
            if earlier is not None:
                yield Hit(
                    i.at.child("name"),
                    f"「{town}」的「{name}」同时列在{DUTY_LISTS[earlier.list]}和{DUTY_LISTS[i.list]}中；"
                    "一个事项只能归入一类，请确定它属于哪一类，从另一类中删去",
                    item=item,
                    related=(earlier.at.child("name"),),
                )
            kinds.setdefault(i.list, i)
