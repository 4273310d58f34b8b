"""`qingdan render` and `qingdan diff --to` publish only what validates: errors and placeholders stop them and write
nothing; --allow-errors and --draft mark every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLES, fill_placeholders

# a matter whose lead the list names as counties write it, a department the data set does not have
BROKEN = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧
    lead: 县公安局
    department_duties: [负责秸秆禁烧的监督管理。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
  - id: farmland
    name: 耕地保护
    lead: natural-resources
    department_duties: [负责耕地保护执法，电话0571-XXXXXXX。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
"""
CLEAN = BROKEN.replace("县公安局", "agriculture").replace("，电话0571-XXXXXXX", "")
PAGES = ("md", "html", "site")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["md", "html", "site", "docx", "xlsx"])
def test_an_error_stops_the_render_and_writes_nothing(run_cli, make_project, tmp_path, fmt):
    root = make_project({"matters/agriculture.yaml": BROKEN})
    out = tmp_path / "out"
    result = run_cli("render", str(root), "--to", fmt, "-o", str(out))
    assert result.exit_code == 1
    assert not out.exists()
    lines = result.stderr.splitlines()
    assert lines[0] == "qingdan: 清单有 2 个错误、1 处占位文字，不能发布，没有生成任何文件："
    # the errors first, then the placeholder, each as the text format of validate heads it
    where = f"  {root}/matters/agriculture.yaml"
    assert lines[1].startswith(f"{where}:5:11: QD004 错误 「lead」应为列表")
    assert lines[2].startswith(f"{where}:5:11: QD201 错误 事项「秸秆禁烧」的主体责任部门「县公安局」不在部门名录中")
    assert lines[3].startswith(
        f"{where}:12:25: QD207 警告 「负责耕地保护执法，电话0571-XXXXXXX。」中的「XXXXXXX」是占位文字"
    )
    assert (
        "（QD207）" in lines[4]
        and f"运行 qingdan validate {root} 查看全部" in lines[5]
        and "--allow-errors" in lines[5]
    )
    assert len(lines) == 6 and result.stdout == ""


def test_check_is_refused_too_and_an_earlier_output_is_left_alone(run_cli, make_project, tmp_path):
    root = make_project({"matters/agriculture.yaml": CLEAN})
    out = tmp_path / "out"
    assert run_cli("render", str(root), "--to", "html", "-o", str(out)).exit_code == 0
    before = _tree(out)
    (root / "matters" / "agriculture.yaml").write_text(BROKEN, encoding="utf-8")
    for extra in ((), ("--check",)):
        result = run_cli("render", str(root), "--to", "html", "-o", str(out), *extra)
        assert result.exit_code == 1 and "不能发布" in result.stderr
        assert "需要重新生成" not in result.stdout
        assert _tree(out) == before


def test_many_findings_show_the_first_five_and_the_count(run_cli, make_project, tmp_path):
    leads = "".join(
        f"  - {{id: m{n}, name: 事项{n}, lead: 县直部门{n}, township_office: economic-office}}\n" for n in range(8)
    )
    root = make_project({"matters/agriculture.yaml": f"domain: {{id: agriculture, name: 农业农村}}\nmatters:\n{leads}"})
    result = run_cli("render", str(root), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    shown = [line for line in result.stderr.splitlines() if ": QD" in line]
    assert len(shown) == 5
    total = int(re.search(r"清单有 (\d+) 个错误", result.stderr).group(1))
    assert total >= 8 and f"\n  ……还有 {total - 5} 个\n" in result.stderr


def test_warnings_other_than_placeholders_do_not_stop_it(run_cli, make_project, tmp_path):
    duties = "areas: [{id: economy, name: 经济发展}]\nduties: [{id: e1, area: economy, name: 负责规划。, office: economic-office}]\n"
    root = make_project({"matters/agriculture.yaml": CLEAN, "duties.yaml": duties})
    findings = run_cli("validate", str(root), "--format", "json").stdout
    assert '"code": "QD304"' in findings and '"severity": "error"' not in findings  # an idle office, a warning
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.stderr) == (0, "")
    text = (tmp_path / "out" / "responsibility-list.md").read_text(encoding="utf-8")
    assert text.startswith("# 测试市") and "草稿" not in text


