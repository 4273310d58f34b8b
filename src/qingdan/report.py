"""Reporters: findings to the terminal. The only module that imports rich."""

from __future__ import annotations

import posixpath
from collections import Counter

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from qingdan.findings import Finding, Severity
from qingdan.model import DataSet

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(dataset: DataSet, findings: list[Finding]) -> str:
    """Return the one-line Chinese summary: what the data set holds, and the findings."""
    e = dataset.edition
    name = f"{e.jurisdiction} {e.version} 版" if e and e.jurisdiction else "清单"
    c = dataset.counts()
    parts = [
        f"{c['townships']} 个乡镇",
        f"{c['matters']} 项属地管理事项",
        f"{c['duties']} 项乡镇职责",
        f"{c['powers']} 项赋权事项",
    ]
    if c["duty_list_items"]:
        parts.append(f"{c['duty_list_items']} 项履行职责事项")
    by = Counter(f.severity for f in findings)
    tally = f"{by[Severity.ERROR]} 个错误，{by[Severity.WARNING]} 个警告"
    if by[Severity.INFO]:
        tally += f"，{by[Severity.INFO]} 个提示"
    return f"{name}：{'，'.join(parts)}：{tally}"


class TextReporter:
    """file:line:column: CODE 级别 message, the offending line beneath, then the summary."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def report(self, findings: list[Finding], dataset: DataSet, display: str) -> None:
        texts = {d.file: d for d in dataset.documents}
        for f in findings:
            where = posixpath.join(display, f.file) if display not in ("", ".") else f.file
            if f.line:
                where += f":{f.line}:{f.column}"
            line = Text.assemble(
                (where, "bold"),
                ": ",
                (f.code, _STYLE[f.severity]),
                " ",
                (f.severity.label, _STYLE[f.severity]),
                " ",
                f.message,
            )
            self.console.print(line, soft_wrap=True, highlight=False)
            doc = texts.get(f.file)
            if doc is not None and f.line:
                source = doc.line_text(f.line)
                if source.strip():
                    self.console.print(Text(f"  {f.line:>5} | {source}", style="dim"), soft_wrap=True, highlight=False)
                    # a CJK character takes two cells, so the caret counts cells, not characters
                    pad = 10 + cell_len(source[: max(f.column - 1, 0)])
                    self.console.print(Text(" " * pad + "^", style=_STYLE[f.severity]), highlight=False)
        self.console.print(Text(summary(dataset, findings)), soft_wrap=True, highlight=False)


REPORTERS = {"text": TextReporter}
