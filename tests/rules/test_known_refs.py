"""QD102 known-refs: the fixes — a reference written as a name becomes the id it stands for, when only one."""

from __future__ import annotations

from conftest import TOWNSHIP, check

DEPARTMENTS = """\
departments:
  - {id: agriculture, name: 测试市农业农村局, short_name: 农业农村局, aliases: [农业局]}
  - {id: natural-resources, name: 测试市自然资源和规划局, short_name: 自然资源和规划局}
  - {id: housing, name: 测试市住房和城乡建设局, short_name: 住建局}
  - {id: market, name: 测试市市场监督管理局, aliases: [市场局]}
  - {id: commerce, name: 测试市商务局, aliases: [市场局]}
"""


def _fixes(root):
    return [(f.file, f.item, f.fix and (f.fix.path, f.fix.old, f.fix.new)) for f in check(root) if f.code == "QD102"]


def test_department_and_role_names_in_matters_become_ids(make_project):
    matters = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw
    name: 秸秆禁烧
    lead: agriculture
    supporting: [自然资源和规划局, 乡镇（街道）, 市场局, natural-resorces]
    township_duties: [做好巡查。]
    township_office: 经济发展办公室
"""
    root = make_project({"departments.yaml": DEPARTMENTS, "matters/agriculture.yaml": matters})
    file = "matters/agriculture.yaml"
    assert _fixes(root) == [
        (file, "straw", (("matters", 0, "supporting", 0), "自然资源和规划局", "natural-resources")),
        (file, "straw", (("matters", 0, "supporting", 1), "乡镇（街道）", "township")),
        (file, "straw", None),  # 市场局 is an alias of two departments
        (file, "straw", None),  # a typo: the closest id is suggested, nothing is changed
        (file, "straw", (("matters", 0, "township_office"), "经济发展办公室", "economic-office")),
    ]
    messages = [f.message for f in check(root) if f.code == "QD102"]
    assert "market（测试市市场监督管理局）、commerce（测试市商务局）" in messages[2]  # in the list's order
    assert "是不是「natural-resources」" in messages[3]


def test_office_counterparts_roles_and_leaders_by_name(make_project):
    township = (
        TOWNSHIP.replace("counterparts: [agriculture]", "counterparts: [农业局, 住建局]")
        .replace("role: enforcement-brigade", "role: 综合行政执法大队")
        .replace("oversees: [economic-office]", "oversees: [经济发展办公室]")
    )
    root = make_project({"departments.yaml": DEPARTMENTS, "townships/heping.yaml": township})
    file = "townships/heping.yaml"
    assert _fixes(root) == [
        (file, "economic-office", (("offices", 0, "counterparts", 0), "农业局", "agriculture")),
        (file, "economic-office", (("offices", 0, "counterparts", 1), "住建局", "housing")),
        (file, "enforcement-brigade", (("offices", 1, "role"), "综合行政执法大队", "enforcement-brigade")),
        (file, "head", (("leaders", 0, "oversees", 0), "经济发展办公室", "economic-office")),
    ]


def test_duty_list_township_office_and_department_by_name(make_project):
    duty_list = """\
township: 鹤坪镇
supporting:
  - id: s1
    category: 农业农村
    name: 高标准农田建设
    department: 农业农村局
    department_duty: 负责项目验收。
    township_duty: 负责施工协调。
    office: 经济发展办公室
"""
    root = make_project({"departments.yaml": DEPARTMENTS, "duty-lists/heping.yaml": duty_list})
    file = "duty-lists/heping.yaml"
    # the township is fixed first; its offices are known only once it is an id (validate --fix runs again)
    assert _fixes(root) == [
        (file, "鹤坪镇", (("township",), "鹤坪镇", "heping")),
        (file, "s1", (("supporting", 0, "department"), "农业农村局", "agriculture")),
    ]
    fixed = make_project(
        {"departments.yaml": DEPARTMENTS, "duty-lists/heping.yaml": duty_list.replace("鹤坪镇", "heping")}
    )
    assert [fix for *_, fix in _fixes(fixed)] == [
        (("supporting", 0, "department"), "农业农村局", "agriculture"),
        (("supporting", 0, "office"), "经济发展办公室", "economic-office"),
    ]


def test_ids_and_unknown_names_are_left_alone(make_project):
    matters = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - {id: a, name: 甲, lead: agriculture, supporting: [housing, 大数据局]}
"""
    root = make_project({"departments.yaml": DEPARTMENTS, "matters/agriculture.yaml": matters})
    assert _fixes(root) == [("matters/agriculture.yaml", "a", None)]


COUNTY = """\
departments:
  - {id: education, name: 清河县教育局, short_name: 教育局}
  - {id: public-security, name: 清河县公安局, short_name: 公安局}
  - {id: health, name: 清河县卫生健康局, short_name: 卫生健康局}
"""


def test_an_unknown_department_names_the_closest_by_what_the_source_wrote(make_project):
    """An import keeps the cell (县公安局、县教体局) in extra beside the pinyin id it could not match: the finding
    names the department 教体局 is closest to, not the one the cell also names and is already matched."""
    duty_list = """\
township: heping
supporting:
  - id: campus
    category: 平安建设
    name: 校园周边安全巡查
    department: [public-security, jiao-ti-ju]
    department_duty: 负责校园周边治安管控。
    township_duty: 负责组织网格员巡查。
    office: economic-office
    extra: {对应上级部门: 县公安局、县教体局}
  - id: insurance
    category: 公共服务
    name: 城乡居民医保参保扩面
    department: yi-bao-ju
    department_duty: 负责医保政策宣传。
    township_duty: 负责入户动员参保。
    office: economic-office
    extra: {对应上级部门: 县医保局}
"""
    root = make_project({"departments.yaml": COUNTY, "duty-lists/heping.yaml": duty_list})
    messages = {f.item: f.message for f in check(root) if f.code == "QD102"}
    assert "名录中相近的部门：education（清河县教育局）；" in messages["campus"]
    assert "public-security" not in messages["campus"]
    assert "名录中没有相近的部门" in messages["insurance"] and "--add-departments" in messages["insurance"]
    assert all(f.fix is None for f in check(root) if f.code == "QD102")  # a candidate is never a fix
