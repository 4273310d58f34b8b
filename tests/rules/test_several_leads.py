"""QD202 several-leads: a matter with more than one lead."""

from __future__ import annotations

from conftest import check

MATTERS = """\
domain: {id: natural-resources, name: 自然资源}
matters:
  - id: sand-mining
    name: 非法采砂整治
    lead: [housing, natural-resources]
  - id: farmland
    name: 耕地保护
    lead: [natural-resources]
  - id: waste
    name: 农村生活垃圾治理
    lead: [township, housing, agriculture]
  - id: repeated
    name: 矿产资源开发监管
    lead: [natural-resources, natural-resources]
"""


def _hits(root):
    return [(f.code, f.file, f.line, f.column, f.item) for f in check(root) if f.code == "QD202"]


def test_two_and_three_leads(make_project):
    root = make_project({"matters/natural-resources.yaml": MATTERS})
    assert _hits(root) == [
        ("QD202", "matters/natural-resources.yaml", 5, 11, "sand-mining"),
        ("QD202", "matters/natural-resources.yaml", 11, 11, "waste"),
    ]
    messages = [f.message for f in check(root) if f.code == "QD202"]
    assert "「测试市住房和城乡建设局」、「测试市自然资源和规划局」" in messages[0]
    assert "3 个主体责任部门" in messages[1] and "「乡镇（街道）」" in messages[1]


def test_one_lead_passes(make_project):
    matters = """\
        domain: {id: natural-resources, name: 自然资源}
        matters:
          - {id: sand-mining, name: 非法采砂整治, lead: natural-resources, supporting: [housing]}
          - {id: farmland, name: 耕地保护, lead: [natural-resources]}
        """
    assert check(make_project({"matters/natural-resources.yaml": matters})) == []
