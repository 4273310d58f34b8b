"""未经准入的加责：乡镇承担主体责任的事项既无法定依据，也没有职责准入记录。

发现什么：主体责任（lead）是乡镇（township）的属地管理事项，没有写法律法规依据（basis），
也没有职责准入记录（admission）；或者有准入记录，但记录写明没有征求乡镇意见（consulted: false）
或没有经过合法性审查（legality_reviewed: false）。有法律法规依据的事项是乡镇的法定职责，不需要准入。

为什么重要：部门把职责交给乡镇承担，必须经过职责准入：充分听取乡镇意见、进行合法性审查、
报市委市政府审批。“清单之外的事情，部门条线负责，乡镇不再承担”；没有依据、未经准入就把主体责任
放到乡镇，正是清单要制止的层层甩锅、加重基层负担。

怎样修改：补上法律法规依据（basis）；没有法定依据的，按准入程序报批后填写 admission
（审批文号、日期、已征求意见、已合法性审查）；未获批准的，把主体责任改回部门，乡镇改为配合（supporting）。

Fails:
    # matters/urban-rural.yaml
    domain: {id: urban-rural, name: 城乡建设}
    matters:
      - id: rural-domestic-waste
        name: 农村生活垃圾分类收运处置
        lead: township
        supporting: [housing]
        township_office: economic-office
Passes:
    # matters/urban-rural.yaml
    domain: {id: urban-rural, name: 城乡建设}
    matters:
      - id: rural-domestic-waste
        name: 农村生活垃圾分类收运处置
        lead: township
        supporting: [housing]
        department_duties:
          - 测试市住房和城乡建设局负责制定农村生活垃圾分类收运处置标准，统筹建设末端处置设施。
        township_duties:
          - 组织各村配备分类垃圾桶和保洁员，落实村庄日常保洁和垃圾分类收集。
        township_office: economic-office
        admission:
          approved_by: 测政办〔2022〕7号
          date: "2022-05-20"
          consulted: true
          legality_reviewed: true
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit

CODE = "QD401"
ID = "burden-without-admission"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for m in dataset.matters:
        if not m.township_leads or m.basis:
            continue
        name = m.name or m.id
        if m.admission is None:
            yield Hit(
                m.at.child("lead"),
                f"属地管理事项「{name}」由乡镇承担主体责任，但既没有法律法规依据（basis）也没有职责准入记录（admission），"
                "请补充依据，或经征求乡镇意见、合法性审查和市委市政府审批后填写准入记录，否则应由部门承担主体责任",
                item=m.id,
            )
            continue
        missing = [
            (field, what)
            for field, what, value in (
                ("consulted", "征求乡镇意见", m.admission.consulted),
                ("legality_reviewed", "合法性审查", m.admission.legality_reviewed),
            )
            if value is False
        ]
        if missing:
            steps = "和".join(what for _, what in missing)
            yield Hit(
                m.at.child("admission", missing[0][0]),
                f"属地管理事项「{name}」由乡镇承担主体责任且没有法律法规依据，其职责准入记录写明未经{steps}，"
                "准入程序不完整，请补齐程序后再把主体责任放到乡镇",
                item=m.id,
            )
