"""Numbering past ninety-nine (issue 14): headings, 附件 and dates count in Chinese numerals to any size, and
序号 runs past 999 — a list with a hundred or more groups stopped render --to site and --to docx before."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook

from conftest import write_project
from qingdan.render.documents import chinese_digits, chinese_number


@pytest.mark.parametrize(
    ("n", "written"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (119, "一百一十九"),
        (999, "九百九十九"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (1100, "一千一百"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (10100, "一万零一百"),
        (100000, "十万"),
        (1000010, "一百万零一十"),
        (100000000, "一亿"),
        (100010000, "一亿零一万"),
    ],
)
def test_chinese_numbers_of_any_size(n, written):
    assert chinese_number(n) == written


def test_a_year_is_written_digit_by_digit():
    assert chinese_digits("2025") == "二〇二五"


DOMAINS, MATTERS = 101, 10  # 101 groups, 1,010 rows


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    files = {}
    for d in range(DOMAINS):
        body = f"domain: {{id: d{d:03}, name: 领域{d:03}, order: {d + 1}}}\nmatters:\n"
        for m in range(MATTERS):
            body += f"  - {{id: m{d}-{m}, name: 事项{d}之{m}, lead: agriculture, township_duties: [负责巡查。]}}\n"
        files[f"matters/d{d:03}.yaml"] = body
    return write_project(tmp_path_factory.mktemp("many") / "data", files)


def test_every_format_numbers_a_hundred_groups_and_a_thousand_rows(many, run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "render",
        str(many),
        "--allow-errors",
        "--to",
        "md,html,docx,xlsx,site",
        "-d",
        "responsibility-list",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    md = (out / "md" / "responsibility-list.md").read_text(encoding="utf-8")
    assert "### 一百、领域099" in md and "### 一百零一、领域100" in md
    assert "| 1010 | 事项100之9 |" in md
    word = WordDocument(out / "docx" / "responsibility-list.docx")
    first = [row.cells[0].text for row in word.tables[0].rows]
    assert "一百零一、领域100" in first and first[-1] == "1010"
    book = load_workbook(io.BytesIO((out / "xlsx" / "responsibility-list.xlsx").read_bytes()))
    column = [row[0] for row in book.worksheets[0].iter_rows(min_col=1, max_col=1, values_only=True)]
    assert 1010 in column and "一百零一、领域100" in column
    assert "一百零一、领域100" in (out / "responsibility-list.html").read_text(encoding="utf-8")
