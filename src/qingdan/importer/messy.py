"""Workbooks and CSV files as people make them → an ImportResult: the rows of each sheet become records of one kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import qingdan.importer.cells as cells
import qingdan.importer.parties as parties
from qingdan.departments import DepartmentIndex, is_township, key
from qingdan.errors import QingdanError
from qingdan.findings import Severity
from qingdan.importer.headers import EXTRA, FIELDS, GROUP_FIELD, KINDS, SEQ, Column, Header, find_header, header_at
from qingdan.importer.ids import Ids, pinyin_id
from qingdan.importer.read import Grid, Source
from qingdan.importer.result import ImportResult, Issue
from qingdan.labels import POWER_TYPES as PUBLISHED_TYPES
from qingdan.model import TOWNSHIP, DataSet
from qingdan.project import layout_path

KIND_ALIASES = {"matter": "matters", "duty": "duties", "power": "powers", "duty-lists": "duty-list"}

# common group titles → the ids the sample data uses (the rest get pinyin ids)
DOMAIN_IDS = {
    "自然资源": "natural-resources",
    "自然资源和规划": "natural-resources",
    "自然资源规划": "natural-resources",
    "生态环境": "ecology",
    "生态环保": "ecology",
    "环境保护": "ecology",
    "城乡建设": "urban-rural",
    "住房城乡建设": "urban-rural",
    "住房和城乡建设": "urban-rural",
    "应急安全": "emergency-safety",
    "应急管理": "emergency-safety",
    "安全生产": "emergency-safety",
    "市场监管": "market",
    "市场监督管理": "market",
    "农业农村": "agriculture",
}
AREA_IDS = {
    "基层党建": "party-building",
    "党的建设": "party-building",
    "经济发展": "economy",
    "乡村建设": "rural-construction",
    "公共服务": "public-service",
    "平安建设": "safety",
    "综合执法": "enforcement",
    "审批服务": "approval",
    "综合协调": "coordination",
}
SECTIONS = (("basic", ("基本履职",)), ("supporting", ("配合履职", "配合事项", "配合")), ("reclaimed", ("收回",)))
POWER_TYPES = (
    ("许可", "license"),
    ("处罚", "penalty"),
    ("强制", "coercion"),
    ("征收", "levy"),
    ("征用", "levy"),
    ("给付", "payment"),
    ("检查", "inspection"),
    ("确认", "confirmation"),
    ("奖励", "reward"),
    ("裁决", "ruling"),
    ("其他", "other"),
)
# the published names of each type; any other wording (行政强制措施) is also kept in `extra`
POWER_TYPE_NAMES = PUBLISHED_TYPES
MODES = (("授权", "authorized"), ("委托", "entrusted"), ("下放", "delegated"), ("赋权", "delegated"))

LIST_FIELDS = frozenset({"department_duties", "township_duties", "sub_items", "responsibilities", "accountability"})
PARTY_FIELDS = frozenset({"lead", "supporting"})
DEPARTMENT_FIELDS = frozenset({"department", "receiving_department", "source"})
LIST_DEPARTMENT_FIELDS = frozenset({"department", "receiving_department"})  # one id, or a list of several
OFFICE_FIELDS = frozenset({"township_office", "office", "receiving_office"})
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|wps|附件|附表)\s*\d*$", re.IGNORECASE)


def kind_name(kind: str) -> str:
    """The kind a --kind value means; QingdanError for one that cannot be imported."""
    name = KIND_ALIASES.get(kind, kind)
    if name not in KINDS:
        raise QingdanError(f"不能导入「{kind}」；--kind 可选：{'、'.join(KINDS)}")
    return name


@dataclass(slots=True)
class _Row:
    """One data row on its way to a record."""

    sheet: str
    number: int
    record: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # column title -> the cell as it was
    parties: list[tuple[Column, str]] = field(default_factory=list)  # who-cells, read together at the row's end
    group: str = ""  # from a 领域 / 类别 column


def read(
    source: Source,
    kind: str,
    dataset: DataSet | None = None,
    *,
    sheet: str | None = None,
    township: str | None = None,
    overrides: dict[str, str] | None = None,
    add_departments: bool = False,
) -> ImportResult:
    """Turn every sheet with a recognisable header (or only `sheet`) into records of `kind`.

    With `add_departments`, the departments the cells name that departments.yaml lacks are
    reported as added (the caller writes them from `result.new_departments`).
    """
    kind = kind_name(kind)
    result = ImportResult()
    grids = source.grids
    if sheet is not None:
        grids = [g for g in grids if g.name == sheet]
        if not grids:
            names = "、".join(g.name for g in source.grids)
            raise QingdanError(f"没有名为「{sheet}」的工作表；有：{names}")
    if kind == "duty-list":
        township = _township(township, dataset)
    # an empty department list still counts with --add-departments: every name is then one to add
    has_list = dataset is not None and (bool(dataset.departments) or add_departments)
    departments = DepartmentIndex.from_dataset(dataset) if dataset is not None and has_list else None
    offices = _offices(kind, dataset, township)
    reader = _Reader(kind, result, departments, offices, overrides or {}, adding=add_departments)
    sink = _SINKS[kind](reader, township or "")
    if source.encoding:
        for grid in grids:
            result.add("QD706", f"「{grid.name}」不是 UTF-8 编码，已按 GB18030 读取", grid.name)
    names = {g.name for g in grids}
    result.issues += [i for i in source.issues if sheet is None or i.sheet in names]  # what the reader left out
    for grid in grids:
        reader.read_grid(grid, sink, explicit=sheet is not None)
    sink.finish()
    reader.unknown.finish()
    if not result.items and not any(i.severity == Severity.ERROR for i in result.issues):
        _nothing_read(result, grids, kind, reader.headers)
    return result


_SHOWN_ROWS, _SHOWN_CELLS, _SHOWN_CHARS = 3, 6, 20  # how much of a sheet's first rows QD718 quotes


def _nothing_read(result: ImportResult, grids: list[Grid], kind: str, headers: dict[str, int]) -> None:
    """QD718 for each sheet when nothing at all was imported: what its first rows hold, or where its header was."""
    result.skipped = [name for name in result.skipped if name not in {g.name for g in grids}]
    titles = "、".join(FIELDS[kind]["name"][:3])
    for grid in grids:
        if grid.name in headers:
            result.add(
                "QD718",
                f"表头在第 {headers[grid.name]} 行，下面没有一行事项，什么也没有导入；请确认选对了文件和工作表",
                grid.name,
            )
            continue
        rows = []
        for line in grid.cells:
            texts = [t.strip() for t in line if t.strip()][:_SHOWN_CELLS]
            if texts:
                rows.append("".join(f"「{_excerpt(t)}」" for t in texts))
            if len(rows) == _SHOWN_ROWS:
                break
        seen = f"开头几行是 {'；'.join(rows)}" if rows else "工作表是空的"
        result.add(
            "QD718",
            f"认不出表头，什么也没有导入：{seen}。--kind {kind} 的名称列叫 {titles} 等；"
            "表头叫法特别的，用 --map 列名=字段 指定；清单在别的工作表的，用 --sheet 指定",
            grid.name,
        )


def _excerpt(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    return flat if len(flat) <= _SHOWN_CHARS else flat[:_SHOWN_CHARS] + "…"


def _township(township: str | None, dataset: DataSet | None) -> str:
    if not township:
        raise QingdanError(
            "导入履行职责事项清单（--kind duty-list）要用 --township 指明乡镇标识，例如 --township heping"
        )
    if re.fullmatch(r"[a-z0-9][a-z0-9.-]*", township) and (dataset is None or township not in dataset.index.townships):
        return township  # a township the data set does not have yet: its list may come first
    if dataset is None:
        raise QingdanError(
            f"--township「{township}」不是乡镇标识（小写字母、数字和连字符）；没有找到清单文件夹，无法按名称查找乡镇"
        )
    return dataset.index.township_id(township)


def _offices(kind: str, dataset: DataSet | None, township: str | None) -> dict[str, str]:
    """Office names (and ids) → ids: roles for city-wide lists, the township's own offices for its duty list."""
    if dataset is None:
        return {}
    out: dict[str, str] = {}
    if kind == "duty-list":
        town = dataset.township(township or "")
        units = [*town.offices, *town.stationed_units] if town else []
        for unit in units:
            out.setdefault(key(unit.name), unit.id)
            out.setdefault(key(unit.id), unit.id)
        return out
    for structure in dataset.structures:
        for role in structure.roles:
            out.setdefault(key(role.name), role.id)
            out.setdefault(key(role.id), role.id)
    return out


