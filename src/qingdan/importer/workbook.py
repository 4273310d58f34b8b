"""Read back a workbook that `qingdan render --to xlsx` wrote: exact data from its hidden parts, edits from its cells.

Each row's hidden columns and the very hidden 「qingdan」 sheet (see qingdan.xlsx_contract) hold
the source data exactly. A visible cell that still shows what the renderer made of the hidden
value is taken as unchanged, and the hidden value is used; a cell someone edited wins, and
what the hidden value knew beyond the cell (the unit of a changed contact) is dropped and
reported (QD707). A basis cell prints every part of its entries, so an edited one loses
nothing. A row without 标识 is a new record.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import zipfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from qingdan.departments import DepartmentIndex
from qingdan.errors import QingdanError
from qingdan.importer.cells import split_basis
from qingdan.importer.ids import Ids, pinyin_id
from qingdan.importer.package import Sheet, read_xlsx
from qingdan.importer.read import guard
from qingdan.importer.result import ImportResult
from qingdan.labels import TOWNSHIP_NAME
from qingdan.model import TOWNSHIP, Basis, DataSet, Department, build_dataset
from qingdan.project import layout_path
from qingdan.render.documents import KINDS
from qingdan.source import SourceFile
from qingdan.xlsx_contract import (
    CREATOR,
    HEADER_ROW,
    ID_HEADER,
    LABELS,
    LEADER,
    META_FORMAT,
    META_SHEET,
    SOURCES,
    Source,
    cell_text,
    clean,
    decode,
    meta_entries,
    parse_lines,
    table_fields,
)

_ABSENT: Any = object()  # a field the record does not have
_CORE = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ORDINAL = re.compile(r"^[一二三四五六七八九十百]+、")
_COUNT = re.compile(r"（\d+项）$")
_SEPARATORS = re.compile(r"[、，,；;]")
_PHONE = re.compile(r"^[0-9+\-－()（） ]+$")
_POSTS = re.compile(r"^(行政|事业)\s*核定\s*(\d+)(?:\s*实有\s*(\d+))?$")  # 实有 is internal: cells show 核定
_MIDDLE = re.compile(r"^中层职数\s*(\d+)$")
_SUPPORT = re.compile(r"^配合[：:]\s*")


def is_rendered(path: Path) -> bool:
    """True for an .xlsx that `qingdan render --to xlsx --editable` wrote: its properties say so and it has
    the 「qingdan」 sheet."""
    info = _package(path)
    return info is not None and info[0] == CREATOR and info[1] in KINDS and META_SHEET in info[2]


def published_kind(path: Path) -> str | None:
    """The document kind of an .xlsx that `qingdan render --to xlsx` wrote for publication (no hidden data), else None."""
    info = _package(path)
    if info is None or info[0] != CREATOR or info[1] not in KINDS or META_SHEET in info[2]:
        return None
    return info[1]


def _package(path: Path) -> tuple[str, str, set[str]] | None:
    """An .xlsx package's creator, category and sheet names; None when it is not one."""
    try:  # parts of a package `guard` has checked; defusedxml all the same
        with zipfile.ZipFile(path) as archive:
            core = ElementTree.fromstring(archive.read("docProps/core.xml"), forbid_dtd=True)
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    sheets = {s.get("name") or "" for s in book.iter(f"{_MAIN}sheet")}
    return core.findtext(f"{_DC}creator") or "", core.findtext(f"{_CORE}category") or "", sheets


def read(
    path: Path, dataset: DataSet | None = None, sheet: str | None = None, *, roots: dict[str, str] | None = None
) -> ImportResult:
    """Read a rendered workbook back into the files of a data set, in the default layout.

    `dataset`, when given, also resolves department, office and role names people typed in.
    `roots`: what `guard` returned for the file, when it was called already.
    """
    path = Path(path)
    if roots is None:
        roots = guard(path) or {}
    sheets = read_xlsx(path, roots)
    by_name: dict[str, Sheet] = {}
    for one in sheets:
        by_name.setdefault(one.name, one)
    if META_SHEET not in by_name:
        raise QingdanError(f"「{path.name}」不是 qingdan render 生成的工作簿（没有「{META_SHEET}」工作表）")
    meta = _Meta.read(by_name[META_SHEET], path)
    if meta.derived is not None:
        stems = "、".join(f"{s}.xlsx" for s in meta.derived.get("stems", ())) or "performance-list-<乡镇>.xlsx"
        raise QingdanError(
            f"「{path.name}」是{meta.title}，由各乡镇的履行职责事项清单汇总生成，不是清单原件，不能导入；"
            f"请导入各乡镇的履行职责事项清单：{stems}"
        )
    source = SOURCES.get(meta.kind)
    if source is None:
        raise QingdanError(f"「{path.name}」是「{meta.kind}」，qingdan 不能导入这种文件")
    meta.check(path, source)
    pairs = _sheets(sheets, by_name, meta)
    if sheet is not None:
        names = [ws.name for _, ws in pairs]
        if sheet not in names:
            raise QingdanError(f"「{path.name}」里没有「{sheet}」工作表；有：{'、'.join(names)}")
        if len(names) > 1:
            raise QingdanError(
                f"「{path.name}」是 qingdan render 生成的工作簿，{len(names)} 张工作表合起来才是完整的清单，"
                "请整本导入，不要用 --sheet"
            )
    reader = _Reader(meta, source, dataset)
    found = {id(s) for s, _ in pairs}
    for sheet_meta in meta.sheets:
        if id(sheet_meta) not in found:
            rows = len(meta.rows.get(sheet_meta["name"], ()))
            reader.result.add(
                "QD704", f"工作表「{sheet_meta['name']}」不见了，其中的 {rows} 行没有导入", sheet_meta["name"]
            )
    for sheet_meta, ws in pairs:
        reader.sheet(sheet_meta, ws)
    return reader.finish()


