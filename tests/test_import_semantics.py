"""`qingdan import` says what a list means: its kind, the role words in who-cells, several parties, departments by the names people write.

The goldens of the fixtures built by tests/fixtures/import/make_semantics.py are small case.toml cases
(tests/cases/import/semantics-*); this file holds the unit tests and the runs that write into a data set.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, check
from qingdan.departments import ABBREVIATIONS, DepartmentIndex, is_township
from qingdan.importer import cells, parties
from qingdan.importer.headers import FIELDS, SEQ, field_for, find_header
from qingdan.importer.messy import read
from qingdan.importer.new_departments import appended
from qingdan.importer.read import Grid, Source, read_source
from qingdan.loader import load_dataset
from qingdan.model import TOWNSHIP, Department
from qingdan.project import Project
from qingdan.yamlfmt import format_text

FIXTURES = REPO / "tests" / "fixtures" / "import"
COUNTY = FIXTURES / "semantics-county"
CASES = REPO / "tests" / "cases" / "import"


@pytest.fixture(scope="module")
def county():
    return load_dataset(Project.discover(COUNTY))[0]


@pytest.fixture(scope="module")
def index(county):
    return DepartmentIndex.from_dataset(county)


# -- party words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["镇街", "乡镇", "乡镇（街道）", "乡镇(街道)", "街道", "属地", "属地镇街", "各乡镇（街道）", "所在地乡镇（街道）",
     "乡镇人民政府", "镇（街道）", "乡（镇）人民政府", "街道办事处"],
)  # fmt: skip
def test_township_words_mean_the_township(index, word):
    assert (is_township(word), index.party(word), index.match(word)) == (True, TOWNSHIP, None)


@pytest.mark.parametrize(
    "word",
    ["部门", "县级部门", "区直部门", "市直部门", "有关部门", "相关部门", "县直有关部门", "县（市、区）有关部门",
     "行业主管部门", "主管部门", "上级部门", "有关单位", "相关职能部门"],
)  # fmt: skip
def test_department_words_stand_for_a_department_named_elsewhere(index, word):
    assert (parties.is_department_word(word), parties.is_role_word(word), index.match(word)) == (True, True, None)


@pytest.mark.parametrize("name", ["组织部门", "市场监管部门", "住建局", "公安机关", "乡镇", "村（社区）"])
def test_names_are_not_department_words(name):
    assert parties.is_department_word(name) is False


def test_villages_are_neither_department_nor_township():
    assert [parties.is_other_party(n) for n in ("村（社区）", "村委会", "网格员", "镇街")] == [True, True, True, False]


# -- departments by the names people write ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "department"),
    [
        ("市教体局", "education"),  # 教体局 ~ 教育和体育局
        ("县卫健委", "health"),  # 卫健委 ~ 卫生健康局
        ("区住建局", "housing"),  # 住建局 ~ 住房和城乡建设局, and 区 for 县
        ("市场监管局", "market"),  # 市场监管局 ~ 市场监督管理局
        ("县市场监管局", "market"),
        ("县卫生健康委员会", "health"),
        ("清河县卫生健康局", "health"),
        ("住房城乡建设局", "housing"),  # the joining 和 left out
        ("县发改局", "development-reform"),
        ("发展改革局", "development-reform"),
        ("医保局", "medical-insurance"),
        ("县综合执法局", "enforcement"),
        ("消防大队", "fire"),
        ("县应急局", "emergency"),
        ("自规局", "natural-resources"),
        ("生态环境分局", "ecology"),
        ("县教育局", None),  # an older name: not guessed to be 教育和体育局
        ("县数据资源局", None),
        ("卫计委", None),  # merged into 卫健委 in 2018, but not the same name
        ("乡镇", None),  # a department field never means the township
    ],
)
def test_departments_by_the_names_people_write(index, written, department):
    assert index.match(written) == department


def test_an_abbreviation_two_departments_could_mean_matches_neither():
    both = DepartmentIndex(
        [Department("a", "某县卫生健康局", "", (), None), Department("b", "某县卫生健康委员会", "", (), None)], "某县"
    )
    assert (both.match("县卫健委"), both.match("卫生健康局"), both.match("县卫生健康委员会")) == (None, "a", "b")


@pytest.mark.parametrize("group", ABBREVIATIONS, ids=lambda g: g[0])
def test_every_name_of_an_abbreviation_group_finds_a_department_named_by_another(group):
    for own in group:
        index = DepartmentIndex([Department("x", f"测试县{own}", "", (), None)], "测试县")
        assert [index.match(f"县{name}") for name in group] == ["x"] * len(group), own


def test_unknown_departments_get_the_closest_candidates(index):
    assert index.candidates("县教育局") == ["education"]
    assert index.candidates("市教体局") == ["education"]
    assert index.candidates("县数据资源局") == []


# -- several parties in one cell -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("市场监管局、卫健委", [("市场监管局", None), ("卫健委", None)]),
        ("市场监管局，卫健委", [("市场监管局", None), ("卫健委", None)]),
        ("市场监管局/卫健委", [("市场监管局", None), ("卫健委", None)]),
        ("县农业农村局\n县市场监督管理局", [("县农业农村局", None), ("县市场监督管理局", None)]),
        ("住建局和自然资源局", [("住建局", None), ("自然资源局", None)]),
        ("公安局及司法局", [("公安局", None), ("司法局", None)]),
        ("住房和城乡建设局", [("住房和城乡建设局", None)]),  # 和 inside a name
        ("人力资源和社会保障局", [("人力资源和社会保障局", None)]),
        ("县（市、区）有关部门", [("县（市、区）有关部门", None)]),  # 、 inside brackets
        ("卫健委（牵头）、医保局", [("卫健委", "lead"), ("医保局", "support")]),
        ("牵头：住建局；配合：乡镇（街道）", [("住建局", "lead"), ("乡镇（街道）", "support")]),
        ("乡镇（街道），县直有关部门配合", [("乡镇（街道）", None), ("县直有关部门", "support")]),
        ("镇街（部门配合）", [("镇街", None), ("部门", "support")]),
        ("市场监管局等有关部门", [("市场监管局", None)]),
        ("乡镇及有关部门", [("乡镇", None), ("有关部门", None)]),
    ],
)
def test_split_cell(text, names):
    assert parties.split_cell(text) == names


# -- what kind of list -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "kind"),
    [
        (["清河县乡镇（街道）属地管理配合事项清单"], parties.SUPPORTING_LIST),
        (["", "乡镇（街道）配合责任清单"], parties.SUPPORTING_LIST),
        (["乡镇(街道)履行配合责任事项清单"], parties.SUPPORTING_LIST),
        (["清河县乡镇（街道）主体责任事项清单"], parties.TOWNSHIP_LIST),
        (["镇街履行主体责任事项清单"], parties.TOWNSHIP_LIST),
        (["青岚市乡镇（街道）属地管理事项主体责任和配合责任清单", "配合责任清单"], parties.COMBINED),
        (["乡镇（街道）属地管理事项主体责任清单"], parties.COMBINED),  # whose 主体: each row says
        (["（清编办〔2023〕5号 附件1）", "附件1"], parties.COMBINED),
        (["", "（附件2）", "配合责任清单"], parties.SUPPORTING_LIST),  # the sheet name, when nothing above says
    ],
)
def test_list_kind(texts, kind):
    assert parties.list_kind(texts)[0] == kind


# -- rows: role words resolved, one lead, the list's kind -----------------------------------


def _source(rows: list[list[str]], name: str = "表1") -> Source:
    return Source([Grid(name, rows)])


@dataclass(slots=True)
class _Headed(Grid):
    """A grid with the heading a Word table has (Grid.heading, issue 11 contract item 1)."""

    heading: str = ""


def _parties(result) -> list[tuple]:
    return [(m["name"], m.get("lead"), m.get("supporting")) for f in result.files.values() for m in f["matters"]]


def _codes(result) -> list[tuple[str, int, str]]:
    return [(i.code, i.row, i.column) for i in result.issues]


def test_a_cooperation_list_puts_the_township_in_supporting(county):
    rows = [
        ["清河县乡镇（街道）配合责任清单"],
        ["序号", "事项名称", "牵头部门", "县级部门职责", "乡镇（街道）职责"],
        ["1", "爱国卫生运动", "县卫健委", "负责统筹。", "负责组织。"],
        ["2", "燃气安全", "区住建局、县市场监管局", "负责监管。", "负责宣传。"],
    ]
    result = read(_source(rows), "matters", county)
    assert _parties(result) == [
        ("爱国卫生运动", "health", ["township"]),
        ("燃气安全", "housing", ["market", "township"]),
    ]
    assert _codes(result) == [("QD712", 0, ""), ("QD711", 4, "牵头部门")]


def test_the_heading_above_a_word_table_names_the_list(county):
    grid = _Headed("表1", [["事项名称", "牵头部门"], ["爱国卫生运动", "县卫健委"]], heading="二、配合责任清单")
    result = read(Source([grid]), "matters", county)
    assert _parties(result) == [("爱国卫生运动", "health", ["township"])]


def test_a_township_list_makes_the_township_lead(county):
    rows = [["事项名称", "主管部门", "乡镇职责"], ["特困人员初审", "县民政局", "负责初审。"]]
    result = read(_source(rows, name="乡镇（街道）主体责任清单"), "matters", county)
    assert _parties(result) == [("特困人员初审", "township", ["civil-affairs"])]
    assert [i.code for i in result.issues] == ["QD712"]


def test_kind_still_overrides_the_title(county):
    rows = [["乡镇（街道）配合事项清单"], ["事项名称", "对应上级部门"], ["爱国卫生运动", "县卫健委"]]
    result = read(_source(rows), "duty-list", county, township="dongcheng")
    assert result.files["duty-lists/dongcheng.yaml"]["supporting"][0]["department"] == "health"
    assert "QD712" not in [i.code for i in result.issues]


def test_a_subject_column_of_role_words_says_which_side_leads(county):
    rows = [
        ["事项名称", "主体责任", "责任部门", "镇街职责"],
        ["垃圾分类", "镇街", "县住建局", "负责收集。"],
        ["病媒防制", "部门", "县卫健委", "负责清理。"],
        ["自建房巡查", "属地", "住建局、县综合执法局", "负责巡查。"],
        ["小餐饮登记", "部门", "县市场监管局、县卫健委", "负责排查。"],
    ]
    result = read(_source(rows), "matters", county)
    assert _parties(result) == [
        ("垃圾分类", "township", ["housing"]),
        ("病媒防制", "health", ["township"]),
        ("自建房巡查", "township", ["housing", "enforcement"]),
        ("小餐饮登记", "market", ["health", "township"]),
    ]
    assert _codes(result) == [("QD711", 5, "责任部门")]


def test_a_role_word_nothing_resolves_is_reported_and_left_empty(county):
    rows = [
        ["事项名称", "牵头部门", "配合部门"],
        ["流浪乞讨救助", "有关部门", "镇街"],
        ["地名管理", "县民政局", "有关部门"],
        ["村庄保洁", "镇街", "村（社区）"],
    ]
    result = read(_source(rows), "matters", county)
    assert _parties(result) == [
        ("流浪乞讨救助", None, ["township"]),
        ("地名管理", "civil-affairs", None),
        ("村庄保洁", "township", None),
    ]
    assert _codes(result) == [("QD710", 2, "牵头部门"), ("QD710", 3, "配合部门"), ("QD710", 4, "配合部门")]
    items = [m for f in result.files.values() for m in f["matters"]]
    assert [m.get("extra") for m in items] == [
        {"牵头部门": "有关部门"},
        {"配合部门": "有关部门"},
        {"配合部门": "村（社区）"},
    ]
    # never an invented department, never advice to add a role word to departments.yaml
    assert "bu-men" not in str(result.files) and result.new_departments == []
    assert not [i for i in result.issues if i.code == "QD703"]


def test_a_cell_that_names_nobody_is_no_department(county):
    rows = [
        ["事项名称", "牵头部门", "配合部门"],
        ["甲", "县民政局", "无"],
        ["乙", "—", "县卫健委"],
        ["丙", "县民政局", "/"],
        ["丁", "县民政局", "配合"],  # a 配合部门 column ticked rather than filled
    ]
    result = read(_source(rows), "matters", county)
    assert _parties(result) == [
        ("甲", "civil-affairs", None),
        ("乙", None, ["health"]),
        ("丙", "civil-affairs", None),
        ("丁", "civil-affairs", None),
    ]
    items = result.files["matters/general.yaml"]["matters"]
    assert [m.get("extra") for m in items] == [{"配合部门": "无"}, {"牵头部门": "—"}, None, {"配合部门": "配合"}]
    assert (result.issues, result.new_departments) == ([], [])


def test_department_fields_hold_several_departments_and_never_the_township(county):
    rows = [
        ["事项名称", "对应上级部门", "上级部门职责", "镇街配合职责"],
        ["校园周边巡查", "县公安局、县教体局", "负责管控。", "负责巡查。"],
        ["医保扩面", "县医保局", "负责指导。", "负责动员。"],
        ["地名标志", "县级部门", "负责设置。", "负责报告。"],
        ["环境卫生", "镇街", "负责考核。", "负责保洁。"],
    ]
    result = read(_source(rows, name="配合履职事项"), "duty-list", county, township="dongcheng")
    items = result.files["duty-lists/dongcheng.yaml"]["supporting"]
    assert [i.get("department") for i in items] == [["public-security", "education"], "medical-insurance", None, None]
    assert _codes(result) == [("QD710", 4, "对应上级部门"), ("QD710", 5, "对应上级部门")]


def test_an_unknown_department_is_reported_once_with_candidates(county):
    rows = [
        ["事项名称", "牵头部门"],
        ["控辍保学", "县教育局"],
        ["学生资助", "县教育局"],
        ["数据归集", "县数据资源局"],
    ]
    result = read(_source(rows), "matters", county)
    assert _codes(result) == [("QD703", 2, "牵头部门"), ("QD703", 4, "牵头部门")]
    first = result.issues[0].message
    assert "2 行" in first and "清河县教育和体育局（education）" in first
    assert [m["lead"] for m in result.files["matters/general.yaml"]["matters"]] == [
        "jiao-yu-ju",
        "jiao-yu-ju",
        "shu-ju-zi-yuan-ju",
    ]
    assert result.new_departments == [
        {"id": "jiao-yu-ju", "name": "县教育局", "short_name": "教育局"},
        {"id": "shu-ju-zi-yuan-ju", "name": "县数据资源局", "short_name": "数据资源局"},
    ]


# -- headers -------------------------------------------------------------------------------

# every title the issue names, with brackets and spaces as people type them, and the field it means
VOCABULARY = {
    "matters": {
        "所属分类": "domain", "领域": "domain", "类别": "domain", "事项类别": "domain",
        "具体事项": "name", "事项名称": "name", "事项": "name",
        "牵头部门": "lead", "牵头单位": "lead", "责任部门": "lead", "主管部门": "lead", "实施主体": "lead",
        "配合部门": "supporting", "协办单位": "supporting", "配合单位": "supporting", "配合责任": "supporting",
        "县级部门职责": "department_duties", "部门职责": "department_duties", "主管部门职责": "department_duties",
        "乡镇（街道）职责": "township_duties", "乡镇(街道)职责": "township_duties", "属地责任": "township_duties",
        "镇街职责": "township_duties", "镇街配合职责": "township_duties", "乡镇 （街道） 职责": "township_duties",
        "法律依据": "basis", "实施依据": "basis", "设定依据": "basis", "法律法规及文件依据": "basis",
        "备注": "note",
    },
    "duty-list": {
        "所属分类": "category", "事项类别": "category", "类别": "category", "具体事项": "name",
        "对应上级部门": "department", "上级部门职责": "department_duty", "镇街配合职责": "township_duty",
        "承接部门": "receiving_department", "工作方式": "working_method", "备注": "note",
    },
}  # fmt: skip


@pytest.mark.parametrize(("kind", "title", "field"), [(k, t, f) for k, v in VOCABULARY.items() for t, f in v.items()])
def test_header_vocabulary(kind, title, field):
    assert field_for(kind, title) == field


def test_a_subject_column_and_a_department_column_are_both_read():
    grid = Grid("x.csv", [["序号", "事项名称", "主体责任", "责任部门"], ["1", "甲", "镇街", "住建局"]])
    assert [c.field for c in find_header(grid, 1, "matters").columns] == [SEQ, "name", "lead", "lead"]


def test_every_map_target_is_documented_with_its_kind():
    """docs/import.md's table of fields lists, per kind, every field --map accepts."""
    text = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    section = text.split("### `--map` 可以指定的字段", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| `([a-z_.]+)` \|", section, flags=re.MULTILINE)
    documented = {(k, f) for k, f in rows}
    wanted = {(k, f) for k, fields in FIELDS.items() for f in fields if f != SEQ} | {(k, "extra") for k in FIELDS}
    assert sorted(wanted - documented) == [] and sorted(documented - wanted) == []


# -- --add-departments ---------------------------------------------------------------------


def _county_copy(tmp_path: Path) -> Path:
    data = tmp_path / "county"
    shutil.copytree(COUNTY, data)
    return data


def test_add_departments_appends_the_unknown_ones_for_review(run_cli, tmp_path, golden):
    data = _county_copy(tmp_path)
    before = (data / "departments.yaml").read_text(encoding="utf-8")
    args = ["import", str(FIXTURES / "semantics-lists.xlsx"), "-k", "matters", "--data", str(data)]
    result = run_cli(*args, "-o", str(tmp_path / "out"), "--add-departments")
    assert result.exit_code == 0
    after = (data / "departments.yaml").read_text(encoding="utf-8")
    golden(CASES / "semantics-add-departments" / "departments.yaml", after)
    golden(CASES / "semantics-add-departments" / "expected.txt", result.stdout)
    assert after.startswith(before)  # the file was canonical: what was there stays, byte for byte
    assert format_text(after, "departments") == after  # fmt leaves it as it is
    # imported again, the added departments are known: nothing more to add, no QD703
    again = run_cli(*args, "-o", str(tmp_path / "out"), "--force", "--add-departments")
    assert "QD703" not in again.stdout
    assert "departments.yaml 没有改动" in again.stdout
    assert (data / "departments.yaml").read_text(encoding="utf-8") == after


def test_add_departments_without_output_changes_nothing(run_cli, tmp_path):
    data = _county_copy(tmp_path)
    before = (data / "departments.yaml").read_text(encoding="utf-8")
    result = run_cli(
        "import", str(FIXTURES / "semantics-lists.xlsx"), "-k", "matters", "--data", str(data), "--add-departments"
    )
    assert result.exit_code == 0
    assert "将加进（写 -o 时写入） departments.yaml 2 个部门" in result.stderr
    assert (data / "departments.yaml").read_text(encoding="utf-8") == before


def test_add_departments_needs_a_department_list(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "qingdan.yaml").write_text((COUNTY / "qingdan.yaml").read_text(encoding="utf-8"))
    result = run_cli(
        "import", str(FIXTURES / "semantics-lists.xlsx"), "-k", "matters", "--data", str(tmp_path / "empty"),
        "-o", str(tmp_path / "out"), "--add-departments",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "没有找到它" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        (
            "# 名录\ndepartments:\n  - id: a\n    name: 甲局  # 全称\n",
            "  - id: a\n    name: 甲局  # 全称\n  # 核对\n  - id: b\n",
        ),
        ("departments: []\n", "departments:\n  # 核对\n  - id: b\n"),
        ("departments:\n- {id: a, name: 甲局}\n", "  - id: a\n    name: 甲局\n  # 核对\n  - id: b\n"),
    ],
)
def test_appended_keeps_comments_and_formats(text, tail):
    out = appended(text, [{"id": "b", "name": "乙局"}], "核对")
    assert out.endswith(tail + "    name: 乙局\n")
    assert format_text(out, "departments") == out


