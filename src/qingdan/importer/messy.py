"""Workbooks and CSV files as people make them → an ImportResult: the rows of each sheet become records of one kind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import qingdan.importer.cells as cells
from qingdan.errors import QingdanError
from qingdan.importer.departments import DepartmentIndex, key
from qingdan.importer.headers import EXTRA, FIELDS, GROUP_FIELD, KINDS, SEQ, Column, Header, find_header, header_at
from qingdan.importer.ids import Ids, pinyin_id
from qingdan.importer.read import Grid, Source
from qingdan.importer.result import ImportResult
from qingdan.labels import POWER_TYPES as PUBLISHED_TYPES
from qingdan.model import DataSet
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
OFFICE_FIELDS = frozenset({"township_office", "office", "receiving_office"})
_GENERIC_SHEET = re.compile(r"^(?:sheet|工作表|表|wps)\s*\d*$", re.IGNORECASE)


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
    group: str = ""  # from a 领域 / 类别 column


def read(
    source: Source,
    kind: str,
    dataset: DataSet | None = None,
    *,
    sheet: str | None = None,
    township: str | None = None,
    overrides: dict[str, str] | None = None,
) -> ImportResult:
    """Turn every sheet with a recognisable header (or only `sheet`) into records of `kind`."""
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
    departments = DepartmentIndex.from_dataset(dataset) if dataset and dataset.departments else None
    reader = _Reader(kind, result, departments, _offices(kind, dataset, township), overrides or {})
    sink = _SINKS[kind](reader, township or "")
    if source.encoding:
        for grid in grids:
            result.add("QD706", f"「{grid.name}」不是 UTF-8 编码，已按 GB18030 读取", grid.name)
    for grid in grids:
        reader.read_grid(grid, sink, explicit=sheet is not None)
    sink.finish()
    return result


def _township(township: str | None, dataset: DataSet | None) -> str:
    if not township:
        raise QingdanError(
            "导入履行职责事项清单（--kind duty-list）要用 --township 指明乡镇标识，例如 --township heping"
        )
    if dataset is not None:
        for t in dataset.townships:
            if township in (t.id, t.name):
                return t.id
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]*", township):
        raise QingdanError(f"--township「{township}」不是乡镇标识（小写字母、数字和连字符），也不是清单中的乡镇名称")
    return township


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
    ) -> None:
        self.kind, self.result, self.departments = kind, result, departments
        self.offices, self.overrides = offices, overrides
        self._reported: set[tuple[str, str]] = set()

    def read_grid(self, grid: Grid, sink: _Sink, *, explicit: bool) -> None:
        header = find_header(grid, 1, self.kind, self.overrides)
        if header is None:
            if explicit:
                self.result.add("QD704", "工作表里找不到认得出的表头，没有导入", grid.name)
            else:
                self.result.skipped.append(grid.name)
            return
        titles = _title_rows(grid, header.first)
        sink.start_sheet(grid, titles)
        if not self._usable(grid, header):
            return
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
        if not name:
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
        elif f in PARTY_FIELDS:
            self._parties(data, col, text)
        elif f in DEPARTMENT_FIELDS:
            self._department(data, col, text)
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

    def _parties(self, data: _Row, col: Column, text: str) -> None:
        """lead / supporting: "X（牵头）、Y", "牵头：X；配合：Y", one name a line …"""
        leads, supports, unknown = [], [], []
        default = "support" if col.field == "supporting" else "lead"
        for name, role in _party_names(text):
            party = self.departments.party(name) if self.departments else _township_or_none(name)
            if party is None:
                party = pinyin_id(cells.clean(_bare(name))) or "unknown"
                unknown.append((name, party))
            role = role or default
            (leads if role == "lead" else supports).append(party)
        rec = data.record
        if leads:
            have = rec.get("lead")
            have = [] if have is None else have if isinstance(have, list) else [have]
            merged = list(dict.fromkeys([*have, *leads]))
            rec["lead"] = merged[0] if len(merged) == 1 else merged
        if supports:
            rec["supporting"] = list(dict.fromkeys([*rec.get("supporting", []), *supports]))
        self._unknown(data, col, text, unknown)

    def _department(self, data: _Row, col: Column, text: str) -> None:
        names = [name for name, _ in _party_names(text)]
        if not names:
            return
        found = self.departments.match(names[0]) if self.departments else None
        unknown = [] if found else [(names[0], pinyin_id(cells.clean(_bare(names[0]))) or "unknown")]
        data.record[col.field] = found or unknown[0][1]
        if len(names) > 1:
            data.extra[col.title] = _extra_text(text)
            self._uncertain(data, col, f"写了 {len(names)} 个部门，只能填一个：写进第一个，原文放进 extra")
        self._unknown(data, col, text, unknown)

    def _unknown(self, data: _Row, col: Column, text: str, unknown: list[tuple[str, str]]) -> None:
        """A name not in departments.yaml: an id-shaped stand-in (validate reports it), the cell kept in extra."""
        if not unknown:
            return
        data.extra[col.title] = _extra_text(text)
        if not self.departments:
            return  # no departments.yaml to check against; the CLI says so once
        for name, stand_in in unknown:
            self.result.add(
                "QD703",
                f"「{name}」不在部门名录中，暂写作标识「{stand_in}」，原文保留在 extra；"
                "在 departments.yaml 中补上这个部门或它的别名后重新导入",
                data.sheet,
                data.number,
                col.title,
            )

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


def _township_or_none(name: str) -> str | None:
    return DepartmentIndex(()).party(name)


def _bare(name: str) -> str:
    """A department name without the city's or level prefix, for a stand-in id: 市大数据局 → 大数据局."""
    text = cells.clean(name)
    bare = re.sub(r"^(?:[\u4e00-\u9fff]{2,3}[市县])?[市县区]?", "", text)
    return bare if len(bare) >= 2 else text


