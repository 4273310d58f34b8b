"""What an import produces: the files of a data set as plain data, and what was noticed on the way.

Both readers fill this in: `messy` for the workbooks and CSV files people already have, and
`workbook` for a workbook that `qingdan render --to xlsx` wrote. Nothing here reads or writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qingdan.codes import BUILTIN
from qingdan.findings import Severity


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing an import noticed, located by sheet, row (1-based, as Excel shows it) and column title."""

    code: str  # QD701..QD707, documented in qingdan.codes
    message: str  # Chinese, one line
    sheet: str = ""  # sheet name, or the CSV file name
    row: int = 0  # 0 = the whole sheet
    column: str = ""  # the column's header text, or "" for the whole row

    @property
    def severity(self) -> Severity:
        return BUILTIN[self.code].severity


@dataclass(slots=True)
class ImportResult:
    """The files an import would write, keyed by their path in the data set's default layout."""

    files: dict[str, Any] = field(default_factory=dict)  # "matters/market.yaml" -> {"domain": ..., "matters": [...]}
    kinds: dict[str, str] = field(default_factory=dict)  # same keys -> file kind: "matters", "duty-list" ...
    issues: list[Issue] = field(default_factory=list)
    rows: int = 0  # data rows read (group and header rows not counted)
    items: int = 0  # records written
    comments: dict[str, list[str]] = field(
        default_factory=dict
    )  # same keys -> header comments (the sheet's title rows)
    skipped: list[str] = field(default_factory=list)  # sheets with no recognisable header, not read
    notes: list[str] = field(default_factory=list)  # what the report says about the import as a whole
    # departments the cells name that departments.yaml lacks, as entries for it: {id, name, short_name?, aliases?}
    new_departments: list[dict[str, Any]] = field(default_factory=list)

    def add(self, code: str, message: str, sheet: str = "", row: int = 0, column: str = "") -> None:
        self.issues.append(Issue(code, message, sheet, row, column))

    def counts(self) -> dict[str, int]:
        """Issues per severity: error, warning, info."""
        out = {s.value: 0 for s in Severity}
        for issue in self.issues:
            out[issue.severity.value] += 1
        return out
