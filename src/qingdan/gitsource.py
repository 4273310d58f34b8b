"""Read an edition from git: `REV:PATH` extracted straight from git objects into a folder.

Only `git rev-parse`, `git ls-tree` and `git cat-file` are used, so neither the work tree nor
the index is ever touched, and no attributes (`export-ignore`, `export-subst`, filters) change
what is read: the files are the blobs as committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from qingdan.errors import QingdanError
from qingdan.limits import MAX_FILE_BYTES
from qingdan.project import MANIFEST, Project
from qingdan.text import excerpt

_BLOB_MODES = {"100644", "100755"}  # symlinks (120000) and submodules (160000) are not data


def open_edition(spec: str, into: Path) -> Project:
    """Return the data set that `spec` names: a folder, or a git `REV:PATH` extracted under `into`."""
    root = materialize(spec, into)
    if root == Path(spec):
        return Project.discover(root)
    return Project(root, spec)


def materialize(spec: str, into: Path) -> Path:
    """Return the folder holding qingdan.yaml for `spec`.

    An existing path is returned as it is. Otherwise a `REV:PATH` whose REV is a commit of the
    git repository around the current folder is extracted into `into`; PATH is relative to the
    top of the repository, or to the current folder when it starts with `./` or `../`, as in git.
    """
    path = Path(spec)
    rev, sep, inner = spec.partition(":")
    if path.exists() or not sep or not rev:
        return path
    if rev.startswith("-"):
        raise QingdanError(f"「{spec}」不是可用的 git 版本")
    _check_repository(spec)
    if _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False) is None:
        raise QingdanError(f"路径「{spec}」不存在，「{rev}」也不是这个 git 仓库中的版本")
    tree = _tree(rev, inner, spec)
    entries = _entries(tree)
    if MANIFEST not in entries:
        nested = sorted(name[: -len(MANIFEST) - 1] for name in entries if name.endswith(f"/{MANIFEST}"))
        if nested:
            where = "、".join(nested[:10])
            raise QingdanError(f"「{spec}」下有 {len(nested)} 个清单版本（{where}），请指定其中一个")
        raise QingdanError(f"「{spec}」中没有 {MANIFEST}，不是 qingdan 清单文件夹")
    _extract(entries, Path(into))
    return Path(into)


def _check_repository(spec: str) -> None:
    try:
        inside = _git("rev-parse", "--git-dir", check=False)
    except FileNotFoundError:
        raise QingdanError(f"路径「{spec}」不存在；要按 git 版本读取，需要先安装 git") from None
    if inside is None:
        raise QingdanError(f"路径「{spec}」不存在，当前目录也不在 git 仓库中，无法按版本读取")


def _tree(rev: str, inner: str, spec: str) -> str:
    """The id of the tree PATH names in REV; a path to qingdan.yaml itself means its folder."""
    inner = inner.rstrip("/")
    if inner.rpartition("/")[2] == MANIFEST:
        inner = inner[: -len(MANIFEST)].rstrip("/")
    # "REV:" is the top of the tree; "./" and "../" are resolved by git against the current folder.
    # `cat-file --batch-check` resolves the name as `git show` does: `rev-parse` would read the
    # ".." of "REV:../x" as a range, and a peel suffix cannot follow a path.
    try:
        answer = _run(["git", "cat-file", "--batch-check"], f"{rev}:{inner}\n".encode()).decode("utf-8").split()
    except QingdanError:  # e.g. "../x" above the top of the repository
        answer = ["missing"]
    if len(answer) != 3 or answer[-1] == "missing":
        raise QingdanError(f"版本「{rev}」中没有「{inner or '.'}」")
    oid, kind, _ = answer
    if kind != "tree":
        raise QingdanError(f"「{spec}」在这个版本中是文件，不是清单文件夹")
    return oid


def _entries(tree: str) -> dict[str, tuple[str, int]]:
    """Every file under the tree: path relative to it -> (blob id, size)."""
    # names are bytes to git; one that is not UTF-8 still round-trips to the same file name
    listing = _run(["git", "ls-tree", "-r", "-z", "-l", "--full-tree", tree], b"").decode("utf-8", "surrogateescape")
    entries = {}
    for record in listing.split("\0"):
        if not record:
            continue
        meta, _, name = record.partition("\t")
        mode, kind, oid, size = meta.split()
        if kind == "blob" and mode in _BLOB_MODES:
            entries[name] = (oid, int(size))
    return entries


def _extract(entries: dict[str, tuple[str, int]], into: Path) -> None:
    """Write each blob under `into`, reading them all through one `git cat-file --batch`.

    A blob larger than any data file is not read: an empty file of its size stands in for it,
    which costs no room and which the loader refuses by its size (QD014), as it would the blob.
    """
    root = into.resolve()
    names = sorted(entries)
    for name in names:
        target = (root / name).resolve()
        # git refuses such names in its own trees; a crafted repository must not write outside `into`
        if not target.is_relative_to(root):
            raise QingdanError(f"git 中的文件名「{excerpt(name)}」指向清单文件夹之外，拒绝读取")
        target.parent.mkdir(parents=True, exist_ok=True)
        if entries[name][1] > MAX_FILE_BYTES:
            with open(target, "wb") as out:
                out.truncate(entries[name][1])
    small = [name for name in names if entries[name][1] <= MAX_FILE_BYTES]
    request = "".join(f"{entries[name][0]}\n" for name in small).encode("ascii")
    out = _run(["git", "cat-file", "--batch"], request)
    pos = 0
    for name in small:
        end = out.index(b"\n", pos)
        _, _, size = out[pos:end].decode("ascii").split(" ")
        start = end + 1
        content = out[start : start + int(size)]
        pos = start + int(size) + 1  # the newline git puts after each object
        (root / name).write_bytes(content)


def _git(*args: str, check: bool = True) -> str | None:
    """Run git in the current folder; its output, or None when it fails and `check` is off."""
    try:
        return _run(["git", *args], b"").decode("utf-8")
    except QingdanError:
        if check:
            raise
        return None


def _run(command: list[str], stdin: bytes) -> bytes:
    done = subprocess.run(command, input=stdin, capture_output=True, check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise QingdanError(f"git 出错：{message[-1] if message else ' '.join(command)}")
    return done.stdout


def file_change_editions(path: str, old_file: str, new_file: str, into: Path) -> tuple[Path, Path] | None:
    """For git's external diff driver: the edition around `path`, once with the old and once with
    the new content of that one file (the rest of the edition as it is in the work tree).

    Returns (old root, new root), or None when `path` lies in no data set.
    """
    here = Path(path).parent
    root = next((d for d in (here, *here.parents) if (d / MANIFEST).is_file()), None)
    if root is None:
        return None
    rel = Path(path).relative_to(root)
    for content in (old_file, new_file):
        if content != "/dev/null" and not Path(content).is_file():
            raise QingdanError(f"git 给出的文件「{content}」不存在或不是文件，无法比较「{path}」")
    sides = []
    for name, content in (("old", old_file), ("new", new_file)):
        copy = into / name
        # symlinks stay links, so that the loader judges where they lead as it does in the work tree
        shutil.copytree(root, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"), copy_function=_copy_bounded)
        target = copy / rel
        if content == "/dev/null":  # git's word for "no such file on this side"
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)  # a symlink there is replaced, not written through
            _copy_bounded(content, target)
        sides.append(copy)
    return sides[0], sides[1]


def _copy_bounded(source: str | Path, target: str | Path) -> None:
    """Copy a file; one larger than any data file is copied as an empty file of its size, which costs no
    room and which the loader refuses by its size (QD014) as it would the original."""
    size = os.stat(source).st_size
    if size > MAX_FILE_BYTES:
        with open(target, "wb") as out:
            out.truncate(size)
    else:
        shutil.copyfile(source, target)
