"""职责无承担机构：乡镇职责清单中的职责没有写由哪个机构承担

发现什么：乡镇职责清单（duties.yaml）中的一项职责没有写承担机构（`office`）。

为什么重要：乡镇职责清单要“明确职责、落实到机构”：每一项职责都要由一个内设机构或事业站所具体承担，
机构职能配置表、机构的“主要职责”和考核都以此为据。只写职责、不写机构，这项职责在乡镇内部就没有人认领，
办事的群众和对接的部门也不知道该找哪个机构。

怎样修改：在 `office` 写上承担这项职责的机构角色标识（见 structures.yaml 中的 `roles[].id`），
例如 `economic-office`。几个机构都有份的，写牵头的那一个，其余在职责内容中写明。

Fails:
    # duties.yaml
    areas:
      - {id: economy, name: 经济发展}
      - {id: enforcement, name: 综合执法}
    duties:
      - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
      - {id: economy-02, area: economy, name: 负责统计调查和经济运行监测分析。}
      - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
Passes:
    # duties.yaml
    areas:
      - {id: economy, name: 经济发展}
      - {id: enforcement, name: 综合执法}
    duties:
      - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
      - {id: economy-02, area: economy, name: 负责统计调查和经济运行监测分析。, office: economic-office}
      - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit

CODE = "QD205"
ID = "duty-without-office"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}

_SHOWN = 30  # characters of a duty's text quoted in the message


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    for d in dataset.duties:
        if d.office.strip():
            continue
        text = d.name.strip() or d.id
        shown = text if len(text) <= _SHOWN else text[:_SHOWN] + "…"
        yield Hit(
            d.at.child("office"),
            f"乡镇职责「{shown}」没有写承担机构（office）；请写上承担它的机构角色标识",
            item=d.id,
        )
