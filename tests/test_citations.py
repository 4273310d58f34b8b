"""Citations: nothing a basis cell says is lost between the source list and the published Word and Excel.

The fixture (tests/fixtures/import/make_citations.py) holds a basis cell of every form counties
publish. It is imported with `qingdan import` into a data set, rendered with `qingdan render`,
and every character of each source cell must come out in the row's 依据 cell, in order, after
the documented normalisation: list numbers, whitespace and separating punctuation dropped, and
the brackets of a 文号 printed as （…） and 〔…〕.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import REPO, SAMPLES
from qingdan.cli import app
from qingdan.diff import diff
from qingdan.importer.workbook import read
from qingdan.loader import load_dataset
from qingdan.model import Basis
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render.documents import build
from qingdan.resources import shipped_dir
from qingdan.source import parse
from qingdan.who import search

FIXTURE = REPO / "tests" / "fixtures" / "import" / "citations.xlsx"
BASIS_TITLE = "法律法规及文件依据"
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕", "【": "〔", "】": "〕"})
_DROPPED = re.compile(r"[\s，,。.；;：:、]")
_NUMBERS = re.compile(r"(?:^|(?<=[\n；;]))\s*\d{1,2}[.、．]")


def normal(text: str) -> str:
    """A basis cell as the published text must still hold it: the documented normalisation."""
    return _DROPPED.sub("", _NUMBERS.sub("", text).translate(_BRACKETS))


def is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(ch in rest for ch in short)


def _source_cells() -> dict[str, str]:
    ws = load_workbook(FIXTURE).active
    rows = list(ws.iter_rows(values_only=True))
    header = next(r for r in rows if r and BASIS_TITLE in r)
    name, basis = header.index("事项名称"), header.index(BASIS_TITLE)
    return {r[name]: r[basis] for r in rows[rows.index(header) + 1 :] if r[name] and r[basis]}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture imported into a copy of the 2022 sample, then rendered as Word and Excel."""
    base = tmp_path_factory.mktemp("citations")
    data = base / "data"
    for path in (SAMPLES / "2022").iterdir():  # the departments, structures and townships; no lists of matters
        if path.is_file() and path.name in ("qingdan.yaml", "departments.yaml", "structures.yaml"):
            (data / path.name).parent.mkdir(parents=True, exist_ok=True)
            (data / path.name).write_bytes(path.read_bytes())
    runner = CliRunner()
    result = runner.invoke(app, ["import", str(FIXTURE), "--kind", "matters", "--data", str(data), "-o", str(data)])
    assert result.exit_code == 0, result.output
    out = {}
    for fmt in ("docx", "xlsx"):
        target = base / fmt
        # a list just imported has decisions open (no townships, offices to choose): rendered as a draft
        args = ["render", str(data), "--to", fmt, "-d", "responsibility-list", "-o", str(target), "--allow-errors"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        out[fmt] = next(target.glob(f"*.{fmt}"))
    return out["docx"], out["xlsx"]


def _word_cells(path: Path) -> dict[str, str]:
    cells = {}
    for table in docx.Document(str(path)).tables:
        header = [c.text for c in table.rows[0].cells]
        if "依据" not in header:
            continue
        name, basis = header.index("事项名称"), header.index("依据")
        for row in table.rows[1:]:
            texts = [c.text for c in row.cells]
            cells[texts[name]] = texts[basis]
    return cells


def _excel_cells(path: Path) -> dict[str, str]:
    ws = load_workbook(path).worksheets[0]
    header = [c.value for c in ws[3]]
    name, basis = header.index("事项名称"), header.index("依据")
    return {row[name]: row[basis] or "" for row in ws.iter_rows(min_row=4, values_only=True) if row[name]}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_every_character_of_every_basis_cell_is_published(published, fmt):
    source = _source_cells()
    assert len(source) == 10
    shown = _word_cells(published[0]) if fmt == "docx" else _excel_cells(published[1])
    missing = []
    for name, cell in source.items():
        printed = shown.get(name)
        assert printed is not None, name
        if not is_subsequence(normal(cell), normal(printed)):
            missing.append((name, cell, printed))
        for run in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9]+", _NUMBERS.sub("", cell)):
            if run not in printed:
                missing.append((name, run, printed))
    assert missing == []


def test_the_word_cell_prints_each_part_of_an_entry(published):
    cells = _word_cells(published[0])
    assert cells["乡村建设规划许可监管"] == "《中华人民共和国城乡规划法》（2007年10月28日主席令第七十四号）第六十五条"
    assert cells["安全生产日常监管"] == (
        "《云州市人民政府办公室关于进一步加强安全生产工作的通知》（云政办发〔2020〕15号）："
        "三、强化日常监管。督促生产经营单位落实安全生产主体责任。"
    )
    assert cells["耕地保护监管"].split("\n") == [
        "《中华人民共和国土地管理法》第三十七条",
        "《基本农田保护条例》第十七条第二款",
    ]
    assert cells["农村生活垃圾分类"].split("\n")[0] == (
        "《青岚市人民政府关于印发青岚市农村生活垃圾分类管理办法的通知》（青政发〔2021〕8号）第十二条"
    )


