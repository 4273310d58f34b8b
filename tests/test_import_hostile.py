"""Hostile and broken files given to `qingdan import` (issue 14): each ends in a coded finding or a clear exit-2
message naming the file and where in it, under 5 s of processor time and 500 MB, never an internal error.

Every file is a real-looking list with one mutation (tests/fixtures/import/make_hostile.py): the messy
属地管理 list `matters-old.xlsx` (.ods, the Word attachment), or the 2022 sample's responsibility list as
`qingdan render --to xlsx --editable` writes it, which `qingdan import` reads back another way. Bombs are
built at test time, in chunks, and only ever opened by a child process under the caps (tests/hostile_import.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import REPO, SAMPLES
from hostile_import import run_bounded

sys.path.insert(0, str(REPO / "tests" / "fixtures" / "import"))
import make_hostile  # a fixture builder beside the import fixtures, not a package

DATA = SAMPLES / "2022"
EPOCH = 1_740_787_200
RESPONSIBILITY = "青岚市乡镇（街道）属地管理事项主体责任和配合责任清单"


@pytest.fixture(scope="module")
def editable(tmp_path_factory) -> Path:
    """The 2022 sample's responsibility list as an editable (round-trip) workbook."""
    from qingdan.loader import load_dataset
    from qingdan.project import Project
    from qingdan.render import environment, render_files
    from qingdan.resources import shipped_dir

    dataset = load_dataset(Project.discover(DATA))[0]
    files = render_files(dataset, "xlsx", environment(shipped_dir("templates")), epoch=EPOCH, editable=True)
    path = tmp_path_factory.mktemp("editable") / "responsibility-list.xlsx"
    path.write_bytes(files["responsibility-list.xlsx"])
    return path


def _import(path: Path, *args: str):
    return run_bounded("import", str(path), "--kind", "matters", "--data", str(DATA), *args)


def _refused(path: Path, *fragments: str, args: tuple[str, ...] = ()) -> None:
    run = _import(path, *args)
    assert run.code == 2, run
    message = run.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"qingdan: 「{path.name}」") or f"「{path.name}」" in message, message
    for fragment in fragments:
        assert fragment in message, message


# -- memory: zip bombs, cells far away, merged ranges -------------------------------------------


@pytest.mark.parametrize("source", ["messy", "editable"])
def test_one_far_away_cell_is_refused_naming_the_sheet(tmp_path, editable, source):
    src = make_hostile.MATTERS if source == "messy" else editable
    sheet = "属地管理事项清单" if source == "messy" else RESPONSIBILITY
    path = make_hostile.far_cell(tmp_path / "far.xlsx", src)
    _refused(path, f"「{sheet}」有 1048576 行 × 16384 列，超过导入的上限（500 万个单元格）")


@pytest.mark.parametrize("source", ["messy", "editable"])
def test_a_zip_bomb_of_empty_cells_is_refused_before_it_is_parsed(tmp_path, editable, source):
    src = make_hostile.MATTERS if source == "messy" else editable
    path = make_hostile.cell_bomb(tmp_path / "bomb.xlsx", src)  # 160 MB of sheet XML in a few hundred KB
    assert path.stat().st_size < 400_000
    _refused(path, "部件「xl/worksheets/sheet1.xml」存了超过 500 万个单元格，超过导入的上限")


@pytest.mark.parametrize("source", ["messy", "editable"])
def test_merged_ranges_a_whole_row_wide_cost_nothing(tmp_path, editable, source):
    src = make_hostile.MATTERS if source == "messy" else editable
    path = make_hostile.merge_bomb(tmp_path / "merges.xlsx", src)  # 20,000 ranges of 16,384 cells each
    run = _import(path)
    assert run.code == 0, run
    assert "生成" in run.stderr


def test_more_merged_ranges_than_a_list_has_are_refused(tmp_path):
    path = make_hostile.many_merges(tmp_path / "merges.xlsx")
    _refused(path, "部件「xl/worksheets/sheet1.xml」有超过 100000 个合并单元格，超过导入的上限")


