"""乡镇无承担机构：事项指定的承担机构在某个乡镇没有设置

发现什么：属地管理事项有乡镇一侧的职责（写了乡镇职责 `township_duties`，或由乡镇承担主体责任），
但 `township_office` 指定的机构角色在某个乡镇的 `offices` 中没有——每个这样的乡镇报一次；
或者根本没有写 `township_office`。

为什么重要：全市统一的清单只说“由乡镇的哪一类机构承担”，落到每个乡镇都要有一个具体的机构接住。
机构设置模式中可设可不设的机构（例如只在较大规模乡镇设置的招商促进服务中心），或者在改革中合并、
改名的机构，在一些乡镇并不存在；清单照旧指向它，这件事在这些乡镇就无人承担，成了“无主事项”。
乡镇不知道由哪个机构办，上级部门也不知道找谁对接。

怎样修改：把 `township_office` 改为各乡镇都设置的机构角色（例如中等乡镇由经济发展办公室承担招商引资）；
确需由这个机构承担的，在缺少它的乡镇设置该机构（写进乡镇文件的 `offices`）；个别乡镇确有其他安排的，
在 qingdan.yaml 的 `settings.exceptions` 中为该项（`<事项标识>/<乡镇标识>`）登记例外，写明理由和批准文号。
没有写 `township_office` 的，补上承担机构的角色标识：提示中列出各乡镇对口该事项主体责任部门
（由乡镇主责的，对口配合部门）的机构，供选定。

自动修复：没有写 `township_office`、而每个乡镇对口主体责任部门（由乡镇主责的，对口配合部门）的内设机构
都只有一个、且是同一个机构角色时，`qingdan validate --fix` 写上这个角色。原表有“乡镇承担机构”“责任科室”
一类的列（导入时放进了 `extra`）时以原表为准：写的正是某个机构角色的名称，或是对口机构中恰好一个角色
名称的简写，才写上。有几个机构对口、有的乡镇没有对口机构，或各乡镇对口的机构不同时不改动，
提示中列出候选机构和它们所在的乡镇，由人来定。

Fails:
    # structures.yaml
    structures:
      - id: medium
        name: 八办一队一中心一站
        limit: 11
        roles:
          - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
          - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
          - {id: investment-center, name: 招商促进服务中心, kind: public-institution}
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - id: agri-investment
        name: 农业招商项目落地服务
        lead: agriculture
        township_duties: [做好农业招商项目洽谈、跟踪和落地服务。]
        township_office: investment-center
        basis: [{document: 《优化营商环境条例》, article: 第八条}]
Passes:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - id: agri-investment
        name: 农业招商项目落地服务
        lead: agriculture
        township_duties: [做好农业招商项目洽谈、跟踪和落地服务。]
        township_office: economic-office
        basis: [{document: 《优化营商环境条例》, article: 第八条}]
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from qingdan.findings import Severity
from qingdan.model import TOWNSHIP, DataSet, Matter, Township
from qingdan.rules._base import Hit, fix, raw
from qingdan.rules._infer import (
    Refs,
    agrees,
    carried_for,
    counterpart_roles,
    department_refs,
    role_refs,
    stated_office,
    townships_named,
)

CODE = "QD203"
ID = "carrier-missing"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, Any] = {}
FIXABLE = True


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    known_roles = None if "structures" in dataset.unreadable else dataset.role_ids()
    departments = None if "departments" in dataset.unreadable else department_refs(dataset)
    roles_of = {id(t): {o.role for o in t.offices} for t in dataset.townships}
    lacking: dict[str, list[Township]] = {}  # role -> townships without an office in it

    for m in dataset.matters:
        if not (m.township_leads or any(d.strip() for d in m.township_duties)):
            continue
        matter = m.name or m.id
        if not m.township_office:
            yield _without_office(dataset, m, departments, known_roles)
            continue
        role = m.township_office
        if known_roles is None or role not in known_roles:
            continue  # an unknown role is QD102's finding; it would repeat here for every township
        if role not in lacking:
            lacking[role] = [t for t in dataset.townships if role not in roles_of[id(t)]]
        for t in lacking[role]:
            office = dataset.index.role(role, t.structure)
            yield Hit(
                m.at.child("township_office"),
                f"「{t.name or t.id}」没有设置「{office}」，事项「{matter}」在该乡镇无人承担；"
                f"请改由该乡镇现有的机构承担，或在该乡镇设置「{office}」",
                item=f"{m.id}/{t.id}",
                related=(t.at.child("offices"),),
            )


def _without_office(ds: DataSet, m: Matter, known: Refs | None, roles: set[str] | None) -> Hit:
    """The finding for a matter with no township_office: with the role the source names or every township's one
    counterpart office has (and the fix that writes it), else with the candidates."""
    at = m.at.child("township_office")
    head = f"事项「{m.name or m.id}」有乡镇一侧的职责，但没有写乡镇承担机构（township_office），在各乡镇都无人承担"
    written = raw(m.at).get("township_office")  # missing, null or ""; anything else is the schema's finding
    sure = (written is None or isinstance(written, str)) and bool(roles)
    carried = carried_for(m, known) if known is not None else ()
    towns = [] if "township" in ds.unreadable else list(ds.index.townships.values())
    found = {t.id: counterpart_roles(t, carried) for t in towns} if carried else {}
    choices = set(found.values())
    only = next(iter(choices))[0] if len(choices) == 1 and len(next(iter(choices))) == 1 else None
    named = "、".join(f"「{ds.index.party(d)}」" for d in carried)

    def fixed(role: str, why: str) -> Hit:
        name = ds.index.role(role)
        if not (sure and role in (roles or ())):
            return Hit(at, f"{head}；{why}「{name}」（{role}），请写上这个角色标识", item=m.id)
        return Hit(
            at,
            f"{head}；{why}「{name}」（{role}），可用 qingdan validate --fix 写上",
            item=m.id,
            fix=fix(at, written, role, name),
        )

    stated = stated_office(m.extra)
    if stated is not None:  # the source named the office in a column import kept in extra: it decides
        column, text = stated
        meant = role_refs(ds).meant(text)
        if not meant:  # a shortening that fits exactly one candidate: 执法大队 among the counterpart offices
            offered = dict.fromkeys(r for rs in found.values() for r in rs)
            meant = tuple(r for r in offered if agrees(text, ds.index.role(r)))
        if len(meant) == 1:
            return fixed(meant[0], f"原表「{column}」一栏写的「{text}」是机构角色")
        said = f"原表「{column}」一栏写的是「{text}」，不是哪个机构角色的名称"
        if any(found.values()):
            return Hit(at, f"{head}；{said}；{_choose(named, ds, towns, found)}", item=m.id)
        return Hit(at, f"{head}；{said}；{_any_role(ds, towns)}", item=m.id)
    unknown = [d for d in (*m.leads, *m.supporting) if d != TOWNSHIP and d not in (known or ())]
    if not carried and unknown and known is not None:
        return Hit(
            at,
            f"{head}；部门「{'、'.join(unknown)}」不在部门名录中，定下部门后才找得出对口的机构；"
            "请写上承担它的机构角色标识",
            item=m.id,
        )
    if not carried or not towns:
        return Hit(at, f"{head}；{_any_role(ds, towns)}", item=m.id)
    if only is not None:
        return fixed(only, f"各乡镇对口{named}的机构都是")
    if not any(found.values()):
        return Hit(at, f"{head}；各乡镇都没有对口{named}的机构，{_any_role(ds, towns)}", item=m.id)
    return Hit(at, f"{head}；{_choose(named, ds, towns, found)}", item=m.id)


def _any_role(ds: DataSet, towns: list[Township]) -> str:
    """No office answers for the matter: the roles the townships have, for a person to choose from."""
    have = dict.fromkeys(o.role for t in towns for o in t.offices if o.role)
    if not have:
        return "请写上承担它的机构角色标识"
    offered = "、".join(f"{r}（{ds.index.role(r)}）" for r in dict.fromkeys([*ds.index.roles, *have]) if r in have)
    return f"各乡镇设有的机构角色：{offered}，请选定承担它的一个写上角色标识"


def _choose(named: str, ds: DataSet, towns: list[Township], found: dict[str, tuple[str, ...]]) -> str:
    """对口「…」的机构有 economic-office（经济发展办公室）、investment-center（招商促进服务中心，仅澄溪镇对口），请选定…"""
    seen = {r for rs in found.values() for r in rs}
    out = []
    for role in (r for r in dict.fromkeys([*ds.index.roles, *(r for rs in found.values() for r in rs)]) if r in seen):
        having = [t.name or t.id for t in towns if role in found[t.id]]
        where = "" if len(having) == len(towns) else f"，仅{townships_named(having)}对口"
        out.append(f"{role}（{ds.index.role(role)}{where}）")
    if len(out) == 1:
        return f"对口{named}的机构只有 {out[0]}，请确认后写上它的角色标识"
    return f"对口{named}的机构有 {'、'.join(out)}，请选定一个写上它的角色标识"
