"""A duty-list item may name several departments: `department` / `receiving_department` as one id or a list.

Schema, model, rules, published documents, diff, who and the xlsx round trip all take the list;
one id written as a plain string still reads as before.
"""

from __future__ import annotations

from dataclasses import replace

from openpyxl import load_workbook

from conftest import check
from qingdan.diff import diff
from qingdan.importer.workbook import read
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render.documents import build
from qingdan.resources import shipped_dir
from qingdan.source import parse
from qingdan.who import search

DUTY_LIST = """\
township: heping
supporting:
  - id: ph-sc-001
    category: 市场监管
    name: 农村集体聚餐食品安全指导
    department: [agriculture, housing]
    department_duty: 负责集体聚餐场所和乡村厨师的指导。
    township_duty: 负责集体聚餐备案和现场巡查。
    office: economic-office
  - id: ph-nq-001
    category: 农业农村
    name: 高标准农田建设
    department: agriculture
    department_duty: 负责项目规划、立项和验收。
    township_duty: 负责施工协调。
    office: economic-office
reclaimed:
  - id: sh-cx-001
    category: 城乡建设
    name: 农村危房鉴定
    receiving_department: [housing, natural-resources]
    working_method: 由两部门委托鉴定机构实施，镇做好信息报送
"""


def _dataset(make_project, text: str = DUTY_LIST):
    return load_dataset(Project.discover(make_project({"duty-lists/heping.yaml": text})))[0]


def test_a_list_or_a_string_reads_as_a_tuple_and_validates(make_project):
    ds = _dataset(make_project)
    items = {i.id: i for i in ds.duty_lists[0].items}
    assert items["ph-sc-001"].departments == ("agriculture", "housing")
    assert items["ph-nq-001"].departments == ("agriculture",)
    assert items["sh-cx-001"].receiving_departments == ("housing", "natural-resources")
    assert items["ph-nq-001"].receiving_departments == ()
    assert [f.code for f in check(make_project({"duty-lists/heping.yaml": DUTY_LIST}))] == []


def test_the_schema_refuses_an_empty_or_repeated_list(make_project):
    text = DUTY_LIST.replace("[agriculture, housing]", "[]").replace(
        "[housing, natural-resources]", "[housing, housing]"
    )
    found = [(f.code, f.pointer) for f in check(make_project({"duty-lists/heping.yaml": text}))]
    assert ("QD004", "$.supporting[0].department") in found
    assert ("QD004", "$.reclaimed[0].receiving_department") in found


def test_every_id_of_a_list_is_checked_against_the_departments(make_project):
    text = DUTY_LIST.replace("[agriculture, housing]", "[agriculture, housng]")
    found = [(f.code, f.line, f.pointer) for f in check(make_project({"duty-lists/heping.yaml": text}))]
    assert found == [("QD102", 6, "$.supporting[0].department[1]")]


def test_an_empty_list_of_receivers_is_a_one_sided_item(make_project):
    text = DUTY_LIST.replace("receiving_department: [housing, natural-resources]", "receiving_department: []")
    found = [(f.code, f.pointer) for f in check(make_project({"duty-lists/heping.yaml": text})) if f.code == "QD204"]
    assert found == [("QD204", "$.reclaimed[0].receiving_department")]


def test_published_tables_join_the_names_and_each_department_sees_the_item(make_project):
    ds = _dataset(make_project)
    docs = {d.stem: d for d in build(ds)}
    supporting, reclaimed = docs["performance-list-heping"].parts[0].tables[1:]
    assert supporting.groups[0].rows[0][2] == ("测试市农业农村局、测试市住房和城乡建设局",)
    assert reclaimed.groups[0].rows[0][2] == ("测试市住房和城乡建设局、测试市自然资源和规划局",)
    views = {stem.removeprefix("department-view-"): d for stem, d in docs.items() if stem.startswith("department-")}
    assert sorted(views) == ["agriculture", "housing", "natural-resources"]

    def names(stem: str) -> list[tuple[str, ...]]:
        return [row[2] for t in views[stem].parts[0].tables for g in t.groups for row in g.rows]

    assert names("agriculture") == [
        ("农村集体聚餐食品安全指导", "（与测试市住房和城乡建设局共同负责）"),
        ("高标准农田建设",),
    ]
    assert names("housing") == [
        ("农村集体聚餐食品安全指导", "（与测试市农业农村局共同负责）"),
        ("农村危房鉴定", "（与测试市自然资源和规划局共同承接）"),
    ]
    assert names("natural-resources") == [("农村危房鉴定", "（与测试市住房和城乡建设局共同承接）")]


def test_the_site_search_names_every_department(make_project):
    ds = _dataset(make_project)
    html = render_files(ds, "site", environment(shipped_dir("templates")), epoch=0)["index.html"].decode("utf-8")
    assert '"n":"农村集体聚餐食品安全指导","g":"市场监管","t":0,"l":[1,3]' in html


def test_who_answers_for_each_department(make_project):
    ds = _dataset(make_project)
    answer = search(ds, "集体聚餐", department="housing")[0]
    assert (answer.id, answer.lead) == ("ph-sc-001", "测试市农业农村局、测试市住房和城乡建设局")
    assert search(ds, "危房鉴定", department="natural-resources")[0].id == "sh-cx-001"
    assert search(ds, "高标准农田", department="housing") == []


def test_diff_sees_the_set_of_departments_not_their_order(make_project, tmp_path):
    old = _dataset(make_project)
    item = old.duty_lists[0].items[0]

    def with_departments(*ids: str):
        items = (replace(item, departments=ids), *old.duty_lists[0].items[1:])
        return replace(old, duty_lists=[replace(old.duty_lists[0], items=items)])

    assert diff(old, with_departments("housing", "agriculture")) == []
    changes = diff(old, with_departments("agriculture"))
    assert [(c.kind, c.field, c.old, c.new) for c in changes] == [
        ("duty-item-changed", "department", "测试市农业农村局、测试市住房和城乡建设局", "测试市农业农村局"),
    ]


def test_the_xlsx_round_trip_keeps_a_list_and_reads_an_edited_cell_as_a_list(make_project, tmp_path):
    root = make_project({"duty-lists/heping.yaml": DUTY_LIST})
    ds = load_dataset(Project.discover(root))[0]
    files = render_files(ds, "xlsx", environment(shipped_dir("templates")), epoch=0, editable=True)
    data = files["performance-list-heping.xlsx"]
    path = tmp_path / "performance-list-heping.xlsx"
    path.write_bytes(data)
    original = parse((root / "duty-lists" / "heping.yaml").read_text(encoding="utf-8")).data
    assert read(path, ds).files["duty-lists/heping.yaml"] == original

    wb = load_workbook(path)
    ws = wb["配合履职事项清单"]
    column = next(c.column for c in ws[3] if c.value == "对应上级部门")
    rows = [
        r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value in ("农村集体聚餐食品安全指导", "高标准农田建设")
    ]
    ws.cell(rows[0], column).value = "测试市住房和城乡建设局"  # one left: a list stays a list
    ws.cell(rows[1], column).value = "测试市农业农村局、测试市自然资源和规划局"  # one became two
    wb.save(path)
    result = read(path, ds)
    supporting = result.files["duty-lists/heping.yaml"]["supporting"]
    assert [i["department"] for i in supporting] == [["housing"], ["agriculture", "natural-resources"]]
    assert [(i.code, i.column) for i in result.issues] == [("QD707", "对应上级部门"), ("QD707", "对应上级部门")]
