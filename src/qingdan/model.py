"""The entities of a data set as typed records, built from parsed documents, and their lookups.

Every record keeps `at`, the document and path it came from, so any check can point at it.
Builders are tolerant: a value of the wrong shape is left out of the record (the schema
pass has already reported it), so a broken file never stops the other checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from qingdan.errors import QingdanError
from qingdan.labels import TOWNSHIP_NAME
from qingdan.similarity import name_key, ratio
from qingdan.source import Path_, SourceFile

TOWNSHIP = "township"  # the party id that means 乡镇（街道） itself, in lead / supporting / actor
# what earlier imports wrote where a list had no group row: names of no group, not of a group
NO_GROUP = frozenset({"未分类", "未分领域", "未分方面"})


def grouped(name: str) -> bool:
    """True if a domain, area or category name is a group a published table heads with a group row."""
    return bool(name.strip()) and name.strip() not in NO_GROUP


@dataclass(frozen=True, slots=True)
class At:
    """Where a record was read: its document and the path inside it."""

    doc: SourceFile
    path: Path_

    def child(self, *steps: str | int) -> At:
        return At(self.doc, (*self.path, *steps))


_AT = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str
    unit: str


@dataclass(frozen=True, slots=True)
class Basis:
    """One document a list cites: its title, 文号 (or promulgation note), article and excerpt."""

    document: str
    article: str
    excerpt: str
    number: str = ""

    @property
    def citation(self) -> str:
        """Title, 文号 and article as lists print them: 《…的通知》（浙政办发〔2020〕15号）第三条."""
        number = f"（{self.number}）" if self.number else ""
        return f"{self.document}{number}{self.article}"

    @property
    def text(self) -> str:
        """The whole entry as published, nothing left out: the citation, then the excerpt after a colon."""
        return f"{self.citation}：{self.excerpt}" if self.excerpt else self.citation


@dataclass(frozen=True, slots=True)
class Admission:
    approved_by: str
    date: str
    consulted: bool | None
    legality_reviewed: bool | None
    note: str


@dataclass(frozen=True, slots=True)
class PostCount:
    approved: int
    actual: int


@dataclass(frozen=True, slots=True)
class Staffing:
    administrative: PostCount | None
    institutional: PostCount | None
    middle_posts: int | None
    enforcement_certified: int | None


@dataclass(frozen=True, slots=True)
class Publication:
    """The parts of the 公文 (GB/T 9704-2012) that are not list data: 版头, 主送, 落款, 附注, 版记; "" when not given."""

    copy_number: str  # 份号
    secrecy: str  # 密级和保密期限
    urgency: str  # 紧急程度
    issuer_mark: str  # 发文机关标志 (版头)
    addressees: str  # 主送机关
    signatory: str  # 发文机关署名 (落款); the edition's authority when not given
    date: str  # 成文日期, YYYY-MM-DD
    date_style: str  # "arabic" (default) or "chinese"
    note: str  # 附注
    cc: tuple[str, ...]  # 抄送机关
    printed_by: str  # 印发机关
    printed_on: str  # 印发日期, YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class Site:
    """The footer of the published site: who runs it and how to reach them."""

    host: str  # 主办单位
    contact: str  # 联系方式


@dataclass(frozen=True, slots=True)
class Edition:
    jurisdiction: str
    jurisdiction_kind: str
    code: str
    parent: str
    title: str
    authority: str
    document_number: str
    effective_date: str
    version: str
    label: str
    previous: str
    settings: dict[str, Any]
    files: dict[str, tuple[str, ...]]
    publication: Publication | None = None
    site: Site | None = None
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    contact: Contact | None
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    kind: str
    required: bool
    counterparts: tuple[str, ...]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Structure:
    id: str
    name: str
    limit: int | None
    scale: str
    description: str
    roles: tuple[Role, ...]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    role: str
    name: str
    kind: str
    counterparts: tuple[str, ...]
    functions: tuple[str, ...]
    staffing: Staffing | None
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class StationedUnit:
    id: str
    name: str
    department: str
    management: str  # stationed 派驻 / local 属地管理 / dual 双重管理
    counterparts: tuple[str, ...]
    functions: tuple[str, ...]
    staffing: Staffing | None
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Leader:
    id: str
    name: str
    post: str
    oversees: tuple[str, ...]
    assists: tuple[str, ...]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Township:
    id: str
    name: str
    kind: str
    scale: str
    population: int | None
    area_km2: float | None
    structure: str
    offices: tuple[Office, ...]
    leaders: tuple[Leader, ...]
    stationed_units: tuple[StationedUnit, ...]
    at: At | None = _AT

    def unit(self, unit_id: str) -> Office | StationedUnit | None:
        """Return the office or stationed unit with this id."""
        for unit in (*self.offices, *self.stationed_units):
            if unit.id == unit_id:
                return unit
        return None


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    name: str
    order: int | None
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Matter:
    id: str
    name: str
    domain: str  # the id of its file's domain; "" in a file without one
    leads: tuple[str, ...]  # department ids or TOWNSHIP; more than one is a finding
    supporting: tuple[str, ...]
    department_duties: tuple[str, ...]
    township_duties: tuple[str, ...]
    township_office: str  # a role id
    basis: tuple[Basis, ...]
    contact: Contact | None
    admission: Admission | None
    note: str
    extra: dict[str, Any]
    at: At | None = _AT

    @property
    def township_leads(self) -> bool:
        return TOWNSHIP in self.leads


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Duty:
    id: str
    area: str  # "" when not written
    name: str
    office: str  # a role id
    basis: tuple[Basis, ...]
    extra: dict[str, Any]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Withdrawal:
    date: str
    document: str
    reason: str


@dataclass(frozen=True, slots=True)
class Power:
    id: str
    name: str
    type: str
    code: str
    source: str
    mode: str  # authorized 依法授权 / entrusted 依法委托 / delegated 下放
    receiving_office: str  # a role id
    basis: tuple[Basis, ...]
    since: str
    status: str  # active / withdrawn
    withdrawn: Withdrawal | None
    extra: dict[str, Any]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class PowerListItem:
    id: str
    type: str
    code: str
    name: str
    sub_items: tuple[str, ...]
    basis: tuple[Basis, ...]
    responsibilities: tuple[str, ...]
    accountability: tuple[str, ...]
    office: str
    extra: dict[str, Any]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class Step:
    actor: str
    action: str
    time_limit: str


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    name: str
    lead: str
    partners: tuple[str, ...]
    township_office: str
    matters: tuple[str, ...]
    steps: tuple[Step, ...]
    at: At | None = _AT


DUTY_LIST_KINDS = ("basic", "supporting", "reclaimed")  # 基本 / 配合 / 收回


@dataclass(frozen=True, slots=True)
class DutyListItem:
    id: str
    list: str  # one of DUTY_LIST_KINDS
    category: str  # "" when not written
    name: str
    office: str  # an office id of the township
    departments: tuple[str, ...]  # 配合: 对应上级部门 (one or several department ids)
    department_duty: str
    township_duty: str
    receiving_departments: tuple[str, ...]  # 收回: 承接部门 (one or several department ids)
    working_method: str
    extra: dict[str, Any]
    at: At | None = _AT


@dataclass(frozen=True, slots=True)
class DutyList:
    township: str
    items: tuple[DutyListItem, ...]
    at: At | None = _AT

    def of(self, list_kind: str) -> tuple[DutyListItem, ...]:
        return tuple(i for i in self.items if i.list == list_kind)


@dataclass(slots=True)
class DataSet:
    """A whole edition: its documents and every entity in them."""

    root: str
    documents: list[SourceFile]
    unreadable: frozenset[str] = frozenset()  # kinds with a file that could not be parsed
    edition: Edition | None = None
    departments: list[Department] = field(default_factory=list)
    structures: list[Structure] = field(default_factory=list)
    townships: list[Township] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    matters: list[Matter] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    powers: list[Power] = field(default_factory=list)
    power_list: list[PowerListItem] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    duty_lists: list[DutyList] = field(default_factory=list)

    # not an init field, so that dataclasses.replace() builds a fresh index for the changed lists
    _index: Index | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> Index:
        """The id lookups of this data set, built on first use (the records are complete by then)."""
        if self._index is None:
            self._index = Index(self)
        return self._index

    def department_ids(self) -> set[str]:
        return set(self.index.departments)

    def role_ids(self) -> set[str]:
        return set(self.index.roles)

    def township(self, township_id: str) -> Township | None:
        return self.index.townships.get(township_id)

    def counts(self) -> dict[str, int]:
        """Headline counts, in the order the summary line shows them."""
        return {
            "townships": len(self.townships),
            "matters": len(self.matters),
            "duties": len(self.duties),
            "powers": len(self.powers),
            "duty_list_items": sum(len(d.items) for d in self.duty_lists),
        }


class Index:
    """Every id of a data set mapped to its record or published name, built once.

    Where an id is written twice (a QD101 finding) the first record wins, everywhere: the
    validator, the diff and every published document name the same item. A role id is not a
    duplicate when several structures define it; its name is the first non-empty one, unless
    the caller names the structure.
    """

    __slots__ = ("_units", "areas", "departments", "domains", "matters", "roles", "structures", "townships")

    def __init__(self, ds: DataSet) -> None:
        self.departments: dict[str, Department] = _first(ds.departments)
        self.structures: dict[str, Structure] = _first(ds.structures)
        self.townships: dict[str, Township] = _first(ds.townships)
        self.matters: dict[str, Matter] = _first(ds.matters)
        self.domains: dict[str, str] = {d.id: d.name for d in _first(ds.domains).values()}
        self.areas: dict[str, str] = {a.id: a.name for a in _first(ds.areas).values()}
        self._units: dict[str, dict[str, str]] = {}  # township id -> unit id -> name, filled on first use
        self.roles: dict[str, str] = {}
        for s in ds.structures:
            for r in s.roles:
                if not self.roles.get(r.id):
                    self.roles[r.id] = r.name

    def party(self, party: str, *, short: bool = False) -> str:
        """The published name of a lead or supporting party: 乡镇（街道）, a department, else the id as written."""
        if party == TOWNSHIP:
            return TOWNSHIP_NAME
        d = self.departments.get(party)
        if d is None:
            return party
        return (d.short_name or d.name or party) if short else (d.name or party)

    def role(self, role_id: str, structure: str = "") -> str:
        """The name of an office role: as the named structure has it, else as any structure does, else the id."""
        s = self.structures.get(structure) if structure else None
        if s is not None:
            own = next((r.name for r in s.roles if r.id == role_id and r.name), "")
            if own:
                return own
        return self.roles.get(role_id) or role_id

    def structure(self, structure_id: str) -> str:
        """The name of a structure template, else its id."""
        s = self.structures.get(structure_id)
        return (s.name or structure_id) if s else structure_id

    def unit_name(self, township_id: str, unit_id: str) -> str:
        """The name of an office or stationed unit of a township, else its id."""
        names = self._units.get(township_id)
        if names is None:
            t = self.townships.get(township_id)
            names = {}
            for u in (*t.offices, *t.stationed_units) if t else ():
                names.setdefault(u.id, u.name or u.id)
            self._units[township_id] = names
        return names.get(unit_id) or unit_id

    def township_name(self, township_id: str) -> str:
        """The name of a township, else its id."""
        t = self.townships.get(township_id)
        return (t.name or township_id) if t else township_id

    def township_id(self, text: str) -> str:
        """The id of the township `text` names: its id, its name, or its name without 镇、乡 or 街道.

        Every `--township` option resolves through here. No match, or a name several townships
        share, is a QingdanError naming the candidates.
        """
        wanted = text.strip()
        if wanted in self.townships:
            return wanted
        for same in (lambda t: t.name == wanted, lambda t: _bare_township(t.name) == _bare_township(wanted)):
            found = sorted((t for t in self.townships.values() if t.name and same(t)), key=lambda t: t.id)
            if len(found) == 1:
                return found[0].id
            if found:
                named = "、".join(f"{t.name}（{t.id}）" for t in found)
                raise QingdanError(f"「{text}」可以指 {len(found)} 个乡镇：{named}；请写乡镇标识")
        if not self.townships:
            raise QingdanError(f"清单中还没有乡镇，找不到「{text}」")
        raise QingdanError(f"清单中没有「{text}」这个乡镇（写乡镇标识或名称）；{_nearest(wanted, self.townships)}")


_TOWNSHIP_SUFFIX = re.compile(r"(?:街道办事处|街道|镇|乡)$")


def _bare_township(name: str) -> str:
    """A township name without spaces and its 镇 / 乡 / 街道: 鹤坪镇 → 鹤坪."""
    plain = re.sub(r"\s+", "", name)
    return _TOWNSHIP_SUFFIX.sub("", plain) or plain


def _nearest(text: str, townships: dict[str, Township], limit: int = 5) -> str:
    """The townships whose name or id is like `text`, as 名称（标识）, best first; else the first few of all."""
    key = name_key(_bare_township(text))

    def score(t: Township) -> float:
        name = name_key(_bare_township(t.name))
        contained = 1.0 if key and name and (key in name or name in key) else 0.0
        return contained + max(ratio(key, name), ratio(text.lower(), t.id))

    scored = sorted(((score(t), t.id, t) for t in townships.values()), key=lambda s: (-s[0], s[1]))
    near = [t for s, _, t in scored if s >= 0.5][:limit]
    if near:
        return "最接近的：" + "、".join(f"{t.name or t.id}（{t.id}）" for t in near)
    shown = [f"{t.name or t.id}（{t.id}）" for t in list(townships.values())[: limit * 2]]
    more = f"等 {len(townships)} 个" if len(townships) > len(shown) else ""
    return "清单中的乡镇：" + "、".join(shown) + more


_Keyed = TypeVar("_Keyed", Department, Structure, Township, Matter, Domain, Area)


def _first(items: Iterable[_Keyed]) -> dict[str, _Keyed]:
    out: dict[str, _Keyed] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


# -- building records from plain data -------------------------------------------------


def _str(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    return value if isinstance(value, str) else ""


def _int(d: dict[str, Any], key: str) -> int | None:
    value = d.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strs(d: dict[str, Any], key: str) -> tuple[str, ...]:
    value = d.get(key)
    if isinstance(value, str):
        return (value,)
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _ids(d: dict[str, Any], key: str) -> tuple[str, ...]:
    """One id or a list of ids, as a tuple; a blank one is no id."""
    return tuple(v for v in _strs(d, key) if v.strip())


def _dict(d: dict[str, Any], key: str) -> dict[str, Any]:
    value = d.get(key)
    return value if isinstance(value, dict) else {}


def _items(data: Any, key: str, at: At) -> Iterator[tuple[dict[str, Any], At]]:
    """Yield the mappings of a list under `key` with their places; skip anything else."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield item, at.child(key, i)


