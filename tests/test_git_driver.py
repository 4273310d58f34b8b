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


def test_git_diff_given_a_file_that_does_not_exist_says_so(run_cli, make_project, tmp_path):
    root = make_project({})
    path = str(root / "departments.yaml")
    result = run_cli("git-diff", path, str(tmp_path / "gone.yaml"), "a" * 40, "100644", path, "b" * 40, "100644")
    assert result.exit_code == 2
    assert "gone.yaml」不存在" in result.stderr and "departments.yaml" in result.stderr


def test_git_diff_keeps_a_symlink_out_of_the_data_set_a_symlink(run_cli, make_project, tmp_path):
    """The copy git-diff compares must not turn a link to a file outside into a file of the data set."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("matters:\n  - {id: secret, name: SECRET-NAME}\n", encoding="utf-8")
    root = make_project({})
    (root / "matters").mkdir()
    (root / "matters" / "leak.yaml").symlink_to(secret)
    path = str(root / "departments.yaml")
    result = run_cli("git-diff", path, path, "a" * 40, "100644", path, "b" * 40, "100644")
    assert result.exit_code == 2 and "QD017" in result.stderr
    assert "SECRET" not in result.output
