"""Accepted findings: audited exceptions from settings, and inline `# qingdan: ignore[...]` comments.

An exception names a rule and an item, a reason and who approved it; an expired one no
longer applies (QD010) and one that matches nothing is reported (QD011). An inline
comment needs a reason too (QD012); it applies to findings on its own line, or, when it
stands alone on a line, on the next line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qingdan.codes import BUILTIN
from qingdan.config import Config, Exception_
from qingdan.findings import Finding
from qingdan.source import SourceFile

_IGNORE = re.compile(r"#\s*qingdan:\s*ignore\[([^\]]*)\]\s*(.*)$")
MANIFEST = "qingdan.yaml"


@dataclass(frozen=True, slots=True)
class Suppressed:
    finding: Finding
    reason: str


@dataclass(frozen=True, slots=True)
class _Ignore:
    file: str
    line: int  # the comment's own line
    target: int  # the line whose findings it accepts
    column: int
    codes: frozenset[str]
    reason: str


def apply(
    findings: list[Finding], config: Config, documents: list[SourceFile], today: dt.date
) -> tuple[list[Finding], list[Suppressed]]:
    """Return the findings that stand (with QD010-QD012 added) and those accepted, with their reasons."""
    manifest = next((d for d in documents if d.file == MANIFEST), None)
    ignores = [i for d in documents if "qingdan:" in d.text for i in _ignores(d)]
    live = {(e.rule, e.item): e for e in config.exceptions if e.expires is None or e.expires >= today}
    by_line: dict[tuple[str, int], list[_Ignore]] = {}
    for i in ignores:
        if i.reason:
            by_line.setdefault((i.file, i.target), []).append(i)
    used_exceptions: set[int] = set()
    used_ignores: set[_Ignore] = set()
    kept: list[Finding] = []
    accepted: list[Suppressed] = []
    for f in findings:
        exception = live.get((f.code, f.item)) if f.item else None
        ignore = next((i for i in by_line.get((f.file, f.line), ()) if f.code in i.codes), None)
        if exception is not None:
            used_exceptions.add(exception.index)
            accepted.append(Suppressed(f, f"{exception.reason}（{exception.approved_by}）"))
        elif ignore is not None:
            used_ignores.add(ignore)
            accepted.append(Suppressed(f, ignore.reason))
        else:
            kept.append(f)
    for e in config.exceptions:
        if e.expires is not None and e.expires < today:
            kept.append(
                _at_exception(manifest, e, "QD010", f"{e.rule}「{e.item}」的例外已于 {e.expires} 过期，不再放行")
            )
        elif e.index not in used_exceptions:
            kept.append(_at_exception(manifest, e, "QD011", f"{e.rule}「{e.item}」的例外没有对应的问题，可以删除"))
    for i in ignores:
        if not i.reason:
            kept.append(
                _builtin("QD012", i.file, i.line, i.column, "忽略注释没有写理由，不放行任何问题；请在 ] 后写明理由")
            )
        elif i not in used_ignores:
            codes = "、".join(sorted(i.codes))
            kept.append(
                _builtin("QD011", i.file, i.line, i.column, f"忽略注释 ignore[{codes}] 没有对应的问题，可以删除")
            )
    return sorted(set(kept)), accepted


def _ignores(doc: SourceFile) -> list[_Ignore]:
    out = []
    lines = doc.text.splitlines()
    for n, text in enumerate(lines, start=1):
        match = _IGNORE.search(text)
        if not match:
            continue
        codes = frozenset(c.strip().upper() for c in match.group(1).split(",") if c.strip())
        target = n
        if not text[: match.start()].strip():  # a comment alone on its line covers the next line
            target = next((k for k in range(n + 1, len(lines) + 1) if lines[k - 1].strip()), n)
        out.append(_Ignore(doc.file, n, target, match.start() + 1, codes, match.group(2).strip()))
    return out


def _builtin(code: str, file: str, line: int, column: int, message: str, item: str = "") -> Finding:
    check = BUILTIN[code]
    return Finding(file, line, column, code, message, check.severity, check.name, "", item)


def _at_exception(manifest: SourceFile | None, e: Exception_, code: str, message: str) -> Finding:
    path = ("settings", "exceptions", e.index)
    line, column, _ = manifest.locate(path) if manifest else (0, 0, ())
    return _builtin(code, MANIFEST, line, column, message, f"{e.rule}/{e.item}")
