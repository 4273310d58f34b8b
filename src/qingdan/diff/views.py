"""Values as changes carry them, shared by several lists: plain JSON that people read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qingdan.model import Basis, Contact, Matter


def basis(items: Sequence[Basis]) -> list[str]:
    """Each legal basis as its document and article."""
    return [f"{b.document}{b.article}" for b in items]


def contact(c: Contact | None) -> str:
    return " ".join(x for x in (c.unit, c.name, c.phone) if x) if c else ""


def admission(m: Matter | None) -> str:
    """A matter's admission record (批准文号, else its date, else that there is one), or ""."""
    if m is None or m.admission is None:
        return ""
    return m.admission.approved_by or m.admission.date or "已准入"


def plain(value: Any) -> Any:
    """A JSON value from ruamel's round-trip containers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)
