"""The registry of cross-reference rules: one module each, registered here by hand.

A rule module has a docstring (its user doc, with `Fails:` and `Passes:` examples that
a test runs), CODE, ID, SEVERITY and `check(dataset) -> Iterator[Hit]`. The registry,
not the rule, turns hits into located findings and stamps code, name and severity.
"""

from __future__ import annotations

from types import ModuleType

from qingdan.findings import Finding, Severity
from qingdan.model import DataSet
from qingdan.rules import known_refs, unique_ids
from qingdan.rules._base import locate

RULES: dict[str, ModuleType] = {m.CODE: m for m in (unique_ids, known_refs)}


def get(code_or_id: str) -> ModuleType | None:
    """Return the rule with this code (QD101) or name (unique-ids)."""
    if code_or_id.upper() in RULES:
        return RULES[code_or_id.upper()]
    return next((m for m in RULES.values() if code_or_id == m.ID), None)


def run(rule: ModuleType, dataset: DataSet, severity: Severity | None = None) -> list[Finding]:
    """Run one rule and return its findings, located and stamped."""
    out = []
    for hit in rule.check(dataset):
        where = locate(hit.at, key=hit.key)
        out.append(
            Finding(
                where.file,
                where.line,
                where.column,
                rule.CODE,
                hit.message,
                severity or rule.SEVERITY,
                rule.ID,
                where.pointer,
                hit.item,
                tuple(locate(r) for r in hit.related),
            )
        )
    return out
