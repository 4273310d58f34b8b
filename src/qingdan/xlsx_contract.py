"""What a rendered workbook carries besides its visible cells, and how `qingdan import` reads it back.

The writer (qingdan.render.xlsx) and the importer (qingdan.importer.workbook) both keep to
this contract, so neither depends on the other. A table sheet is the title (row 1), the
issuing details (row 2) and the header row (row 3), then the rows. After the visible columns
comes a hidden column 「标识」 with the id of each row's record, then one hidden column per
record field the visible cells do not carry exactly, headed by the field key (`encode` and
`decode`). A very hidden sheet 「qingdan」 holds, as (key, JSON) rows, what no row shows: the
source files, their top-level data and key order, the groups, the names the cells were
written with (`carry`, `meta_rows`, `meta_entries`). `SOURCES` says, per document kind, which
fields each visible column shows and which of them read back exactly from the cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from qingdan.labels import POWER_MODES, POWER_TYPES
from qingdan.model import DataSet
from qingdan.render.documents import Column, Document, Table
from qingdan.render.templates import numbered
from qingdan.source import SourceFile
from qingdan.text import xml_safe

CREATOR = "qingdan"  # the workbook's creator property: with the 「qingdan」 sheet, how a rendered workbook is known
ID_HEADER = "标识"  # the first hidden column; `qingdan import` matches rows to records by it
META_SHEET = "qingdan"  # the very hidden sheet of (key, JSON) rows
META_FORMAT = 1
_CHUNK = 32000  # Excel holds at most 32,767 characters in a cell; longer JSON goes on in the rows below
TITLE_ROW, META_ROW, HEADER_ROW = 1, 2, 3


def cell_text(column: Column, lines: tuple[str, ...]) -> str:
    """The text of a cell: its lines one per line, numbered 1. 2. 3. in a numbered column."""
    return "\n".join(numbered(lines, column.numbered))


# -- the source data a workbook carries for `qingdan import` ------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    """How a document shows its source files: which kind, which record lists, which column shows which field."""

    kind: str  # the kind of the source files, e.g. "matters"
    top: tuple[str, ...]  # top-level keys in schema order
    lists: dict[str, tuple[str, ...]]  # top-level key holding records -> record fields in schema order
    columns: dict[str, tuple[str, ...]]  # visible column title -> the fields its cells show
    exact: dict[str, str]  # field -> "text" | "lines" | "group": read back from its cell (or group row) alone
    group: str = ""  # what a group row stands for: "file", "area", "category", "list" or nothing


_MATTER = (
    "id",
    "name",
    "lead",
    "supporting",
    "department_duties",
    "township_duties",
    "township_office",
    "basis",
    "contact",
    "admission",
    "note",
    "extra",
)
_DUTY = ("id", "area", "name", "office", "basis", "note", "extra")
_BASIC = ("id", "category", "name", "office", "note", "extra")
_SUPPORTING = (
    "id",
    "category",
    "name",
    "department",
    "department_duty",
    "township_duty",
    "office",
    "note",
    "extra",
)
_RECLAIMED = ("id", "category", "name", "receiving_department", "working_method", "note", "extra")
_OFFICE = ("id", "role", "name", "kind", "counterparts", "functions", "staffing", "note")
_UNIT = ("id", "name", "department", "management", "counterparts", "functions", "staffing", "note")
_POWER = (
    "id",
    "name",
    "type",
    "code",
    "source",
    "mode",
    "receiving_office",
    "basis",
    "since",
    "status",
    "withdrawn",
    "note",
    "extra",
)
_POWER_ITEM = (
    "id",
    "type",
    "code",
    "name",
    "sub_items",
    "basis",
    "responsibilities",
    "accountability",
    "office",
    "note",
    "extra",
)
TOWNSHIP_TOP = (
    "id",
    "name",
    "kind",
    "scale",
    "population",
    "area_km2",
    "structure",
    "note",
    "offices",
    "leaders",
    "stationed_units",
)
LEADER = ("id", "name", "post", "oversees", "assists")

SOURCES: dict[str, Source] = {
    "responsibility-list": Source(
        "matters",
        ("domain", "matters"),
        {"matters": _MATTER},
        {
            "事项名称": ("name",),
            "主体责任部门": ("lead", "supporting"),
            "部门职责": ("department_duties",),
            "乡镇（街道）职责": ("township_duties",),
            "依据": ("basis",),
            "联系人及电话": ("contact",),
        },
        {"name": "text", "department_duties": "lines", "township_duties": "lines"},
        "file",
    ),
    "duty-list": Source(
        "duties",
        ("areas", "duties"),
        {"duties": _DUTY},
        {"职责": ("name",), "承担机构": ("office",), "依据": ("basis",)},
        {"name": "text", "area": "group"},
        "area",
    ),
    "performance-list": Source(
        "duty-list",
        ("township", "basic", "supporting", "reclaimed"),
        {"basic": _BASIC, "supporting": _SUPPORTING, "reclaimed": _RECLAIMED},
        {
            "事项名称": ("name",),
            "承担机构": ("office",),
            "对应上级部门": ("department",),
            "上级部门职责": ("department_duty",),
            "镇街配合职责": ("township_duty",),
            "承接部门": ("receiving_department",),
            "工作方式": ("working_method",),
        },
        {
            "name": "text",
            "category": "group",
            "department_duty": "text",
            "township_duty": "text",
            "working_method": "text",
        },
        "category",
    ),
    "office-table": Source(
        "township",
        TOWNSHIP_TOP,
        {"offices": _OFFICE, "stationed_units": _UNIT},
        {
            "机构": ("name",),
            "主要职责": ("functions",),
            "对口部门": ("counterparts",),
            "分管领导": (),  # the leaders' `oversees`, kept with the township's own data
            "编制": ("staffing",),
        },
        {"name": "text", "functions": "lines"},
        "list",
    ),
    "powers": Source(
        "powers",
        ("powers",),
        {"powers": _POWER},
        {
            "事项名称": ("name",),
            "权力类型": ("type",),
            "原实施部门": ("source",),
            "赋权方式": ("mode",),
            "承接机构": ("receiving_office",),
            "依据": ("basis",),
            "收回日期": ("withdrawn",),
            "收回文件及理由": ("withdrawn",),
        },
        {"name": "text"},
    ),
    "power-list": Source(
        "power-list",
        ("holder", "items"),
        {"items": _POWER_ITEM},
        {
            "权力类型": ("type",),
            "项目编码": ("code",),
            "项目名称": ("name",),
            "子项": ("sub_items",),
            "实施依据": ("basis",),
            "责任事项": ("responsibilities",),
            "追责情形": ("accountability",),
        },
        {"code": "text", "name": "text", "sub_items": "lines", "responsibilities": "lines", "accountability": "lines"},
    ),
}
# the words cells use for coded values, by field
LABELS: dict[str, dict[str, str]] = {"type": POWER_TYPES, "mode": POWER_MODES}
# documents that are views of other documents: not a source, `qingdan import` refuses them
DERIVED = {"department-view": "performance-list"}
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class HiddenColumns:
    fields: tuple[str, ...]  # the header of each hidden column after 「标识」
    rows: list[dict[str, Any]]  # per data row: field -> value, a field left out when the record has none


@dataclass(slots=True)
class Carried:
    tables: list[HiddenColumns]
    meta: list[tuple[str, Any]] = field(default_factory=list)  # the 「qingdan」 sheet


def table_fields(source: Source, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The fields of the record lists a table shows, in schema order, each once."""
    return tuple(dict.fromkeys(f for k in keys for f in source.lists[k]))