def _contact(d: dict[str, Any]) -> Contact | None:
    c = _dict(d, "contact")
    return Contact(_str(c, "name"), _str(c, "phone"), _str(c, "unit")) if c else None


def _basis(d: dict[str, Any]) -> tuple[Basis, ...]:
    value = d.get("basis")
    if not isinstance(value, list):
        return ()
    return tuple(
        Basis(_str(b, "document"), _str(b, "article"), _str(b, "excerpt"), _str(b, "number"))
        for b in value
        if isinstance(b, dict)
    )


def _admission(d: dict[str, Any]) -> Admission | None:
    a = _dict(d, "admission")
    if not a:
        return None
    return Admission(
        _str(a, "approved_by"), _str(a, "date"), a.get("consulted"), a.get("legality_reviewed"), _str(a, "note")
    )


def _post_count(d: dict[str, Any]) -> PostCount | None:
    return PostCount(_int(d, "approved") or 0, _int(d, "actual") or 0) if d else None


def _staffing(d: dict[str, Any]) -> Staffing | None:
    s = _dict(d, "staffing")
    if not s:
        return None
    return Staffing(
        _post_count(_dict(s, "administrative")),
        _post_count(_dict(s, "institutional")),
        _int(s, "middle_posts"),
        _int(s, "enforcement_certified"),
    )


