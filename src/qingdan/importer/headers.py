"""The column titles people really use, per field and kind, and finding the header row(s) of a sheet."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from qingdan.errors import QingdanError
from qingdan.importer.read import Grid

SEQ = "seq"  # 序号: numbering, not data; dropped knowingly
EXTRA = "extra"  # an unmapped column: its values go to each item's `extra`

_BASIS = ("依据", "实施依据", "法律法规及文件依据", "法律法规依据", "法律依据", "政策依据", "设定依据", "文件依据",
          "法律法规和政策依据", "法律法规及政策依据", "责任依据", "相关依据", "法定依据")  # fmt: skip
_NAME = ("事项名称", "具体事项", "事项", "事项内容", "名称", "具体事项名称")
_LEAD = ("牵头部门", "主体责任部门", "对应上级部门", "主体责任单位", "主责部门", "牵头单位", "责任部门", "主体责任",
         "上级部门", "对应部门", "上级责任部门", "主管部门", "实施主体", "责任主体", "责任单位", "主责单位",
         "牵头责任部门", "牵头责任单位", "县级责任部门", "县级主管部门", "行业主管部门", "县级牵头部门")  # fmt: skip
_DEPT_DUTY = ("部门职责", "县级部门职责", "上级部门职责", "职责边界划分:县级部门", "职责边界划分:县级部门职责",
              "职责边界划分:部门", "职责边界划分:部门职责", "职责边界:县级部门", "主体责任部门职责", "县(市)直部门职责",
              "县(市、区)部门职责", "市直部门职责", "县直部门职责", "部门主体责任", "主体责任部门责任", "主管部门职责",
              "牵头部门职责", "区直部门职责", "县级部门主体责任", "部门责任")  # fmt: skip
_TOWN_DUTY = ("乡镇(街道)职责", "镇街配合职责", "职责边界划分:乡镇(街道)", "职责边界划分:乡镇(街道)职责",
              "职责边界划分:乡镇", "职责边界划分:乡镇职责", "职责边界:乡镇(街道)", "乡镇职责", "街道职责", "镇街职责",
              "乡镇(街道)配合职责", "乡镇配合职责", "乡镇(街道)配合责任", "乡镇配合责任", "配合职责", "属地责任",
              "属地职责", "镇街责任", "乡镇(街道)责任", "乡镇责任")  # fmt: skip
_CONTACT = ("联系人及电话", "联系人及联系电话", "联系人和电话", "联系方式", "联系人及联系方式")
_NOTE = ("备注",)

# kind -> field -> the titles that mean it (compared after `title_key`)
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "matters": {
        SEQ: ("序号", "编号"),
        "domain": ("领域", "所属领域", "事项领域", "类别", "分类", "所属分类", "事项类别", "所属类别", "事项分类"),
        "name": (*_NAME, "属地管理事项", "属地管理事项名称"),
        "lead": _LEAD,
        "supporting": (
            "配合部门",
            "配合单位",
            "配合责任部门",
            "配合责任单位",
            "协同部门",
            "配合责任",
            "协办单位",
            "协办部门",
            "协同单位",
            "配合责任主体",
        ),
        "department_duties": _DEPT_DUTY,
        "township_duties": _TOWN_DUTY,
        "township_office": ("乡镇承担机构", "承担机构", "乡镇责任机构", "乡镇承办机构"),
        "basis": _BASIS,
        "contact": _CONTACT,
        "contact.name": ("联系人",),
        "contact.phone": ("联系电话", "电话", "咨询电话"),
        "contact.unit": ("联系科室", "联系单位"),
        "note": _NOTE,
    },
    "duties": {
        SEQ: ("序号", "编号"),
        "area": ("方面", "类别", "领域", "分类", "职责类别", "所属分类", "所属类别"),
        "name": ("职责", "职责内容", "职责事项", "主要职责", *_NAME),
        "office": ("承担机构", "责任机构", "承办机构"),
        "basis": _BASIS,
        "note": _NOTE,
    },
    "duty-list": {
        SEQ: ("序号", "编号"),
        "category": ("类别", "事项类别", "分类", "领域", "所属分类", "所属类别", "事项分类"),
        "name": (*_NAME, "履职事项", "职责事项"),
        "department": _LEAD,
        "department_duty": _DEPT_DUTY,
        "township_duty": _TOWN_DUTY,
        "receiving_department": ("承接部门", "承接单位", "收回后承接部门"),
        "working_method": ("工作方式", "工作机制", "履职方式"),
        "office": ("承担机构", "责任机构", "承办机构", "镇街承担机构", "乡镇承担机构"),
        "note": _NOTE,
    },
    "powers": {
        SEQ: ("序号", "编号"),
        "name": ("事项名称", "权力事项名称", "项目名称", "赋权事项", "权力名称", "职权名称", "事项"),
        "type": ("权力类型", "事项类型", "职权类型", "权力类别", "类型"),
        "code": ("项目编码", "事项编码", "权力编码", "职权编码", "编码"),
        "source": ("原实施部门", "实施部门", "原实施主体", "赋权部门", "原行使部门"),
        "mode": ("赋权方式", "下放方式"),
        "receiving_office": ("承接机构", "乡镇承接机构"),
        "basis": _BASIS,
        "since": ("赋权日期", "实施日期", "起始日期", "下放时间", "生效日期"),
        "note": _NOTE,
    },
    "power-list": {
        SEQ: ("序号", "编号"),
        "type": ("权力类型", "事项类型", "职权类型", "权力类别", "类型"),
        "code": ("项目编码", "事项编码", "权力编码", "职权编码", "编码"),
        "name": ("项目名称", "事项名称", "权力事项名称", "权力名称", "职权名称", "事项"),
        "sub_items": ("子项", "子项名称", "子项目"),
        "basis": _BASIS,
        "responsibilities": ("责任事项", "责任事项内容"),
        "accountability": ("追责情形", "问责情形", "追责情形及依据"),
        "office": ("承办机构", "承担机构", "实施机构"),
        "note": _NOTE,
    },
}
KINDS = tuple(FIELDS)
# fields a header may give more than one column: their cells are read together (主体责任 beside 责任部门)
REPEATABLE = frozenset({"lead", "supporting", "department", "receiving_department"})
# the field a group row (or a 领域 / 类别 column) fills, per kind
GROUP_FIELD = {"matters": "domain", "duties": "area", "duty-list": "category", "powers": "", "power-list": ""}


def title_key(title: str) -> str:
    """The form titles are compared in: no spaces or line breaks, half-width brackets and colon."""
    text = re.sub(r"\s+", "", title)
    text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("﹕", ":")
    return text.strip("*＊:。.")


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 1-based
    title: str  # as shown in the sheet; two-level titles joined "上:下"
    field: str  # a YAML key, "contact.phone", SEQ or EXTRA
    titled: bool = True  # False: the sheet has no title over this column ("F列")


@dataclass(frozen=True, slots=True)
class Header:
    first: int  # 1-based row of the (upper) header row
    last: int  # the lower row of a two-level header, else = first
    columns: tuple[Column, ...]

    def field(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.field == name), None)


def parse_map(specs: list[str], kind: str) -> dict[str, str]:
    """--map 列名=字段 → {title_key: field}; an unknown field is a QingdanError naming the choices."""
    allowed = [f for f in FIELDS[kind] if f != SEQ] + [EXTRA]
    out = {}
    for spec in specs:
        title, sep, name = spec.partition("=")
        name = name.strip()
        if not sep or not title.strip() or not name:
            raise QingdanError(f"--map「{spec}」应写成 列名=字段，例如 --map 责任单位=lead")
        if name not in allowed:
            raise QingdanError(f"--map「{spec}」：{kind} 没有字段「{name}」；可选：{'、'.join(allowed)}")
        out[title_key(title)] = name
    return out


def field_for(kind: str, title: str, overrides: dict[str, str] | None = None) -> str | None:
    """The field a column title means for `kind`, or None."""
    overrides = overrides or {}
    key = title_key(title)
    candidates = [key]
    if ":" in key:
        candidates.append(key.rsplit(":", 1)[1])  # 职责边界划分:县级部门职责 → 县级部门职责
    bare = re.sub(r"\([^()]*\)$", "", key)  # 主体责任部门(单位) → 主体责任部门
    if bare and bare != key:
        candidates.append(bare)
    for cand in candidates:
        if cand in overrides:
            return overrides[cand]
    for cand in candidates:
        for name, keys in _known_keys(kind).items():
            if cand in keys:
                return name
    return None


@functools.cache
def _known_keys(kind: str) -> dict[str, frozenset[str]]:
    """FIELDS[kind] as title keys, worked out once: every row of a long sheet asks (a 3,000-row table took 40 s)."""
    return {name: frozenset(map(title_key, titles)) for name, titles in FIELDS[kind].items()}


def find_header(grid: Grid, start: int, kind: str, overrides: dict[str, str] | None = None) -> Header | None:
    """The first row at or below `start` whose cells are mostly known titles (two-level headers joined)."""
    for row in range(start, len(grid.cells) + 1):
        header = header_at(grid, row, kind, overrides)
        if header is not None:
            return header
    return None


def header_at(grid: Grid, row: int, kind: str, overrides: dict[str, str] | None = None) -> Header | None:
    """A header starting at `row`, or None: at least two distinct known titles, and most cells known."""
    single = _titles(grid, row, None)
    score = _score(single, kind, overrides)
    if score is None:
        return None
    titles, last = single, row
    if _two_level(grid, row):
        lower = _titles(grid, row, row + 1)
        if (_score(lower, kind, overrides) or 0) > score:
            titles, last = lower, row + 1
    named = dict(titles)
    columns = []
    seen: set[str] = set()
    for col in range(1, grid.width + 1):
        title = named.get(col) or f"{letter(col)}列"
        name = (field_for(kind, title, overrides) if col in named else None) or EXTRA
        if name not in (EXTRA, SEQ, *REPEATABLE) and name in seen:
            name = EXTRA  # a second column for the same field; kept whole in `extra`
        seen.add(name)
        columns.append(Column(col, title, name, col in named))
    return Header(row, last, tuple(columns))


def letter(col: int) -> str:
    """1 → A, 27 → AA: the column as Excel names it."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _score(titles: list[tuple[int, str]], kind: str, overrides: dict[str, str] | None) -> int | None:
    texts = {title_key(t) for _, t in titles if title_key(t)}
    known = {field_for(kind, t, overrides) for t in texts} - {None}
    matched = sum(1 for t in texts if field_for(kind, t, overrides))
    # a two-level parent (职责边界划分) is not known by itself; it must not sink the row
    parents = sum(1 for t in texts if _is_parent(kind, t))
    # three known fields make a header whatever else the row holds; two need most of the row
    if len(known) >= 3 or (len(known) == 2 and (matched + parents) * 2 >= len(texts)):
        return len(known)
    return None


