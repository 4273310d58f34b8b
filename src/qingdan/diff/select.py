"""Which changes a `--fail-on` condition selects: a level and above, a burden shift, or one kind."""

from __future__ import annotations

from collections.abc import Iterable

from qingdan.changes import Change, Level
from qingdan.diff.kinds import KINDS
from qingdan.errors import QingdanError

BURDEN_SHIFT = "burden-shift"


def selectors(values: Iterable[str]) -> list[str]:
    """The conditions as written, each checked; "a,b" counts as two."""
    found = [v.strip() for value in values for v in value.split(",") if v.strip()]
    known = {*(level.value for level in Level), BURDEN_SHIFT, *KINDS}
    for selector in found:
        if selector not in known:
            raise QingdanError(
                f"--fail-on 不认识「{selector}」；可选：breaking、notable、info、{BURDEN_SHIFT}，"
                "或一种变化的名称（见 docs/diff.md）"
            )
    return found


def matches(change: Change, selector: str) -> bool:
    """Whether one condition selects the change."""
    if selector == BURDEN_SHIFT:
        return change.burden
    if selector in tuple(Level):
        return Level(change.level).rank >= Level(selector).rank
    return change.kind == selector


def selected(changes: Iterable[Change], selectors: Iterable[str]) -> bool:
    """Whether any condition selects any change."""
    conditions = list(selectors)
    return any(matches(c, s) for c in changes for s in conditions)
