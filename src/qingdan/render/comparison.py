"""The 新旧对照表: a reform diff as the table published with revisions — 原条款 beside 修改后条款.

Built from the diff's changes as a Document of the render model, so the same Word (GB/T
9704), HTML and Markdown writers and templates lay it out. Where both sides hold several lines,
lines only in the old text are marked 【删】 and lines only in the new text 【增】;
unchanged lines stand as they are. A whole item added or removed stands unmarked
opposite （无）.

It reads as the 编办 would write it: every field by its Chinese name (qingdan.labels), every
value in words (状态：已收回, 收回日期：2025年1月3日), its own opening words in place of an
edition's 发文 line (`Comparison.cover`). It is published, so it carries what the published
lists carry and nothing internal: no 备注, 其他列 or 职责准入记录, 编制 as 核定 and 中层职数 only,
and no change that only touches those (or only an id, which no published table prints).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from qingdan.changes import Change
from qingdan.diff import KINDS
from qingdan.disclosure import INTERNAL
from qingdan.labels import chinese_date, field_name
from qingdan.model import DataSet, Edition
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
NAME = "乡镇（街道）责任清单"  # the lists of an edition together, as the title names them
COLUMNS = (
    Column("序号", 3),
    Column("事项", 9),
    Column("原条款", 24),
    Column("修改后条款", 24),
    Column("修改说明", 14),
)
# kept by the 编办 for itself, never published (docs/render.md): the kinds that only change them, and the fields
_INTERNAL_KINDS = frozenset({"admission-changed", "matter-changed"})  # 职责准入记录; 备注 and 其他列
# 备注, 其他列, 职责准入记录: the internal fields of any record (qingdan.disclosure), not those under staffing
_INTERNAL_FIELDS = frozenset(f.key for f in INTERNAL if not f.under and not f.top)
_PUBLISHED_STAFFING = ("administrative.approved", "institutional.approved", "middle_posts")  # 核定, 中层职数


@dataclass(frozen=True, slots=True)
class Comparison(Document):
    """A 新旧对照表: a Document that opens with its own words rather than an edition's 发文 line."""

    cover: tuple[str, ...] = ()  # paragraphs under the title

    @property
    def row_count(self) -> int:
        """The changes it lists."""
        return sum(t.row_count for p in self.parts for t in p.tables)


def comparison(old: DataSet, new: DataSet, changes: list[Change]) -> Comparison:
    """The 新旧对照表 of two editions: a table per list, grouped as the changes are (domain, township …)."""
    shown = [p for c in changes if (p := published(c)) is not None]
    tables, counts = [], []
    for name, title in LISTS.items():
        own = [c for c in shown if c.list == name]
        if not own:
            continue
        groups: dict[str, list[tuple[Cell, ...]]] = {}
        ids: dict[str, list[str]] = {}
        for n, c in enumerate(own, start=1):
            before, after = _marked(_lines(c.old, name), _lines(c.new, name))
            label = KINDS[c.kind].label if c.kind in KINDS else c.kind
            row = ((str(n),), (c.title or c.key,), before, after, (f"{label}：{c.message}",))
            groups.setdefault(c.group, []).append(row)
            ids.setdefault(c.group, []).append(c.key)
        table_groups = tuple(Group(g, tuple(rows), tuple(ids[g])) for g, rows in groups.items())
        tables.append(Table(f"{title}（{len(own)}处）", COLUMNS, table_groups))
        counts.append(f"{title}{len(own)}处")
    e_old, e_new = old.edition, new.edition
    place = (e_new.jurisdiction if e_new else "") or (e_old.jurisdiction if e_old else "")
    before, after = _edition(e_old, "旧版"), _edition(e_new, "新版")
    title = f"{place}{NAME}新旧对照表（{before}与{after}）"
    return Comparison(
        "comparison",
        "comparison",
        title,
        place,
        e_new.authority if e_new else "",
        e_new.document_number if e_new else "",
        e_new.effective_date if e_new else "",
        e_new.version if e_new else "",
        (Part(title, tuple(tables)),),
        cover=_cover(place, before, after, e_new, counts, len(shown)),
    )


