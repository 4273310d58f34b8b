"""The Chinese words the diff's messages share: field names, quoted values, and what changed in a list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qingdan.changes import Change
from qingdan.diff.match import line_delta
from qingdan.labels import DUTY_LISTS

FIELD_LABELS = {
    "name": "名称",
    "note": "备注",
    "extra": "其他列",
    "type": "权力类型",
    "code": "编码",
    "source": "原实施部门",
    "mode": "赋权方式",
    "receiving_office": "承接机构",
    "basis": "依据",
    "since": "赋权时间",
    "withdrawn": "收回信息",
    "sub_items": "子项",
    "responsibilities": "责任事项",
    "accountability": "追责情形",
    "office": "承办机构",
    "category": "类别",
    "department": "对应上级部门",
    "department_duty": "上级部门职责",
    "township_duty": "镇街配合职责",
    "receiving_department": "承接部门",
    "working_method": "工作方式",
    "kind": "类型",
    "scale": "规模",
    "population": "户籍人口",
    "area_km2": "面积（平方公里）",
    "short_name": "简称",
    "aliases": "别称",
    "contact": "联系人",
    "lead": "牵头部门",
    "partners": "协同单位",
    "township_office": "乡镇承办机构",
    "matters": "涉及事项",
    "steps": "办理环节",
    "management": "管理方式",
}
STAFFING = {
    "administrative.approved": "行政编制核定",
    "administrative.actual": "行政编制实有",
    "institutional.approved": "事业编制核定",
    "institutional.actual": "事业编制实有",
    "middle_posts": "中层职数",
    "enforcement_certified": "持执法证人数",
}


def say(value: Any) -> str:
    """A value as words: "无" for nothing, a list joined with 、."""
    if value is None or value == "" or value == []:
        return "无"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def quote(text: Any) -> str:
    """A value in 「」."""
    return f"「{say(text)}」"


def field_label(c: Change) -> str:
    """The Chinese name of the changed field (its first part), else the field as written."""
    return FIELD_LABELS.get(c.field.split(".")[0], c.field)


def renamed(c: Change) -> str:
    """「old」更名为「new」, or, where only the id changed, what it changed from and to."""
    if c.old_title:
        return f"{quote(c.old_title)}更名为{quote(c.title)}"
    return f"{quote(c.title)}{new_id(c)}"


def renamed_bare(c: Change) -> str:
    """As `renamed`, for names that read without 「」 (departments, offices)."""
    return f"{c.old_title}更名为{c.title}" if c.old_title else f"{c.title}{new_id(c)}"


def new_id(c: Change) -> str:
    """的标识由「old」改为「new」."""
    return f"的标识由「{c.old_key}」改为「{c.key}」"


def delta_words(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    """How a list of duties changed: 新增 n 条、删去 n 条、修改 n 条, or 调整顺序."""
    added, dropped, reworded = line_delta(old, new)
    parts = [f"{w} {n} 条" for w, n in (("新增", added), ("删去", dropped), ("修改", reworded)) if n]
    return "、".join(parts) or "调整顺序"


def set_delta(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    """What joined and left a set of names: 增加…，去掉…; "" when only the order changed."""
    old, new = old or [], new or []
    added = [x for x in new if x not in old]
    dropped = [x for x in old if x not in new]
    parts = [f"增加{say(added)}"] if added else []
    parts += [f"去掉{say(dropped)}"] if dropped else []
    return "，".join(parts)


def list_counts(counts: Any) -> str:
    """The size of each of the three lists of a 履行职责事项清单."""
    counts = counts if isinstance(counts, dict) else {}
    return "，".join(f"{name} {counts.get(name, 0)} 项" for name in DUTY_LISTS.values())
