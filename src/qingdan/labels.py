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


def label(mapping: Mapping[str, str], code: str) -> str:
    """The published word for a code, or the code itself where the mapping has none."""
    return mapping.get(code, code)


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def chinese_date(value: str) -> str:
    """A date as published: 2026-01-01 -> 2026年1月1日; anything that is not a date, as it is."""
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else value
