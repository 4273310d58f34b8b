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
from qingdan.model import DataSet, DutyListItem, Matter, Publication, Staffing, Township, grouped

Cell = tuple[str, ...]  # lines; numbered duties are one line each


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: int  # relative width
    numbered: bool = False  # several lines are numbered 1. 2. 3.
    optional: bool = False  # left out of the table when no row fills it (编码, 子项, 依据 …)


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
    # the 公文 parts that are not list data (版头, 主送, 落款, 附注, 版记); None for a document printed without them
    publication: Publication | None = None
    # "" for a document fit to publish, else the mark every page or sheet carries: 草稿, 征求意见稿 …
    draft: str = ""


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    title: str
    build: Callable[[DataSet, str | None], Iterator[Document]]


def _text(*values: str) -> Cell:
    return tuple(v for v in values if v)


SEQ = "序号"
_NO: Cell = ()  # the 序号 of a row before _table counts it


def _table(
    title: str, columns: tuple[Column, ...], groups: list[Group] | tuple[Group, ...], grouped_by: str = ""
) -> Table:
    """A table as it is published: 序号 counted on from group to group, the column its group rows already
    name (`grouped_by`) left out, and an optional column no row fills left out."""
    rows = [row for g in groups for row in g.rows]
    keep = [
        i
        for i, c in enumerate(columns)
        if c.title != grouped_by and not (c.optional and rows and not any(row[i] for row in rows))
    ]
    counted = columns[0].title == SEQ
    n = 0

    def shown(row: tuple[Cell, ...]) -> tuple[Cell, ...]:
        nonlocal n
        n += 1
        cells = ((str(n),), *row[1:]) if counted else row
        return tuple(cells[i] for i in keep)

    laid = tuple(Group(g.title, tuple(shown(r) for r in g.rows), g.ids, g.records) for g in groups)
    return Table(title, tuple(columns[i] for i in keep), laid)


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
        e.publication if e else None,
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
        Column("依据", 24 if quotes else 16, optional=True),
        Column("联系人及电话", 9, optional=True),
    )
    by_domain: dict[str, list[Matter]] = {}
    for m in dataset.matters:
        by_domain.setdefault(m.domain, []).append(m)
    domains = dataset.index.domains
    sections = [("", [m for m in dataset.matters if not grouped(domains.get(m.domain, ""))])]
    sections += [(d.name, by_domain.get(d.id, [])) for d in dataset.domains if grouped(d.name)]
    groups = []
    for domain, matters in sections:
        rows, shown = [], []
        for m in matters:
            shown.append(m)
            contact = _text(m.contact.name, m.contact.phone) if m.contact else ()
            lead = "、".join(name(p) for p in m.leads)
            supporting = "、".join(name(p) for p in m.supporting)
            rows.append(
                (
                    _NO,
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
    table = _table("", columns, groups)
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
    groups = []
    for area, duties in sections:
        rows, shown = [], []
        for d in duties:
            shown.append(d)
            row = (_NO, (d.name,), _text(role(d.office)))
            rows.append((*row, _basis(d)) if cites else row)
        if rows:
            heading = f"{chinese_number(_titled(groups) + 1)}、{area}（{len(rows)}项）" if area else ""
            groups.append(Group(heading, tuple(rows), tuple(d.id for d in shown), tuple(shown)))
    title = f"{_prefix(dataset)}乡镇职责清单"
    yield _doc(dataset, "duty-list", "duty-list", title, (Part(title, (_table("", columns, groups),)),))


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
            for category, i in ((c, i) for c, its in by_category.items() for i in its):
                if kind == "basic":
                    row = (_NO, (i.name,), _text(dataset.index.unit_name(dl.township, i.office)))
                elif kind == "supporting":
                    row = (
                        _NO,
                        (i.name,),
                        _text("、".join(name(d) for d in i.departments)),
                        _text(i.department_duty),
                        _text(i.township_duty),
                    )
                else:
                    receiving = "、".join(name(d) for d in i.receiving_departments)
                    row = (_NO, (i.name,), _text(receiving), _text(i.working_method))
                groups.setdefault(category, []).append((row, i))
            tables.append(_table(f"{label}（{len(items)}项）", columns, [_group(c, r) for c, r in groups.items()]))
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
                    _NO,
                    (township_name(t),),
                    name_with_others(i, i.departments, d.id),
                    _text(i.department_duty),
                    _text(i.township_duty),
                )
                for t, i in supporting
            )
            columns = (
                Column("序号", 3),
                Column("镇街", 6),
                Column("事项名称", 12),
                Column("本部门职责", 18),
                Column("镇街配合职责", 18),
            )
            tables.append(_table(f"镇街配合事项（{len(rows)}项）", columns, (Group("", rows, _item_ids(supporting)),)))
        if reclaimed:
            rows = tuple(
                (
                    _NO,
                    (township_name(t),),
                    name_with_others(i, i.receiving_departments, d.id),
                    _text(i.working_method),
                )
                for t, i in reclaimed
            )
            columns = (Column("序号", 3), Column("镇街", 6), Column("事项名称", 14), Column("工作方式", 24))
            tables.append(_table(f"本部门收回事项（{len(rows)}项）", columns, (Group("", rows, _item_ids(reclaimed)),)))
        title = f"{d.name}履职事项清单（涉及镇街部分）"
        yield _doc(dataset, "department-view", f"department-view-{d.id}", title, (Part(title, tuple(tables)),))


