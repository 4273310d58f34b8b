"""Hostile and broken data sets (issue 14): every command answers with a coded finding or a clear exit-2 message,
quickly and in bounded memory — never a hang, an internal error or a file read that is not the data set's own.

The bombs are made here, at test time; the commands that could hang or balloon run in a child process held
to 5 seconds and 500 MB (tests/hostile.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import check, write_project
from hostile import run_bounded
from qingdan.limits import MAX_DEPTH, MAX_FILE_BYTES

MATTERS = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧监管
    lead: agriculture
    supporting:
      - natural-resources
    township_duties: [负责网格巡查，发现火情及时报告。]
"""


def billion_laughs(indent: str, levels: int = 10) -> str:
    """Nine lols, then nine references to the line before, ten times over: 9^10 (3.4 billion) values once expanded."""
    lines = [f"{indent}- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}- &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


BOMB_IN_SUPPORTING = MATTERS.replace("      - natural-resources\n", billion_laughs("      "))
BOMB_IN_DUTIES = "areas:\n  - {id: economy, name: 经济发展}\nduties:\n" + billion_laughs("  ")


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_project(tmp_path / "clean", {"matters/agriculture.yaml": MATTERS})


def _commands(root: Path, clean: Path, out: Path) -> dict[str, list[str | Path]]:
    return {
        "validate": ["validate", root],
        "render": ["render", root, "--to", "md", "-o", out],
        "stats": ["stats", root],
        "who": ["who", "秸秆", "--data", root],
        "diff": ["diff", clean, root],
        "fmt": ["fmt", "--check", root],
    }


# what each command answers about a data file it does not read
EXPECTED = {"validate": 1, "render": 2, "stats": 0, "who": 0, "diff": 2, "fmt": 2}


@pytest.mark.parametrize("command", list(EXPECTED))
@pytest.mark.parametrize(
    ("file", "text", "line"),
    [("matters/agriculture.yaml", BOMB_IN_SUPPORTING, 7), ("duties.yaml", BOMB_IN_DUTIES, 4)],
    ids=["supporting", "duties"],
)
def test_an_alias_bomb_is_refused_in_every_command(tmp_path, clean, command, file, text, line):
    root = write_project(tmp_path / "bomb", {"matters/agriculture.yaml": MATTERS, file: text})
    ran = run_bounded(*_commands(root, clean, tmp_path / "out")[command])
    assert ran.code == EXPECTED[command], ran.output
    assert "QD013" in ran.output or command in ("stats", "who"), ran.output
    assert file in ran.output
    if command == "validate":
        assert f"{file}:{line}:" in ran.output and "锚点" in ran.output


def test_an_anchor_alone_or_a_merge_key_is_refused_where_it_is(make_project):
    merged = MATTERS.replace("domain: {", "domain: &d {").replace("    lead: agriculture\n", "    <<: *d\n")
    found = [(f.code, f.line) for f in check(make_project({"matters/agriculture.yaml": merged})) if f.code < "QD1"]
    assert found == [("QD013", 1)]
    anchored = MATTERS.replace("name: 秸秆禁烧监管", "name: &n 秸秆禁烧监管")
    found = [(f.code, f.file, f.line, f.column) for f in check(make_project({"matters/agriculture.yaml": anchored}))]
    assert ("QD013", "matters/agriculture.yaml", 4, 11) in found


def test_an_ampersand_in_text_is_not_an_anchor(make_project):
    text = MATTERS.replace("秸秆禁烧监管", "R&D 秸秆 & 禁烧监管")
    assert [f.code for f in check(make_project({"matters/agriculture.yaml": text})) if f.code < "QD1"] == []


@pytest.mark.parametrize("command", ["validate", "fmt"])
def test_ten_thousand_deep_nesting_stops_at_the_limit_at_once(tmp_path, command):
    deep = MATTERS + "    extra: {x: " + "[" * 10_000 + "]" * 10_000 + "}\n"
    root = write_project(tmp_path / "deep", {"matters/agriculture.yaml": deep})
    ran = run_bounded(command, *(["--check"] if command == "fmt" else []), root)
    assert ran.code in (1, 2) and "matters/agriculture.yaml:9:" in ran.output and "QD014" in ran.output
    assert "嵌套" in ran.output


def test_nesting_just_under_the_limit_is_read(make_project):
    shallow = MATTERS + "    extra: {x: " + "[" * (MAX_DEPTH - 5) + "]" * (MAX_DEPTH - 5) + "}\n"
    deep = MATTERS + "    extra: {x: " + "[" * (MAX_DEPTH - 3) + "]" * (MAX_DEPTH - 3) + "}\n"
    read = [f.code for f in check(make_project({"matters/agriculture.yaml": shallow})) if f.code < "QD1"]
    assert read == ["QD004"]  # read, and found not to be what `extra` holds
    found = check(make_project({"matters/agriculture.yaml": deep}))
    assert [(f.code, f.line) for f in found if f.code < "QD1"] == [("QD014", 9)]


def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on disk (and is all zeros, if anyone reads it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.truncate(size)


@pytest.mark.parametrize("command", ["validate", "fmt", "render"])
def test_a_huge_file_is_refused_by_its_size_without_being_read(tmp_path, clean, command):
    root = write_project(tmp_path / "huge", {"matters/agriculture.yaml": MATTERS})
    _sparse(root / "matters" / "huge.yaml", 6 * 1024**3)  # 6 GB
    (root / "matters" / "linked.yaml").symlink_to("huge.yaml")  # a symlink inside the folder: read, and refused
    args = _commands(root, clean, tmp_path / "out")[command]
    ran = run_bounded(*args)
    assert ran.code == EXPECTED[command]
    assert ("matters/huge.yaml" in ran.output and "matters/linked.yaml" in ran.output) or command != "validate"
    assert "QD014" in ran.output and "MB" in ran.output


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_read(make_project):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    text = MATTERS.replace("id: agriculture", "id: big").replace("straw", "big")
    padded = text + "#" * (MAX_FILE_BYTES - len(text.encode()) - 1) + "\n"
    (root / "matters" / "big.yaml").write_text(padded, encoding="utf-8")
    assert (root / "matters" / "big.yaml").stat().st_size == MAX_FILE_BYTES
    assert [f.code for f in check(root) if f.code < "QD1"] == []
    with (root / "matters" / "big.yaml").open("a") as out:
        out.write("#")
    assert [(f.code, f.file, f.line) for f in check(root) if f.code < "QD1"] == [("QD014", "matters/big.yaml", 0)]


# --- files: and symlinks: nothing outside the data set is read -------------------------------------------------

SECRET = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7SECRETKEYMATERIAL root@runner"


def _manifest_with(files: str) -> dict[str, str]:
    from conftest import MANIFEST

    return {"qingdan.yaml": MANIFEST + "files:\n" + files}


@pytest.mark.parametrize(
    ("pattern", "shown", "words"),
    [
        ('["/etc/passwd"]', "/etc/passwd", "绝对路径"),
        ('[""]', "", "空的"),
        ('["."]', ".", "没有指明文件"),
        ('["matters/**x/*.yaml"]', "matters/**x/*.yaml", "glob"),
        ('["../../other/cases.yaml"]', "../../other/cases.yaml", "之外"),
        ('["C:/Windows/win.ini"]', "C:/Windows/win.ini", "绝对路径"),
    ],
)
def test_a_files_pattern_that_is_unusable_or_leaves_the_folder_is_a_finding(
    run_cli, make_project, pattern, shown, words
):
    root = make_project(_manifest_with(f"  cases: {pattern}\n"))
    result = run_cli("validate", str(root))
    assert result.exit_code == 1, result.output
    assert f"qingdan.yaml:8:11: QD018 错误 files.cases 中的「{shown}」" in result.stdout and words in result.stdout
    for command in (["stats", str(root)], ["fmt", str(root)]):
        assert run_cli(*command).exit_code in (0, 2)
    # render checks first: an error in qingdan.yaml refuses it (exit 1) and nothing is written
    assert run_cli("render", str(root), "-o", str(root.parent / "out")).exit_code == 1
    assert not (root.parent / "out").exists()


def test_every_refused_pattern_means_the_kind_is_read_from_nowhere_not_from_its_default(make_project):
    root = make_project({**_manifest_with('  departments: ["/etc/passwd"]\n')})
    found = [(f.code, f.file) for f in check(root) if f.code < "QD1"]
    assert ("QD018", "qingdan.yaml") in found and ("QD007", "qingdan.yaml") in found
    assert ("QD006", "departments.yaml") in found  # the default place is not read, and said so


def _secret(tmp_path: Path) -> Path:
    outside = tmp_path / "home" / ".ssh" / "id_rsa"
    outside.parent.mkdir(parents=True)
    outside.write_text(f"matters:\n  - {{id: x, name: {SECRET}}}\n{SECRET}: 1\n", encoding="utf-8")
    return outside


def test_a_symlink_out_of_the_data_set_is_refused_and_none_of_its_content_is_shown(run_cli, make_project, tmp_path):
    secret = _secret(tmp_path)
    root = make_project({"matters/agriculture.yaml": MATTERS})
    (root / "matters" / "keys.yaml").symlink_to(secret)
    (root / "townships" / "linked").symlink_to(secret.parent, target_is_directory=True)
    (root / "qingdan.yaml").rename(root / "real.yaml")
    (root / "qingdan.yaml").symlink_to("real.yaml")  # inside: fine
    for fmt in ("text", "json", "sarif", "github", "junit"):
        result = run_cli("validate", str(root), "--format", fmt)
        assert result.exit_code == 1
        assert "SECRET" not in result.output and "ssh-rsa" not in result.output
        assert "matters/keys.yaml" in result.output and "QD017" in result.output
    found = [(f.code, f.file) for f in check(root) if f.code < "QD1"]
    assert ("QD017", "matters/keys.yaml") in found
    assert not any(f.file == "real.yaml" and f.code != "QD006" for f in check(root))


def test_files_pointing_through_a_symlinked_folder_outside_is_refused(make_project, tmp_path):
    secret = _secret(tmp_path)
    root = make_project(_manifest_with('  cases: ["elsewhere/*"]\n'))
    (root / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    assert ("QD017", "elsewhere/id_rsa") in [(f.code, f.file) for f in check(root)]


def test_a_symlink_loop_is_not_followed(make_project):
    root = make_project({})
    (root / "matters").mkdir()
    (root / "matters" / "loop.yaml").symlink_to("loop.yaml")
    assert [f.code for f in check(root) if f.code < "QD1"] in ([], ["QD006"])


# --- YAML that is not plain data -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("!!binary aGVsbG8=", "QD016", "!!binary"),
        ("!!set {a, b}", "QD016", "!!set"),
        ("!!omap [{a: 1}]", "QD016", "!!omap"),
        ("!!python/object/apply:os.system [ls]", "QD016", "!!python/object/apply:os.system"),
        ("!custom x", "QD016", "!custom"),
        ("9" * 5000, "QD014", "5000 位"),
    ],
)
def test_values_that_are_not_plain_data_are_refused_where_they_are(make_project, value, code, words):
    text = MATTERS.replace("    lead: agriculture\n", f"    lead: agriculture\n    note: {value}\n")
    found = [f for f in check(make_project({"matters/agriculture.yaml": text})) if f.code < "QD1"]
    assert [(f.code, f.file, f.line, f.column) for f in found] == [(code, "matters/agriculture.yaml", 6, 11)]
    assert words in found[0].message


def test_a_long_but_bounded_integer_is_read_as_a_number(make_project):
    text = MATTERS.replace("    lead: agriculture\n", f"    lead: agriculture\n    note: {'9' * 100}\n")
    found = [(f.code, f.line) for f in check(make_project({"matters/agriculture.yaml": text})) if f.code < "QD1"]
    assert found == [("QD005", 6)]  # a number where a text is wanted: quote it


def test_keys_that_are_not_text_are_kept_apart_and_reported(make_project):
    text = MATTERS.replace("    lead: agriculture\n", "    lead: agriculture\n    extra: {true: 是, 1: 一, null: 空}\n")
    root = make_project({"matters/agriculture.yaml": text})
    found = [(f.code, f.line, f.column) for f in check(root) if f.code in ("QD002", "QD015")]
    assert found == [("QD015", 6, 13), ("QD015", 6, 22), ("QD015", 6, 28)]  # three keys, no duplicate among them
    from qingdan.loader import load_dataset
    from qingdan.project import Project

    dataset, _ = load_dataset(Project.discover(root))
    assert dataset.matters[0].extra == {"true": "是", "1": "一", "null": "空"}


def test_a_list_as_a_key_is_reported_and_left_out(make_project):
    text = MATTERS.replace("    lead: agriculture\n", "    lead: agriculture\n    ? [a, b]\n    : x\n")
    found = [(f.code, f.line) for f in check(make_project({"matters/agriculture.yaml": text})) if f.code < "QD1"]
    assert found == [("QD015", 6)]


def test_quoted_keys_are_text(make_project):
    text = MATTERS.replace("    lead: agriculture\n", '    lead: agriculture\n    extra: {"true": 是, "1": 一}\n')
    assert [f.code for f in check(make_project({"matters/agriculture.yaml": text})) if f.code < "QD1"] == []


# --- a data set that changes while it is read ------------------------------------------------------------------------


def test_a_folder_that_disappears_while_validate_scans_it_is_a_finding(run_cli, make_project, monkeypatch):
    from qingdan.project import Project

    root = make_project({"matters/agriculture.yaml": MATTERS, "matters/other.yaml": MATTERS})
    claim = Project.claim

    def claim_then_vanish(self, files):
        found = claim(self, files)
        shutil.rmtree(root / "matters")  # between finding the files and reading them
        return found

    monkeypatch.setattr(Project, "claim", claim_then_vanish)
    result = run_cli("validate", str(root))
    assert result.exit_code == 1
    assert "matters/agriculture.yaml: QD019 错误 无法读取" in result.stdout


def test_a_folder_that_cannot_be_listed_is_a_finding(run_cli, make_project, monkeypatch):
    root = make_project({"matters/agriculture.yaml": MATTERS})
    scandir = os.scandir

    def vanished(path="."):
        if Path(path).name == "matters":
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", vanished)
    result = run_cli("validate", str(root))
    assert result.exit_code == 1 and "QD019" in result.stdout, result.stdout


# --- patterns end at the end of the text ----------------------------------------------------------------------------


def test_an_id_with_a_trailing_newline_fails_the_id_pattern(make_project):
    from conftest import DEPARTMENTS

    departments = DEPARTMENTS.replace("{id: agriculture,", '{id: "agriculture\\n",')
    found = [f for f in check(make_project({"departments.yaml": departments})) if f.code == "QD004"]
    assert [(f.file, f.line, f.pointer) for f in found] == [("departments.yaml", 2, "$.departments[0].id")]
    assert "「agriculture\\n」" in found[0].message


def test_every_schema_pattern_agrees_between_the_fast_path_and_the_explaining_validator():
    import fastjsonschema
    from jsonschema import Draft7Validator

    from qingdan.resources import shipped_dir
    from qingdan.schema import SchemaSet, end_anchored

    schemas = SchemaSet.load(shipped_dir("schemas"))
    patterns = set()

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schemas.schemas)
    assert patterns
    for pattern in sorted(patterns):
        schema = {"type": "string", "pattern": pattern}
        fast, slow = fastjsonschema.compile(schema), Draft7Validator(end_anchored(schema))
        for sample in ("agriculture", "2022-07-01", "0571-8888888", "990102", "QD101", "idle-offices"):
            for text in (sample, sample + "\n"):
                try:
                    fast(text)
                    fast_ok = True
                except fastjsonschema.JsonSchemaException:
                    fast_ok = False
                assert fast_ok == slow.is_valid(text), (pattern, text)
        assert not slow.is_valid("agriculture\n") or "$" not in pattern
