"""The semantic diff engine: the sample's reform rounds, properties of diff(), and a withdrawal of 13 powers."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import EDITIONS, SAMPLES
from qingdan.changes import Change, Level
from qingdan.diff import KINDS, diff, headline, invert
from qingdan.diff.kinds import BY_LIST, finish
from qingdan.loader import load_dataset
from qingdan.model import TOWNSHIP, Admission, DataSet, Leader
from qingdan.project import Project

TOWNSHIPS = (
    "chengxi",
    "fengling",
    "guitan",
    "heping",
    "lanqiao",
    "lianyang",
    "liwu",
    "shankou",
    "shazhu",
    "weitang",
    "yunxiu",
)


def _load(path: Path) -> DataSet:
    return load_dataset(Project.discover(path))[0]


@pytest.fixture(scope="module")
def samples() -> dict[str, DataSet]:
    return {edition: _load(SAMPLES / edition) for edition in EDITIONS}


def _kinds(changes: list[Change]) -> Counter[str]:
    return Counter(c.kind for c in changes)


# -- the sample's reform rounds ---------------------------------------------------------


def test_headline_2019_to_2022(samples):
    assert headline(samples["2019"], samples["2022"]) == [
        ("事项", 96, 81),
        ("乡镇承担主体责任事项", 23, 15),
        ("机构", 12, 11),
        ("乡镇职责", 138, 163),
        ("赋权事项", 12, 30),
        ("已收回赋权事项", 0, 0),
        ("履行职责事项", 0, 0),
    ]


def test_headline_2022_to_2025(samples):
    assert headline(samples["2022"], samples["2025"]) == [
        ("事项", 81, 79),
        ("乡镇承担主体责任事项", 15, 13),
        ("机构", 11, 10),
        ("乡镇职责", 163, 158),
        ("赋权事项", 30, 31),
        ("已收回赋权事项", 0, 5),
        ("履行职责事项", 0, 680),
    ]


def test_offices_per_township_is_the_most_common_count_or_a_range_on_a_tie(samples):
    ds = samples["2022"]  # 9 townships with 11 offices, 2 with 12
    assert headline(ds, ds)[2] == ("机构", 11, 11)
    two = replace(ds, townships=[t for t in ds.townships if t.id in ("heping", "lanqiao")])
    assert headline(two, replace(ds, townships=[]))[2] == ("机构", "11–12", 0)


def test_2019_to_2022_lead_moves_and_removals_agree_with_the_headline(samples):
    changes = diff(samples["2019"], samples["2022"])
    kinds = _kinds(changes)
    # 23 township-led matters -> 15: 8 handed back to departments (减负), none taken on
    assert (kinds["lead-to-department"], kinds["lead-to-township"]) == (8, 0)
    removed = [c.key for c in changes if c.kind == "matter-removed"]
    assert len(removed) == 15 and kinds["matter-added"] == 0  # 96 -> 81
    assert sum(1 for c in changes if c.kind == "matter-removed" and "乡镇（街道）" in c.old["lead"]) == 0
    assert kinds["structure-changed"] == 11
    assert {(c.old, c.new) for c in changes if c.kind == "structure-changed"} == {
        ("七办五中心（站）", "八办一队一中心一站"),
        ("七办五中心（站）", "八办一队两中心一站"),
    }


def test_2019_to_2022_offices_renamed_where_their_work_carries_over(samples):
    changes = diff(samples["2019"], samples["2022"])
    heping = sorted(
        (c.kind, c.key, c.old_key, c.old, c.new)
        for c in changes
        if c.group == "鹤坪镇" and c.kind.startswith("office-") and c.kind != "office-type-changed"
    )
    assert heping == [
        ("office-added", "heping/emergency-office", "", None, heping[0][4]),
        ("office-removed", "heping/agri-service-center", "", heping[1][3], None),
        ("office-removed", "heping/culture-station", "", heping[2][3], None),
        ("office-renamed", "heping/approval-center", "", "便民服务中心", "行政审批服务中心"),
        (
            "office-renamed",
            "heping/enforcement-brigade",
            "heping/enforcement-office",
            "综合执法办公室",
            "综合行政执法大队",
        ),
        (
            "office-renamed",
            "heping/public-service-office",
            "heping/social-affairs-office",
            "社会事务办公室",
            "公共服务办公室",
        ),
        (
            "office-renamed",
            "heping/rural-construction-office",
            "heping/rural-office",
            "农业农村办公室",
            "乡村建设办公室",
        ),
        (
            "office-renamed",
            "heping/village-planning-office",
            "heping/planning-center",
            "村镇建设服务中心",
            "村镇规划建设办公室",
        ),
    ]


def test_2022_to_2025_reports_the_office_merge_once_per_township(samples):
    changes = diff(samples["2022"], samples["2025"])
    merges = [(c.key, c.related, c.old, c.new, c.level) for c in changes if c.kind == "office-merged"]
    assert merges == [
        (
            f"{t}/rural-planning-office",
            ("rural-construction-office", "village-planning-office"),
            ["乡村建设办公室", "村镇规划建设办公室"],
            "乡村规划建设办公室",
            Level.BREAKING,
        )
        for t in sorted(TOWNSHIPS, key=lambda t: samples["2025"].township(t).name)
    ]
    # a merge, not two removals and an addition
    assert not [c for c in changes if c.kind in ("office-added", "office-removed", "office-renamed")]


def test_2022_to_2025_reports_the_powers_taken_back_as_withdrawals(samples):
    changes = diff(samples["2022"], samples["2025"])
    withdrawn = [(c.key, c.group, c.field, c.level) for c in changes if c.kind == "power-withdrawn"]
    assert withdrawn == [
        ("dust-control-inspection", "青岚市住房和城乡建设局", "status", Level.BREAKING),
        ("road-occupation-excavation", "青岚市住房和城乡建设局", "status", Level.BREAKING),
        ("sewage-discharge-drainage", "青岚市住房和城乡建设局", "status", Level.BREAKING),
        ("public-place-no-license", "青岚市卫生健康局", "status", Level.BREAKING),
        ("public-place-substandard", "青岚市卫生健康局", "status", Level.BREAKING),
    ]
    assert _kinds(changes)["power-added"] == 6
    documents = {c.new["document"] for c in changes if c.kind == "power-withdrawn"}
    assert documents == {"青政发〔2025〕1号"}


def test_2022_to_2025_lead_moves_and_burden(samples):
    changes = diff(samples["2022"], samples["2025"])
    leads = [(c.kind, c.key, c.old, c.new, c.burden) for c in changes if c.field == "lead"]
    assert leads == [
        ("lead-to-township", "small-construction-safety", ["青岚市住房和城乡建设局"], ["乡镇（街道）"], True),
        ("lead-to-department", "rural-banquet-food-safety", ["乡镇（街道）"], ["青岚市市场监督管理局"], False),
        ("lead-to-department", "geohazard-group-monitoring", ["乡镇（街道）"], ["青岚市自然资源和规划局"], False),
    ]
    # the matters a department hands back are relief, never a burden, though their township duties change
    relief = {"rural-banquet-food-safety", "geohazard-group-monitoring"}
    assert not [c for c in changes if c.key in relief and c.burden]


def test_2022_to_2025_duty_lists_appear_whole(samples):
    changes = diff(samples["2022"], samples["2025"])
    lists = [(c.kind, c.key, c.new) for c in changes if c.list == "duty-list"]
    assert lists == [
        ("duty-list-added", "lanqiao", {"基本履职事项": 119, "配合履职事项": 101, "上级部门收回事项": 126}),
        ("duty-list-added", "heping", {"基本履职事项": 115, "配合履职事项": 97, "上级部门收回事项": 122}),
    ]


# -- properties -------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_diff_of_an_edition_with_itself_is_empty(samples, edition):
    assert diff(samples[edition], samples[edition]) == []


@pytest.mark.parametrize(("a", "b"), [("2019", "2022"), ("2022", "2025"), ("2019", "2025")])
def test_diff_backwards_is_the_inverse(samples, a, b):
    forward = diff(samples[a], samples[b])
    backward = diff(samples[b], samples[a])
    assert forward and sorted((invert(c) for c in forward), key=Change.sort_key) == backward
    assert [invert(invert(c)) for c in forward] == forward


def test_backwards_a_merge_is_a_split_and_a_withdrawal_a_reinstatement(samples):
    kinds = _kinds(diff(samples["2025"], samples["2022"]))
    assert (kinds["office-split"], kinds["office-merged"]) == (11, 0)
    assert (kinds["power-reinstated"], kinds["power-withdrawn"]) == (5, 6)  # the 6 added powers go away
    assert (kinds["lead-to-township"], kinds["lead-to-department"]) == (2, 1)


@pytest.mark.parametrize(("a", "b"), [("2019", "2022"), ("2022", "2025")])
def test_changes_sort_uniquely_and_hold_plain_json(samples, a, b):
    changes = diff(samples[a], samples[b])
    keys = [c.sort_key() for c in changes]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert len({c.fingerprint for c in changes}) == len(changes)
    json.dumps([[c.old, c.new, c.related, c.admission] for c in changes], ensure_ascii=False)
    assert all(c.message and c.level == KINDS[c.kind].level for c in changes)


def _renamed_ids(ds: DataSet) -> DataSet:
    """The same edition with every id of every list renamed, and every reference following it."""

    def r(i: str) -> str:
        return f"{i}-v2" if i and i != TOWNSHIP else i

    def rs(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(r(i) for i in ids)

    def unit(u):
        return replace(u, id=r(u.id), counterparts=rs(u.counterparts))

    def leader(p: Leader) -> Leader:
        return replace(p, id=r(p.id), oversees=rs(p.oversees), assists=rs(p.assists))

    return replace(
        ds,
        departments=[replace(d, id=r(d.id)) for d in ds.departments],
        structures=[
            replace(
                s, id=r(s.id), roles=tuple(replace(x, id=r(x.id), counterparts=rs(x.counterparts)) for x in s.roles)
            )
            for s in ds.structures
        ],
        townships=[
            replace(
                t,
                id=r(t.id),
                structure=r(t.structure),
                offices=tuple(replace(unit(u), role=r(u.role)) for u in t.offices),
                leaders=tuple(leader(p) for p in t.leaders),
                stationed_units=tuple(replace(unit(u), department=r(u.department)) for u in t.stationed_units),
            )
            for t in ds.townships
        ],
        domains=[replace(d, id=r(d.id)) for d in ds.domains],
        matters=[
            replace(
                m,
                id=r(m.id),
                domain=r(m.domain),
                leads=rs(m.leads),
                supporting=rs(m.supporting),
                township_office=r(m.township_office),
            )
            for m in ds.matters
        ],
        areas=[replace(a, id=r(a.id)) for a in ds.areas],
        duties=[replace(d, id=r(d.id), area=r(d.area), office=r(d.office)) for d in ds.duties],
        powers=[replace(p, id=r(p.id), source=r(p.source), receiving_office=r(p.receiving_office)) for p in ds.powers],
        power_list=[replace(p, id=r(p.id), office=r(p.office)) for p in ds.power_list],
        cases=[
            replace(
                c,
                id=r(c.id),
                lead=r(c.lead),
                partners=rs(c.partners),
                township_office=r(c.township_office),
                matters=rs(c.matters),
                steps=tuple(replace(s, actor=r(s.actor)) for s in c.steps),
            )
            for c in ds.cases
        ],
        duty_lists=[
            replace(
                d,
                township=r(d.township),
                items=tuple(
                    replace(
                        i,
                        id=r(i.id),
                        office=r(i.office),
                        departments=tuple(r(x) for x in i.departments),
                        receiving_departments=tuple(r(x) for x in i.receiving_departments),
                    )
                    for i in d.items
                ),
            )
            for d in ds.duty_lists
        ],
    )


@pytest.mark.parametrize("edition", EDITIONS)
def test_renaming_every_id_gives_only_renames(samples, edition):
    ds = samples[edition]
    changes = diff(ds, _renamed_ids(ds))
    assert changes
    assert {c.kind for c in changes} <= {k for k in KINDS if k.endswith("-renamed")}
    assert all(c.field == "id" and c.old_key and c.old_key != c.key for c in changes)
    counts = _kinds(changes)
    offices = sum(len(t.offices) for t in ds.townships)
    assert counts["matter-renamed"] == len(ds.matters)
    assert counts["duty-renamed"] == len(ds.duties)
    assert counts["power-renamed"] == len(ds.powers)
    assert counts["office-renamed"] == offices
    assert counts["duty-item-renamed"] == sum(len(d.items) for d in ds.duty_lists)


def test_a_renamed_matter_whose_id_changed_is_one_rename(samples):
    ds = samples["2022"]
    m = next(m for m in ds.matters if m.id == "dog-management")
    edited = replace(m, id="dog-control", name="养犬管理监管", township_duties=(*m.township_duties[:-1], "新的一条"))
    changes = diff(ds, replace(ds, matters=[edited if x is m else x for x in ds.matters]))
    assert [(c.kind, c.key, c.old_key, c.old_title, c.title) for c in changes] == [
        ("matter-renamed", "dog-control", "dog-management", "养犬监管", "养犬管理监管"),
        ("township-duties-changed", "dog-control", "dog-management", "养犬监管", "养犬管理监管"),
    ]


def test_a_matter_with_a_new_id_and_another_name_is_removed_and_added(samples):
    ds = samples["2022"]
    m = next(m for m in ds.matters if m.id == "dog-management")
    edited = replace(m, id="pet-registration", name="宠物登记服务")
    changes = diff(ds, replace(ds, matters=[edited if x is m else x for x in ds.matters]))
    assert [(c.kind, c.key) for c in changes] == [
        ("matter-removed", "dog-management"),
        ("matter-added", "pet-registration"),
    ]


def test_an_item_moved_between_the_duty_lists_is_breaking(samples):
    ds = samples["2025"]
    heping = next(d for d in ds.duty_lists if d.township == "heping")

    def edit(item):
        if item.id == "sh-dj-001":  # 上级部门收回 -> 基本: the township must do it again
            return replace(item, list="basic", receiving_departments=(), working_method="")
        return item

    edited = replace(heping, items=tuple(edit(i) for i in heping.items))
    changes = diff(ds, replace(ds, duty_lists=[edited if d is heping else d for d in ds.duty_lists]))
    assert [(c.kind, c.key, c.field, c.old, c.new, c.level) for c in changes] == [
        ("duty-item-changed", "heping/sh-dj-001", "receiving_department", "青岚市委组织部", "", Level.NOTABLE),
        ("duty-item-changed", "heping/sh-dj-001", "working_method", changes[1].old, "", Level.NOTABLE),
        ("duty-item-moved", "heping/sh-dj-001", "list", "上级部门收回事项", "基本履职事项", Level.BREAKING),
    ]


# -- burden ---------------------------------------------------------------------------------


def _edit_matter(ds: DataSet, matter_id: str, **fields) -> DataSet:
    return replace(ds, matters=[replace(m, **fields) if m.id == matter_id else m for m in ds.matters])


def _burden(changes: list[Change]) -> list[tuple[str, str, bool]]:
    return [(c.kind, c.key, c.burden) for c in changes if c.kind in ("lead-to-township", "township-duties-changed")]


def test_a_lead_moved_to_townships_without_admission_is_a_burden(samples):
    ds = samples["2022"]
    moved = _edit_matter(ds, "dog-management", leads=(TOWNSHIP,))
    assert _burden(diff(ds, moved)) == [("lead-to-township", "dog-management", True)]
    admitted = _edit_matter(
        moved, "dog-management", admission=Admission("青政办〔2024〕3号", "2024-03-01", True, True, "")
    )
    assert _burden(diff(ds, admitted)) == [("lead-to-township", "dog-management", False)]


def test_a_township_duty_added_without_admission_is_a_burden_a_reworded_one_is_not(samples):
    ds = samples["2022"]
    m = next(m for m in ds.matters if m.id == "dog-management")
    added = _edit_matter(ds, "dog-management", township_duties=(*m.township_duties, "负责犬只芯片植入的组织实施。"))
    assert _burden(diff(ds, added)) == [("township-duties-changed", "dog-management", True)]
    first = m.township_duties[0].replace("开展", "组织开展")
    reworded = _edit_matter(ds, "dog-management", township_duties=(first, *m.township_duties[1:]))
    assert _burden(diff(ds, reworded)) == [("township-duties-changed", "dog-management", False)]


def test_a_reassigned_leader_is_reported_on_the_office(samples):
    ds = samples["2022"]
    heping = ds.township("heping")

    def move(p: Leader) -> Leader:
        if p.id == "congress-chair":
            return replace(p, oversees=())
        if p.id == "deputy-head-3":
            return replace(p, oversees=(*p.oversees, "veterans-station"))
        return p

    edited = replace(heping, leaders=tuple(move(p) for p in heping.leaders))
    changes = diff(ds, replace(ds, townships=[edited if t is heping else t for t in ds.townships]))
    assert [(c.kind, c.key, c.field, c.old, c.new) for c in changes] == [
        ("leader-reassigned", "heping/veterans-station", "oversees", ["人大主席韩建新"], ["副镇长于一鸣"])
    ]


# -- 象山 takes back 13 delegated powers: 10 from 建设, 3 from 卫生健康 -------------------------


def test_taking_back_13_delegated_powers(tmp_path):
    old_root = tmp_path / "2022"
    new_root = tmp_path / "2025-01"
    shutil.copytree(SAMPLES / "2022", old_root)
    shutil.copytree(SAMPLES / "2022", new_root)
    powers_file = new_root / "powers.yaml"
    data = yaml.safe_load(powers_file.read_text(encoding="utf-8"))
    housing = sorted(p["id"] for p in data["powers"] if p["source"] == "housing")[:10]
    health = sorted(p["id"] for p in data["powers"] if p["source"] == "health")
    assert (len(housing), len(health)) == (10, 3)
    for p in data["powers"]:
        if p["id"] in (*housing, *health):
            p["status"] = "withdrawn"
            p["withdrawn"] = {"date": "2025-01-03", "document": "青政发〔2025〕1号", "reason": "承接效果不佳。"}
    powers_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old, new = _load(old_root), _load(new_root)

    changes = diff(old, new)
    assert [(c.kind, c.field) for c in changes] == [("power-withdrawn", "status")] * 13
    assert sorted(c.key for c in changes) == sorted((*housing, *health))
    assert Counter(c.group for c in changes) == {"青岚市住房和城乡建设局": 10, "青岚市卫生健康局": 3}
    assert all(c.level is Level.BREAKING for c in changes)
    assert dict((label, (a, b)) for label, a, b in headline(old, new))["赋权事项"] == (30, 17)
    assert dict((label, (a, b)) for label, a, b in headline(old, new))["已收回赋权事项"] == (0, 13)


# -- the kinds --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_label_a_sentence_and_an_inverse(kind):
    record = KINDS[kind]
    level, label = record.level, record.label
    assert record.code == kind
    assert isinstance(level, Level) and label
    field = "status" if kind == "power-reinstated" else ""  # a reinstatement is always a change of status
    change = finish(Change(kind, Level.INFO, "matters", "k", "标题", "", field=field, old_key="j"))
    assert change.message and change.level is level
    assert change.message == record.say(change)
    assert invert(change).kind in KINDS
    assert invert(invert(change)) == change


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kinds_inverse_is_a_kind_whose_inverse_is_it(kind):
    record = KINDS[kind]
    # the fields a kind is reported with that decide its inverse: a reinstatement is always one of status
    fields = ["status"] if kind == "power-reinstated" else ["", *(f for f, _ in record.inverse_by_field)]
    for field in fields:
        inverse = KINDS[record.inverse_for(field)]
        assert inverse.inverse_for(field) == kind, (kind, field)
        assert _SECTION[inverse.code] == _SECTION[kind]  # both describe changes to one list


_SECTION = {k.code: name for name, kinds in BY_LIST.items() for k in kinds}


def test_kinds_pair_up_as_the_docs_say():
    pairs = {k: KINDS[k].inverse_for("") for k in KINDS if KINDS[k].inverse_for("") != k}
    assert pairs["matter-added"] == "matter-removed" and pairs["office-merged"] == "office-split"
    assert pairs["lead-to-township"] == "lead-to-department"
    assert (pairs["power-added"], pairs["power-withdrawn"], pairs["power-reinstated"]) == (
        "power-withdrawn",
        "power-added",
        "power-withdrawn",
    )
    assert KINDS["power-withdrawn"].inverse_for("status") == "power-reinstated"


# -- performance ------------------------------------------------------------------------


def test_30000_matters_diff_quickly(samples):
    ds = samples["2022"]
    copies = -(-30_000 // len(ds.matters))
    big = replace(ds, matters=[replace(m, id=f"{m.id}-{k}") for k in range(copies) for m in ds.matters])
    assert len(big.matters) >= 30_000
    start = time.perf_counter()
    assert diff(big, big) == []
    assert time.perf_counter() - start < 5
