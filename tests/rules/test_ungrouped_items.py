"""QD208 ungrouped-items: matters of no domain, duties of no area, duty-list items of no category — or of the
names earlier imports wrote for none (未分领域, 未分方面, 未分类)."""

from __future__ import annotations

from conftest import check

# a 属地管理事项清单 sheet without group rows, imported: a file of no domain
LOOSE_MATTERS = """\
matters:
  - {id: yang-quan-guan-li, name: 养犬管理, lead: agriculture}
  - {id: qiu-gan-jin-shao, name: 秸秆禁烧, lead: agriculture}
  - {id: wei-fa-jian-she, name: 违法建设查处, lead: housing}
  - {id: hu-wai-guang-gao, name: 户外广告设置管理, lead: housing}
"""
LEGACY_MATTERS = """\
domain: {id: general, name: 未分领域, order: 1}
matters:
  - {id: yang-quan-guan-li, name: 养犬管理, lead: agriculture}
"""
DUTY_LIST = """\
township: heping
basic:
  - {id: dj-001, category: 党的建设, name: 落实基层党建工作责任制, office: economic-office}
  - {id: dj-002, category: 未分类, name: 开展党员教育管理, office: economic-office}
supporting:
  - {id: ph-001, name: 配合开展耕地保护巡查, department: natural-resources, department_duty: 负责耕地保护执法。, township_duty: 负责日常巡查。, office: economic-office}
  - {id: ph-002, name: 配合做好生猪养殖污染防治, department: agriculture, department_duty: 负责技术指导。, township_duty: 负责排查。, office: economic-office}
"""


def _hits(root):
    return [(f.file, f.pointer, f.item) for f in check(root) if f.code == "QD208"]


def test_a_file_of_no_domain_is_one_finding_naming_its_matters(make_project):
    root = make_project({"matters/general.yaml": LOOSE_MATTERS})
    assert _hits(root) == [("matters/general.yaml", "$", "")]
    (message,) = [f.message for f in check(root) if f.code == "QD208"]
    assert "文件中的 4 项事项（「养犬管理」、「秸秆禁烧」、「违法建设查处」 等）不属于任何领域" in message


def test_the_names_earlier_imports_wrote_are_no_group(make_project):
    root = make_project({"matters/general.yaml": LEGACY_MATTERS, "duty-lists/heping.yaml": DUTY_LIST})
    assert _hits(root) == [
        ("duty-lists/heping.yaml", "$.basic[1].category", "heping/basic"),
        ("duty-lists/heping.yaml", "$.supporting[0]", "heping/supporting"),
        ("matters/general.yaml", "$.domain", ""),
    ]
    messages = [f.message for f in check(root) if f.code == "QD208"]
    assert messages[0].startswith("鹤坪镇的基本履职事项清单有 1 项不属于任何类别（「开展党员教育管理」）")
    assert messages[1].startswith("鹤坪镇的配合履职事项清单有 2 项不属于任何类别")
    assert messages[2].startswith("领域「未分领域」不是一个领域")


def test_duties_of_no_area(make_project):
    duties = """\
        areas:
          - {id: economy, name: 经济发展}
        duties:
          - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
          - {id: enforcement-01, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
        """
    assert _hits(make_project({"duties.yaml": duties})) == [("duties.yaml", "$.duties[1]", "enforcement-01")]


def test_grouped_items_and_an_unknown_area_pass(make_project):
    duties = """\
        areas:
          - {id: economy, name: 经济发展}
        duties:
          - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
          - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
        """
    findings = check(make_project({"duties.yaml": duties}))
    assert [f.code for f in findings] == ["QD102"]  # an area id that names no area is QD102's, not QD208's
