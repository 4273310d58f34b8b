"""An ImportResult as YAML files: canonical form, each with the modeline of the file it replaces or of its kind.

The report of what the import noticed is written by `qingdan.report.imports`."""

from __future__ import annotations

from pathlib import Path

from qingdan.importer.result import ImportResult
from qingdan.yamlfmt import dump, modeline_for

MODELINE = "# yaml-language-server: $schema="


def yaml_files(result: ImportResult, outdir: Path) -> dict[str, str]:
    """{path in the data set: YAML text}.

    The modeline is the one the file being replaced already has, else the path from
    `outdir`/path to the nearest schemas/ folder.
    """
    return {
        path: dump(
            result.files[path],
            result.kinds[path],
            comments=result.comments.get(path, ()),
            modeline=_modeline(Path(outdir) / path) or modeline_for(Path(outdir) / path, result.kinds[path]),
        )
        for path in sorted(result.files)
    }


def _modeline(target: Path) -> str | None:
    try:
        with target.open(encoding="utf-8") as f:
            first = f.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return first.removeprefix(MODELINE) if first.startswith(MODELINE) else None


def existing(outdir: Path, files: dict[str, str]) -> list[str]:
    """The files an import would overwrite."""
    return [name for name in files if (Path(outdir) / name).exists()]


def stdout_text(files: dict[str, str]) -> str:
    """All files for the screen, each after a `# ---- path` line."""
    return "".join(f"# ---- {name}\n{text}" for name, text in files.items())


NO_DEPARTMENTS = (
    "没有找到清单文件夹（可用 --data 指定），部门和机构名称没有核对：乡镇以外的部门名称按拼音暂写成标识，"
    "机构名称和部门原文放进 extra"
)
