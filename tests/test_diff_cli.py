"""`qingdan diff`: editions read from folders and from git revisions (never touching the work
tree or index), exit codes, the three reporters, and golden diffs of the sample editions."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from conftest import REPO, SAMPLES, write_project
from qingdan.changes import Change, Level
from qingdan.diff import Kind
from qingdan.diff.select import matches, selected, selectors
from qingdan.errors import QingdanError
from qingdan.loader import load_comparable, load_dataset
from qingdan.model import DataSet
from qingdan.project import Project
from qingdan.report.diff import json as diff_json
from qingdan.report.diff import kinds_doc
from qingdan.report.diff import md as diff_md
from qingdan.report.diff import text as diff_text
from qingdan.report.diff.run import DiffRun, Side, segments, summary

CASES = REPO / "tests" / "cases" / "diff"
SAMPLE_PAIRS = {"qinglan-2019-2022": ("2019", "2022"), "qinglan-2022-2025": ("2022", "2025")}
SUFFIX = {"text": "txt", "md": "md", "json": "json"}

MATTERS = """\
domain: {id: agriculture, name: 农业农村, order: 1}
matters:
  - id: straw-burning
    name: 秸秆露天焚烧监管
    lead: agriculture
    supporting: [township]
    department_duties: [负责秸秆综合利用的指导和监督。]
    township_duties: [负责日常巡查，发现火点及时处置。]
    township_office: economic-office
  - id: farmland-protection
    name: 耕地保护监管
    lead: natural-resources
    supporting: [township]
    department_duties: [负责耕地保护的监督检查。]
    township_duties: [负责发现和制止违法占用耕地。]
    township_office: economic-office
