"""The reporters: every format of one broken data set against its golden file, SARIF against
the official schema, and the escaping and edge cases of each machine format."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from jsonschema.validators import validator_for
from rich.console import Console

from conftest import REPO
from qingdan.findings import Finding, Location, Severity
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.report.validate import FORMATS, Run, github, sarif
from qingdan.report.validate import json as json_format
from qingdan.resources import shipped_dir
from qingdan.rules import RULES
from qingdan.schema import SchemaSet
from qingdan.validate import validate

CASE = REPO / "tests" / "cases" / "validate" / "broken"
DISPLAY = "tests/cases/validate/broken/data"  # as a user in the repo root would name it
GOLDEN = {
    "text": "expected.txt",
    "json": "expected.json",
    "sarif": "expected.sarif",
    "github": "expected.github",
    "junit": "expected.junit.xml",
}
SARIF_SCHEMA = json.loads((REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _run(root: Path, display: str) -> Run:
    dataset, loaded = load_dataset(Project.discover(root))
    return Run(validate(dataset, SchemaSet.load(shipped_dir("schemas")), loaded), dataset, display)


def _render(fmt: str, run: Run) -> str:
    buffer = StringIO()
    FORMATS[fmt](run, Console(file=buffer, width=100, no_color=True, highlight=False))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def broken() -> Run:
    return _run(CASE / "data", DISPLAY)


@pytest.fixture
def clean(make_project) -> Run:
    return _run(make_project({}), "data")


def _with(run: Run, *findings: Finding) -> Run:
    return dataclasses.replace(run, findings=sorted(findings))


def test_every_format_is_registered():
    assert sorted(FORMATS) == sorted(GOLDEN)


def test_broken_case_has_what_it_is_named_for(broken):
    assert [(f.code, f.file, f.line) for f in broken.findings] == [
        ("QD005", "departments.yaml", 5),  # unquoted phone
        ("QD101", "departments.yaml", 7),  # duplicate department id
        ("QD006", "notes.yaml", 0),  # a whole-file warning: no line, no region
        ("QD102", "townships/heping.yaml", 10),  # missing department
    ]


@pytest.mark.parametrize("fmt", [*GOLDEN, "step-summary"])
def test_golden(fmt, broken, request):
    actual = github.step_summary(broken) if fmt == "step-summary" else _render(fmt, broken)
    expected = CASE / GOLDEN.get(fmt, "expected.step-summary.md")
    if request.config.getoption("--update-goldens"):
        expected.write_bytes(actual.encode("utf-8"))
    assert actual == expected.read_bytes().decode("utf-8")  # bytes, not read_text: no newline translation


@pytest.mark.parametrize("fmt", list(GOLDEN))
def test_output_has_no_absolute_path(fmt, broken):
    assert str(REPO) not in _render(fmt, broken)


# -- JSON -------------------------------------------------------------------------------


def test_json_shape(broken):
    data = json.loads(_render("json", broken))
    assert list(data) == ["version", "tool", "dataset", "summary", "findings"]
    assert data["version"] == json_format.VERSION == 1
    assert (data["dataset"]["path"], data["dataset"]["jurisdiction"], data["dataset"]["edition"]) == (
        DISPLAY,
        "测试市",
        "2022",
    )
    summary = data["summary"]
    assert (summary["errors"], summary["warnings"], summary["infos"]) == (3, 1, 0)
    duplicate = data["findings"][1]
    assert (duplicate["code"], duplicate["file"], duplicate["item"], duplicate["fingerprint"]) == (
        "QD101",
        f"{DISPLAY}/departments.yaml",
        "agriculture",
        broken.findings[1].fingerprint,
    )
    assert duplicate["related"] == [
        {"file": f"{DISPLAY}/departments.yaml", "line": 2, "column": 10, "pointer": "$.departments[0].id"}
    ]


def test_json_keeps_chinese_unescaped(broken):
    text = _render("json", broken)
    assert "测试市" in text and "\\u" not in text
    assert text.endswith("}\n")


def test_json_keys_are_documented(broken):
    doc = (REPO / "docs" / "output-formats.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    data = json.loads(_render("json", broken))

    def keys(value) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    assert keys(data) - documented == set()


# -- SARIF ------------------------------------------------------------------------------


def _validate_sarif(text: str) -> dict:
    log = json.loads(text)
    validator = validator_for(SARIF_SCHEMA)  # the official schema is draft-04
    validator.check_schema(SARIF_SCHEMA)
    errors = [f"{e.json_path}: {e.message}" for e in validator(SARIF_SCHEMA).iter_errors(log)]
    assert errors == []
    return log


def test_sarif_is_valid_against_the_official_schema(broken):
    log = _validate_sarif(_render("sarif", broken))
    assert (log["version"], log["$schema"]) == ("2.1.0", sarif.SCHEMA)


def test_sarif_of_a_clean_run_is_valid(clean):
    assert clean.findings == []
    log = _validate_sarif(_render("sarif", clean))
    assert log["runs"][0]["results"] == []


def test_sarif_lists_every_rule_and_only_the_checks_that_occur(broken):
    driver = json.loads(_render("sarif", broken))["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted({*RULES, "QD005", "QD006"})
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in driver["rules"])


def test_sarif_results_point_at_their_rule(broken):
    run = json.loads(_render("sarif", broken))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [(rules[r["ruleIndex"]]["id"], r["ruleId"]) for r in run["results"]] == [
        (f.code, f.code) for f in broken.findings
    ]


def test_sarif_levels_regions_and_related_locations(clean):
    run = _with(
        clean,
        Finding("a b/镇.yaml", 3, 0, "QD999", "提示", Severity.INFO, "made-up"),
        Finding("notes.yaml", 0, 0, "QD006", "没有读入", Severity.WARNING, "unknown-file"),
        Finding("x.yaml", 4, 2, "QD101", "重复", related=(Location("y.yaml", 0, 0), Location("x.yaml", 1, 2))),
    )
    log = _validate_sarif(_render("sarif", run))
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["note", "warning", "error"]
    physical = [r["locations"][0]["physicalLocation"] for r in results]
    assert physical[0] == {"artifactLocation": {"uri": "data/a%20b/%E9%95%87.yaml"}, "region": {"startLine": 3}}
    assert "region" not in physical[1]
    assert [(r["id"], r["message"]["text"], r["physicalLocation"]) for r in results[2]["relatedLocations"]] == [
        (1, "相关位置", {"artifactLocation": {"uri": "data/y.yaml"}}),
        (2, "相关位置", {"artifactLocation": {"uri": "data/x.yaml"}, "region": {"startLine": 1, "startColumn": 2}}),
    ]
    assert results[2]["partialFingerprints"] == {"qingdanKey/v1": run.findings[2].fingerprint}


# -- GitHub -----------------------------------------------------------------------------


def test_github_escapes_properties_and_data(clean):
    f = Finding("a,b:c.yaml", 2, 5, "QD101", "100% 重复\r\n第二行", Severity.ERROR, "unique-ids")
    assert github.command(clean, f) == (
        "::error file=data/a%2Cb%3Ac.yaml,line=2,col=5,title=QD101 unique-ids::100%25 重复%0D%0A第二行"
    )


def test_github_levels_and_whole_file_findings(clean):
    run = _with(
        clean,
        Finding("a.yaml", 0, 0, "QD006", "没有读入", Severity.WARNING, "unknown-file"),
        Finding("b.yaml", 3, 0, "QD999", "提示", Severity.INFO, "made-up"),
    )
    assert _render("github", run).splitlines()[:2] == [
        "::warning file=data/a.yaml,title=QD006 unknown-file::没有读入",
        "::notice file=data/b.yaml,line=3,title=QD999 made-up::提示",
    ]


def test_step_summary(broken):
    text = github.step_summary(broken)
    lines = text.splitlines()
    assert lines[0] == "## qingdan validate"
    assert "| QD101 | unique-ids | 错误 | 1 |" in lines
    assert (
        f"| `{DISPLAY}/departments.yaml:7:10` | QD101 unique-ids | 错误 | 部门标识「agriculture」重复，departments.yaml:2 已经用过 |"
        in lines
    )
    assert (
        f"| `{DISPLAY}/notes.yaml` | QD006 unknown-file | 警告 | 这个 YAML 文件不属于任何清单类型，没有读入；请移动它或在 files 设置中登记 |"
        in lines
    )
    assert text.endswith("\n")


def test_step_summary_lists_the_first_50_and_escapes_cells(clean):
    many = [Finding(f"f{i:02}.yaml", 1, 1, "QD102", f"引用了 a|b <{i}>", name="known-refs") for i in range(60)]
    text = github.step_summary(_with(clean, *many))
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 50
    assert rows[0] == "| `data/f00.yaml:1:1` | QD102 known-refs | 错误 | 引用了 a\\|b \\<0\\> |"
    assert "另有 10 个问题没有列出" in text
    assert "| QD102 | known-refs | 错误 | 60 |" in text


def test_step_summary_of_a_clean_run(clean):
    assert "没有发现问题。" in github.step_summary(clean)


# -- JUnit ------------------------------------------------------------------------------


def _suite(run: Run) -> ET.Element:
    text = _render("junit", run)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_counts(broken):
    suite = _suite(broken)
    assert (suite.tag, suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "testsuite",
        "qingdan validate",
        "4",
        "4",
    )
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases][1:3] == [
        ("QD101", f"{DISPLAY}/departments.yaml:7:10"),
        ("QD006", f"{DISPLAY}/notes.yaml"),
    ]
    failure = cases[1].find("failure")
    assert (failure.get("type"), failure.get("message")) == ("QD101", broken.findings[1].message)
    assert "条目：agriculture" in failure.text


def test_junit_infos_are_not_failures(clean):
    for run in (clean, _with(clean, Finding("a.yaml", 1, 1, "QD999", "提示", Severity.INFO))):
        suite = _suite(run)
        assert (suite.get("tests"), suite.get("failures")) == ("1", "0")
        assert [(c.get("classname"), c.get("name"), list(c)) for c in suite] == [("qingdan", "qingdan validate", [])]


def test_junit_survives_control_characters(clean):
    suite = _suite(_with(clean, Finding("a.yaml", 1, 1, "QD004", "值「a\x01b」不对")))
    assert suite.find("testcase/failure").get("message") == "值「a\ufffdb」不对"