def test_a_part_that_unpacks_to_more_than_it_declares_is_refused(tmp_path):
    path = make_hostile.lying_size(tmp_path / "lying.xlsx")
    _refused(path, "文件已损坏或没有下载完整")


# -- XML: broken parts, entities -------------------------------------------------------------------


@pytest.mark.parametrize("source", ["messy", "editable"])
def test_broken_sheet_xml_is_refused_naming_the_sheet(tmp_path, editable, source):
    src = make_hostile.MATTERS if source == "messy" else editable
    sheet = "属地管理事项清单" if source == "messy" else RESPONSIBILITY
    path = make_hostile.broken(tmp_path / "broken.xlsx", src)
    _refused(path, f"工作表「{sheet}」已损坏", "另存为 .xlsx")


ENTITY_CASES = [
    ("laughs.xlsx", "matters", make_hostile.SHEET, make_hostile.laughs),
    ("external.xlsx", "matters", make_hostile.SHEET, make_hostile.external),
    ("laughs.docx", "docx", "word/document.xml", make_hostile.laughs),
    ("external.docx", "docx", "word/document.xml", make_hostile.external),
    ("laughs.ods", "ods", "content.xml", make_hostile.laughs),
    ("external.ods", "ods", "content.xml", make_hostile.external),
    ("laughs-editable.xlsx", "editable", make_hostile.SHEET, make_hostile.laughs),
]


@pytest.mark.parametrize(("name", "source", "part", "build"), ENTITY_CASES, ids=[c[0] for c in ENTITY_CASES])
def test_entities_are_never_expanded(tmp_path, editable, name, source, part, build):
    src = {"matters": make_hostile.MATTERS, "docx": make_hostile.DOCX, "ods": make_hostile.ODS}.get(source, editable)
    path = build(tmp_path / name, src, part)
    args = ("--kind", "duty-list", "--township", "heping") if source == "docx" else ()
    run = run_bounded("import", str(path), *(args or ("--kind", "matters")), "--data", str(DATA))
    assert run.code == 2, run
    assert f"「{name}」的部件「{part}」声明了 XML 实体（DOCTYPE）" in run.stderr, run
    assert "root:" not in run.stdout + run.stderr  # nothing of /etc/passwd


def test_openpyxl_parses_with_defusedxml():
    import openpyxl
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")


# -- CSV --------------------------------------------------------------------------------------------


def test_a_csv_field_past_the_limit_is_refused_with_its_line(tmp_path):
    path = make_hostile.csv_long_field(tmp_path / "long.csv")
    _refused(path, "第 2 行起有一格超过 131072 个字符")


def test_an_unbalanced_quote_does_not_merge_the_rows_below(tmp_path):
    path = make_hostile.csv_unbalanced(tmp_path / "unbalanced.csv")
    run = run_bounded("import", str(path), "--kind", "matters", "--data", str(DATA), "-o", str(tmp_path / "out"))
    assert run.code == 1, run
    found = [line for line in run.stdout.splitlines() if "QD717" in line]  # with -o the report is on stdout
    assert [line.split()[0] for line in found] == ["unbalanced.csv!2", "unbalanced.csv!3"], run.stdout
    assert "引号闭合后紧跟着别的文字" in found[0] and "开头的引号到文件末尾都没有闭合" in found[1]
    text = (tmp_path / "out" / "matters" / "general.yaml").read_text(encoding="utf-8")
    names = [line.split("name: ", 1)[1] for line in text.splitlines() if line.startswith("    name: ")]
    # every row its own matter, each quote kept as written
    assert names == ['"\\"两违\\"整治"', '"\\"养犬监管"', "秸秆禁烧监管", "农村建房巡查"]