def staffing_lines(s: Staffing | None) -> Cell:
    """编制 as published: 行政 and 事业 posts (核定), 中层职数.

    实有 (the staff a unit has now) and 持执法证 (its certified enforcers) are internal
    (qingdan.disclosure): a published 机构职能配置表 gives the posts a unit is allotted.
    """
    if s is None:
        return ()
    lines = []
    if s.administrative:
        lines.append(f"行政 核定{s.administrative.approved}")
    if s.institutional:
        lines.append(f"事业 核定{s.institutional.approved}")
    if s.middle_posts is not None:
        lines.append(f"中层职数 {s.middle_posts}")
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
                _NO,
                (u.name,),
                u.functions,
                tuple(name(c, short=True) for c in u.counterparts),
                tuple(leaders.get(u.id, ())),
                staffing_lines(u.staffing),
            )
            for u in units
        )

    groups = [Group("党政机构和事业机构", rows(t.offices), tuple(u.id for u in t.offices), t.offices)]
    if t.stationed_units:
        units = t.stationed_units
        groups.append(Group("派驻和属地管理站所", rows(units), tuple(u.id for u in units), units))
    return Part(f"{t.name}机构职能配置表", (_table("", columns, groups),))


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
        Column("依据", 24 if quotes else 16, optional=True),
    )
    active = [p for p in dataset.powers if p.status != "withdrawn"]
    groups: dict[str, list] = {}
    for p in active:
        row = (
            _NO,
            (p.name,),
            (POWER_TYPES.get(p.type, p.type),),
            (name(p.source),),
            (POWER_MODES.get(p.mode, p.mode),),
            _text(role(p.receiving_office)),
            _basis(p),
        )
        groups.setdefault(name(p.source), []).append((row, p))
    # grouped by the department that handed each power down, so its column would only repeat the group row
    by_source = [_group(k, v) for k, v in groups.items()]
    tables = [_table(f"赋权事项（{len(active)}项）", columns, by_source, grouped_by="原实施部门")]
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
                _NO,
                (p.name,),
                (name(p.source),),
                _text(p.withdrawn.date if p.withdrawn else ""),
                _text(p.withdrawn.document if p.withdrawn else "", p.withdrawn.reason if p.withdrawn else ""),
            )
            for p in withdrawn
        )
        tables.append(
            _table(
                f"已收回事项（{len(withdrawn)}项）",
                columns_w,
                (Group("", rows, tuple(p.id for p in withdrawn), tuple(withdrawn)),),
            )
        )
    title = f"{_prefix(dataset)}乡镇（街道）赋权事项目录"
    yield _doc(dataset, "powers", "powers", title, (Part(title, tuple(tables)),))


def power_list(dataset: DataSet, township: str | None) -> Iterator[Document]:
    """权责清单 grouped by 权力类型: 序号, 项目编码, 项目名称, 子项, 实施依据, 责任事项, 追责情形."""
    if not dataset.power_list:
        return
    columns = (
        Column("序号", 3),
        Column("权力类型", 5),
        Column("项目编码", 8, optional=True),
        Column("项目名称", 12),
        Column("子项", 8, numbered=True, optional=True),
        Column("实施依据", 14, optional=True),
        Column("责任事项", 18, numbered=True),
        Column("追责情形", 16, numbered=True),
    )
    groups: dict[str, list] = {}
    for p in dataset.power_list:
        kind = POWER_TYPES.get(p.type, p.type)
        row = (
            _NO,
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
    # grouped by power type, so its column would only repeat the group row
    table = _table("", columns, [_group(k, v) for k, v in groups.items()], grouped_by="权力类型")
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


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A count in Chinese numerals, as headings, 附件 and dates print it: 一, 十二, 二十一, 一百, 一百零一,
    一百一十, 一千零一十, 一万零一十, 十万, 一亿; past 9999 亿 in Arabic digits."""
    if n < 0 or n >= 10**12:
        return str(n)
    if n == 0:
        return _DIGITS[0]
    out, gap = "", False  # gap: a zero section or leading zeros since the last digit written
    for power, unit in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section = n // power % 10**4
        if not section:
            gap = gap or bool(out)
            continue
        if out and (gap or section < 1000):
            out += _DIGITS[0]
        out += _section(section) + unit
        gap = False
    return out[1:] if out.startswith("一十") else out  # 十二, not 一十二; but 一百一十二


def _section(n: int) -> str:
    """1..9999 in Chinese numerals: one 零 for the zeros between digits, none after the last."""
    out, zero = "", False
    for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // power % 10
        if digit:
            out += (_DIGITS[0] if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out


def chinese_digits(text: str) -> str:
    """Each Arabic digit as its Chinese numeral, as a year is written: 2025 -> 二〇二五."""
    return "".join("〇一二三四五六七八九"[int(c)] if c.isascii() and c.isdigit() else c for c in text)


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
