"""qingdan as git's external diff driver: `git diff` on a list file shows the semantic change."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys

from conftest import SAMPLES


def _git(repo, *args):
    out = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_git_diff_on_a_list_file_shows_the_semantic_change(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.invalid")
    _git(repo, "config", "user.name", "ci")
    shutil.copytree(SAMPLES / "2022", repo / "data")
    (repo / ".gitattributes").write_text("*.yaml diff=qingdan\n", encoding="utf-8")
    (repo / "notes.txt").write_text("不是清单\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "2022")
    _git(repo, "config", "diff.qingdan.command", f"{shlex.quote(sys.executable)} -m qingdan git-diff")
    urban = repo / "data" / "matters" / "urban-rural.yaml"
    urban.write_text(urban.read_text(encoding="utf-8").replace("name: 养犬监管", "name: 养犬管理"), encoding="utf-8")
    shown = _git(repo, "diff")
    assert "旧：a/data/matters/urban-rural.yaml" in shown
    assert "dog-management  事项「养犬监管」更名为「养犬管理」" in shown
    assert shown.strip().endswith("共 1 处变化：重大 0，值得注意 0，一般 1")
    # a file outside any data set falls back to a one-line notice
    stray = repo / "stray.yaml"
    stray.write_text("a: 1\n", encoding="utf-8")
    _git(repo, "add", "stray.yaml")
    assert "stray.yaml：不在清单文件夹中" in _git(repo, "diff", "--cached")
