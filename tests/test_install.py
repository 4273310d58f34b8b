"""Installed as a wheel and as an editable checkout, qingdan finds its schemas and runs.

Each case installs into a fresh virtual environment whose dependencies come from the
running one (a .pth line), so the test needs no network and stays fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from conftest import EDITIONS, REPO, SAMPLES


def _run(*cmd, cwd=None):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, cwd=cwd)


@pytest.fixture
def fresh_env(tmp_path):
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    # the running environment's packages (typer, jsonschema, hatchling …) without its qingdan
    Path(site, "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _pip(python, *args):
    # --ignore-installed: the running environment's own qingdan is visible through outer.pth
    pip = (sys.executable, "-m", "pip", "--python", python, "install", "--ignore-installed")
    out = _run(*pip, "--no-deps", "--no-build-isolation", *args)
    assert out.returncode == 0, out.stdout + out.stderr


def _check_installed(python, tmp_path, expect_editable: bool):
    qingdan = python.parent / "qingdan"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = Path(_run(python, "-c", "import qingdan; print(qingdan.__file__)", cwd=elsewhere).stdout.strip())
    assert where.is_relative_to(REPO / "src") if expect_editable else where.is_relative_to(python.parent.parent)
    for edition in EDITIONS:
        result = _run(qingdan, "validate", SAMPLES / edition, cwd=elsewhere)
        assert result.returncode == 0, result.stdout + result.stderr
        summary = result.stdout.splitlines()[-1]
        assert summary.startswith(f"青岚市 {edition} 版：11 个乡镇，") and "：0 个错误，" in summary
    schema = _run(qingdan, "schema", "matter", cwd=elsewhere)
    assert schema.returncode == 0 and json.loads(schema.stdout)["type"] == "object"
    # the shipped templates are found too
    rendered = _run(qingdan, "render", SAMPLES / "2022", "--to", "md", "-d", "duty-list", "-o", "out", cwd=elsewhere)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    assert (elsewhere / "out" / "duty-list.md").read_text(encoding="utf-8").startswith("# 青岚市乡镇职责清单\n")
    # and so are the structure templates of `qingdan init`, whose output has no error, only its placeholders
    made = _run(qingdan, "init", "new", "--structure", "medium-2022", cwd=elsewhere)
    assert made.returncode == 0, made.stdout + made.stderr
    checked = _run(qingdan, "validate", "new", "--format", "json", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert {(f["code"], f["severity"]) for f in json.loads(checked.stdout)["findings"]} == {("QD207", "warning")}


def test_wheel_install_finds_shipped_schemas(fresh_env, tmp_path):
    dist = tmp_path / "dist"
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, REPO)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("qingdan-*.whl")
    _pip(fresh_env, wheel)
    _check_installed(fresh_env, tmp_path, expect_editable=False)


def test_editable_install_finds_schemas_in_the_checkout(fresh_env, tmp_path):
    _pip(fresh_env, "-e", REPO)
    _check_installed(fresh_env, tmp_path, expect_editable=True)
