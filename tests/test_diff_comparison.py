"""The 新旧对照表 of `qingdan diff --to docx|html|md`: 原条款 beside 修改后条款, through the render writers,
in the words a 编办 publishes — Chinese field names and values, its own title and opening, nothing internal."""

from __future__ import annotations

import functools
import html
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from ruamel.yaml import YAML

from conftest import REPO, SAMPLES
from qingdan.diff import diff
from qingdan.loader import load_dataset
from qingdan.model import DataSet
from qingdan.project import Project
from qingdan.render import environment, render_one
from qingdan.render.comparison import comparison
from qingdan.resources import shipped_dir

CASE = REPO / "tests" / "cases" / "diff" / "qinglan-2022-2025"
LISTS = REPO / "lists"
# every edition of every city in lists/, each pair compared both ways
PAIRS = [
    (city.name, a, b)
    for city in sorted(p for p in LISTS.iterdir() if p.is_dir())
    for a, b in itertools.permutations(sorted(e.name for e in city.iterdir() if (e / "qingdan.yaml").is_file()), 2)
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LETTERS = re.compile(r"[A-Za-z]+")


@functools.cache
def _load(folder: Path) -> DataSet:
    return load_dataset(Project.discover(folder))[0]


# -- the table cells of each format: (column, text); a group row spanning the table is column -1 ----------------


def _md_cells(text: str) -> Iterator[tuple[int, str]]:
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if not line.startswith("|") or re.fullmatch(r"\|(-+\|)+", line):
            continue
        if n + 1 < len(lines) and re.fullmatch(r"\|(-+\|)+", lines[n + 1]):
            continue  # the header row
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        yield from enumerate(c.strip().replace("<br>", "\n").replace("\\|", "|") for c in cells)
    for line in lines:
        if line.startswith("### "):
            yield -1, line[4:]


def _html_cells(text: str) -> Iterator[tuple[int, str]]:
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S):
        if "<th" in row:
            continue
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", row, re.S)
        for n, (attrs, cell) in enumerate(cells):
            yield (-1 if "colspan" in attrs else n), html.unescape(re.sub(r"<[^>]+>", "\n", cell))


def _docx_cells(data: bytes) -> Iterator[tuple[int, str]]:
    for table in docx.Document(io.BytesIO(data)).tables:
        for row in table.rows[1:]:
            cells = row.cells
            spans = len({id(c._tc) for c in cells}) == 1
            for n, cell in enumerate(cells[:1] if spans else cells):
                yield (-1 if spans else n), cell.text


