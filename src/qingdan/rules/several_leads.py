"""多头牵头：一个事项写了不止一个主体责任部门

发现什么：属地管理事项的 `lead` 写了两个或更多的部门（或部门加乡镇）。

为什么重要：“一类事项原则上由一个部门统筹”。两个部门同为主体责任，看上去责任加倍，实际上谁都可以等
对方牵头；乡镇遇到问题不知道找谁，部门之间互相推诿，这正是清单要消除的“多头管理”。数据模式允许 `lead`
写成列表，只是为了原样导入旧清单，发布前必须理清。

怎样修改：确定一个统筹部门写在 `lead`，其余部门写进 `supporting`，并在 `department_duties` 中逐条写明
各部门的分工；如果按范围划分、互不交叉（例如河道管理范围内的非法采砂归水利、范围外的非法开采砂石归
自然资源），拆成两个事项，各有一个主体责任部门；需要按步骤协同的，另写一件“一件事”。

Fails:
    # matters/natural-resources.yaml
    domain: {id: natural-resources, name: 自然资源}
    matters:
      - {id: illegal-sand-mining, name: 非法采砂整治, lead: [agriculture, natural-resources]}
Passes:
    # matters/natural-resources.yaml
    domain: {id: natural-resources, name: 自然资源}
    matters:
      - {id: illegal-sand-mining, name: 非法采砂整治, lead: natural-resources, supporting: [agriculture]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit

CODE = "QD202"
ID = "several-leads"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for m in dataset.matters:
        leads = [lead for lead in dict.fromkeys(m.leads) if lead.strip()]
        if len(leads) > 1:
            named = "、".join(f"「{dataset.index.party(lead)}」" for lead in leads)
            yield Hit(
                m.at.child("lead"),
                f"事项「{m.name or m.id}」有 {len(leads)} 个主体责任部门：{named}；"
                "一类事项原则上由一个部门统筹，请只留一个牵头部门，其余改为配合责任（supporting）",
                item=m.id,
            )
