"""Comparing 赋权事项 (list "powers", grouped by source department) and the 权责清单 ("power-list", by type).

A power delegated to townships is withdrawn either by dropping it from the catalogue or by
marking it withdrawn; a withdrawn power kept on record can itself be added or removed.
"""

from __future__ import annotations

from typing import Any

from qingdan.diff.context import Context, Side, identity, merge_ident, renamed_field
from qingdan.diff.match import item_id, item_name, match
from qingdan.diff.views import basis
from qingdan.labels import POWER_MODES, POWER_STATUS, POWER_TYPES, label
from qingdan.model import Power, PowerListItem


def compare_powers(ctx: Context) -> None:
    old, new = ctx.old, ctx.new

    def content(p: Power) -> str:
        return p.type + p.code + "".join(b.citation for b in p.basis)

    m = match(old.ds.powers, new.ds.powers, item_id, item_name, content)
    ident_o = identity(item_id, item_name, lambda p: old.dept(p.source))
    ident_n = identity(item_id, item_name, lambda p: new.dept(p.source))

    def active(p: Power) -> bool:
        return p.status != "withdrawn"

    for o in m.removed:
        kind = "power-withdrawn" if active(o) else "power-record-removed"
        ctx.emit(kind, "powers", ident_o(o, None), old=_view(o, old))
    for n in m.added:
        kind = "power-added" if active(n) else "power-record-added"
        ctx.emit(kind, "powers", ident_n(None, n), new=_view(n, new))
    for o, n in m.pairs:
        i = merge_ident(ident_o(o, None), ident_n(None, n))
        if o.id != n.id or o.name != n.name:
            ctx.emit("power-renamed", "powers", i, field=renamed_field(o, n), old=o.name, new=n.name)
        if active(o) != active(n):
            ctx.emit(
                "power-withdrawn" if active(o) else "power-reinstated",
                "powers",
                i,
                field="status",
                old={"status": label(POWER_STATUS, o.status), **_withdrawal(o)},
                new={"status": label(POWER_STATUS, n.status), **_withdrawal(n)},
            )
        elif _withdrawal(o) != _withdrawal(n):
            ctx.emit("power-changed", "powers", i, field="withdrawn", old=_withdrawal(o), new=_withdrawal(n))
        ov, nv = _view(o, old), _view(n, new)
        if ctx.departments.get(o.source, o.source) != n.source:
            ctx.emit("power-changed", "powers", i, field="source", old=ov["source"], new=nv["source"])
        for f in ("type", "code", "mode", "receiving_office", "basis", "since"):
            if ov[f] != nv[f] or (f == "basis" and o.basis != n.basis):
                ctx.emit("power-changed", "powers", i, field=f, old=ov[f], new=nv[f])


def _view(p: Power, side: Side) -> dict[str, Any]:
    view = {
        "name": p.name,
        "type": POWER_TYPES.get(p.type, p.type),
        "code": p.code,
        "source": side.dept(p.source),
        "mode": POWER_MODES.get(p.mode, p.mode),
        "receiving_office": side.role(p.receiving_office),
        "basis": basis(p.basis),
        "since": p.since,
        "status": label(POWER_STATUS, p.status),
    }
    if p.withdrawn is not None:
        view["withdrawn"] = _withdrawal(p)
    return view


def _withdrawal(p: Power) -> dict[str, str]:
    w = p.withdrawn
    return {"date": w.date, "document": w.document, "reason": w.reason} if w else {}


def compare_power_list(ctx: Context) -> None:
    old, new = ctx.old, ctx.new

    def content(p: PowerListItem) -> str:
        return p.code + "".join((*p.sub_items, *p.responsibilities))

    def view(p: PowerListItem, side: Side) -> dict[str, Any]:
        return {
            "name": p.name,
            "type": POWER_TYPES.get(p.type, p.type),
            "code": p.code,
            "sub_items": list(p.sub_items),
            "basis": basis(p.basis),
            "responsibilities": list(p.responsibilities),
            "accountability": list(p.accountability),
            "office": side.role(p.office),
        }

    m = match(old.ds.power_list, new.ds.power_list, item_id, item_name, content)
    ident = identity(item_id, item_name, lambda p: POWER_TYPES.get(p.type, p.type))
    pairs = ctx.membership(m, "power-item", "power-list", ident, lambda o: view(o, old), lambda n: view(n, new))
    for o, n, i in pairs:
        ov, nv = view(o, old), view(n, new)
        for f in ("type", "code", "sub_items", "basis", "responsibilities", "accountability", "office"):
            if ov[f] != nv[f] or (f == "basis" and o.basis != n.basis):
                ctx.emit("power-item-changed", "power-list", i, field=f, old=ov[f], new=nv[f])
