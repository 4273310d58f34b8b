"""The finding record every check produces, and the exit code they add up to."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def label(self) -> str:
        return _LABEL[self]


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a data set: POSIX path relative to the data set root, 1-based line and column."""

    file: str
    line: int = 0  # 0 = the whole file
    column: int = 0  # 0 = unknown
    pointer: str = ""  # JSON path in the document, e.g. "$.matters[3].lead"


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that settles a finding without doubt: the value at `path` in `file` becomes `new`.

    `old` is the value as read (a string, or the number YAML made of an unquoted 05718697108), or
    None where the key is missing and the fix adds it; a fix whose `old` no longer matches the
    file is not applied. `new` is always written as a string. `label` names `new` for people
    (经济发展办公室 for economic-office).
    """

    file: str
    path: tuple[str | int, ...]
    old: str | int | float | bool | None
    new: str
    label: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem found in a data set. Field order is the sort order."""

    file: str
    line: int
    column: int
    code: str  # stable rule code, e.g. "QD102"
    message: str  # Chinese, one sentence; user values in 「」
    severity: Severity = Severity.ERROR
    name: str = ""  # the rule's kebab-case name, e.g. "known-refs"
    pointer: str = ""
    item: str = ""  # id of the item concerned, for baselines and exceptions (not line numbers)
    related: tuple[Location, ...] = ()  # the other end of a cross-file finding
    fix: Fix | None = field(default=None, compare=False)  # what `validate --fix` may change; not part of identity

    @property
    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.pointer)

    @property
    def key(self) -> str:
        """What identifies this finding across edits: rule and item, never a line number."""
        return f"{self.code}:{self.file}:{self.item or self.pointer or self.message}"

    @property
    def fingerprint(self) -> str:
        """A stable 16-hex-digit hash of `key`, for SARIF and JSON consumers."""
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:16]


def exit_code(findings: list[Finding], fail_on: Severity = Severity.ERROR) -> int:
    """Return 1 when any finding is at or above `fail_on`, else 0."""
    return int(any(f.severity.rank >= fail_on.rank for f in findings))
