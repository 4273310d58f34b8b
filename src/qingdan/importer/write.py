"""An ImportResult as text: the YAML files (canonical form, with the modeline) and the report of what was noticed."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qingdan.findings import Severity
from qingdan.importer.result import ImportResult, Issue
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


def counts(result: ImportResult) -> dict[str, int]:
    """Issues per severity: error, warning, info."""
    out = {s.value: 0 for s in Severity}
    for issue in result.issues:
        out[issue.severity.value] += 1
    return out


def ordered(result: ImportResult) -> list[Issue]:
    """Issues grouped by sheet (in the order the sheets were read), then by row."""
    sheets: dict[str, int] = {}
    for issue in result.issues:
        sheets.setdefault(issue.sheet, len(sheets))
    return sorted(result.issues, key=lambda i: (sheets[i.sheet], i.row))


def where(issue: Issue) -> str:
    """工作表!行 列名 — as a reader finds the cell in Excel."""
    place = issue.sheet + (f"!{issue.row}" if issue.row else "")
    return f"{place} {issue.column}" if issue.column else place


def summary(result: ImportResult, files: int, *, written: bool = True) -> str:
    n = counts(result)
    return (
        f"读取 {result.rows} 行，生成 {result.items} 项，{'写入' if written else '输出（未写入）'} {files} 个文件；"
        f"错误 {n['error']}，警告 {n['warning']}，提示 {n['info']}"
    )


def report_lines(result: ImportResult, files: int, notes: Sequence[str] = (), *, written: bool = True) -> list[str]:
    """The text report: one line per issue, skipped sheets, notes, then the summary."""
    lines = [f"{where(i)}  {i.code} {i.severity.label} {i.message}" for i in ordered(result)]
    lines += [f"跳过工作表「{name}」：没有认得出的表头" for name in result.skipped]
    lines += list(notes)
    lines.append(summary(result, files, written=written))
    return lines


def report_json(result: ImportResult, files: list[str], notes: Sequence[str] = (), *, written: bool = True) -> str:
    """The report as JSON, keys in English."""
    n = counts(result)
    data: dict[str, Any] = {
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "sheet": i.sheet,
                "row": i.row,
                "column": i.column,
                "message": i.message,
            }
            for i in ordered(result)
        ],
        "skipped_sheets": list(result.skipped),
        "notes": list(notes),
        "files": list(files),
        "written": written,
        "summary": {
            "rows": result.rows,
            "items": result.items,
            "files": len(files),
            "errors": n["error"],
            "warnings": n["warning"],
            "infos": n["info"],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
