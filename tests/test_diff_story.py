"""The story a diff tells: which way each change moves work (乡镇减负, 部门接回, 乡镇加责) and, kind by kind,
how many items and where (领域, 部门, 乡镇) — the headline of every diff format."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES
from qingdan.changes import Change, Level
from qingdan.diff import diff, invert
from qingdan.diff.kinds import finish
from qingdan.diff.story import directions, story
from qingdan.loader import load_dataset
from qingdan.model import DataSet
from qingdan.project import Project
from qingdan.rules import run, withdrawal_mismatch

CASE = REPO / "tests" / "cases" / "diff" / "powers-withdrawn"


@functools.cache
def _load(folder: Path) -> DataSet:
    return load_dataset(Project.discover(folder))[0]


def _story(old: DataSet, new: DataSet) -> list[tuple]:
    return [(t.kind, t.direction, t.items, t.unadmitted, t.by) for t in story(old, new, diff(old, new))]


def test_a_withdrawal_across_two_domains_counts_each_department_category_and_township():
    """Eight powers taken back (住建 5, 卫健 3), listed by both townships as 上级部门收回事项 under 城乡建设 and 卫生健康."""
    old, new = _load(CASE / "old"), _load(CASE / "new")
    assert _story(old, new) == [
        ("power-withdrawn", "reclaimed", 8, 0, (("department", (("市住建局", 5), ("市卫健局", 3))),)),
        (
            "duty-item-added",
            "reclaimed",
            16,
            0,
            (
                ("domain", (("城乡建设", 10), ("卫生健康", 6))),
                ("department", (("市住建局", 10), ("市卫健局", 6))),
                ("township", (("岚桥镇", 8), ("鹤坪镇", 8))),
            ),
        ),
    ]
    # and back: the powers are reinstated (乡镇加责), the 收回 items go from the lists, which says neither way
    assert [(kind, d, n) for kind, d, n, _, _ in _story(new, old)] == [
        ("power-reinstated", "burdened", 8),
        ("duty-item-removed", "", 16),
    ]


def test_the_case_lists_every_withdrawal_in_every_township():
    """The case is a reform round done right: QD209 finds nothing in either edition."""
    assert run(withdrawal_mismatch, _load(CASE / "new")) == []
    assert run(withdrawal_mismatch, _load(CASE / "old")) == []


def test_directions_total_items_and_unadmitted_burdens():
    old, new = _load(SAMPLES / "2022"), _load(SAMPLES / "2025")
    changes = diff(old, new)
    totals = directions(story(old, new, changes))
    assert totals == {"relieved": (5, 0), "reclaimed": (5, 0), "burdened": (12, 6)}
    assert totals["burdened"][1] == sum(c.burden for c in changes)  # every burden is a 乡镇加责


def test_a_matter_handed_to_townships_counts_the_department_that_handed_it():
    old, new = _load(SAMPLES / "2022"), _load(SAMPLES / "2025")
    [lead] = [t for t in story(old, new, diff(old, new)) if t.kind == "lead-to-township"]
    assert (lead.direction, lead.items, lead.unadmitted) == ("burdened", 1, 1)
    assert lead.by == (("domain", (("城乡建设", 1),)), ("department", (("住房和城乡建设局", 1),)))


@pytest.mark.parametrize(("a", "b"), [("2019", "2022"), ("2022", "2025"), ("2019", "2025")])
def test_backwards_work_moves_the_other_way(a, b):
    """What relieves townships or goes back to departments one way puts work on townships the other way."""
    forward = [c for c in diff(_load(SAMPLES / a), _load(SAMPLES / b)) if c.direction]
    assert forward
    for c in forward:
        back = invert(c).direction
        if c.direction in ("relieved", "reclaimed"):
            assert back == "burdened", c
        elif c.kind != "township-duties-changed":  # duties added and others dropped are a burden both ways
            assert back in ("relieved", "reclaimed"), c


def _item(kind: str, old=None, new=None) -> Change:
    field = "list" if kind == "duty-item-moved" else ""
    return finish(Change(kind, Level.INFO, "duty-list", "t/x", "事项", "", "鹤坪镇", field=field, old=old, new=new))


@pytest.mark.parametrize(
    ("kind", "old", "new", "direction"),
    [
        ("duty-item-moved", "基本履职事项", "配合履职事项", "relieved"),
        ("duty-item-moved", "配合履职事项", "上级部门收回事项", "reclaimed"),
        ("duty-item-moved", "基本履职事项", "上级部门收回事项", "reclaimed"),
        ("duty-item-moved", "上级部门收回事项", "基本履职事项", "burdened"),
        ("duty-item-moved", "配合履职事项", "基本履职事项", "burdened"),
        ("duty-item-added", None, {"list": "基本履职事项"}, "burdened"),
        ("duty-item-added", None, {"list": "上级部门收回事项"}, "reclaimed"),
        ("duty-item-removed", {"list": "配合履职事项"}, None, "relieved"),
        ("duty-item-removed", {"list": "上级部门收回事项"}, None, ""),
    ],
)
def test_duty_items_move_along_basic_supporting_reclaimed(kind, old, new, direction):
    assert _item(kind, old, new).direction == direction
