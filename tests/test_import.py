"""`qingdan import`: the workbooks and CSV files people already have → YAML, with nothing lost on the way."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import REPO, SAMPLES, check
from qingdan.departments import DepartmentIndex
from qingdan.errors import QingdanError
from qingdan.importer import cells
from qingdan.importer.headers import EXTRA, SEQ, field_for, find_header, header_at, parse_map
from qingdan.importer.messy import POWER_TYPE_NAMES, read
from qingdan.importer.read import Grid, Merge, Source, read_source
from qingdan.loader import load_dataset
from qingdan.model import TOWNSHIP
from qingdan.project import Project

FIXTURES = REPO / "tests" / "fixtures" / "import"
CASES = REPO / "tests" / "cases" / "import"
DATA_2022 = SAMPLES / "2022"


@pytest.fixture(scope="module")
def sample():
    return load_dataset(Project.discover(DATA_2022))[0]


# -- the fixtures, end to end (golden) -------------------------------------------------------

RUNS = {
    # the other formats first: where two cases write the same file, the later one (the messy sheets) wins below
    "duty-list-docx": ("duty-list-attachment.docx", "--kind", "duty-list", "--township", "heping"),
    "matters-xls": ("matters-old.xls", "--kind", "matters"),
    "matters-ods": ("matters-old.ods", "--kind", "matters"),
    "matters": ("messy-matters.xlsx", "--kind", "matters"),
    "duty-list": ("messy-duty-list.csv", "--kind", "duty-list", "--township", "heping"),
    "power-list": ("messy-power-list.xlsx", "--kind", "power-list"),
    "citations": ("citations.xlsx", "--kind", "matters"),
}


def _import(run_cli, tmp_path: Path, case: str, *extra: str):
    """Import a fixture into a repository-like folder (schemas/ at its top, so files get a modeline)."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "schemas", root / "schemas")
    out = root / "lists" / "city" / "2022"
    name, *args = RUNS[case]
    result = run_cli("import", str(FIXTURES / name), *args, "--data", str(DATA_2022), "-o", str(out), *extra)
    files = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml"))}
    return result, files


@pytest.mark.parametrize("case", sorted(RUNS))
def test_fixture_imports_to_the_expected_yaml_and_report(run_cli, tmp_path, golden, case):
    result, files = _import(run_cli, tmp_path, case)
    assert result.exit_code == (1 if case == "matters" else 0)  # the matters fixture has a row without a name
    assert files, "nothing was written"
    for name, text in files.items():
        golden(CASES / case / "expected" / name, text)
    golden(CASES / case / "expected.txt", result.stdout)
    as_json = run_cli(*_json_args(tmp_path / "j", case))
    golden(CASES / case / "expected.json", as_json.stdout)
    report = json.loads(as_json.stdout)
    assert report["summary"]["files"] == len(files)


def _json_args(where: Path, case: str) -> list[str]:
    name, *args = RUNS[case]
    return ["import", str(FIXTURES / name), *args, "--data", str(DATA_2022), "-o", str(where), "--format", "json"]


@pytest.mark.parametrize("case", sorted(RUNS))
def test_every_golden_file_is_one_the_import_writes(run_cli, tmp_path, case):
    _, files = _import(run_cli, tmp_path, case)
    expected = CASES / case / "expected"
    on_disk = {p.relative_to(expected).as_posix() for p in expected.rglob("*.yaml")}
    assert on_disk == set(files)


def test_matters_report_names_each_problem_by_sheet_row_and_column(run_cli, tmp_path):
    result, _ = _import(run_cli, tmp_path, "matters")
    lines = result.stdout.splitlines()
    codes = [(line.split("  ")[0], line.split("  ")[1].split()[0]) for line in lines if "  QD" in line]
    assert ("附件1!3 备注说明", "QD701") in codes  # the extra column, once
    assert ("附件1!11 主体责任部门", "QD703") in codes  # 市大数据局
    assert ("附件1!12", "QD702") in codes  # no name
    assert sum(code == "QD701" for _, code in codes) == 1
    assert "跳过工作表「填表说明」：没有认得出的表头" in lines
    assert lines[-1] == "读取 6 行，生成 5 项，写入 3 个文件；错误 1，警告 4，提示 0"


