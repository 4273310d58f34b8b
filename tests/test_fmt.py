"""qingdan fmt and the canonical YAML writer (qingdan.yamlfmt)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import EDITIONS, REPO, SAMPLES
from qingdan import fmt as formatter
from qingdan.source import parse
from qingdan.yamlfmt import comment_texts, dump, format_text, modeline_for, needs_quotes, same_data

CASES = Path(__file__).parent / "cases" / "fmt"


# --- dump and modeline_for ----------------------------------------------------------------


@pytest.mark.parametrize(
    "rel",
    ["2022/matters/agriculture.yaml", "2022/townships/heping.yaml", "2025/powers.yaml", "2019/qingdan.yaml"],
)
def test_dump_of_sample_data_is_the_sample_text(rel):
    path = SAMPLES / rel
    text = path.read_text(encoding="utf-8")
    kind = {"matters": "matters", "townships": "township"}.get(path.parent.name, path.stem)
    kind = "edition" if path.name == "qingdan.yaml" else kind
    first, second = text.splitlines()[:2]
    modeline = first.removeprefix("# yaml-language-server: $schema=")
    out = dump(parse(text).data, kind, comments=[second.removeprefix("# ")], modeline=modeline)
    assert out == text
    assert format_text(out, kind) == out


def test_dump_orders_keys_quotes_and_spaces_matters():
    data = {
        "matters": [
            {"note": "备注", "name": "养犬监管", "id": "dogs", "contact": {"phone": "0000-1234567", "name": "张三"}},
            {"id": "b", "name": "no", "admission": {"date": "2022-06-30", "consulted": True}},
        ],
        "domain": {"order": 1, "name": "城乡建设", "id": "urban"},
    }
    out = dump(data, "matters", comments=["第一行", "第二行"], modeline="../schemas/matters.schema.json")
    assert out == (
        "# yaml-language-server: $schema=../schemas/matters.schema.json\n"
        "# 第一行\n"
        "# 第二行\n"
        "domain:\n"
        "  id: urban\n"
        "  name: 城乡建设\n"
        "  order: 1\n"
        "matters:\n"
        "  - id: dogs\n"
        "    name: 养犬监管\n"
        "    contact:\n"
        "      name: 张三\n"
        '      phone: "0000-1234567"\n'
        "    note: 备注\n"
        "\n"
        "  - id: b\n"
        '    name: "no"\n'
        "    admission:\n"
        '      date: "2022-06-30"\n'
        "      consulted: true\n"
    )
    assert format_text(out, "matters") == out
    assert same_data(parse(out).data, data)


def test_dump_without_header_and_odd_values():
    data = {
        "id": "x",
        "name": "a: b",
        "note": "第一行\n第二行\n",
        "population": 12,
        "area_km2": 1.5,
        "extra": {"z": None, "a": "'quoted'", "m": "# not a comment", "e": "", "t": "\t"},
    }
    out = dump(data, "township")
    assert out == (
        "id: x\n"
        'name: "a: b"\n'
        "population: 12\n"
        "area_km2: 1.5\n"
        "note: |\n"
        "  第一行\n"
        "  第二行\n"
        "extra:\n"
        "  z: null\n"
        "  a: \"'quoted'\"\n"
        '  m: "# not a comment"\n'
        '  e: ""\n'
        '  t: "\\t"\n'
    )
    assert same_data(parse(out).data, data)
    assert format_text(out, "township") == out


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("0000-6130306", True),
        ("330211001000", True),
        ("2022-07-01", True),
        ("2022", True),
        ("12:30", True),
        ("yes", True),
        ("Off", True),
        ("null", True),
        ("~", True),
        ("1e3", True),
        (".inf", True),
        ("- x", True),
        ("a #b", True),
        (" 前后空格", True),
        ("2025年由原乡村建设办公室合并设置", False),
        ("5个工作日内", False),
        ("../2022", False),
        ("《中华人民共和国土地管理法》", False),
        ("a:b", False),
        ("C#", False),
    ],
)
def test_needs_quotes(value, quoted):
    assert needs_quotes(value) is quoted


def test_modeline_for_finds_the_nearest_schemas_folder(tmp_path):
    assert modeline_for(SAMPLES / "2022" / "matters" / "x.yaml", "matters") == "../../../../schemas/matters.schema.json"
    assert modeline_for(SAMPLES / "2022" / "qingdan.yaml", "edition") == "../../../schemas/edition.schema.json"
    (tmp_path / "a" / "schemas").mkdir(parents=True)
    (tmp_path / "a" / "schemas" / "township.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a" / "b" / "townships").mkdir(parents=True)
    assert (
        modeline_for(tmp_path / "a" / "b" / "townships" / "t.yaml", "township") == "../../schemas/township.schema.json"
    )
    assert modeline_for(tmp_path / "a" / "t.yaml", "township") == "schemas/township.schema.json"
    assert modeline_for(tmp_path / "a" / "b" / "t.yaml", "powers") is None


# --- format_text --------------------------------------------------------------------------


def test_messy_file_golden_and_idempotent(golden):
    text = (CASES / "messy.input.yaml").read_text(encoding="utf-8")
    out = format_text(text, "matters")
    golden(CASES / "messy.expected.yaml", out)
    assert format_text(out, "matters") == out
    assert same_data(parse(out).data, parse(text).data)
    assert sorted(comment_texts(out)) == sorted(comment_texts(text))
    assert "'" not in out.replace("\"'", "")  # no single-quoted scalar is left
    assert '"2022-06-30"' in out and '"yes"' in out and '"0000-6160412"' in out


def test_comment_above_a_moved_key_moves_with_it():
    text = "name: 鹤坪镇\n# 标识\nid: heping\nkind: town\n# 机构设置\nstructure: medium\noffices: []\n"
    assert format_text(text, "township") == (
        "# 标识\nid: heping\nname: 鹤坪镇\nkind: town\n# 机构设置\nstructure: medium\noffices: []\n"
    )


def test_line_ends_bom_and_final_newline():
    assert format_text("\ufeffid: a\r\nname: b\r\n\r\n\r\n", "township") == "id: a\nname: b\n"
    assert format_text("# 只有注释\n\n\n", "township") == "# 只有注释\n"


@pytest.mark.parametrize(
    ("text", "code", "line", "message"),
    [
        ("id: [a\n", "QD001", 2, "方括号"),
        ("id: a\nid: b\n", "QD002", 2, "重复"),
        ("id: &x a\nname: *x\n", "QD013", 1, "锚点"),
    ],
)
def test_files_fmt_refuses(text, code, line, message):
    from qingdan.yamlfmt import FormatProblem

    with pytest.raises(FormatProblem) as info:
        format_text(text, "township")
    assert (info.value.code, info.value.line) == (code, line)
    assert message in info.value.message


def test_comment_texts_skips_hashes_inside_scalars():
    text = 'a: "x #y"  # 真注释\nb: |\n  # 文字\nc: d#e\n# 末尾\n'
    assert comment_texts(text) == ["# 真注释", "# 末尾"]


# --- the samples --------------------------------------------------------------------------


def _comments_of(root: Path) -> dict[str, list[str]]:
    return {
        p.relative_to(root).as_posix(): sorted(comment_texts(p.read_text(encoding="utf-8")))
        for p in root.rglob("*.yaml")
    }


def _data_of(root: Path) -> dict[str, object]:
    return {p.relative_to(root).as_posix(): parse(p.read_text(encoding="utf-8")).data for p in root.rglob("*.yaml")}


@pytest.mark.parametrize("edition", EDITIONS)
def test_fmt_on_samples_keeps_data_and_comments_and_is_idempotent(edition, tmp_path, run_cli):
    root = tmp_path / edition
    shutil.copytree(SAMPLES / edition, root)
    before = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.yaml")}
    comments, data = _comments_of(root), _data_of(root)

    first = run_cli("fmt", str(root))
    assert first.exit_code == 0, first.output
    after = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.yaml")}
    changed = {rel for rel in before if before[rel] != after[rel]}
    assert changed == set()  # the samples are written in the canonical form already
    assert _comments_of(root) == comments
    assert all(same_data(d, data[rel]) for rel, d in _data_of(root).items())

    second = run_cli("fmt", "--check", str(root))
    assert second.exit_code == 0, second.output
    assert "需要格式化：" not in second.output


# --- the command --------------------------------------------------------------------------


def test_cli_writes_and_reports(make_project, run_cli):
    messy = (CASES / "messy.input.yaml").read_text(encoding="utf-8")
    root = make_project({"matters/messy.yaml": messy})
    result = run_cli("fmt", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "已格式化 6 个文件，0 个无需改动"
    expected = (CASES / "messy.expected.yaml").read_text(encoding="utf-8")
    assert (root / "matters" / "messy.yaml").read_text(encoding="utf-8") == expected
    again = run_cli("fmt", str(root))
    assert again.output.strip() == "已格式化 0 个文件，6 个无需改动"


def test_cli_check_lists_files_and_exits_1(make_project, run_cli):
    root = make_project({"matters/messy.yaml": (CASES / "messy.input.yaml").read_text(encoding="utf-8")})
    snapshot = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = run_cli("fmt", "--check", str(root))
    assert result.exit_code == 1
    assert f"需要格式化：{root.as_posix()}/matters/messy.yaml" in result.output
    assert f"需要格式化：{root.as_posix()}/qingdan.yaml" in result.output
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == snapshot  # --check writes nothing
    run_cli("fmt", str(root))
    clean = run_cli("fmt", "--check", str(root))
    assert clean.exit_code == 0
    assert "需要格式化：" not in clean.output


def test_cli_diff_prints_and_writes_nothing(make_project, run_cli, golden):
    root = make_project(
        {
            "townships/heping.yaml": "name: 鹤坪镇\nid: heping\nkind: town\nstructure: medium\noffices:\n- id: x\n  name: 'y'\n"
        }
    )
    before = (root / "townships" / "heping.yaml").read_text(encoding="utf-8")
    result = run_cli("fmt", "--diff", str(root / "townships" / "heping.yaml"))
    assert result.exit_code == 0
    golden(CASES / "diff.txt", result.output.replace(root.as_posix(), "<data>"))
    assert (root / "townships" / "heping.yaml").read_text(encoding="utf-8") == before


def test_cli_single_file_and_kind_from_data_set(make_project, run_cli):
    root = make_project({})
    target = root / "departments.yaml"
    target.write_text("departments:\n- name: 农业农村局\n  id: agriculture\n", encoding="utf-8")
    result = run_cli("fmt", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == "departments:\n  - id: agriculture\n    name: 农业农村局\n"
    stray = root / "notes.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    refused = run_cli("fmt", str(stray))
    assert refused.exit_code == 2
    assert "不属于清单" in refused.output


def test_cli_broken_file_is_reported_and_left_alone(make_project, run_cli):
    root = make_project(
        {
            "duties.yaml": "areas:\n  - {id: economy, name: 经济发展\nduties: []\n",
            "departments.yaml": "departments:\n- {name: 农业农村局, id: agriculture}\n",
        }
    )
    broken = (root / "duties.yaml").read_bytes()
    result = run_cli("fmt", str(root))
    assert result.exit_code == 2
    assert f"{root.as_posix()}/duties.yaml:3:7: QD001 YAML 语法错误" in result.output
    assert "文件未改动" in result.output
    assert "1 个无法格式化" in result.output
    assert (root / "duties.yaml").read_bytes() == broken
    assert (root / "departments.yaml").read_text(encoding="utf-8").startswith("departments:\n  - id: agriculture\n")
    check = run_cli("fmt", "--check", str(root))
    assert check.exit_code == 2


def test_cli_not_utf8(make_project, run_cli):
    root = make_project({"departments.yaml": "departments:\n  - id: a\n    name: 农业农村局\n".encode("gb18030")})
    result = run_cli("fmt", "--check", str(root))
    assert result.exit_code == 2
    assert "departments.yaml:3: QD003 文件不是 UTF-8 编码" in result.output


def test_pre_commit_hook_runs_fmt_check():
    text = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = {h["id"]: h for h in parse(text).data}
    assert hooks["qingdan-fmt-check"]["entry"] == "qingdan fmt --check"
    assert hooks["qingdan-fmt-check"]["pass_filenames"] is False


# --- the cache of files already canonical ---------------------------------------------------


def _no_formatting(monkeypatch):
    def refuse(text, kind):
        raise AssertionError("formatted a file the cache knows")

    monkeypatch.setattr(formatter, "format_text", refuse)


def test_a_second_check_reads_canonical_files_from_the_cache(tmp_path, run_cli, monkeypatch):
    root = tmp_path / "2022"
    shutil.copytree(SAMPLES / "2022", root)
    first = run_cli("fmt", "--check", str(root))
    assert first.exit_code == 0, first.output
    cache_files = list(Path(os.environ["QINGDAN_CACHE_DIR"]).glob("fmt-*.txt"))
    assert len(cache_files) == 1
    assert len(cache_files[0].read_text(encoding="ascii").split()) == len(list(root.rglob("*.yaml")))

    _no_formatting(monkeypatch)
    second = run_cli("fmt", "--check", str(root))
    assert second.exit_code == 0, second.output
    assert "0 个文件需要格式化，24 个无需改动" in second.output


def test_an_edited_file_is_checked_again_and_no_cache_checks_every_file(tmp_path, run_cli, monkeypatch):
    root = tmp_path / "2022"
    shutil.copytree(SAMPLES / "2022", root)
    assert run_cli("fmt", "--check", str(root)).exit_code == 0
    market = root / "matters" / "market.yaml"
    market.write_text(market.read_text(encoding="utf-8").replace("  id: market\n", "  id: 'market'\n"), "utf-8")
    edited = run_cli("fmt", "--check", str(root))
    assert edited.exit_code == 1
    assert "需要格式化：" in edited.output and "market.yaml" in edited.output

    # --no-cache neither reads nor writes the cache: a cache that lies is not believed
    (cache_file,) = Path(os.environ["QINGDAN_CACHE_DIR"]).glob("fmt-*.txt")
    lie = _key_of(market)
    cache_file.write_text(cache_file.read_text(encoding="ascii") + lie + "\n", encoding="ascii")
    assert run_cli("fmt", "--check", str(root)).exit_code == 0  # believed: that's what a cache is
    before = cache_file.read_text(encoding="ascii")
    assert run_cli("fmt", "--check", "--no-cache", str(root)).exit_code == 1  # checked for real: 'market' still quoted
    assert cache_file.read_text(encoding="ascii") == before


def _key_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(b"matters\0" + path.read_bytes()).hexdigest()


def test_what_fmt_would_write_is_remembered_too(tmp_path, run_cli, monkeypatch):
    # the key is the content: the canonical text from --check is known once fmt writes those very bytes
    root = tmp_path / "2022"
    shutil.copytree(SAMPLES / "2022", root)
    market = root / "matters" / "market.yaml"
    market.write_text(market.read_text(encoding="utf-8").replace("  id: market\n", "  id: 'market'\n"), "utf-8")
    assert run_cli("fmt", "--check", str(root)).exit_code == 1
    assert run_cli("fmt", str(root)).exit_code == 0
    _no_formatting(monkeypatch)
    assert run_cli("fmt", "--check", str(root)).exit_code == 0


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, run_cli, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("QINGDAN_CACHE_DIR", str(blocker))
    root = tmp_path / "2022"
    shutil.copytree(SAMPLES / "2022", root)
    result = run_cli("fmt", "--check", str(root))
    assert result.exit_code == 0, result.output
    assert blocker.read_text(encoding="utf-8") == ""
