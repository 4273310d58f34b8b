"""A data set's own templates are code from elsewhere (issue 14): whatever one asks for, render answers exit 2
with a message naming the template and line, in bounded time and memory, and publishes nothing from outside
the template folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import write_project
from hostile import run_bounded
from qingdan.errors import QingdanError
from qingdan.render import environment
from qingdan.render import templates as render_templates
from qingdan.render.templates import render_template
from qingdan.resources import shipped_dir

SECRET = "root:x:0:0:SECRET-ACCOUNT:/root:/bin/bash"


def _data_set(tmp_path: Path, template: str | bytes, name: str = "md/document.md.j2") -> Path:
    root = write_project(tmp_path / "data", {})
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(template, bytes):
        path.write_bytes(template)
    else:
        path.write_text(template, encoding="utf-8")
    return root


BOMBS = {
    "range": ("{% for i in range(10**9) %}x{% endfor %}\n", "1000000000"),
    "repeat": ("{{ 'x' * 10**10 }}\n", "64 MB"),
    "list-repeat": ("{{ ['x'] * 10**10 }}\n", "64 MB"),
    "power": ("{{ 10 ** (10 ** 10) }}\n", "次方"),
    "center": ("{{ 'x' | center(10**9) }}\n", "1000000000"),
    "method": ("{{ 'x'.ljust(10**9) }}\n", "1000000000"),
    "percent": ("{{ '%0999999999d' % 1 }}\n", "999999999"),
    "format-filter": ("{{ '%0999999999d' | format(1) }}\n", "999999999"),
    "str-format": ("{{ '{:0999999999}'.format(1) }}\n", "0999999999"),
    "doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}\n",
        "64 MB",
    ),
    "concat": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}\n",
        "64 MB",
    ),
    "output": ("{% for i in range(100000) %}{% for j in range(100000) %}0123456789{% endfor %}{% endfor %}\n", "64 MB"),
    "include-itself": ("{% include 'md/document.md.j2' %}\n", "绕成了圈"),
    "extend-itself": ("{% extends 'md/document.md.j2' %}\n", "绕成了圈"),
    "escape": ("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", "unsafe"),
    "type-error": ("{{ 1 | join }}\n", "TypeError"),
}


@pytest.mark.parametrize("case", list(BOMBS))
def test_a_runaway_data_set_template_is_stopped_with_its_name_and_line(tmp_path, case):
    template, words = BOMBS[case]
    root = _data_set(tmp_path, template)
    ran = run_bounded("render", root, "--to", "md", "-o", tmp_path / "out")
    assert ran.code == 2, ran.output
    assert ran.stderr.startswith("qingdan: 模板「document.md.j2」") and words in ran.stderr, ran.stderr
    assert "第 1 行" in ran.stderr or case == "output"
    assert not (tmp_path / "out").exists()


def test_a_template_that_is_not_utf8_is_named(tmp_path, run_cli):
    root = _data_set(tmp_path, b"{{ doc.title }}\n" + "标题".encode("gb18030"))
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "模板「md/document.md.j2」不是 UTF-8 编码" in result.stderr


def test_a_template_over_the_size_limit_is_refused(tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(render_templates, "MAX_TEMPLATE_BYTES", 100)
    root = _data_set(tmp_path, "{{ doc.title }}\n" + "#" * 200)
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "md/document.md.j2" in result.stderr and "上限" in result.stderr


def test_a_template_that_runs_too_long_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(render_templates, "MAX_TEMPLATE_SECONDS", 0.5)
    folder = tmp_path / "templates"
    (folder / "md").mkdir(parents=True)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    (folder / "md" / "document.md.j2").write_text(loop, encoding="utf-8")
    env = environment(shipped_dir("templates"), folder)
    with pytest.raises(QingdanError, match=r"模板「document\.md\.j2」第 1 行出错：运行超过 0\.5 秒"):
        render_template(env, "md/document.md.j2")


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def test_a_symlinked_template_is_refused_and_nothing_of_it_published(tmp_path, run_cli):
    secret = _outside(tmp_path)
    root = _data_set(tmp_path, "")
    (root / "templates" / "md" / "document.md.j2").unlink()
    (root / "templates" / "md" / "document.md.j2").symlink_to(secret)
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "模板「md/document.md.j2」指向模板文件夹之外" in result.stderr and "SECRET" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_data_set_templates_folder_that_leads_outside_is_refused(tmp_path, run_cli):
    secret = _outside(tmp_path)
    (secret.parent / "md").mkdir()
    (secret.parent / "md" / "document.md.j2").write_text("{% include 'passwd' %}", encoding="utf-8")
    root = write_project(tmp_path / "data", {})
    (root / "templates").symlink_to(secret.parent, target_is_directory=True)
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "templates 指向清单文件夹之外" in result.stderr
    assert "SECRET" not in result.output


def test_an_include_by_a_path_out_of_the_folder_is_not_found(tmp_path, run_cli):
    _outside(tmp_path)
    root = _data_set(tmp_path, "{% include '../../../elsewhere/passwd' %}\n")
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "SECRET" not in result.output


def test_a_template_within_the_limits_still_renders(tmp_path, run_cli):
    within = "{{ doc.title }}{{ '-' * 80 }}{{ 'x' | center(40) }}{{ '%05d' % 7 }}{{ '{:>8}'.format('右') }}\n"
    root = _data_set(tmp_path, within)
    result = run_cli("render", str(root), "--to", "md", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = next((tmp_path / "out").glob("*.md")).read_text(encoding="utf-8")
    assert "-" * 80 in text and "00007" in text and "       右" in text


# --- SOURCE_DATE_EPOCH ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["99999999999999999999", "253402300800", "4354819200", "-5", "abc", "１２３"])
@pytest.mark.parametrize("to", ["docx", "xlsx", "md"])
def test_a_source_date_epoch_qingdan_cannot_use_is_a_clear_error(tmp_path, run_cli, monkeypatch, value, to):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    root = write_project(tmp_path / "data", {})
    result = run_cli("render", str(root), "--to", to, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith("qingdan: 环境变量 SOURCE_DATE_EPOCH「") and "2107-12-31" in result.stderr


@pytest.mark.parametrize("value", ["0", "315532800", "4354819198"])
def test_every_source_date_epoch_in_range_renders_a_package(tmp_path, run_cli, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    root = write_project(tmp_path / "data", {})
    for to in ("docx", "xlsx"):
        assert run_cli("render", str(root), "--to", to, "-o", str(tmp_path / to)).exit_code == 0


def test_an_effective_date_past_what_a_zip_holds_still_renders(tmp_path, run_cli, monkeypatch):
    from conftest import MANIFEST

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "data", {"qingdan.yaml": MANIFEST.replace("2022-07-01", "9999-12-31")})
    for to in ("docx", "xlsx"):
        assert run_cli("render", str(root), "--to", to, "-o", str(tmp_path / to)).exit_code == 0