ROLE_WORDS = {"牵头", "配合", "主责"}


@pytest.mark.parametrize("case", sorted(RUNS))
def test_nothing_is_lost(run_cli, tmp_path, sample, case):
    """Every run of letters, digits or Chinese characters in a cell of a read sheet is in the YAML or the report."""
    result, files = _import(run_cli, tmp_path, case)
    haystack = cells.fingerprint("".join(files.values()) + result.stdout)
    # a department named in a cell is represented by its id
    ids = set(re.findall(r"[a-z0-9][a-z0-9.-]*", "".join(files.values())))
    for dept in sample.departments:
        if dept.id in ids:
            for name in (dept.name, dept.short_name, *dept.aliases):
                haystack += "|" + name + "|市" + name
    for structure in sample.structures:  # an office by its role id
        haystack += "".join("|" + role.name for role in structure.roles if role.id in ids)
    for type_id, type_name in POWER_TYPE_NAMES.items():
        if f"type: {type_id}" in "".join(files.values()):
            haystack += "|" + type_name
    if TOWNSHIP in ids:
        haystack += "|乡镇|街道|镇街"
    name, *args = RUNS[case]
    kind = args[1]
    missing = []
    for grid in read_source(FIXTURES / name).grids:
        header = find_header(grid, 1, kind)
        if header is None:
            continue  # a skipped sheet: the report names it
        seq = {c.index for c in header.columns if c.field == SEQ}
        for r, row in enumerate(grid.cells, start=1):
            if header.first <= r <= header.last or header_at(grid, r, kind) is not None:
                continue  # the header itself, or repeated on a new page: it became the keys
            for c, text in enumerate(row, start=1):
                merge = grid.merge(r, c)
                if merge is not None and (merge.top, merge.left) != (r, c):
                    continue  # a merged range's value, checked once at its first cell
                if c in seq and text.strip().isdigit():
                    continue  # 序号: numbering, dropped knowingly
                if c == 1:  # a group row's numbering ("二、综合执法"), dropped knowingly
                    text = cells.group_title(text) if cells.has_group_number(text) else text
                folded = "".join(cells._fold(ch) for ch in text)
                for run in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", folded):
                    if run not in ROLE_WORDS and run not in haystack:
                        missing.append((grid.name, r, c, run))
    assert missing == []


def test_imported_fixtures_validate_without_schema_errors(run_cli, tmp_path, make_project):
    files: dict[str, str] = {}
    for case in RUNS:
        _, written = _import(run_cli, tmp_path / case, case)
        files.update(written)
    root = make_project(files)
    findings = check(root)
    assert [f for f in findings if f.code == "QD004"] == []  # a duty-list item may name several departments
    assert {f.file for f in findings} >= {"matters/ecology.yaml"}  # the unknown department still shows (QD201)


# -- the command -----------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(run_cli, tmp_path):
    out = tmp_path / "out"
    args = ["import", str(FIXTURES / "messy-power-list.xlsx"), "-k", "power-list", "--data", str(DATA_2022)]
    assert run_cli(*args, "-o", str(out)).exit_code == 0
    (out / "power-list.yaml").write_text("changed\n", encoding="utf-8")
    refused = run_cli(*args, "-o", str(out))
    assert refused.exit_code == 2
    assert "power-list.yaml" in refused.stderr
    assert (out / "power-list.yaml").read_text(encoding="utf-8") == "changed\n"
    assert run_cli(*args, "-o", str(out), "--force").exit_code == 0
    assert (out / "power-list.yaml").read_text(encoding="utf-8").startswith("items:")