# -- the 「qingdan」 sheet --------------------------------------------------------------------------


@dataclass(slots=True)
class _Meta:
    kind: str
    title: str
    derived: dict[str, Any] | None
    names: dict[str, Any]
    files: list[dict[str, Any]]
    sheets: list[dict[str, Any]]
    groups: dict[str, list[dict[str, Any]]]
    rows: dict[str, list[dict[str, Any]]]
    unshown: list[dict[str, Any]]

    @classmethod
    def read(cls, ws: Sheet, path: Path) -> _Meta:
        entries = _entries(ws)
        values = []
        for row, key, text in entries:
            try:
                values.append((row, key, json.loads(text)))
            except (ValueError, RecursionError):
                raise QingdanError(_tampered(path, row, key, "不是 qingdan 写的 JSON")) from None
        head = next((v for _, k, v in values if k == "qingdan"), None)
        if not isinstance(head, dict) or "kind" not in head:
            raise QingdanError(f"「{path.name}」不是 qingdan render 生成的工作簿（「{META_SHEET}」工作表不是它写的）")
        if head.get("format") != META_FORMAT:
            raise QingdanError(f"「{path.name}」由另一个版本的 qingdan 生成，这个版本读不了；请用新版 qingdan 重新生成")
        for row, key, value in values:
            _check_entry(path, row, key, value)
        meta = cls(str(head.get("kind", "")), str(head.get("title", "")), None, {}, [], [], {}, {}, [])
        for _, key, value in values:
            if key == "derived":
                meta.derived = value
            elif key == "names":
                meta.names = value
            elif key == "file":
                meta.files.append(value)
            elif key == "sheet":
                meta.sheets.append(value)
            elif key == "group":
                meta.groups.setdefault(value["sheet"], []).append(value)
            elif key == "row":
                meta.rows.setdefault(value["sheet"], []).append(value)
            elif key == "unshown":
                meta.unshown.append(value)
        return meta

    def check(self, path: Path, source: Source) -> None:
        """A QingdanError unless every file, list and index the entries point at exists (after `read`, once the
        source is known)."""
        where = f"「{path.name}」的「{META_SHEET}」工作表被改过，无法按原样读回"
        redo = "请用 qingdan render --to xlsx --editable 重新生成，或导入公开发布版（只读可见的单元格）"
        for f in self.files:
            if f["kind"] != source.kind:
                raise QingdanError(f"{where}：文件「{f['path']}」的类别「{f['kind']}」不是{source.kind}；{redo}")
            if "data" in f and not set(f["lists"]) <= set(source.lists):
                raise QingdanError(f"{where}：文件「{f['path']}」列出的清单不对；{redo}")
        pointers = [
            *(r for rows in self.rows.values() for r in rows),
            *self.unshown,
            *(g for groups in self.groups.values() for g in groups),
        ]
        for entry in pointers:
            if "file" in entry and entry["file"] >= len(self.files):
                raise QingdanError(f"{where}：指向第 {entry['file'] + 1} 个文件，只有 {len(self.files)} 个；{redo}")
            if "list" in entry and entry["list"] not in source.lists:
                raise QingdanError(f"{where}：「{_excerpt(entry['list'])}」不是这份清单的一部分；{redo}")
        for sheet in self.sheets:
            if sheet["list"] is not None and sheet["list"] not in source.lists:
                raise QingdanError(f"{where}：「{_excerpt(sheet['list'])}」不是这份清单的一部分；{redo}")


def _entries(ws: Sheet) -> list[tuple[int, str, str]]:
    """(row, key, JSON text) of each entry of the 「qingdan」 sheet: `meta_rows` in reverse, with where each begins."""
    out: list[tuple[int, str, str]] = []
    for number, row in enumerate(ws.rows, start=1):
        key, text = (*row[:2], None, None)[:2]
        for one in meta_entries([(key, text)]):
            out.append((number, *one))
            break
        else:
            if out and text:  # a long JSON text goes on in the rows below, column A empty
                out[-1] = (out[-1][0], out[-1][1], out[-1][2] + str(text))
    return out


def _tampered(path: Path, row: int, key: str, why: str) -> str:
    return (
        f"「{path.name}」的「{META_SHEET}」工作表第 {row} 行（{_excerpt(key)}）被改过：{why}，无法按原样读回；"
        "请用 qingdan render --to xlsx --editable 重新生成，或导入公开发布版（只读可见的单元格）"
    )


