"""Items of no domain, area or category are listed first, without a group row, in every format: never under a group
named 未分领域 / 未分方面 / 未分类 (what earlier imports wrote for none), and 序号 runs on as shown."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render.documents import build
from qingdan.resources import shipped_dir

# a domain file as counties group their 属地管理事项 lists
GROUPED = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧
    lead: agriculture
    department_duties: [负责秸秆禁烧的监督管理。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
  - id: farmland
    name: 耕地保护
    lead: natural-resources
    department_duties: [负责耕地保护执法。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
"""
LOOSE = """\
matters:
  - {id: dog, name: 养犬管理, lead: agriculture, township_office: economic-office}
"""
LEGACY_DUTY_LIST = """\
township: heping
basic:
  - {id: dj-001, category: 党的建设, name: 落实基层党建工作责任制, office: economic-office}
  - {id: qt-001, category: 未分类, name: 做好上级交办的其他工作, office: economic-office}
  - {id: dj-002, category: 党的建设, name: 开展党员教育管理, office: economic-office}
supporting:
  - {id: ph-001, name: 配合开展耕地保护巡查, department: natural-resources, department_duty: 负责执法。, township_duty: 负责巡查。, office: economic-office}
"""


def _document(root: Path, kind: str):
    dataset, _ = load_dataset(Project.discover(root))
    (doc,) = build(dataset, [kind])
    return doc


def test_matters_of_no_domain_come_first_without_a_group_row(make_project):
    root = make_project({"matters/agriculture.yaml": GROUPED, "matters/general.yaml": LOOSE})
    (table,) = _document(root, "responsibility-list").parts[0].tables
    assert [(g.title, [r[0][0] for r in g.rows]) for g in table.groups] == [("", ["1"]), ("一、农业农村", ["2", "3"])]
    md = render_files(load_dataset(Project.discover(root))[0], "md", environment(shipped_dir("templates")))
    text = md["responsibility-list.md"].decode()
    assert "未分" not in text and text.index("养犬管理") < text.index("### 一、农业农村")


def test_items_of_no_category_come_first_and_are_numbered_as_shown(make_project):
    root = make_project({"matters/agriculture.yaml": GROUPED, "duty-lists/heping.yaml": LEGACY_DUTY_LIST})
    basic, supporting, _ = _document(root, "performance-list").parts[0].tables
    assert [(g.title, [(r[0][0], r[1][0]) for r in g.rows]) for g in basic.groups] == [
        ("", [("1", "做好上级交办的其他工作")]),
        ("党的建设", [("2", "落实基层党建工作责任制"), ("3", "开展党员教育管理")]),
    ]
    assert [g.title for g in supporting.groups] == [""]


def _word_rows(data: bytes) -> list[list[str]]:
    word = docx.Document(io.BytesIO(data))
    return [[c.text for c in row.cells] for table in word.tables for row in table.rows]


def _sheet_rows(data: bytes) -> list[list[str]]:
    """The cells a reader sees: hidden columns and the hidden 「qingdan」 sheet keep the data for the round trip."""
    rows = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        if ws.sheet_state == "visible":
            for row in ws.iter_rows():
                shown = (c for c in row if not ws.column_dimensions[get_column_letter(c.column)].hidden)
                rows.append([str(c.value) for c in shown if c.value is not None])
    return rows


@pytest.mark.parametrize("fmt", ["md", "html", "site", "docx", "xlsx"])
def test_no_format_prints_a_group_of_no_group(make_project, fmt):
    """未分领域 / 未分类 that earlier imports wrote are no group: no group row, heading, search entry or column says
    them, and the item of no category is the first row of its table, above the 党的建设 group row."""
    legacy = LOOSE.replace("matters:", "domain: {id: general, name: 未分领域}\nmatters:")
    root = make_project(
        {
            "matters/agriculture.yaml": GROUPED,
            "matters/general.yaml": legacy,
            "duty-lists/heping.yaml": LEGACY_DUTY_LIST,
        }
    )
    dataset = load_dataset(Project.discover(root))[0]
    files = render_files(dataset, fmt, environment(shipped_dir("templates")))
    read = {"docx": _word_rows, "xlsx": _sheet_rows}.get(fmt)
    texts = {name: "\n".join("\t".join(r) for r in read(b)) if read else b.decode() for name, b in files.items()}
    assert [name for name, text in texts.items() if "未分" in text] == []
    page = next(text for name, text in texts.items() if name.startswith("performance-list-heping"))
    assert page.index("做好上级交办的其他工作") < page.index("党的建设") < page.index("落实基层党建工作责任制")
    listed = next(text for name, text in texts.items() if name.startswith("responsibility-list"))
    assert listed.index("养犬管理") < listed.index("一、农业农村")
    if read:  # the item of no category is the table's first row under its header, with 序号 1
        rows = [r for r in read(files[next(n for n in files if n.startswith("performance-list-heping"))])]
        first = next(n for n, r in enumerate(rows) if "做好上级交办的其他工作" in r)
        assert rows[first - 1][0] == "序号" and rows[first][0] == "1"


def test_duties_of_no_area_and_of_an_unknown_one_are_listed_not_dropped(make_project):
    duties = """\
        areas:
          - {id: economy, name: 经济发展}
          - {id: general, name: 未分方面}
        duties:
          - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
          - {id: other-01, area: general, name: 负责上级交办的其他工作。, office: economic-office}
          - {id: lost-01, area: no-such-area, name: 负责辖区内的其他事务。, office: economic-office}
          - {id: none-01, name: 负责综合协调。, office: economic-office}
        """
    root = make_project({"duties.yaml": duties})
    (table,) = _document(root, "duty-list").parts[0].tables
    assert [(g.title, [r[1][0] for r in g.rows]) for g in table.groups] == [
        ("", ["负责上级交办的其他工作。", "负责辖区内的其他事务。", "负责综合协调。"]),
        ("一、经济发展（1项）", ["负责拟订全镇经济发展规划。"]),
    ]