def test_placeholders_turned_off_in_the_settings_do_not_stop_it(run_cli, make_project, tmp_path):
    root = make_project({"matters/agriculture.yaml": CLEAN.replace("负责日常巡查。", "负责XX村日常巡查。")})
    assert run_cli("render", str(root), "-o", str(tmp_path / "a")).exit_code == 1
    manifest = root / "qingdan.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "settings:\n  rules:\n    QD207: off\n", "utf-8")
    assert run_cli("render", str(root), "-o", str(tmp_path / "b")).exit_code == 0


def test_what_validate_lets_through_by_an_approved_exception_or_an_ignore_comment_is_published(
    run_cli, make_project, tmp_path
):
    """The gate is validate's own verdict: an exception approved in qingdan.yaml and a reasoned ignore comment count."""
    matters = CLEAN.replace("lead: agriculture", "lead: [county-police]").replace(
        "township_duties: [负责日常巡查。]\n    township_office: economic-office\n  - id: farmland",
        "township_duties: [负责XX村日常巡查。]  # qingdan: ignore[QD207] 村名待勘界后确定\n"
        "    township_office: economic-office\n  - id: farmland",
    )
    root = make_project({"matters/agriculture.yaml": matters})
    refused = run_cli("render", str(root), "-o", str(tmp_path / "a"))
    assert refused.exit_code == 1 and "清单有 1 个错误，不能发布" in refused.stderr  # QD201; the QD207 is ignored
    manifest = root / "qingdan.yaml"
    exception = (
        "settings:\n  exceptions:\n    - rule: QD201\n      item: straw-burning\n"
        "      reason: 县公安局尚未列入部门名录，经编委会研究先行发布\n      approved_by: 测编〔2022〕5号\n"
    )
    manifest.write_text(manifest.read_text(encoding="utf-8") + exception, "utf-8")
    published = run_cli("render", str(root), "-o", str(tmp_path / "b"))
    assert (published.exit_code, published.stderr) == (0, "")


def _marked(out: Path, fmt: str, mark: str) -> list[str]:
    """The pages of a render that do not carry the mark where each format puts it."""
    missing = []
    for path in sorted(out.rglob("*")):
        text = path.read_text(encoding="utf-8") if path.suffix in (".md", ".html") else None
        if text is None:
            continue
        if path.suffix == ".md":
            ok = text.startswith(f"**【{mark}】** 不是正式印发的文本\n\n# ")
        else:
            banner = f'<p class="draft" role="note"><strong>{mark}</strong>　不是正式印发的文本</p>'
            ok = banner in text and re.search(r"<title>[^<]*（" + mark + r"）</title>", text) is not None
        if not ok:
            missing.append(path.name)
    return missing


@pytest.mark.parametrize("fmt", ["md", "html", "site"])
def test_allow_errors_marks_every_page_a_draft(run_cli, make_project, tmp_path, fmt):
    root = make_project({"matters/agriculture.yaml": BROKEN})
    out = tmp_path / "out"
    result = run_cli("render", str(root), "--to", fmt, "-o", str(out), "--allow-errors")
    assert result.exit_code == 0
    assert "按 --allow-errors 生成草稿，每页标明“草稿”" in result.stderr
    assert result.stdout.rstrip().endswith("（每页标明“草稿”）")
    pages = {p.name for p in out.rglob("*") if p.suffix in (".md", ".html")}
    if fmt == "site":  # the index, each list, the township and each department
        assert {"index.html", "responsibility-list.html", "township-heping.html", "department-housing.html"} <= pages
    else:
        assert pages == {f"{stem}.{fmt}" for stem in ("responsibility-list", "duty-list", "office-table-heping")}
    assert _marked(out, fmt, "草稿") == []


def test_every_table_of_an_html_draft_repeats_the_mark_in_its_header(run_cli, make_project, tmp_path):
    """A printed page shows the header row of its table: the mark rides on it to every printed page."""
    root = make_project({"matters/agriculture.yaml": BROKEN})
    run_cli("render", str(root), "--to", "html", "-o", str(tmp_path / "out"), "--allow-errors")
    page = (tmp_path / "out" / "responsibility-list.html").read_text(encoding="utf-8")
    columns = len(re.findall(r"<th>", page.split("<thead>")[1].split("</thead>")[0]))
    assert page.count("<thead>") == page.count(f'<th class="draft" colspan="{columns}">草稿</th>') == 1