# -- the fixtures: nothing lost, and they validate in a fresh data set ------------------------

SEMANTICS = {
    "semantics-lists": ("semantics-lists.xlsx", "matters"),
    "semantics-shudi": ("semantics-shudi.csv", "matters"),
    "semantics-duty-list": ("semantics-duty-list.xlsx", "duty-list"),
}
# what a cell may say that becomes structure rather than text: the role words and role marks
STRUCTURE = {"牵头", "配合", "主责", "镇街", "部门", "属地", "乡镇", "街道", "县级部门", "有关部门"}


@pytest.mark.parametrize("case", sorted(SEMANTICS))
def test_nothing_is_lost(case, county):
    """Every run of letters, digits or Chinese characters in a data cell is in the YAML (a name as its id) or the report."""
    expected = CASES / case / "expected"
    written = "".join(p.read_text(encoding="utf-8") for p in sorted(expected.rglob("*.yaml")))
    report = (CASES / case / "expected.txt").read_text(encoding="utf-8")
    haystack = cells.fingerprint(written + report)
    index = DepartmentIndex.from_dataset(county)
    name, kind = SEMANTICS[case]
    ids = set(re.findall(r"[a-z0-9][a-z0-9.-]*", written))
    missing = []
    for grid in read_source(FIXTURES / name).grids:
        header = find_header(grid, 1, kind)
        for r, row in enumerate(grid.cells, start=1):
            if header.first <= r <= header.last:
                continue
            for c, text in enumerate(row, start=1):
                merge = grid.merge(r, c)
                if merge is not None and (merge.top, merge.left) != (r, c):
                    continue
                field = next(col.field for col in header.columns if col.index == c)
                if field == SEQ or (c == 1 and cells.has_group_number(text)):
                    text = cells.group_title(text) if cells.has_group_number(text) else ""
                for part, _ in (
                    parties.split_cell(text)
                    if field in ("lead", "supporting", "department", "receiving_department")
                    else []
                ):
                    found = index.party(part)
                    if found in ids:
                        text = text.replace(part, "")  # written as its id
                folded = "".join(cells._fold(ch) for ch in text)
                for run in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", folded):
                    if run not in STRUCTURE and run not in haystack and run not in ("和", "及"):
                        missing.append((grid.name, r, c, run))
    assert missing == []