def parse_lines(text: str, numbered_column: bool) -> list[str]:
    """A cell's lines, without the 1. 2. 3. that a numbered column adds to several lines."""
    if not text:
        return []
    lines = text.split("\n")
    if numbered_column and len(lines) > 1:
        lines = [line.removeprefix(f"{n}. ") for n, line in enumerate(lines, start=1)]
    return lines


def clean(text: str) -> str:
    """A text as a cell keeps it."""
    return xml_safe(text)


def encode(value: Any) -> str:
    """A field's value as a hidden cell: plain text for a string, compact JSON for anything else.

    A string JSON could read as something else ("123", "true", "") or that a cell cannot
    hold (control characters) is written as a JSON string, so the cell reads back exactly.
    """
    if isinstance(value, str) and value and xml_safe(value) == value:
        try:
            json.loads(value)
        except ValueError:
            return value
        except RecursionError:  # brackets nested past what json reads: quoted, it reads back as this string
            pass
    out = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # JSON escapes control characters but not U+FFFE or a lone surrogate, which a cell cannot hold either
    return out if xml_safe(out) == out else json.dumps(value, separators=(",", ":"))


def decode(text: str) -> Any:
    """The value of a hidden cell, as `encode` wrote it."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: brackets nested past what json reads, never written
        return text


def carry(doc: Document, dataset: DataSet, names: list[str]) -> Carried | None:
    """What a workbook of this document carries besides its visible cells, or None for a document of no source."""
    tables = [t for p in doc.parts for t in p.tables]
    head = ("qingdan", {"format": META_FORMAT, "kind": doc.kind, "stem": doc.stem, "title": doc.title})
    if doc.kind in DERIVED:
        townships = sorted({i.split("/", 1)[0] for t in tables for g in t.groups for i in g.ids})
        stems = [f"{DERIVED[doc.kind]}-{t}" for t in townships]
        return Carried(
            [HiddenColumns((), []) for _ in tables], [head, ("derived", {"kind": DERIVED[doc.kind], "stems": stems})]
        )
    source = SOURCES.get(doc.kind)
    if source is None:
        return None
    files = _covered(doc, dataset, source)
    number = {f.file: n for n, f in enumerate(files)}
    meta: list[tuple[str, Any]] = [head, ("names", _names(doc, dataset, files))]
    meta += [("file", _file_meta(f, source)) for f in files]
    shown: set[tuple[int, str, int]] = set()
    carried = Carried([], meta)
    for n, (table, name) in enumerate(zip(tables, names, strict=True)):
        list_key = _table_list(source, n)
        keys = (list_key,) if list_key else tuple(source.lists)
        fields = table_fields(source, keys)
        sheet: dict[str, Any] = {"name": name, "list": list_key}
        sheet["columns"] = [c.title for c in table.columns]
        sheet["numbered"] = [c.title for c in table.columns if c.numbered]
        if doc.kind == "powers":
            sheet["status"] = "withdrawn" if n else "active"
        groups, rows, inexact, unknown = [], [], set(), {}
        current: dict[str, Any] | None = None
        for group in table.groups:
            records = group.records or (None,) * len(group.rows)
            group_meta = {"sheet": name, "title": group.title}
            first = next((r for r in records if r is not None), None)
            if source.group == "file" and first is not None:
                group_meta["file"] = number[first.at.doc.file]
                group_meta["name"] = _raw_top(first.at.doc).get("domain", {}).get("name", "")
            elif source.group == "area" and first is not None:
                group_meta["area"] = first.area
            elif source.group == "category":
                group_meta["category"] = group.title
            elif source.group == "list" and first is not None:
                group_meta["list"] = first.at.path[0]
            if group.title:
                groups.append(("group", group_meta))
                current = group_meta
            # rows under an untitled group read back as rows of the titled group above them, or of none
            seen = group_meta if group.title else current or {}
            for row, rid, record in zip(group.rows, group.ids or ("",) * len(group.rows), records, strict=True):
                raw = _raw(record)
                if raw is None:
                    rows.append(({}, None))
                    continue
                origin = (number[record.at.doc.file], record.at.path[0], record.at.path[1])
                row_meta = {"sheet": name, "id": rid, "file": origin[0], "list": origin[1], "index": origin[2]}
                row_meta["keys"] = [str(k) for k in raw]
                if origin in shown:
                    row_meta["repeat"] = True  # shown twice (duplicate group ids): imported once
                shown.add(origin)
                rows.append((raw, row_meta))
                inexact |= _inexact(source, table, row, rid, raw, seen)
                for k in raw:
                    if k not in fields:
                        unknown.setdefault(str(k), None)
        hidden = [f for f in fields if f != "id" and f not in source.exact]
        hidden += [f for f in dict.fromkeys((*fields, *source.exact)) if f in inexact and f not in hidden]
        hidden += [k for k in unknown if k not in hidden]
        sheet["hidden"] = hidden
        carried.meta.append(("sheet", sheet))
        carried.meta += groups
        carried.meta += [("row", m) for _, m in rows if m is not None]
        values = [{k: raw[k] for k in hidden if k in raw} if m is not None else {} for raw, m in rows]
        carried.tables.append(HiddenColumns(tuple(hidden), values))
    for f in files:
        data = f.data if isinstance(f.data, dict) else {}
        for key in source.lists:
            items = data.get(key)
            if isinstance(items, list):
                for i, item in enumerate(items):
                    if (number[f.file], key, i) not in shown:
                        carried.meta.append(
                            ("unshown", {"file": number[f.file], "list": key, "index": i, "value": item})
                        )
    return carried


def _table_list(source: Source, n: int) -> str | None:
    """The record list every row of the n-th table comes from, or None when the groups say."""
    if source.group == "list":
        return None
    if len(source.lists) == 1:
        return next(iter(source.lists))
    return tuple(source.lists)[n]


def _covered(doc: Document, dataset: DataSet, source: Source) -> list[SourceFile]:
    """The source files a document shows, including those with no row in it."""
    if doc.kind == "performance-list":
        return [dl.at.doc for dl in dataset.duty_lists if dl.at and f"performance-list-{dl.township}" == doc.stem]
    if doc.kind == "office-table":
        return [t.at.doc for t in dataset.townships if t.at and f"office-table-{t.id}" == doc.stem]
    return [d for d in dataset.documents if d.kind == source.kind]


def _raw_top(f: SourceFile) -> dict[str, Any]:
    return f.data if isinstance(f.data, dict) else {}


def _raw(record: Any) -> dict[str, Any] | None:
    """The mapping a model record was built from."""
    if record is None or record.at is None:
        return None
    value: Any = record.at.doc.data
    for step in record.at.path:
        value = value[step]
    return value if isinstance(value, dict) else None


def _file_meta(f: SourceFile, source: Source) -> dict[str, Any]:
    data = f.data
    if not isinstance(data, dict):
        return {"path": f.file, "kind": f.kind, "value": data, "comments": _comments(f.text)}
    lists = [k for k in source.lists if isinstance(data.get(k), list)]
    return {
        "path": f.file,
        "kind": f.kind,
        "keys": [str(k) for k in data],
        "data": {str(k): v for k, v in data.items() if k not in lists},
        "lists": lists,
        "comments": _comments(f.text),
    }


def _comments(text: str) -> list[str]:
    """The comment lines that open a file, without "#" and without the schema modeline."""
    out = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].removeprefix(" ")
        if not body.startswith("yaml-language-server:"):
            out.append(body)
    return out


def _names(doc: Document, dataset: DataSet, files: list[SourceFile]) -> dict[str, Any]:
    """The names the cells were written with, so a re-import can tell an edited cell from an unchanged one."""
    index = dataset.index  # the lookups the cells are written with: the first of duplicate ids wins
    names: dict[str, Any] = {
        "jurisdiction": dataset.edition.jurisdiction if dataset.edition else "",
        "departments": [[d.id, d.name, d.short_name] for d in index.departments.values()],
        "roles": [[k, v] for k, v in index.roles.items()],
    }
    if doc.kind == "performance-list":
        townships = {_raw_top(f).get("township") for f in files}
        t = next((t for t in dataset.townships if t.id in townships), None)
        unit_ids = dict.fromkeys(u.id for u in (*t.offices, *t.stationed_units)) if t else {}
        names["units"] = [[k, index.unit_name(t.id, k)] for k in unit_ids] if t else []
    return names


def _inexact(
    source: Source, table: Table, row: tuple, rid: str, raw: dict[str, Any], group: dict[str, Any]
) -> set[str]:
    """The fields of a record its cells (or group row) would not give back exactly."""
    out = set()
    if not _same(rid, raw.get("id", _ABSENT), "text"):
        out.add("id")
    for column, cell in zip(table.columns, row, strict=True):
        for key in source.columns.get(column.title, ()):
            how = source.exact.get(key)
            if how in ("text", "lines"):
                text = clean(cell_text(column, cell))
                shown = parse_lines(text, column.numbered) if how == "lines" else text
                if not _same(shown, raw.get(key, _ABSENT), how):
                    out.add(key)
    for key, how in source.exact.items():
        if how == "group" and key in table_fields(source, tuple(source.lists)):
            shown = group.get(key, "")
            if not _same(shown, raw.get(key, _ABSENT), "text"):
                out.add(key)
    return out


def _same(shown: Any, value: Any, how: str) -> bool:
    if value is _ABSENT:
        return not shown
    if how == "lines":
        return isinstance(value, list) and all(isinstance(v, str) for v in value) and shown == value
    return isinstance(value, str) and shown == value


# -- the 「qingdan」 sheet's rows ------------------------------------------------------------------------


def meta_rows(entries: list[tuple[str, Any]]) -> Iterator[tuple[str | None, str]]:
    """The 「qingdan」 sheet's rows as (column A, column B): a key and its JSON text.

    A JSON text longer than a cell holds goes on in column B of the rows below, column A empty.
    """
    for key, value in entries:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        for start in range(0, max(len(text), 1), _CHUNK):
            yield (key if start == 0 else None), text[start : start + _CHUNK]


def meta_entries(rows: Iterable[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """The (key, JSON text) entries of the 「qingdan」 sheet's rows, as `meta_rows` wrote them."""
    entries: list[list[str]] = []
    for key, text, *_ in rows:
        if key:
            entries.append([str(key), str(text or "")])
        elif entries and text:
            entries[-1][1] += str(text)  # a long JSON text goes on in the rows below
    return [(key, text) for key, text in entries]