def _edition(data: dict[str, Any], at: At) -> Edition:
    j = _dict(data, "jurisdiction")
    files = {k: _strs(_dict(data, "files"), k) for k in _dict(data, "files")}
    return Edition(
        _str(j, "name"),
        _str(j, "kind"),
        _str(j, "code"),
        _str(j, "parent"),
        _str(data, "title"),
        _str(data, "authority"),
        _str(data, "document_number"),
        _str(data, "effective_date"),
        _str(data, "version"),
        _str(data, "label"),
        _str(data, "previous"),
        _dict(data, "settings"),
        files,
        _publication(data.get("publication")),
        _site(data.get("site")),
        at,
    )


def _publication(d: Any) -> Publication | None:
    if not isinstance(d, dict):
        return None
    return Publication(
        *(_str(d, k) for k in ("copy_number", "secrecy", "urgency", "issuer_mark", "addressees", "signatory", "date")),
        _str(d, "date_style") or "arabic",
        _str(d, "note"),
        _strs(d, "cc"),
        _str(d, "printed_by"),
        _str(d, "printed_on"),
    )


def _site(d: Any) -> Site | None:
    return Site(_str(d, "host"), _str(d, "contact")) if isinstance(d, dict) else None


def _add_departments(ds: DataSet, data: Any, at: At) -> None:
    for d, a in _items(data, "departments", at):
        ds.departments.append(
            Department(_str(d, "id"), _str(d, "name"), _str(d, "short_name"), _strs(d, "aliases"), _contact(d), a)
        )