def _is_parent(kind: str, key: str) -> bool:
    return any(k.startswith(key + ":") for keys in _known_keys(kind).values() for k in keys)


def _titles(grid: Grid, row: int, lower: int | None) -> list[tuple[int, str]]:
    """(column, title) of a header row; with `lower`, each upper title joined with the one below it."""
    out = []
    parent = ""
    for col in range(1, grid.width + 1):
        top = grid.text(row, col).strip()
        merge = grid.merge(row, col)
        if top:
            parent = top
        elif lower is not None and grid.text(lower, col).strip():
            top = parent  # a CSV has no merges: the upper title spans the empty cells to its right
        if lower is None:
            if top:
                out.append((col, top))
            continue
        below = grid.text(lower, col).strip()
        spans_down = merge is not None and merge.bottom >= lower
        if spans_down or not below or below == top:
            title = top
        elif top:
            title = f"{top}:{below}"
        else:
            title = below
        if title:
            out.append((col, title))
    return out


def _two_level(grid: Grid, row: int) -> bool:
    """True when some upper title spans columns that have their own titles in the row below."""
    lower = row + 1
    if lower > len(grid.cells):
        return False
    parent = False
    for col in range(1, grid.width + 1):
        top = grid.text(row, col).strip()
        merge = grid.merge(row, col)
        below = grid.text(lower, col).strip()
        wide = merge is not None and merge.width > 1 and merge.bottom == row
        if top and not wide:
            parent = False
        if wide:
            parent = True
        if below and (wide or (not top and parent) or (not top and _left_titled(grid, row, col))):
            return below != top
    return False


def _left_titled(grid: Grid, row: int, col: int) -> bool:
    """In a CSV, an empty upper cell right of a titled one whose lower cell is titled too."""
    for c in range(col - 1, 0, -1):
        if grid.text(row, c).strip():
            return bool(grid.text(row + 1, c).strip())
    return False
