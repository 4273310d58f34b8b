"""无主事项：没有写主体责任，或者写的主体责任部门不存在

发现什么：属地管理事项没有写主体责任（`lead`），或者 `lead` 写的既不是部门名录（departments.yaml）中的
部门标识，也不是表示乡镇（街道）的 `township`。

为什么重要：主体责任和配合责任清单的第一要义是“谁主责”。没有主体责任部门的事项就是“无主事项”：出了问题
部门说属地管理、乡镇说没有权限，最后又落回乡镇兜底，正与“清单之外的事情，部门条线负责，乡镇不再承担；
清单之内的事项，部门条线牵头，乡镇当好配角”相悖。部门标识写错（或部门在机构改革中撤并、改了标识）时，
清单看上去有人负责，实际上指向一个不存在的部门，同样无主。

怎样修改：在 `lead` 写上承担主体责任的部门标识（见 departments.yaml），由乡镇（街道）承担主体责任的写
`township`；标识写错的改正过来（提示中给出最接近的写法）；部门撤并的改为承接其职责的新部门。

自动修复：`lead` 写的是部门的全称、简称或别名（或「乡镇（街道）」），而这个名称只属于一个部门时，
`qingdan validate --fix` 把它改为该部门的标识（或 `township`）。一个名称属于几个部门时不改动，提示中列出这几个部门。

Fails:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管}
      - {id: pesticide-safety, name: 农药经营使用监管, lead: agricultrue}
Passes:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}
      - {id: pesticide-safety, name: 农药经营使用监管, lead: agriculture}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit, fix, raw
from qingdan.rules._infer import department_hint, listed, party_refs

CODE = "QD201"
ID = "unowned-matters"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
FIXABLE = True


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    known = None if "departments" in dataset.unreadable else party_refs(dataset)
    parties = None if known is None else sorted(known)
    for m in dataset.matters:
        if not any(lead.strip() for lead in m.leads):
            offered = [p for p in dict.fromkeys(m.supporting) if known is None or p in known]
            if offered and known is not None:
                choose = f"可从配合单位中选定：{listed(offered, dataset.index.party)}；"
            else:  # what the source wrote in the columns import kept (主体责任「部门」): nothing there names one
                said = [f"「{k}」一栏写的是「{v}」" for k, v in m.extra.items() if isinstance(v, str) and len(v) <= 20]
                choose = f"原表{'，'.join(said[:2])}，没有指明是哪个部门；" if said else ""
            yield Hit(
                m.at,
                f"事项「{m.name or m.id}」没有写主体责任（lead），成了无主事项；{choose}"
                "请写上承担主体责任的部门标识，由乡镇（街道）主责的写 township",
                item=m.id,
            )
            continue
        if parties is None:  # departments.yaml could not be read: don't guess
            continue
        written = raw(m.at)["lead"]
        places = enumerate(written) if isinstance(written, list) else ((None, written),)
        for i, lead in places:
            if not isinstance(lead, str) or not lead.strip() or lead in known:
                continue
            at = m.at.child("lead") if i is None else m.at.child("lead", i)
            meant = known.meant(lead)
            if len(meant) == 1:
                yield Hit(
                    at,
                    f"事项「{m.name or m.id}」的主体责任部门写的是名称「{lead}」，要写它的标识「{meant[0]}」；"
                    "可用 qingdan validate --fix 改正",
                    item=m.id,
                    fix=fix(at, lead, meant[0], known.name(meant[0])),
                )
                continue
            if meant:
                hint = f"；这是几个部门共用的名称：{listed(meant, known.name)}，请改为其中一个的标识"
            else:
                close = difflib.get_close_matches(lead, parties, n=1)
                hint = f"，是不是「{close[0]}」？" if close else f"；{department_hint(known, lead, m.extra)}"
            yield Hit(
                at, f"事项「{m.name or m.id}」的主体责任部门「{lead}」不在部门名录中，成了无主事项{hint}", item=m.id
            )