def test_without_output_prints_the_yaml_and_reports_on_stderr(run_cli):
    result = run_cli("import", str(FIXTURES / "messy-power-list.xlsx"), "-k", "power-list", "--data", str(DATA_2022))
    assert result.exit_code == 0
    assert result.stdout.startswith("# ---- power-list.yaml\n")
    assert "\nitems:\n  - id: nong-cun-cun-min-zhai-ji\n" in result.stdout
    assert "输出（未写入） 1 个文件" in result.stderr


def test_without_a_data_set_names_are_not_checked_and_it_says_so(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "-o", str(tmp_path / "out"))
    assert "QD703" not in result.stdout
    assert "部门和机构名称没有核对" in result.stdout
    text = (tmp_path / "out" / "matters" / "urban-rural.yaml").read_text(encoding="utf-8")
    assert "lead: zhu-jian-ju" in text and "- township" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-k", "cases"], "不能导入「cases」"),
        ([], "请用 --kind"),
        (["-k", "duty-list"], "--township"),
        (["-k", "matters", "--map", "备注说明=nope"], "没有字段「nope」"),
        (["-k", "matters", "--sheet", "没有这张表"], "没有名为「没有这张表」的工作表"),
        (["-k", "matters", "-f", "xml"], "报告格式"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run_cli, args, message):
    result = run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "--data", str(DATA_2022), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_map_puts_a_column_into_a_field(run_cli):
    result = run_cli(
        "import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "--data", str(DATA_2022),
        "--map", "备注说明=note",
    )  # fmt: skip
    assert "QD701" not in result.stderr
    assert "    note: 涉及农业农村部门审批\n" in result.stdout


def test_sheet_option_reads_only_that_sheet(run_cli):
    result = run_cli(
        "import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "--data", str(DATA_2022),
        "--sheet", "填表说明",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "填表说明  QD704" in result.stderr
    assert result.stdout == ""


# -- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts", "sure"),
    [
        ("1.负责甲；2.负责乙", ["负责甲。", "负责乙。"], True),
        ("1、负责甲;\n2、负责 乙。", ["负责甲。", "负责乙。"], True),
        ("1．负责甲；2．负责乙", ["负责甲。", "负责乙。"], True),
        ("（1）负责甲\n（2）负责乙", ["负责甲。", "负责乙。"], True),
        ("(1)负责甲(2)负责乙", ["负责甲(2)负责乙。"], True),  # "(2)" mid-sentence is not a number
        ("①负责甲；②负责乙", ["负责甲。", "负责乙。"], True),
        ("一、负责甲；二、负责乙", ["负责甲。", "负责乙。"], True),
        ("1.负责甲（1）子项；（2）子项；2.负责乙", ["负责甲（1）子项；（2）子项。", "负责乙。"], True),
        ("受理责任\n审查责任", ["受理责任。", "审查责任。"], True),
        ("负责耕地\n保护。", ["负责耕地保护。"], True),  # a stray line break
        ("2.负责甲；3.负责乙", ["2.负责甲；3.负责乙。"], False),
        ("乡镇职责：1.甲；2.乙", ["乡镇职责：", "甲。", "乙。"], False),
        ("负责, 巡查(村级)工作", ["负责，巡查（村级）工作。"], True),
        ("", [], True),
    ],
)
def test_split_list(text, parts, sure):
    split = cells.split_list(text)
    assert (split.parts, split.sure) == (parts, sure)


