"""Writing files safely: a temporary file beside the target, then an atomic rename; a whole output folder
written beside the old one and swapped in."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from qingdan.errors import QingdanError


def write_atomic(path: Path, content: str | bytes, *, within: Path | None = None) -> None:
    """Write `content` (text as UTF-8) to `path` so readers see the old file or the whole new one, never half.

    With `within`, `path` is followed through its symlinks and written there, so that a link stays a
    link, and only if that lies inside the folder `within`: a writer never leaves its folder.
    """
    path = Path(path)
    if within is not None:
        path = _inside(path, Path(within))
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(tmp, _mode(path))  # mkstemp makes 0600; published files are for everyone to read
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise QingdanError(f"无法写入「{path}」：{exc.strerror or exc}") from None


def _inside(path: Path, folder: Path) -> Path:
    """`path` with its symlinks followed, if that lies inside `folder`; else a QingdanError."""
    try:
        real, root = path.resolve(), folder.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise QingdanError(f"无法写入「{path}」：{exc}") from None
    if not real.is_relative_to(root) or real == root:
        raise QingdanError(f"拒绝写入「{path}」：它指向文件夹「{folder}」之外")
    return real


def append_text(path: Path, text: str) -> None:
    """Append to a file others also append to (e.g. GitHub's job summary)."""
    try:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise QingdanError(f"无法写入「{path}」：{exc.strerror or exc}") from None


def write_tree(outdir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file under `outdir`, atomically; refuse any name that would land outside it."""
    root = Path(outdir).resolve()
    written = []
    for name, content in files.items():
        target = (root / name).resolve()
        if not target.is_relative_to(root) or target == root:
            raise QingdanError(f"拒绝写入输出目录之外的文件「{name}」")
        write_atomic(target, content)
        written.append(target)
    return written


# a file render writes: lower-case ascii names (render.safe_stem), at the top or in a format's folder
RENDERED = re.compile(r"[a-z0-9][a-z0-9.-]*\.(?:html|md|docx|xlsx|pdf|css|js)")
# what write_atomic leaves behind when it is killed: .name.random.tmp
_LEFT_TMP = re.compile(r"(?:.*/)?\.[^/]+\.tmp")
_STAGING, _OLD = "qingdan-staging", "qingdan-old"


def replace_tree(
    outdir: Path, files: dict[str, bytes], *, only: bool = False, folders: tuple[str, ...] = ()
) -> list[Path]:
    """Write `files` into a new folder beside `outdir` and swap it in whole, so that a reader (or a render
    killed half-way) finds the old set of files or the new one, never a mix.

    With `only`, the files of the old set that `files` does not name stay (a render of some documents);
    otherwise the new folder holds `files` alone. What a render killed before left beside the folder is
    cleaned up first (and the old set put back if it was caught between the two renames of a swap). A
    folder holding anything render does not write (a RENDERED name, at the top or in one of `folders`)
    is refused, never replaced: an output folder given by mistake (the data set, the desktop) loses nothing.
    """
    target = Path(outdir).resolve()
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _recover(target)
        if target.exists() and not target.is_dir():
            raise QingdanError(f"输出目录「{outdir}」是一个文件，不是文件夹")
        _check_owned(target, outdir, folders)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{_STAGING}-", dir=parent))
        try:
            os.chmod(staging, _mode(target, directory=True))
            if only and target.is_dir():
                _link_tree(target, staging)
            written = [_put(staging, name, content) for name, content in files.items()]
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as exc:
        raise QingdanError(f"无法写入输出目录「{outdir}」：{exc.strerror or exc}") from None
    return [target / p.relative_to(staging) for p in written]


def _check_owned(target: Path, shown: Path, folders: tuple[str, ...]) -> None:
    """Refuse a folder with anything in it that render does not write."""
    if not target.is_dir():
        return
    for path in sorted(target.rglob("*")):
        rel = path.relative_to(target).as_posix()
        folder, _, name = rel.rpartition("/")
        ours = (path.is_dir() and rel in folders) or (
            path.is_file() and folder in ("", *folders) and bool(RENDERED.fullmatch(name) or _LEFT_TMP.fullmatch(name))
        )
        if not ours or path.is_symlink():  # render writes no links
            raise QingdanError(
                f"输出目录「{shown}」中有不是 qingdan render 生成的「{rel}」；render 会把整个目录换成新生成的文件，"
                "为免误删，没有写入。请用一个新的或只放生成文件的目录"
            )


def _recover(target: Path) -> None:
    """Clean up after a render killed before: an unfinished new folder goes; an old folder moved aside
    comes back when the swap was cut off before the new one took its place, and goes otherwise."""
    for left in sorted(target.parent.glob(f".{_glob_escape(target.name)}.{_STAGING}-*")):
        shutil.rmtree(left, ignore_errors=True)
    for left in sorted(target.parent.glob(f".{_glob_escape(target.name)}.{_OLD}-*")):
        if not target.exists():
            os.rename(left, target)
        else:
            shutil.rmtree(left, ignore_errors=True)


def _glob_escape(name: str) -> str:
    """`name` as a glob that matches it alone."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _link_tree(source: Path, into: Path) -> None:
    """The old set's files in the new folder: hard links where the file system has them (the old files are
    never written to: _put replaces a name, it does not write through it), else copies."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_dir():
            (into / rel).mkdir(exist_ok=True)
        elif not _LEFT_TMP.fullmatch(rel.as_posix()):
            try:
                os.link(path, into / rel)
            except OSError:
                shutil.copy2(path, into / rel)


def _put(root: Path, name: str, content: bytes) -> Path:
    target = (root / name).resolve()
    if not target.is_relative_to(root) or target == root:
        raise QingdanError(f"拒绝写入输出目录之外的文件「{name}」")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    target.write_bytes(content)
    os.chmod(target, _mode(target))
    return target


def _swap(new: Path, target: Path) -> None:
    """Put the folder `new` where `target` is, in one step where the system can exchange two names."""
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # holds the old set now
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.{_OLD}-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)  # a render killed here leaves the old set beside the folder: _recover puts it back
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names atomically (Linux renameat2 RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28, musl)
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):  # a file system that cannot exchange
        return False
    raise OSError(code, os.strerror(code))


def stale(outdir: Path, files: dict[str, bytes], *, only: bool = False) -> list[str]:
    """Names of files in `outdir` that differ from or are missing from `files`, and, unless `only`, those
    `files` does not name (a render of some documents checks those documents alone)."""
    root = Path(outdir)
    out = []
    for name, content in files.items():
        path = root / name
        if not path.is_file() or path.read_bytes() != content:
            out.append(name)
    if root.is_dir() and not only:
        present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        out.extend(sorted(present - set(files)))
    return out


def _mode(path: Path, *, directory: bool = False) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 (a folder 0777) less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return (0o777 if directory else 0o666) & ~mask
