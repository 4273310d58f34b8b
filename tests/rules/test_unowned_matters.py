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


# --- the fix: a lead written as a department's name becomes its id ----------------------------------------------

DEPARTMENTS = """\
departments:
  - {id: agriculture, name: 测试市农业农村局, short_name: 农业农村局, aliases: [农业局]}
  - {id: market, name: 测试市市场监督管理局, short_name: 市场监管局}
  - {id: market-old, name: 测试市工商行政管理局, aliases: [市场监管局]}
"""
NAMED = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - {id: a, name: 甲, lead: 测试市农业农村局}
  - {id: b, name: 乙, lead: 农业局}
  - {id: c, name: 丙, lead: 乡镇（街道）}
  - {id: d, name: 丁, lead: [agriculture, " 农业农村局 "]}
  - {id: e, name: 戊, lead: 市场监管局}
  - {id: f, name: 己, lead: 市农业农村局}
"""


def test_a_lead_written_as_a_name_is_fixed_to_its_id(make_project):
    root = make_project({"departments.yaml": DEPARTMENTS, "matters/agriculture.yaml": NAMED})
    found = [(f.item, f.fix and (f.fix.path, f.fix.old, f.fix.new)) for f in check(root) if f.code == "QD201"]
    assert found == [
        ("a", (("matters", 0, "lead"), "测试市农业农村局", "agriculture")),  # full name
        ("b", (("matters", 1, "lead"), "农业局", "agriculture")),  # alias
        ("c", (("matters", 2, "lead"), "乡镇（街道）", "township")),  # the township itself
        ("d", (("matters", 3, "lead", 1), " 农业农村局 ", "agriculture")),  # short name, one of a list
        ("e", None),  # the short name of one department and an alias of another: a person decides
        ("f", None),  # not a name the department list holds: no guessing across 县/市 prefixes
    ]
    message = next(f.message for f in check(root) if f.item == "e")
    assert "market（测试市市场监督管理局）、market-old（测试市工商行政管理局）" in message


def test_a_matter_without_a_lead_offers_its_supporting_parties(make_project):
    matters = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - {id: straw, name: 秸秆禁烧, supporting: [township, natural-resources, no-such]}
  - {id: alone, name: 无人认领}
  - {id: said, name: 困难群众排查, extra: {主体责任: 部门}}
"""
    root = make_project({"matters/agriculture.yaml": matters})
    messages = {f.item: f.message for f in check(root) if f.code == "QD201"}
    assert (
        "可从配合单位中选定：township（乡镇（街道））、natural-resources（测试市自然资源和规划局）；"
        in messages["straw"]
    )
    assert "可从配合单位中选定" not in messages["alone"] and "原表" not in messages["alone"]
    assert "原表「主体责任」一栏写的是「部门」，没有指明是哪个部门；" in messages["said"]