@pytest.mark.parametrize("fmt", PAGES)
def test_draft_marks_a_valid_render_with_its_own_word(run_cli, make_project, tmp_path, fmt):
    root = make_project({"matters/agriculture.yaml": CLEAN})
    out = tmp_path / "out"
    result = run_cli("render", str(root), "--to", fmt, "-o", str(out), "--draft", "征求意见稿")
    assert (result.exit_code, result.stderr) == (0, "")
    assert _marked(out, fmt, "征求意见稿") == []
    assert not any("草稿" in p.read_text(encoding="utf-8") for p in out.iterdir())


def test_draft_does_not_let_errors_through(run_cli, make_project, tmp_path):
    root = make_project({"matters/agriculture.yaml": BROKEN})
    out = tmp_path / "out"
    assert run_cli("render", str(root), "-o", str(out), "--draft", "征求意见稿").exit_code == 1
    assert not out.exists()
    both = run_cli("render", str(root), "-o", str(out), "--draft", "征求意见稿", "--allow-errors")
    assert both.exit_code == 0 and "每页标明“征求意见稿”" in both.stderr
    assert _marked(out, "md", "征求意见稿") == []


@pytest.mark.parametrize("bad", ["", "  ", "征求\n意见稿", "一二三四五六七八九十一二三四五六七八九十一"])
def test_a_mark_that_cannot_be_printed_is_a_usage_error(run_cli, make_project, tmp_path, bad):
    root = make_project({"matters/agriculture.yaml": CLEAN})
    result = run_cli("render", str(root), "-o", str(tmp_path / "out"), "--draft", bad)
    assert result.exit_code == 2 and "--draft" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_init_data_set_renders_once_its_placeholders_are_replaced(run_cli, tmp_path):
    root = tmp_path / "清单" / "2025"
    assert (
        run_cli("init", str(root), "-s", "medium-2025", "--jurisdiction", "清河县", "--township", "东城镇").exit_code
        == 0
    )
    out = tmp_path / "out"
    refused = run_cli("render", str(root), "--to", "html", "-o", str(out))
    assert refused.exit_code == 1 and not out.exists()
    assert "处占位文字，不能发布" in refused.stderr and "QD207" in refused.stderr
    assert "是 qingdan init 写的示例" in refused.stderr.splitlines()[1]  # duties.yaml, first in file order
    fill_placeholders(root, "清河县", "东城镇")
    done = run_cli("render", str(root), "--to", "html", "-o", str(out))
    assert (done.exit_code, done.stderr) == (0, "")
    assert _marked(out, "html", "草稿") == ["duty-list.html", "office-table-dongcheng.html", "responsibility-list.html"]


def test_the_sample_editions_render_as_publications(run_cli, tmp_path):
    for edition in ("2019", "2022", "2025"):
        result = run_cli(
            "render", str(SAMPLES / edition), "--to", "md", "-d", "duty-list", "-o", str(tmp_path / edition)
        )
        assert (result.exit_code, result.stderr) == (0, ""), edition


# -- the 新旧对照表 is published with the new edition --------------------------------------------


def test_the_comparison_needs_a_new_edition_that_validates(run_cli, make_project, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(make_project({"matters/agriculture.yaml": CLEAN}), old)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    (new / "matters" / "agriculture.yaml").write_text(BROKEN, encoding="utf-8")
    target = tmp_path / "对照表.html"
    refused = run_cli("diff", str(old), str(new), "--to", "html", "-o", str(target))
    assert refused.exit_code == 1 and not target.exists()
    assert "不能发布" in refused.stderr and f"{new}/matters/agriculture.yaml:5:11: QD201" in refused.stderr
    drafted = run_cli("diff", str(old), str(new), "--to", "html", "-o", str(target), "--allow-errors")
    assert drafted.exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert '<p class="draft" role="note"><strong>草稿</strong>' in page
    # the old edition is the text once published: quoted as it was, whatever rules say of it now
    back = run_cli("diff", str(new), str(old), "--to", "html", "-o", str(tmp_path / "回.html"))
    assert back.exit_code == 0 and 'class="draft"' not in (tmp_path / "回.html").read_text(encoding="utf-8")


def test_allow_errors_and_draft_belong_to_the_comparison(run_cli):
    result = run_cli("diff", str(SAMPLES / "2022"), str(SAMPLES / "2025"), "--allow-errors")
    assert result.exit_code == 2 and "只能与 --to 同用" in result.stderr
