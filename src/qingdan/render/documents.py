"""The published documents as plain tables, built from a data set; every output format renders these.

A Document is a title, the edition's metadata and parts; a part holds tables; a table has
columns and groups of rows (a domain, an area, a category), each cell a tuple of lines.
Nothing here knows about Markdown, HTML, Word or Excel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from qingdan.labels import DUTY_LISTS, POWER_MODES, POWER_TYPES
from qingdan.model import DataSet, DutyListItem, Matter, Staffing, Township, grouped

Cell = tuple[str, ...]  # lines; numbered duties are one line each


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: int  # relative width
    numbered: bool = False  # several lines are numbered 1. 2. 3.


@dataclass(frozen=True, slots=True)
class Group:
    title: str  # "" for a table without groups
    rows: tuple[tuple[Cell, ...], ...]
    ids: tuple[str, ...] = ()  # one per row, same order: the id of the record each row shows
    # one per row: the model record shown (its `at` locates the source data), for a lossless Excel
    records: tuple[Any, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    groups: tuple[Group, ...]

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True, slots=True)
class Part:
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True, slots=True)
class Document:
    kind: str  # the document name, e.g. "responsibility-list"
    stem: str  # file name without extension, e.g. "performance-list-heping"
    title: str
    jurisdiction: str
    authority: str
    document_number: str
    effective_date: str
    version: str
    parts: tuple[Part, ...]
    # "" for a document fit to publish, else the mark every page or sheet carries: 草稿, 征求意见稿 …
    draft: str = ""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    title: str
    build: Callable[[DataSet, str | None], Iterator[Document]]


def _text(*values: str) -> Cell:
    return tuple(v for v in values if v)


def _doc(dataset: DataSet, kind: str, stem: str, title: str, parts: tuple[Part, ...]) -> Document:
    e = dataset.edition
    return Document(
        kind,
        stem,
        title,
        e.jurisdiction if e else "",
        e.authority if e else "",
        e.document_number if e else "",
        e.effective_date if e else "",
        e.version if e else "",
        parts,
    )


def _prefix(dataset: DataSet) -> str:
    return dataset.edition.jurisdiction if dataset.edition else ""


def _basis(m) -> Cell:
    """Every basis entry on a line of its own, all of it: document, 文号, article and excerpt."""
    return tuple(b.text for b in m.basis)


def responsibility_list(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """乡镇（街道）属地管理事项主体责任和配合责任清单, grouped by domain."""
    if not dataset.matters:
        return
    name = dataset.index.party
    # excerpts are printed whole, so a list that quotes them gives the 依据 column room taken from the duties
    quotes = any(b.excerpt for m in dataset.matters for b in m.basis)
    columns = (
        Column("序号", 3),
        Column("事项名称", 8),
        Column("主体责任部门", 8),
        Column("部门职责", 24 if quotes else 28, numbered=True),
        Column("乡镇（街道）职责", 18 if quotes else 22, numbered=True),
        Column("依据", 24 if quotes else 16),
        Column("联系人及电话", 9),
    )
    by_domain: dict[str, list[Matter]] = {}
    for m in dataset.matters:
        by_domain.setdefault(m.domain, []).append(m)
    domains = dataset.index.domains
    sections = [("", [m for m in dataset.matters if not grouped(domains.get(m.domain, ""))])]
    sections += [(d.name, by_domain.get(d.id, [])) for d in dataset.domains if grouped(d.name)]
    groups, n = [], 0
    for domain, matters in sections:
        rows, shown = [], []
        for m in matters:
            n += 1
            shown.append(m)
            contact = _text(m.contact.name, m.contact.phone) if m.contact else ()
            lead = "、".join(name(p) for p in m.leads)
            supporting = "、".join(name(p) for p in m.supporting)
            rows.append(
                (
                    (str(n),),
                    (m.name,),
                    _text(lead, f"配合：{supporting}" if supporting else ""),
                    m.department_duties,
                    m.township_duties,
                    _basis(m),
                    contact,
                )
            )
        if rows:
            heading = f"{chinese_number(_titled(groups) + 1)}、{domain}" if domain else ""
            groups.append(Group(heading, tuple(rows), tuple(m.id for m in shown), tuple(shown)))
    title = f"{_prefix(dataset)}乡镇（街道）属地管理事项主体责任和配合责任清单"
    table = Table("", columns, tuple(groups))
    yield _doc(dataset, "responsibility-list", "responsibility-list", title, (Part(title, (table,)),))


def duty_list(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """乡镇职责清单, grouped by area."""
    if not dataset.duties:
        return
    role = dataset.index.role
    columns = (Column("序号", 3), Column("职责", 40), Column("承担机构", 10))
    # a list that cites its basis prints it; one that cites none keeps the three columns lists publish
    cites = any(d.basis for d in dataset.duties)
    if cites:
        columns = (*columns, Column("依据", 20))
    areas = dataset.index.areas
    by_area: dict[str, list] = {}
    for d in dataset.duties:
        by_area.setdefault(d.area, []).append(d)
    # a duty of an area id that names no area (a QD102 error) is listed too, not dropped
    sections = [("", [d for d in dataset.duties if not grouped(areas.get(d.area, ""))])]
    sections += [(a.name, by_area.get(a.id, [])) for a in dataset.areas if grouped(a.name)]
    groups, n = [], 0
    for area, duties in sections:
        rows, shown = [], []
        for d in duties:
            n += 1
            shown.append(d)
            row = ((str(n),), (d.name,), _text(role(d.office)))
            rows.append((*row, _basis(d)) if cites else row)
        if rows:
            heading = f"{chinese_number(_titled(groups) + 1)}、{area}（{len(rows)}项）" if area else ""
            groups.append(Group(heading, tuple(rows), tuple(d.id for d in shown), tuple(shown)))
    title = f"{_prefix(dataset)}乡镇职责清单"
    yield _doc(dataset, "duty-list", "duty-list", title, (Part(title, (Table("", columns, tuple(groups)),)),))


_LISTS = tuple((kind, f"{name}清单") for kind, name in DUTY_LISTS.items())  # the three tables' titles


def performance_list(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """履行职责事项清单 per township: 基本 / 配合 / 收回."""
    name = dataset.index.party
    for dl in dataset.duty_lists:
        if township and dl.township != township:
            continue
        t = dataset.township(dl.township)
        tname = t.name if t else dl.township
        tables = []
        for kind, label in _LISTS:
            items = dl.of(kind)
            if kind == "basic":
                columns = (Column("序号", 3), Column("事项名称", 30), Column("承担机构", 10))
            elif kind == "supporting":
                columns = (
                    Column("序号", 3),
                    Column("事项名称", 12),
                    Column("对应上级部门", 9),
                    Column("上级部门职责", 18),
                    Column("镇街配合职责", 18),
                )
            else:
                columns = (Column("序号", 3), Column("事项名称", 14), Column("承接部门", 9), Column("工作方式", 20))
            # items of no category come first, above every group row, and 序号 runs down the table as shown
            by_category: dict[str, list[DutyListItem]] = {"": []}
            for i in items:
                by_category.setdefault(i.category if grouped(i.category) else "", []).append(i)
            groups: dict[str, list] = {}
            for n, (category, i) in enumerate(((c, i) for c, its in by_category.items() for i in its), start=1):
                if kind == "basic":
                    row = ((str(n),), (i.name,), _text(dataset.index.unit_name(dl.township, i.office)))
                elif kind == "supporting":
                    row = (
                        (str(n),),
                        (i.name,),
                        _text("、".join(name(d) for d in i.departments)),
                        _text(i.department_duty),
                        _text(i.township_duty),
                    )
                else:
                    receiving = "、".join(name(d) for d in i.receiving_departments)
                    row = ((str(n),), (i.name,), _text(receiving), _text(i.working_method))
                groups.setdefault(category, []).append((row, i))
            tables.append(Table(f"{label}（{len(items)}项）", columns, tuple(_group(c, r) for c, r in groups.items())))
        title = f"{tname}履行职责事项清单"
        yield _doc(dataset, "performance-list", f"performance-list-{dl.township}", title, (Part(title, tuple(tables)),))


def department_view(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """Each department's view of the duty lists: the 配合 and 收回 items that name it, across townships."""
    township_name = dataset.index.township_name
    party = dataset.index.party

    def name_with_others(i: DutyListItem, ids: tuple[str, ...], own: str) -> Cell:
        # an item several departments share shows the others, so no department reads it as its own alone
        others = "、".join(party(x) for x in dict.fromkeys(ids) if x != own)
        return _text(i.name, f"（与{others}共同{'承接' if i.list == 'reclaimed' else '负责'}）" if others else "")

    for d in dataset.departments:
        supporting, reclaimed = [], []
        for dl in dataset.duty_lists:
            if township and dl.township != township:
                continue
            for i in dl.items:
                if i.list == "supporting" and d.id in i.departments:
                    supporting.append((dl.township, i))
                elif i.list == "reclaimed" and d.id in i.receiving_departments:
                    reclaimed.append((dl.township, i))
        if not supporting and not reclaimed:
            continue
        tables = []
        if supporting:
            rows = tuple(
                (
                    (str(n),),
                    (township_name(t),),
                    name_with_others(i, i.departments, d.id),
                    _text(i.department_duty),
                    _text(i.township_duty),
                )
                for n, (t, i) in enumerate(supporting, start=1)
            )
            columns = (
                Column("序号", 3),
                Column("镇街", 6),
                Column("事项名称", 12),
                Column("本部门职责", 18),
                Column("镇街配合职责", 18),
            )
            tables.append(Table(f"镇街配合事项（{len(rows)}项）", columns, (Group("", rows, _item_ids(supporting)),)))
        if reclaimed:
            rows = tuple(
                (
                    (str(n),),
                    (township_name(t),),
                    name_with_others(i, i.receiving_departments, d.id),
                    _text(i.working_method),
                )
                for n, (t, i) in enumerate(reclaimed, start=1)
            )
            columns = (Column("序号", 3), Column("镇街", 6), Column("事项名称", 14), Column("工作方式", 24))
            tables.append(Table(f"本部门收回事项（{len(rows)}项）", columns, (Group("", rows, _item_ids(reclaimed)),)))
        title = f"{d.name}履职事项清单（涉及镇街部分）"
        yield _doc(dataset, "department-view", f"department-view-{d.id}", title, (Part(title, tuple(tables)),))