def test_the_fixtures_import_into_a_fresh_data_set_without_schema_errors(run_cli, tmp_path):
    data = tmp_path / "清单" / "2023"
    assert (
        run_cli(
            "init", str(data), "-s", "medium-2022", "--jurisdiction", "清河县", "--township", "东城镇", "--year", "2023"
        ).exit_code
        == 0
    )
    for case, (name, kind) in sorted(SEMANTICS.items()):
        extra = ["--township", "东城镇"] if kind == "duty-list" else []
        result = run_cli("import", str(FIXTURES / name), "-k", kind, *extra, "-o", str(data), "--force")
        assert result.exit_code == 0, (case, result.stdout)
    findings = check(data)
    # the matters validate against the schema, and so do duty-list items naming several departments; the only
    # schema findings are the two whose 对应上级部门 the import left empty for a person to fill (QD710)
    schema = [(f.file, f.pointer) for f in findings if f.code == "QD004"]
    assert schema == [
        ("duty-lists/dongcheng.yaml", "$.supporting[3]"),
        ("duty-lists/dongcheng.yaml", "$.supporting[4]"),
    ]
    # no role word became a department, and every lead validate knows is a department or the township
    text = "".join(p.read_text(encoding="utf-8") for p in data.rglob("matters/*.yaml"))
    assert not re.search(r"\b(bu-men|zhen-jie|you-guan-bu-men|xian-ji-bu-men|shu-di)\b", text)


def test_the_abbreviation_table_is_documented_and_each_name_listed_once():
    text = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    table = text.split("| 同一个部门的各种写法（不带县、市、区） |\n|---|\n", 1)[1].split("\n\n", 1)[0]
    assert [tuple(row.strip("| ").split("、")) for row in table.splitlines()] == list(ABBREVIATIONS)
    folded = [name[:1] + name[1:].replace("和", "") for group in ABBREVIATIONS for name in group]
    assert len(folded) == len(set(folded))