class _Reader:
    """Walks the rows of each sheet: title rows, header rows, group rows, data rows."""

    def __init__(
        self,
        kind: str,
        result: ImportResult,
        departments: DepartmentIndex | None,
        offices: dict[str, str],
        overrides: dict[str, str],
        *,
        adding: bool = False,
    ) -> None:
        self.kind, self.result, self.departments = kind, result, departments
        self.offices, self.overrides = offices, overrides
        self._reported: set[tuple[str, str]] = set()
        self.unknown = _Unknown(result, departments, adding=adding)
        self.list_kind = parties.COMBINED  # of the sheet being read (matters only)
        self.headers: dict[str, int] = {}  # sheet -> the row of the first header found in it

    def read_grid(self, grid: Grid, sink: _Sink, *, explicit: bool) -> None:
        header = find_header(grid, 1, self.kind, self.overrides)
        if header is None:
            if explicit:
                self.result.add("QD704", "工作表里找不到认得出的表头，没有导入", grid.name)
            else:
                self.result.skipped.append(grid.name)
            return
        if not grid.merges_known:
            self.result.add(
                "QD708",
                f"「{grid.name}」的合并单元格读不到：分组行和跨行的单元格可能要人工核对；另存为 .xlsx 可避免",
                grid.name,
            )
        self.headers.setdefault(grid.name, header.first)
        titles = _title_rows(grid, header.first)
        sink.start_sheet(grid, titles)
        if not self._usable(grid, header):
            return
        self._list_kind(grid, titles)
        row = header.last + 1
        while row <= len(grid.cells):
            texts = {c.index: grid.text(row, c.index) for c in header.columns}
            if not any(t.strip() and grid.own(row, col) for col, t in texts.items()):
                row += 1  # empty, or only the rest of a merged cell from above: not data
                continue
            again = header_at(grid, row, self.kind, self.overrides)
            if again is not None:  # a repeated header (page break), or the next section's own header
                header = again
                if not self._usable(grid, header):
                    return
                row = header.last + 1
                continue
            group = _group_text(grid, header, row, texts)
            if group is not None:
                sink.group(group, grid.name, row)
            else:
                self.result.rows += 1
                data = self._row(grid, header, row, texts)
                if data is not None:
                    sink.add(data, header)
            row += 1

    def _list_kind(self, grid: Grid, titles: list[str]) -> None:
        """What a 属地管理 sheet's heading, title or name says its rows mean (QD712 when it changes the reading)."""
        self.list_kind = parties.COMBINED
        if self.kind != "matters":
            return
        self.list_kind, said = parties.list_kind([getattr(grid, "heading", ""), *titles, grid.name])
        if self.list_kind == parties.SUPPORTING_LIST:
            meaning = "牵头部门写进 lead，乡镇（街道）写进每项的 supporting"
        elif self.list_kind == parties.TOWNSHIP_LIST:
            meaning = "乡镇（街道）写进每项的 lead，表中写的部门写进 supporting"
        else:
            return
        self.result.add("QD712", f"按「{said}」读作{parties.LIST_NAMES[self.list_kind]}：{meaning}", grid.name)

    def _usable(self, grid: Grid, header: Header) -> bool:
        """False (and QD704) when the header has no name column."""
        if header.field("name") is None:
            titles = "、".join(FIELDS[self.kind]["name"][:3])
            self.result.add("QD704", f"表头里没有事项名称列（如 {titles}），这张表没有导入", grid.name, header.first)
            return False
        return True

    def _unmapped(self, grid: Grid, header: Header, col: Column) -> None:
        """One QD701 per unmapped column that holds a value, at its header row."""
        if (grid.name, col.title) in self._reported:
            return
        self._reported.add((grid.name, col.title))
        self.result.add(
            "QD701",
            f"不认识的列「{col.title}」，值放进每项的 extra；若是已有字段，用 --map {col.title}=字段",
            grid.name,
            header.first,
            col.title,
        )

    def _row(self, grid: Grid, header: Header, row: int, texts: dict[int, str]) -> _Row | None:
        data = _Row(grid.name, row)
        for col in header.columns:
            text = texts[col.index]
            if not text.strip() or col.field == SEQ:
                continue
            data.raw[col.title] = text
            if col.field == EXTRA:
                data.extra[col.title] = _extra_text(text)
                self._unmapped(grid, header, col)
            else:
                self._convert(data, col, text)
        name = data.record.get("name")
        if name:
            self._resolve_parties(data)
        else:
            content = "；".join(
                f"{c.title}「{cells.clean(texts[c.index])}」"
                for c in header.columns
                if texts[c.index].strip() and c.field != SEQ
            )
            name_col = header.field("name")
            self.result.add(
                "QD702",
                f"这一行没有{name_col.title if name_col else '事项名称'}，没有导入；这一行的内容：{content}",
                grid.name,
                row,
            )
            return None
        self._finish_contact(data, header)
        return data

    # -- one cell ----------------------------------------------------------------------------

    def _convert(self, data: _Row, col: Column, text: str) -> None:
        f, rec = col.field, data.record
        if f in LIST_FIELDS:
            split = cells.split_list(text)
            rec[f] = [*rec.get(f, []), *split.parts]
            if not split.sure:
                self._uncertain(data, col, "没能按编号拆成多条，按原文保留为一条")
        elif f == "basis":
            split = cells.split_basis(text)
            rec["basis"] = split.entries
            if len(split.unparsed) == len(split.entries) and split.entries:
                self._uncertain(data, col, "没能按《文件名》第几条拆开，未拆开的部分按原文写进 document")
            elif split.unparsed:
                parts = "、".join(f"「{p}」" for p in split.unparsed)
                self.result.add(
                    "QD713",
                    f"依据只拆开了一部分：{parts}看不出是哪个文件，按原文写进 document，其余已拆开",
                    data.sheet,
                    data.number,
                    col.title,
                )
        elif f in PARTY_FIELDS | DEPARTMENT_FIELDS:
            data.parties.append((col, text))
        elif f in OFFICE_FIELDS:
            office = self.offices.get(key(cells.clean(text)))
            if office:
                rec[f] = office
            else:
                data.extra[col.title] = _extra_text(text)
                if self.offices:  # with no data set there is nothing to check against; the CLI says so once
                    self._uncertain(data, col, f"「{cells.clean(text)}」对不上机构设置模式或乡镇的机构，原文放进 extra")
        elif f == "contact":
            contact, more = cells.split_contact(text)
            rec.setdefault("contact", {}).update(contact)
            if more:
                data.extra[col.title] = _extra_text(text)
                self._uncertain(data, col, "有不止一个电话，第一个写进 contact.phone，原文放进 extra")
        elif f.startswith("contact."):
            value = cells.phone(text) if f == "contact.phone" else cells.clean(text)
            rec.setdefault("contact", {})[f.partition(".")[2]] = value
        elif f == "type":
            self._power_type(data, col, text)
        elif f == "mode":
            mode = next((m for word, m in MODES if word in text), None)
            if mode:
                rec["mode"] = mode
            else:
                data.extra[col.title] = _extra_text(text)
                self._uncertain(
                    data, col, f"赋权方式「{cells.clean(text)}」不是依法授权、依法委托或下放，原文放进 extra"
                )
        elif f == "since":
            day = cells.date(text)
            if day:
                rec["since"] = day
            else:
                data.extra[col.title] = _extra_text(text)
                self._uncertain(data, col, f"「{cells.clean(text)}」不是日期，原文放进 extra")
        elif f == GROUP_FIELD.get(self.kind):
            data.group = cells.group_title(text)
        else:
            rec[f] = cells.clean(text)

    def _uncertain(self, data: _Row, col: Column, message: str) -> None:
        self.result.add("QD705", message, data.sheet, data.number, col.title)

    # -- who: lead / supporting, and the department fields -----------------------------------

    def _known(self, name: str) -> bool:
        return self.departments is not None and self.departments.match(name) is not None

    def _classify(self, name: str) -> tuple[str, str]:
        """(kind, id) of one name in a party cell: a department, the township, a role word, another party, unknown."""
        if is_township(name) or (self.departments and self.departments.party(name) == TOWNSHIP):
            return "township", TOWNSHIP
        if parties.is_department_word(name):
            return "word", ""
        if parties.is_mark(name):
            return "mark", ""
        if parties.is_none(name):
            return "none", ""
        if parties.is_other_party(name):
            return "other", ""
        found = self.departments.match(name) if self.departments else None
        if found:
            return "department", found
        return "unknown", self.unknown.stand_in(name)

    def _entries(self, data: _Row) -> list[_Entry]:
        out = []
        for n, (col, text) in enumerate(data.parties):
            default = parties.SUPPORT if col.field == "supporting" else parties.LEAD
            for name, role in parties.split_cell(text, self._known):
                out.append(_Entry(n, col, cells.clean(name), role or default, *self._classify(name)))
        return out

    def _resolve_parties(self, data: _Row) -> None:
        """Fill lead / supporting and the department fields from the row's party cells, read together."""
        if not data.parties:
            return
        entries = self._entries(data)
        kept: set[int] = set()  # cells kept whole in extra
        for e in entries:
            if e.kind == "unknown":
                kept.add(e.cell)
                if self.departments is not None:
                    self.unknown.seen(e.name, e.id, data.sheet, data.number, e.col.title)
            elif e.kind == "other":
                kept.add(e.cell)
                self._unresolved(data, e, f"「{e.name}」不是部门，也不是乡镇（街道）；没有写进{e.col.title}")
            elif e.kind == "mark":
                kept.add(e.cell)  # a tick or 是: this row bears the role, but who is not written; never an id
                self._unresolved(
                    data, e, f"「{e.name}」是勾选的标记，不是部门或乡镇：只说这一行有{e.col.title}，没有说是谁；没有填"
                )
            elif e.kind == "none":
                kept.add(e.cell)  # 无 / 否 / — : nobody named; the cell stays in extra, the field empty
        if self.kind == "matters":
            self._lead_and_supporting(data, entries, kept)
        else:
            self._department_fields(data, entries, kept)
        for n in sorted(kept):
            col, text = data.parties[n]
            data.extra[col.title] = _extra_text(text)
        # extra in the sheet's column order, as the other cells were read
        data.extra = {t: data.extra[t] for t in [*data.raw, *data.extra] if t in data.extra}

    def _pool(self, entry: _Entry, entries: list[_Entry], role: str | None = None) -> list[str]:
        """The departments a role word stands for: those named in the row's other cells (only `role`'s, if given)."""
        others = [x for x in entries if x.cell != entry.cell and x.kind in ("department", "unknown")]
        return list(dict.fromkeys(x.id for x in others if role is None or x.role == role))

    def _unresolved(self, data: _Row, entry: _Entry, why: str) -> None:
        self.result.add("QD710", f"{why}，原文放进 extra", data.sheet, data.number, entry.col.title)

    def _lead_and_supporting(self, data: _Row, entries: list[_Entry], kept: set[int]) -> None:
        """One lead, the rest supporting; role words resolved in the row; the list's kind applied."""
        expanded: dict[int, list[str]] = {}  # entry index -> the parties it stands for
        for i, e in enumerate(entries):
            if e.kind in ("department", "unknown", "township"):
                expanded[i] = [e.id]
            elif e.kind == "word":
                # 部门 as the lead stands for a department another lead column names (主体责任 beside 责任部门)
                pool = self._pool(e, entries, role=parties.LEAD if e.role == parties.LEAD else None)
                expanded[i] = pool
                if not pool:
                    kept.add(e.cell)
                    self._unresolved(data, e, f"「{e.name}」没有指明是哪个部门，这一行的其他列也没有写出部门")
        leads = [(i, p) for i, e in enumerate(entries) if e.role == parties.LEAD for p in expanded.get(i, [])]
        order = list(dict.fromkeys(p for _, p in leads))
        # a lead cell of role words only (主体责任: 镇街 / 部门) says which side bears 主体责任
        side_cells = {
            e.cell
            for e in entries
            if e.role == parties.LEAD
            and all(x.kind in ("township", "word") for x in entries if x.cell == e.cell and x.role == parties.LEAD)
        }
        side = next((i for i, e in enumerate(entries) if e.cell in side_cells and expanded.get(i)), None)
        if self.list_kind == parties.TOWNSHIP_LIST:
            lead: str | None = TOWNSHIP  # the list says so: the departments it names guide and support
            explained = True
        elif side is not None:
            lead, explained = expanded[side][0], entries[side].kind == "township"
        else:
            lead, explained = (order[0] if order else None), False
        demoted = [p for p in order if p != lead]
        if demoted and not explained:
            self._several_leads(data, entries, leads, lead)
        supporting = list(demoted)
        for i, e in enumerate(entries):
            if e.role != parties.SUPPORT:
                continue
            if e.kind == "word" and expanded[i] and not [p for p in expanded[i] if p != lead]:
                kept.add(e.cell)  # 有关部门 beside the lead alone names no one else
                self._unresolved(data, e, f"「{e.name}」没有指明是哪些部门，这一行也没有写出牵头部门以外的部门")
                continue
            supporting += expanded.get(i, [])
        if side is not None and entries[side].kind == "word":
            supporting.append(TOWNSHIP)  # 主体责任: 部门 — the township is the other side
        if self.list_kind == parties.SUPPORTING_LIST and lead != TOWNSHIP:
            supporting.append(TOWNSHIP)
        supporting = [p for p in dict.fromkeys(supporting) if p != lead]
        if lead:
            data.record["lead"] = lead
        if supporting:
            data.record["supporting"] = supporting

    def _several_leads(self, data: _Row, entries: list[_Entry], leads: list[tuple[int, str]], lead: str | None) -> None:
        # each party by the name first written for it (a role word such as 部门 by the name it stands for)
        names = {p: next((e.name for e in entries if e.id == p), p) for _, p in leads}
        written = list(names.values())
        rest = [name for p, name in names.items() if p != lead]
        where = next((e.col.title for e in entries if e.id == lead), entries[leads[0][0]].col.title)
        self.result.add(
            "QD711",
            f"写了 {len(written)} 个牵头单位「{'」「'.join(written)}」，只能有一个：「{names.get(lead or '', '')}」"
            f"写进 lead，「{'」「'.join(rest)}」写进 supporting",
            data.sheet,
            data.number,
            where,
        )

    def _department_fields(self, data: _Row, entries: list[_Entry], kept: set[int]) -> None:
        """对应上级部门 / 承接部门 (one id, or a list when several) and 原实施部门 (one): departments only."""
        by_field: dict[str, list[str]] = {}
        for e in entries:
            ids: list[str] = []
            if e.kind in ("department", "unknown"):
                ids = [e.id]
            elif e.kind == "township":
                kept.add(e.cell)
                self._unresolved(data, e, f"「{e.name}」指乡镇（街道），不是{e.col.title}；没有填")
            elif e.kind == "word":
                ids = self._pool(e, entries)
                if not ids:
                    kept.add(e.cell)
                    self._unresolved(data, e, f"「{e.name}」没有指明是哪个部门，这一行的其他列也没有写出部门")
            by_field.setdefault(e.col.field, []).extend(ids)
        for f, found in by_field.items():
            found = list(dict.fromkeys(found))
            if not found:
                continue
            if f in LIST_DEPARTMENT_FIELDS:
                data.record[f] = found[0] if len(found) == 1 else found
                continue
            data.record[f] = found[0]
            if len(found) > 1:
                col = next(e.col for e in entries if e.col.field == f)
                data.extra[col.title] = _extra_text(data.raw.get(col.title, ""))
                self._uncertain(data, col, f"写了 {len(found)} 个部门，只能填一个：写进第一个，原文放进 extra")

    def _power_type(self, data: _Row, col: Column, text: str) -> None:
        found = power_type(text)
        if found:
            data.record["type"] = found
            name = POWER_TYPE_NAMES[found]
            if cells.clean(text) not in (name, name.removeprefix("行政"), "其他"):
                data.extra[col.title] = _extra_text(text)  # 行政强制措施: more than the type says
            return
        data.record["type"] = "other"
        data.extra[col.title] = _extra_text(text)
        self._uncertain(data, col, f"权力类型「{cells.clean(text)}」不认识，暂写 other，原文放进 extra")

    def _finish_contact(self, data: _Row, header: Header) -> None:
        """A contact needs a valid phone (schema); without one, its cells stay whole in extra."""
        contact = data.record.get("contact")
        if not contact:
            return
        if cells.PHONE_OK.match(contact.get("phone", "")):
            return
        del data.record["contact"]
        cols = [c for c in header.columns if c.field == "contact" or c.field.startswith("contact.")]
        for col in cols:
            if col.title in data.raw:
                data.extra[col.title] = _extra_text(data.raw[col.title])
        why = "没有电话号码" if "phone" not in contact else f"电话「{contact['phone']}」不是号码的写法"
        self.result.add(
            "QD705", f"联系方式{why}，没有写进 contact，原文放进 extra", data.sheet, data.number, cols[0].title
        )


