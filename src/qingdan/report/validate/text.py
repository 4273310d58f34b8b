"""The text format of `qingdan validate`: with --fix first what it changed, then findings grouped by file,
the offending line beneath each, a table of counts by rule, and the one-line summary."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from qingdan.findings import Finding, Severity
from qingdan.report.validate.run import Run, summary
from qingdan.text import around

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_GUTTER = 10  # "  " + line number right-aligned in 5 + " | "


def write(run: Run, console: Console) -> None:
    """Print the run: what --fix changed, per file its findings (or, with statistics, only the counts), the summary."""
    if run.fixed is not None:
        _fixed(console, run)
    if not run.statistics:
        documents = {d.file: d for d in run.dataset.documents}
        for file, group in groupby(run.findings, key=lambda f: f.file):
            for f in group:
                _finding(console, run, f, documents.get(file))
            console.print()
    if run.findings:
        console.print(_table(run.findings))
    console.print(Text(summary(run)), soft_wrap=True, highlight=False)


def _finding(console: Console, run: Run, f: Finding, doc) -> None:
    where = run.path(f.file) + (f":{f.line}:{f.column}" if f.line else "")
    style = _STYLE[f.severity]
    console.print(
        Text.assemble((where, "bold"), ": ", (f.code, style), " ", (f.severity.label, style), " ", f.message),
        soft_wrap=True,
        highlight=False,
    )
    source = doc.line_text(f.line) if doc is not None and f.line else ""
    if source.strip():
        source, column = around(source, f.column)  # a line may be a whole file long: show the part that matters
        console.print(Text(f"  {f.line:>5} | {source}", style="dim"), soft_wrap=True, highlight=False)
        # a CJK character takes two cells, so the caret counts cells, not characters
        pad = _GUTTER + cell_len(source[: max(column - 1, 0)])
        console.print(Text(" " * pad + "^", style=style), highlight=False)
    for other in f.related:
        at = run.path(other.file) + (f":{other.line}:{other.column}" if other.line else "")
        console.print(Text(f"  相关位置：{at}", style="dim"), soft_wrap=True, highlight=False)


def _fixed(console: Console, run: Run) -> None:
    applied = run.fixed.applied
    if not applied:
        console.print("没有可以自动修复的问题。", highlight=False)
        console.print()
        return
    console.print(Text(f"已自动修复 {len(applied)} 处：", style="bold"), highlight=False)
    for edited in run.fixed.files:
        for a in edited.applied:
            where = f"{run.path(a.file)}:{a.line}:{a.column}"
            old = "（未写）" if a.old is None else str(a.old)
            new = f"{a.new}（{a.label}）" if a.label and a.label not in (a.new, a.old) else a.new
            if old == a.new or not isinstance(a.old, str | None):  # only quotes added: show them
                new = f'"{a.new}"'

            console.print(
                Text.assemble((where, "bold"), ": ", (a.code, "green"), f" {a.field}：{old} → {new}"),
                soft_wrap=True,
                highlight=False,
            )
        if edited.reformatted:
            note = f"  {run.path(edited.file)} 原来不是统一格式，已一并按 qingdan fmt 整理"
            console.print(Text(note, style="dim"), soft_wrap=True, highlight=False)
    console.print()


def _table(findings: list[Finding]) -> Table:
    counts = Counter((f.code, f.name, f.severity) for f in findings)
    table = Table(show_edge=False, box=None, header_style="bold", pad_edge=False)
    for name, justify in (("代码", "left"), ("名称", "left"), ("级别", "left"), ("数量", "right")):
        table.add_column(name, justify=justify)
    for (code, name, severity), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][2].rank)):
        table.add_row(code, name, Text(severity.label, style=_STYLE[severity]), str(n))
    return table
