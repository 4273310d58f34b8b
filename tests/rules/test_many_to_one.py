"""QD301 many-to-one: several units of one township counterpart to the same department."""

from __future__ import annotations

from conftest import check
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.rules import many_to_one, run

# Four units name agriculture: two offices, a locally managed and a 派驻 unit (which does not count).
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
    counterparts: [development-reform, agriculture]
  - id: enforcement-brigade
    role: enforcement-brigade
    name: 综合行政执法大队
    kind: public-institution
    counterparts: [agriculture, natural-resources]
    staffing: {enforcement_certified: 4}
leaders:
  - {id: head, name: 王一, post: 镇长, oversees: [economic-office, resources-office]}
  - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade, agri-station]}
stationed_units:
  - id: resources-office
    name: 鹤坪自然资源规划所
    department: natural-resources
    management: {resources}
    counterparts: [natural-resources, agriculture]
  - id: agri-station
    name: 鹤坪农业执法中队
    department: agriculture
    management: stationed
    counterparts: [agriculture]
"""
DEPARTMENTS = """\
departments:
  - {id: agriculture, name: 测试市农业农村局}
  - {id: natural-resources, name: 测试市自然资源和规划局}
  - {id: housing, name: 测试市住房和城乡建设局}
  - {id: development-reform, name: 测试市发展和改革局}
"""


def _project(make_project, management="local"):
    return make_project(
        {"departments.yaml": DEPARTMENTS, "townships/heping.yaml": TOWNSHIP.replace("{resources}", management)}
    )


def _hits(root):
    return [(f.code, f.file, f.line, f.item) for f in check(root) if f.code == "QD301"]


def test_one_finding_per_department_at_the_first_unit(make_project):
    findings = [f for f in check(_project(make_project)) if f.code == "QD301"]
    assert [(f.code, f.file, f.line, f.column, f.item) for f in findings] == [
        ("QD301", "townships/heping.yaml", 10, 40, "heping/agriculture"),
        ("QD301", "townships/heping.yaml", 15, 33, "heping/natural-resources"),
    ]
    agriculture, resources = findings
    assert [(r.file, r.line, r.pointer) for r in agriculture.related] == [
        ("townships/heping.yaml", 15, "$.offices[1].counterparts[0]"),
        ("townships/heping.yaml", 25, "$.stationed_units[0].counterparts[1]"),
    ]
    assert "「经济发展办公室」「综合行政执法大队」「鹤坪自然资源规划所」" in agriculture.message
    assert "「测试市农业农村局」" in agriculture.message and "鹤坪农业执法中队" not in agriculture.message
    assert "分由2位班子成员分管" in agriculture.message
    assert [(r.line, r.pointer) for r in resources.related] == [(25, "$.stationed_units[0].counterparts[0]")]


def test_dual_management_counts_and_stationed_does_not(make_project):
    assert _hits(_project(make_project, "dual")) == [
        ("QD301", "townships/heping.yaml", 10, "heping/agriculture"),
        ("QD301", "townships/heping.yaml", 15, "heping/natural-resources"),
    ]
    assert _hits(_project(make_project, "stationed")) == [
        ("QD301", "townships/heping.yaml", 10, "heping/agriculture"),
    ]


def test_min_units_option(make_project):
    dataset, _ = load_dataset(Project.discover(_project(make_project)))
    found = run(many_to_one, dataset, options={"min_units": 3})
    assert [(f.code, f.line, f.item) for f in found] == [("QD301", 10, "heping/agriculture")]
    assert run(many_to_one, dataset, options={"min_units": 4}) == []


def test_one_unit_per_department_passes(make_project):
    assert _hits(make_project({})) == []
