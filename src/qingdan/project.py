"""Find the data set (the folder holding qingdan.yaml) and the files of each kind in it.

Every file a data set names or contains must lie inside its folder once symlinks are followed:
`claim` refuses a `files:` pattern that points elsewhere (QD018) and a file that resolves
outside the folder (QD017), and `read_inside` reads only such a file, never more than
`limits.MAX_FILE_BYTES` of it (QD014), so that a data set cannot make qingdan read, quote or
rewrite a file that is not its own.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from qingdan.errors import QingdanError
from qingdan.limits import MAX_FILE_BYTES
from qingdan.text import excerpt

MANIFEST = "qingdan.yaml"

# kind (= schema name) -> default glob patterns, relative to the data set folder
LAYOUT: dict[str, tuple[str, ...]] = {
    "departments": ("departments.yaml",),
    "structures": ("structures.yaml",),
    "township": ("townships/*.yaml",),
    "matters": ("matters/*.yaml",),
    "duties": ("duties.yaml",),
    "powers": ("powers.yaml",),
    "power-list": ("power-list.yaml",),
    "cases": ("cases.yaml",),
    "duty-list": ("duty-lists/*.yaml",),
}
# the manifest's `files:` keys, which name kinds in the plural
FILES_KEYS = {
    "departments": "departments",
    "structures": "structures",
    "townships": "township",
    "matters": "matters",
    "duties": "duties",
    "powers": "powers",
    "power_list": "power-list",
    "cases": "cases",
    "duty_lists": "duty-list",
}
REQUIRED_KINDS = ("departments", "structures", "township")


def layout_path(kind: str, name: str = "") -> str:
    """Where a file of `kind` goes in the default layout: the kind's one file (duties.yaml), or `name` in its folder.

    matters and "market.yaml" give matters/market.yaml; a kind the layout does not know, `name` itself.
    """
    patterns = LAYOUT.get(kind)
    if not patterns:
        return name
    if "*" not in patterns[0]:
        return patterns[0]
    folder = patterns[0].rpartition("/")[0]
    return f"{folder}/{name}" if folder else name


@dataclass(frozen=True, slots=True)
class Refusal:
    """A file or a `files:` pattern not read, and why: `file` relative to the data set, `at` a path in it."""

    file: str
    code: str  # QD014, QD017, QD018 or QD019
    message: str
    at: tuple[str | int, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """The data files of a data set, in the order they are read, and what was refused."""

    files: list[tuple[str, str]] = field(default_factory=list)  # (path relative to the folder, kind)
    empty: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (kind, patterns) matching no file
    refused: list[Refusal] = field(default_factory=list)


class Unreadable(Exception):
    """A data file qingdan will not or cannot read: a code and a Chinese message quoting none of its content."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass(frozen=True, slots=True)
