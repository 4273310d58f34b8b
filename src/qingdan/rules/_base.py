"""What a rule yields: a hit at a record, turned into a located Finding by the registry."""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.document import pointer
from qingdan.findings import Location
from qingdan.model import At


@dataclass(frozen=True, slots=True)
class Hit:
    """One problem a rule found: where, what (Chinese, one sentence) and which item."""

    at: At
    message: str
    item: str = ""
    key: bool = False  # point at the key of the last path step rather than its value
    related: tuple[At, ...] = ()  # the other ends of a cross-file problem


def locate(at: At, *, key: bool = False) -> Location:
    """Return the file, line and column of a record or of a field in it."""
    line, column, _ = at.doc.locate(at.path, key=key)
    return Location(at.doc.file, line, column, pointer(at.path))
