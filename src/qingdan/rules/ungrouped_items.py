"""未分组的事项：属地管理事项没有领域、乡镇职责没有方面、履行职责事项没有类别

发现什么：属地管理事项没有领域、乡镇职责没有方面、履行职责事项没有类别，或者领域、方面、类别的名称
是「未分领域」「未分方面」「未分类」。具体是：

- 属地管理事项的文件没有写 `domain`（文件里的事项都不属于任何领域）；
- 乡镇职责没有写 `area`；
- 履行职责事项清单（基本、配合、收回）中的事项没有写 `category`；
- 名称是「未分领域」「未分方面」「未分类」的：早先的 `qingdan import` 在原表没有分组行时这样写，
  它们不是分组，按没有写对待。

每个文件（履行职责事项清单每张表）报一次，说明有几项，举出前几项的名称。

为什么重要：发布的清单按领域、方面、类别分组，每组前有一行“一、党的建设（12项）”这样的分组行。没有分组的
事项 `qingdan render` 列在表格开头、任何分组行之前，不会印出“未分类”之类的分组；但读者按分组查找时
找不到它们。原表本来就不分组（不少配合、收回清单就是这样）时，可以不改，把这条规则关掉
（`settings.rules: {QD208: off}`）。

怎样修改：按印发的清单给事项写上分组：属地管理事项放进所属领域的文件（文件开头写 `domain: {id, name}`），
乡镇职责写 `area`，履行职责事项写 `category`（如 党的建设、经济发展）。

Fails:
    # duties.yaml
    areas:
      - {id: economy, name: 经济发展}
      - {id: enforcement, name: 综合执法}
    duties:
      - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
      - {id: enforcement-01, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
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
from qingdan.labels import DUTY_LISTS
from qingdan.model import At, DataSet, grouped
from qingdan.rules._base import Hit

CODE = "QD208"
ID = "ungrouped-items"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}

_NAMED = 3  # item names quoted in a finding


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    domains, areas = dataset.index.domains, dataset.index.areas
    by_file: dict[str, list] = {}
    for m in dataset.matters:
        if not grouped(domains.get(m.domain, "")):
            by_file.setdefault(m.at.doc.file, []).append(m)
    for matters in by_file.values():
        at = matters[0].at
        top = _raw_domain(at)
        where = f"领域「{top}」不是一个领域" if top else "文件没有写领域（domain）"
        yield Hit(
            At(at.doc, ("domain",) if top else ()),
            f"{where}，文件中的 {len(matters)} 项事项{_names(matters)}不属于任何领域：发布时列在表格开头、"
            "不在领域分组之下；在文件开头写 domain（id、name），或把事项移到所属领域的文件",
            key=bool(top),
        )
    # an area id that names no area is QD102's
    loose = [d for d in dataset.duties if not d.area or (d.area in areas and not grouped(areas[d.area]))]
    if loose:
        yield Hit(
            loose[0].at.child("area") if loose[0].area else loose[0].at,
            f"{len(loose)} 项乡镇职责不属于任何方面{_names(loose)}：发布时列在表格开头、不在方面分组之下；"
            "给每项写上所属方面（area）",
            item=loose[0].id,
        )
    for dl in dataset.duty_lists:
        for kind, label in DUTY_LISTS.items():
            items = [i for i in dl.of(kind) if not grouped(i.category)]
            if items:
                first = items[0]
                yield Hit(
                    first.at.child("category") if first.category else first.at,
                    f"{dataset.index.township_name(dl.township)}的{label}清单有 {len(items)} 项不属于任何类别"
                    f"{_names(items)}：发布时列在这张表的开头、不在类别分组之下；给每项写上类别（category），如 党的建设",
                    item=f"{dl.township}/{kind}",
                )


def _raw_domain(at: At) -> str:
    """The domain name a matters file writes, "" when it writes none."""
    data = at.doc.data if isinstance(at.doc.data, dict) else {}
    domain = data.get("domain")
    name = domain.get("name") if isinstance(domain, dict) else None
    return name.strip() if isinstance(name, str) else ""


def _names(items: list) -> str:
    shown = "、".join(f"「{i.name or i.id}」" for i in items[:_NAMED])
    return f"（{shown}{' 等' if len(items) > _NAMED else ''}）"