@pytest.mark.parametrize(
    ("text", "entries", "unparsed"),
    [
        (
            "《中华人民共和国土地管理法》第六十二条：农村村民一户只能拥有一处宅基地；《XX条例》第十条",
            [
                ("《中华人民共和国土地管理法》", "", "第六十二条", "农村村民一户只能拥有一处宅基地"),
                ("《XX条例》", "", "第十条", ""),
            ],
            [],
        ),
        (
            "1.《甲法》第三条第一款、第五条\n2.《乙办法》",
            [("《甲法》", "", "第三条第一款、第五条", ""), ("《乙办法》", "", "", "")],
            [],
        ),
        ("根据《甲法》第十条规定：依照《乙法》处理", [("《甲法》", "", "第十条", "依照《乙法》处理")], []),
        ("《甲法》、《乙法》", [("《甲法》", "", "", ""), ("《乙法》", "", "", "")], []),
        # the forms counties publish (DOMAIN.md): 文号 or promulgation note in brackets after the title
        (
            "《中华人民共和国城乡规划法》（2007年10月28日主席令第七十四号）第六十五条",
            [("《中华人民共和国城乡规划法》", "2007年10月28日主席令第七十四号", "第六十五条", "")],
            [],
        ),
        (
            "《浙江省人民政府办公厅关于加强安全生产工作的通知》（浙政办发〔2020〕15号）：三、强化日常监管。",
            [("《浙江省人民政府办公厅关于加强安全生产工作的通知》", "浙政办发〔2020〕15号", "", "三、强化日常监管。")],
            [],
        ),
        (
            "《…的通知》（皖办发[2021]28号）：24.强化日常监管。",
            [("《…的通知》", "皖办发〔2021〕28号", "", "24.强化日常监管。")],
            [],
        ),
        ("《某通知》（某政办发【2019】3号）", [("《某通知》", "某政办发〔2019〕3号", "", "")], []),
        ("《某通知》某政发（2019）3号", [("《某通知》", "某政发〔2019〕3号", "", "")], []),
        (
            "《条例》（1993年6月国务院令第116号）第三十七条",
            [("《条例》", "1993年6月国务院令第116号", "第三十七条", "")],
            [],
        ),
        ("《某办法》（试行）第三条", [("《某办法》（试行）", "", "第三条", "")], []),  # no 文号: part of the title
        (
            "《中华人民共和国安全生产法》第八十八条第一款第（三）项、第九十条",
            [("《中华人民共和国安全生产法》", "", "第八十八条第一款第（三）项、第九十条", "")],
            [],
        ),
        ("《甲法》第五条第二款第三项", [("《甲法》", "", "第五条第二款第三项", "")], []),
        # a title without 书名号, with a colon, a 文号 or an article after it
        (
            "国务院办公厅关于加快推进农作物秸秆综合利用的意见：严禁露天焚烧秸秆。",
            [("国务院办公厅关于加快推进农作物秸秆综合利用的意见", "", "", "严禁露天焚烧秸秆。")],
            [],
        ),
        (
            "中共中央办公厅、国务院办公厅关于某事的意见（中办发〔2017〕11号）：一、总体要求",
            [("中共中央办公厅、国务院办公厅关于某事的意见", "中办发〔2017〕11号", "", "一、总体要求")],
            [],
        ),
        ("中华人民共和国土地管理法第六十二条", [("中华人民共和国土地管理法", "", "第六十二条", "")], []),
        ("国务院关于某事的意见", [("国务院关于某事的意见", "", "", "")], []),
        # several documents: ；, line breaks and list numbers, with and without 书名号
        (
            "1.国务院关于某事的意见：第一段；2.《乙办法》第五条\n3.《丙条例》第二条",
            [
                ("国务院关于某事的意见", "", "", "第一段"),
                ("《乙办法》", "", "第五条", ""),
                ("《丙条例》", "", "第二条", ""),
            ],
            [],
        ),
        (
            "《关于印发〈某办法〉的通知》（某政发〔2019〕3号）",
            [("《关于印发〈某办法〉的通知》", "某政发〔2019〕3号", "", "")],
            [],
        ),
        # what cites nothing is kept whole and named
        ("见附件：《甲法》第一条", [("见附件", "", "", ""), ("《甲法》", "", "第一条", "")], ["见附件"]),
        ("按上级有关规定执行", [("按上级有关规定执行", "", "", "")], ["按上级有关规定执行"]),
        ("《甲法》第一条\n按上级要求执行", [("《甲法》", "", "第一条", "按上级要求执行")], []),
        ("", [], []),
    ],
)
def test_split_basis(text, entries, unparsed):
    got = cells.split_basis(text)
    parts = [(e["document"], e.get("number", ""), e.get("article", ""), e.get("excerpt", "")) for e in got.entries]
    assert (parts, got.unparsed, got.sure) == (entries, unparsed, not unparsed)
    assert all(list(e) == [k for k in ("document", "number", "article", "excerpt") if k in e] for e in got.entries)


