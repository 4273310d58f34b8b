"""Comparing the catalogues other lists refer to: 部门名录 (departments), 机构设置模式 (structures), “一件事” (cases).

Departments and structures are compared first: the pairs found here let every later list see
a department or structure whose id changed as the same one.
"""

from __future__ import annotations

from typing import Any

from qingdan.diff.context import Context, Side, identity
from qingdan.diff.match import RENAME_RATIO, item_id, item_name, match
from qingdan.diff.views import contact
from qingdan.model import Case, Department, Structure


def compare_departments(ctx: Context) -> None:
    m = match(ctx.old.ds.departments, ctx.new.ds.departments, item_id, item_name)
    ident = identity(item_id, item_name, lambda d: "")
    for o, n, i in ctx.membership(m, "department", "departments", ident, _department_view, _department_view):
        ctx.departments[o.id] = n.id
        for f, ov, nv in (
            ("short_name", o.short_name, n.short_name),
            ("aliases", list(o.aliases), list(n.aliases)),
            ("contact", contact(o.contact), contact(n.contact)),
        ):
            if ov != nv:
                ctx.emit("department-changed", "departments", i, field=f, old=ov, new=nv)


def _department_view(d: Department) -> dict[str, Any]:
    return {"name": d.name, "short_name": d.short_name, "contact": contact(d.contact)}


def compare_structures(ctx: Context) -> None:
    def roles(s: Structure) -> str:
        return "；".join(r.name for r in s.roles)

    def accept(r: float, c: float) -> bool:  # the same offices under a new name is the same structure
        return r >= RENAME_RATIO or c >= 0.8

    m = match(ctx.old.ds.structures, ctx.new.ds.structures, item_id, item_name, roles, accept)
    ident = identity(item_id, item_name, lambda s: "")
    for o, n, i in ctx.membership(m, "structure", "structures", ident, _structure_view, _structure_view):
        ctx.structures[o.id] = n.id
        old_roles, new_roles = [r.name for r in o.roles], [r.name for r in n.roles]
        if sorted(old_roles) != sorted(new_roles):
            ctx.emit("structure-roles-changed", "structures", i, field="roles", old=old_roles, new=new_roles)
        if o.limit != n.limit:
            ctx.emit("structure-limit-changed", "structures", i, field="limit", old=o.limit, new=n.limit)


def _structure_view(s: Structure) -> dict[str, Any]:
    return {"name": s.name, "limit": s.limit, "scale": s.scale, "roles": [r.name for r in s.roles]}


def compare_cases(ctx: Context) -> None:
    old, new = ctx.old, ctx.new

    def view(c: Case, side: Side) -> dict[str, Any]:
        matters = side.index.matters
        return {
            "name": c.name,
            "lead": side.dept(c.lead),
            "partners": side.depts(c.partners),
            "township_office": side.role(c.township_office),
            "matters": [matters[x].name if x in matters else x for x in c.matters],
            "steps": [
                f"{side.dept(s.actor)}：{s.action}" + (f"（{s.time_limit}）" if s.time_limit else "") for s in c.steps
            ],
        }

    def content(c: Case) -> str:
        return "".join(s.action for s in c.steps)

    m = match(old.ds.cases, new.ds.cases, item_id, item_name, content)
    ident = identity(item_id, item_name, lambda c: "")
    for o, n, i in ctx.membership(m, "case", "cases", ident, lambda o: view(o, old), lambda n: view(n, new)):
        ov, nv = view(o, old), view(n, new)
        same = {
            "lead": ctx.departments.get(o.lead, o.lead) == n.lead,
            "partners": ctx.dept_ids(o.partners) == set(n.partners),
            "township_office": ov["township_office"] == nv["township_office"],
            "matters": [ctx.matters.get(x, x) for x in o.matters] == list(n.matters),
            "steps": [(ctx.departments.get(s.actor, s.actor), s.action, s.time_limit) for s in o.steps]
            == [(s.actor, s.action, s.time_limit) for s in n.steps],
        }
        for f, unchanged in same.items():
            if not unchanged:
                ctx.emit("case-changed", "cases", i, field=f, old=ov[f], new=nv[f])
