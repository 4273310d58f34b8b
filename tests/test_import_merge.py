"""Importing into a data set that already has the files: merged by id (else by name), nothing dropped, idempotent."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, SAMPLES, fill_placeholders
from qingdan.importer.merge import CREATED, MERGED, REPLACED, UNCHANGED, Updated, merge
from qingdan.source import parse
from qingdan.yamlfmt import FormatProblem, comment_texts, format_text, update

FIXTURES = REPO / "tests" / "fixtures" / "import"
CASE = REPO / "tests" / "cases" / "import" / "merge"
FIRST = REPO / "examples" / "属地管理事项清单.xlsx"
REVISED = FIXTURES / "merge-revised.xlsx"


def _matter(item_id: str, name: str, **fields):
    return {"id": item_id, "name": name, **fields}


def _file(*matters, domain=None):
    return {"domain": domain or {"id": "market", "name": "市场监管"}, "matters": list(matters)}


def _one(plan):
    (fm,) = plan.files
    return fm


# -- the plan (pure) -----------------------------------------------------------------------------------


def test_matching_items_are_updated_new_ones_added_and_the_rest_kept():
    old = _file(
        _matter("food", "食品小作坊监管", lead="market", township_office="economic-office"),
        _matter("elevator", "特种设备安全监管", lead="market"),
    )
    new = _file(_matter("food", "食品小作坊监管", lead="health"), _matter("gas", "城镇燃气安全监管", lead="housing"))
    fm = _one(merge({"matters/market.yaml": new}, {"matters/market.yaml": "matters"}, {"matters/market.yaml": old}))
    assert (fm.action, fm.added, fm.updated, fm.unchanged, fm.kept) == (
        MERGED,
        ("gas",),
        (Updated("matters", "food", "食品小作坊监管", ("lead",)),),
        (),
        ("elevator",),
    )
    # a field the source does not give (乡镇承担机构, added by hand or by validate --fix) stays
    assert fm.data["matters"] == [
        _matter("food", "食品小作坊监管", lead="health", township_office="economic-office"),
        _matter("elevator", "特种设备安全监管", lead="market"),
        _matter("gas", "城镇燃气安全监管", lead="housing"),
    ]


def test_extra_is_merged_column_by_column_and_other_fields_are_replaced_whole():
    old = _file(
        _matter(
            "food", "食品小作坊监管", contact={"name": "孙悦", "phone": "0000-1"}, extra={"备注": "甲", "科室": "乙"}
        )
    )
    new = _file(_matter("food", "食品小作坊监管", contact={"phone": "0000-2"}, extra={"备注": "丙"}))
    fm = _one(merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old}))
    assert fm.data["matters"][0]["extra"] == {"备注": "丙", "科室": "乙"}
    assert fm.data["matters"][0]["contact"] == {"phone": "0000-2"}


def test_the_same_source_twice_changes_nothing():
    old = _file(_matter("food", "食品小作坊监管", lead="market"), _matter("mine", "手工添加的事项"))
    new = _file(_matter("food", "食品小作坊监管", lead="market"))
    fm = _one(merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old}))
    assert (fm.action, fm.unchanged, fm.kept, fm.written) == (UNCHANGED, ("food",), ("mine",), False)


def test_an_item_with_another_id_but_the_same_name_is_updated_and_keeps_its_id():
    old = _file(_matter("industrial-trade-safety", "工贸企业安全生产监管", lead="emergency"))
    new = _file(_matter("gong-mao-qi-ye", "工贸企业 安全生产监管", lead="fire"))
    fm = _one(merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old}))
    assert (fm.added, fm.by_name) == ((), ("industrial-trade-safety",))
    assert fm.data["matters"] == [_matter("industrial-trade-safety", "工贸企业 安全生产监管", lead="fire")]


def test_a_name_does_not_take_an_item_the_source_has_by_its_id():
    old = _file(_matter("a", "甲"), _matter("b", "乙"))
    new = _file(_matter("b", "丙"), _matter("c", "乙"))  # b was renamed 丙; c is a new item named like b was
    fm = _one(merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old}))
    assert (fm.added, [u.id for u in fm.updated], fm.kept, fm.by_name) == (("c",), ["b"], ("a",), ())


def test_the_files_own_data_is_kept_and_what_differs_is_noted():
    old = _file(_matter("food", "食品小作坊监管"), domain={"id": "market", "name": "市场监管"})
    new = _file(_matter("food", "食品小作坊监管"), domain={"id": "market", "name": "市场监督管理", "order": 3})
    plan = merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old})
    assert _one(plan).data["domain"] == {"id": "market", "name": "市场监管"}
    assert [(n.code, n.path) for n in plan.notes] == [("QD716", "m.yaml")]
    assert "domain.name：文件中为「市场监管」，源表为「市场监督管理」" in plan.notes[0].message
    assert "domain.order：文件中没有，源表为「3」" in plan.notes[0].message


def test_a_catalog_gets_the_entries_it_lacks():
    old = {"areas": [{"id": "economy", "name": "经济发展"}], "duties": [{"id": "d1", "area": "economy", "name": "甲"}]}
    new = {
        "areas": [{"id": "economy", "name": "经济建设"}, {"id": "safety", "name": "平安建设"}],
        "duties": [{"id": "d2", "area": "safety", "name": "乙"}],
    }
    plan = merge({"duties.yaml": new}, {"duties.yaml": "duties"}, {"duties.yaml": old})
    fm = _one(plan)
    assert fm.data["areas"] == [{"id": "economy", "name": "经济发展"}, {"id": "safety", "name": "平安建设"}]
    assert (fm.added, fm.kept) == (("d2",), ("d1",))
    assert "areas「economy」.name：文件中为「经济发展」，源表为「经济建设」" in plan.notes[0].message


def test_an_item_the_file_has_in_another_list_is_left_alone():
    old = {"township": "heping", "basic": [{"id": "dog", "name": "养犬管理", "category": "平安建设"}]}
    new = {"township": "heping", "supporting": [{"id": "dog", "name": "养犬管理", "department": "public-security"}]}
    plan = merge({"d.yaml": new}, {"d.yaml": "duty-list"}, {"d.yaml": old})
    fm = _one(plan)
    assert (fm.action, fm.kept, fm.data) == (UNCHANGED, ("dog",), old)
    assert [n.code for n in plan.notes] == ["QD715"]
    assert "源表列为配合履职事项，文件中是基本履职事项" in plan.notes[0].message


def test_an_item_in_another_file_of_the_kind_is_left_alone_and_an_empty_new_file_is_not_made():
    existing = {"matters/urban-rural.yaml": _file(_matter("gas", "城镇燃气安全监管"))}
    incoming = {"matters/emergency-safety.yaml": _file(_matter("gas", "城镇燃气安全监管"))}
    plan = merge(incoming, {"matters/emergency-safety.yaml": "matters"}, existing)
    assert plan.files == []
    assert [(n.code, n.path) for n in plan.notes] == [("QD715", "matters/emergency-safety.yaml")]
    assert "清单中它在 matters/urban-rural.yaml" in plan.notes[0].message


def test_a_new_file_is_made_from_the_source_as_it_is():
    new = _file(_matter("food", "食品小作坊监管"))
    fm = _one(merge({"matters/market.yaml": new}, {"matters/market.yaml": "matters"}, {}))
    assert (fm.action, fm.added, fm.data) == (CREATED, ("food",), new)


def test_replace_makes_the_file_the_source_and_says_what_went():
    old = _file(_matter("food", "食品小作坊监管", township_office="economic-office"), _matter("gone", "已取消的事项"))
    new = _file(_matter("food", "食品小作坊监管"), _matter("gas", "城镇燃气安全监管"))
    fm = _one(merge({"m.yaml": new}, {"m.yaml": "matters"}, {"m.yaml": old}, replace=True))
    assert (fm.action, fm.added, fm.removed, fm.data) == (REPLACED, ("gas",), ("gone",), new)
    assert fm.updated == (Updated("matters", "food", "食品小作坊监管", ("township_office",)),)


# -- the text (comments kept) ----------------------------------------------------------------------------

TEXT = """\
# yaml-language-server: $schema=../schemas/matters.schema.json
# 某某县属地管理事项——市场监管（手写的说明）
domain:
  id: market
  name: 市场监管