@pytest.mark.parametrize(
    ("text", "contact", "more"),
    [
        ("周立新 0000-6120311", {"name": "周立新", "phone": "0000-6120311"}, []),
        ("联系人：周立新；电话：0000-6120311", {"name": "周立新", "phone": "0000-6120311"}, []),
        ("００００－６１２０３１１", {"phone": "0000-6120311"}, []),
        ("王五（0000）6120311/0000-1234567", {"name": "王五", "phone": "(0000)6120311"}, ["0000-1234567"]),
        ("张三", {"name": "张三"}, []),
    ],
)
def test_split_contact(text, contact, more):
    assert cells.split_contact(text) == (contact, more)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("  青岚市 农业农村局 ", "青岚市农业农村局"),
        ("负责巡查\n和报告", "负责巡查和报告"),
        ("发现问题, 及时报告; 跟踪处理", "发现问题，及时报告；跟踪处理"),
        ("Ｗｉ－Ｆｉ　ＡＢ１２", "Wi-Fi AB12"),
        ("村(社区)", "村（社区）"),
        ("GB 50016 标准", "GB 50016标准"),
    ],
)
def test_clean(text, clean):
    assert cells.clean(text) == clean


def test_group_titles_and_dates():
    assert [cells.group_title(t) for t in ("一、自然资源", "（一）党的建设", "第二部分 配合履职事项", "3．其他")] == [
        "自然资源",
        "党的建设",
        "配合履职事项",
        "其他",
    ]
    assert [cells.date(t) for t in ("2022年7月1日", "2022.7.1", "2022/07/01", "2022-07-01 00:00:00", "七月")] == [
        "2022-07-01",
        "2022-07-01",
        "2022-07-01",
        "2022-07-01",
        None,
    ]


# -- headers ---------------------------------------------------------------------------------

# every title variant the issue names, and the field it must land in
VARIANTS = {
    "matters": {
        "序号": SEQ,
        "事项名称": "name",
        "具体事项": "name",
        "牵头部门": "lead",
        "主体责任部门": "lead",
        "对应上级部门": "lead",
        "部门职责": "department_duties",
        "县级部门职责": "department_duties",
        "上级部门职责": "department_duties",
        "职责边界划分:县级部门": "department_duties",
        "乡镇（街道）职责": "township_duties",
        "镇街配合职责": "township_duties",
        "职责边界划分:乡镇(街道)": "township_duties",
        "职责边界划分：乡镇（街道）": "township_duties",
        "实施依据": "basis",
        "法律法规及文件依据": "basis",
        "联系人": "contact.name",
        "联系电话": "contact.phone",
        "联系人及电话": "contact",
    },
    "duty-list": {
        "事项名称": "name",
        "对应上级部门": "department",
        "上级部门职责": "department_duty",
        "镇街配合职责": "township_duty",
        "承接部门": "receiving_department",
        "工作方式": "working_method",
        "类别": "category",
    },
    "power-list": {
        "权力类型": "type",
        "项目编码": "code",
        "项目名称": "name",
        "子项": "sub_items",
        "实施依据": "basis",
        "责任事项": "responsibilities",
        "追责情形": "accountability",
    },
    "powers": {"权力类型": "type", "项目编码": "code", "原实施部门": "source", "赋权方式": "mode"},
    "duties": {"职责": "name", "方面": "area", "承担机构": "office"},
}


@pytest.mark.parametrize(("kind", "title", "field"), [(k, t, f) for k, v in VARIANTS.items() for t, f in v.items()])
def test_header_synonyms(kind, title, field):
    assert field_for(kind, title) == field