_ROLE_LABEL = re.compile(
    r"^\s*(?P<label>牵头|主责|主体责任|配合|协同|协助|配合责任)(?:单位|部门)?\s*[:：]\s*", re.UNICODE
)
_ROLE_SUFFIX = re.compile(r"[（(]\s*(?P<label>牵头|主责|配合|协同|协助)\s*[）)]$")


def _party_names(text: str) -> list[tuple[str, str | None]]:
    """(name, "lead" | "support" | None) for each name in a party cell."""
    out: list[tuple[str, str | None]] = []
    for segment in re.split(r"[；;\n]+", text.replace("\r", "\n")):
        role = None
        m = _ROLE_LABEL.match(segment)
        if m:
            role = "lead" if m.group("label") in ("牵头", "主责", "主体责任") else "support"
            segment = segment[m.end() :]
        names: list[tuple[str, str | None]] = []
        for name in re.split(r"[、，,/／]+", segment):
            name = re.sub(r"\s+", "", name).strip("。.")
            own = role
            s = _ROLE_SUFFIX.search(name)
            if s:
                own = "lead" if s.group("label") in ("牵头", "主责") else "support"
                name = name[: s.start()]
            name = re.sub(r"等(?:相关)?(?:部门|单位)?$", "", name)
            if name:
                names.append((name, own))
        # "X（牵头）、Y": once a list marks its lead, the names it does not mark are supporting
        if role is None and any(own == "lead" for _, own in names):
            names = [(name, own or "support") for name, own in names]
        out += names
    return out


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
    for name, words in SECTIONS:
        if any(w in text for w in words):
            return name
    return None


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
        self.titles = titles
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
        domain_id = _group_id(name, DOMAIN_IDS) if name else "general"
        name = name or "未分领域"
        self.order.setdefault(domain_id, len(self.order) + 1)
        file = self._file(
            layout_path("matters", f"{domain_id}.yaml"),
            "matters",
            {"domain": {"id": domain_id, "name": name, "order": self.order[domain_id]}, "matters": []},
        )
        file["matters"].append(self._record(data, self.ids.take(pinyin_id(cells.clean(data.record["name"])))))
        self.result.items += 1


class _Duties(_Sink):
    def __init__(self, reader: _Reader, township: str) -> None:
        super().__init__(reader, township)
        self.ids = Ids()
        self.areas: dict[str, str] = {}

    def add(self, data: _Row, header: Header) -> None:
        name = data.group or self.current or self.sheet_group
        area = _group_id(name, AREA_IDS) if name else "general"
        name = name or "未分方面"
        self.areas.setdefault(area, name)
        file = self._file(layout_path("duties"), "duties", {"areas": [], "duties": []})
        base = pinyin_id(cells.clean(re.sub(r"^负责", "", data.record["name"])))
        file["duties"].append(self._record(data, self.ids.take(base), area=area))
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
        self.sheet_section = _section(grid.name) or next((s for s in map(_section, titles) if s), None)
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
        category = data.group or self.current or "未分类"
        file = self._file(self.path, "duty-list", {"township": self.township})
        base = pinyin_id(cells.clean(data.record["name"]))
        file.setdefault(section, []).append(self._record(data, self.ids.take(base), category=category))
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
