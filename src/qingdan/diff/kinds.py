"""The kinds of change: one record each — its code, level, Chinese label, inverse and message.

A comparator (`qingdan.diff.matters`, `.powers` …) emits a change by its kind's code; `finish`
fills in what follows from the record: the level, whether it is a burden, and the message.
Adding a kind is one record here and one line in a comparator. Reports group changes by kind
in this order; docs/diff.md's table of kinds is generated from `BY_LIST`
(`qingdan.report.diff.kinds_doc`, held to the file by a test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from qingdan.changes import Change, Level
from qingdan.diff.match import line_delta
from qingdan.diff.views import citation
from qingdan.diff.wording import (
    delta_words,
    field_label,
    list_counts,
    new_id,
    quote,
    renamed,
    renamed_bare,
    say,
    set_delta,
)
from qingdan.labels import DUTY_LISTS, STAFFING, TOWNSHIP_NAME, field_name

_B, _N, _I = Level.BREAKING, Level.NOTABLE, Level.INFO
_UNADMITTED = "，未见职责准入记录"


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of change: what reports call it, how much it matters, and how it is said."""

    code: str  # stable kebab-case id, public (JSON, --fail-on): never renamed or reused
    level: Level
    label: str  # the Chinese name reports group by
    say: Callable[[Change], str]  # the one-sentence Chinese message of a change of this kind
    inverse: str = ""  # the kind diff(new, old) reports for the same difference; "" for this kind itself
    inverse_by_field: tuple[tuple[str, str], ...] = ()  # (field, kind) where the field decides the inverse
    burden: Callable[[Change], bool] | None = None  # may put work on townships (when no admission is recorded)
    direction: str | Callable[[Change], str] = ""  # which way it moves work (labels.DIRECTIONS), or how to tell

    def direction_of(self, c: Change) -> str:
        """Which way a change of this kind moves work between townships and departments."""
        return self.direction(c) if callable(self.direction) else self.direction

    def inverse_for(self, field: str) -> str:
        """The kind of the inverse of a change of this kind to `field`."""
        return dict(self.inverse_by_field).get(field, self.inverse or self.code)


def finish(c: Change) -> Change:
    """Fill in what follows from the kind: level, burden and message."""
    kind = KINDS[c.kind]
    burden = kind.burden is not None and not c.admission[1] and kind.burden(c)
    done = replace(c, level=kind.level, burden=bool(burden), direction=kind.direction_of(c))
    return replace(done, message=kind.say(done))


def invert(change: Change) -> Change:
    """Return the change `diff(new, old)` reports for the same difference."""
    c = change
    key, old_key = (c.old_key, c.key) if c.old_key else (c.key, "")
    title, old_title = (c.old_title, c.title) if c.old_title else (c.title, "")
    group, old_group = (c.old_group, c.group) if c.old_group else (c.group, "")
    swapped = replace(
        c,
        kind=KINDS[c.kind].inverse_for(c.field),
        key=key,
        old_key=old_key,
        title=title,
        old_title=old_title,
        group=group,
        old_group=old_group,
        old=c.new,
        new=c.old,
        admission=(c.admission[1], c.admission[0]),
        township_leads=(c.township_leads[1], c.township_leads[0]),
    )
    return finish(swapped)


# -- messages that take more than a line ---------------------------------------------------


def _matter_added(c: Change) -> str:
    lead = "，由乡镇（街道）承担主体责任" if TOWNSHIP_NAME in (c.new or {}).get("lead", []) else ""
    return f"新增{c.group}领域事项{quote(c.title)}{lead}" + (_UNADMITTED if c.burden else "")


def _lead_to_township(c: Change) -> str:
    tail = _UNADMITTED if c.burden else f"，准入依据{c.admission[1]}" if c.admission[1] else ""
    return f"事项{quote(c.title)}的主体责任由{say(c.old)}转为乡镇（街道）承担（加责）{tail}"


def _duties_of(side: str) -> Callable[[Change], str]:
    def message(c: Change) -> str:
        tail = _UNADMITTED if c.burden else ""
        return f"事项{quote(c.title)}的{side}职责{delta_words(c.old, c.new)}{tail}"

    return message


def _basis(c: Change) -> str:
    what = "事项" if c.list == "matters" else "乡镇职责"
    old, new = c.old or [], c.new or []
    # the message names the documents; their excerpts, whole, are in old / new (and the 新旧对照表)
    delta = set_delta([citation(x) for x in old], [citation(x) for x in new])
    if not delta:
        delta = "摘录有修改" if set(old) != set(new) else "顺序有调整"
    return f"{what}{quote(c.title)}的依据{delta}"