_STR: dict[str, Any] = {"type": "string"}
_STRS: dict[str, Any] = {"type": "array", "items": _STR}
_INDEX: dict[str, Any] = {"type": "integer", "minimum": 0}
_NAME: dict[str, Any] = {"type": ["string", "null"]}
_PAIRS: dict[str, Any] = {"type": "array", "items": {"type": "array", "prefixItems": [_STR, _NAME], "minItems": 2}}
# a file's path as written into the data set: relative, POSIX, no step up, a YAML file
_PATH: dict[str, Any] = {
    "type": "string",
    "pattern": r"^(?!.*(?:^|/)\.\.?(?:/|$))[^/\\:*?\x00-\x1f][^\\:*?\x00-\x1f]*\.ya?ml$",
}
# what each entry of the 「qingdan」 sheet holds, as xlsx_contract.carry writes it
_META_SCHEMAS: dict[str, dict[str, Any]] = {
    "qingdan": {"type": "object", "properties": {"kind": _STR, "title": _STR, "stem": _STR}},
    "derived": {"type": "object", "properties": {"kind": _STR, "stems": _STRS}},
    "names": {
        "type": "object",
        "properties": {
            "jurisdiction": _NAME,
            "departments": {
                "type": "array",
                "items": {"type": "array", "prefixItems": [_STR, _NAME, _NAME], "minItems": 3},
            },
            "roles": _PAIRS,
            "units": _PAIRS,
        },
    },
    "file": {
        "type": "object",
        "required": ["path", "kind"],
        "properties": {
            "path": _PATH,
            "kind": _STR,
            "keys": _STRS,
            "data": {"type": "object"},
            "lists": _STRS,
            "comments": _STRS,
        },
        "oneOf": [{"required": ["value"]}, {"required": ["keys", "data", "lists"]}],
    },
    "sheet": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _STR,
            "list": _NAME,
            "columns": _STRS,
            "numbered": _STRS,
            "hidden": _STRS,
            "status": _STR,
        },
    },
    "group": {
        "type": "object",
        "required": ["sheet", "title"],
        "properties": {"sheet": _STR, "title": _STR, "file": _INDEX, "list": _STR},
    },
    "row": {
        "type": "object",
        "required": ["sheet", "id", "file", "list", "index", "keys"],
        "properties": {
            "sheet": _STR,
            "id": _STR,
            "file": _INDEX,
            "list": _STR,
            "index": _INDEX,
            "keys": _STRS,
            "repeat": {"type": "boolean"},
        },
    },
    "unshown": {
        "type": "object",
        "required": ["file", "list", "index", "value"],
        "properties": {"file": _INDEX, "list": _STR, "index": _INDEX},
    },
}


def _check_entry(path: Path, row: int, key: str, value: Any) -> None:
    """A QingdanError naming the row of an entry that is not as `carry` writes it."""
    schema = _META_SCHEMAS.get(key)
    if schema is None:
        return  # an entry this version does not read
    from jsonschema.exceptions import best_match  # imported here: only reading a rendered workbook pays for it

    error = best_match(_validator(key).iter_errors(value))
    if error is not None:
        at = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        raise QingdanError(
            _tampered(path, row, key, f"{'$' + at}应是{_kind_word(error.validator_value, error.validator)}")
        )


def _kind_word(expected: Any, validator: str) -> str:
    words = {"string": "文字", "integer": "整数", "array": "列表", "object": "映射", "boolean": "是或否", "null": "空"}
    if validator == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        return "或".join(words.get(k, k) for k in kinds)
    if validator == "minimum":
        return f"不小于 {expected} 的数"
    if validator == "pattern":
        return "清单文件夹里的相对路径"
    if validator == "required":
        return f"有 {'、'.join(expected)}"
    if validator == "minItems":
        return f"至少 {expected} 项"
    return "qingdan 写的样子"


@functools.cache
def _validator(key: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_META_SCHEMAS[key])


def _excerpt(value: Any, most: int = 30) -> str:
    text = str(value)
    return text if len(text) <= most else text[:most] + "…"


def _sheets(sheets: list[Sheet], by_name: dict[str, Sheet], meta: _Meta) -> list[tuple[dict[str, Any], Sheet]]:
    """Each table's description with its worksheet: by name, or by position when someone renamed it."""
    tables = [ws for ws in sheets if ws.name != META_SHEET]
    pairs = []
    for n, sheet in enumerate(meta.sheets):
        if sheet["name"] in by_name:
            pairs.append((sheet, by_name[sheet["name"]]))
        elif n < len(tables) and tables[n].name not in {s["name"] for s in meta.sheets}:
            pairs.append((sheet, tables[n]))
    return pairs