class Project:
    """A data set on disk: its folder and how the user named it on the command line."""

    root: Path
    display: str  # the folder as the user wrote it, prefixed to every reported file

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @classmethod
    def discover(cls, path: Path | None = None) -> Project:
        """Find the data set at `path`, or walk up from the current folder to a qingdan.yaml."""
        if path is None:
            here = Path.cwd()
            for folder in (here, *here.parents):
                if (folder / MANIFEST).is_file():
                    return cls(folder, _display(folder, here))
            raise QingdanError(f"当前目录及其上级目录中都没有 {MANIFEST}；请指定清单所在的文件夹")
        if path.is_file() and path.name == MANIFEST:
            path = path.parent
        if not path.exists():
            raise QingdanError(f"路径「{path}」不存在")
        if not path.is_dir():
            raise QingdanError(f"「{path}」不是文件夹；请指定包含 {MANIFEST} 的清单文件夹")
        if (path / MANIFEST).is_file():
            return cls(path, path.as_posix())
        editions = sorted(p.parent.relative_to(path).as_posix() for p in path.glob(f"**/{MANIFEST}"))
        if editions:
            listed = "、".join(editions[:10])
            raise QingdanError(f"「{path}」下有 {len(editions)} 个清单版本（{listed}），请指定其中一个")
        raise QingdanError(f"「{path}」中没有 {MANIFEST}，不是 qingdan 清单文件夹")

    def layout(self, files: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        """Return the glob patterns of each kind: the manifest's `files:` over the defaults."""
        layout = dict(LAYOUT)
        for key, patterns in files.items():
            if key in FILES_KEYS and patterns:
                layout[FILES_KEYS[key]] = patterns
        return layout

    def claim(self, files: Any) -> Claim:
        """The data files of each kind, by the manifest's `files:` (as read) over the default layout.

        A pattern that is empty, absolute, leaves the folder or is not a glob is refused (QD018),
        as is a file that resolves outside the folder (QD017); a folder that cannot be listed is
        QD019. A file two patterns match belongs to the first kind.
        """
        claim = Claim()
        root = self.root.resolve()
        claimed = {MANIFEST}
        usable = _usable_patterns(files, claim.refused)
        layout = self.layout(usable)
        for key, patterns in usable.items():  # every pattern refused: read from nowhere rather than guess
            if key in FILES_KEYS and not patterns:
                layout[FILES_KEYS[key]] = ()
        for kind, patterns in layout.items():
            found: set[Path] = set()
            for pattern in patterns:
                try:
                    found.update(p for p in self.root.glob(pattern) if p.is_file())
                except OSError as exc:  # e.g. a folder removed while it is listed
                    claim.refused.append(Refusal(MANIFEST, "QD019", f"无法列出「{excerpt(pattern)}」：{_reason(exc)}"))
                except (ValueError, NotImplementedError, IndexError):  # what pathlib refuses beyond pattern_problem
                    claim.refused.append(Refusal(MANIFEST, "QD018", f"「{excerpt(pattern)}」不是有效的 glob"))
            if not found:
                claim.empty.append((kind, patterns))
            for path in sorted(found):
                rel = path.relative_to(self.root).as_posix()
                if rel in claimed:
                    continue
                claimed.add(rel)
                if not _inside(path, root):
                    claim.refused.append(Refusal(rel, "QD017", _OUTSIDE))
                else:
                    claim.files.append((rel, kind))
        return claim

    def read(self, rel: str) -> bytes:
        """The bytes of one data file (see `read_inside`)."""
        return read_inside(self.root, self.root / rel)


_OUTSIDE = "这个文件是指向清单文件夹之外的符号链接，没有读入；清单只读自己文件夹里的文件，请把文件复制进来"


def read_inside(root: Path, path: Path) -> bytes:
    """Read a data file that lies inside `root` once symlinks are followed, and is at most MAX_FILE_BYTES.

    Raises Unreadable (QD017 outside, QD014 too large, QD019 not a regular file or an OS error);
    a file too large is refused by its size, before any of it is read.
    """
    try:
        if not _inside(path, root.resolve()):
            raise Unreadable("QD017", _OUTSIDE)
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Unreadable("QD019", "不是普通文件，没有读入")
            if info.st_size > MAX_FILE_BYTES:
                raise Unreadable("QD014", _too_large(info.st_size))
            data = handle.read(MAX_FILE_BYTES + 1)  # a file still growing is cut off here, not read to its end
    except OSError as exc:
        raise Unreadable("QD019", f"无法读取：{_reason(exc)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable("QD014", _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    mib = 1024 * 1024
    return (
        f"文件有 {size / mib:.0f} MB，超过单个清单文件 {MAX_FILE_BYTES // mib} MB 的上限，没有读入；"
        "请按领域或乡镇拆成几个文件"
    )


def _inside(path: Path, root: Path) -> bool:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    return real == root or real.is_relative_to(root)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _usable_patterns(files: Any, refused: list[Refusal]) -> dict[str, tuple[str, ...]]:
    """The manifest's `files:` as kind key -> patterns, leaving out (and refusing) the unusable ones."""
    if not isinstance(files, dict):
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for key, patterns in files.items():
        if not isinstance(patterns, list):
            continue
        usable: list[str] = []
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, str):
                continue  # the schema reports it (QD004)
            problem = pattern_problem(pattern)
            if problem:
                refused.append(
                    Refusal(MANIFEST, "QD018", f"files.{key} 中的「{excerpt(pattern)}」{problem}", ("files", key, i))
                )
            else:
                usable.append(pattern)
        if usable or patterns:  # an empty list means the default place; a list of refused patterns, none
            out[key] = tuple(usable)
    return out


def pattern_problem(pattern: str) -> str:
    """Why a `files:` glob cannot be used, in Chinese; "" when it can."""
    if not pattern.strip():
        return "是空的；请写相对于清单文件夹的位置，如 matters/*.yaml"
    posix = PurePosixPath(pattern.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(pattern).drive or pattern.startswith("~"):
        return "是绝对路径；请写相对于清单文件夹的位置，如 matters/*.yaml"
    if ".." in posix.parts:
        return "指向清单文件夹之外（含 ..）；清单只读自己文件夹里的文件"
    if not posix.parts or posix.parts == (".",):
        return "没有指明文件；请写相对于清单文件夹的位置，如 matters/*.yaml"
    if "\0" in pattern:
        return "含有空字符"
    if any("**" in part and part != "**" for part in posix.parts):
        return "不是有效的 glob：** 只能单独作为路径的一段，如 matters/**/*.yaml"
    return ""


def _display(folder: Path, here: Path) -> str:
    try:
        rel = folder.relative_to(here).as_posix()
    except ValueError:
        return folder.as_posix()
    return rel
