"""The 新旧对照表 of `qingdan diff --to html|docx`: 原条款 beside 修改后条款, through the render writers."""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT

from conftest import REPO, SAMPLES
from qingdan.diff import diff
from qingdan.loader import load_dataset
from qingdan.project import Project

CASE = REPO / "tests" / "cases" / "diff" / "qinglan-2022-2025"


def _load(edition):
    return load_dataset(Project.discover(SAMPLES / edition))[0]


def test_html_comparison_matches_its_golden(run_cli, tmp_path, golden):
    out = tmp_path / "对照表.html"
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "html", "-o", str(out))
    assert result.exit_code == 0 and "314 处变化" in result.stdout
    page = out.read_text(encoding="utf-8")
    assert "<th>原条款</th><th>修改后条款</th>" in page
    assert "【删】" in page and "【增】" in page
    assert "department_duties" not in page  # field names are shown in Chinese
    golden(CASE / "expected.comparison.html", page)


def test_docx_comparison_is_a_landscape_annex_with_the_two_columns(run_cli, tmp_path):
    out = tmp_path / "对照表.docx"
    assert run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "docx", "-o", str(out)).exit_code == 0
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert any(p.text == "青岚市乡镇（街道）责任清单新旧对照表（2022年版 → 2025年版）" for p in document.paragraphs)
    assert document.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert headers and all(h == ["序号", "事项", "原条款", "修改后条款", "修改说明"] for h in headers)
    changed = {c.list for c in diff(_load("2022"), _load("2025"))}
    assert len(document.tables) == len(changed) == 9  # one annex table per list that changed


def test_to_needs_an_output_file(run_cli):
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--to", "pdf")
    assert result.exit_code == 2 and "docx 或 html" in result.stderr