# -- reading rows ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Row:
    sheet: str  # the worksheet's name as it is now
    number: int  # the Excel row number
    group: dict[str, Any] | None
    texts: dict[str, str]  # visible column title -> cell text
    rid: str
    hidden: dict[str, Any]
    origin: dict[str, Any] | None  # the row's description in the 「qingdan」 sheet; None for a new row
    sheet_meta: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    target: tuple[int, str] = (0, "")  # (file number, record list)
    place: tuple[int, int] = (0, 0)  # sort key inside the list


class _Reader:
    def __init__(self, meta: _Meta, source: Source, dataset: DataSet | None) -> None:
        self.meta, self.source, self.dataset = meta, source, dataset
        self.result = ImportResult()
        self.rows: list[_Row] = []
        self.leader_edits: list[tuple[_Row, list[int]]] = []  # rows whose 分管领导 was edited, the leaders it lists
        self.seq = 0
        names = meta.names
        stored = [Department(i, n, s, (), None) for i, n, s in names.get("departments", ())]
        extra = list(dataset.departments) if dataset else []
        jurisdiction = names.get("jurisdiction") or (
            dataset.edition.jurisdiction if dataset and dataset.edition else ""
        )
        self.departments = DepartmentIndex([*stored, *extra], jurisdiction)
        self.offices = _by_name(names.get("units" if meta.kind == "performance-list" else "roles", ()))
        if dataset:
            if meta.kind == "performance-list":
                for t in dataset.townships:
                    for u in (*t.offices, *t.stationed_units):
                        self.offices.setdefault(u.name, u.id)
            else:
                for s in dataset.structures:
                    for r in s.roles:
                        self.offices.setdefault(r.name, r.id)

    # one worksheet

    def sheet(self, sheet_meta: dict[str, Any], ws: Sheet) -> None:
        header = [_text(c) for c in ws.rows[HEADER_ROW - 1]] if len(ws.rows) >= HEADER_ROW else []
        if ID_HEADER not in header:
            self.result.add("QD704", f"表头里找不到「{ID_HEADER}」列，这张工作表没有读入", ws.name, HEADER_ROW)
            return
        id_col = header.index(ID_HEADER)
        visible = {t: c for c, t in enumerate(header[:id_col]) if t}
        hidden = {t: c for c, t in enumerate(header) if c > id_col and t}
        kept = set(sheet_meta.get("hidden", ()))
        for title in (t for t in sheet_meta.get("columns", ()) if t not in visible and t != "序号"):
            fields = self.source.columns.get(title, ())
            how = "按隐藏列中的原值导入" if all(f in kept for f in fields) else "没有导入"
            self.result.add("QD704", f"缺少「{title}」列，这一列的内容{how}", ws.name, HEADER_ROW, title)
        origins: dict[str, deque[dict[str, Any]]] = {}
        for origin in self.meta.rows.get(sheet_meta["name"], ()):
            origins.setdefault(origin["id"], deque()).append(origin)
        groups = self.meta.groups.get(sheet_meta["name"], [])
        merged = {m.top for m in ws.scan.merges if m.left == 1 and m.right > 1}
        group, at = None, 0
        start = len(self.rows)
        for number, cells in enumerate(ws.rows[HEADER_ROW:], start=HEADER_ROW + 1):
            cells = (*cells, *([None] * (len(header) - len(cells))))
            texts = {t: _text(cells[c]) for t, c in visible.items()}
            rid = _text(cells[id_col]).strip()
            values = {k: _hidden(cells[c]) for k, c in hidden.items() if cells[c] not in (None, "")}
            if _group_row(cells, id_col, number in merged):
                group, at = self._group(ws.name, number, _text(cells[0]), groups, at, group)
                continue
            if not rid and not values and not any(v.strip() for t, v in texts.items() if t != "序号"):
                continue
            self.result.rows += 1
            queue = origins.get(rid)
            origin = queue.popleft() if queue else None
            if origin is not None and origin.get("repeat"):
                continue  # the same record shown twice; it was read at its first row
            self.rows.append(_Row(ws.name, number, group, texts, rid, values, origin, sheet_meta))
        self._values(self.rows[start:], sheet_meta)

    def _group(
        self, sheet: str, number: int, title: str, groups: list[dict[str, Any]], at: int, current: dict | None
    ) -> tuple[dict[str, Any] | None, int]:
        """The group a group row stands for, and where to look for the next one."""
        for i in (*range(at, len(groups)), *range(at)):
            if groups[i]["title"] == title:
                return groups[i], i + 1
        bare = _COUNT.sub("", _ORDINAL.sub("", title)).strip()
        for i, g in enumerate(groups):
            if bare in (_COUNT.sub("", _ORDINAL.sub("", g["title"])).strip(), g.get("name")):
                return g, i + 1
        if self.source.group == "category":
            return {"sheet": sheet, "title": title, "category": bare}, at
        if self.source.group:
            self.result.add(
                "QD707", f"分组「{title}」对不上原来的任何分组，其下的行仍按原来的分组导入", sheet, number, ""
            )
        return current, at

    # the values of a sheet's rows

    def _values(self, rows: list[_Row], sheet_meta: dict[str, Any]) -> None:
        hidden = set(sheet_meta.get("hidden", ()))
        numbered = set(sheet_meta.get("numbered", ()))
        previous: dict[tuple[int, str], tuple[int, int]] = {}
        last_file = 0
        for row in rows:
            row.target = self._target(row, sheet_meta, last_file)
            last_file = row.target[0]
            row.values = self._candidate(row, hidden, numbered)
            here = (row.origin["file"], row.origin["list"]) if row.origin else None
            self.seq += 1
            if here == row.target:
                row.place = (row.origin["index"], 0)
            else:
                row.place = (previous.get(row.target, (-1, 0))[0], self.seq)
                if row.origin is not None:
                    self._moved(row)
            previous[row.target] = row.place
        leaders = self._leader_list(rows[0].target[0]) if rows else []
        expected = _expected(self.meta, self.source, [(r.target[1], r.values) for r in rows], leaders)
        for row, shown in zip(rows, expected, strict=True):
            self._edits(row, shown, hidden)

    def _target(self, row: _Row, sheet_meta: dict[str, Any], last_file: int) -> tuple[int, str]:
        """The file and record list a row goes to: its group's, else where it came from."""
        lists = tuple(self.source.lists)
        origin = row.origin
        if sheet_meta.get("list"):
            key = sheet_meta["list"]
        elif row.group and row.group.get("list"):
            key = row.group["list"]
        else:
            key = origin["list"] if origin else lists[0]
        if self.source.group == "file" and row.group and "file" in row.group:
            return row.group["file"], key
        return (origin["file"] if origin else last_file), key

    def _candidate(self, row: _Row, hidden: set[str], numbered: set[str]) -> dict[str, Any]:
        """The record as its hidden cells and its exactly read cells say, before edits are looked at."""
        keys = row.origin["keys"] if row.origin else None
        values = dict(row.hidden)

        def put(key: str, value: Any) -> None:
            if (keys is not None and key in keys) or value:
                values[key] = value

        for title, fields in self.source.columns.items():
            if title not in row.texts:
                continue
            for key in fields:
                how = self.source.exact.get(key)
                if how in ("text", "lines") and key not in hidden:
                    text = row.texts[title]
                    put(key, parse_lines(text, title in numbered) if how == "lines" else text)
        own = table_fields(self.source, (row.target[1],))
        for key, how in self.source.exact.items():
            if how == "group" and key not in hidden and key in own:
                put(key, (row.group or {}).get(key, ""))
        if "id" not in hidden:
            put("id", row.rid)
        if row.origin is None and row.sheet_meta.get("status") and "status" not in values:
            values["status"] = row.sheet_meta["status"]  # a new row of 已收回事项 is a withdrawn power
        return values

    def _edits(self, row: _Row, shown: dict[str, str], hidden: set[str]) -> None:
        """Let every edited cell win over the hidden value it shows."""
        done: set[tuple[str, ...]] = set()
        new = row.origin is None
        for title, text in row.texts.items():
            if title == "序号":
                continue
            if title not in self.source.columns:
                if text.strip():
                    extra = dict(row.values.get("extra") or {})
                    extra[title] = text
                    row.values["extra"] = extra
                    self.result.add(
                        "QD701", f"「{title}」不是这份清单的列，内容放进了 extra", row.sheet, row.number, title
                    )
                continue
            if title == "分管领导":
                if text != shown.get(title, ""):
                    self._leaders(row, text)
                continue
            fields = self.source.columns[title]
            if not any(f in hidden for f in fields) or fields in done or text == shown.get(title, ""):
                continue
            done.add(fields)
            updates, dropped = self._parse(title, fields, row)
            for key, value in updates.items():
                if value is _ABSENT:
                    row.values.pop(key, None)
                else:
                    row.values[key] = value
            if not new:
                message = f"「{title}」改过，按单元格导入"
                if dropped:
                    message += f"；隐藏列中的{'、'.join(dropped)}对不上，不再使用"
                self.result.add("QD707", message, row.sheet, row.number, title)

    def _moved(self, row: _Row) -> None:
        files = self.meta.files
        old, new = files[row.origin["file"]]["path"], files[row.target[0]]["path"]
        where = f"「{new}」" if old != new else f"「{row.target[1]}」"
        self.result.add("QD707", f"这一行换了分组，移到{where}", row.sheet, row.number)

    # cells people edit

    def _parse(self, title: str, fields: tuple[str, ...], row: _Row) -> tuple[dict[str, Any], list[str]]:
        """The values an edited cell gives, and what the hidden value knew that the cell no longer says."""
        text = row.texts[title].strip()
        old = row.values
        key = fields[0]
        if fields == ("lead", "supporting"):
            return self._parties(text, old, row, title), []
        if key == "basis":
            return _basis(text, old.get(key))
        if key == "contact":
            return _contact(text, old.get(key))
        if key == "staffing":
            value = _staffing(text, old.get(key))
            if value is None:
                self.result.add("QD705", f"编制「{text}」没能读懂，保留原值", row.sheet, row.number, title)
                return {}, []
            return {key: value}, []
        if key == "withdrawn":
            return _withdrawn(row.texts.get("收回日期", ""), row.texts.get("收回文件及理由", ""), old.get(key)), []
        if key == "counterparts":
            ids = [self._department(n, row, title) for line in text.split("\n") for n in _split(line)]
            return {key: ids or _ABSENT}, []
        if key in ("department", "receiving_department"):  # one department, or several joined with 、
            ids = list(
                dict.fromkeys(self._department(n, row, title) for line in text.split("\n") for n in _split(line))
            )
            was_list = isinstance(old.get(key), list)
            return {key: (ids[0] if len(ids) == 1 and not was_list else ids) if ids else _ABSENT}, []
        if key == "source":
            return {key: self._department(text, row, title) if text else _ABSENT}, []
        if key in ("office", "receiving_office"):
            return {key: self._office(text, row, title) if text else _ABSENT}, []
        if key in LABELS:
            codes = {label: code for code, label in LABELS[key].items()}
            if text and text not in codes and text not in LABELS[key]:
                self.result.add("QD707", f"「{text}」不是认识的{title}，原样写入", row.sheet, row.number, title)
            return {key: codes.get(text, text) if text else _ABSENT}, []
        return {key: text or _ABSENT}, []

    def _parties(self, text: str, old: dict[str, Any], row: _Row, title: str) -> dict[str, Any]:
        leads, supporting = [], []
        for line in text.split("\n"):
            match = _SUPPORT.match(line.strip())
            if match:
                supporting += [self._party(n, row, title) for n in _split(line.strip()[match.end() :])]
            else:
                leads += [self._party(n, row, title) for n in _split(line)]
        was_list = isinstance(old.get("lead"), list) and len(old["lead"]) == 1
        lead: Any = leads if len(leads) > 1 or (leads and was_list) else (leads[0] if leads else _ABSENT)
        return {"lead": lead, "supporting": supporting or _ABSENT}

    def _party(self, name: str, row: _Row, title: str) -> str:
        if name in (TOWNSHIP_NAME, TOWNSHIP):
            return TOWNSHIP
        found = self.departments.party(name)
        if found is None:
            self.result.add("QD703", f"部门名录里没有「{name}」，原样写入", row.sheet, row.number, title)
        return found or name

    def _department(self, name: str, row: _Row, title: str) -> str:
        found = self.departments.match(name)
        if found is None:
            self.result.add("QD703", f"部门名录里没有「{name}」，原样写入", row.sheet, row.number, title)
        return found or name

    def _office(self, name: str, row: _Row, title: str) -> str:
        if name in self.offices:
            return self.offices[name]
        if name not in self.offices.values():
            self.result.add("QD707", f"找不到名为「{name}」的机构，原样写入", row.sheet, row.number, title)
        return name

    def _leaders(self, row: _Row, text: str) -> None:
        """Note which leaders an edited 分管领导 cell lists; applied to their `oversees` at the end."""
        leaders = self._leader_list(row.target[0])
        shown = [f"{p.get('name', '')}（{p.get('post', '')}）" for p in leaders if isinstance(p, dict)]
        names = [p.get("name") if isinstance(p, dict) else None for p in leaders]
        listed = []
        for line in (x.strip() for x in text.split("\n")):
            if not line:
                continue
            if line in shown:
                listed.append(shown.index(line))
            elif line.split("（")[0] in names:
                listed.append(names.index(line.split("（")[0]))
            else:
                self.result.add(
                    "QD707", f"乡镇文件里没有班子成员「{line}」，没有导入", row.sheet, row.number, "分管领导"
                )
        self.leader_edits.append((row, listed))
        if row.origin is not None:
            self.result.add("QD707", "「分管领导」改过，按单元格改了班子成员的分管", row.sheet, row.number, "分管领导")

    def _file_data(self, n: int) -> dict[str, Any]:
        return self.meta.files[n].get("data", {}) if n < len(self.meta.files) else {}

    # the files

    def finish(self) -> ImportResult:
        taken: set[str] = {str(r.values.get("id")) for r in self.rows if r.values.get("id")}
        taken |= {str(u["value"].get("id")) for u in self.meta.unshown if isinstance(u.get("value"), dict)}
        ids = Ids(taken)
        for row in self.rows:
            if row.values.get("id") or row.origin is not None:
                continue
            name = row.values.get("name")
            if not isinstance(name, str) or not name.strip():
                self.result.add("QD702", "新增的行没有名称，无法生成标识，没有导入", row.sheet, row.number)
                row.values.clear()
                continue
            row.values["id"] = ids.take(pinyin_id(name, split_words=False))
            self.result.add("QD707", f"新增的一行，生成标识「{row.values['id']}」", row.sheet, row.number)
        leaders = self._apply_leaders()
        entries: dict[tuple[int, str], list[tuple[tuple[int, int], Any]]] = {}
        for row in self.rows:
            if row.values:
                canonical = self.source.lists.get(row.target[1], ())
                keys = row.origin["keys"] if row.origin else None
                record = _ordered(row.values, keys, canonical)
                entries.setdefault(row.target, []).append((row.place, record))
        for u in self.meta.unshown:
            entries.setdefault((u["file"], u["list"]), []).append(((u["index"], 0), u["value"]))
        paths = _paths(self.meta.files)
        for n, (f, path) in enumerate(zip(self.meta.files, paths, strict=True)):
            if "value" in f:
                data: Any = f["value"]
            else:
                data = dict(f["data"])
                if n in leaders:
                    data["leaders"] = leaders[n]
                for key in self.source.lists:
                    if (n, key) in entries:
                        data[key] = [r for _, r in sorted(entries[(n, key)], key=lambda e: e[0])]
                    elif key in f["lists"]:
                        data[key] = []
                data = _ordered(data, f["keys"], self.source.top)
                self.result.items += sum(len(data[k]) for k in self.source.lists if isinstance(data.get(k), list))
            self.result.files[path] = data
            self.result.kinds[path] = f["kind"]
            if f.get("comments"):
                self.result.comments[path] = list(f["comments"])
        return self.result

    def _apply_leaders(self) -> dict[int, list[Any]]:
        """Each township's leaders with `oversees` as the edited 分管领导 cells say."""
        out: dict[int, list[Any]] = {}
        for row, shown in self.leader_edits:
            if not row.values:
                continue
            n, unit = row.target[0], row.values.get("id")
            leaders = out.setdefault(n, [dict(p) if isinstance(p, dict) else p for p in self._leader_list(n)])
            listed = set(shown)
            for i, p in enumerate(leaders):
                before = p.get("oversees") if isinstance(p, dict) else None
                if not isinstance(p, dict) or not isinstance(before or [], list):
                    continue  # not a leader as the schema has it: left as the file had it
                oversees = list(before or [])
                if i in listed and unit not in oversees:
                    oversees.append(unit)
                elif i not in listed and unit in oversees:
                    oversees.remove(unit)
                if oversees != list(before or []):
                    p["oversees"] = oversees
                    leaders[i] = _ordered(p, list(p), LEADER)
        return out

    def _leader_list(self, n: int) -> list[Any]:
        leaders = self._file_data(n).get("leaders")
        return leaders if isinstance(leaders, list) else []


