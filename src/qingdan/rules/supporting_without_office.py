"""配合事项无承担机构：配合履职事项没有写本乡镇由哪个机构承担

发现什么：乡镇（街道）履行职责事项清单（duty-lists/）中的配合履职事项没有写承担机构（`office`）。
基本履职事项没有对应上级部门，推不出承担机构；上级部门收回事项已不由乡镇承担：这两类不检查。

为什么重要：配合履职事项是上级部门主责、镇街配合的事。上级部门要镇街配合时得知道找哪个机构，
镇街内部也要有一个机构认领配合职责，否则部门对接时仍要层层转办。各地公布的清单没有“承担机构”一栏，
导入的清单都缺这一项。

怎样修改：在 `office` 写上本乡镇承担配合职责的机构标识（乡镇文件中 `offices` 或 `stationed_units` 的 `id`），
通常是对口对应上级部门的机构；提示中列出本乡镇对口这个部门的机构，供选定。

自动修复：本乡镇对口对应上级部门（`department`）的机构——内设机构，以及属地管理、双重管理的站所——
只有一个时，`qingdan validate --fix` 写上这个机构。原表有“责任科室”“承担机构”一类的列（导入时放进了
`extra`）时以原表为准：写的正是本乡镇某个机构的名称，或是对口机构中恰好一个机构名称的简写
（如「执法大队」），才写上；否则不改动。有几个机构对口、没有机构对口，或原表写的机构本乡镇没有时，
提示中列出原表的写法和候选机构，由人来定。

Fails:
    # duty-lists/heping.yaml
    township: heping
    supporting:
      - id: ph-nq-001
        category: 农业农村
        name: 高标准农田建设
        department: agriculture
        department_duty: 负责高标准农田建设项目的规划、立项和验收。
        township_duty: 负责组织村组做好土地流转和施工协调。
Passes:
    # duty-lists/heping.yaml
    township: heping
    supporting:
      - id: ph-nq-001
        category: 农业农村
        name: 高标准农田建设
        department: agriculture
        department_duty: 负责高标准农田建设项目的规划、立项和验收。
        township_duty: 负责组织村组做好土地流转和施工协调。
        office: economic-office
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import DataSet, DutyListItem, Office, StationedUnit, Township
from qingdan.rules._base import Hit, fix, raw
from qingdan.rules._infer import Refs, agrees, counterpart_units, department_refs, stated_office, unit_refs

CODE = "QD206"
ID = "supporting-without-office"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {}
FIXABLE = True


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    if dataset.unreadable & {"township", "departments"}:
        return  # the offices or the departments are unknown: no candidates to name
    known = department_refs(dataset)
    for dl in dataset.duty_lists:
        township = dataset.index.townships.get(dl.township)
        if township is None:
            continue  # an unknown township is QD102's finding
        for i in dl.of("supporting"):
            if not i.office.strip():
                yield _without_office(dataset, township, i, known)


def _without_office(ds: DataSet, t: Township, i: DutyListItem, known: Refs) -> Hit:
    at = i.at.child("office")
    head = f"「{t.name or t.id}」的配合履职事项「{i.name or i.id}」没有写承担机构（office）"
    item = f"{t.id}/{i.id}"
    old = raw(i.at).get("office")  # missing, null or ""; anything else is the schema's finding
    sure = old is None or isinstance(old, str)
    written = raw(i.at).get("department")  # one id or, where several departments share the item, a list
    named = written if isinstance(written, list) else [written]
    departments = tuple(dict.fromkeys(d for d in named if isinstance(d, str) and d in known))
    parties = "、".join(f"「{ds.index.party(d)}」" for d in departments)
    units = counterpart_units(t, departments)
    stated = stated_office(i.extra)
    if stated is not None:  # the source named the office in a column import kept in extra: it decides
        column, text = stated
        meant = unit_refs(t).meant(text)
        if not meant:  # a shortening that fits exactly one counterpart office: 执法大队 for 综合行政执法大队
            meant = tuple(u.id for u in units if agrees(text, u.name))
        if sure and len(meant) == 1:
            unit = t.unit(meant[0])
            return Hit(
                at,
                f"{head}；原表「{column}」一栏写的「{text}」是本乡镇的「{unit.name or unit.id}」（{unit.id}），"
                "可用 qingdan validate --fix 写上",
                item=item,
                fix=fix(at, old, unit.id, unit.name or unit.id),
            )
        said = f"原表「{column}」一栏写的是「{text}」，本乡镇没有这个名称的机构"
        if units:
            return Hit(at, f"{head}；{said}，{_choose(parties, units)}", item=item)
        return Hit(at, f"{head}；{said}，{_any_unit(t)}", item=item)
    if not departments:
        return Hit(at, f"{head}；{_any_unit(t)}", item=item)
    if len(units) == 1 and sure:
        unit = units[0]
        return Hit(
            at,
            f"{head}；本乡镇对口{parties}的机构只有「{unit.name or unit.id}」（{unit.id}），"
            "可用 qingdan validate --fix 写上",
            item=item,
            fix=fix(at, old, unit.id, unit.name or unit.id),
        )
    if not units:
        return Hit(at, f"{head}；本乡镇没有对口{parties}的机构，{_any_unit(t)}", item=item)
    return Hit(at, f"{head}；本乡镇{_choose(parties, units)}", item=item)


def _any_unit(t: Township) -> str:
    """No unit answers for the item: the township's offices and units, for a person to choose from."""
    units = (*t.offices, *t.stationed_units)
    if not units:
        return "请写上本乡镇承担配合职责的机构标识"
    return f"本乡镇的机构和站所：{'、'.join(f'{u.id}（{u.name or u.id}）' for u in units)}，请选定承担配合职责的一个写上标识"


def _choose(parties: str, units: tuple[Office | StationedUnit, ...]) -> str:
    listed = "、".join(f"{u.id}（{u.name or u.id}）" for u in units)
    if len(units) == 1:
        return f"对口{parties}的机构只有 {listed}，请确认后写上它的标识"
    return f"对口{parties}的机构有 {listed}，请选定一个写上它的标识"
