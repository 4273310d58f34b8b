"""What a `qingdan import` hands its report writers: the result, the files it made, and whether they were written."""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.importer.result import ImportResult, Issue


@dataclass(frozen=True, slots=True)
class ImportRun:
    """One `qingdan import`, as its writers see it."""

    result: ImportResult
    files: list[str]  # the files made, by their path in the data set
    written: bool  # written into a data set folder (-o), or printed


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


def summary(run: ImportRun) -> str:
    """The one-line Chinese summary: rows read, items made, files written, issues by severity."""
    result, n = run.result, run.result.counts()
    return (
        f"读取 {result.rows} 行，生成 {result.items} 项，{'写入' if run.written else '输出（未写入）'} "
        f"{len(run.files)} 个文件；错误 {n['error']}，警告 {n['warning']}，提示 {n['info']}"
    )
