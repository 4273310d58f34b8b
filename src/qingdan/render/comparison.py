"""The 新旧对照表: a reform diff as the table published with revisions — 原条款 beside 修改后条款.

Built from the diff's changes as a Document of the render model, so the same Word (GB/T
9704) and HTML writers and templates lay it out. Where both sides hold several lines,
lines only in the old text are marked 【删】 and lines only in the new text 【增】;
unchanged lines stand as they are. A whole item added or removed stands unmarked
opposite （无）.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qingdan.changes import Change
from qingdan.diff import FIELD_LABELS, KINDS
from qingdan.model import DataSet
from qingdan.render.documents import Cell, Column, Document, Group, Part, Table

LISTS = {
    "matters": "属地管理事项主体责任和配合责任清单",
    "duties": "乡镇职责清单",
    "powers": "赋权事项目录",
    "power-list": "权责清单",
    "duty-list": "履行职责事项清单",
    "townships": "乡镇机构设置",
    "structures": "机构设置模式",
    "departments": "部门名录",
    "cases": "“一件事”",
}
# names of fields the diff carries whole (an item added or removed) that FIELD_LABELS leaves out
_LABELS = {
    **{
        "domain": "领域",
        "supporting": "配合单位",
        "department_duties": "部门职责",
        "township_duties": "乡镇（街道）职责",
        "admission": "职责准入",
        "area": "方面",
        "office": "承担机构",
        "category": "类别",
        "department": "对应上级部门",
        "department_duty": "上级部门职责",
        "township_duty": "镇街配合职责",
        "receiving_department": "承接部门",
        "receiving_office": "承接机构",
        "functions": "主要职责",
        "counterparts": "对口部门",
        "staffing": "编制",
        "status": "状态",
        "mode": "赋权方式",
        "since": "赋权日期",
        "withdrawn": "收回",
        "role": "机构角色",
        "leader": "分管领导",
    },
    **FIELD_LABELS,
}
COLUMNS = (
    Column("序号", 3),
    Column("事项", 9),
    Column("原条款", 24),
    Column("修改后条款", 24),
    Column("修改说明", 14),
)


def comparison(old: DataSet, new: DataSet, changes: list[Change]) -> Document:
    """The 新旧对照表 of two editions: a table per list, grouped as the changes are (domain, township …)."""
    tables = []
    for name, title in LISTS.items():
        own = [c for c in changes if c.list == name]
        if not own:
            continue
        groups: dict[str, list[tuple[Cell, ...]]] = {}
        ids: dict[str, list[str]] = {}
        for n, c in enumerate(own, start=1):
            before, after = _marked(c.old, c.new)
            label = KINDS[c.kind].label if c.kind in KINDS else c.kind
            row = ((str(n),), (c.title or c.key,), before, after, (f"{label}：{c.message}",))
            groups.setdefault(c.group, []).append(row)
            ids.setdefault(c.group, []).append(c.key)
        table_groups = tuple(Group(g, tuple(rows), tuple(ids[g])) for g, rows in groups.items())
        tables.append(Table(f"{title}（{len(own)}处）", COLUMNS, table_groups))
    e_old, e_new = old.edition, new.edition
    place = (e_new.jurisdiction if e_new else "") or (e_old.jurisdiction if e_old else "")
    versions = f"（{e_old.version if e_old else '?'}年版 → {e_new.version if e_new else '?'}年版）"
    title = f"{place}乡镇（街道）责任清单新旧对照表{versions}"
    return Document(
        "comparison",
        "comparison",
        title,
        place,
        e_new.authority if e_new else "",
        e_new.document_number if e_new else "",
        e_new.effective_date if e_new else "",
        e_new.version if e_new else "",
        (Part(title, tuple(tables)),),
    )


def _lines(value: Any) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, Mapping):
        return [
            f"{_LABELS.get(k, k)}：{'；'.join(map(str, v)) if isinstance(v, list | tuple) else v}"
            for k, v in value.items()
            if v not in (None, "", [], ())
        ]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def _marked(old: Any, new: Any) -> tuple[Cell, Cell]:
    """Old and new text as cells; lines on one side only are marked 【删】 or 【增】."""
    before, after = _lines(old), _lines(new)
    if not before or not after or (len(before) <= 1 and len(after) <= 1):  # a whole item added or removed
        return tuple(before) or ("（无）",), tuple(after) or ("（无）",)
    kept = set(before) & set(after)
    return (
        tuple(line if line in kept else f"【删】{line}" for line in before) or ("（无）",),
        tuple(line if line in kept else f"【增】{line}" for line in after) or ("（无）",),
    )
