"""What every format of `qingdan stats` shares: the notes under the tables and the words around the counts.

The record itself is `qingdan.stats.Stats`, computed by the core; the formats only lay it out.
"""

from __future__ import annotations

from qingdan.stats import NATIONAL_AVERAGE, NATIONAL_TOTAL

KINDS = ("basic", "supporting", "reclaimed", "total")  # the duty-list counts, in column order
STAFFING_NOTE = "计入乡镇机构和属地管理、双重管理站所；派驻站所的编制由主管部门管理，不计入（与 QD501 相同）。"
LIMIT_NOTE = "计入限额：乡镇机构中除站所以外的机构（与 QD303 相同）；站所包括派驻、属地管理和双重管理站所。"
DUTY_LIST_NOTE = "占平均：本乡镇事项数 ÷ 全国乡镇平均数；没有清单的乡镇为“—”。"
VACANCY_NOTE = f"空编率 =（核定 − 实有）÷ 核定。{STAFFING_NOTE}"
NATIONAL = (
    f"全国乡镇平均：基本 {NATIONAL_AVERAGE['basic']}、配合 {NATIONAL_AVERAGE['supporting']}、"
    f"收回 {NATIONAL_AVERAGE['reclaimed']}，共 {NATIONAL_TOTAL}"
)


def unmatched(township: str) -> str:
    """The line for a township whose duty list has no office table to count against."""
    return f"乡镇「{township}」有履行职责事项清单，但没有机构职能配置表，未计入上表。"