def test_header_titles_tolerate_spaces_and_line_breaks():
    assert field_for("matters", " 事项\n名称 ") == "name"
    assert field_for("matters", "主体责任部门（单位）") == "lead"
    assert field_for("matters", "备注说明") is None


def test_two_level_header_with_merged_cells_is_joined():
    grid = Grid(
        "表",
        [
            ["标题", "标题", "标题", "标题"],
            ["序号", "事项名称", "职责边界划分", "职责边界划分"],
            ["序号", "事项名称", "县级部门", "乡镇(街道)"],
            ["1", "养犬管理", "负责执法。", "负责宣传。"],
        ],
        {
            **{(1, c): Merge(1, 1, 1, 4) for c in range(1, 5)},
            **{(r, 1): Merge(2, 1, 3, 1) for r in (2, 3)},
            **{(r, 2): Merge(2, 2, 3, 2) for r in (2, 3)},
            **{(2, c): Merge(2, 3, 2, 4) for c in (3, 4)},
        },
    )
    header = find_header(grid, 1, "matters")
    assert (header.first, header.last) == (2, 3)
    assert [(c.title, c.field) for c in header.columns] == [
        ("序号", SEQ),
        ("事项名称", "name"),
        ("职责边界划分:县级部门", "department_duties"),
        ("职责边界划分:乡镇(街道)", "township_duties"),
    ]


def test_two_level_header_in_a_csv_without_merges():
    grid = Grid(
        "x.csv",
        [["序号", "事项名称", "职责边界划分", ""], ["", "", "县级部门", "乡镇(街道)"], ["1", "养犬管理", "甲", "乙"]],
    )
    header = find_header(grid, 1, "matters")
    assert [c.field for c in header.columns] == [SEQ, "name", "department_duties", "township_duties"]


def test_a_data_row_under_an_empty_header_cell_is_not_a_second_header_row():
    grid = Grid("x.csv", [["序号", "事项名称", ""], ["1", "养犬管理", "备用"]])
    header = find_header(grid, 1, "matters")
    assert (header.last, [(c.title, c.field) for c in header.columns][2]) == (1, ("C列", EXTRA))


def test_parse_map():
    assert parse_map(["责任 单位=lead", "科室=extra"], "matters") == {"责任单位": "lead", "科室": "extra"}
    with pytest.raises(QingdanError, match="没有字段「leader」"):
        parse_map(["责任单位=leader"], "matters")
    with pytest.raises(QingdanError, match="列名=字段"):
        parse_map(["责任单位"], "matters")


# -- departments -----------------------------------------------------------------------------


def test_department_index(sample):
    index = DepartmentIndex.from_dataset(sample)
    assert [
        index.match(n)
        for n in (
            "青岚市农业农村局",
            "市农业农村局",
            "农业农村局",
            "农业局",
            "市 自然资源和规划局",
            "生态环境局",
            "大数据局",
        )
    ] == ["agriculture", "agriculture", "agriculture", "agriculture", "natural-resources", "ecology", None]
    assert [index.party(n) for n in ("乡镇（街道）", "镇街", "乡镇人民政府", "住建局")] == [
        TOWNSHIP,
        TOWNSHIP,
        TOWNSHIP,
        "housing",
    ]
    assert index.match("乡镇") is None  # a department field never means the township


# -- reading files and sheets ----------------------------------------------------------------


def test_csv_encodings(tmp_path):
    text = "序号,事项名称\n1,养犬管理\n"
    for name, data in (("a.csv", text.encode()), ("b.csv", b"\xef\xbb\xbf" + text.encode())):
        (tmp_path / name).write_bytes(data)
        source = read_source(tmp_path / name)
        assert (source.encoding, source.grids[0].cells[1]) == ("", ["1", "养犬管理"])
    (tmp_path / "c.csv").write_bytes(text.encode("gb18030"))
    source = read_source(tmp_path / "c.csv")
    assert (source.encoding, source.grids[0].cells[1]) == ("gb18030", ["1", "养犬管理"])
    result = read(source, "matters")
    assert [(i.code, i.sheet) for i in result.issues] == [("QD706", "c.csv")]
    (tmp_path / "d.csv").write_bytes(b"\x81\x20\xff")
    with pytest.raises(QingdanError, match="既不是 UTF-8 也不是 GB18030"):
        read_source(tmp_path / "d.csv")
    (tmp_path / "e.xls").write_bytes(b"")
    with pytest.raises(QingdanError, match=r"另存为 \.xlsx"):
        read_source(tmp_path / "e.xls")