def _add_structures(ds: DataSet, data: Any, at: At) -> None:
    for s, a in _items(data, "structures", at):
        roles = tuple(
            Role(
                _str(r, "id"), _str(r, "name"), _str(r, "kind"), r.get("required") is True, _strs(r, "counterparts"), ra
            )
            for r, ra in _items(s, "roles", a)
        )
        ds.structures.append(
            Structure(
                _str(s, "id"), _str(s, "name"), _int(s, "limit"), _str(s, "scale"), _str(s, "description"), roles, a
            )
        )


def _add_township(ds: DataSet, data: Any, at: At) -> None:
    if not isinstance(data, dict):
        return
    offices = tuple(
        Office(
            _str(o, "id"),
            _str(o, "role"),
            _str(o, "name"),
            _str(o, "kind"),
            _strs(o, "counterparts"),
            _strs(o, "functions"),
            _staffing(o),
            a,
        )
        for o, a in _items(data, "offices", at)
    )
    leaders = tuple(
        Leader(_str(p, "id"), _str(p, "name"), _str(p, "post"), _strs(p, "oversees"), _strs(p, "assists"), a)
        for p, a in _items(data, "leaders", at)
    )
    units = tuple(
        StationedUnit(
            _str(u, "id"),
            _str(u, "name"),
            _str(u, "department"),
            _str(u, "management"),
            _strs(u, "counterparts"),
            _strs(u, "functions"),
            _staffing(u),
            a,
        )
        for u, a in _items(data, "stationed_units", at)
    )
    area = data.get("area_km2")
    ds.townships.append(
        Township(
            _str(data, "id"),
            _str(data, "name"),
            _str(data, "kind"),
            _str(data, "scale"),
            _int(data, "population"),
            float(area) if isinstance(area, int | float) and not isinstance(area, bool) else None,
            _str(data, "structure"),
            offices,
            leaders,
            units,
            at,
        )
    )


