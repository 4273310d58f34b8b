"""Find the data set (the folder holding qingdan.yaml) and the files of each kind in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qingdan.errors import QingdanError

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


def _display(folder: Path, here: Path) -> str:
    try:
        rel = folder.relative_to(here).as_posix()
    except ValueError:
        return folder.as_posix()
    return rel