def _grid(rows: list[list[str]], merges: dict[tuple[int, int], Merge] | None = None, name: str = "表1") -> Source:
    return Source([Grid(name, rows, merges or {})])


def test_extra_columns_are_reported_once_and_kept_in_every_item(sample):
    source = _grid([["序号", "事项名称", "责任科室"], ["1", "甲事项", "一科"], ["2", "乙事项", "二科"]])
    result = read(source, "matters", sample)
    assert [(i.code, i.row, i.column) for i in result.issues] == [("QD701", 1, "责任科室")]
    items = result.files["matters/general.yaml"]["matters"]
    assert [m["extra"] for m in items] == [{"责任科室": "一科"}, {"责任科室": "二科"}]


def test_rows_groups_merges_and_ids(sample):
    rows = [
        ["序号", "事项名称", "主体责任部门"],
        ["一、自然资源", "一、自然资源", "一、自然资源"],
        ["1", "违法用地查处", "自然资源局"],
        ["2", "违法用地查处", "自然资源局"],  # merged lead cell; the same name twice
        ["", "", ""],
        ["3", "", "农业局"],
        ["二、农业农村", "", ""],
        ["4", "秸秆焚烧", "市农业农村局、市大数据局"],
    ]
    merges = {(2, c): Merge(2, 1, 2, 3) for c in (1, 2, 3)} | {(r, 3): Merge(3, 3, 4, 3) for r in (3, 4)}
    result = read(_grid(rows, merges), "matters", sample)
    assert (result.rows, result.items) == (4, 3)
    got = {p: [(m["id"], m.get("lead"), m.get("supporting")) for m in f["matters"]] for p, f in result.files.items()}
    assert got == {
        "matters/natural-resources.yaml": [
            ("wei-fa-yong-di-cha-chu", "natural-resources", None),
            ("wei-fa-yong-di-cha-chu-2", "natural-resources", None),
        ],
        # two leads in one cell: the first leads, the other supports (QD711 says so)
        "matters/agriculture.yaml": [("jie-gan-fen-shao", "agriculture", ["da-shu-ju-ju"])],
    }
    assert result.files["matters/agriculture.yaml"]["domain"] == {"id": "agriculture", "name": "农业农村", "order": 2}
    assert [(i.code, i.row) for i in result.issues] == [("QD702", 6), ("QD703", 8), ("QD711", 8)]


def test_lead_cells_name_supporting_parties(sample):
    rows = [
        ["事项名称", "牵头部门", "配合部门"],
        ["甲", "市自然资源和规划局（牵头）、市水利局", ""],
        ["乙", "牵头：住建局；配合：乡镇（街道）", "市应急管理局"],
    ]
    result = read(_grid(rows, name="城乡建设"), "matters", sample)
    items = result.files["matters/urban-rural.yaml"]["matters"]  # the sheet's name is the domain
    assert [(m["lead"], m["supporting"]) for m in items] == [
        ("natural-resources", ["water"]),
        ("housing", ["township", "emergency"]),
    ]


