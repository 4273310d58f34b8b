"""The text format of `qingdan import`: one line per issue (工作表!行 列名), skipped sheets, notes, each file, the summary."""

from __future__ import annotations

from rich.console import Console

from qingdan.report.imports.run import ImportRun, file_lines, ordered, summary, where


def write(run: ImportRun, console: Console) -> None:
    result = run.result
    lines = [f"{where(i)}  {i.code} {i.severity.label} {i.message}" for i in ordered(result)]
    lines += [f"跳过工作表「{name}」：没有认得出的表头" for name in result.skipped]
    lines += list(result.notes)
    lines += [line for merge in run.merges for line in file_lines(merge)]
    lines.append(summary(run))
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True, markup=False)
