"""`qingdan stats`: the counts of one edition — per domain, per township, and for the county.

Counting follows the rules that check the same numbers, so a table and a finding never
disagree: the offices counted against a structure's limit are those QD303 counts (every
office except kind `stationed`; stationed units apart), and the posts behind a vacancy rate
are those QD501 counts (the township's offices and its `local` / `dual` stationed units;
units run by their department, `stationed`, are left out).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from qingdan.labels import TOWNSHIP_NAME
from qingdan.model import DUTY_LIST_KINDS, TOWNSHIP, DataSet, Matter, StationedUnit, Township

# 履行职责事项清单: the national average per township (基本 117, 配合 99, 收回 124; about 340 in all)
NATIONAL_AVERAGE = {"basic": 117, "supporting": 99, "reclaimed": 124}
NATIONAL_TOTAL = sum(NATIONAL_AVERAGE.values())

_RUN_BY_TOWNSHIP = ("local", "dual")  # as QD501: posts the township itself fills


@dataclass(frozen=True, slots=True)
class Posts:
    """Established posts (编制) of one kind: approved (核定) and filled (实有)."""

    approved: int = 0
    actual: int = 0

    @property
    def vacant(self) -> int:
        return self.approved - self.actual

    @property
    def rate(self) -> float | None:
        """The vacancy rate (空编率), (核定 − 实有) ÷ 核定; None when nothing is approved."""
        return self.vacant / self.approved if self.approved > 0 else None

    def __add__(self, other: Posts) -> Posts:
        return Posts(self.approved + other.approved, self.actual + other.actual)


@dataclass(frozen=True, slots=True)
class DutyCounts:
    """基本 / 配合 / 收回 item counts of a township's 履行职责事项清单 (or their mean)."""

    basic: float
    supporting: float
    reclaimed: float

    @property
    def total(self) -> float:
        return self.basic + self.supporting + self.reclaimed

    def ratio(self, kind: str) -> float:
        """The count against the national average: 115 基本 → 115 / 117."""
        if kind == "total":
            return self.total / NATIONAL_TOTAL
        return getattr(self, kind) / NATIONAL_AVERAGE[kind]


@dataclass(frozen=True, slots=True)
class DomainRow:
    """The 属地管理事项 of one domain (or of all, in the total row)."""

    id: str
    name: str
    matters: int
    department_led: int  # 主体责任在部门
    township_led: int  # 乡镇主体, also when a department co-leads (QD202 reports that)
    unowned: int  # no lead at all (QD201 reports it)
    township_supporting: int  # 乡镇配合
    department_duties: int
    township_duties: int


