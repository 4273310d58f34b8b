"""The xlsx round trip: `qingdan render --to xlsx`, then `qingdan import` gives back the same data.

Unchanged, every source file a workbook shows comes back equal (values, types, key order).
Edited in Excel, the edits arrive and what the hidden columns can no longer vouch for is reported.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from conftest import EDITIONS, SAMPLES, write_project
from qingdan.errors import QingdanError
from qingdan.importer.result import ImportResult
from qingdan.importer.workbook import is_rendered, read
from qingdan.loader import load_dataset
from qingdan.project import MANIFEST, Project
from qingdan.render import environment, render_files
from qingdan.render.documents import KINDS
from qingdan.resources import shipped_dir
from qingdan.source import parse
from qingdan.xlsx_contract import DERIVED, ID_HEADER, LEADER, SOURCES, decode, encode

EPOCH = 1_740_787_200
SHOWN_KINDS = {"matters", "duties", "duty-list", "township", "powers", "power-list"}
RESPONSIBILITY = "青岚市乡镇（街道）属地管理事项主体责任和配合责任清单"


def _render(root: Path, out: Path, **options: Any) -> dict[str, Path]:
    dataset = load_dataset(Project.discover(root))[0]
    files = render_files(dataset, "xlsx", environment(shipped_dir("templates")), epoch=EPOCH, editable=True, **options)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths[name] = out / name
    return paths


def _import_all(paths: dict[str, Path], dataset=None) -> ImportResult:
    merged = ImportResult()
    for name, path in sorted(paths.items()):
        if name.startswith(tuple(DERIVED)):
            continue
        result = read(path, dataset)
        assert not set(result.files) & set(merged.files), name  # no file comes from two workbooks
        merged.files.update(result.files)
        merged.kinds.update(result.kinds)
        merged.issues += result.issues
        merged.items += result.items
    return merged


def _original(root: Path, rel: str) -> Any:
    return parse((root / rel).read_text(encoding="utf-8")).data


def _exact(value: Any) -> str:
    """Values, types and key order in one string."""
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    root = SAMPLES / request.param
    return root, _render(root, tmp_path_factory.mktemp(request.param))


def test_the_xlsx_round_trip_of_the_whole_sample_is_lossless(edition):
    root, paths = edition
    dataset = load_dataset(Project.discover(root))[0]
    result = _import_all(paths)
    for rel, data in result.files.items():
        original = _original(root, rel)
        assert data == original, rel
        assert _exact(data) == _exact(original), rel  # key order and types too
    kinds = {d.file: d.kind for d in dataset.documents}
    shown = {rel for rel, kind in kinds.items() if kind in SHOWN_KINDS}
    assert set(result.files) == shown  # no source file silently left out
    assert result.kinds == {rel: kinds[rel] for rel in shown}
    assert set(kinds) - set(result.files) == {MANIFEST, "departments.yaml", "structures.yaml", "cases.yaml"}
    assert {kinds[rel] for rel in set(kinds) - set(result.files)} == {"edition", "departments", "structures", "cases"}
    assert result.issues == []
    records = sum(len(v) for d in result.files.values() for k, v in d.items() if isinstance(v, list) and k != "areas")
    leaders = sum(len(d.get("leaders", ())) for d in result.files.values())
    assert result.items == records - leaders > 0


def test_every_workbook_says_it_was_rendered(edition):
    _, paths = edition
    assert all(is_rendered(p) for p in paths.values())


def test_other_workbooks_are_not_taken_for_rendered_ones(tmp_path):
    plain = tmp_path / "plain.xlsx"
    wb = Workbook()
    wb.active.title = "qingdan"
    wb.properties.creator = "someone"
    wb.save(plain)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a zip", encoding="utf-8")
    assert (is_rendered(plain), is_rendered(text), is_rendered(tmp_path / "missing.xlsx")) == (False, False, False)
    with pytest.raises(QingdanError, match="不是 qingdan render 生成的工作簿"):
        read(plain)


# -- edits made in Excel ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_2025(tmp_path_factory) -> dict[str, Path]:
    return _render(SAMPLES / "2025", tmp_path_factory.mktemp("r2025"))


def test_a_department_view_is_refused_naming_the_lists_to_import(rendered_2025):
    views = [p for name, p in rendered_2025.items() if name.startswith("department-view-")]
    assert views
    for view in views:
        with pytest.raises(QingdanError) as caught:
            read(view)
        assert "不能导入" in str(caught.value), view.name
        assert "performance-list-heping.xlsx" in str(caught.value) or "performance-list-lanqiao.xlsx" in str(
            caught.value
        )


def _columns(ws: Worksheet) -> dict[str, int]:
    return {c.value: c.column for c in ws[3] if c.value}


def _shift_rows(ws: Worksheet, row: int, amount: int) -> None:
    """Insert (amount > 0) or delete rows at `row` as Excel does: merged ranges below move along."""
    below = [CellRange(str(m)) for m in ws.merged_cells.ranges if m.min_row >= row]
    for cells in below:
        ws.unmerge_cells(cells.coord)
    if amount > 0:
        ws.insert_rows(row, amount)
    else:
        ws.delete_rows(row, -amount)
    for cells in below:
        cells.shift(0, amount)
        ws.merge_cells(cells.coord)


def _row_of(ws: Worksheet, record_id: str) -> int:
    column = _columns(ws)[ID_HEADER]
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, column).value == record_id)


def _matter(result: ImportResult, matter_id: str) -> dict[str, Any]:
    return next(m for d in result.files.values() for m in d["matters"] if m["id"] == matter_id)


def _issues(result: ImportResult) -> list[tuple[str, str, int, str]]:
    return [(i.code, i.sheet, i.row, i.column) for i in result.issues]


def test_edits_in_the_responsibility_list_arrive(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["responsibility-list.xlsx"])
    ws = wb[RESPONSIBILITY]
    col, r = _columns(ws), _row_of(ws, "farmland-protection")
    ws.cell(r, col["事项名称"]).value = "耕地保护监督管理"
    duties = ws.cell(r, col["部门职责"]).value.split("\n")
    duties[1] = "2. 负责耕地占补平衡的统筹管理。"
    ws.cell(r, col["部门职责"]).value = "\n".join(duties)
    parties = ws.cell(r, col["主体责任部门"]).value.split("\n")
    ws.cell(r, col["主体责任部门"]).value = "\n".join(["青岚市农业农村局", *parties[1:]])
    basis = ws.cell(r, col["依据"]).value.split("\n")
    ws.cell(r, col["依据"]).value = "\n".join([basis[0].replace("土地管理法", "土地管理法实施条例"), *basis[1:]])
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    original = _matter(read(rendered_2025["responsibility-list.xlsx"]), "farmland-protection")
    result = read(edited)
    matter = _matter(result, "farmland-protection")
    assert matter["name"] == "耕地保护监督管理"
    assert matter["department_duties"][1] == "负责耕地占补平衡的统筹管理。"
    assert matter["department_duties"][0] == original["department_duties"][0]
    assert matter["lead"] == "agriculture"
    assert matter["supporting"] == original["supporting"]
    # the cell prints the whole entry, so the edited line keeps its excerpt; unchanged lines stay as they were
    assert matter["basis"][0] == {**original["basis"][0], "document": "《中华人民共和国土地管理法实施条例》"}
    assert matter["basis"][1:] == original["basis"][1:]
    assert "excerpt" in original["basis"][0]
    untouched = ("id", "township_duties", "township_office", "contact")
    assert {k: matter[k] for k in untouched} == {k: original[k] for k in untouched}
    assert list(matter) == list(original)  # key order
    assert _issues(result) == [
        ("QD707", RESPONSIBILITY, r, "主体责任部门"),
        ("QD707", RESPONSIBILITY, r, "依据"),
    ]
    assert "不再使用" not in result.issues[1].message  # nothing the hidden value knew is dropped
    others = read(rendered_2025["responsibility-list.xlsx"]).files
    for rel, data in result.files.items():
        if rel != "matters/natural-resources.yaml":
            assert data == others[rel], rel


def test_a_changed_contact_name_drops_the_unit(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["responsibility-list.xlsx"])
    ws = wb[RESPONSIBILITY]
    col, r = _columns(ws), _row_of(ws, "farmland-protection")
    ws.cell(r, col["联系人及电话"]).value = "王五\n0000-6129999"
    wb.save(tmp_path / "contact.xlsx")
    result = read(tmp_path / "contact.xlsx")
    assert _matter(result, "farmland-protection")["contact"] == {"name": "王五", "phone": "0000-6129999"}
    assert [(i.code, i.column) for i in result.issues] == [("QD707", "联系人及电话")]
    assert "联系人单位" in result.issues[0].message


def test_a_row_added_without_an_id_becomes_a_new_record(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["responsibility-list.xlsx"])
    ws = wb[RESPONSIBILITY]
    col = _columns(ws)
    r = _row_of(ws, "farmland-protection") + 1
    _shift_rows(ws, r, 1)
    ws.cell(r, col["事项名称"]).value = "农村自建房安全管理"
    ws.cell(r, col["主体责任部门"]).value = "青岚市住房和城乡建设局\n配合：乡镇（街道）"
    ws.cell(r, col["部门职责"]).value = "1. 负责制定农村自建房安全管理办法。\n2. 组织开展安全隐患排查。"
    ws.cell(r, col["依据"]).value = "《中华人民共和国建筑法》第七条"
    ws.cell(r, col["联系人及电话"]).value = "张三\n0000-6120000"
    wb.save(tmp_path / "added.xlsx")

    result = read(tmp_path / "added.xlsx")
    matters = result.files["matters/natural-resources.yaml"]["matters"]
    ids = [m["id"] for m in matters]
    new = matters[ids.index("farmland-protection") + 1]  # right after the row above it
    assert new == {
        "id": "nong-cun-zi-jian-fang-an",
        "name": "农村自建房安全管理",
        "lead": "housing",
        "supporting": ["township"],
        "department_duties": ["负责制定农村自建房安全管理办法。", "组织开展安全隐患排查。"],
        "basis": [{"document": "《中华人民共和国建筑法》", "article": "第七条"}],
        "contact": {"name": "张三", "phone": "0000-6120000"},
    }
    assert _issues(result) == [("QD707", RESPONSIBILITY, r, "")]
    assert "nong-cun-zi-jian-fang-an" in result.issues[0].message
    original = _original(SAMPLES / "2025", "matters/natural-resources.yaml")["matters"]
    assert [m for m in matters if m is not new] == original


def test_a_row_moved_to_another_domain_moves_file(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["responsibility-list.xlsx"])
    ws = wb[RESPONSIBILITY]
    r = _row_of(ws, "farmland-protection")
    values = [c.value for c in ws[r]]
    _shift_rows(ws, r, -1)
    end = ws.max_row + 1  # the last group is 农业农村
    for c, value in enumerate(values, start=1):
        ws.cell(end, c).value = value
    wb.save(tmp_path / "moved.xlsx")
    result = read(tmp_path / "moved.xlsx")
    assert "farmland-protection" not in [m["id"] for m in result.files["matters/natural-resources.yaml"]["matters"]]
    moved = result.files["matters/agriculture.yaml"]["matters"][-1]
    assert moved == _matter(read(rendered_2025["responsibility-list.xlsx"]), "farmland-protection")
    assert [(i.code, i.row) for i in result.issues] == [("QD707", end)]
    assert "matters/agriculture.yaml" in result.issues[0].message


def test_edits_in_the_office_table_reach_leaders_staffing_and_counterparts(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["office-table-heping.xlsx"])
    ws = wb.worksheets[0]
    col = _columns(ws)
    r, other = _row_of(ws, "party-gov-office"), _row_of(ws, "party-building-office")
    before = (ws.cell(r, col["分管领导"]).value, ws.cell(other, col["分管领导"]).value)
    ws.cell(r, col["分管领导"]).value = before[1]
    ws.cell(r, col["编制"]).value = "行政 核定9 实有7\n中层职数 3"
    ws.cell(r, col["对口部门"]).value = "市政府办\n农业农村局"
    wb.save(tmp_path / "office.xlsx")

    result = read(tmp_path / "office.xlsx")
    township = result.files["townships/heping.yaml"]
    original = _original(SAMPLES / "2025", "townships/heping.yaml")
    office = township["offices"][0]
    assert office["counterparts"] == ["gov-office", "agriculture"]
    assert office["staffing"] == {"administrative": {"approved": 9, "actual": 7}, "middle_posts": 3}
    oversees = {p["name"]: p.get("oversees") for p in township["leaders"]}
    was = {p["name"]: p.get("oversees") for p in original["leaders"]}
    old_name, new_name = (text.split("（")[0] for text in before)
    assert oversees[old_name] == [u for u in was[old_name] if u != "party-gov-office"]
    assert oversees[new_name] == [*was[new_name], "party-gov-office"]
    assert {k: v for k, v in oversees.items() if k not in (old_name, new_name)} == {
        k: v for k, v in was.items() if k not in (old_name, new_name)
    }
    assert township["offices"][1:] == original["offices"][1:]
    assert sorted(i.column for i in result.issues) == ["分管领导", "对口部门", "编制"]


def test_a_staffing_cell_shows_the_approved_posts_and_an_edit_keeps_the_actual_staff(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["office-table-heping.xlsx"])
    ws = wb.worksheets[0]
    r = _row_of(ws, "party-gov-office")
    cell = ws.cell(r, _columns(ws)["编制"])
    assert cell.value == "行政 核定8\n事业 核定3\n中层职数 2"  # 实有 is internal: in the hidden staffing column only
    cell.value = "行政 核定9\n事业 核定3\n中层职数 2"
    wb.save(tmp_path / "office.xlsx")
    result = read(tmp_path / "office.xlsx")
    office = result.files["townships/heping.yaml"]["offices"][0]
    original = _original(SAMPLES / "2025", "townships/heping.yaml")["offices"][0]["staffing"]
    assert office["staffing"] == {**original, "administrative": {"approved": 9, "actual": 8}}
    assert [(i.code, i.column) for i in result.issues] == [("QD707", "编制")]


def test_the_internal_notice_on_every_sheet_reads_back_as_nothing(rendered_2025):
    for name, path in rendered_2025.items():
        wb = load_workbook(path)
        tables = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert tables and all(ws["A2"].value.startswith("内部编辑用，含内部字段，不得公开发布") for ws in tables), name


def test_a_published_workbook_reads_as_a_plain_sheet_and_says_how_to_read_back_exactly(tmp_path, run_cli):
    out = tmp_path / "published"
    assert (
        run_cli("render", str(SAMPLES / "2025"), "--to", "xlsx", "-o", str(out), "--township", "heping").exit_code == 0
    )
    book = out / "responsibility-list.xlsx"
    assert not is_rendered(book)
    result = run_cli("import", str(book), "--data", str(SAMPLES / "2025"))
    assert result.exit_code == 0, result.output
    assert "是 qingdan render 生成的公开发布版" in result.stderr and "--editable" in result.stderr
    assert "读取 79 行，生成 79 项" in result.stderr
    data = [parse(text.partition("\n")[2]).data for text in result.stdout.split("# ---- ")[1:]]
    matters = [m for d in data for m in d["matters"]]
    names = {m.name for m in load_dataset(Project.discover(SAMPLES / "2025"))[0].matters}
    assert sorted(m["name"] for m in matters) == sorted(names)
    assert [m for m in matters if {"note", "admission", "extra"} & set(m)] == []
    for name, words in (
        ("office-table-heping.xlsx", "这种文件不能按普通表格导入"),
        ("department-view-agriculture.xlsx", "不是清单原件，不能导入"),
    ):
        refused = run_cli("import", str(out / name), "--data", str(SAMPLES / "2025"))
        assert (refused.exit_code, words in refused.stderr, "Traceback" in refused.output) == (2, True, False), name


def test_a_new_withdrawn_power_is_withdrawn(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["powers.xlsx"])
    ws = wb["已收回事项"]
    col = _columns(ws)
    r = ws.max_row + 1
    ws.cell(r, col["事项名称"]).value = "对占用城市道路的行政处罚"
    ws.cell(r, col["原实施部门"]).value = "青岚市住房和城乡建设局"
    ws.cell(r, col["收回日期"]).value = dt.datetime(2025, 5, 1)  # typed as a date, Excel keeps a date
    ws.cell(r, col["收回文件及理由"]).value = "青政发〔2025〕9号\n乡镇承接能力不足"
    wb.save(tmp_path / "powers.xlsx")
    powers = read(tmp_path / "powers.xlsx").files["powers.yaml"]["powers"]
    assert next(p for p in powers if p["name"] == "对占用城市道路的行政处罚") == {
        "id": "dui-zhan-yong-cheng-shi-dao",
        "name": "对占用城市道路的行政处罚",
        "source": "housing",
        "status": "withdrawn",
        "withdrawn": {"date": "2025-05-01", "document": "青政发〔2025〕9号", "reason": "乡镇承接能力不足"},
    }


def test_names_typed_in_resolve_with_the_data_set(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["performance-list-heping.xlsx"])
    ws = wb["配合履职事项清单"]
    col = _columns(ws)
    first = min(r for r in range(4, ws.max_row + 1) if ws.cell(r, col[ID_HEADER]).value)
    ws.cell(first, col["对应上级部门"]).value = "农业局"  # an alias, known to departments.yaml only
    ws.cell(first + 1, col["对应上级部门"]).value = "没有这个局"
    wb.save(tmp_path / "names.xlsx")
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    result = read(tmp_path / "names.xlsx", dataset)
    items = result.files["duty-lists/heping.yaml"]["supporting"]
    assert (items[0]["department"], items[1]["department"]) == ("agriculture", "没有这个局")
    assert sorted((i.code, i.row) for i in result.issues) == [
        ("QD703", first + 1),
        ("QD707", first),
        ("QD707", first + 1),
    ]


def test_a_renamed_sheet_is_still_read_and_sheet_is_refused_for_a_many_sheet_workbook(rendered_2025, tmp_path):
    wb = load_workbook(rendered_2025["powers.xlsx"])
    wb["赋权事项"].title = "赋权"
    wb.save(tmp_path / "renamed.xlsx")
    assert read(tmp_path / "renamed.xlsx").files == read(rendered_2025["powers.xlsx"]).files
    with pytest.raises(QingdanError, match="整本导入"):
        read(rendered_2025["powers.xlsx"], sheet="赋权事项")
    with pytest.raises(QingdanError, match="没有「别的表」工作表"):
        read(rendered_2025["powers.xlsx"], sheet="别的表")
    assert read(rendered_2025["power-list.xlsx"], sheet="青岚市乡镇（街道）权责清单").files


# -- data the visible cells cannot say ------------------------------------------------------------


ODD_DUTIES = """\
areas:
  - {id: economy, name: 经济发展}
  - {id: enforcement, name: 综合执法}