def power_type(text: str) -> str | None:
    """行政许可 / 许可 / 行政强制措施 … → the schema's type, or None."""
    return next((t for word, t in POWER_TYPES if word in text), None)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One name in one party cell of a row."""

    cell: int  # which of the row's party cells
    col: Column
    name: str  # as written, cleaned
    role: str  # parties.LEAD or parties.SUPPORT
    kind: str  # "department", "township", "word" (部门, 有关部门 …), "other" (村（社区）), "mark" (是, √), "none" (无, —),
    # or "unknown"
    id: str  # the department id, TOWNSHIP, or an unknown name's stand-in; "" for a word


class _Unknown:
    """Department names not in departments.yaml: one stand-in id each, reported once, where first seen."""

    def __init__(self, result: ImportResult, departments: DepartmentIndex | None, adding: bool) -> None:
        self.result, self.departments, self.adding = result, departments, adding
        self.ids = Ids([*(departments.ids if departments else ()), TOWNSHIP])
        self.by_key: dict[str, str] = {}  # bare name -> stand-in
        self.names: dict[str, list[str]] = {}  # stand-in -> the names written for it, in order
        self.rows: dict[str, set[tuple[str, int]]] = {}  # stand-in -> (sheet, row) it was written in
        self.issue: dict[str, int] = {}  # stand-in -> index of its QD703 in result.issues

    def stand_in(self, name: str) -> str:
        bare = _bare(name)
        k = key(bare).replace("和", "")
        if k not in self.by_key:
            self.by_key[k] = self.ids.take(pinyin_id(cells.clean(bare)), "unknown")
        return self.by_key[k]

    def seen(self, name: str, stand_in: str, sheet: str, row: int, column: str) -> None:
        names = self.names.setdefault(stand_in, [])
        if name not in names:
            names.append(name)
        self.rows.setdefault(stand_in, set()).add((sheet, row))
        if stand_in not in self.issue:  # placed at its first row; `finish` writes the message
            self.issue[stand_in] = len(self.result.issues)
            self.result.add("QD703", "", sheet, row, column)

    def finish(self) -> None:
        """Write each unknown's one QD703 (how often, the closest departments) and what --add-departments adds."""
        for stand_in, at in self.issue.items():
            names = self.names[stand_in]
            where = self.result.issues[at]
            self.result.issues[at] = Issue(
                "QD703", self._message(stand_in, names), where.sheet, where.row, where.column
            )
            self.result.new_departments.append(_new_department(stand_in, names))

    def _message(self, stand_in: str, names: list[str]) -> str:
        index = self.departments
        near = [f"{index.names[i]}（{i}）" for i in index.candidates(names[0])] if index is not None else []
        count = len(self.rows[stand_in])
        written = "」「".join(names)
        head = f"「{written}」不在部门名录中" + (f"（{count} 行写了它）" if count > 1 else "")
        close = f"相近的部门：{'、'.join(near)}" if near else "名录中没有相近的部门"
        if self.adding:
            return f"{head}：--add-departments 以标识「{stand_in}」把它加进 departments.yaml，请核对；{close}"
        return (
            f"{head}：暂写作标识「{stand_in}」，原文保留在 extra；{close}。"
            "是已有部门的，在 departments.yaml 给它加上这个别名；是新部门的，补进名录（或加 --add-departments）；然后重新导入"
        )


