"""Comparing 履行职责事项清单 (list "duty-list"): each township's list, and its items one by one.

A township's list is paired through the township (renamed townships keep their list); its items
by id, then by name. Keys are "<township>" and "<township>/<item>"; the group is the township.
"""

from __future__ import annotations

from typing import Any

from qingdan.diff.context import Context, Ident, Side, renamed_field
from qingdan.diff.match import accept_ratio, first, item_id, item_name, match
from qingdan.labels import DUTY_LISTS
from qingdan.model import DutyList, DutyListItem, Township

_FIELDS = (
    "category",
    "office",
    "department",
    "department_duty",
    "township_duty",
    "receiving_department",
    "working_method",
)


def compare_duty_lists(ctx: Context) -> None:
    old, new = ctx.old, ctx.new
    olds, news = first(old.ds.duty_lists, lambda d: d.township), first(new.ds.duty_lists, lambda d: d.township)

    def counts(d: DutyList) -> dict[str, int]:
        return {name: len(d.of(kind)) for kind, name in DUTY_LISTS.items()}

    paired = {tid: ctx.townships.get(tid, tid) for tid in olds}
    for tid, d in olds.items():
        if paired[tid] not in news:
            name = old.index.township_name(tid)
            ctx.emit("duty-list-removed", "duty-list", {"key": tid, "title": name, "group": name}, old=counts(d))
    for tid, d in news.items():
        if tid not in paired.values():
            name = new.index.township_name(tid)
            ctx.emit("duty-list-added", "duty-list", {"key": tid, "title": name, "group": name}, new=counts(d))
    for tid, do in olds.items():
        nid = paired[tid]
        if nid in news:
            _pair(
                ctx,
                do,
                news[nid],
                old.index.township_name(tid),
                new.index.township_name(nid),
                old.index.townships.get(tid),
                new.index.townships.get(nid),
            )


def _pair(
    ctx: Context,
    do: DutyList,
    dn: DutyList,
    group_o: str,
    group_n: str,
    to: Township | None,
    tn: Township | None,
) -> None:
    def view(item: DutyListItem, side: Side, township: Township | None) -> dict[str, Any]:
        office = side.index.unit_name(township.id, item.office) if township else item.office
        return {
            "list": DUTY_LISTS.get(item.list, item.list),
            "category": item.category,
            "name": item.name,
            "office": office,
            "department": "、".join(side.depts(item.departments)),
            "department_duty": item.department_duty,
            "township_duty": item.township_duty,
            "receiving_department": "、".join(side.depts(item.receiving_departments)),
            "working_method": item.working_method,
        }

    def content(item: DutyListItem) -> str:
        return item.category + item.department_duty + item.township_duty

    def ident(io: DutyListItem | None, inn: DutyListItem | None) -> Ident:
        item = inn or io
        assert item is not None
        i = {"key": f"{dn.township}/{item.id}", "title": item.name, "group": group_n}
        if group_o != group_n:
            i["old_group"] = group_o
        if io is not None and inn is not None:
            if io.id != inn.id:
                i["old_key"] = f"{do.township}/{io.id}"
            if io.name != inn.name:
                i["old_title"] = io.name
        return i

    m = match(do.items, dn.items, item_id, item_name, content, accept_ratio)
    for io in m.removed:
        ctx.emit("duty-item-removed", "duty-list", ident(io, None), old=view(io, ctx.old, to))
    for inn in m.added:
        ctx.emit("duty-item-added", "duty-list", ident(None, inn), new=view(inn, ctx.new, tn))
    for io, inn in m.pairs:
        i = ident(io, inn)
        ov, nv = view(io, ctx.old, to), view(inn, ctx.new, tn)
        if io.id != inn.id or io.name != inn.name:
            ctx.emit("duty-item-renamed", "duty-list", i, field=renamed_field(io, inn), old=io.name, new=inn.name)
        if io.list != inn.list:
            ctx.emit("duty-item-moved", "duty-list", i, field="list", old=ov["list"], new=nv["list"])
        # the set of departments counts, not the order they are written in
        same_dept = {
            "department": ctx.dept_ids(io.departments) == set(inn.departments),
            "receiving_department": ctx.dept_ids(io.receiving_departments) == set(inn.receiving_departments),
        }
        for f in _FIELDS:
            if not same_dept.get(f, ov[f] == nv[f]):
                ctx.emit("duty-item-changed", "duty-list", i, field=f, old=ov[f], new=nv[f])
