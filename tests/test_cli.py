"""The command line: exit codes, option wiring, output shape."""

from __future__ import annotations

import json
import subprocess
import sys

from jsonschema import Draft7Validator

from conftest import SAMPLES
from qingdan import __version__


def test_version(run_cli):
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"qingdan {__version__}\n")


def test_help_is_chinese(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "显示帮助并退出" in result.stdout and "校验清单" in result.stdout


def test_validate_clean_exits_0_with_summary(run_cli, make_project):
    root = make_project({})
    result = run_cli("validate", str(root))
    assert result.exit_code == 0
    assert (
        result.stdout.strip().splitlines()[-1]
        == "测试市 2022 版：1 个乡镇，0 项属地管理事项，2 项乡镇职责，0 项赋权事项：0 个错误，0 个警告"
    )


def test_validate_errors_exit_1_with_location_and_source_line(run_cli, make_project):
    departments = "departments:\n  - {id: agriculture, name: 农业局}\n  - {id: agriculture, name: 农业局}\n  - {id: housing, name: 住建局}\n"
    root = make_project({"departments.yaml": departments})
    result = run_cli("validate", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    first = lines[0]
    assert first.startswith(f"{root.as_posix()}/departments.yaml:3:10: QD101 错误 部门标识「agriculture」重复")
    assert lines[1] == "      3 |   - {id: agriculture, name: 农业局}"
    assert lines[2] == " " * 19 + "^"
    assert "1 个错误" in lines[-1]


def test_warnings_alone_exit_0(run_cli, make_project):
    root = make_project({"notes.yaml": "a: 1\n"})
    result = run_cli("validate", str(root))
    assert result.exit_code == 0
    assert "QD006 警告" in result.stdout


def test_not_a_data_set_exits_2_with_one_line(run_cli, tmp_path):
    result = run_cli("validate", str(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("qingdan: ") and "qingdan.yaml" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_path_exits_2(run_cli, tmp_path):
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.exit_code == 2 and "不存在" in result.stderr


def test_city_folder_names_its_editions(run_cli):
    result = run_cli("validate", str(SAMPLES))
    assert result.exit_code == 2
    assert "2019、2022、2025" in result.stderr


def test_validate_discovers_from_current_directory(run_cli, make_project, monkeypatch):
    root = make_project({})
    monkeypatch.chdir(root / "townships")
    result = run_cli("validate")
    assert result.exit_code == 0 and "1 个乡镇" in result.stdout


def test_schema_prints_a_standalone_draft7_schema(run_cli):
    result = run_cli("schema", "matter")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "common.schema.json" not in result.stdout
    assert "basis" in schema["definitions"]
    assert "属地管理事项" in result.stdout  # unescaped Chinese


def test_every_schema_kind_bundles_and_validates_its_example(run_cli):
    for kind in (
        "edition",
        "departments",
        "structures",
        "township",
        "matters",
        "duties",
        "powers",
        "power-list",
        "cases",
        "duty-list",
    ):
        schema = json.loads(run_cli("schema", kind).stdout)
        Draft7Validator.check_schema(schema)


def test_unknown_schema_kind_exits_2(run_cli):
    result = run_cli("schema", "matterz")
    assert result.exit_code == 2 and "matters" in result.stderr


def test_python_dash_m():
    out = subprocess.run([sys.executable, "-m", "qingdan", "--version"], capture_output=True, text=True, check=False)
    assert (out.returncode, out.stdout) == (0, f"qingdan {__version__}\n")


def test_caret_counts_terminal_cells_under_chinese_text(run_cli, make_project):
    departments = "departments:\n  - {name: 农业农村局, id: Agri}\n"
    result = run_cli("validate", str(make_project({"departments.yaml": departments})))
    lines = result.stdout.splitlines()
    assert lines[0].endswith("「Agri」格式不对：稳定的字符串标识：小写字母或数字开头，只含小写字母、数字、连字符和点。")
    source, caret = lines[1], lines[2]
    assert source == "      2 |   - {name: 农业农村局, id: Agri}"
    # "农业农村局" is 5 characters but 10 cells wide: the caret sits under "A"
    assert caret.index("^") == 10 + len("  - {name: ") + 10 + len(", id: ")