def _new_department(stand_in: str, names: list[str]) -> dict[str, Any]:
    """The departments.yaml entry --add-departments writes: the name as first written, the others as aliases."""
    name = names[0]
    bare = _bare(name)
    entry: dict[str, Any] = {"id": stand_in, "name": name}
    if bare != name:
        entry["short_name"] = bare
    aliases = [n for n in names[1:] if n not in (name, bare)]
    if aliases:
        entry["aliases"] = aliases
    return entry


def _bare(name: str) -> str:
    """A department name without the city's or level prefix, for a stand-in id: 市大数据局 → 大数据局."""
    text = cells.clean(name)
    bare = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}[市县])?[市县区]?", "", text)
    return bare if len(bare) >= 2 else text


def _extra_text(text: str) -> str:
    """A cell kept as it was, less stray spaces: each line cleaned, line breaks kept."""
    return "\n".join(line for line in (cells.clean_line(x) for x in re.split(r"\r\n|\r|\n", text)) if line)


def _title_rows(grid: Grid, first: int) -> list[str]:
    """The title and issuing rows above the header, one line each."""
    out = []
    for row in range(1, first):
        # spaces in a title row separate its parts (authority, number, date): only runs of them are folded
        texts = list(dict.fromkeys(re.sub(r"\s+", " ", t).strip() for t in grid.cells[row - 1] if t.strip()))
        if texts:
            out.append(" ".join(texts))
    return out