# -- what the renderer shows --------------------------------------------------------------------------


def _expected(
    meta: _Meta, source: Source, rows: list[tuple[str, dict[str, Any]]], leaders: list[Any]
) -> list[dict[str, str]]:
    """The cell texts the renderer makes of each record: the document built from a data set of just these."""
    names = meta.names
    departments = [{"id": i, "name": n, "short_name": s} for i, n, s in names.get("departments", ())]
    roles = [{"id": i, "name": n} for i, n in names.get("roles", ())]
    files = [
        SourceFile(layout_path("departments"), "departments", {"departments": departments}, ""),
        SourceFile(layout_path("structures"), "structures", {"structures": [{"id": "s", "roles": roles}]}, ""),
    ]
    lists: dict[str, list[Any]] = {}
    where = {}
    for n, (key, values) in enumerate(rows):
        items = lists.setdefault(key, [])
        where[(key, len(items))] = n
        items.append(values)
    if source.kind == "matters":
        data: dict[str, Any] = {"domain": {"id": "d", "name": "d"}, **lists}
    elif source.kind == "duties":
        data = {"areas": [{"id": "a", "name": "a"}], "duties": [{**d, "area": "a"} for d in lists.get("duties", [])]}
    elif source.kind == "duty-list":
        data = {"township": "t", **lists}
        units = [{"id": i, "name": n} for i, n in names.get("units", ())]
        files.append(
            SourceFile(layout_path("township", "t.yaml"), "township", {"id": "t", "name": "t", "offices": units}, "")
        )
    elif source.kind == "township":
        data = {"id": "t", "name": "t", "leaders": leaders, **lists}
    else:
        data = lists
    files.append(SourceFile("source.yaml", source.kind, data, ""))
    shown: list[dict[str, str]] = [{} for _ in rows]
    for doc in KINDS[meta.kind].build(build_dataset("", files), None):
        for table in (t for p in doc.parts for t in p.tables):
            for group in table.groups:
                for row, record in zip(group.rows, group.records, strict=True):
                    n = where.get(tuple(record.at.path[:2]))
                    if n is not None:
                        shown[n] = {
                            c.title: clean(cell_text(c, cell)) for c, cell in zip(table.columns, row, strict=True)
                        }
    return shown


