"""QD401 burden-without-admission: a township-led matter needs a legal basis or a complete admission."""

from __future__ import annotations

from conftest import check

MATTERS = """\
domain: {id: urban-rural, name: 城乡建设}
matters:
  - id: dog-management
    name: 养犬监管
    lead: housing
    supporting: [township]
  - id: rural-waste
    name: 农村生活垃圾分类收运处置
    lead: township
  - id: homestead
    name: 农村宅基地管理
    lead: township
    basis:
      - {document: 《中华人民共和国土地管理法》, article: 第六十二条}
  - id: village-roads
    name: 农村公路日常养护
    lead: [township, housing]
  - id: waste-sorting
    name: 集镇垃圾分类
    lead: township
    admission: {approved_by: 测政办〔2022〕7号, consulted: true, legality_reviewed: true}
  - id: street-lights
    name: 集镇路灯维护
    lead: township
    admission: {approved_by: 测政办〔2022〕8号, consulted: false, legality_reviewed: false}
  - id: market-stalls
    name: 集镇马路市场管理
    lead: township
    admission: {approved_by: 测政办〔2022〕9号, consulted: true, legality_reviewed: false}
"""


def test_township_lead_without_basis_or_complete_admission(make_project):
    findings = [f for f in check(make_project({"matters/urban-rural.yaml": MATTERS})) if f.code == "QD401"]
    assert [(f.code, f.file, f.line, f.column, f.item) for f in findings] == [
        ("QD401", "matters/urban-rural.yaml", 9, 11, "rural-waste"),
        ("QD401", "matters/urban-rural.yaml", 17, 11, "village-roads"),
        ("QD401", "matters/urban-rural.yaml", 25, 54, "street-lights"),
        ("QD401", "matters/urban-rural.yaml", 29, 79, "market-stalls"),
    ]
    assert "征求乡镇意见和合法性审查" in findings[2].message
    assert "合法性审查" in findings[3].message and "征求乡镇意见" not in findings[3].message


def test_department_lead_or_basis_or_admission_passes(make_project):
    matters = MATTERS.split("  - id: village-roads")[0].replace(
        "    lead: township\n  - id: homestead",
        "    lead: township\n    admission: {approved_by: 测政办〔2022〕6号}\n  - id: homestead",
    )
    assert [f for f in check(make_project({"matters/urban-rural.yaml": matters})) if f.code == "QD401"] == []
