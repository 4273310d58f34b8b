"""QD201 unowned-matters: no lead, or a lead that is neither a department nor the township."""

from __future__ import annotations

from conftest import check

MATTERS = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧监管
  - id: pesticide-safety
    name: 农药经营使用监管
    lead: agricultrue
  - id: sand-mining
    name: 非法采砂整治
    lead: [natural-resources, watr]
  - id: empty-lead
    name: 农机安全监管
    lead: []
  - id: farmland
    name: 耕地保护
    lead: natural-resources
"""


def _hits(root):
    return [(f.code, f.file, f.line, f.column, f.item) for f in check(root) if f.code == "QD201"]


def test_no_lead_and_unknown_lead(make_project):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    assert _hits(root) == [
        ("QD201", "matters/agriculture.yaml", 3, 5, "straw-burning"),  # the matter itself
        ("QD201", "matters/agriculture.yaml", 7, 11, "pesticide-safety"),  # the lead
        ("QD201", "matters/agriculture.yaml", 10, 31, "sand-mining"),  # the bad one of two
        ("QD201", "matters/agriculture.yaml", 11, 5, "empty-lead"),
    ]
    messages = {f.item: f.message for f in check(root) if f.code == "QD201"}
    assert "「agriculture」" in messages["pesticide-safety"]  # the closest id is suggested
    assert "没有写主体责任" in messages["straw-burning"]


def test_unknown_lead_is_not_also_a_known_refs_finding(make_project):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    assert [f.item for f in check(root) if f.code == "QD102"] == []


def test_departments_and_township_pass(make_project):
    matters = """\
        domain: {id: agriculture, name: 农业农村}
        matters:
          - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}
          - id: abandoned-farmland
            name: 耕地撂荒整治
            lead: township
            supporting: [agriculture]
            township_office: economic-office
            basis: [{document: 《中华人民共和国土地管理法》, article: 第三十八条}]
        """
    assert check(make_project({"matters/agriculture.yaml": matters})) == []


def test_unreadable_departments_do_not_make_every_lead_unknown(make_project):
    matters = "domain: {id: agriculture, name: 农业农村}\nmatters:\n  - {id: a, name: 甲, lead: agriculture}\n  - {id: b, name: 乙}\n"
    root = make_project({"departments.yaml": "departments: [\n", "matters/agriculture.yaml": matters})
    assert _hits(root) == [("QD201", "matters/agriculture.yaml", 4, 5, "b")]
