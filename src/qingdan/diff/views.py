"""Values as changes carry them, shared by several lists: plain JSON that people read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qingdan.model import Basis, Contact, Matter


def basis(items: Sequence[Basis]) -> list[str]:
    """Each legal basis as published: document, 文号, article and excerpt (the 新旧对照表 prints these)."""
    return [b.text for b in items]


def citation(line: str) -> str:
    """A basis line without its excerpt: what comes before the first colon outside 《》 and brackets."""
    depth = 0
    for i, ch in enumerate(line):
        if ch in "《（(〔[【":
            depth += 1
        elif ch in "》）)〕]】":
            depth = max(depth - 1, 0)
        elif ch == "：" and depth == 0:
            return line[:i]
    return line


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
