"""QD302 oversight: every unit the township runs has exactly one overseeing leader."""

from __future__ import annotations

from conftest import check

TOWNSHIP = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
  - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
  - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}
leaders:
  - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
  - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade], assists: [finance-office]}
  - {id: political-legal, name: 张三, post: 政法委员, oversees: [police-station]}
stationed_units:
  - {id: police-station, name: 鹤坪派出所, department: housing, management: stationed}
  - {id: finance-office, name: 鹤坪财政所, department: housing, management: {finance}}
"""


def _hits(make_project, township):
    return [
        (f.code, f.file, f.line, f.item)
        for f in check(make_project({"townships/heping.yaml": township}))
        if f.code == "QD302"
    ]


def test_every_unit_overseen_once_passes(make_project):
    township = TOWNSHIP.replace("{finance}", "local").replace(
        "oversees: [economic-office]", "oversees: [economic-office, finance-office]"
    )
    assert _hits(make_project, township) == []


def test_local_unit_without_overseer_assists_do_not_count(make_project):
    assert _hits(make_project, TOWNSHIP.replace("{finance}", "local")) == [
        ("QD302", "townships/heping.yaml", 14, "heping/finance-office"),
    ]


def test_dual_unit_without_overseer(make_project):
    assert _hits(make_project, TOWNSHIP.replace("{finance}", "dual")) == [
        ("QD302", "townships/heping.yaml", 14, "heping/finance-office"),
    ]


def test_stationed_unit_needs_no_overseer(make_project):
    assert _hits(make_project, TOWNSHIP.replace("{finance}", "stationed")) == []


def test_office_without_overseer(make_project):
    township = TOWNSHIP.replace("{finance}", "stationed").replace("oversees: [enforcement-brigade], ", "")
    assert _hits(make_project, township) == [("QD302", "townships/heping.yaml", 7, "heping/enforcement-brigade")]


def test_two_overseers_located_at_the_second(make_project):
    township = TOWNSHIP.replace("{finance}", "stationed").replace(
        "post: 政法委员, oversees: [police-station]", "post: 政法委员, oversees: [police-station, economic-office]"
    )
    township = township.replace("[enforcement-brigade], assists", "[enforcement-brigade, police-station], assists")
    findings = [f for f in check(make_project({"townships/heping.yaml": township})) if f.code == "QD302"]
    assert [(f.code, f.line, f.column, f.pointer, f.item) for f in findings] == [
        ("QD302", 11, 60, "$.leaders[2].oversees[0]", "heping/police-station"),
        ("QD302", 11, 76, "$.leaders[2].oversees[1]", "heping/economic-office"),
    ]
    police, economic = findings
    assert [(r.line, r.pointer) for r in police.related] == [
        (13, "$.stationed_units[0].id"),
        (10, "$.leaders[1].oversees[1]"),
    ]
    assert "「李二」、「张三」2位班子成员" in police.message
    assert [(r.line, r.pointer) for r in economic.related] == [(6, "$.offices[0].id"), (9, "$.leaders[0].oversees[0]")]
