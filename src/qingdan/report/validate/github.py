"""The GitHub Actions format: one workflow command per finding, and the Markdown job summary.

GitHub turns `::error file=…,line=…::message` lines in a step's log into annotations on
the pull request. Values are escaped as the runner unescapes them (actions/toolkit
`escapeData` and `escapeProperty` in packages/core/src/command.ts).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console

from qingdan.findings import Finding, Severity
from qingdan.report import write_text
from qingdan.report.validate.run import Run, summary
from qingdan.text import markdown as _md

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
LISTED = 50  # findings in the job summary; the rest are in the log


def write(run: Run, console: Console) -> None:
    """Write one annotation command per finding, then the summary line as plain log text."""
    lines = [command(run, f) for f in run.findings]
    write_text(console, "\n".join([*lines, summary(run)]) + "\n")


def command(run: Run, f: Finding) -> str:
    """Return the workflow command that annotates this finding."""
    props = [("file", run.path(f.file))]
    if f.line:
        props.append(("line", str(f.line)))
        if f.column:
            props.append(("col", str(f.column)))
    props.append(("title", f"{f.code} {f.name}".strip()))
    joined = ",".join(f"{key}={_property(value)}" for key, value in props)
    return f"::{COMMAND[f.severity]} {joined}::{_data(f.message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def step_summary(run: Run) -> str:
    """Return the Markdown job summary: heading, summary line, counts by rule, the first findings."""
    lines = ["## qingdan validate", "", _md(summary(run)), ""]
    if not run.findings:
        lines += ["没有发现问题。", ""]
        return "\n".join(lines)
    counts = Counter((f.code, f.name, f.severity) for f in run.findings)
    lines += ["| 代码 | 名称 | 级别 | 数量 |", "| --- | --- | --- | ---: |"]
    for (code, name, severity), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[0][2].rank, kv[0][1])):
        lines.append(f"| {code} | {_md(name)} | {severity.label} | {n} |")
    shown = run.findings[:LISTED]
    lines += ["", f"### 问题（列出 {len(shown)} 个，共 {len(run.findings)} 个）", ""]
    lines += ["| 位置 | 代码 | 级别 | 说明 |", "| --- | --- | --- | --- |"]
    for f in shown:
        where = run.path(f.file) + (f":{f.line}:{f.column}" if f.line else "")
        lines.append(f"| {_code(where)} | {f.code} {_md(f.name)} | {f.severity.label} | {_md(f.message)} |")
    if len(run.findings) > LISTED:
        lines += ["", f"另有 {len(run.findings) - LISTED} 个问题没有列出，见这一步的日志。"]
    lines.append("")
    return "\n".join(lines)


def _code(text: str) -> str:
    # inside a code span only the pipe needs escaping (GitHub splits table cells first)
    escaped = text.replace("|", "\\|")
    return f"`{escaped}`"