def _add_matters(ds: DataSet, data: Any, at: At) -> None:
    if not isinstance(data, dict):
        return
    dom = _dict(data, "domain")
    domain = Domain(_str(dom, "id"), _str(dom, "name"), _int(dom, "order"), at.child("domain"))
    if "domain" in data:  # a file without one holds matters of no domain
        ds.domains.append(domain)
    for m, a in _items(data, "matters", at):
        ds.matters.append(
            Matter(
                _str(m, "id"),
                _str(m, "name"),
                domain.id,
                _strs(m, "lead"),
                _strs(m, "supporting"),
                _strs(m, "department_duties"),
                _strs(m, "township_duties"),
                _str(m, "township_office"),
                _basis(m),
                _contact(m),
                _admission(m),
                _str(m, "note"),
                _dict(m, "extra"),
                a,
            )
        )


def _add_duties(ds: DataSet, data: Any, at: At) -> None:
    for d, a in _items(data, "areas", at):
        ds.areas.append(Area(_str(d, "id"), _str(d, "name"), a))
    for d, a in _items(data, "duties", at):
        ds.duties.append(
            Duty(_str(d, "id"), _str(d, "area"), _str(d, "name"), _str(d, "office"), _basis(d), _dict(d, "extra"), a)
        )


def _add_powers(ds: DataSet, data: Any, at: At) -> None:
    for p, a in _items(data, "powers", at):
        w = _dict(p, "withdrawn")
        ds.powers.append(
            Power(
                _str(p, "id"),
                _str(p, "name"),
                _str(p, "type"),
                _str(p, "code"),
                _str(p, "source"),
                _str(p, "mode"),
                _str(p, "receiving_office"),
                _basis(p),
                _str(p, "since"),
                _str(p, "status") or "active",
                Withdrawal(_str(w, "date"), _str(w, "document"), _str(w, "reason")) if w else None,
                _dict(p, "extra"),
                a,
            )
        )


