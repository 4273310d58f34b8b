"""接不住的赋权：赋权事项没有承接机构，或者承接机构没有持证执法人员。

发现什么：正在行使的赋权事项（status 不是 withdrawn）没有写承接机构（receiving_office）；
某个乡镇没有承接机构这一角色的机构，赋给它的事项在这个乡镇无人承接（每个乡镇、每个角色报一条）；
或者乡镇的承接机构没有取得行政执法资格的人员（staffing.enforcement_certified 未填写或为 0），
每个这样的机构报一条，说明它有多少项赋权事项无法行使。

为什么重要：赋权要“放得下、接得住、管得好”。乡镇以自己的名义行使赋权事项，执法人员必须取得
行政执法资格；没有承接机构、没有持证人员，权力放下去也用不了，出了问题无人负责。
接不住的事项，按规定应当由原实施部门收回。

怎样修改：为赋权事项写明承接机构的角色（通常是 enforcement-brigade）；在缺少承接机构的乡镇设置该机构；
为承接机构配备取得执法资格的人员并在 staffing.enforcement_certified 中写明人数；
确实接不住的事项，把 status 改为 withdrawn 并写明收回的文件、日期和理由。

Fails:
    # powers.yaml
    powers:
      - id: dust-control-construction-site
        name: 对施工单位未采取扬尘污染防治措施的行政处罚
        type: penalty
        source: housing
        mode: delegated
        receiving_office: economic-office
Passes:
    # powers.yaml
    powers:
      - id: dust-control-construction-site
        name: 对施工单位未采取扬尘污染防治措施的行政处罚
        type: penalty
        source: housing
        mode: delegated
        receiving_office: enforcement-brigade
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import At, DataSet, Power
from qingdan.rules._base import Hit

CODE = "QD402"
ID = "unusable-powers"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset
    by_role: dict[str, list[Power]] = {}
    for p in ds.powers:
        if p.status == "withdrawn":
            continue
        if not p.receiving_office:
            yield Hit(
                p.at.child("receiving_office"),
                f"赋权事项「{p.name or p.id}」没有写承接机构（receiving_office），乡镇无法确定由哪个机构行使，"
                "请写明承接机构的角色，或收回该事项",
                item=p.id,
            )
        else:
            by_role.setdefault(p.receiving_office, []).append(p)
    if "structures" in ds.unreadable:
        return
    known = ds.role_ids()  # an unknown role is known-refs' finding, not one per township
    for t in ds.townships:
        for role, powers in by_role.items():
            if role not in known:
                continue
            offices = [o for o in t.offices if o.role == role]
            if not offices:
                yield Hit(
                    t.at.child("offices"),
                    f"「{t.name}」没有「{ds.index.role(role, t.structure)}」，{len(powers)}项赋权事项（如「{powers[0].name or powers[0].id}」）"
                    "在该镇无人承接，请设置该机构或调整这些事项的承接机构",
                    item=f"{t.id}/{role}",
                    key=True,
                    related=(powers[0].at.child("receiving_office"),),
                )
                continue
            for o in offices:
                certified = o.staffing.enforcement_certified if o.staffing else None
                if certified:
                    continue
                yield Hit(
                    o.at.child("staffing", "enforcement_certified"),
                    f"「{t.name}」的「{o.name or o.id}」承接了{len(powers)}项赋权事项，但没有持行政执法证的人员"
                    "（staffing.enforcement_certified 未填写或为 0），这些权力无法行使，请配备取得执法资格的人员或收回相应事项",
                    item=f"{t.id}/{o.id}",
                    related=tuple(At(doc, ()) for doc in {id(p.at.doc): p.at.doc for p in powers}.values()),
                )
