"""QD204 one-sided-items: 配合 items missing a side, 收回 items with no receiver, one item in two lists."""

from __future__ import annotations

from conftest import check

DUTY_LIST = """\
township: heping
basic:
  - {id: jj-001, category: 经济发展, name: 做好辖区企业服务, office: economic-office}
  - {id: jj-002, category: 经济发展, name: 发展壮大村级集体经济, office: economic-office}
supporting:
  - id: ph-nq-001
    category: 农业农村
    name: 高标准农田建设
    department: agriculture
    department_duty: 负责高标准农田建设项目的规划、立项和验收。
    office: economic-office
  - id: ph-nq-002
    category: 农业农村
    name: 动物防疫
    department: agriculture
    township_duty: 组织村级防疫员做好强制免疫。
    office: economic-office
  - id: ph-nq-003
    category: 农业农村
    name: 农作物病虫害防治
    department: agriculture
    department_duty: ""
    office: economic-office
  - id: ph-jj-001
    category: 经济发展
    name: 发展壮大村级集体经济。
    department: agriculture
    department_duty: 负责制定扶持村级集体经济发展的政策。
    township_duty: 指导各村制定集体经济发展项目。
    office: economic-office
reclaimed:
  - {id: sh-jj-001, category: 经济发展, name: 做好辖区 企业服务, receiving_department: agriculture}
  - {id: sh-nq-001, category: 农业农村, name: 涉农统计数据重复报送}
"""


def _hits(root):
    return [(f.code, f.file, f.line, f.item) for f in check(root) if f.code == "QD204"]


def test_each_kind_of_one_sided_item(make_project):
    root = make_project({"duty-lists/heping.yaml": DUTY_LIST})
    assert _hits(root) == [
        ("QD204", "duty-lists/heping.yaml", 6, "heping/ph-nq-001"),  # no township_duty (absent: at the item)
        ("QD204", "duty-lists/heping.yaml", 12, "heping/ph-nq-002"),  # no department_duty
        ("QD204", "duty-lists/heping.yaml", 18, "heping/ph-nq-003"),  # neither (one empty): at the item
        ("QD204", "duty-lists/heping.yaml", 26, "heping/ph-jj-001"),  # also 基本
        ("QD204", "duty-lists/heping.yaml", 32, "heping/sh-jj-001"),  # also 基本
        ("QD204", "duty-lists/heping.yaml", 33, "heping/sh-nq-001"),  # no receiving department
    ]
    findings = {f.item: f for f in check(root) if f.code == "QD204"}
    assert "镇街配合职责（township_duty）" in findings["heping/ph-nq-001"].message
    assert "上级部门职责和镇街配合职责" in findings["heping/ph-nq-003"].message
    assert "基本履职事项和上级部门收回事项" in findings["heping/sh-jj-001"].message
    assert [(r.file, r.line) for r in findings["heping/sh-jj-001"].related] == [("duty-lists/heping.yaml", 3)]
    assert [(r.file, r.line) for r in findings["heping/ph-jj-001"].related] == [("duty-lists/heping.yaml", 4)]


def test_one_missing_side_points_at_the_field(make_project):
    duty_list = """\
        township: heping
        supporting:
          - id: ph-nq-001
            category: 农业农村
            name: 高标准农田建设
            department: agriculture
            department_duty: 负责高标准农田建设项目的规划、立项和验收。
            township_duty: " "
            office: economic-office
        """
    findings = [f for f in check(make_project({"duty-lists/heping.yaml": duty_list})) if f.code == "QD204"]
    assert [(f.line, f.pointer) for f in findings] == [(8, "$.supporting[0].township_duty")]


def test_complete_items_pass(make_project):
    duty_list = """\
        township: heping
        basic:
          - {id: jj-001, category: 经济发展, name: 做好辖区企业服务, office: economic-office}
        supporting:
          - id: ph-nq-001
            category: 农业农村
            name: 高标准农田建设
            department: agriculture
            department_duty: 负责高标准农田建设项目的规划、立项和验收。
            township_duty: 负责组织村组做好土地流转和施工协调。
            office: economic-office
        reclaimed:
          - {id: sh-nq-001, category: 农业农村, name: 涉农统计数据重复报送, receiving_department: agriculture}
          - {id: sh-nq-002, category: 农业农村, name: 涉农统计数据重复报送, receiving_department: housing}
        """
    assert check(make_project({"duty-lists/heping.yaml": duty_list})) == []  # a repeat within one list is not this rule