def staffing_lines(s: Staffing | None, *, certified: bool = False) -> Cell:
    """编制 as published: 行政 and 事业 posts (核定 and 实有), 中层职数, and with `certified` 持执法证."""
    if s is None:
        return ()
    lines = []
    if s.administrative:
        lines.append(f"行政 核定{s.administrative.approved} 实有{s.administrative.actual}")
    if s.institutional:
        lines.append(f"事业 核定{s.institutional.approved} 实有{s.institutional.actual}")
    if s.middle_posts is not None:
        lines.append(f"中层职数 {s.middle_posts}")
    if certified and s.enforcement_certified is not None:
        lines.append(f"持执法证 {s.enforcement_certified}")
    return tuple(lines)


def office_table(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """机构职能配置表 per township: office, 主要职责, 对口部门, 分管领导, 编制."""
    name = dataset.index.party
    for t in dataset.townships:
        if township and t.id != township:
            continue
        yield _doc(dataset, "office-table", f"office-table-{t.id}", f"{t.name}机构职能配置表", (_office_part(t, name),))


def _office_part(t: Township, name: Callable[..., str]) -> Part:
    leaders: dict[str, list[str]] = {}
    for p in t.leaders:
        for unit in p.oversees:
            leaders.setdefault(unit, []).append(f"{p.name}（{p.post}）")
    columns = (
        Column("序号", 3),
        Column("机构", 9),
        Column("主要职责", 30, numbered=True),
        Column("对口部门", 10),
        Column("分管领导", 8),
        Column("编制", 9),
    )

    def rows(units) -> tuple:
        return tuple(
            (
                (str(n),),
                (u.name,),
                u.functions,
                tuple(name(c, short=True) for c in u.counterparts),
                tuple(leaders.get(u.id, ())),
                staffing_lines(u.staffing),
            )
            for n, u in enumerate(units, start=1)
        )

    groups = [Group("党政机构和事业机构", rows(t.offices), tuple(u.id for u in t.offices), t.offices)]
    if t.stationed_units:
        units = t.stationed_units
        groups.append(Group("派驻和属地管理站所", rows(units), tuple(u.id for u in units), units))
    return Part(f"{t.name}机构职能配置表", (Table("", columns, tuple(groups)),))


def powers(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """赋权事项目录, grouped by source department; withdrawn powers listed apart."""
    if not dataset.powers:
        return
    name = dataset.index.party
    role = dataset.index.role
    quotes = any(b.excerpt for p in dataset.powers for b in p.basis)  # whole excerpts need the room
    columns = (
        Column("序号", 3),
        Column("事项名称", 14 if quotes else 22),
        Column("权力类型", 6),
        Column("原实施部门", 9),
        Column("赋权方式", 5),
        Column("承接机构", 8),
        Column("依据", 24 if quotes else 16),
    )
    active = [p for p in dataset.powers if p.status != "withdrawn"]
    groups: dict[str, list] = {}
    for n, p in enumerate(active, start=1):
        row = (
            (str(n),),
            (p.name,),
            (POWER_TYPES.get(p.type, p.type),),
            (name(p.source),),
            (POWER_MODES.get(p.mode, p.mode),),
            _text(role(p.receiving_office)),
            _basis(p),
        )
        groups.setdefault(name(p.source), []).append((row, p))
    tables = [Table(f"赋权事项（{len(active)}项）", columns, tuple(_group(k, v) for k, v in groups.items()))]
    withdrawn = [p for p in dataset.powers if p.status == "withdrawn"]
    if withdrawn:
        columns_w = (
            Column("序号", 3),
            Column("事项名称", 22),
            Column("原实施部门", 9),
            Column("收回日期", 6),
            Column("收回文件及理由", 20),
        )
        rows = tuple(
            (
                (str(n),),
                (p.name,),
                (name(p.source),),
                _text(p.withdrawn.date if p.withdrawn else ""),
                _text(p.withdrawn.document if p.withdrawn else "", p.withdrawn.reason if p.withdrawn else ""),
            )
            for n, p in enumerate(withdrawn, start=1)
        )
        tables.append(
            Table(
                f"已收回事项（{len(withdrawn)}项）",
                columns_w,
                (Group("", rows, tuple(p.id for p in withdrawn), tuple(withdrawn)),),
            )
        )
    title = f"{_prefix(dataset)}乡镇（街道）赋权事项目录"
    yield _doc(dataset, "powers", "powers", title, (Part(title, tuple(tables)),))


def power_list(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """权责清单: 序号, 权力类型, 项目编码, 项目名称, 子项, 实施依据, 责任事项, 追责情形."""
    if not dataset.power_list:
        return
    columns = (
        Column("序号", 3),
        Column("权力类型", 5),
        Column("项目编码", 8),
        Column("项目名称", 12),
        Column("子项", 8, numbered=True),
        Column("实施依据", 14),
        Column("责任事项", 18, numbered=True),
        Column("追责情形", 16, numbered=True),
    )
    groups: dict[str, list] = {}
    for n, p in enumerate(dataset.power_list, start=1):
        kind = POWER_TYPES.get(p.type, p.type)
        row = (
            (str(n),),
            (kind,),
            _text(p.code),
            (p.name,),
            p.sub_items,
            _basis(p),
            p.responsibilities,
            p.accountability,
        )
        groups.setdefault(kind, []).append((row, p))
    title = f"{_prefix(dataset)}乡镇（街道）权责清单"
    table = Table("", columns, tuple(_group(k, v) for k, v in groups.items()))
    yield _doc(dataset, "power-list", "power-list", title, (Part(title, (table,)),))


def _titled(groups: list[Group]) -> int:
    """How many of the groups have a group row: the number of the next heading is one more."""
    return sum(1 for g in groups if g.title)


def _group(title: str, rows: list[tuple[tuple[Cell, ...], Any]]) -> Group:
    """A group from (row, record) pairs."""
    return Group(title, tuple(r for r, _ in rows), tuple(x.id for _, x in rows), tuple(x for _, x in rows))


def _item_ids(items: list[tuple[str, DutyListItem]]) -> tuple[str, ...]:
    # item ids repeat from township to township, so a department's view names both: "heping/dj-001"
    return tuple(f"{t}/{i.id}" for t, i in items)


def chinese_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 21 -> 二十一: the numbers of headings and 附件 (up to 99)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("responsibility-list", "属地管理事项主体责任和配合责任清单（按领域）", responsibility_list),
        Kind("duty-list", "乡镇职责清单（按方面）", duty_list),
        Kind("performance-list", "履行职责事项清单（每个乡镇：基本 / 配合 / 收回）", performance_list),
        Kind("department-view", "部门视角的履行职责事项（每个部门：镇街配合 / 本部门收回）", department_view),
        Kind("office-table", "机构职能配置表（每个乡镇）", office_table),
        Kind("powers", "赋权事项目录", powers),
        Kind("power-list", "权责清单", power_list),
    )
}


def build(dataset: DataSet, kinds: list[str] | None = None, township: str | None = None) -> list[Document]:
    """Build the documents of the data set, in a stable order."""
    return [doc for name, kind in KINDS.items() if not kinds or name in kinds for doc in kind.build(dataset, township)]
