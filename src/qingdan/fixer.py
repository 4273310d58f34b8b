"""`qingdan validate --fix`: apply the fixes the rules are sure of, validate again, repeat, then write the files.

A fix is a value a rule is sure of, carried by its finding (`Finding.fix`); a finding that an
exception, an inline ignore or the baseline lets through is not fixed. The fixes of one pass are
written into the texts in memory, file by file, through qingdan.yamledit, and the data set is
validated again with those texts in place of the files: one fix can make another possible (a lead
written as a name becomes an id; then its counterpart office can be found). When a pass finds
nothing more to fix, the changed files are written, each atomically, and the findings of that
last pass are what remains. A second `--fix` finds nothing to do.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qingdan.files import write_atomic
from qingdan.findings import Finding, Fix, Severity
from qingdan.project import Project
from qingdan.schema import SchemaSet
from qingdan.source import Path_, pointer
from qingdan.validate import Outcome, check_project
from qingdan.yamledit import EditProblem, set_values
from qingdan.yamlfmt import FormatProblem, format_text

MAX_PASSES = 10  # each pass settles what the previous one made possible; real chains are two or three long


@dataclass(frozen=True, slots=True)
class Applied:
    """One value `--fix` changed, where it now stands, and the finding it settled."""

    file: str
    line: int
    column: int
    code: str
    path: Path_
    old: str | int | float | bool | None  # None: the key was not written
    new: str
    label: str  # what `new` names, e.g. 经济发展办公室

    @property
    def pointer(self) -> str:
        return pointer(self.path)

    @property
    def field(self) -> str:
        """The key it sits under, with the list position if any: township_office, supporting[1]."""
        keys = [i for i, step in enumerate(self.path) if isinstance(step, str)]
        if not keys:
            return self.pointer
        last = keys[-1]
        return str(self.path[last]) + "".join(f"[{step}]" for step in self.path[last + 1 :])


@dataclass(frozen=True, slots=True)
class Edited:
    """One file `--fix` changed: its text before and after and the values changed in it."""

    file: str  # relative to the data set root
    path: Path
    root: Path  # the data set's folder, which the file must not leave
    before: str
    after: str
    applied: tuple[Applied, ...]
    reformatted: bool  # it was not in canonical form before, so more than the values changed


@dataclass(frozen=True, slots=True)
class Fixed:
    """What `--fix` did: the files it changed, those it could not change, and what remains to be decided."""

    outcome: Outcome  # the findings after the fixes
    files: tuple[Edited, ...]
    problems: tuple[str, ...]  # "file: message" for each file the fixes could not be written into

    @property
    def applied(self) -> tuple[Applied, ...]:
        return tuple(a for e in self.files for a in e.applied)


def fix_project(project: Project, schemas: SchemaSet, today: dt.date, baseline: Counter[str] | None = None) -> Fixed:
    """Apply every fix the findings carry, pass after pass, in memory; nothing is written here."""
    overlay: dict[str, str] = {}  # file -> edited text
    done: dict[tuple[str, Path_], tuple[str, Fix]] = {}  # (file, path) -> (code, fix), in the order applied
    problems: dict[str, str] = {}
    outcome = check_project(project, schemas, today, baseline, overlay)
    for _ in range(MAX_PASSES):
        docs = {d.file: d for d in outcome.dataset.documents}
        progressed = False
        for file, fixes in _by_file(outcome.findings, set(problems)).items():
            doc = docs.get(file)
            if doc is None:
                continue
            try:
                after = set_values(doc.text, doc.kind, [f for _, f in fixes])
            except EditProblem as problem:
                problems[file] = problem.message
                continue
            if after != doc.text:
                overlay[file], progressed = after, True
                for code, f in fixes:
                    first = done.get((file, f.path))
                    done[(file, f.path)] = (
                        code,
                        f if first is None else Fix(file, f.path, first[1].old, f.new, f.label),
                    )
        if not progressed:
            break
        outcome = check_project(project, schemas, today, baseline, overlay)
    files = tuple(_edited(project, outcome, file, text, done) for file, text in sorted(overlay.items()))
    return Fixed(outcome, files, tuple(f"{file}: {message}" for file, message in sorted(problems.items())))


def _by_file(findings: list[Finding], skip: set[str]) -> dict[str, list[tuple[str, Fix]]]:
    """The fixes of one pass by file; two findings that would set one place to different values set neither."""
    wanted: dict[tuple[str, Path_], list[tuple[str, Fix]]] = {}
    for f in findings:
        if f.fix is not None and f.fix.file not in skip:
            wanted.setdefault((f.fix.file, f.fix.path), []).append((f.code, f.fix))
    out: dict[str, list[tuple[str, Fix]]] = {}
    for (file, _), fixes in wanted.items():
        if len({(fix.old, fix.new) for _, fix in fixes}) == 1:
            out.setdefault(file, []).append(fixes[0])
    return out


def _edited(
    project: Project, outcome: Outcome, file: str, after: str, done: dict[tuple[str, Path_], tuple[str, Fix]]
) -> Edited:
    path = project.root / file
    before = project.read(file).decode("utf-8-sig")  # it loaded, so it reads and decodes
    doc = next(d for d in outcome.dataset.documents if d.file == file)
    applied = []
    for (where, at), (code, f) in done.items():
        if where == file:
            line, column, _ = doc.locate(at)
            applied.append(Applied(file, line, column, code, at, f.old, f.new, f.label))
    try:
        reformatted = format_text(before, doc.kind) != before
    except FormatProblem:  # pragma: no cover - set_values formatted the same text
        reformatted = True
    return Edited(
        file, path, project.root, before, after, tuple(sorted(applied, key=lambda a: (a.line, a.column))), reformatted
    )


def write(fixed: Fixed) -> None:
    """Write every changed file, each atomically."""
    for edited in fixed.files:
        write_atomic(edited.path, edited.after, within=edited.root)


def unified_diff(edited: Edited, display: str) -> str:
    """The change `--fix` makes to one file, as a unified diff; `display` is the file as the user names it."""
    lines = difflib.unified_diff(
        edited.before.replace("\r\n", "\n").splitlines(keepends=True),
        edited.after.splitlines(keepends=True),
        f"{display}（原文）",
        f"{display}（修复后）",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def summary(fixed: Fixed) -> str:
    """The line `--fix --diff` ends with: how many values in how many files would change, and what would remain."""
    tally = Counter(f.severity for f in fixed.outcome.findings)
    remains = f"还有 {tally[Severity.ERROR]} 个错误、{tally[Severity.WARNING]} 个警告"
    if not fixed.applied:
        return f"没有可以自动修复的问题；{remains}"
    return f"可以自动修复 {len(fixed.applied)} 处（{len(fixed.files)} 个文件），没有写入；修复后{remains}"
