"""What a `qingdan validate` run hands its writers, and the summary line several formats share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qingdan.findings import Finding, Severity
from qingdan.model import DataSet

if TYPE_CHECKING:
    from qingdan.fixer import Fixed
    from qingdan.validate import Outcome


@dataclass(frozen=True, slots=True)
class Run:
    """The outcome of one `qingdan validate`, as every writer sees it."""

    findings: list[Finding]
    dataset: DataSet
    display: str  # the data set folder as the user named it; prefixed to every file
    suppressed: int = 0  # findings accepted by exceptions or inline ignores
    baselined: int = 0  # findings hidden because the baseline already holds them
    statistics: bool = False  # add a count per rule
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, Chinese title)
    fixed: Fixed | None = None  # with --fix: what it changed (the findings are what remains)

    @classmethod
    def of(cls, outcome: Outcome, display: str, statistics: bool = False, fixed: Fixed | None = None) -> Run:
        """The run of a checked project, as the user named its folder."""
        return cls(
            outcome.findings,
            outcome.dataset,
            display,
            len(outcome.suppressed),
            outcome.baselined,
            statistics,
            fixed=fixed,
        )

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
    if run.fixed is not None and run.fixed.applied:
        extra.append(f"已自动修复 {len(run.fixed.applied)} 处")
    return f"{name}：{'，'.join(parts)}：{tally}" + (f"（{'，'.join(extra)}）" if extra else "")
