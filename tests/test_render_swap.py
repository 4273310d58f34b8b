"""An output folder is the old set of files or the new one (issue 14): render writes beside it and swaps it in,
a render killed at any moment leaves no mix and nothing behind that the next one does not clean up, a folder
holding what render did not write is never replaced, and --check checks what it renders."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SAMPLES
from qingdan import files as files_module
from qingdan.errors import QingdanError
from qingdan.files import replace_tree


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(out: Path) -> list[str]:
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]
    inside = [p.name for p in out.rglob("*.tmp")] if out.is_dir() else []
    return beside + inside


def _edition(tmp_path: Path, name: str, rename: str | None = None) -> Path:
    data = tmp_path / name
    shutil.copytree(SAMPLES / "2025", data)
    if rename:
        urban = data / "matters" / "urban-rural.yaml"
        urban.write_text(
            urban.read_text(encoding="utf-8").replace("name: 养犬监管", f"name: {rename}"), encoding="utf-8"
        )
        (data / "townships" / "heping.yaml").unlink()  # a township less: its files go from the new set
    return data


def test_a_second_render_replaces_the_whole_set(run_cli, tmp_path):
    out = tmp_path / "out"
    assert (
        run_cli("render", str(_edition(tmp_path, "a")), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    )
    assert "office-table-heping.md" in _snapshot(out)
    assert (
        run_cli(
            "render", str(_edition(tmp_path, "b", "养犬管理")), "--allow-errors", "--to", "md", "-o", str(out)
        ).exit_code
        == 0
    )
    assert "office-table-heping.md" not in _snapshot(out)  # the removed township's file went with the old set
    assert _leftovers(out) == []


def test_a_render_that_fails_half_way_leaves_the_old_set(run_cli, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert (
        run_cli("render", str(_edition(tmp_path, "a")), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    )
    before = _snapshot(out)
    put, written = files_module._put, []

    def put_then_stop(root, name, content):
        if len(written) == 3:
            raise RuntimeError("stopped")  # as a render stops on an interrupt or a failing disk
        written.append(name)
        return put(root, name, content)

    monkeypatch.setattr(files_module, "_put", put_then_stop)
    with pytest.raises(RuntimeError):
        run_cli("render", str(_edition(tmp_path, "b", "养犬管理")), "--allow-errors", "--to", "md", "-o", str(out))
    assert _snapshot(out) == before and _leftovers(out) == []


def test_a_render_killed_at_any_moment_leaves_one_whole_set_and_the_next_cleans_up(tmp_path):
    out = tmp_path / "out"
    old, new = _edition(tmp_path, "a"), _edition(tmp_path, "b", "养犬管理")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    render = [sys.executable, "-m", "qingdan", "render", "--allow-errors", "--to", "md,docx", "-o", str(out)]
    subprocess.run([*render[:3], "render", str(new), *render[4:]], check=True, env=env, capture_output=True)
    whole_new = _snapshot(out)
    shutil.rmtree(out)
    subprocess.run([*render[:3], "render", str(old), *render[4:]], check=True, env=env, capture_output=True)
    whole_old = _snapshot(out)
    for delay in (0.6, 1.2, 1.8, 2.4):  # each a different moment of the new render
        child = subprocess.Popen([*render[:3], "render", str(new), *render[4:]], env=env)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _snapshot(out) in (whole_old, whole_new)
        subprocess.run([*render[:3], "render", str(old), *render[4:]], check=True, env=env, capture_output=True)
        assert _snapshot(out) == whole_old and _leftovers(out) == []


def test_a_swap_cut_off_between_its_two_renames_gets_the_old_set_back(tmp_path):
    out = tmp_path / "out"
    replace_tree(out, {"a.md": b"old"})
    os.rename(out, tmp_path / ".out.qingdan-old-x1")  # killed after moving the old set aside
    (tmp_path / ".out.qingdan-staging-x2").mkdir()  # with the new set not yet in place
    (tmp_path / ".out.qingdan-staging-x2" / "a.md").write_bytes(b"half")
    files_module._recover(out.resolve())
    assert _snapshot(out) == {"a.md": b"old"} and _leftovers(out) == []


def test_temporary_files_a_crash_left_in_the_folder_are_gone_after_the_next_render(run_cli, tmp_path):
    out = tmp_path / "out"
    data = _edition(tmp_path, "a")
    assert run_cli("render", str(data), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    (out / ".powers.md.k2j3h4.tmp").write_bytes(b"half a file")
    assert run_cli("render", str(data), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    assert _leftovers(out) == []


@pytest.mark.parametrize("foreign", ["README.txt", "qingdan.yaml", "notes/a.md", ".git/config", "说明.md"])
def test_a_folder_with_files_render_did_not_write_is_never_replaced(run_cli, tmp_path, foreign):
    out = tmp_path / "out"
    (out / foreign).parent.mkdir(parents=True, exist_ok=True)
    (out / foreign).write_text("mine\n", encoding="utf-8")
    result = run_cli("render", str(_edition(tmp_path, "a")), "--allow-errors", "--to", "md", "-o", str(out))
    assert result.exit_code == 2
    assert "不是 qingdan render 生成的" in result.stderr and foreign.split("/")[0] in result.stderr
    assert (out / foreign).read_text(encoding="utf-8") == "mine\n" and _leftovers(out) == []


def test_a_render_of_some_documents_keeps_the_others_and_checks_only_itself(run_cli, tmp_path):
    out = tmp_path / "out"
    data = _edition(tmp_path, "a")
    assert run_cli("render", str(data), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    (out / "responsibility-list.md").write_text("改过\n", encoding="utf-8")  # another document, stale
    check = run_cli("render", str(data), "--allow-errors", "--to", "md", "-d", "powers", "-o", str(out), "--check")
    assert check.exit_code == 0 and "检查 1 个文件：0 个需要重新生成" in check.stdout
    (out / "powers.md").write_text("改过\n", encoding="utf-8")
    check = run_cli("render", str(data), "--allow-errors", "--to", "md", "-d", "powers", "-o", str(out), "--check")
    assert check.exit_code == 1 and check.stdout.count("与现在生成的不一致") == 1
    assert run_cli("render", str(data), "--allow-errors", "--to", "md", "-d", "powers", "-o", str(out)).exit_code == 0
    assert (out / "responsibility-list.md").read_text(encoding="utf-8") == "改过\n"  # left as it was
    assert (out / "powers.md").read_text(encoding="utf-8") != "改过\n"
    whole = run_cli("render", str(data), "--allow-errors", "--to", "md", "-o", str(out), "--check")
    assert whole.exit_code == 1 and "responsibility-list.md：与现在生成的不一致" in whole.stdout


def test_a_name_that_leaves_the_folder_is_refused_and_nothing_changes(tmp_path):
    out = tmp_path / "out"
    replace_tree(out, {"a.md": b"old"})
    with pytest.raises(QingdanError, match="输出目录之外"):
        replace_tree(out, {"b.md": b"new", "../escape.md": b"x"})
    assert _snapshot(out) == {"a.md": b"old"} and not (tmp_path / "escape.md").exists()
    assert _leftovers(out) == []


def test_the_swapped_folder_is_readable_as_before(tmp_path):
    out = tmp_path / "out"
    replace_tree(out, {"a.md": b"x"})
    os.chmod(out, 0o755)
    replace_tree(out, {"a.md": b"y"})
    assert out.stat().st_mode & 0o777 == 0o755 and (out / "a.md").stat().st_mode & 0o044 == 0o044
