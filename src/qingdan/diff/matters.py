"""Comparing 属地管理事项 (list "matters", grouped by domain) and 乡镇职责 (list "duties", by area).

The two lists of what townships do: a matter names who leads and supports it and the duties of
each side; a duty is one line of the township's own list. Both move between groups (domain,
area) and share `basis-changed`.
"""

from __future__ import annotations

from typing import Any

from qingdan.diff.context import Context, Ident, Side, identity, merge_ident, renamed_field
from qingdan.diff.match import accept_ratio, item_id, item_name, match
from qingdan.diff.views import admission, basis, contact, plain
from qingdan.model import TOWNSHIP, Duty, Matter


def compare_matters(ctx: Context) -> None:
    old, new = ctx.old, ctx.new
    m = match(old.ds.matters, new.ds.matters, item_id, item_name, _content)
    ident_o = identity(item_id, item_name, lambda x: old.domain(x.domain))
    ident_n = identity(item_id, item_name, lambda x: new.domain(x.domain))
    for o in m.removed:
        ctx.emit("matter-removed", "matters", ident_o(o, None), old=_view(o, old), **_burden_context(o, None))
    for n in m.added:
        ctx.emit("matter-added", "matters", ident_n(None, n), new=_view(n, new), **_burden_context(None, n))
    for o, n in m.pairs:
        ctx.matters[o.id] = n.id
        _pair(ctx, o, n, merge_ident(ident_o(o, None), ident_n(None, n)))


def _content(m: Matter) -> str:
    return "".join((*m.department_duties, *m.township_duties))


def _view(m: Matter, side: Side) -> dict[str, Any]:
    return {
        "name": m.name,
        "domain": side.domain(m.domain),
        "lead": side.depts(m.leads),
        "supporting": side.depts(m.supporting),
        "department_duties": list(m.department_duties),
        "township_duties": list(m.township_duties),
        "township_office": side.role(m.township_office),
        "basis": basis(m.basis),
        "contact": contact(m.contact),
        "admission": admission(m),
    }


def _burden_context(o: Matter | None, n: Matter | None) -> dict[str, Any]:
    """What a burden check needs of a matter on both sides: its admission record and who leads."""
    return {
        "admission": (admission(o), admission(n)),
        "township_leads": (o is not None and o.township_leads, n is not None and n.township_leads),
    }


def _pair(ctx: Context, o: Matter, n: Matter, i: Ident) -> None:
    old, new = ctx.old, ctx.new
    emit = ctx.emit
    admitted = (admission(o), admission(n))
    if o.id != n.id or o.name != n.name:
        emit("matter-renamed", "matters", i, field=renamed_field(o, n), old=o.name, new=n.name)
    if o.domain != n.domain and "old_group" in i:  # same domain if either its id or its name is kept
        emit("matter-moved-domain", "matters", i, field="domain", old=i.get("old_group", i["group"]), new=i["group"])
    old_leads, new_leads = ctx.dept_ids(o.leads), set(n.leads)
    if old_leads != new_leads:
        kind = "lead-changed"
        if TOWNSHIP in old_leads and TOWNSHIP not in new_leads:
            kind = "lead-to-department"
        elif TOWNSHIP in new_leads and TOWNSHIP not in old_leads:
            kind = "lead-to-township"
        emit(kind, "matters", i, field="lead", old=old.depts(o.leads), new=new.depts(n.leads), **_burden_context(o, n))
    if ctx.dept_ids(o.supporting) != set(n.supporting):
        emit(
            "supporting-changed",
            "matters",
            i,
            field="supporting",
            old=old.depts(o.supporting),
            new=new.depts(n.supporting),
        )
    if o.department_duties != n.department_duties:
        emit(
            "department-duties-changed",
            "matters",
            i,
            field="department_duties",
            old=list(o.department_duties),
            new=list(n.department_duties),
        )
    if o.township_duties != n.township_duties:
        emit(
            "township-duties-changed",
            "matters",
            i,
            field="township_duties",
            old=list(o.township_duties),
            new=list(n.township_duties),
            **_burden_context(o, n),
        )
    if old.role(o.township_office) != new.role(n.township_office):
        emit(
            "township-office-changed",
            "matters",
            i,
            field="township_office",
            old=old.role(o.township_office),
            new=new.role(n.township_office),
        )
    if o.basis != n.basis:
        emit("basis-changed", "matters", i, field="basis", old=basis(o.basis), new=basis(n.basis))
    if contact(o.contact) != contact(n.contact):
        emit("contact-changed", "matters", i, field="contact", old=contact(o.contact), new=contact(n.contact))
    if admitted[0] != admitted[1]:
        emit("admission-changed", "matters", i, field="admission", old=admitted[0], new=admitted[1])
    for f in ("note", "extra"):
        if getattr(o, f) != getattr(n, f):
            emit("matter-changed", "matters", i, field=f, old=plain(getattr(o, f)), new=plain(getattr(n, f)))


def compare_duties(ctx: Context) -> None:
    old, new = ctx.old, ctx.new
    m = match(old.ds.duties, new.ds.duties, item_id, item_name, accept=accept_ratio)
    ident_o = identity(item_id, item_name, lambda d: old.area(d.area))
    ident_n = identity(item_id, item_name, lambda d: new.area(d.area))

    def view(d: Duty, side: Side) -> dict[str, Any]:
        return {"name": d.name, "area": side.area(d.area), "office": side.role(d.office)}

    for o in m.removed:
        ctx.emit("duty-removed", "duties", ident_o(o, None), old=view(o, old))
    for n in m.added:
        ctx.emit("duty-added", "duties", ident_n(None, n), new=view(n, new))
    for o, n in m.pairs:
        i = merge_ident(ident_o(o, None), ident_n(None, n))
        if o.id != n.id:
            ctx.emit("duty-renamed", "duties", i, field="id", old=o.name, new=n.name)
        if o.name != n.name:
            ctx.emit("duty-changed", "duties", i, field="name", old=o.name, new=n.name)
        if o.area != n.area and "old_group" in i:  # same area if either its id or its name is kept
            ctx.emit("duty-moved-area", "duties", i, field="area", old=i.get("old_group", i["group"]), new=i["group"])
        if old.role(o.office) != new.role(n.office):
            ctx.emit("duty-office-changed", "duties", i, field="office", old=old.role(o.office), new=new.role(n.office))
        if o.basis != n.basis:
            ctx.emit("basis-changed", "duties", i, field="basis", old=basis(o.basis), new=basis(n.basis))
