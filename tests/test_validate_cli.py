"""`qingdan validate` options: fail-on, exit-zero, statistics, baselines, outputs; `qingdan rules`."""

from __future__ import annotations

from conftest import MANIFEST

DUPLICATE = "departments:\n  - {id: agriculture, name: 甲}\n  - {id: agriculture, name: 乙}\n"
WARN_ONLY = MANIFEST + "settings:\n  rules:\n    QD101: warning\n"


def test_fail_on_warning_turns_warnings_into_exit_1(run_cli, make_project):
    root = make_project({"departments.yaml": DUPLICATE, "qingdan.yaml": WARN_ONLY})
    assert run_cli("validate", str(root)).exit_code == 0
    assert run_cli("validate", str(root), "--fail-on", "warning").exit_code == 1


def test_exit_zero(run_cli, make_project):
    root = make_project({"departments.yaml": DUPLICATE})
    result = run_cli("validate", str(root), "--exit-zero")
    assert result.exit_code == 0 and "QD101 错误" in result.stdout


def test_statistics_prints_counts_not_findings(run_cli, make_project):
    root = make_project({"departments.yaml": DUPLICATE})
    result = run_cli("validate", str(root), "--statistics")
    lines = result.stdout.splitlines()
    assert not any("departments.yaml:" in line for line in lines)
    assert [line.split() for line in lines if line.startswith("QD")] == [["QD101", "unique-ids", "错误", "1"]]
    assert result.exit_code == 1


def test_baseline_hides_known_findings_and_reports_new_ones(run_cli, make_project, tmp_path):
    root = make_project({"departments.yaml": DUPLICATE})
    baseline = tmp_path / "baseline.json"
    written = run_cli("validate", str(root), "--write-baseline", str(baseline))
    assert written.exit_code == 0 and baseline.is_file()
    # lines move: insert a department at the top; the known finding stays hidden
    moved = (
        "departments:\n  - {id: housing, name: 丙}\n  - {id: agriculture, name: 甲}\n  - {id: agriculture, name: 乙}\n"
    )
    (root / "departments.yaml").write_text(moved, encoding="utf-8")
    again = run_cli("validate", str(root), "--baseline", str(baseline))
    assert again.exit_code == 0
    assert again.stdout.strip().endswith("0 个错误，0 个警告（1 个已在基线中）")
    # a new problem is reported
    (root / "departments.yaml").write_text(moved + "  - {id: housing, name: 丁}\n", encoding="utf-8")
    new = run_cli("validate", str(root), "--baseline", str(baseline))
    assert new.exit_code == 1 and "「housing」重复" in new.stdout and "「agriculture」重复" not in new.stdout


def test_broken_baseline_exits_2(run_cli, make_project, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}", encoding="utf-8")
    result = run_cli("validate", str(make_project({})), "--baseline", str(bad))
    assert result.exit_code == 2 and "基线文件" in result.stderr


def test_output_writes_a_file_atomically_besides_stdout(run_cli, make_project, tmp_path):
    root = make_project({"departments.yaml": DUPLICATE})
    target = tmp_path / "out" / "report.txt"
    result = run_cli("validate", str(root), "--output", f"text:{target}")
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == result.stdout
    assert [p.name for p in target.parent.iterdir()] == ["report.txt"]  # no temporary file left behind


def test_unknown_format_exits_2(run_cli, make_project):
    result = run_cli("validate", str(make_project({})), "--format", "yaml")
    assert result.exit_code == 2 and "yaml" in result.stderr


def test_bad_output_spec_exits_2(run_cli, make_project):
    result = run_cli("validate", str(make_project({})), "--output", "sarif")
    assert result.exit_code == 2 and "格式:文件" in result.stderr


def test_rules_lists_every_check(run_cli):
    result = run_cli("rules")
    assert result.exit_code == 0
    for code in ("QD001", "QD005", "QD012", "QD101", "QD102"):
        assert code in result.stdout


def test_rules_prints_one_doc_in_chinese(run_cli):
    result = run_cli("rules", "QD102")
    assert result.exit_code == 0
    assert result.stdout.startswith("QD102 known-refs（默认错误）\n")
    assert "不合格示例：" in result.stdout and "合格示例：" in result.stdout


def test_rules_unknown_code_exits_2(run_cli):
    assert run_cli("rules", "QD999").exit_code == 2


def test_github_format_is_the_default_in_github_actions(run_cli, make_project, monkeypatch, tmp_path):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_cli("validate", str(make_project({"departments.yaml": DUPLICATE})))
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=")
    assert ",line=3,col=10,title=QD101 unique-ids::" in result.stdout
    assert "QD101" in summary.read_text(encoding="utf-8")


def test_several_outputs_in_one_run(run_cli, make_project, tmp_path):
    import json

    root = make_project({"departments.yaml": DUPLICATE})
    result = run_cli(
        "validate",
        str(root),
        "-o",
        f"json:{tmp_path / 'r.json'}",
        "-o",
        f"sarif:{tmp_path / 'r.sarif'}",
        "-o",
        f"junit:{tmp_path / 'r.xml'}",
    )
    assert result.exit_code == 1
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["errors"] == 1
    assert json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"][0]["ruleId"] == "QD101"
    assert "<failure" in (tmp_path / "r.xml").read_text(encoding="utf-8")


def test_written_files_are_readable_by_everyone(run_cli, make_project, tmp_path):
    import os
    import stat

    target = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        run_cli("validate", str(make_project({})), "-o", f"json:{target}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