def _power_changed(c: Change) -> str:
    old, new = c.old, c.new
    if isinstance(old, dict) or isinstance(new, dict):  # the withdrawal: its date, document and reason
        o, n = old or {}, new or {}
        return "；".join(
            f"赋权事项{quote(c.title)}的{field_name(f, c.list)}由{quote(o.get(f))}调整为{quote(n.get(f))}"
            for f in dict.fromkeys([*o, *n])
            if o.get(f) != n.get(f)
        )
    if c.field == "basis":  # the documents by name; a change of excerpt only is said as one
        old, new = [citation(x) for x in c.old or []], [citation(x) for x in c.new or []]
        if old == new:
            return f"赋权事项{quote(c.title)}的依据摘录有修改"
    return f"赋权事项{quote(c.title)}的{field_label(c)}由{quote(old)}调整为{quote(new)}"


def _power_withdrawn(c: Change) -> str:
    if c.field == "status":
        info: dict[str, Any] = c.new if isinstance(c.new, dict) else {}
        how = "，".join(say(x) for x in (info.get("document", ""), info.get("date", "")) if x)
        return f"收回{c.group}赋权事项{quote(c.title)}" + (f"（{how}）" if how else "")
    return f"{c.group}赋权事项{quote(c.title)}从目录中删除，不再赋权"


def _staffing(c: Change) -> str:
    o, n = c.old or {}, c.new or {}
    parts = [f"{STAFFING.get(f, f)} {say(o.get(f))} → {say(n.get(f))}" for f in STAFFING if o.get(f) != n.get(f)]
    return f"{c.group}{c.title}编制调整：{'，'.join(parts)}"


def _leader_reassigned(c: Change) -> str:
    role = "分管领导" if c.field == "oversees" else "协助分管领导"
    return f"{c.group}{c.title}的{role}由{say(c.old)}调整为{say(c.new)}"


def _leader_changed(c: Change) -> str:
    what = "人选" if c.field == "name" else "职务"
    return f"{c.group}{c.old_title or c.title}的{what}由{say(c.old)}改为{say(c.new)}"


# -- what puts work on townships ---------------------------------------------------------------


def _township_duty_added(c: Change) -> bool:
    """A township duty added (not just reworded) while 主体责任 stays where it was (a lead change says it already)."""
    return c.township_leads[0] == c.township_leads[1] and line_delta(c.old, c.new)[0] > 0


def _township_work(c: Change) -> bool:
    """A new matter that townships lead or have duties in."""
    return isinstance(c.new, dict) and (c.township_leads[1] or bool(c.new.get("township_duties")))


# -- which way work moves: to departments (乡镇减负, 部门接回) or to townships (乡镇加责) ------------------

_RELIEVED, _RECLAIMED, _BURDENED = "relieved", "reclaimed", "burdened"  # the keys of labels.DIRECTIONS
_LISTS_IN_ORDER = tuple(DUTY_LISTS.values())  # 基本 (the township's own), 配合, 收回 (the department's)
_RECLAIMED_LIST = 2


def _matter_direction(c: Change) -> str:
    """A matter townships lead or have duties in: added, a burden; removed, a relief."""
    if c.kind == "matter-added":
        return _BURDENED if _township_work(c) else ""
    old = c.old if isinstance(c.old, dict) else {}
    return _RELIEVED if c.township_leads[0] or old.get("township_duties") else ""


def _township_duties_direction(c: Change) -> str:
    """Township duties added (not only reworded): a burden; only taken away: a relief."""
    if c.township_leads[0] != c.township_leads[1]:
        return ""  # the lead change says it already
    added, dropped, _ = line_delta(c.old, c.new)
    return _BURDENED if added else _RELIEVED if dropped else ""


def _duty_item_direction(c: Change) -> str:
    """Along 基本 → 配合 → 收回: towards the department relieves the township, into 收回 the department takes it back."""
    if c.kind == "duty-item-moved":
        before, after = _rank(c.old), _rank(c.new)
    elif c.kind == "duty-item-added":
        before, after = -1, _rank(c.new.get("list") if isinstance(c.new, dict) else None)
    else:  # removed
        before, after = _rank(c.old.get("list") if isinstance(c.old, dict) else None), -1
    if after == _RECLAIMED_LIST and before != after:
        return _RECLAIMED
    if after < 0:  # taken off the township's own list, or the one it supports
        return _RELIEVED if before in (0, 1) else ""
    if before < 0:  # a new item of the township's own list, or of the one it supports
        return _BURDENED
    return _RELIEVED if after > before else _BURDENED if after < before else ""