matters:
  # 2024年县委编办核定
  - id: food
    name: 食品小作坊监管
    lead: market  # 2025年起由市场监管局牵头
    township_duties:
      - 负责摸排辖区食品小作坊底数。  # 乡镇填报
    township_office: economic-office
    # contact: 待补

  - id: elevator
    name: 特种设备安全监管
    lead: market
"""


def test_update_keeps_every_comment_and_spaces_new_items():
    data = parse(TEXT).data
    data["matters"][0]["township_duties"] = ["负责摸排辖区食品小作坊底数。", "发现违法行为及时报告。"]
    data["matters"][0]["extra"] = {"备注": "新列"}
    data["matters"].append({"id": "gas", "name": "城镇燃气安全监管", "lead": "housing"})
    out = update(TEXT, "matters", data, comments=["某某县乡镇（街道）属地管理事项主体责任和配合责任清单"])
    assert parse(out).data == data
    assert set(comment_texts(TEXT)) <= set(comment_texts(out))
    assert out.startswith(
        "# yaml-language-server: $schema=../schemas/matters.schema.json\n"
        "# 某某县属地管理事项——市场监管（手写的说明）\n"
        "# 某某县乡镇（街道）属地管理事项主体责任和配合责任清单\n"
    )
    assert "    extra:\n      备注: 新列\n    # contact: 待补\n" in out  # the closing comment still closes the item
    assert out.endswith("    lead: market\n\n  - id: gas\n    name: 城镇燃气安全监管\n    lead: housing\n")
    assert format_text(out, "matters") == out  # already in fmt's form
    assert update(out, "matters", data, comments=["某某县乡镇（街道）属地管理事项主体责任和配合责任清单"]) == out


def test_update_without_a_change_returns_the_canonical_text():
    assert update(TEXT, "matters", parse(TEXT).data) == format_text(TEXT, "matters")


@pytest.mark.parametrize(
    ("text", "code"),
    [("matters: [\n", "QD001"), ("a: 1\na: 2\n", "QD002"), ("a: &x 1\nb: *x\n", "QD013"), ("- 1\n", "")],
)
def test_update_refuses_what_it_cannot_merge_into(text, code):
    with pytest.raises(FormatProblem) as caught:
        update(text, "matters", {"matters": []})
    assert caught.value.code == code


# -- the command ------------------------------------------------------------------------------------------

RUNS = {
    "matters": ("messy-matters.xlsx", "--kind", "matters"),
    "duty-list": ("messy-duty-list.csv", "--kind", "duty-list", "--township", "heping"),
    "power-list": ("messy-power-list.xlsx", "--kind", "power-list"),
}


def _texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


@pytest.mark.parametrize("case", sorted(RUNS))
def test_importing_the_same_source_twice_changes_nothing(run_cli, tmp_path, case):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    name, *args = RUNS[case]
    first = run_cli("import", str(FIXTURES / name), *args, "-o", str(out))
    after_first = _texts(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")}
    second = run_cli("import", str(FIXTURES / name), *args, "-o", str(out), "--format", "json")
    assert second.exit_code == first.exit_code
    assert _texts(out) == after_first
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")} == mtimes  # not even rewritten
    report = json.loads(second.stdout)
    assert {m["action"] for m in report["merge"]} == {UNCHANGED}
    assert (report["files"], report["summary"]["unchanged_files"]) == ([], len(report["merge"]))


def test_nothing_the_data_set_had_is_dropped(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    before = {m: _ids(out / m) for m in _texts(out)}
    for case in sorted(RUNS):
        name, *args = RUNS[case]
        assert run_cli("import", str(FIXTURES / name), *args, "-o", str(out)).exit_code in (0, 1)
    for path, ids in before.items():
        assert ids <= _ids(out / path), path


def _ids(path: Path) -> set[str]:
    return set(re.findall(r"^\s*- id: (\S+)$", path.read_text(encoding="utf-8"), flags=re.M))


def _worked_on(run_cli, root: Path) -> Path:
    """A fresh `init` data set with the first list imported, then worked on by hand: a comment, an office."""
    data = root / "清单" / "2025"
    init = ["init", str(data), "-s", "八办一队一中心一站", "--jurisdiction", "某某县", "--township", "某某镇"]
    assert run_cli(*init).exit_code == 0
    fill_placeholders(data)  # worked on: init's placeholders replaced, the example matter kept under its own id
    assert run_cli("import", str(FIRST), "--kind", "matters", "-o", str(data)).exit_code == 0
    market = data / "matters" / "market.yaml"
    text = market.read_text(encoding="utf-8")
    worked = text.replace(
        "  - id: te-zhong-she-bei-an-quan\n",
        "  # 县委编办2025年6月核定：乡镇只配合排查\n  - id: te-zhong-she-bei-an-quan\n",
    ).replace(
        "      - 发现无证生产等违法行为及时报告。\n",
        "      - 发现无证生产等违法行为及时报告。\n    township_office: economic-office\n",
    )
    assert worked.count("\n") == text.count("\n") + 2
    market.write_text(worked, encoding="utf-8")
    return data


def test_a_revised_list_merges_into_a_worked_on_data_set(run_cli, tmp_path, golden, monkeypatch):
    """init, import the first list, work on the YAML by hand, import the revision: the golden merge."""
    monkeypatch.chdir(tmp_path)
    data = _worked_on(run_cli, Path("a")).relative_to(Path("a"))  # paths in the report as the user typed them
    monkeypatch.chdir(tmp_path / "a")
    result = run_cli("import", str(REVISED), "--kind", "matters", "-o", str(data))
    assert result.exit_code == 1  # QD715: 城镇燃气安全监管 moved to another domain
    merged = _texts(data / "matters")
    for name, content in merged.items():
        golden(CASE / "expected" / "matters" / name, content)
    golden(CASE / "expected.txt", result.stdout)
    assert "# 县委编办2025年6月核定：乡镇只配合排查\n  - id: te-zhong-she-bei-an-quan\n" in merged["market.yaml"]
    assert "township_office: economic-office" in merged["market.yaml"]
    again = run_cli("import", str(REVISED), "--kind", "matters", "-o", str(data))
    assert _texts(data / "matters") == merged  # the second time changes nothing
    assert "写入 0 个文件（3 个没有变化）" in again.stdout
    as_json = run_cli(
        "import", str(REVISED), "--kind", "matters", "-o", str(_worked_on(run_cli, tmp_path / "b")), "--format", "json"
    )
    golden(CASE / "expected.json", as_json.stdout)
    assert json.loads(as_json.stdout)["files"] == ["matters/emergency-safety.yaml"]


def test_an_init_example_found_by_name_takes_the_id_of_the_list_that_replaces_it(run_cli, tmp_path):
    """init's example matter is 工贸企业安全生产监管; a county's list that has it updates it by name and gives it its
    own id, so QD207 no longer calls the county's matter init's example (the example duties, not in the list, still are)."""
    data = tmp_path / "清单" / "2025"
    assert (
        run_cli("init", str(data), "-s", "medium-2022", "--jurisdiction", "清河县", "--township", "东城镇").exit_code
        == 0
    )
    assert _ids(data / "matters" / "emergency-safety.yaml") == {"example-industrial-trade-safety-supervision"}
    result = run_cli("import", str(FIRST), "--kind", "matters", "-o", str(data))
    assert result.exit_code == 0, result.stdout
    ids = _ids(data / "matters" / "emergency-safety.yaml")
    assert "gong-mao-qi-ye-an-quan" in ids and not any(i.startswith("example-") for i in ids)
    findings = json.loads(run_cli("validate", str(data), "--format", "json").stdout)["findings"]
    examples = {f["file"].rsplit("/", 1)[-1] for f in findings if f["code"] == "QD207" and "示例" in f["message"]}
    assert examples == {"duties.yaml"}


def test_replace_replaces_a_file_whole_and_lists_what_it_removed(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    args = ["import", str(FIXTURES / "messy-power-list.xlsx"), "-k", "power-list", "-o", str(out)]
    had = _ids(out / "power-list.yaml")
    result = run_cli(*args, "--replace")
    assert result.exit_code == 0
    fresh = run_cli(*args[:-2], "--data", str(SAMPLES / "2022"), "-o", str(tmp_path / "fresh"))
    assert fresh.exit_code == 0
    replaced = (out / "power-list.yaml").read_text(encoding="utf-8")
    assert replaced.startswith("# yaml-language-server: $schema=../../../schemas/power-list.schema.json\n")  # its own
    assert replaced.partition("\n")[2] == (tmp_path / "fresh" / "power-list.yaml").read_text(encoding="utf-8")
    line = next(x for x in result.stdout.splitlines() if x.startswith("power-list.yaml："))
    assert line.startswith("power-list.yaml：替换（--replace），新增 2 项") and f"删去 {len(had)} 项" in line
    removed = next(x for x in result.stdout.splitlines() if x.startswith("  删去 "))
    assert set(removed.removeprefix("  删去 ").split("、")) == had


def test_force_still_replaces_and_says_it_is_now_replace(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    result = run_cli("import", str(FIXTURES / "messy-power-list.xlsx"), "-k", "power-list", "-o", str(out), "--force")
    assert result.exit_code == 0
    assert "--force 已改名为 --replace" in result.stderr
    assert "power-list.yaml：替换（--replace）" in result.stdout


def test_a_file_that_cannot_be_merged_into_stops_the_import_before_anything_is_written(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    broken = out / "matters" / "ecology.yaml"
    broken.write_text("domain: {id: ecology\nmatters: []\n", encoding="utf-8")
    before = _texts(out)
    result = run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("qingdan: matters/ecology.yaml:") and "QD001" in result.stderr
    assert "--replace" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _texts(out) == before
    replaced = run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "-o", str(out), "--replace")
    assert replaced.exit_code == 1  # the fixture's row without a name
    assert "matters/ecology.yaml：替换（--replace）" in replaced.stdout
    assert parse(broken.read_text(encoding="utf-8")).data["domain"]["id"] == "ecology"


def test_a_broken_file_the_import_does_not_write_is_named_in_the_notes(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", out)
    (out / "matters" / "market.yaml").write_text("matters: [\n", encoding="utf-8")
    result = run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "-k", "matters", "-o", str(out))
    assert result.exit_code == 1
    assert "matters/market.yaml：" in result.stdout and "没有查它里面已有的标识" in result.stdout


def test_replace_moves_an_item_when_the_source_writes_both_files():
    existing = {
        "matters/urban-rural.yaml": _file(_matter("gas", "城镇燃气安全监管"), _matter("house", "农村危房改造")),
        "matters/emergency-safety.yaml": _file(_matter("fire", "农村消防安全")),
    }
    incoming = {
        "matters/urban-rural.yaml": _file(_matter("house", "农村危房改造")),
        "matters/emergency-safety.yaml": _file(_matter("gas", "城镇燃气安全监管")),
    }
    kinds = dict.fromkeys(incoming, "matters")
    merged = merge(incoming, kinds, existing)
    assert [n.code for n in merged.notes] == ["QD715"]  # merging does not move it
    replaced = merge(incoming, kinds, existing, replace=True)
    assert replaced.notes == []
    assert {f.path: (f.added, f.removed) for f in replaced.files} == {
        "matters/emergency-safety.yaml": (("gas",), ("fire",)),
        "matters/urban-rural.yaml": ((), ("gas",)),
    }


def test_a_duty_list_merges_into_a_townships_published_list(run_cli, tmp_path):
    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2025", out)
    had = _ids(out / "duty-lists" / "heping.yaml")
    result = run_cli(
        "import", str(FIXTURES / "messy-duty-list.csv"), "-k", "duty-list", "--township", "鹤坪镇", "-o", str(out)
    )
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("duty-lists/heping.yaml："))
    assert line.startswith("duty-lists/heping.yaml：合并，新增 2 项，更新 1 项")
    now = _ids(out / "duty-lists" / "heping.yaml")
    assert had < now and len(now) == len(had) + 2
    assert "  更新 ph-zf-001「养犬管理」：" in result.stdout  # found by name: the list's own id stays


def test_edits_in_a_rendered_workbook_merge_and_a_deleted_row_is_kept(run_cli, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "data"
    shutil.copytree(SAMPLES / "2025", out)
    assert (
        run_cli(
            "render", str(out), "--to", "xlsx", "--editable", "-d", "responsibility-list", "-o", str(tmp_path / "x")
        ).exit_code
        == 0
    )
    book = tmp_path / "x" / "responsibility-list.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 10) if any(c.value == "事项名称" for c in ws[r]))
    col = {c.value: c.column for c in ws[header] if c.value}
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, col["事项名称"]).value == "耕地保护监管"]
    ws.cell(rows[0], col["事项名称"]).value = "耕地保护监督管理"
    gone = ws.cell(rows[0] + 1, col["事项名称"]).value
    ws.delete_rows(rows[0] + 1)
    wb.save(book)
    result = run_cli("import", str(book), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "matters" / "natural-resources.yaml").read_text(encoding="utf-8")
    assert "name: 耕地保护监督管理" in text and f"name: {gone}" in text  # updated; the deleted row's matter kept
    line = next(x for x in result.stdout.splitlines() if x.startswith("matters/natural-resources.yaml："))
    assert line.startswith("matters/natural-resources.yaml：合并，更新 1 项") and line.endswith("保留 1 项")


def test_the_merge_report_in_the_docs_is_the_golden_one():
    assert (CASE / "expected.txt").read_text(encoding="utf-8") in (REPO / "docs" / "import.md").read_text(
        encoding="utf-8"
    )
