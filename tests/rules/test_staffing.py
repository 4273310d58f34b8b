"""QD501 staffing: no unit above its approved posts, no township above the vacancy limit."""

from __future__ import annotations

from conftest import check
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.rules import run, staffing

TOWNSHIP = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
  - id: economic-office
    role: economic-office
    name: 经济发展办公室
    kind: party-government
    staffing:
      administrative: {approved: 10, actual: {economic_admin}}
      institutional: {approved: 10, actual: {economic_inst}}
  - id: enforcement-brigade
    role: enforcement-brigade
    name: 综合行政执法大队
    kind: public-institution
    staffing: {institutional: {approved: 10, actual: 10}, enforcement_certified: 4}
leaders:
  - {id: head, name: 王一, post: 镇长, oversees: [economic-office, market-office]}
  - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
stationed_units:
  - id: police-station
    name: 鹤坪派出所
    department: housing
    management: stationed
    staffing: {administrative: {approved: 10, actual: {police}}}
  - id: market-office
    name: 鹤坪市场监管所
    department: housing
    management: local
    staffing: {administrative: {approved: 10, actual: 10}}
"""


def _township(economic_admin=10, economic_inst=10, police=10):
    return (
        TOWNSHIP.replace("{economic_admin}", str(economic_admin))
        .replace("{economic_inst}", str(economic_inst))
        .replace("{police}", str(police))
    )


def _findings(make_project, township):
    return [f for f in check(make_project({"townships/heping.yaml": township})) if f.code == "QD501"]


def test_full_staffing_passes(make_project):
    assert _findings(make_project, _township()) == []


def test_vacancy_at_the_limit_passes(make_project):
    assert _findings(make_project, _township(economic_admin=8, economic_inst=8)) == []  # 2/20 = 10%


def test_above_approved_posts(make_project):
    findings = _findings(make_project, _township(economic_inst=11, police=12))
    assert [(f.code, f.file, f.line, f.pointer, f.item) for f in findings] == [
        ("QD501", "townships/heping.yaml", 12, "$.offices[0].staffing.institutional.actual", "heping/economic-office"),
        (
            "QD501",
            "townships/heping.yaml",
            26,
            "$.stationed_units[0].staffing.administrative.actual",
            "heping/police-station",
        ),
    ]
    assert "事业编制核定10名、实有11名" in findings[0].message


def test_both_kinds_above_is_one_finding(make_project):
    findings = _findings(make_project, _township(economic_admin=11, economic_inst=12))
    assert [(f.line, f.item) for f in findings] == [(11, "heping/economic-office")]
    assert "行政编制核定10名、实有11名，事业编制核定10名、实有12名" in findings[0].message


def test_vacancy_rate_per_kind(make_project):
    findings = _findings(make_project, _township(economic_admin=7, economic_inst=7))
    by_item = {f.item: f for f in findings}
    assert sorted((f.code, f.file, f.line, f.column, f.item) for f in findings) == [
        ("QD501", "townships/heping.yaml", 5, 1, "heping/vacancy-administrative"),
        ("QD501", "townships/heping.yaml", 5, 1, "heping/vacancy-institutional"),
    ]
    assert "行政编制核定20名、实有17名，空编率15.0%，超过10%" in by_item["heping/vacancy-administrative"].message
    assert "事业编制核定20名、实有17名，空编率15.0%" in by_item["heping/vacancy-institutional"].message


def test_stationed_units_do_not_count_towards_the_vacancy_rate(make_project):
    assert _findings(make_project, _township(police=0)) == []


def test_max_vacancy_rate_option(make_project):
    root = make_project({"townships/heping.yaml": _township(economic_admin=7)})
    dataset, _ = load_dataset(Project.discover(root))
    assert run(staffing, dataset, options={"max_vacancy_rate": 0.2}) == []
    found = run(staffing, dataset, options={"max_vacancy_rate": 0.05})
    assert [(f.item, f.message.split("，")[-2]) for f in found] == [("heping/vacancy-administrative", "超过5%")]