def _rank(list_name: Any) -> int:
    return _LISTS_IN_ORDER.index(list_name) if list_name in _LISTS_IN_ORDER else -1


# -- the records, by the list whose changes they describe --------------------------------------

BY_LIST: dict[str, tuple[Kind, ...]] = {
    # 属地管理事项: key the matter id, group the domain
    "matters": (
        Kind(
            "matter-added",
            _N,
            "新增事项",
            _matter_added,
            "matter-removed",
            burden=_township_work,
            direction=_matter_direction,
        ),
        Kind(
            "matter-removed",
            _B,
            "删除事项",
            lambda c: f"删除{c.group}领域事项{quote(c.title)}",
            "matter-added",
            direction=_matter_direction,
        ),
        Kind("matter-renamed", _I, "事项更名", lambda c: f"事项{renamed(c)}"),
        Kind(
            "matter-moved-domain",
            _N,
            "事项调整领域",
            lambda c: f"事项{quote(c.title)}由{c.old}领域调整到{c.new}领域",
        ),
        Kind(
            "lead-to-department",
            _B,
            "主体责任由乡镇转回部门（减负）",
            lambda c: f"事项{quote(c.title)}的主体责任由乡镇（街道）转为{say(c.new)}承担（减负）",
            "lead-to-township",
            direction=_RELIEVED,
        ),
        Kind(
            "lead-to-township",
            _B,
            "主体责任由部门转给乡镇（加责）",
            _lead_to_township,
            "lead-to-department",
            burden=lambda c: True,
            direction=_BURDENED,
        ),
        Kind(
            "lead-changed",
            _B,
            "主体责任部门调整",
            lambda c: f"事项{quote(c.title)}的主体责任由{say(c.old)}调整为{say(c.new)}",
        ),
        Kind(
            "supporting-changed",
            _N,
            "配合单位调整",
            lambda c: f"事项{quote(c.title)}的配合单位{set_delta(c.old, c.new)}",
        ),
        Kind("department-duties-changed", _N, "部门职责调整", _duties_of("部门")),
        Kind(
            "township-duties-changed",
            _N,
            "乡镇职责调整",
            _duties_of(TOWNSHIP_NAME),
            burden=_township_duty_added,
            direction=_township_duties_direction,
        ),
        Kind("basis-changed", _I, "依据调整", _basis),  # also of 乡镇职责 (list "duties")
        Kind(
            "township-office-changed",
            _N,
            "乡镇承办机构调整",
            lambda c: f"事项{quote(c.title)}在乡镇的承办机构由{say(c.old)}调整为{say(c.new)}",
        ),
        Kind(
            "contact-changed",
            _I,
            "联系人调整",
            lambda c: f"事项{quote(c.title)}的联系人由{quote(c.old)}改为{quote(c.new)}",
        ),
        Kind(
            "admission-changed",
            _I,
            "职责准入记录调整",
            lambda c: f"事项{quote(c.title)}的职责准入记录由{quote(c.old)}改为{quote(c.new)}",
        ),
        Kind("matter-changed", _I, "事项备注调整", lambda c: f"事项{quote(c.title)}的{field_label(c)}有修改"),
    ),
    # 乡镇职责清单: group the area
    "duties": (
        Kind("duty-added", _N, "新增乡镇职责", lambda c: f"{c.group}方面新增乡镇职责{quote(c.title)}", "duty-removed"),
        Kind("duty-removed", _N, "删除乡镇职责", lambda c: f"{c.group}方面删除乡镇职责{quote(c.title)}", "duty-added"),
        Kind("duty-renamed", _I, "乡镇职责改换标识", lambda c: f"乡镇职责{quote(c.title)}{new_id(c)}"),
        Kind("duty-changed", _N, "乡镇职责表述调整", lambda c: f"乡镇职责{quote(c.old)}改为{quote(c.new)}"),
        Kind(
            "duty-moved-area",
            _N,
            "乡镇职责调整方面",
            lambda c: f"乡镇职责{quote(c.title)}由{c.old}方面调整到{c.new}方面",
        ),
        Kind(
            "duty-office-changed",
            _N,
            "乡镇职责承办机构调整",
            lambda c: f"乡镇职责{quote(c.title)}的承办机构由{say(c.old)}调整为{say(c.new)}",
        ),
    ),
    # 赋权事项目录: group the source department
    "powers": (
        Kind(
            "power-added",
            _N,
            "新增赋权事项",
            lambda c: f"新增{c.group}赋权事项{quote(c.title)}",
            "power-withdrawn",
            direction=_BURDENED,
        ),
        Kind(
            "power-withdrawn",
            _B,
            "收回赋权事项",
            _power_withdrawn,
            "power-added",  # dropped from the catalogue; withdrawn in it (a change of status) is reinstated back
            inverse_by_field=(("status", "power-reinstated"),),
            direction=_RECLAIMED,
        ),
        Kind(
            "power-reinstated",
            _N,
            "恢复赋权事项",
            lambda c: f"恢复{c.group}赋权事项{quote(c.title)}",
            "power-withdrawn",
            direction=_BURDENED,
        ),
        Kind("power-renamed", _I, "赋权事项更名", lambda c: f"赋权事项{renamed(c)}"),
        Kind(
            "power-changed",
            _N,
            "赋权事项调整",
            _power_changed,
        ),
        Kind(
            "power-record-added",
            _I,
            "补录已收回的赋权事项",
            lambda c: f"补录已收回的{c.group}赋权事项{quote(c.title)}",
            "power-record-removed",
        ),
        Kind(
            "power-record-removed",
            _I,
            "删除已收回赋权事项的记录",
            lambda c: f"删除已收回的{c.group}赋权事项{quote(c.title)}的记录",
            "power-record-added",
        ),
    ),
    # 权责清单: group the power type
    "power-list": (
        Kind(
            "power-item-added",
            _N,
            "新增权责事项",
            lambda c: f"权责清单新增{c.group}事项{quote(c.title)}",
            "power-item-removed",
        ),
        Kind(
            "power-item-removed",
            _N,
            "删除权责事项",
            lambda c: f"权责清单删除{c.group}事项{quote(c.title)}",
            "power-item-added",
        ),
        Kind("power-item-renamed", _I, "权责事项更名", lambda c: f"权责事项{renamed(c)}"),
        Kind(
            "power-item-changed",
            _N,
            "权责事项调整",
            lambda c: f"权责事项{quote(c.title)}的{field_label(c)}有调整",
        ),
    ),
    # 履行职责事项清单: key "<township>/<id>" (a whole list "<township>"), group the township
    "duty-list": (
        Kind(
            "duty-list-added",
            _N,
            "新增履行职责事项清单",
            lambda c: f"新增{c.group}履行职责事项清单（{list_counts(c.new)}）",
            "duty-list-removed",
        ),
        Kind(
            "duty-list-removed",
            _B,
            "删除履行职责事项清单",
            lambda c: f"删除{c.group}履行职责事项清单（{list_counts(c.old)}）",
            "duty-list-added",
        ),
        Kind(
            "duty-item-added",
            _N,
            "新增履职事项",
            lambda c: f"{c.group}{(c.new or {}).get('list', '')}新增{quote(c.title)}",
            "duty-item-removed",
            direction=_duty_item_direction,
        ),
        Kind(
            "duty-item-removed",
            _N,
            "删除履职事项",
            lambda c: f"{c.group}{(c.old or {}).get('list', '')}删除{quote(c.title)}",
            "duty-item-added",
            direction=_duty_item_direction,
        ),
        Kind("duty-item-renamed", _I, "履职事项更名", lambda c: f"{c.group}履职事项{renamed(c)}"),
        Kind(
            "duty-item-moved",
            _B,
            "履职事项在基本、配合、收回之间调整",
            lambda c: f"{c.group}履职事项{quote(c.title)}由{c.old}调整为{c.new}",
            direction=_duty_item_direction,
        ),
        Kind(
            "duty-item-changed",
            _N,
            "履职事项内容调整",
            lambda c: f"{c.group}履职事项{quote(c.title)}的{field_label(c)}由{quote(c.old)}调整为{quote(c.new)}",
        ),
    ),
    # 乡镇与机构: key "<township>", "<township>/<unit>" or "<township>/leaders/<post>", group the township
    "townships": (
        Kind("township-added", _N, "新增乡镇", lambda c: f"新增{c.title}", "township-removed"),
        Kind("township-removed", _B, "删除乡镇", lambda c: f"删除{c.title}", "township-added"),
        Kind("township-renamed", _I, "乡镇更名", lambda c: f"{c.old_title or c.title}更名为{c.title}"),
        Kind(
            "township-changed",
            _I,
            "乡镇概况调整",
            lambda c: f"{c.title}的{field_label(c)}由{say(c.old)}调整为{say(c.new)}",
        ),
        Kind(
            "structure-changed",
            _B,
            "乡镇机构设置模式调整",
            lambda c: f"{c.title}的机构设置模式由{quote(c.old)}调整为{quote(c.new)}",
        ),
        Kind("office-added", _N, "新设机构", lambda c: f"{c.group}新设{c.title}", "office-removed"),
        Kind("office-removed", _B, "撤销机构", lambda c: f"{c.group}撤销{c.title}", "office-added"),
        Kind("office-renamed", _I, "机构更名", lambda c: f"{c.group}{renamed_bare(c)}"),
        Kind("office-merged", _B, "机构合并", lambda c: f"{c.group}{say(c.old)}合并为{c.new}", "office-split"),
        Kind("office-split", _B, "机构拆分", lambda c: f"{c.group}{c.old}拆分为{say(c.new)}", "office-merged"),
        Kind("office-type-changed", _N, "机构性质调整", lambda c: f"{c.group}{c.title}由{c.old}改为{c.new}"),
        Kind(
            "functions-changed",
            _N,
            "机构职责调整",
            lambda c: f"{c.group}{c.title}的职责{delta_words(c.old, c.new)}",
        ),
        Kind(
            "counterparts-changed",
            _N,
            "对口部门调整",
            lambda c: f"{c.group}{c.title}的对口部门{set_delta(c.old, c.new)}",
        ),
        Kind("staffing-changed", _I, "编制调整", _staffing),
        Kind("leader-reassigned", _N, "分管领导调整", _leader_reassigned),
        Kind("unit-added", _N, "新增派驻或属地管理站所", lambda c: f"{c.group}新设{c.title}", "unit-removed"),
        Kind("unit-removed", _N, "撤销派驻或属地管理站所", lambda c: f"{c.group}撤销{c.title}", "unit-added"),
        Kind("unit-renamed", _I, "站所更名", lambda c: f"{c.group}{renamed_bare(c)}"),
        Kind(
            "management-changed",
            _N,
            "站所管理方式调整",
            lambda c: f"{c.group}{c.title}的{field_label(c)}由{say(c.old)}调整为{say(c.new)}",
        ),
        Kind("leader-added", _I, "新增班子成员职位", lambda c: f"{c.group}班子新增{c.title}职位", "leader-removed"),
        Kind("leader-removed", _I, "撤销班子成员职位", lambda c: f"{c.group}班子撤销{c.title}职位", "leader-added"),
        Kind("leader-changed", _I, "班子成员调整", _leader_changed),
        Kind("leader-renamed", _I, "班子成员职位改换标识", lambda c: f"{c.group}{c.title}{new_id(c)}"),
    ),
    # 机构设置模式
    "structures": (
        Kind(
            "structure-added",
            _N,
            "新增机构设置模式",
            lambda c: f"新增机构设置模式{quote(c.title)}",
            "structure-removed",
        ),
        Kind(
            "structure-removed",
            _N,
            "删除机构设置模式",
            lambda c: f"删除机构设置模式{quote(c.title)}",
            "structure-added",
        ),
        Kind("structure-renamed", _I, "机构设置模式更名", lambda c: f"机构设置模式{renamed(c)}"),
        Kind(
            "structure-roles-changed",
            _N,
            "机构设置模式的机构调整",
            lambda c: f"机构设置模式{quote(c.title)}的机构{set_delta(c.old, c.new)}",
        ),
        Kind(
            "structure-limit-changed",
            _N,
            "机构限额调整",
            lambda c: f"机构设置模式{quote(c.title)}的机构限额由 {say(c.old)} 个调整为 {say(c.new)} 个",
        ),
    ),
    # 部门名录
    "departments": (
        Kind("department-added", _I, "新增部门", lambda c: f"部门名录新增{c.title}", "department-removed"),
        Kind("department-removed", _N, "删除部门", lambda c: f"部门名录删除{c.title}", "department-added"),
        Kind("department-renamed", _I, "部门更名", renamed_bare),
        Kind(
            "department-changed",
            _I,
            "部门信息调整",
            lambda c: f"{c.title}的{field_label(c)}由{quote(c.old)}改为{quote(c.new)}",
        ),
    ),
    # "一件事"
    "cases": (
        Kind("case-added", _N, "新增“一件事”", lambda c: f"新增“一件事”{quote(c.title)}", "case-removed"),
        Kind("case-removed", _N, "删除“一件事”", lambda c: f"删除“一件事”{quote(c.title)}", "case-added"),
        Kind("case-renamed", _I, "“一件事”更名", lambda c: f"“一件事”{renamed(c)}"),
        Kind("case-changed", _N, "“一件事”调整", lambda c: f"“一件事”{quote(c.title)}的{field_label(c)}有调整"),
    ),
}
KINDS: dict[str, Kind] = {kind.code: kind for kinds in BY_LIST.values() for kind in kinds}
