"""The registry of cross-reference rules: one module each, registered here by hand.

A rule module has a docstring (its user doc: what it finds, why it matters, how to fix,
and `Fails:` / `Passes:` examples that a test runs, each overlaid on a minimal clean data
set), CODE, ID, SEVERITY, OPTIONS (defaults of its settings) and
`check(dataset, options) -> Iterator[Hit]`. The registry, not the rule, turns hits into
located findings and stamps code, name and the configured severity.

A rule that can settle some of its findings without doubt sets FIXABLE = True, says what
it fixes in a paragraph of its doc that starts with 自动修复：, and gives those hits a `fix`
(`qingdan validate --fix` applies them, see qingdan.fixer).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import Any

from qingdan.findings import Finding, Severity
from qingdan.model import DataSet
from qingdan.rules import (
    burden_without_admission,
    carrier_missing,
    duplicate_matters,
    duty_without_office,
    idle_offices,
    known_refs,
    many_to_one,
    one_sided_items,
    oversight,
    placeholder_text,
    several_leads,
    staffing,
    structure_drift,
    supporting_without_office,
    ungrouped_items,
    unique_ids,
    unowned_matters,
    unusable_powers,
    withdrawal_mismatch,
)
from qingdan.rules._base import locate

_IDENTITY = (unique_ids, known_refs)
_MATTERS: tuple[ModuleType, ...] = (
    duplicate_matters,
    unowned_matters,
    several_leads,
    carrier_missing,
    one_sided_items,
    duty_without_office,
    supporting_without_office,
    placeholder_text,
    ungrouped_items,
    withdrawal_mismatch,
)  # QD103, QD2xx: matters and duty lists
_OFFICES: tuple[ModuleType, ...] = (
    many_to_one,
    oversight,
    structure_drift,
    idle_offices,
    burden_without_admission,
    unusable_powers,
    staffing,
)  # QD3xx, QD4xx, QD5xx: offices, burden, powers, staffing
RULES: dict[str, ModuleType] = {m.CODE: m for m in sorted((*_IDENTITY, *_MATTERS, *_OFFICES), key=lambda m: m.CODE)}


def get(code_or_id: str) -> ModuleType | None:
    """Return the rule with this code (QD101) or name (unique-ids)."""
    if code_or_id.upper() in RULES:
        return RULES[code_or_id.upper()]
    return next((m for m in RULES.values() if code_or_id == m.ID), None)


def fixable(rule: ModuleType) -> bool:
    """True if `qingdan validate --fix` can settle some of this rule's findings."""
    return getattr(rule, "FIXABLE", False) is True


def run(
    rule: ModuleType, dataset: DataSet, severity: Severity | None = None, options: Mapping[str, Any] | None = None
) -> list[Finding]:
    """Run one rule and return its findings, located and stamped."""
    out = []
    for hit in rule.check(dataset, rule.OPTIONS if options is None else options):
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
                hit.fix,
            )
        )
    return out