# -- cells to values ----------------------------------------------------------------------------------


def _basis(text: str, old: Any) -> tuple[dict[str, Any], list[str]]:
    """Basis lines as printed (document, 文号, article, excerpt); an unchanged entry keeps its hidden value whole.

    The cell shows every part of an entry, so an edited line is read with the importer's citation
    parser and nothing the hidden value knew is lost.
    """
    entries = [e for e in old if isinstance(e, dict)] if isinstance(old, list) else []
    printed = [
        Basis(_s(e.get("document")), _s(e.get("article")), _s(e.get("excerpt")), _s(e.get("number"))).text.split("\n")
        for e in entries
    ]
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    used: set[int] = set()
    out: list[Any] = []
    at = 0
    while at < len(lines):
        same = next(
            (i for i, p in enumerate(printed) if i not in used and [x.strip() for x in p] == lines[at : at + len(p)]),
            None,
        )
        if same is not None:
            used.add(same)
            out.append(entries[same])
            at += len(printed[same])
            continue
        out += split_basis(lines[at]).entries
        at += 1
    return {"basis": out or _ABSENT}, []


def _contact(text: str, old: Any) -> tuple[dict[str, Any], list[str]]:
    """联系人及电话: name, then phone; the unit stays only while the name does."""
    old = old if isinstance(old, dict) else {}
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    name = phone = ""
    if len(lines) == 1:
        name, phone = ("", lines[0]) if _PHONE.match(lines[0]) else (lines[0], "")
    elif lines:
        name, phone = lines[0], lines[1]
    new = dict(old)
    for key, value in (("name", name), ("phone", phone)):
        if value:
            new[key] = value
        else:
            new.pop(key, None)
    dropped = []
    if len(lines) > 2:
        new["unit"] = "\n".join(lines[2:])
    elif name != old.get("name", "") and "unit" in new:
        dropped.append(f"联系人单位「{new.pop('unit')}」")
    return {"contact": _ordered(new, list(old), ("name", "phone", "unit")) if new else _ABSENT}, dropped