duties:
  - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
  - {id: enforcement-01, area: enforcement, name: "两行\\n的职责", office: enforcement-brigade, reviewed: true}
  - {id: economy-02, area: economy, name: "", note: "123"}
  - {id: lost-01, area: no-such-area, name: 没有方面的职责}
  - just a string
  - {area: economy, name: 没有标识的职责}
  - {id: 7, area: economy, name: 2024}
"""
ODD_MATTERS = """\
domain: {id: market, name: 市场监管}
matters:
  - id: one
    name: 一
    lead: [agriculture]
    department_duties: []
    township_duties: ["", "1. 本来就带编号"]
    basis: [{document: 《甲》, article: 第一条, excerpt: 原文}]
    extra: {原序号: 12, 备注2: null, 是否: "no"}
  - id: two
    name: "=SUM(1)"
    lead: township
    supporting: [housing]
    department_duties: ["负责\\u0007检查"]
    contact: {phone: "0000-1"}
"""
ODD_POWER_LIST = """\
holder: 乡镇人民政府
items:
  - {id: p1, type: license, code: 330200010100, name: 数字编码}
  - {id: p2, type: other, code: "007", name: 字符串编码, sub_items: [a, b]}
"""


def test_data_the_cells_cannot_say_still_comes_back(tmp_path):
    root = write_project(
        tmp_path / "data",
        {"duties.yaml": ODD_DUTIES, "matters/market.yaml": ODD_MATTERS, "power-list.yaml": ODD_POWER_LIST},
    )
    paths = _render(root, tmp_path / "out")
    result = _import_all(paths)
    for rel in ("duties.yaml", "matters/market.yaml", "power-list.yaml", "townships/heping.yaml"):
        original = _original(root, rel)
        assert result.files[rel] == original, rel
        assert _exact(result.files[rel]) == _exact(original), rel
    # fields a cell would not give back exactly get hidden columns of their own: an id or a name that is
    # a number, a duty with a control character, the area of a duty listed above every group row because
    # its area names no area; so does a key qingdan does not know
    header = [c.value for c in load_workbook(paths["duty-list.xlsx"]).worksheets[0][3]]
    assert header[4:] == ["office", "basis", "note", "extra", "id", "area", "name", "reviewed"]
    header = [c.value for c in load_workbook(paths["responsibility-list.xlsx"]).worksheets[0][3]]
    assert header[16:] == ["department_duties"]


@pytest.mark.parametrize(
    "value",
    [
        "文字",
        "123",
        "",
        "true",
        "null",
        '"quoted"',
        "[1]",
        "a\x07b",
        "=SUM(1)",
        "  空格  ",
        12,
        9.5,
        True,
        None,
        [1, "a"],
    ],
)
def test_a_hidden_cell_reads_back_exactly(value):
    text = encode(value)
    assert text  # an empty cell means the field is absent
    assert decode(text) == value and type(decode(text)) is type(value)


def test_plain_strings_stay_plain_text_in_hidden_cells():
    assert [encode(v) for v in ("文字", "=SUM(1)", "  空格  ", "0000-6121318")] == [
        "文字",
        "=SUM(1)",
        "  空格  ",
        "0000-6121318",
    ]
    assert [encode(v) for v in ("123", "", {"a": [1, "乙"]})] == ['"123"', '""', '{"a":[1,"乙"]}']


def test_field_orders_follow_the_schemas_and_every_document_is_a_source_or_a_view():
    assert set(SOURCES) | set(DERIVED) == set(KINDS) and not set(SOURCES) & set(DERIVED)
    for name, source in SOURCES.items():
        schema = json.loads((shipped_dir("schemas") / f"{source.kind}.schema.json").read_text(encoding="utf-8"))
        assert source.top == tuple(schema["properties"]), name
        for key, fields in source.lists.items():
            assert fields == tuple(schema["properties"][key]["items"]["properties"]), (name, key)
    township = json.loads((shipped_dir("schemas") / "township.schema.json").read_text(encoding="utf-8"))
    assert tuple(township["properties"]["leaders"]["items"]["properties"]) == LEADER


def test_rendering_stays_byte_identical_with_the_hidden_data(rendered_2025, tmp_path):
    again = _render(SAMPLES / "2025", tmp_path / "again")
    assert {n: p.read_bytes() for n, p in again.items()} == {n: p.read_bytes() for n, p in rendered_2025.items()}


# -- the command line -----------------------------------------------------------------------------------


def test_qingdan_import_writes_the_rendered_workbook_back_as_the_same_data(rendered_2025, tmp_path, run_cli):
    out = tmp_path / "imported"
    for name in ("responsibility-list.xlsx", "office-table-heping.xlsx", "performance-list-heping.xlsx"):
        result = run_cli("import", str(rendered_2025[name]), "--data", str(SAMPLES / "2025"), "-o", str(out))
        assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.yaml"))
    matters = [f"matters/{p.name}" for p in (SAMPLES / "2025" / "matters").glob("*.yaml")]
    assert written == sorted([*matters, "townships/heping.yaml", "duty-lists/heping.yaml"])
    for rel in written:
        assert _original(out, rel) == _original(SAMPLES / "2025", rel), rel


def test_qingdan_import_refuses_a_department_view(rendered_2025, tmp_path, run_cli):
    result = run_cli("import", str(rendered_2025["department-view-agriculture.xlsx"]), "-o", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "不能导入" in result.output and "performance-list-heping.xlsx" in result.output
    assert not (tmp_path / "x").exists()


def test_importing_over_a_data_set_outside_the_repository_keeps_its_modelines(tmp_path, run_cli):
    # no schemas/ folder above the copy: the modeline each file already has is kept, so the round trip is exact
    copy = tmp_path / "copy"
    shutil.copytree(SAMPLES / "2025", copy)
    assert (
        run_cli(
            "render", str(copy), "--to", "xlsx", "--editable", "-d", "responsibility-list", "-o", str(tmp_path / "x")
        ).exit_code
        == 0
    )
    result = run_cli("import", str(tmp_path / "x" / "responsibility-list.xlsx"), "-o", str(copy), "--force")
    assert result.exit_code == 0, result.output
    for original in sorted((SAMPLES / "2025" / "matters").glob("*.yaml")):
        assert (copy / "matters" / original.name).read_text(encoding="utf-8") == original.read_text(encoding="utf-8")
