"""Writing files safely: a temporary file beside the target, then an atomic rename."""

from __future__ import annotations

import os
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


def stale(outdir: Path, files: dict[str, bytes]) -> list[str]:
    """Names of files in `outdir` that differ from, are missing from, or are not in `files`."""
    root = Path(outdir)
    out = []
    for name, content in files.items():
        path = root / name
        if not path.is_file() or path.read_bytes() != content:
            out.append(name)
    if root.is_dir():
        present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        out.extend(sorted(present - set(files)))
    return out


def _mode(path: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