def test_duty_list_sections_in_one_sheet_each_with_its_own_header(sample):
    rows = [
        ["鹤坪镇履行职责事项清单", "", "", ""],
        ["一、基本履职事项", "", "", ""],
        ["序号", "事项名称", "", ""],
        ["（一）党的建设", "", "", ""],
        ["1", "落实党建责任", "", ""],
        ["二、配合履职事项", "", "", ""],
        ["序号", "事项名称", "对应上级部门", "镇街配合职责"],
        ["1", "养犬管理", "综合执法局", "负责宣传。"],
        ["三、上级部门收回事项", "", "", ""],
        ["序号", "事项名称", "承接部门", "工作方式"],
        ["1", "企业投资项目核准", "发改局", "镇做好信息推送"],
    ]
    result = read(_grid(rows), "duty-list", sample, township="鹤坪镇")
    data = result.files["duty-lists/heping.yaml"]
    assert list(data) == ["township", "basic", "supporting", "reclaimed"]
    assert data["basic"] == [{"id": "luo-shi-dang-jian-ze-ren", "category": "党的建设", "name": "落实党建责任"}]
    assert (data["supporting"][0]["department"], data["reclaimed"][0]["receiving_department"]) == (
        "enforcement",
        "development-reform",
    )
    assert result.issues == []


def test_power_list_group_rows_give_the_type(sample):
    rows = [
        ["序号", "权力类型", "项目名称", "子项"],
        ["一、行政许可", "", "", ""],
        ["1", "", "宅基地审批", "（1）新建；（2）翻建"],
        ["2", "强制", "查封工具", ""],
        ["3", "备案", "某某备案", ""],
    ]
    result = read(_grid(rows), "power-list", sample)
    items = result.files["power-list.yaml"]["items"]
    assert [(i["type"], i.get("sub_items")) for i in items] == [
        ("license", ["新建。", "翻建。"]),
        ("coercion", None),
        ("other", None),
    ]
    assert items[2]["extra"] == {"权力类型": "备案"}
    assert [(i.code, i.row, i.column) for i in result.issues] == [("QD705", 5, "权力类型")]


def test_workbook_merges_and_title_rows_become_comments(tmp_path, sample):
    wb = Workbook()
    ws = wb.active
    ws.append(["青岚市乡镇职责清单"])
    ws.append(["序号", "职责", "承担机构"])
    ws.append(["一、经济发展"])
    ws.append([1, "负责拟订经济发展规划。", "经济发展办公室"])
    ws.append([2, "负责招商引资。", None])
    ws.merge_cells("A1:C1")
    ws.merge_cells("A3:C3")
    ws.merge_cells("C4:C5")
    wb.save(tmp_path / "duties.xlsx")
    result = read(read_source(tmp_path / "duties.xlsx"), "duties", sample)
    data = result.files["duties.yaml"]
    assert data["areas"] == [{"id": "economy", "name": "经济发展"}]
    assert [(d["id"], d["area"], d.get("office")) for d in data["duties"]] == [
        ("ni-ding-jing-ji-fa-zhan", "economy", "economic-office"),
        ("zhao-shang-yin-zi", "economy", "economic-office"),
    ]
    assert result.comments["duties.yaml"] == ["青岚市乡镇职责清单"]


def test_a_published_list_reads_back_as_a_foreign_workbook(run_cli, tmp_path, sample):
    """The 属地管理 list as render publishes it (group rows, 配合： lines, 联系人 cells) is a realistic sheet."""
    out = tmp_path / "xlsx"
    assert run_cli("render", str(DATA_2022), "--to", "xlsx", "-d", "responsibility-list", "-o", str(out)).exit_code == 0
    (workbook,) = out.glob("*.xlsx")
    result = read(read_source(workbook), "matters", sample)  # not through is_rendered: as if typed by hand
    by_name = {m.name: m for m in sample.matters}
    got = [
        (m["name"], tuple(m["lead"] if isinstance(m["lead"], list) else [m["lead"]]), tuple(m.get("supporting", ())))
        for f in result.files.values()
        for m in f["matters"]
    ]
    want = [(name, by_name[name].leads, by_name[name].supporting) for name, _, _ in got]
    assert (len(got), sorted(name for name, _, _ in got)) == (len(sample.matters), sorted(by_name))
    assert got == want
    # a published workbook has no hidden columns: nothing arrives in extra, nothing is reported
    assert [m for f in result.files.values() for m in f["matters"] if "extra" in m] == []
    assert [i.code for i in result.issues] == []