@dataclass(frozen=True, slots=True)
class TownshipRow:
    """One township (or the county total): offices, counterparts, duty list and posts."""

    id: str
    name: str
    structure: str  # the structure template's name ("" when unknown)
    limit: int | None  # 机构限额; in the total row the sum of the limits
    party_government: int  # 党政机构
    public_institution: int  # 事业机构
    counted: int  # offices counted against the limit (all but kind "stationed", as QD303)
    stationed_units: int  # 站所: stationed units plus offices of kind "stationed"
    department_run: int  # of those, run by their department (management: stationed)
    counterparts: int  # distinct county departments its offices and units correspond to
    duty_list: DutyCounts | None  # None: no 履行职责事项清单
    administrative: Posts
    institutional: Posts
    over_limit: bool  # more offices counted than the limit; in the total row: any township is


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything `qingdan stats` shows, in display order."""

    jurisdiction: str
    version: str
    label: str
    document_number: str
    effective_date: str
    headline: tuple[tuple[str, str, int], ...]  # (key, 中文 label, count)
    domains: tuple[DomainRow, ...]
    domain_total: DomainRow
    townships: tuple[TownshipRow, ...]
    township_total: TownshipRow  # always the whole county, also when one township is asked for
    duty_list_mean: DutyCounts | None  # the mean per township with a list
    duty_list_townships: int  # how many townships have a list
    unmatched_duty_lists: tuple[str, ...]  # township ids of duty lists with no township file

    @property
    def title(self) -> str:
        return f"{self.jurisdiction} {self.version} 版" if self.jurisdiction and self.version else "清单"


def compute(dataset: DataSet, township: str | None = None) -> Stats:
    """Count the edition; with `township`, list only that township (totals stay the county's)."""
    if township is not None:
        township = dataset.index.township_id(township)
    structures = dataset.index.structures
    lists: dict[str, list[int]] = {}
    for dl in dataset.duty_lists:
        counts = lists.setdefault(dl.township, [0, 0, 0])
        for i, kind in enumerate(DUTY_LIST_KINDS):
            counts[i] += len(dl.of(kind))
    rows = [_township(t, structures, lists) for t in dataset.townships]
    with_list = [r.duty_list for r in rows if r.duty_list is not None]
    e = dataset.edition
    known = dataset.index.townships
    return Stats(
        jurisdiction=e.jurisdiction if e else "",
        version=e.version if e else "",
        label=e.label if e else "",
        document_number=e.document_number if e else "",
        effective_date=e.effective_date if e else "",
        headline=_headline(dataset, rows),
        domains=tuple(_domains(dataset)),
        domain_total=_domain_row(dataset, "", "合计", lambda _: True),
        townships=tuple(r for r in rows if township is None or r.id == township),
        township_total=_township_total(dataset, rows),
        duty_list_mean=_duty_mean(_duty_sum(with_list), len(with_list)),
        duty_list_townships=len(with_list),
        unmatched_duty_lists=tuple(sorted(t for t in lists if t not in known)),
    )


def _headline(dataset: DataSet, rows: list[TownshipRow]) -> tuple[tuple[str, str, int], ...]:
    withdrawn = sum(p.status == "withdrawn" for p in dataset.powers)
    return (
        ("departments", "部门", len(dataset.departments)),
        ("structures", "机构设置模式", len(dataset.structures)),
        ("townships", TOWNSHIP_NAME, len(dataset.townships)),
        ("offices", "乡镇机构（计入限额）", sum(r.counted for r in rows)),
        ("stationed_units", "站所", sum(r.stationed_units for r in rows)),
        ("domains", "领域", len(_unique_domains(dataset))),
        ("matters", "属地管理事项", len(dataset.matters)),
        ("township_led", "其中乡镇承担主体责任", sum(m.township_leads for m in dataset.matters)),
        ("duties", "乡镇职责", len(dataset.duties)),
        ("powers", "赋权事项（有效）", len(dataset.powers) - withdrawn),
        ("powers_withdrawn", "已收回赋权事项", withdrawn),
        ("power_list", "权责清单事项", len(dataset.power_list)),
        ("cases", "“一件事”", len(dataset.cases)),
        ("duty_lists", "有履行职责事项清单的乡镇", len({dl.township for dl in dataset.duty_lists})),
        ("duty_list_items", "履行职责事项", sum(len(dl.items) for dl in dataset.duty_lists)),
    )


# -- domains -------------------------------------------------------------------------------


def _unique_domains(dataset: DataSet) -> list[tuple[str, str]]:
    """(id, name) of each domain once, in the edition's order; two files may share a domain."""
    seen: dict[str, str] = {}
    for d in dataset.domains:
        seen.setdefault(d.id, d.name)
    return list(seen.items())


def _domains(dataset: DataSet) -> list[DomainRow]:
    return [
        _domain_row(dataset, domain_id, name or domain_id, lambda m, d=domain_id: m.domain == d)
        for domain_id, name in _unique_domains(dataset)
    ]


def _domain_row(dataset: DataSet, domain_id: str, name: str, keep) -> DomainRow:
    matters = [m for m in dataset.matters if keep(m)]
    return DomainRow(
        id=domain_id,
        name=name,
        matters=len(matters),
        department_led=sum(_led(m) and not m.township_leads for m in matters),
        township_led=sum(m.township_leads for m in matters),
        unowned=sum(not _led(m) for m in matters),
        township_supporting=sum(TOWNSHIP in m.supporting for m in matters),
        department_duties=sum(len(m.department_duties) for m in matters),
        township_duties=sum(len(m.township_duties) for m in matters),
    )


def _led(m: Matter) -> bool:
    """Whether anyone bears 主体责任, as QD201 decides it (a blank lead is no lead)."""
    return any(lead.strip() for lead in m.leads)


# -- townships -----------------------------------------------------------------------------


def _township(t: Township, structures: dict, lists: dict[str, list[int]]) -> TownshipRow:
    kinds = Counter(o.kind for o in t.offices)
    s = structures.get(t.structure)
    counts = lists.get(t.id)
    counted = len(t.offices) - kinds["stationed"]
    admin, inst = _posts(t)
    return TownshipRow(
        id=t.id,
        name=t.name or t.id,
        structure=s.name if s else "",
        limit=s.limit if s else None,
        party_government=kinds["party-government"],
        public_institution=kinds["public-institution"],
        counted=counted,
        stationed_units=len(t.stationed_units) + kinds["stationed"],
        department_run=sum(u.management == "stationed" for u in t.stationed_units),
        counterparts=len(_counterparts(t)),
        duty_list=DutyCounts(*counts) if counts is not None else None,
        administrative=admin,
        institutional=inst,
        over_limit=s is not None and s.limit is not None and counted > s.limit,
    )


def _counterparts(t: Township) -> set[str]:
    return {c for unit in (*t.offices, *t.stationed_units) for c in unit.counterparts}


def _posts(t: Township) -> tuple[Posts, Posts]:
    """The posts QD501 weighs: offices, and stationed units under local or dual management."""
    admin, inst = Posts(), Posts()
    for unit in (*t.offices, *t.stationed_units):
        if unit.staffing is None or (isinstance(unit, StationedUnit) and unit.management not in _RUN_BY_TOWNSHIP):
            continue
        if unit.staffing.administrative is not None:
            admin += Posts(unit.staffing.administrative.approved, unit.staffing.administrative.actual)
        if unit.staffing.institutional is not None:
            inst += Posts(unit.staffing.institutional.approved, unit.staffing.institutional.actual)
    return admin, inst


def _township_total(dataset: DataSet, rows: list[TownshipRow]) -> TownshipRow:
    limits = [r.limit for r in rows if r.limit is not None]
    return TownshipRow(
        id="",
        name="合计",
        structure="",
        limit=sum(limits) if limits else None,
        party_government=sum(r.party_government for r in rows),
        public_institution=sum(r.public_institution for r in rows),
        counted=sum(r.counted for r in rows),
        stationed_units=sum(r.stationed_units for r in rows),
        department_run=sum(r.department_run for r in rows),
        counterparts=len(set().union(*(_counterparts(t) for t in dataset.townships))),
        duty_list=_duty_sum([r.duty_list for r in rows if r.duty_list is not None]),
        administrative=sum((r.administrative for r in rows), Posts()),
        institutional=sum((r.institutional for r in rows), Posts()),
        over_limit=any(r.over_limit for r in rows),
    )


def _duty_sum(counts: list[DutyCounts]) -> DutyCounts | None:
    if not counts:
        return None
    return DutyCounts(sum(c.basic for c in counts), sum(c.supporting for c in counts), sum(c.reclaimed for c in counts))


def _duty_mean(total: DutyCounts | None, n: int) -> DutyCounts | None:
    if total is None or n == 0:
        return None
    return DutyCounts(total.basic / n, total.supporting / n, total.reclaimed / n)


# -- how numbers read (shared by the text and Markdown reporters) ----------------------------


def percent(value: float | None) -> str:
    """A ratio as people read it: 0.98290 → "98.3%"; None → "—"."""
    return "—" if value is None else f"{value * 100:.1f}%"


def amount(value: float | int | None) -> str:
    """A count, or a mean with one decimal when it is not whole: 117 → "117", 117.5 → "117.5"."""
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