def _group_text(grid: Grid, header: Header, row: int, texts: dict[int, str]) -> str | None:
    """The title of a group row ("一、自然资源" across the table, or alone in the first column), else None."""
    filled = [(col, t) for col, t in texts.items() if t.strip()]
    values = {cells.clean(t) for _, t in filled}
    if len(values) != 1:
        return None
    text = values.pop()
    first_col = min((c.index for c in header.columns if c.titled), default=1)
    col, _ = filled[0]
    merge = grid.merge(row, col)
    if len(filled) >= 2:
        wide = merge is not None and merge.width >= 2 and merge.left <= first_col
        return cells.group_title(text) if wide and all(grid.merge(row, c) == merge for c, _ in filled) else None
    field_name = next(c.field for c in header.columns if c.index == col)
    if field_name == SEQ and not re.fullmatch(r"[\d.]+", text):
        return cells.group_title(text)
    if cells.has_group_number(text) and field_name not in LIST_FIELDS | {"basis"}:
        return cells.group_title(text)
    if merge is not None and merge.width >= 2 and merge.left <= first_col:
        return cells.group_title(text)
    return None


def _section(text: str) -> str | None:
    """The one duty list a text names (基本履职 / 配合 / 收回); None when it names none, or several."""
    found = [name for name, words in SECTIONS if any(w in text for w in words)]
    return found[0] if len(found) == 1 else None