def test_a_quoted_cell_that_runs_over_a_numbered_row_is_not_taken(tmp_path):
    path = tmp_path / "closed-later.csv"
    path.write_text(
        '序号,事项名称,主体责任部门\n1,"养犬监管,市公安局\n2,秸秆禁烧监管",市农业农村局\n3,农村建房巡查,市自然资源和规划局\n',
        encoding="utf-8",
    )
    run = _import(path)
    assert run.code == 1, run
    assert "closed-later.csv!2  QD717 错误 这一行的引号没有配对（引号里的文字跨到了下面编了号的行）" in run.stderr
    assert run.stdout.count("  - id: ") == 3


def test_a_multi_line_cell_in_quotes_stays_one_cell(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(
        '序号,事项名称,乡镇（街道）职责\n1,养犬监管,"1.负责宣传劝导；\n2.负责发现问题及时报告。"\n2,秸秆禁烧监管,负责网格巡查\n',
        encoding="utf-8",
    )
    run = _import(path)
    assert run.code == 0, run
    assert "QD717" not in run.stderr
    assert run.stdout.count("  - id: ") == 2


# -- formulas -------------------------------------------------------------------------------------


def test_formula_cells_keep_their_saved_value_or_else_their_formula(tmp_path):
    path = make_hostile.formulas(tmp_path / "formulas.xlsx")
    run = _import(path)
    assert run.code == 0, run
    lines = run.stderr.splitlines()
    assert any(
        line.startswith(
            "属地管理事项清单  QD719 提示 有 2 个单元格是公式（如 A6「=ROW()-5」），按 Excel 保存的计算结果导入"
        )
        for line in lines
    ), run.stderr
    assert any(
        line.startswith('属地管理事项清单!7  QD720 警告 B7 是公式「="秸秆露天焚烧"&"监管"」，文件里没有它的计算结果')
        for line in lines
    ), run.stderr
    assert 'name: ="秸秆露天焚烧"&"监管"' in run.stdout  # the row is imported, under its formula, not dropped
    assert "QD702" not in run.stderr


# -- nothing read ------------------------------------------------------------------------------------


def test_a_sheet_that_is_not_recognised_is_said_and_exits_1(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["青岚市政务服务事项目录"])
    ws.append(["编号", "项目", "办理单位", "承诺时限"])  # a list of another kind: nothing here is a matter's column
    ws.append([1, "个体工商户登记", "市市场监督管理局", "3个工作日"])
    wb.save(tmp_path / "other.xlsx")
    run = _import(tmp_path / "other.xlsx")
    assert run.code == 1, run
    (line,) = [x for x in run.stderr.splitlines() if "QD718" in x]
    assert line.startswith(
        "Sheet1  QD718 错误 认不出表头，什么也没有导入：开头几行是 「青岚市政务服务事项目录」；「编号」「项目」"
    ), line
    assert "--map 列名=字段" in line
    assert "跳过工作表" not in run.stderr  # said once, as the error


def test_a_header_without_rows_is_said_and_exits_1(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("序号,事项名称,主体责任部门\n", encoding="utf-8")
    run = _import(path)
    assert run.code == 1, run
    assert "empty.csv  QD718 错误 表头在第 1 行，下面没有一行事项，什么也没有导入" in run.stderr


# -- who: a yes-mark is not a department ----------------------------------------------------------------


def test_a_tick_or_yes_in_a_party_column_is_said_and_never_becomes_an_id(tmp_path):
    path = tmp_path / "ticks.csv"
    path.write_text(
        "序号,事项名称,主体责任,配合责任,县级部门\n"
        "1,养犬监管,是,,市公安局\n"
        "2,秸秆禁烧监管,,√,市农业农村局\n"
        "3,燃气安全巡查,否,是,市住房和城乡建设局\n",
        encoding="utf-8",
    )
    run = _import(path)
    assert run.code == 0, run
    found = sorted(line.split("  ")[0] for line in run.stderr.splitlines() if "QD710" in line)
    assert found == ["ticks.csv!2 主体责任", "ticks.csv!3 配合责任", "ticks.csv!4 配合责任"], run.stderr
    assert "「是」是勾选的标记，不是部门或乡镇：只说这一行有主体责任，没有说是谁" in run.stderr
    assert "QD703" not in run.stderr  # not an unknown department either
    for invented in ("lead:", "supporting:", ": shi", "- shi", ": fou"):
        assert invented not in run.stdout, run.stdout
    assert "主体责任: 是" in run.stdout and "主体责任: 否" in run.stdout  # kept as written


# -- the round trip: a workbook whose hidden parts were edited -------------------------------------------


@pytest.fixture(scope="module")
def township_workbook(tmp_path_factory) -> Path:
    """The 2022 sample's office table of 鹤坪镇 as an editable workbook: leaders, counterparts, staffing."""
    from qingdan.loader import load_dataset
    from qingdan.project import Project
    from qingdan.render import environment, render_files
    from qingdan.resources import shipped_dir

    dataset = load_dataset(Project.discover(DATA))[0]
    files = render_files(dataset, "xlsx", environment(shipped_dir("templates")), epoch=EPOCH, editable=True)
    path = tmp_path_factory.mktemp("township") / "office-table-heping.xlsx"
    path.write_bytes(files["office-table-heping.xlsx"])
    return path


TAMPERED = [
    ("file", lambda v: [1, None, True], "应是映射"),
    ("sheet", lambda v: [1, None, True], "应是映射"),
    ("group", lambda v: [1, None, True], "应是映射"),
    ("row", lambda v: [1, None, True], "应是映射"),
    ("names", lambda v: [1, None, True], "应是映射"),
    ("row", lambda v: {**v, "index": "3"}, "$.index应是整数"),
    ("names", lambda v: {**v, "departments": [[1, "x", "y"]]}, "$.departments[0][0]应是文字"),
    ("file", lambda v: {**v, "path": "../../../home/x.yaml"}, "$.path应是清单文件夹里的相对路径"),
    ("row", lambda v: {**v, "file": 7}, "指向第 8 个文件，只有 1 个"),
    ("row", lambda v: {**v, "list": "__class__"}, "「__class__」不是这份清单的一部分"),
]


@pytest.mark.parametrize(("key", "change", "said"), TAMPERED, ids=[f"{k}-{s}" for k, _, s in TAMPERED])
def test_a_tampered_hidden_sheet_is_refused_naming_the_entry(tmp_path, township_workbook, key, change, said):
    path, row = make_hostile.tamper_meta(township_workbook, tmp_path / "tampered.xlsx", key, change)
    run = run_bounded("import", str(path), "--data", str(DATA))
    assert run.code == 2, run
    message = run.stderr.strip()
    assert message.startswith("qingdan: 「tampered.xlsx」的「qingdan」工作表"), message
    assert said in message, message
    if "指向" not in said and "不是这份清单" not in said:
        assert f"工作表第 {row} 行（{key}）被改过" in message, message


def test_hidden_cells_of_any_json_read_back_without_an_internal_error(tmp_path, township_workbook):
    from openpyxl import load_workbook

    wb = load_workbook(township_workbook)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[3]]
    first = header.index("标识") + 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, first).value)  # an office's row
    odd = ["[1,null,true]", "[" * 5000 + "]" * 5000, "{}", "1"]
    for col, value in zip(range(first + 1, first + 1 + len(odd)), odd, strict=True):
        ws.cell(row, col).value = value
    # an edited 分管领导 cell: the leaders' oversees are rewritten
    ws.cell(row, header.index("分管领导") + 1).value = "李四（副镇长）"
    wb.save(tmp_path / "cells.xlsx")
    path, _ = make_hostile.tamper_meta(
        tmp_path / "cells.xlsx",
        tmp_path / "tampered.xlsx",
        "file",
        lambda v: {**v, "data": {**v["data"], "leaders": [{"name": "李四", "post": "副镇长", "oversees": 5}, 3]}},
    )
    run = run_bounded("import", str(path), "--data", str(DATA))
    assert run.code in (0, 1), run
    assert "oversees: 5" in run.stdout  # a leader as the schema does not have it is left as the file had it