"""
# 秸秆露天焚烧监管 moves onto the township, with no admission record: a burden shift
EDITED = MATTERS.replace(
    "    lead: agriculture\n    supporting: [township]\n",
    "    lead: township\n    supporting: [agriculture]\n",
    1,
)
ADMITTED = EDITED.replace(
    "    township_office: economic-office\n",
    "    township_office: economic-office\n"
    "    admission: {approved_by: 测试市委市政府, date: '2022-06-01', consulted: true, legality_reviewed: true}\n",
    1,
)
# 耕地保护监管 gets a second township duty
MORE_DUTIES = MATTERS.replace(
    "    township_duties: [负责发现和制止违法占用耕地。]\n",
    "    township_duties: [负责发现和制止违法占用耕地。, 负责耕地撂荒情况的日常排查。]\n",
    1,
)


def _edition(root: Path, matters: str) -> Path:
    return write_project(root, {"matters/agriculture.yaml": matters})


def _json(result) -> dict:
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)


def _changes(doc: dict) -> set[tuple[str, str]]:
    return {(c["kind"], c["key"]) for c in doc["changes"]}


# -- exit codes ---------------------------------------------------------------------------


def test_same_edition_has_no_changes_and_exits_0_even_with_exit_code(run_cli, tmp_path):
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", MATTERS)
    result = run_cli("diff", str(old), str(new), "--exit-code", "--fail-on", "info")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "没有变化"


def test_changes_exit_0_without_exit_code_and_1_with_it(run_cli, tmp_path):
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", MORE_DUTIES)
    assert run_cli("diff", str(old), str(new)).exit_code == 0
    assert run_cli("diff", str(old), str(new), "--exit-code").exit_code == 1


def test_fail_on_breaking_and_burden_shift(run_cli, tmp_path):
    old = _edition(tmp_path / "a", MATTERS)
    burdened = _edition(tmp_path / "b", EDITED)
    admitted = _edition(tmp_path / "c", ADMITTED)
    assert run_cli("diff", str(old), str(burdened), "--fail-on", "burden-shift").exit_code == 1
    assert run_cli("diff", str(old), str(admitted), "--fail-on", "burden-shift").exit_code == 0
    # 主体责任 moving onto the township is breaking whether admitted or not
    assert run_cli("diff", str(old), str(admitted), "--fail-on", "breaking").exit_code == 1


def test_fail_on_a_level_means_that_level_or_above(run_cli, tmp_path):
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", MORE_DUTIES)
    levels = {c["level"] for c in _json(run_cli("diff", str(old), str(new), "--format", "json"))["changes"]}
    assert "breaking" not in levels
    assert run_cli("diff", str(old), str(new), "--fail-on", "breaking").exit_code == 0
    assert run_cli("diff", str(old), str(new), "--fail-on", "info").exit_code == 1


def _fake(kind: str, level: Level, *, burden: bool = False) -> Change:
    return Change(kind, level, "matters", "m1", "某事项", "某事项有变化", burden=burden)


@pytest.mark.parametrize(
    ("changes", "fail_on", "code"),
    [
        ([], ["info"], 0),
        ([_fake("x", Level.NOTABLE)], ["breaking"], 0),
        ([_fake("x", Level.NOTABLE)], ["notable"], 1),
        ([_fake("x", Level.NOTABLE)], ["info"], 1),
        ([_fake("x", Level.INFO)], ["notable"], 0),
        ([_fake("x", Level.NOTABLE)], ["breaking", "notable"], 1),
        ([_fake("x", Level.NOTABLE)], ["breaking,notable"], 1),
        ([_fake("x", Level.BREAKING)], ["burden-shift"], 0),
        ([_fake("x", Level.INFO, burden=True)], ["burden-shift"], 1),
    ],
)
def test_fail_on_gate(changes, fail_on, code, run_cli, tmp_path, monkeypatch):
    """The gate alone, over changes given by a stand-in engine."""
    monkeypatch.setattr("qingdan.cli.compare_editions", lambda old, new: changes)
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", MATTERS)
    args = [a for value in fail_on for a in ("--fail-on", value)]
    assert run_cli("diff", str(old), str(new), *args).exit_code == code


def test_fail_on_a_kind(run_cli, tmp_path):
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", EDITED)
    kinds = {c["kind"] for c in _json(run_cli("diff", str(old), str(new), "--format", "json"))["changes"]}
    from qingdan.diff import KINDS

    other = sorted(set(KINDS) - kinds)[0]
    assert run_cli("diff", str(old), str(new), "--fail-on", sorted(kinds)[0]).exit_code == 1
    assert run_cli("diff", str(old), str(new), "--fail-on", other).exit_code == 0


@pytest.mark.parametrize(("option", "value"), [("--fail-on", "everything"), ("--format", "docx")])
def test_unknown_option_value_exits_2(option, value, run_cli, tmp_path):
    old = _edition(tmp_path / "a", MATTERS)
    result = run_cli("diff", str(old), str(old), option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith("qingdan: ") and f"「{value}」" in result.stderr


def test_not_a_data_set_exits_2(run_cli, tmp_path):
    old = _edition(tmp_path / "a", MATTERS)
    (tmp_path / "empty").mkdir()
    result = run_cli("diff", str(old), str(tmp_path / "empty"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "qingdan.yaml" in result.stderr


def test_a_file_that_cannot_be_parsed_exits_2(run_cli, tmp_path):
    old = _edition(tmp_path / "a", MATTERS)
    new = _edition(tmp_path / "b", MATTERS + "  - id: [\n")
    result = run_cli("diff", str(old), str(new))
    assert result.exit_code == 2
    assert "无法读取" in result.stderr and "matters/agriculture.yaml:" in result.stderr


def test_an_edition_that_cannot_be_parsed_is_named_with_the_first_broken_place(tmp_path):
    ok = Project.discover(_edition(tmp_path / "a", MATTERS))
    assert load_comparable(ok, "a").matters
    gbk = Project.discover(_edition(tmp_path / "b", MATTERS))
    (gbk.root / "matters" / "agriculture.yaml").write_bytes("# 注释\n".encode("gb18030"))
    with pytest.raises(
        QingdanError, match=r"^「HEAD:b」无法读取：matters/agriculture\.yaml:1:5 QD003 文件不是 UTF-8 编码"
    ):
        load_comparable(gbk, "HEAD:b")


@pytest.mark.parametrize(
    ("values", "found"),
    [
        ([], []),
        (["breaking"], ["breaking"]),
        (["breaking, burden-shift", "lead-to-township"], ["breaking", "burden-shift", "lead-to-township"]),
    ],
)
def test_fail_on_selectors(values, found):
    assert selectors(values) == found


def test_fail_on_selector_unknown():
    with pytest.raises(QingdanError, match="--fail-on 不认识「everything」"):
        selectors(["info,everything"])


@pytest.mark.parametrize(
    ("change", "selector", "chosen"),
    [
        (_fake("lead-to-township", Level.BREAKING, burden=True), "burden-shift", True),
        (_fake("lead-to-township", Level.BREAKING), "burden-shift", False),
        (_fake("x", Level.NOTABLE), "notable", True),
        (_fake("x", Level.NOTABLE), "breaking", False),
        (_fake("x", Level.NOTABLE), "info", True),
        (_fake("matter-added", Level.NOTABLE), "matter-added", True),
        (_fake("matter-added", Level.NOTABLE), "matter-removed", False),
    ],
)
def test_fail_on_matches(change, selector, chosen):
    assert matches(change, selector) is chosen
    assert selected([change], [selector]) is chosen


def test_output_writes_the_report_to_a_file_and_nothing_to_stdout(run_cli, tmp_path):
    old, new = _edition(tmp_path / "a", MATTERS), _edition(tmp_path / "b", EDITED)
    shown = run_cli("diff", str(old), str(new), "--format", "md")
    target = tmp_path / "out" / "变化.md"
    written = run_cli("diff", str(old), str(new), "--format", "md", "--output", str(target))
    assert (written.exit_code, written.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == shown.stdout


# -- git revisions ------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=测试", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run([*command, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with two commits of `data/`: the edition as written, then 秸秆 moved onto townships."""
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    _edition(root / "data", MATTERS)
    # a file name git would quote without -z
    (root / "data" / "townships" / "heping.yaml").rename(root / "data" / "townships" / "鹤坪镇.yaml")
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-q", "-m", "2022 edition")
    (root / "data" / "matters" / "agriculture.yaml").write_text(EDITED, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "秸秆露天焚烧监管 to townships")
    monkeypatch.chdir(root)
    return root