_HEADING_MAX = 40  # longer paragraphs above a table are body text (a 通知's own words), not its heading


def _heading_section(heading: str) -> str | None:
    """The duty list a Word table's heading names: its line nearest the table that names one."""
    for line in reversed(heading.splitlines()):
        if len(line.strip()) <= _HEADING_MAX and (section := _section(line)):
            return section
    return None


def _heading_lines(heading: str) -> list[str]:
    """A Word table's heading as title lines: runs of spaces folded, as in a sheet's title rows."""
    return [t for t in (re.sub(r"\s+", " ", line).strip() for line in heading.splitlines()) if t]


def _group_id(name: str, table: dict[str, str]) -> str:
    bare = re.sub(r"(?:领域|方面|类|工作)$", "", name)
    return table.get(name) or table.get(bare) or pinyin_id(cells.clean(bare or name))


# -- collecting records, per kind ---------------------------------------------------------------


class _Sink:
    """Collects the records of one kind and writes them into the result's files."""

    def __init__(self, reader: _Reader, township: str) -> None:
        self.reader, self.result, self.township = reader, reader.result, township
        self.current = ""  # the group the last group row named
        self.titles: list[str] = []
        self.sheet_group = ""

    def start_sheet(self, grid: Grid, titles: list[str]) -> None:
        self.current = ""
        self.titles = [*_heading_lines(grid.heading), *titles]  # a Word table's heading is its title
        name = grid.name
        csv = name.lower().endswith(".csv")
        self.sheet_group = "" if csv or _GENERIC_SHEET.match(name) or _section(name) else cells.group_title(name)

    def group(self, text: str, sheet: str, row: int) -> None:
        self.current = text

    def add(self, data: _Row, header: Header) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass

    def _file(self, path: str, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        if path not in self.result.files:
            self.result.files[path] = data
            self.result.kinds[path] = kind
        comments = self.result.comments.setdefault(path, [])
        comments.extend(t for t in self.titles if t not in comments)
        return self.result.files[path]

    @staticmethod
    def _record(data: _Row, record_id: str, **fields: Any) -> dict[str, Any]:
        rec = {"id": record_id, **fields, **data.record}
        if data.extra:
            rec["extra"] = dict(data.extra)
        return rec


class _Matters(_Sink):
    def __init__(self, reader: _Reader, township: str) -> None:
        super().__init__(reader, township)
        self.ids = Ids()
        self.order: dict[str, int] = {}

    def add(self, data: _Row, header: Header) -> None:
        name = data.group or self.current or self.sheet_group
        if name:
            domain_id = _group_id(name, DOMAIN_IDS)
            self.order.setdefault(domain_id, len(self.order) + 1)
            top = {"domain": {"id": domain_id, "name": name, "order": self.order[domain_id]}, "matters": []}
        else:  # no group row above it: a file of no domain, never one named by the importer (QD208)
            domain_id, top = "general", {"matters": []}
        file = self._file(layout_path("matters", f"{domain_id}.yaml"), "matters", top)
        file["matters"].append(self._record(data, self.ids.take(pinyin_id(cells.clean(data.record["name"])))))
        self.result.items += 1


class _Duties(_Sink):
    def __init__(self, reader: _Reader, township: str) -> None:
        super().__init__(reader, township)
        self.ids = Ids()
        self.areas: dict[str, str] = {}

    def add(self, data: _Row, header: Header) -> None:
        name = data.group or self.current or self.sheet_group
        area = {"area": _group_id(name, AREA_IDS)} if name else {}  # none written where the source has none
        if name:
            self.areas.setdefault(area["area"], name)
        file = self._file(layout_path("duties"), "duties", {"areas": [], "duties": []})
        base = pinyin_id(cells.clean(re.sub(r"^负责", "", data.record["name"])))
        file["duties"].append(self._record(data, self.ids.take(base), **area))
        self.result.items += 1

    def finish(self) -> None:
        if layout_path("duties") in self.result.files:
            self.result.files[layout_path("duties")]["areas"] = [{"id": i, "name": n} for i, n in self.areas.items()]


class _Powers(_Sink):
    path, kind, key = layout_path("powers"), "powers", "powers"

    def __init__(self, reader: _Reader, township: str) -> None:
        super().__init__(reader, township)
        self.ids = Ids()

    def add(self, data: _Row, header: Header) -> None:
        if self.current and "type" not in data.record and power_type(self.current):
            data.record["type"] = power_type(self.current)
        elif self.current and not power_type(self.current):
            data.extra.setdefault("分组", self.current)
        if "type" not in data.record:
            data.record["type"] = "other"
            self.result.add("QD705", "没有权力类型，暂写 other；请核对", data.sheet, data.number)
        file = self._file(self.path, self.kind, {self.key: []})
        file[self.key].append(self._record(data, self.ids.take(pinyin_id(cells.clean(data.record["name"])))))
        self.result.items += 1


class _PowerList(_Powers):
    path, kind, key = layout_path("power-list"), "power-list", "items"


class _DutyList(_Sink):
    def __init__(self, reader: _Reader, township: str) -> None:
        super().__init__(reader, township)
        self.ids = Ids()
        self.section: str | None = None
        self.sheet_section: str | None = None
        self.path = layout_path("duty-list", f"{township}.yaml")

    def start_sheet(self, grid: Grid, titles: list[str]) -> None:
        super().start_sheet(grid, titles)
        # the heading above a Word table, then the sheet's title rows, then its name (as for a list's kind)
        self.sheet_section = (
            _heading_section(grid.heading) or next((s for s in map(_section, titles) if s), None) or _section(grid.name)
        )
        self.section = None

    def group(self, text: str, sheet: str, row: int) -> None:
        section = _section(text) if re.search("履职|收回|事项$", text) else None
        if section:
            self.section = section
            self.current = ""
        else:
            self.current = text

    def add(self, data: _Row, header: Header) -> None:
        fields = {c.field for c in header.columns}
        by_columns = (
            "reclaimed"
            if fields & {"receiving_department", "working_method"}
            else "supporting"
            if fields & {"department", "department_duty", "township_duty"}
            else "basic"
        )
        section = self.section or self.sheet_section or by_columns
        category = data.group or self.current
        file = self._file(self.path, "duty-list", {"township": self.township})
        base = pinyin_id(cells.clean(data.record["name"]))
        grouped = {"category": category} if category else {}  # none written where the source has none (QD208)
        file.setdefault(section, []).append(self._record(data, self.ids.take(base), **grouped))
        self.result.items += 1

    def finish(self) -> None:
        file = self.result.files.get(self.path)
        if file:  # the three lists in their published order
            self.result.files[self.path] = {
                "township": file["township"],
                **{s: file[s] for s, _ in SECTIONS if s in file},
            }


_SINKS: dict[str, type[_Sink]] = {
    "matters": _Matters,
    "duties": _Duties,
    "powers": _Powers,
    "power-list": _PowerList,
    "duty-list": _DutyList,
}
