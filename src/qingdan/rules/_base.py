"""What a rule yields: a hit at a record, turned into a located Finding by the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qingdan.findings import Fix, Location
from qingdan.model import At
from qingdan.source import pointer


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a rule found: where, what (Chinese, one sentence) and which item."""

    at: At
    message: str
    item: str = ""
    key: bool = False  # point at the key of the last path step rather than its value
    related: tuple[At, ...] = ()  # the other ends of a cross-file problem
    fix: Fix | None = None  # the change that settles it, when the rule is sure of one


def fix(at: At, old: str | None, new: str, label: str = "") -> Fix:
    """The fix that sets the value at `at` from `old` (None: not written) to `new`, named `label` for people."""
    return Fix(at.doc.file, at.path, old, new, label)


def raw(at: At) -> Any:
    """Return the plain data a place points at, as it was parsed."""
    node = at.doc.data
    for step in at.path:
        node = node[step]
    return node


def entry(at: At, field: str, value: str | None = None, index: int | None = None) -> At:
    """Point at one value of `field`: the list entry equal to `value` (or at `index`),
    or the field itself when it holds a single value."""
    node = raw(at)
    values = node.get(field) if isinstance(node, dict) else None
    if isinstance(values, list):
        if index is None and value in values:
            index = values.index(value)
        if index is not None and 0 <= index < len(values):
            return at.child(field, index)
    return at.child(field)


def locate(at: At, *, key: bool = False) -> Location:
    """Return the file, line and column of a record or of a field in it."""
    line, column, _ = at.doc.locate(at.path, key=key)
    return Location(at.doc.file, line, column, pointer(at.path))
