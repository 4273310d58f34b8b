"""Values set in a list file's text (qingdan.yamledit, for validate --fix): comments, order and quoting kept."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from qingdan.findings import Fix
from qingdan.source import parse
from qingdan.yamledit import EditProblem, set_values
from qingdan.yamlfmt import comment_texts, format_text

MATTERS = """\
# yaml-language-server: $schema=../schemas/matters.schema.json
# 测试市属地管理事项（导入）
domain:
  id: agriculture
  name: 农业农村
matters:
  - id: straw-burning
    name: 秸秆禁烧监管
    lead: 测试市农业农村局 # 原表：市农业农村局
    supporting:
      - "自然资源和规划局"
      - township
    township_duties:
      - 负责网格巡查。
    # 依据来自原表第 3 列
    basis:
      - document: 《大气污染防治法》

  - id: farm-houses
    name: 农村建房巡查
    lead: housing
    township_duties:
      - 负责日常巡查。
  # 以下事项待补
"""


def _fix(path, old, new):
    return Fix("matters/agriculture.yaml", path, old, new)


def test_a_value_and_a_missing_key_are_set_and_nothing_else_moves():
    out = set_values(
        MATTERS,
        "matters",
        [
            _fix(("matters", 0, "lead"), "测试市农业农村局", "agriculture"),
            _fix(("matters", 0, "supporting", 0), "自然资源和规划局", "natural-resources"),
            _fix(("matters", 0, "township_office"), None, "economic-office"),
            _fix(("matters", 1, "township_office"), None, "village-planning-office"),
        ],
    )
    assert out.splitlines() == [
        *MATTERS.splitlines()[:8],
        "    lead: agriculture # 原表：市农业农村局",  # the end-of-line comment stays on its line
        "    supporting:",
        '      - "natural-resources"',  # quoted before, quoted after
        "      - township",
        "    township_duties:",
        "      - 负责网格巡查。",
        "    township_office: economic-office",  # where the schema orders it, before basis
        "    # 依据来自原表第 3 列",  # the comment above basis stays above basis
        "    basis:",
        "      - document: 《大气污染防治法》",
        "",
        "  - id: farm-houses",
        "    name: 农村建房巡查",
        "    lead: housing",
        "    township_duties:",
        "      - 负责日常巡查。",
        "    township_office: village-planning-office",  # the last key: the comment after it stays after it
        "  # 以下事项待补",
    ]
    assert sorted(comment_texts(out)) == sorted(comment_texts(MATTERS))
    assert format_text(out, "matters") == out


def test_a_file_not_in_canonical_form_comes_out_formatted():
    flow = "domain: {id: agriculture, name: 农业农村}\nmatters:\n- {id: a, name: 甲, lead: agriculture, township_duties: [做。]}  # 行尾\n"
    out = set_values(flow, "matters", [_fix(("matters", 0, "township_office"), None, "economic-office")])
    assert parse(out).data["matters"][0]["township_office"] == "economic-office"
    assert format_text(out, "matters") == out
    assert comment_texts(out) == ["# 行尾"]


def test_a_stale_fix_changes_nothing():
    with pytest.raises(EditProblem, match="已经不是「农业局」"):
        set_values(MATTERS, "matters", [_fix(("matters", 0, "lead"), "农业局", "agriculture")])
    with pytest.raises(EditProblem, match="已经写了值"):  # the key is there now: a fix that adds it is stale
        set_values(MATTERS, "matters", [_fix(("matters", 0, "lead"), None, "agriculture")])
    with pytest.raises(EditProblem, match="找不到"):
        set_values(MATTERS, "matters", [_fix(("matters", 5, "lead"), None, "agriculture")])


def test_files_fmt_would_not_rewrite_are_refused():
    anchors = "domain: &d {id: a, name: 甲}\nmatters:\n  - {id: x, name: 乙, lead: *d}\n"
    with pytest.raises(EditProblem, match="锚点"):
        set_values(anchors, "matters", [_fix(("matters", 0, "name"), "乙", "丙")])
    with pytest.raises(EditProblem, match="重复"):
        set_values("domain: {id: a}\ndomain: {id: b}\n", "matters", [_fix(("domain", "id"), "b", "c")])


def test_crlf_and_bom_are_read_and_written_as_fmt_writes_them():
    text = "\ufeff" + MATTERS.replace("\n", "\r\n")
    out = set_values(text, "matters", [_fix(("matters", 1, "lead"), "housing", "agriculture")])
    assert out == MATTERS.replace("lead: housing", "lead: agriculture")


@pytest.mark.parametrize("rel", ["2025/duty-lists/heping.yaml", "2022/townships/chengxi.yaml"])
def test_one_value_in_a_sample_file_changes_one_line(rel):
    text = (SAMPLES / rel).read_text(encoding="utf-8")
    kind = "duty-list" if "duty-lists" in rel else "township"
    path = ("supporting", 0, "office") if kind == "duty-list" else ("offices", 0, "name")
    node = parse(text).data
    for step in path:
        node = node[step]
    out = set_values(text, kind, [Fix(rel, path, node, "changed-value")])
    changed = [(a, b) for a, b in zip(text.splitlines(), out.splitlines(), strict=True) if a != b]
    assert changed == [(f"    {path[-1]}: {node}", f"    {path[-1]}: changed-value")]
