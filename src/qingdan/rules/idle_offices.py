"""空转机构：一个机构在所有清单中都没有承担任何事项。

发现什么：乡镇的某个内设机构或事业站所，它的角色（role）不是任何属地管理事项或“一件事”的
乡镇承担机构（township_office），不是任何乡镇职责或权责清单事项的承担机构（office），
也不是任何正在行使的赋权事项的承接机构（receiving_office）；它的标识也不是本乡镇履行职责事项清单中
任何事项的承担机构（office）。数据集中没有任何一种清单时不检查。

为什么重要：清单要把每一项职责落到具体机构，机构也要有清单上的职责可履行。一个机构在清单里
什么也不承担，要么是清单漏写了它承担的事项，要么是机构设置与实际职能脱节，
是“精简机构、整合职能”时应当先看的对象。

怎样修改：把它实际承担的事项的承担机构改为它的角色（或在履行职责事项清单中写明它的标识）；
确实没有职责的，考虑与职能相近的机构合并。

Fails:
    # duties.yaml
    areas:
      - {id: economy, name: 经济发展}
    duties:
      - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
Passes:
    # duties.yaml
    areas:
      - {id: economy, name: 经济发展}
      - {id: enforcement, name: 综合执法}
    duties:
      - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
      - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit

CODE = "QD304"
ID = "idle-offices"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}

_LISTS = ("matters", "duties", "powers", "power-list", "cases", "duty-list")


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ds = dataset
    if ds.unreadable & set(_LISTS):
        return  # a list could not be read: what it assigns is unknown
    if not (ds.matters or ds.duties or ds.powers or ds.power_list or ds.cases or ds.duty_lists):
        return  # no lists at all: nothing to hold the offices against
    roles = {
        *(m.township_office for m in ds.matters),
        *(c.township_office for c in ds.cases),
        *(d.office for d in ds.duties),
        *(p.office for p in ds.power_list),
        *(p.receiving_office for p in ds.powers if p.status != "withdrawn"),
    } - {""}
    units: dict[str, set[str]] = {}
    for dl in ds.duty_lists:
        units.setdefault(dl.township, set()).update(i.office for i in dl.items)
    for t in ds.townships:
        own = units.get(t.id, set()) - {""}
        for o in t.offices:
            if o.id and o.role not in roles and o.id not in own:
                yield Hit(
                    o.at.child("id"),
                    f"「{t.name}」的「{o.name or o.id}」在各清单中没有承担任何事项，"
                    "请把它实际承担的事项的承担机构指向它，或考虑与职能相近的机构合并",
                    item=f"{t.id}/{o.id}",
                )