def _add_power_list(ds: DataSet, data: Any, at: At) -> None:
    for p, a in _items(data, "items", at):
        ds.power_list.append(
            PowerListItem(
                _str(p, "id"),
                _str(p, "type"),
                _str(p, "code"),
                _str(p, "name"),
                _strs(p, "sub_items"),
                _basis(p),
                _strs(p, "responsibilities"),
                _strs(p, "accountability"),
                _str(p, "office"),
                _dict(p, "extra"),
                a,
            )
        )


def _add_cases(ds: DataSet, data: Any, at: At) -> None:
    for c, a in _items(data, "cases", at):
        steps = tuple(
            Step(_str(s, "actor"), _str(s, "action"), _str(s, "time_limit")) for s, _ in _items(c, "steps", a)
        )
        ds.cases.append(
            Case(
                _str(c, "id"),
                _str(c, "name"),
                _str(c, "lead"),
                _strs(c, "partners"),
                _str(c, "township_office"),
                _strs(c, "matters"),
                steps,
                a,
            )
        )


def _add_duty_list(ds: DataSet, data: Any, at: At) -> None:
    if not isinstance(data, dict):
        return
    items = tuple(
        DutyListItem(
            _str(i, "id"),
            kind,
            _str(i, "category"),
            _str(i, "name"),
            _str(i, "office"),
            _ids(i, "department"),
            _str(i, "department_duty"),
            _str(i, "township_duty"),
            _ids(i, "receiving_department"),
            _str(i, "working_method"),
            _dict(i, "extra"),
            a,
        )
        for kind in DUTY_LIST_KINDS
        for i, a in _items(data, kind, at)
    )
    ds.duty_lists.append(DutyList(_str(data, "township"), items, at))


_BUILDERS = {
    "departments": _add_departments,
    "structures": _add_structures,
    "township": _add_township,
    "matters": _add_matters,
    "duties": _add_duties,
    "powers": _add_powers,
    "power-list": _add_power_list,
    "cases": _add_cases,
    "duty-list": _add_duty_list,
}


def build_dataset(root: str, documents: list[SourceFile], unreadable: frozenset[str] = frozenset()) -> DataSet:
    """Build every record of a data set from its parsed documents.

    `unreadable` names the kinds of which some file could not be parsed, so that checks
    of references into them can stand down instead of reporting every id as missing.
    """
    ds = DataSet(root, documents, unreadable)
    for doc in documents:
        at = At(doc, ())
        if doc.kind == "edition":
            ds.edition = _edition(doc.data if isinstance(doc.data, dict) else {}, at)
        else:
            _BUILDERS[doc.kind](ds, doc.data, at)
    ds.domains.sort(key=lambda d: (d.order is None, d.order or 0, d.id))
    return ds