def test_diff_by_revision(run_cli, repo):
    doc = _json(run_cli("diff", "HEAD~1:data", "HEAD:data", "--format", "json"))
    assert (doc["old"]["path"], doc["new"]["path"]) == ("HEAD~1:data", "HEAD:data")
    assert [(c["kind"], c["key"], c["burden"], c["old"], c["new"]) for c in doc["changes"]] == [
        ("lead-to-township", "straw-burning", True, ["测试市农业农村局"], ["乡镇（街道）"]),
        ("supporting-changed", "straw-burning", False, ["乡镇（街道）"], ["测试市农业农村局"]),
    ]
    assert run_cli("diff", "HEAD~1:data", "HEAD:data", "--fail-on", "burden-shift").exit_code == 1
    # the committed edition is the work tree's, every file read back (鹤坪镇 too)
    assert run_cli("diff", "HEAD:data", "data", "--exit-code").exit_code == 0


def test_revision_against_the_work_tree_leaves_work_tree_and_index_alone(run_cli, repo):
    matters = repo / "data" / "matters" / "agriculture.yaml"
    matters.write_text(EDITED.replace("负责耕地保护的监督检查。", "负责耕地保护的监督检查和考核。"), encoding="utf-8")
    (repo / "data" / "notes.txt").write_text("未提交\n", encoding="utf-8")
    status, index = _git(repo, "status", "--porcelain"), (repo / ".git" / "index").read_bytes()
    doc = _json(run_cli("diff", "HEAD:data", "data", "--format", "json"))
    assert [(c["kind"], c["key"], c["old"], c["new"]) for c in doc["changes"]] == [
        (
            "department-duties-changed",
            "farmland-protection",
            ["负责耕地保护的监督检查。"],
            ["负责耕地保护的监督检查和考核。"],
        )
    ]
    # the older revision against the work tree sees both edits
    assert _changes(_json(run_cli("diff", "HEAD~1:data", "data", "--format", "json"))) == {
        ("department-duties-changed", "farmland-protection"),
        ("lead-to-township", "straw-burning"),
        ("supporting-changed", "straw-burning"),
    }
    assert (repo / ".git" / "index").read_bytes() == index
    assert _git(repo, "status", "--porcelain") == status
    assert "和考核" in matters.read_text(encoding="utf-8")


def test_revision_paths_follow_git(run_cli, repo, monkeypatch):
    """`REV:PATH` is from the top of the repository; `REV:./PATH` from the current folder; a path to
    qingdan.yaml means its folder."""
    monkeypatch.chdir(repo / "data" / "matters")
    assert _changes(_json(run_cli("diff", "HEAD~1:data", "HEAD:./..", "--format", "json"))) == _changes(
        _json(run_cli("diff", "HEAD~1:data/qingdan.yaml", "HEAD:data", "--format", "json"))
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no-such-rev:data", "「no-such-rev」也不是这个 git 仓库中的版本"),
        ("HEAD:lists", "版本「HEAD」中没有「lists」"),
        ("HEAD:data/departments.yaml", "是文件，不是清单文件夹"),
        ("HEAD:data/matters", "「HEAD:data/matters」中没有 qingdan.yaml"),
        ("HEAD:", "下有 1 个清单版本（data），请指定其中一个"),
        ("HEAD:../x", "版本「HEAD」中没有「../x」"),
    ],
)
def test_bad_revision_exits_2(spec, message, run_cli, repo):
    result = run_cli("diff", spec, "data")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("qingdan: ") and message in result.stderr


