"""`qingdan validate --fix` and `--fix --diff`: what is fixed, what is written, what remains, and that it is done once."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import MANIFEST, REPO, fill_placeholders

sys.path.insert(0, str(REPO / "tests" / "fixtures" / "import"))
import make_fix  # a fixture builder beside the import fixtures, not a package

CASE = REPO / "tests" / "cases" / "validate" / "fix"
FIXTURES = REPO / "tests" / "fixtures" / "import"

MATTERS = """\
# 测试市属地管理事项（导入）
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧监管
    lead: 测试市农业农村局  # 原表：市农业农村局
    township_duties: [负责网格巡查。]

  - id: farm-houses
    name: 农村建房巡查
    lead: agriculture
    township_duties: [负责日常巡查。]
"""


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def imported(tmp_path, monkeypatch):
    """The data set of tests/fixtures/import/make_fix.py at ./data, run from its parent (paths as users see them)."""
    make_fix.build(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path / "data"


def test_fix_then_validate_leaves_only_decisions_each_naming_its_candidates(run_cli, imported, golden):
    """The end-to-end path: a data set shaped like an import of real lists → validate --fix → validate."""
    diff = run_cli("validate", "data", "--fix", "--diff")
    golden(CASE / "expected.diff", diff.stdout)
    assert diff.stderr == "可以自动修复 26 处（2 个文件），没有写入；修复后还有 5 个错误、1 个警告\n"

    fixed = run_cli("validate", "data", "--fix")
    golden(CASE / "expected-fix.txt", fixed.stdout)
    assert (fixed.exit_code, fixed.stderr) == (1, "")

    after = run_cli("validate", "data", "--format", "json")
    golden(CASE / "expected-after.json", after.stdout)
    findings = json.loads(after.stdout)["findings"]
    assert {f["code"] for f in findings} == {"QD203", "QD206"}  # only the offices a person has to choose
    for f in findings:  # each names the office field and at least one candidate as id（name）
        assert "office" in f["message"]
        assert re.search(r"[a-z0-9-]+（[^）]+）", f["message"]), f["message"]


def test_a_second_fix_changes_nothing(run_cli, imported):
    run_cli("validate", "data", "--fix")
    before = _files(imported)
    again = run_cli("validate", "data", "--fix")
    assert again.stdout.startswith("没有可以自动修复的问题。\n")
    assert _files(imported) == before
    assert run_cli("validate", "data", "--fix", "--diff").stdout == ""


def test_diff_writes_nothing(run_cli, imported):
    before = {p: p.stat().st_mtime_ns for p in imported.rglob("*")}
    contents = _files(imported)
    result = run_cli("validate", "data", "--fix", "--diff")
    assert result.stdout.startswith(
        "--- data/duty-lists/heping.yaml（原文）\n+++ data/duty-lists/heping.yaml（修复后）\n"
    )
    assert result.exit_code == 1  # what would remain: five offices to choose
    assert _files(imported) == contents
    assert {p: p.stat().st_mtime_ns for p in imported.rglob("*")} == before


def test_fixed_files_keep_their_comments_and_only_the_values_change(run_cli, make_project):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    result = run_cli("validate", str(root), "--fix")
    assert result.exit_code == 0, result.stdout  # nothing left
    text = (root / "matters" / "agriculture.yaml").read_text(encoding="utf-8")
    assert "# 测试市属地管理事项（导入）" in text and "# 原表：市农业农村局" in text
    assert "lead: agriculture # 原表：市农业农村局\n" in text
    assert text.count("township_office: economic-office\n") == 2  # each township's one agriculture office
    lines = [line for line in result.stdout.splitlines() if ": QD" in line]
    assert [line.split(": ", 1)[1] for line in lines] == [
        "QD201 lead：测试市农业农村局 → agriculture",  # the name written is the full name: not repeated
        "QD203 township_office：（未写） → economic-office（经济发展办公室）",
        "QD203 township_office：（未写） → economic-office（经济发展办公室）",
    ]
    assert lines[0].startswith(
        f"{root.as_posix()}/matters/agriculture.yaml:8:11"
    )  # where it stands now, in the formatted file


def test_findings_let_through_are_not_fixed(run_cli, make_project):
    ignored = MATTERS.replace("  - id: farm-houses", "  - id: farm-houses  # qingdan: ignore[QD203] 乡镇自定")
    root = make_project({"matters/agriculture.yaml": ignored})
    run_cli("validate", str(root), "--fix")
    data = (root / "matters" / "agriculture.yaml").read_text(encoding="utf-8")
    assert data.count("township_office") == 1


def test_json_lists_what_was_fixed(run_cli, make_project):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    document = json.loads(run_cli("validate", str(root), "--fix", "--format", "json").stdout)
    assert [(f["code"], f["pointer"], f["old"], f["new"]) for f in document["fixed"]] == [
        ("QD201", "$.matters[0].lead", "测试市农业农村局", "agriculture"),
        ("QD203", "$.matters[0].township_office", None, "economic-office"),
        ("QD203", "$.matters[1].township_office", None, "economic-office"),
    ]
    assert document["findings"] == []
    plain = json.loads(run_cli("validate", str(root), "--format", "json").stdout)
    assert "fixed" not in plain  # only a --fix run has the key


def test_a_file_the_fixes_cannot_be_written_into_is_left_alone_and_named(run_cli, make_project):
    doubled = MATTERS + "  - {id: copy, name: 复制, lead: agriculture, extra: {note: 一, note: 二}}\n"
    root = make_project({"matters/agriculture.yaml": doubled})
    before = (root / "matters" / "agriculture.yaml").read_bytes()
    result = run_cli("validate", str(root), "--fix")
    assert (root / "matters" / "agriculture.yaml").read_bytes() == before
    assert (
        result.stderr.startswith("qingdan: 无法自动修复 ")
        and "matters/agriculture.yaml: 键「note」重复" in result.stderr
    )
    assert result.exit_code == 1 and "QD203 错误" in result.stdout


@pytest.mark.parametrize(
    "args",
    [("--diff",), ("--fix", "--diff", "-o", "json:x.json"), ("--fix", "--diff", "--write-baseline", "b.json")],
)
def test_diff_is_only_a_preview_of_fix(run_cli, make_project, args):
    result = run_cli("validate", str(make_project({})), *args)
    assert result.exit_code == 2 and "--diff 只能与 --fix 同用" in result.stderr


def test_nothing_to_fix_exits_as_validate_does(run_cli, make_project):
    clean = run_cli("validate", str(make_project({})), "--fix")
    assert (clean.exit_code, clean.stdout.splitlines()[0]) == (0, "没有可以自动修复的问题。")
    duplicate = make_project({"departments.yaml": "departments:\n  - {id: a, name: 甲}\n  - {id: a, name: 乙}\n"})
    assert run_cli("validate", str(duplicate), "--fix").exit_code == 1


def test_an_imported_real_list_validates_after_fix_but_for_decisions(run_cli, tmp_path, monkeypatch):
    """init → import a published matters list and a GB18030 duty list → validate --fix → validate."""
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "ds", "-s", "medium-2022", "--jurisdiction", "青岚市", "--township", "鹤坪镇").exit_code == 0
    fill_placeholders(Path("ds"))  # what init asks a person to replace (QD207) is replaced first
    run_cli("import", str(FIXTURES / "messy-matters.xlsx"), "--kind", "matters", "-o", "ds")
    run_cli("import", str(FIXTURES / "messy-duty-list.csv"), "--kind", "duty-list", "--township", "heping", "-o", "ds")
    before = json.loads(run_cli("validate", "ds", "--format", "json").stdout)["findings"]
    assert "QD203" in {f["code"] for f in before}  # published lists have no 乡镇承担机构 column

    run_cli("validate", "ds", "--fix")
    after = json.loads(run_cli("validate", "ds", "--format", "json").stdout)["findings"]
    assert len(after) < len(before)
    for f in after:
        assert f["code"] in {"QD201", "QD203", "QD206"}, f  # unknown departments (import's) and offices to choose
        if f["code"] in ("QD203", "QD206"):  # each says what to choose from, or why there is nothing to choose
            assert any(w in f["message"] for w in ("的机构有", "的机构只有", "没有对口", "不在部门名录中", "原表")), f


def test_a_matter_needs_a_second_pass_after_its_lead_is_fixed(run_cli, make_project):
    """The lead is a name; only once it is an id can its counterpart office be found: one --fix does both."""
    root = make_project({"qingdan.yaml": MANIFEST, "matters/agriculture.yaml": MATTERS})
    run_cli("validate", str(root), "--fix")
    data = (root / "matters" / "agriculture.yaml").read_text(encoding="utf-8")
    assert data.count("township_office: economic-office") == 2


def test_unquoted_values_read_as_another_type_are_quoted_as_written(run_cli, make_project):
    """QD005: 05718697108 read as a number loses its 0; a plain date or yes/no means something else to YAML 1.1."""
    departments = (
        "departments:\n"
        "  - id: agriculture\n    name: 测试市农业农村局\n"
        "    contact:\n      name: 办公室\n      phone: 05718697108\n"
        "  - id: natural-resources\n    name: 测试市自然资源和规划局\n"
        "  - id: housing\n    name: 测试市住房和城乡建设局\n    short_name: yes\n"
    )
    manifest = MANIFEST.replace('effective_date: "2022-07-01"', "effective_date: 2022-07-01")
    root = make_project({"qingdan.yaml": manifest, "departments.yaml": departments})
    result = run_cli("validate", str(root), "--fix")
    changed = [line.split(": ", 1)[1] for line in result.stdout.splitlines() if ": QD005" in line]
    assert changed == [
        'QD005 phone：5718697108 → "05718697108"',
        'QD005 short_name：yes → "yes"',
        'QD005 effective_date：2022-07-01 → "2022-07-01"',
    ]
    assert '      phone: "05718697108"\n' in (root / "departments.yaml").read_text(encoding="utf-8")
    assert 'effective_date: "2022-07-01"\n' in (root / "qingdan.yaml").read_text(encoding="utf-8")
    assert result.exit_code == 0 and "QD005" not in result.stdout.split("\n\n", 1)[1]


def test_every_fix_offered_is_one_the_docs_announce(make_project):
    """A fix on a finding whose check does not say it fixes would change data nobody was told about."""
    from conftest import check
    from qingdan.codes import BUILTIN
    from qingdan.rules import RULES, fixable

    root = make_fix.build(make_project({}, base=False))
    announced = {c for c, r in RULES.items() if fixable(r)} | {c for c, b in BUILTIN.items() if b.fix}
    offered = {f.code for f in check(root) if f.fix is not None}
    assert offered >= {"QD102", "QD201", "QD203"}  # QD206 comes once the duty list's township is an id
    assert offered <= announced
