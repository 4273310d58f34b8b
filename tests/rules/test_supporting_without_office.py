"""QD206 supporting-without-office: a 配合履职事项 with no office, the candidates it names and the fix it offers."""

from __future__ import annotations

from conftest import DEPARTMENTS, check

# 鹤坪镇 as a real one is set up: several offices share a department, a stationed unit the township runs
# (属地管理) and one the department runs (派驻)
TOWNSHIP = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
  - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government, counterparts: [agriculture]}
  - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, counterparts: [agriculture, housing]}
stationed_units:
  - {id: resources-station, name: 鹤坪自然资源所, department: natural-resources, management: local, counterparts: [natural-resources]}
  - {id: police-station, name: 鹤坪派出所, department: housing, management: stationed, counterparts: [housing]}
"""


def _item(id_: str, department: str, extra: str = "") -> str:
    return (
        f"  - {{id: {id_}, category: 配合, name: 事项{id_}, department: {department}, "
        f"department_duty: 部门做。, township_duty: 镇街做。{extra}}}\n"
    )


def _project(make_project, *items: str, township: str = "heping"):
    duty_list = (
        f"township: {township}\nbasic:\n  - {{id: b1, category: 党建, name: 基本事项}}\nsupporting:\n" + "".join(items)
    )
    departments = DEPARTMENTS + "  - {id: market, name: 测试市市场监督管理局}\n"
    return make_project(
        {"departments.yaml": departments, "townships/heping.yaml": TOWNSHIP, "duty-lists/heping.yaml": duty_list}
    )


def _found(root):
    return [
        (f.code, f.line, f.item, f.fix and (f.fix.path, f.fix.old, f.fix.new)) for f in check(root) if f.code == "QD206"
    ]


def _messages(root):
    return [f.message for f in check(root) if f.code == "QD206"]


def test_the_one_counterpart_unit_is_filled_and_several_are_named(make_project):
    root = _project(
        make_project,
        _item("s1", "natural-resources"),  # only the 属地管理 station counterparts it
        _item("s2", "agriculture"),  # two offices
        _item("s3", "housing"),  # one office; the 派驻 police station does not count
        _item("s4", "market"),  # nobody
    )
    assert _found(root) == [
        ("QD206", 5, "heping/s1", (("supporting", 0, "office"), None, "resources-station")),
        ("QD206", 6, "heping/s2", None),
        ("QD206", 7, "heping/s3", (("supporting", 2, "office"), None, "enforcement-brigade")),
        ("QD206", 8, "heping/s4", None),
    ]
    messages = _messages(root)
    assert "economic-office（经济发展办公室）、enforcement-brigade（综合行政执法大队）" in messages[1]
    assert "本乡镇没有对口「测试市市场监督管理局」的机构" in messages[3]


def test_several_departments_of_one_item_are_all_looked_at(make_project):
    root = _project(make_project, _item("s1", "[natural-resources, housing]"))
    assert _found(root) == [("QD206", 5, "heping/s1", None)]
    assert "resources-station（鹤坪自然资源所）" in _messages(root)[0]


def test_the_source_office_column_decides(make_project):
    root = _project(
        make_project,
        _item("s1", "agriculture", ", extra: {责任科室: 经济发展办公室}"),  # names one of the two: that one
        _item("s2", "housing", ", extra: {责任科室: 执法大队}"),  # a shortening of the one counterpart
        _item("s3", "housing", ", extra: {责任科室: 自然资源规划所}"),  # an office this township does not have
        _item("s4", "agriculture", ", extra: {责任科室: 执法大队}"),  # fits one of the two counterparts
        _item("s5", "agriculture", ", extra: {承担机构: 办公室}"),  # fits none exactly, or several: no guess
    )
    assert _found(root) == [
        ("QD206", 5, "heping/s1", (("supporting", 0, "office"), None, "economic-office")),
        ("QD206", 6, "heping/s2", (("supporting", 1, "office"), None, "enforcement-brigade")),
        ("QD206", 7, "heping/s3", None),
        ("QD206", 8, "heping/s4", (("supporting", 3, "office"), None, "enforcement-brigade")),
        ("QD206", 9, "heping/s5", None),
    ]
    assert "原表「责任科室」一栏写的是「自然资源规划所」，本乡镇没有这个名称的机构" in _messages(root)[2]


def test_items_with_an_office_other_lists_and_unknown_townships_are_not_reported(make_project):
    root = _project(make_project, _item("s1", "agriculture", ", office: economic-office"))
    assert _found(root) == []
    assert _found(_project(make_project, _item("s1", "natural-resources"), township="nowhere")) == []
