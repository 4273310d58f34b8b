"""`qingdan render`: Markdown and HTML goldens of every document, templates, safety, --check."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import REPO, SAMPLES
from qingdan.errors import QingdanError
from qingdan.files import write_tree
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import FORMATS, environment, epoch, render_files, safe_stem
from qingdan.render.documents import KINDS
from qingdan.resources import shipped_dir

CASE = REPO / "tests" / "cases" / "render" / "qinglan-2025-heping"
MATTER = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: "<script>alert(1)</script>秸秆禁烧"
    lead: agriculture
    department_duties: [负责秸秆禁烧的监督管理。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
"""


def _dataset(root: Path):
    return load_dataset(Project.discover(root))[0]


@pytest.fixture(scope="module")
def sample():
    return _dataset(SAMPLES / "2025")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_document_matches_its_golden(fmt, sample, golden):
    files = render_files(sample, fmt, environment(shipped_dir("templates")), township="heping")
    kinds = {name.split("-heping")[0].rsplit(".", 1)[0] for name in files}
    assert {k for k in KINDS if any(n.startswith(k) for n in files)} == set(KINDS)
    assert "performance-list-heping." + fmt in files and "office-table-heping." + fmt in files
    assert kinds
    for name, content in files.items():
        golden(CASE / fmt / name, content.decode("utf-8"))
    expected = {p.name for p in (CASE / fmt).iterdir()}
    assert expected == set(files), "golden folder holds files that are no longer rendered"


def test_rendering_twice_gives_identical_bytes(sample):
    env = environment(shipped_dir("templates"))
    assert render_files(sample, "html", env) == render_files(sample, "html", env)


def test_html_escapes_what_the_data_holds(make_project):
    ds = _dataset(make_project({"matters/agriculture.yaml": MATTER}))
    html = render_files(ds, "html", environment(shipped_dir("templates")), ["responsibility-list"])
    page = html["responsibility-list.html"].decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;秸秆禁烧" in page


def test_a_data_set_overrides_a_template(make_project):
    root = make_project({"matters/agriculture.yaml": MATTER})
    (root / "templates" / "md").mkdir(parents=True)
    (root / "templates" / "md" / "document.md.j2").write_text("自定义：{{ doc.title }}\n", encoding="utf-8")
    files = render_files(_dataset(root), "md", environment(shipped_dir("templates"), root / "templates"), ["duty-list"])
    assert files == {"duty-list.md": "自定义：测试市乡镇职责清单\n".encode()}


def test_a_misspelt_field_names_template_and_line(make_project, tmp_path):
    own = tmp_path / "own" / "md"
    own.mkdir(parents=True)
    (own / "document.md.j2").write_text("# {{ doc.title }}\n\n{{ doc.titel }}\n", encoding="utf-8")
    with pytest.raises(QingdanError, match=r"模板「document.md.j2」第 3 行出错"):
        render_files(_dataset(make_project({})), "md", environment(shipped_dir("templates"), own.parent))


def test_user_templates_run_in_the_sandbox(make_project, tmp_path):
    own = tmp_path / "own" / "md"
    own.mkdir(parents=True)
    (own / "document.md.j2").write_text("{{ doc.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(QingdanError, match="模板"):
        render_files(_dataset(make_project({})), "md", environment(shipped_dir("templates"), own.parent))


def test_unknown_document_and_township(make_project):
    ds = _dataset(make_project({}))
    env = environment(shipped_dir("templates"))
    with pytest.raises(QingdanError, match="render --list"):
        render_files(ds, "md", env, ["nope"])
    with pytest.raises(QingdanError, match="乡镇"):
        render_files(ds, "md", env, township="nowhere")


def test_file_names_cannot_leave_the_output_folder(tmp_path):
    assert safe_stem("../../etc/passwd") == "etc-passwd"
    assert safe_stem("…") == "document"
    with pytest.raises(QingdanError, match="输出目录之外"):
        write_tree(tmp_path / "out", {"../escape.md": b"x"})
    assert not (tmp_path / "escape.md").exists()


def test_the_render_clock_is_source_date_epoch_else_the_effective_date_else_1980(sample, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert epoch(sample) == dt.datetime(2025, 3, 1, tzinfo=dt.UTC).timestamp()
    assert epoch(SimpleNamespace(edition=None)) == dt.datetime(1980, 1, 1, tzinfo=dt.UTC).timestamp()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert epoch(sample) == 1_700_000_000


def test_every_format_is_registered_with_a_title():
    assert list(FORMATS) == ["md", "html", "docx", "xlsx", "pdf", "site"]
    assert all(f.title for f in FORMATS.values())
    assert [name for name, f in FORMATS.items() if f.whole] == ["pdf", "site"]


def test_check_fails_after_one_matter_is_edited(run_cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLES / "2022", data)
    out = tmp_path / "out"
    assert run_cli("render", str(data), "--to", "html", "-o", str(out)).exit_code == 0
    clean = run_cli("render", str(data), "--to", "html", "-o", str(out), "--check")
    assert clean.exit_code == 0 and "0 个需要重新生成" in clean.stdout
    urban = data / "matters" / "urban-rural.yaml"
    urban.write_text(urban.read_text(encoding="utf-8").replace("name: 养犬监管", "name: 养犬管理"), encoding="utf-8")
    stale = run_cli("render", str(data), "--to", "html", "-o", str(out), "--check")
    assert stale.exit_code == 1
    assert "responsibility-list.html：与现在生成的不一致" in stale.stdout


def test_render_list(run_cli):
    result = run_cli("render", "--list")
    assert result.exit_code == 0
    for name in KINDS:
        assert name in result.stdout


def test_several_formats_side_by_side(run_cli, tmp_path, monkeypatch):
    """`--to all`: the site at the top of the folder, every other format in a folder named after it."""
    monkeypatch.chdir(tmp_path)
    data = str(SAMPLES / "2022")
    result = run_cli("render", data, "--to", "all", "-d", "duty-list")
    assert result.exit_code == 0, result.output
    out = tmp_path / "qingdan-out" / "all"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    others = [f"{name}/duty-list.{name}" for name, f in FORMATS.items() if not f.links]
    assert set(others) <= set(written) and {"index.html", "duty-list.html", "search.js"} <= set(written)
    assert [n for n in written if "/" in n] == sorted(others)
    assert f"已生成 {len(written)} 个文件到 qingdan-out/all/" in result.stdout
    page = (out / "duty-list.html").read_text(encoding="utf-8")
    assert 'href="docx/duty-list.docx" download' in page and 'href="xlsx/duty-list.xlsx" download' in page
    assert run_cli("render", data, "--to", "all", "-d", "duty-list", "--check").exit_code == 0
    assert run_cli("render", data, "--to", "site,md", "-d", "duty-list").exit_code == 0
    assert (tmp_path / "qingdan-out" / "md-site" / "md" / "duty-list.md").is_file()
    bad = run_cli("render", data, "--to", "site,pdfx")
    assert bad.exit_code == 2 and "没有「pdfx」这种格式" in bad.output