def published(c: Change) -> Change | None:
    """The change as the 对照表 prints it, without internal fields or words about admission records;
    None when nothing published changed."""
    if c.kind in _INTERNAL_KINDS:
        return None
    staffing = c.field == "staffing"
    old, new = _public(c.old, staffing), _public(c.new, staffing)
    if old == new:
        return None
    shown = replace(c, old=old, new=new, burden=False, admission=("", ""))
    return replace(shown, message=KINDS[c.kind].say(shown)) if c.kind in KINDS else shown


def _public(value: Any, staffing: bool = False) -> Any:
    if not isinstance(value, Mapping):
        return value
    if staffing:
        return {k: v for k, v in value.items() if k in _PUBLISHED_STAFFING}
    return {k: _public(v, k == "staffing") for k, v in value.items() if k not in _INTERNAL_FIELDS}


def _edition(e: Edition | None, otherwise: str) -> str:
    """An edition as the title names it: 2025年版."""
    version = e.version if e else ""
    if not version:
        return otherwise
    return f"{version}年版" if version.isdigit() else version


def _cover(place: str, before: str, after: str, e: Edition | None, counts: list[str], total: int) -> tuple[str, ...]:
    """What the 对照表 says before its tables: what it lists and how much, and the edition it brings in."""
    among = f"，其中{'，'.join(counts)}" if len(counts) > 1 else ""
    lines = [f"本对照表列出《{place}{NAME}》{before}与{after}的全部修改，共{total}处{among}。"]
    if e and (e.authority or e.document_number or e.effective_date):
        issued = f"由{e.authority}印发" if e.authority else "印发"
        number = f"（{e.document_number}）" if e.document_number else ""
        since = f"，自{chinese_date(e.effective_date)}起施行" if e.effective_date else ""
        lines.append(f"{after}{issued}{number}{since}。")
    return tuple(lines)


def _lines(value: Any, list_: str) -> list[str]:
    """A value as lines of the table: each field of an item by its Chinese name, values in words."""
    if value in (None, "", [], (), {}):
        return []
    if isinstance(value, Mapping):
        lines = []
        for key, v in value.items():
            if isinstance(v, Mapping):  # a power's withdrawal, a unit's 编制: each part on a line of its own
                lines += _lines(v, list_)
            elif _sentences(v):  # duties, functions, citations: numbered, one a line, as the lists print them
                lines += [f"{field_name(key, list_)}：", *(f"{n}. {_words(x)}" for n, x in enumerate(v, start=1))]
            elif v not in (None, "", [], ()):
                lines.append(f"{field_name(key, list_)}：{_words(v)}")
        return lines
    if isinstance(value, list | tuple):
        return [_words(v) for v in value]
    return [_words(value)]


def _sentences(value: Any) -> bool:
    """Several texts that are sentences rather than names."""
    return isinstance(value, list | tuple) and len(value) > 1 and any(str(v).endswith(("。", "；")) for v in value)


def _words(value: Any) -> str:
    """A value in words: a date as 2025年1月3日, names joined with 、."""
    if isinstance(value, list | tuple):
        return "、".join(_words(v) for v in value)
    return chinese_date(str(value))


def _marked(before: list[str], after: list[str]) -> tuple[Cell, Cell]:
    """Old and new lines as cells; lines on one side only are marked 【删】 or 【增】."""
    if not before or not after or (len(before) <= 1 and len(after) <= 1):  # a whole item added or removed
        return tuple(before) or ("（无）",), tuple(after) or ("（无）",)
    kept = set(before) & set(after)
    return (
        tuple(line if line in kept else f"【删】{line}" for line in before) or ("（无）",),
        tuple(line if line in kept else f"【增】{line}" for line in after) or ("（无）",),
    )
