"""Reporters: what a validate run found, written in one of several formats.

Every reporter is `write(run, console)`: the text reporter prints through rich, the
machine formats write their text to `console.file`. This package is the only place
that imports rich.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from qingdan.files import write_atomic
from qingdan.findings import Finding, Severity
from qingdan.model import DataSet

Writer = Callable[[Any, Console], None]  # one output format: write(record, console)


def emit(write: Writer, record: Any, output: Path | None) -> None:
    """Print a report, or write it plainly (no colour, 120 columns) to `output` in one atomic step."""
    if output is None:
        write(record, Console(highlight=False))
        return
    buffer = io.StringIO()
    write(record, Console(file=buffer, width=120, no_color=True, highlight=False))
    write_atomic(output, buffer.getvalue())


@dataclass(frozen=True, slots=True)
class Run:
    """The outcome of one `qingdan validate`, as every reporter sees it."""

    findings: list[Finding]
    dataset: DataSet
    display: str  # the data set folder as the user named it; prefixed to every file
    suppressed: int = 0  # findings accepted by exceptions or inline ignores
    baselined: int = 0  # findings hidden because the baseline already holds them
    statistics: bool = False  # add a count per rule
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, Chinese title)

    def path(self, file: str) -> str:
        """The file as the user should see it: under the folder they named."""
        return f"{self.display.rstrip('/')}/{file}" if self.display not in ("", ".") else file

    def tally(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings)


def summary(run: Run) -> str:
    """The one-line Chinese summary: what the data set holds, and what was found."""
    e = run.dataset.edition
    name = f"{e.jurisdiction} {e.version} 版" if e and e.jurisdiction else "清单"
    c = run.dataset.counts()
    parts = [
        f"{c['townships']} 个乡镇",
        f"{c['matters']} 项属地管理事项",
        f"{c['duties']} 项乡镇职责",
        f"{c['powers']} 项赋权事项",
    ]
    if c["duty_list_items"]:
        parts.append(f"{c['duty_list_items']} 项履行职责事项")
    by = run.tally()
    tally = f"{by[Severity.ERROR]} 个错误，{by[Severity.WARNING]} 个警告"
    if by[Severity.INFO]:
        tally += f"，{by[Severity.INFO]} 个提示"
    extra = []
    if run.suppressed:
        extra.append(f"{run.suppressed} 个已按例外放行")
    if run.baselined:
        extra.append(f"{run.baselined} 个已在基线中")
    return f"{name}：{'，'.join(parts)}：{tally}" + (f"（{'，'.join(extra)}）" if extra else "")


def step_summary(run: Run) -> str:
    """The Markdown job summary for GitHub Actions."""
    from qingdan.report import github

    return github.step_summary(run)


def _reporters() -> dict[str, Callable[[Run, Console], None]]:
    from qingdan.report import github, json_format, junit, sarif, text

    return {
        "text": text.write,
        "json": json_format.write,
        "sarif": sarif.write,
        "github": github.write,
        "junit": junit.write,
    }


REPORTERS = _reporters()