def _own_words(*folders: Path) -> set[str]:
    """The Latin letters the lists themselves write: in their Chinese texts (C级、D级的危险房屋, A级旅游景区),
    codes and 文号. An id, a key or a code like `active` is none of these."""
    words: set[str] = set()

    def walk(node, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and (_CJK.search(node) or key in ("code", "document_number", "document")):
            words.update(_LETTERS.findall(node))

    yaml = YAML(typ="safe")
    for folder in folders:
        for path in folder.rglob("*.yaml"):
            walk(yaml.load(path.read_text(encoding="utf-8")))
    return words


def _stray(cells: Iterator[tuple[int, str]], own: set[str], ids: set[str]) -> list[tuple[int, str, str]]:
    """Latin letters that are not the list's own: in the 事项 column an item's id may stand for its name."""
    found = []
    for column, text in cells:
        for word in _LETTERS.findall(text):
            if word in own or (column == 1 and any(word in i for i in ids)):
                continue
            found.append((column, word, text[:80]))
    return found


@pytest.mark.parametrize(("city", "a", "b"), PAIRS, ids=["-".join(p) for p in PAIRS])
def test_no_english_key_or_raw_value_in_any_format(city, a, b):
    old, new = _load(LISTS / city / a), _load(LISTS / city / b)
    changes = diff(old, new)
    document = comparison(old, new, changes)
    env = environment(shipped_dir("templates"))
    own, ids = _own_words(LISTS / city / a, LISTS / city / b), {c.key for c in changes} | {c.old_key for c in changes}
    for fmt, cells in (("md", _md_cells), ("html", _html_cells), ("docx", _docx_cells)):
        [content] = render_one(new, fmt, env, document).values()
        table = list(cells(content if fmt == "docx" else content.decode()))
        assert len(table) >= document.row_count * 5, fmt  # every row's five cells were read
        assert _stray(iter(table), own, ids) == [], fmt


def test_stray_letters_are_found():
    """The check above finds what the 对照表 printed before it spoke Chinese."""
    cells = [
        (2, "状态：active"),
        (3, "date：2026-01-01"),
        (2, "督促A级旅游景区"),
        (1, "rural-road"),
        (4, "编制：{'x'}"),
    ]
    assert [w for _, w, _ in _stray(iter(cells), {"A"}, {"rural-road"})] == ["active", "date", "x"]


@pytest.mark.parametrize("edition", ["2019", "2025"])
def test_every_field_of_every_item_has_its_chinese_name(edition, tmp_path):
    """Every item of an edition, added whole to an empty one and taken away again: each field by its name."""
    (tmp_path / "qingdan.yaml").write_text("format: 1\njurisdiction: {name: 青岚市}\n", encoding="utf-8")
    empty = _load(tmp_path)
    full = _load(SAMPLES / edition)
    own = _own_words(SAMPLES / edition)
    for old, new in ((empty, full), (full, empty)):
        document = comparison(old, new, diff(old, new))
        cells = [
            (n, line)
            for part in document.parts
            for table in part.tables
            for group in table.groups
            for row in group.rows
            for n, cell in enumerate(row)
            for line in cell
        ]
        assert document.row_count > 100 and _stray(iter(cells), own, set()) == []


def test_a_withdrawal_reads_in_words():
    old, new = _load(SAMPLES / "2022"), _load(SAMPLES / "2025")
    document = comparison(old, new, diff(old, new))
    [powers] = [t for t in document.parts[0].tables if t.title.startswith("赋权事项目录")]
    rows = {row[1][0]: row for g in powers.groups for row in g.rows}
    road = rows["对擅自占用或者挖掘城市道路的行政处罚"]
    assert road[2] == ("【删】状态：有效",)
    assert road[3][:3] == ("【增】状态：已收回", "【增】收回日期：2025年1月3日", "【增】收回文件：青政发〔2025〕1号")
    assert road[3][3].startswith("【增】收回理由：城市道路占用、挖掘与道路挖掘许可审批")
    assert road[4] == ("收回赋权事项：收回青岚市住房和城乡建设局赋权事项「对擅自占用或者挖掘城市道路的行政处罚」"
                       "（青政发〔2025〕1号，2025年1月3日）",)  # fmt: skip


def test_nothing_internal_is_published():
    """备注, 职责准入记录 and 实有 stay with the 编办: a change of only those is not a 修改 of the published list."""
    old, new = _load(SAMPLES / "2019"), _load(SAMPLES / "2022")
    changes = diff(old, new)
    document = comparison(old, new, changes)
    text = "\n".join(
        line
        for part in document.parts
        for table in part.tables
        for group in table.groups
        for row in group.rows
        for cell in row
        for line in cell
    )
    assert {"admission-changed", "matter-changed", "staffing-changed"} <= {c.kind for c in changes}
    assert "编制核定" in text and "中层职数" in text
    assert not any(word in text for word in ("实有", "持执法证", "职责准入", "准入依据", "备注", "未见职责准入记录"))
    admissions = [c for c in changes if c.kind == "admission-changed"]
    assert admissions and all(c.new not in text for c in admissions if c.new)


def test_title_and_cover_are_its_own(run_cli, tmp_path):
    out = tmp_path / "对照表.md"
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "md", "-o", str(out))
    assert result.exit_code == 0 and "新旧对照表（298 处修改）已写入" in result.stdout
    head = out.read_text(encoding="utf-8").split("\n## ")[0].splitlines()
    assert head[0] == "# 青岚市乡镇（街道）责任清单新旧对照表（2022年版与2025年版）"
    assert head[2].startswith("本对照表列出《青岚市乡镇（街道）责任清单》2022年版与2025年版的全部修改，共298处，其中")
    assert head[4] == "2025年版由中共青岚市委机构编制委员会办公室印发（青编〔2025〕5号），自2025年3月1日起施行。"
    assert "→" not in head[0] and "起施行" not in head[0]


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_comparison_matches_its_golden(run_cli, tmp_path, golden, fmt):
    out = tmp_path / f"对照表.{fmt}"
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", fmt, "-o", str(out))
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "【删】" in page and "【增】" in page
    golden(CASE / f"expected.comparison.{fmt}", page)


def test_docx_comparison_is_a_landscape_annex_with_the_two_columns(run_cli, tmp_path):
    out = tmp_path / "对照表.docx"
    assert run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "docx", "-o", str(out)).exit_code == 0
    document = docx.Document(io.BytesIO(out.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "青岚市乡镇（街道）责任清单新旧对照表（2022年版与2025年版）" in texts
    assert any(t.startswith("本对照表列出《青岚市乡镇（街道）责任清单》2022年版与2025年版的全部修改") for t in texts)
    assert not any("清单构成" in t or "本清单" in t for t in texts)  # none of a list's own words
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert headers and all(h == ["序号", "事项", "原条款", "修改后条款", "修改说明"] for h in headers)
    changed = {c.list for c in diff(_load(SAMPLES / "2022"), _load(SAMPLES / "2025"))}
    assert len(document.tables) == len(changed) == 9  # one annex table per list that changed


def test_to_needs_an_output_file(run_cli):
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "pdf")
    assert result.exit_code == 2 and "docx、html 或 md" in result.stderr