def _staffing(text: str, old: Any) -> dict[str, Any] | None:
    """编制 lines back into staffing; counts the cell does not show (实有, 持执法证) stay. None when a line cannot be read."""
    old = old if isinstance(old, dict) else {}
    shown: dict[str, Any] = {}
    for line in (x.strip() for x in text.split("\n")):
        if not line:
            continue
        if m := _POSTS.match(line):
            key = "administrative" if m[1] == "行政" else "institutional"
            counts = dict(old.get(key)) if isinstance(old.get(key), dict) else {}
            counts["approved"] = int(m[2])
            if m[3] is not None:  # a cell someone typed 实有 into; the rendered cell leaves it to the hidden value
                counts["actual"] = int(m[3])
            shown[key] = _ordered(counts, list(old.get(key) or ()), ("approved", "actual"))
        elif m := _MIDDLE.match(line):
            shown["middle_posts"] = int(m[1])
        else:
            return None
    new = {**{k: v for k, v in old.items() if k not in ("administrative", "institutional", "middle_posts")}, **shown}
    canonical = ("administrative", "institutional", "middle_posts", "enforcement_certified")
    return _ordered(new, list(old), canonical) if new else _ABSENT


def _withdrawn(date: str, text: str, old: Any) -> dict[str, Any]:
    """收回日期 and 收回文件及理由 (the document on the first line, the reason after it)."""
    old = old if isinstance(old, dict) else {}
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    document = reason = ""
    if len(lines) > 1:
        document, reason = lines[0], "\n".join(lines[1:])
    elif lines:
        if old.get("document") and not old.get("reason"):
            document = lines[0]
        elif old.get("reason") and not old.get("document"):
            reason = lines[0]
        elif "〔" in lines[0] or lines[0].endswith("号"):
            document = lines[0]
        else:
            reason = lines[0]
    new = dict(old)
    for key, value in (("date", date.strip()), ("document", document), ("reason", reason)):
        if value:
            new[key] = value
        else:
            new.pop(key, None)
    return {"withdrawn": _ordered(new, list(old), ("date", "document", "reason")) if new else _ABSENT}


