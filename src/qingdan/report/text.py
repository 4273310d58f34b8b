"""The text format: findings grouped by file, the offending line beneath each, a summary."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from qingdan.findings import Severity
from qingdan.report import Run, summary

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def write(run: Run, console: Console) -> None:
    """file:line:column: CODE 级别 message, the offending line beneath, then the summary."""
    TextReporter(console).report(run)


class TextReporter:
    def __init__(self, console: Console) -> None:
        self.console = console

    def report(self, run: Run) -> None:
        findings, dataset = run.findings, run.dataset
        texts = {d.file: d for d in dataset.documents}
        for f in findings:
            where = run.path(f.file)
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
        self.console.print(Text(summary(run)), soft_wrap=True, highlight=False)