def test_revision_outside_a_repository_exits_2(run_cli, repo, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run_cli("diff", "HEAD~1:data", str(repo / "data"))
    assert result.exit_code == 2
    assert "不在 git 仓库中" in result.stderr


def test_a_folder_whose_name_has_a_colon_is_a_folder(run_cli, repo):
    _edition(repo / "v1:data", MATTERS)
    assert run_cli("diff", "v1:data", "HEAD~1:data", "--exit-code").exit_code == 0


# -- reporters, over changes made up for the purpose --------------------------------------


def _run(changes: list[Change], headline=None) -> DiffRun:
    kinds = {
        "matter-removed": Kind("matter-removed", Level.BREAKING, "删除事项", lambda c: c.message),
        "duties-changed": Kind("duties-changed", Level.NOTABLE, "职责变化", lambda c: c.message),
    }
    old, new = Side(DataSet("a", []), "old/data"), Side(DataSet("b", []), "HEAD:data")
    return DiffRun(old, new, headline or [("事项", 3, 2)], changes, kinds)


REMOVED = Change("matter-removed", Level.BREAKING, "matters", "m|1", "甲事项", "删除事项「甲事项」", "农业农村")
DUTIES = Change(
    "duties-changed",
    Level.NOTABLE,
    "matters",
    "m2",
    "乙事项",
    "乙事项的乡镇职责有变化",
    field="township_duties",
    old=("负责巡查。", "负责报告。"),
    new=("负责巡查。", "负责*劝阻*。"),
    burden=True,
)
RENAMED = Change(
    "office-renamed",
    Level.INFO,
    "townships",
    "t/new",
    "新办",
    "改名",
    old_key="t/old",
    old="乡村建设办",
    new="乡村规划建设办",
)
NOTE = Change(
    "matter-changed",
    Level.INFO,
    "matters",
    "m3",
    "丙事项",
    "丙事项的备注有修改",
    field="note",
    old="自二〇二二年七月一日起由乡镇承担日常巡查，部门负责执法。",
    new="自二〇二五年一月一日起由乡镇承担日常巡查，部门负责执法。",
)


STRUCK = Change(
    "matter-changed", Level.INFO, "matters", "m4", "丁事项", "丁事项的备注有修改", field="note", old="旧备注。", new=""
)


def _text(run: DiffRun) -> list[str]:
    console = Console(file=__import__("io").StringIO(), width=60, no_color=True)
    diff_text.write(run, console)
    return console.file.getvalue().splitlines()


def test_text_headline_then_changes_grouped_by_kind_in_the_engines_order():
    lines = _text(_run([DUTIES, RENAMED, REMOVED, NOTE, STRUCK]))
    assert lines[:4] == ["old/data → HEAD:data", "  旧：old/data", "  新：HEAD:data", ""]
    assert lines[4] == "事项 3 → 2"
    # the story: every direction, even with nothing in it, then the other kinds, items counted once each
    assert lines[6:14] == [
        "乡镇减负 0 项",
        "部门接回 0 项",
        "乡镇加责 0 项",
        "其他变化 5 项",
        "  删除事项 1 项",
        "  职责变化 1 项",
        "  matter-changed 2 项",
        "  office-renamed 1 项",
    ]
    headers = [line for line in lines[15:] if line and not line.startswith(" ")][:-1]
    assert headers == [
        "删除事项（matter-removed，1 处）",
        "职责变化（duties-changed，1 处）",
        # kinds the engine does not list come last, by name, under their identifier
        "matter-changed（matter-changed，2 处）",
        "office-renamed（office-renamed，1 处）",
    ]
    assert "  重大      m|1  删除事项「甲事项」" in lines
    assert "  一般      t/old → t/new  改名" in lines
    # a short name is shown whole, old beside new; a long text is marked in place
    assert "    「乡村建设办」→「乡村规划建设办」" in lines
    assert "    自二〇二[-二年七-]{+五年一+}月一日起由乡镇承担日常巡查，部门负责执法。" in lines
    assert [line for line in lines if line.startswith("    ") and line[4] in "−+"] == [
        "    − 负责报告。",
        "    + 负责*劝阻*。",
        "    − 旧备注。",
    ]
    assert lines[-1] == "共 5 处变化：重大 1，值得注意 1，一般 3；其中 1 处把事项或职责加给乡镇而没有准入记录"


def test_markdown_escapes_user_text_and_marks_words():
    text = diff_md.markdown(_run([REMOVED, DUTIES, RENAMED, NOTE]))
    lines = text.splitlines()
    assert lines[0] == "# 清单变化：old/data → HEAD:data"
    assert "| 事项 | 3 | 2 | −1 |" in lines
    assert "| 重大 | `m\\|1` | 删除事项「甲事项」 |" in lines
    assert (
        "| 值得注意 | `m2` | 乙事项的乡镇职责有变化<br>**！加给乡镇而没有准入记录**<br>− 负责报告。<br>+ 负责\\*劝阻\\*。 |"
        in lines
    )
    assert "| 一般 | `t/old` → `t/new` | 改名<br>~~乡村建设办~~ → **乡村规划建设办** |" in lines
    assert (
        "| 一般 | `m3` | 丙事项的备注有修改<br>自二〇二~~二年七~~**五年一**月一日起由乡镇承担日常巡查，部门负责执法。 |"
        in lines
    )
    assert text.endswith("|\n")


def test_json_document_shape():
    doc = diff_json.document(_run([REMOVED, DUTIES]))
    assert list(doc) == ["version", "tool", "old", "new", "headline", "summary", "changes"]
    assert doc["old"]["path"] == "old/data" and doc["new"]["jurisdiction"] is None
    assert doc["headline"] == [{"label": "事项", "old": 3, "new": 2}]
    assert doc["summary"] == {
        "changes": 2,
        "breaking": 1,
        "notable": 1,
        "info": 0,
        "burden_shifts": 1,
        "kinds": {"matter-removed": 1, "duties-changed": 1},
        "text": "共 2 处变化：重大 1，值得注意 1，一般 0；其中 1 处把事项或职责加给乡镇而没有准入记录",
        "directions": {
            "relieved": {"label": "乡镇减负", "items": 0, "unadmitted": 0},
            "reclaimed": {"label": "部门接回", "items": 0, "unadmitted": 0},
            "burdened": {"label": "乡镇加责", "items": 0, "unadmitted": 0},
        },
        "story": [
            {"kind": "matter-removed", "direction": "", "items": 1, "unadmitted": 0, "by": {}},
            {"kind": "duties-changed", "direction": "", "items": 1, "unadmitted": 1, "by": {}},
        ],
    }
    second = doc["changes"][1]
    assert (second["kind"], second["label"], second["level"], second["old"], second["burden"]) == (
        "duties-changed",
        "职责变化",
        "notable",
        ["负责巡查。", "负责报告。"],
        True,
    )
    assert second["fingerprint"] == DUTIES.fingerprint and len(second["fingerprint"]) == 16
    json.dumps(doc, ensure_ascii=False)


def test_summary_of_nothing():
    assert summary(_run([])) == "没有变化"


@pytest.mark.parametrize(
    ("old", "new", "runs"),
    [
        ("负责全市巡查。", "负责全县巡查。", [("=", "负责全"), ("-", "市"), ("+", "县"), ("=", "巡查。")]),
        ("甲乙丙", "丁戊己", [("-", "甲乙丙"), ("+", "丁戊己")]),
        # a single kept character between two changes is folded into them
        ("负责市区巡逻", "承担县区检查", [("-", "负责市区巡逻"), ("+", "承担县区检查")]),
    ],
)
def test_segments(old, new, runs):
    assert segments(old, new) == runs
    assert "".join(t for op, t in segments(old, new) if op != "+") == old
    assert "".join(t for op, t in segments(old, new) if op != "-") == new


# -- golden diffs of the sample editions --------------------------------------------------


@pytest.mark.parametrize("fmt", SUFFIX)
@pytest.mark.parametrize("case", SAMPLE_PAIRS)
def test_sample_golden(case, fmt, run_cli, golden, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "100")
    old, new = SAMPLE_PAIRS[case]
    result = run_cli("diff", f"lists/qinglan/{old}", f"lists/qinglan/{new}", "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(CASES / case / f"expected.{SUFFIX[fmt]}", result.stdout)


def test_sample_headline_counts(run_cli, monkeypatch):
    """The headline lines of the goldens, against counts taken from the data sets themselves."""
    monkeypatch.chdir(REPO)
    editions = {v: load_dataset(Project.discover(SAMPLES / v))[0] for v in ("2019", "2022", "2025")}
    matters = {v: len(d.matters) for v, d in editions.items()}
    led = {v: sum(m.township_leads for m in d.matters) for v, d in editions.items()}
    withdrawn = {v: sum(p.status == "withdrawn" for p in d.powers) for v, d in editions.items()}
    assert (matters["2019"], matters["2022"], led["2019"], led["2022"]) == (96, 81, 23, 15)
    for case, (old, new) in SAMPLE_PAIRS.items():
        lines = (CASES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert f"事项 {matters[old]} → {matters[new]}" in lines
        assert f"乡镇承担主体责任事项 {led[old]} → {led[new]}" in lines
        assert f"已收回赋权事项 {withdrawn[old]} → {withdrawn[new]}" in lines
    assert "机构 12 → 11" in (CASES / "qinglan-2019-2022" / "expected.txt").read_text(encoding="utf-8")


def test_sample_2022_2025_reports_the_merge_and_the_withdrawals(monkeypatch):
    doc = json.loads((CASES / "qinglan-2022-2025" / "expected.json").read_text(encoding="utf-8"))
    merged = [c for c in doc["changes"] if c["kind"] == "office-merged"]
    assert len(merged) == 11  # every township
    assert {c["key"].split("/")[1] for c in merged} == {"rural-planning-office"}
    assert {tuple(sorted(c["related"])) for c in merged} == {("rural-construction-office", "village-planning-office")}
    withdrawn = [c for c in doc["changes"] if c["kind"] == "power-withdrawn"]
    assert (len(withdrawn), doc["summary"]["kinds"]["power-added"]) == (5, 6)
    # the merged offices are not also reported removed, nor the merged-into office added
    assert not {c["kind"] for c in doc["changes"]} & {"office-removed", "office-added"}


# -- docs/diff.md says what the code does -------------------------------------------------

DOC = REPO / "docs" / "diff.md"


def test_docs_table_of_kinds_is_generated_from_the_records(golden):
    from qingdan.diff import KINDS

    text = DOC.read_text("utf-8")
    head, start, _ = text.partition(kinds_doc.START)
    assert start, "docs/diff.md has lost the first heading of its table of kinds"
    golden(DOC, head + kinds_doc.markdown())
    rows = re.findall(r"^\| `([a-z-]+)` \| `(breaking|notable|info)`（(.+?)） \| (.+?) \|$", text, re.M)
    assert [(k, lv, label) for k, lv, _, label in rows] == [(k, v.level.value, v.label) for k, v in KINDS.items()]
    assert all(Level(lv).label == name for _, lv, name, _ in rows)


def test_docs_describe_every_json_key():
    doc = json.loads((CASES / "qinglan-2022-2025" / "expected.json").read_text(encoding="utf-8"))
    keys = {*doc, *doc["old"], *doc["summary"], *doc["headline"][0], *doc["changes"][0]}
    text = DOC.read_text(encoding="utf-8")
    assert [k for k in sorted(keys) if f"`{k}`" not in text] == []


def test_docs_text_example_is_taken_from_the_golden():
    text = DOC.read_text(encoding="utf-8")
    example = text.split("### 3.1 `text`")[1].split("```")[1].splitlines()[1:]
    golden = (CASES / "qinglan-2022-2025" / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in example if line != "……" and line not in golden] == []


def test_a_blob_larger_than_any_data_file_is_not_read_from_git(run_cli, repo, monkeypatch):
    """diff REV:PATH refuses a committed file too large by its size, as the loader does on disk, without reading it."""
    from qingdan import gitsource, project

    big = repo / "data" / "matters" / "big.yaml"
    big.write_text("# 很大的文件\n" * 200, encoding="utf-8")
    _git(repo, "add", "data")
    _git(repo, "commit", "-q", "-m", "a big file")
    monkeypatch.setattr(gitsource, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(project, "MAX_FILE_BYTES", 1000)
    read = []
    run = gitsource._run
    monkeypatch.setattr(gitsource, "_run", lambda command, stdin: read.append(stdin) or run(command, stdin))
    result = run_cli("diff", "HEAD~1:data", "HEAD:data")
    assert result.exit_code == 2 and "matters/big.yaml QD014" in result.stderr
    blob = _git(repo, "rev-parse", "HEAD:data/matters/big.yaml").strip()
    assert not any(blob.encode() in request for request in read)  # its content was never asked of git