def test_the_normalisation_the_check_allows_is_no_wider_than_documented():
    # a dropped word, a changed digit or a changed bracket kind around a title would not pass
    assert not is_subsequence(normal("《甲法》第十条：依照规定"), normal("《甲法》第十条：依照"))
    assert not is_subsequence(normal("青政发[2021]8号"), normal("青政发〔2021〕9号"))
    assert not is_subsequence(normal("《甲法》"), normal("〈甲法〉"))
    assert is_subsequence(normal("1.《甲法》第十条；2.《乙法》"), normal("《甲法》第十条\n《乙法》"))


@pytest.mark.parametrize(
    ("basis", "text"),
    [
        (Basis("《甲法》", "第十条", "", ""), "《甲法》第十条"),
        (Basis("《甲通知》", "", "三、强化监管。", "甲发〔2020〕1号"), "《甲通知》（甲发〔2020〕1号）：三、强化监管。"),
        (Basis("甲关于乙的意见", "第二条", "原文", "甲发〔2020〕1号"), "甲关于乙的意见（甲发〔2020〕1号）第二条：原文"),
    ],
)
def test_a_basis_entry_prints_every_part(basis, text):
    assert basis.text == text
    assert basis.citation == text.split("：")[0]


MATTERS = """\
domain: {id: urban-rural, name: 城乡建设}
matters:
  - id: rural-waste
    name: 农村生活垃圾分类
    lead: housing
    basis:
      - document: 《青岚市农村生活垃圾分类管理办法》
        number: 青政发〔2021〕8号
        article: 第十二条
        excerpt: 乡镇人民政府负责本辖区农村生活垃圾分类的组织实施。
      - {document: 《中华人民共和国固体废物污染环境防治法》, article: 第四十六条}
"""


def test_the_xlsx_round_trip_keeps_the_number_and_an_edited_line_keeps_every_part(make_project, tmp_path):
    root = make_project({"matters/urban-rural.yaml": MATTERS})
    ds = load_dataset(Project.discover(root))[0]
    path = tmp_path / "responsibility-list.xlsx"
    files = render_files(ds, "xlsx", environment(shipped_dir("templates")), epoch=0, editable=True)
    path.write_bytes(files[path.name])
    original = parse(MATTERS).data
    assert read(path, ds).files["matters/urban-rural.yaml"] == original

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    column = next(c.column for c in ws[3] if c.value == "依据")
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "农村生活垃圾分类")
    lines = ws.cell(row, column).value.split("\n")
    assert lines[0] == (
        "《青岚市农村生活垃圾分类管理办法》（青政发〔2021〕8号）第十二条：乡镇人民政府负责本辖区农村生活垃圾分类的组织实施。"
    )
    ws.cell(row, column).value = "\n".join([lines[0].replace("第十二条", "第十三条"), *lines[1:]])
    wb.save(path)
    basis = read(path, ds).files["matters/urban-rural.yaml"]["matters"][0]["basis"]
    assert basis == [{**original["matters"][0]["basis"][0], "article": "第十三条"}, original["matters"][0]["basis"][1]]


def test_who_names_the_number_and_diff_prints_the_whole_entry_but_says_what_changed(make_project):
    ds = load_dataset(Project.discover(make_project({"matters/urban-rural.yaml": MATTERS})))[0]
    assert search(ds, "垃圾分类")[0].basis == (
        "《青岚市农村生活垃圾分类管理办法》（青政发〔2021〕8号）第十二条",
        "《中华人民共和国固体废物污染环境防治法》第四十六条",
    )
    matter = ds.matters[0]
    first, second = matter.basis

    def edited(*basis: Basis):
        return replace(ds, matters=[replace(matter, basis=basis)])

    changes = diff(ds, edited(replace(first, excerpt="乡镇人民政府组织实施。"), second))
    assert [(c.kind, c.message.split("的依据")[1]) for c in changes] == [("basis-changed", "摘录有修改")]
    assert (
        changes[0].new[0] == "《青岚市农村生活垃圾分类管理办法》（青政发〔2021〕8号）第十二条：乡镇人民政府组织实施。"
    )
    changes = diff(ds, edited(second, first))
    assert [c.message.split("的依据")[1] for c in changes] == ["顺序有调整"]
    changes = diff(ds, edited(replace(first, number="青政发〔2022〕1号"), second))
    assert [c.message.split("的依据")[1] for c in changes] == [
        "增加《青岚市农村生活垃圾分类管理办法》（青政发〔2022〕1号）第十二条，"
        "去掉《青岚市农村生活垃圾分类管理办法》（青政发〔2021〕8号）第十二条"
    ]


def test_a_list_that_quotes_excerpts_gives_its_basis_column_more_room(make_project):
    plain = MATTERS.replace("        excerpt: 乡镇人民政府负责本辖区农村生活垃圾分类的组织实施。\n", "")

    def widths(text: str) -> dict[str, int]:
        ds = load_dataset(Project.discover(make_project({"matters/urban-rural.yaml": text})))[0]
        doc = next(d for d in build(ds, ["responsibility-list"]))
        return {c.title: c.weight for c in doc.parts[0].tables[0].columns}

    quoted, bare = widths(MATTERS), widths(plain)
    assert (quoted["依据"], bare["依据"]) == (24, 16)
    assert sum(quoted.values()) == sum(bare.values())