# -- small helpers ------------------------------------------------------------------------------------


def _ordered(values: dict[str, Any], keys: list[str] | None, canonical: tuple[str, ...]) -> dict[str, Any]:
    """The mapping with its keys in their original order; a new key goes where the schema puts it."""
    order = [k for k in keys or () if k in values]
    for key in canonical:
        if key in values and key not in order:
            rank = canonical.index(key)
            before = [i for i, k in enumerate(order) if k in canonical and canonical.index(k) < rank]
            order.insert(before[-1] + 1 if before else 0, key)
    order += [k for k in values if k not in order]
    return {k: values[k] for k in order}


def _paths(files: list[dict[str, Any]]) -> list[str]:
    """Each file's path in the default layout; its own path when two would share one."""
    wanted = [layout_path(f["kind"], Path(f["path"]).name) for f in files]
    return [w if wanted.count(w) == 1 else f["path"] for w, f in zip(wanted, files, strict=True)]


def _by_name(pairs: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in pairs:
        out.setdefault(name, key)
    return out


def _split(text: str) -> list[str]:
    return [n.strip() for n in _SEPARATORS.split(text) if n.strip()]


def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _group_row(cells: tuple, id_col: int, merged: bool) -> bool:
    """A group row: text in the first cell only, merged across the row (or, added by hand, not a number)."""
    first = cells[0]
    return (
        isinstance(first, str)
        and bool(first.strip())
        and (merged or not first.strip().isdigit())
        and all(c in (None, "") for c in cells[1 : id_col + 1])
    )


def _text(value: Any) -> str:
    """A visible cell as text, whatever Excel made of what someone typed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _hidden(value: Any) -> Any:
    return decode(value) if isinstance(value, str) else value
