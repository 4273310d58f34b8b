"""Writers stay in their folder (issue 14): fmt, validate --fix, import and render write only inside the data set
or output folder they were given, write a symlinked file through its link (which stays a link), and never
rewrite or read another data set's file; fmt's own check of its output stops with a message, not a traceback."""

from __future__ import annotations

import pytest

from conftest import MANIFEST, write_project
from qingdan import yamlfmt
from qingdan.errors import QingdanError
from qingdan.files import write_atomic
from qingdan.source import parse
from qingdan.yamlfmt import FormatProblem, format_text

MESSY = "domain: {id: agriculture, name: 农业农村}\nmatters:\n  - {id: a, name: 秸秆禁烧监管, lead: agriculture}\n"
SECRET = "domain: {id: secret, name: 别人的清单}\nmatters:\n  - {id: s, name: SECRET-NAME, lead: agriculture}\n"


def test_fmt_does_not_rewrite_another_data_set_named_by_files(run_cli, tmp_path):
    other = write_project(tmp_path / "someone-else", {"matters/theirs.yaml": SECRET})
    before = (other / "matters" / "theirs.yaml").read_bytes()
    root = write_project(
        tmp_path / "mine", {"qingdan.yaml": MANIFEST + "files:\n  matters: ['../someone-else/matters/*.yaml']\n"}
    )
    result = run_cli("fmt", str(root))
    assert result.exit_code == 2 and "QD018" in result.output
    assert (other / "matters" / "theirs.yaml").read_bytes() == before


def test_fmt_refuses_a_symlink_out_of_the_data_set_and_leaves_its_target(run_cli, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    root = write_project(tmp_path / "data", {})
    (root / "matters").mkdir()
    (root / "matters" / "linked.yaml").symlink_to(outside)
    for args in (["fmt", str(root)], ["fmt", str(root / "matters" / "linked.yaml")]):
        result = run_cli(*args)
        assert result.exit_code == 2 and "QD017" in result.output and "SECRET" not in result.output
    assert outside.read_text(encoding="utf-8") == SECRET and (root / "matters" / "linked.yaml").is_symlink()


def test_fmt_writes_a_symlinked_data_file_through_its_link(run_cli, tmp_path):
    root = write_project(tmp_path / "data", {"shared/agriculture.yaml": MESSY})
    (root / "matters").mkdir()
    (root / "matters" / "agriculture.yaml").symlink_to("../shared/agriculture.yaml")
    root = write_project(root, {"qingdan.yaml": MANIFEST + "files:\n  matters: ['matters/*.yaml']\n"})
    result = run_cli("fmt", str(root))
    assert result.exit_code == 0, result.output
    link = root / "matters" / "agriculture.yaml"
    assert link.is_symlink() and link.read_text(encoding="utf-8") == format_text(MESSY, "matters")
    assert (root / "shared" / "agriculture.yaml").read_text(encoding="utf-8") != MESSY


def test_validate_fix_writes_only_inside_the_data_set(run_cli, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(SECRET.replace("lead: agriculture", "lead: 测试市农业农村局"), encoding="utf-8")
    before = outside.read_bytes()
    root = write_project(tmp_path / "data", {})
    (root / "matters").mkdir()
    (root / "matters" / "linked.yaml").symlink_to(outside)
    result = run_cli("validate", str(root), "--fix")
    assert result.exit_code == 1 and "QD017" in result.output
    assert outside.read_bytes() == before


def test_write_atomic_within_a_folder_refuses_a_path_that_leads_out(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "out.yaml").symlink_to(tmp_path / "victim.yaml")
    (tmp_path / "victim.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(QingdanError, match="之外"):
        write_atomic(folder / "out.yaml", "x: 1\n", within=folder)
    with pytest.raises(QingdanError, match="之外"):
        write_atomic(folder / ".." / "victim.yaml", "x: 1\n", within=folder)
    assert (tmp_path / "victim.yaml").read_text(encoding="utf-8") == "mine\n"


def test_import_does_not_read_or_write_through_a_symlink_out_of_its_folder(run_cli, tmp_path):
    from conftest import REPO

    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(SECRET, encoding="utf-8")
    root = write_project(tmp_path / "data", {})
    (root / "matters").mkdir()
    book = REPO / "tests" / "fixtures" / "import" / "messy-matters.xlsx"
    first = run_cli("import", str(book), "--kind", "matters", "-o", str(root))
    assert first.exit_code in (0, 1), first.output
    written = sorted((root / "matters").glob("*.yaml"))
    assert written
    target = written[0]
    target.unlink()
    target.symlink_to(outside)
    for extra in ([], ["--replace"]):
        result = run_cli("import", str(book), "--kind", "matters", "-o", str(root), *extra)
        assert result.exit_code == 2, result.output
        assert "SECRET" not in result.output
    assert outside.read_text(encoding="utf-8") == SECRET


# --- fmt and an empty list with a comment -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "domain: {id: x, name: 空}\nmatters:     # 暂无事项\n  []\n",
        "domain: {id: x, name: 空}\nmatters: []  # 暂无事项\n",
        "domain:   # 待定\n  {}\nmatters:\n  []\n",
    ],
)
def test_fmt_keeps_an_empty_list_after_a_comment_on_its_key_line(text):
    out = format_text(text, "matters")
    assert parse(out).data == parse(text).data and "# " in out
    assert format_text(out, "matters") == out


def test_fmt_on_a_data_set_with_an_empty_commented_list(run_cli, make_project):
    root = make_project({"matters/empty.yaml": "domain: {id: x, name: 空}\nmatters:     # 暂无事项\n  []\n"})
    assert run_cli("fmt", str(root)).exit_code == 0
    assert parse((root / "matters" / "empty.yaml").read_text(encoding="utf-8")).data["matters"] == []
    assert run_cli("validate", str(root)).exit_code == 0


def test_fmt_refuses_its_own_output_when_that_does_not_read_back(monkeypatch):
    monkeypatch.setattr(yamlfmt, "_emit", lambda tree: "matters:     # 暂无事项\n[]\n")
    with pytest.raises(FormatProblem, match="读不回来"):
        format_text("matters: []\n", "matters")
