"""Comparing 乡镇 (list "townships"): each township, its offices, stationed units and leaders.

Offices are paired by what they carry — counterparts, functions, name, role — not only by id:
two or more old offices whose work lands in one new office are a merge (the reverse a split),
not removals and an addition. Keys are "<township>", "<township>/<unit>" and
"<township>/leaders/<post>"; the group is the township's name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from qingdan.diff.context import Context, Ident, Side, identify, identity, renamed_field
from qingdan.diff.match import LINE_SIMILAR, first, item_id, item_name, match
from qingdan.labels import MANAGEMENT, OFFICE_KINDS, SCALES, TOWNSHIP_KINDS
from qingdan.model import Leader, Office, Staffing, StationedUnit, Township
from qingdan.similarity import grams, jaccard, normalise

_OFFICE_LAND = 0.5  # how much of one office must land in another to pair them (rename, merge, split)


def compare_townships(ctx: Context) -> None:
    old, new = ctx.old, ctx.new

    def offices(t: Township) -> str:
        return "；".join(u.name for u in t.offices)

    def view(t: Township, side: Side) -> dict[str, Any]:
        return {"name": t.name, "structure": side.structure(t.structure), "offices": [u.name for u in t.offices]}

    m = match(old.ds.townships, new.ds.townships, item_id, item_name, offices)
    ident = identity(item_id, item_name, item_name)
    for t in m.removed:
        ctx.emit("township-removed", "townships", ident(t, None), old=view(t, old))
    for t in m.added:
        ctx.emit("township-added", "townships", ident(None, t), new=view(t, new))
    for o, n in m.pairs:
        ctx.townships[o.id] = n.id
        _township_pair(ctx, o, n)


def _township_pair(ctx: Context, o: Township, n: Township) -> None:
    old, new = ctx.old, ctx.new
    emit = ctx.emit
    base = identify(o, n, item_id, item_name, item_name)
    if o.id != n.id or o.name != n.name:
        emit("township-renamed", "townships", base, field=renamed_field(o, n), old=o.name, new=n.name)
    for f, labels in (("kind", TOWNSHIP_KINDS), ("scale", SCALES), ("population", None), ("area_km2", None)):
        ov, nv = getattr(o, f), getattr(n, f)
        if ov != nv:
            if labels is not None:
                ov, nv = labels.get(ov, ov), labels.get(nv, nv)
            emit("township-changed", "townships", base, field=f, old=ov, new=nv)
    old_s, new_s = old.structure(o.structure), new.structure(n.structure)
    if ctx.structures.get(o.structure, o.structure) != n.structure or old_s != new_s:
        emit("structure-changed", "townships", base, field="structure", old=old_s, new=new_s)

    def sub(uo: Any, un: Any) -> Ident:
        ident = identify(uo, un, lambda u: "", item_name, lambda u: "")
        ident["key"] = f"{n.id}/{(un or uo).id}"
        if uo is not None and un is not None and f"{o.id}/{uo.id}" != ident["key"]:
            ident["old_key"] = f"{o.id}/{uo.id}"
        ident["group"] = n.name
        if o.name != n.name:
            ident["old_group"] = o.name
        return ident

    overseers = _Overseers(_overseers(o), _overseers(n), _leaders(ctx, o, n))
    for uo, un in _offices(ctx, o, n, sub):
        _unit_pair(ctx, uo, un, sub(uo, un), overseers)
    units = match(o.stationed_units, n.stationed_units, item_id, item_name, lambda u: "".join(u.functions))
    for uo in units.removed:
        emit("unit-removed", "townships", sub(uo, None), old=_unit_view(uo, old))
    for un in units.added:
        emit("unit-added", "townships", sub(None, un), new=_unit_view(un, new))
    for uo, un in units.pairs:
        i = sub(uo, un)
        if uo.id != un.id or uo.name != un.name:
            emit("unit-renamed", "townships", i, field=renamed_field(uo, un), old=uo.name, new=un.name)
        _unit_pair(ctx, uo, un, i, overseers)
        if uo.management != un.management:
            emit(
                "management-changed",
                "townships",
                i,
                field="management",
                old=MANAGEMENT.get(uo.management, uo.management),
                new=MANAGEMENT.get(un.management, un.management),
            )
        if ctx.departments.get(uo.department, uo.department) != un.department:
            emit(
                "management-changed",
                "townships",
                i,
                field="department",
                old=old.dept(uo.department),
                new=new.dept(un.department),
            )


def _unit_view(u: Office | StationedUnit, side: Side) -> dict[str, Any]:
    view: dict[str, Any] = {"name": u.name}
    if isinstance(u, Office):
        view["kind"] = OFFICE_KINDS.get(u.kind, u.kind)
    else:
        view["department"] = side.dept(u.department)
        view["management"] = MANAGEMENT.get(u.management, u.management)
    view["counterparts"] = side.depts(u.counterparts)
    view["functions"] = list(u.functions)
    view["staffing"] = _staffing(u.staffing)
    return view


def _staffing(s: Staffing | None) -> dict[str, int]:
    if s is None:
        return {}
    out: dict[str, int] = {}
    for name, pc in (("administrative", s.administrative), ("institutional", s.institutional)):
        if pc is not None:
            out[f"{name}.approved"] = pc.approved
            out[f"{name}.actual"] = pc.actual
    if s.middle_posts is not None:
        out["middle_posts"] = s.middle_posts
    if s.enforcement_certified is not None:
        out["enforcement_certified"] = s.enforcement_certified
    return out


# -- leaders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Overseers:
    old: dict[tuple[str, str], list[Leader]]
    new: dict[tuple[str, str], list[Leader]]
    leaders: dict[str, str]  # old leader id -> new leader id


def _overseers(t: Township) -> dict[tuple[str, str], list[Leader]]:
    """(unit id, "oversees" | "assists") -> the leaders, in the order the township lists them."""
    out: dict[tuple[str, str], list[Leader]] = defaultdict(list)
    for leader in t.leaders:
        for unit in leader.oversees:
            out[(unit, "oversees")].append(leader)
        for unit in leader.assists:
            out[(unit, "assists")].append(leader)
    return out


def _leader(p: Leader) -> str:
    return f"{p.post}{p.name}"


def _leaders(ctx: Context, o: Township, n: Township) -> dict[str, str]:
    """Compare the leaders (班子成员) of a township; return old id -> new id of the paired ones."""

    def ident(po: Leader | None, pn: Leader | None) -> Ident:
        p = pn or po
        assert p is not None
        i = {"key": f"{n.id}/leaders/{p.id}", "title": p.post, "group": n.name}
        if o.name != n.name:
            i["old_group"] = o.name
        if po is not None and pn is not None and f"{o.id}/leaders/{po.id}" != i["key"]:
            i["old_key"] = f"{o.id}/leaders/{po.id}"
        if po is not None and pn is not None and po.post != pn.post:
            i["old_title"] = po.post
        return i

    m = match(o.leaders, n.leaders, item_id, _leader)
    for p in m.removed:
        ctx.emit("leader-removed", "townships", ident(p, None), old=_leader(p))
    for p in m.added:
        ctx.emit("leader-added", "townships", ident(None, p), new=_leader(p))
    for po, pn in m.pairs:
        i = ident(po, pn)
        if po.id != pn.id:
            ctx.emit("leader-renamed", "townships", i, field="id", old=_leader(po), new=_leader(pn))
        for f in ("post", "name"):
            if getattr(po, f) != getattr(pn, f):
                ctx.emit("leader-changed", "townships", i, field=f, old=getattr(po, f), new=getattr(pn, f))
    return {po.id: pn.id for po, pn in m.pairs}


# -- offices and stationed units --------------------------------------------------------------


def _unit_pair(
    ctx: Context,
    uo: Office | StationedUnit,
    un: Office | StationedUnit,
    i: Ident,
    overseers: _Overseers,
) -> None:
    """Compare what an office or stationed unit carries: functions, counterparts, staffing, leaders."""
    emit = ctx.emit
    if isinstance(uo, Office) and isinstance(un, Office) and uo.kind != un.kind:
        emit(
            "office-type-changed",
            "townships",
            i,
            field="kind",
            old=OFFICE_KINDS.get(uo.kind, uo.kind),
            new=OFFICE_KINDS.get(un.kind, un.kind),
        )
    if uo.functions != un.functions:
        emit("functions-changed", "townships", i, field="functions", old=list(uo.functions), new=list(un.functions))
    if ctx.dept_ids(uo.counterparts) != set(un.counterparts):
        emit(
            "counterparts-changed",
            "townships",
            i,
            field="counterparts",
            old=ctx.old.depts(uo.counterparts),
            new=ctx.new.depts(un.counterparts),
        )
    so, sn = _staffing(uo.staffing), _staffing(un.staffing)
    if so != sn:
        emit("staffing-changed", "townships", i, field="staffing", old=so, new=sn)
    for role in ("oversees", "assists"):
        lo, ln = overseers.old.get((uo.id, role), []), overseers.new.get((un.id, role), [])
        if {overseers.leaders.get(p.id, p.id) for p in lo} != {p.id for p in ln}:
            emit(
                "leader-reassigned",
                "townships",
                i,
                field=role,
                old=[_leader(p) for p in lo],
                new=[_leader(p) for p in ln],
            )


def _land(x: Office, y: Office, ctx: Context, forward: bool) -> float:
    """How much of office x lands in office y: counterparts, functions, name characters, role."""
    cx = ctx.dept_ids(x.counterparts) if forward else set(x.counterparts)
    cy = set(y.counterparts) if forward else ctx.dept_ids(y.counterparts)
    scores = []
    if cx:
        scores.append(len(cx & cy) / len(cx))
    if x.functions:
        gy = [grams(f) for f in y.functions]
        landed = sum(1 for f in x.functions if any(jaccard(grams(f), g) >= LINE_SIMILAR for g in gy))
        scores.append(landed / len(x.functions))
    chars = set(normalise(x.name))
    if chars:
        scores.append(len(chars & set(normalise(y.name))) / len(chars))
    if x.role and x.role == y.role:
        scores.append(1.0)
    return sum(scores) / len(scores) if scores else 0.0


def _offices(ctx: Context, to: Township, tn: Township, sub: Callable[[Any, Any], Ident]) -> list[tuple[Office, Office]]:
    """Pair the offices of one township; emit added, removed, renamed, merged and split.

    Returns the one-to-one pairs whose content is compared field by field.
    """
    olds, news = first(to.offices, item_id), first(tn.offices, item_id)
    left_o = [k for k in olds if k not in news]
    left_n = [k for k in news if k not in olds]
    pairs = [(olds[k], news[k]) for k in olds if k in news]
    for uo, un in pairs:
        if uo.name != un.name:
            ctx.emit("office-renamed", "townships", sub(uo, un), field="name", old=uo.name, new=un.name)
    if not left_o and not left_n:
        return pairs
    weight: dict[tuple[str, str], float] = {}
    for ko in olds:
        for kn in news:
            if ko in left_o or kn in left_n:
                a, b = olds[ko], news[kn]
                weight[(ko, kn)] = max(_land(a, b, ctx, True), _land(b, a, ctx, False))

    def best(pairs_: Iterable[tuple[tuple[str, str], str]]) -> str | None:
        scored = sorted((-weight[p], other) for p, other in pairs_ if weight[p] >= _OFFICE_LAND)
        return scored[0][1] if scored else None

    best_o = {ko: best(((ko, kn), kn) for kn in news) for ko in left_o}
    best_n = {kn: best(((ko, kn), ko) for ko in olds) for kn in left_n}
    into: dict[str, set[str]] = {kn: set() for kn in news}  # new office <- old offices that land in it
    out_of: dict[str, set[str]] = {ko: set() for ko in olds}  # old office -> new offices that come from it
    for ko, kn in best_o.items():
        if kn is not None:
            into[kn].add(ko)
            out_of[ko].add(kn)
    for kn, ko in best_n.items():
        if ko is not None:
            into[kn].add(ko)
            out_of[ko].add(kn)
    for k in olds:
        if k in news:
            into[k].add(k)
            out_of[k].add(k)
    used_o: set[str] = set()
    used_n: set[str] = set()
    for kn in news:
        if len(into[kn]) > 1:
            sources = sorted(into[kn])
            ctx.emit(
                "office-merged",
                "townships",
                sub(None, news[kn]),
                field="offices",
                old=[olds[k].name for k in sources],
                new=news[kn].name,
                related=tuple(sources),
            )
            used_o.update(sources)
            used_n.add(kn)
    for ko in olds:
        if len(out_of[ko]) > 1:
            targets = sorted(out_of[ko])
            ctx.emit(
                "office-split",
                "townships",
                sub(olds[ko], None),
                field="offices",
                old=olds[ko].name,
                new=[news[k].name for k in targets],
                related=tuple(targets),
            )
            used_o.add(ko)
            used_n.update(targets)
    for ko in left_o:
        kn = best_o[ko]
        if kn in left_n and kn not in used_n and ko not in used_o:
            uo, un = olds[ko], news[kn]
            ctx.emit("office-renamed", "townships", sub(uo, un), field=renamed_field(uo, un), old=uo.name, new=un.name)
            pairs.append((uo, un))
            used_o.add(ko)
            used_n.add(kn)
    for ko in left_o:
        if ko not in used_o:
            ctx.emit("office-removed", "townships", sub(olds[ko], None), old=_unit_view(olds[ko], ctx.old))
    for kn in left_n:
        if kn not in used_n:
            ctx.emit("office-added", "townships", sub(None, news[kn]), new=_unit_view(news[kn], ctx.new))
    return pairs
