"""The published words for the model's codes: written once, read by diff, render, stats, import and init.

Every mapping goes from the code a YAML file holds (an English identifier, see the schemas)
to the Chinese word a published document, report or diff prints for it. A code a mapping does
not know is printed as written (`label(mapping, code)`), so a bad value shows rather than vanishes.
Dates, which YAML holds as 2026-01-01, are published as 2026年1月1日 (`chinese_date`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

TOWNSHIP_NAME = "乡镇（街道）"  # the party `township` in lead / supporting / actor

# township.kind and township.scale
TOWNSHIP_KINDS = {"town": "镇", "township": "乡", "subdistrict": "街道"}
SCALES = {"large": "较大规模", "medium": "中等规模", "small": "较小规模"}

# office.kind, and the word for a stationed unit where offices and units are listed together
OFFICE_KINDS = {"party-government": "党政机构", "public-institution": "事业机构"}
STATIONED = "派驻站所"
UNIT_KINDS = {**OFFICE_KINDS, "stationed": STATIONED}
# stationed_units[].management
MANAGEMENT = {"stationed": "派驻", "local": "属地管理", "dual": "双重管理"}

# powers[].type (行政权力类别), powers[].mode (how a power reaches the township), powers[].status
POWER_TYPES = {
    "license": "行政许可",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "levy": "行政征收",
    "payment": "行政给付",
    "inspection": "行政检查",
    "confirmation": "行政确认",
    "reward": "行政奖励",
    "ruling": "行政裁决",
    "other": "其他行政权力",
}
POWER_MODES = {"authorized": "依法授权", "entrusted": "依法委托", "delegated": "下放"}
POWER_STATUS = {"active": "有效", "withdrawn": "已收回"}

# the three lists of a 履行职责事项清单 (duty-list kinds), in their published order
DUTY_LISTS = {"basic": "基本履职事项", "supporting": "配合履职事项", "reclaimed": "上级部门收回事项"}

# which way a change moves work between townships and departments (diff's `Change.direction`)
DIRECTIONS = {"relieved": "乡镇减负", "reclaimed": "部门接回", "burdened": "乡镇加责"}

# the fields of the lists' items, as the diff's messages and the 新旧对照表 name them (`field_name`)
FIELDS = {
    "name": "名称",
    "note": "备注",
    "extra": "其他列",
    "type": "权力类型",
    "code": "编码",
    "source": "原实施部门",
    "mode": "赋权方式",
    "receiving_office": "承接机构",
    "basis": "依据",
    "since": "赋权日期",
    "status": "状态",
    "withdrawn": "收回",
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
    "list": "所在清单",
    "kind": "类型",
    "scale": "规模",
    "population": "户籍人口",
    "area_km2": "面积（平方公里）",
    "structure": "机构设置模式",
    "offices": "机构",
    "functions": "主要职责",
    "counterparts": "对口部门",
    "staffing": "编制",
    "management": "管理方式",
    "oversees": "分管领导",
    "assists": "协助分管领导",
    "post": "职务",
    "short_name": "简称",
    "aliases": "别称",
    "contact": "联系人",
    "limit": "机构限额",
    "roles": "机构",
    "domain": "领域",
    "lead": "牵头部门",
    "supporting": "配合单位",
    "department_duties": "部门职责",
    "township_duties": "乡镇（街道）职责",
    "township_office": "乡镇承办机构",
    "admission": "职责准入",
    "area": "方面",
    "partners": "协同单位",
    "matters": "涉及事项",
    "steps": "办理环节",
}
# where a list names a field otherwise (keyed by the diff's list names); a power's withdrawal is its date,
# document and reason, which the diff carries beside its status
LIST_FIELDS = {
    "matters": {"lead": "主体责任部门", "contact": "联系人及电话"},
    "duties": {"office": "承担机构"},
    "powers": {"date": "收回日期", "document": "收回文件", "reason": "收回理由"},
    "duty-list": {"office": "承担机构"},
    "townships": {"department": "主管部门"},
}
# a unit's staffing, field by field
STAFFING = {
    "administrative.approved": "行政编制核定",
    "administrative.actual": "行政编制实有",
    "institutional.approved": "事业编制核定",
    "institutional.actual": "事业编制实有",
    "middle_posts": "中层职数",
    "enforcement_certified": "持执法证人数",
}


def label(mapping: Mapping[str, str], code: str) -> str:
    """The published word for a code, or the code itself where the mapping has none."""
    return mapping.get(code, code)


def field_name(field: str, list_: str = "") -> str:
    """The Chinese name of a field of an item of `list_` (a staffing field too), else the field as written."""
    return LIST_FIELDS.get(list_, {}).get(field) or FIELDS.get(field) or STAFFING.get(field, field)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def chinese_date(value: str) -> str:
    """A date as published: 2026-01-01 -> 2026年1月1日; anything that is not a date, as it is."""
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else value
