"""What one comparison carries from list to list: both editions, the ids paired so far, the changes.

The comparators run in a fixed order (departments and structures first) and record the pairs
they find, so that later lists see a department or matter whose id changed as the same one.
They emit changes through `Context.emit`, naming each item by its identity (`key`/`title`/
`group` in the new edition, `old_*` where the old edition differs; see `qingdan.changes.Change`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from qingdan.changes import Change
from qingdan.diff.kinds import KINDS, finish
from qingdan.diff.match import Match
from qingdan.model import DataSet, Index

Ident = dict[str, str]  # key, title, group and, where they differ in the old edition, old_key, old_title, old_group


@dataclass
class Side:
    """One edition, with the names people read for its ids."""

    ds: DataSet

    @property
    def index(self) -> Index:
        return self.ds.index

    def dept(self, dept_id: str) -> str:
        """A department, or 乡镇（街道）, by name."""
        return self.ds.index.party(dept_id)

    def depts(self, ids: Iterable[str]) -> list[str]:
        return [self.dept(i) for i in ids]

    def role(self, role_id: str) -> str:
        """An office role by name."""
        return self.ds.index.role(role_id)

    def structure(self, structure_id: str) -> str:
        return self.ds.index.structure(structure_id)

    def domain(self, domain_id: str) -> str:
        return self.ds.index.domains.get(domain_id, domain_id)

    def area(self, area_id: str) -> str:
        return self.ds.index.areas.get(area_id, area_id)


@dataclass
class Context:
    """One comparison in progress."""

    old: Side
    new: Side
    out: list[Change] = field(default_factory=list)
    departments: dict[str, str] = field(default_factory=dict)  # old id -> new id, where paired
    structures: dict[str, str] = field(default_factory=dict)
    matters: dict[str, str] = field(default_factory=dict)
    townships: dict[str, str] = field(default_factory=dict)

    def emit(self, kind: str, list_: str, ident: Ident, **fields: Any) -> None:
        """Record a change of `kind` to an item of `list_`."""
        self.out.append(finish(Change(kind, KINDS[kind].level, list_, message="", **ident, **fields)))

    def dept_ids(self, ids: Iterable[str]) -> set[str]:
        """Old department ids as the new edition names them."""
        return {self.departments.get(i, i) for i in ids}

    def membership(
        self,
        m: Match[Any],
        prefix: str,
        list_: str,
        ident: Callable[[Any, Any], Ident],
        view_old: Callable[[Any], Any],
        view_new: Callable[[Any], Any],
    ) -> Iterator[tuple[Any, Any, Ident]]:
        """Emit <prefix>-removed / -added / -renamed for a match; yield each kept pair with its identity."""
        for o in m.removed:
            self.emit(f"{prefix}-removed", list_, ident(o, None), old=view_old(o))
        for n in m.added:
            self.emit(f"{prefix}-added", list_, ident(None, n), new=view_new(n))
        for o, n in m.pairs:
            i = ident(o, n)
            if o.id != n.id or o.name != n.name:
                self.emit(f"{prefix}-renamed", list_, i, field=renamed_field(o, n), old=o.name, new=n.name)
            yield o, n, i


def identify(
    o: Any, n: Any, key: Callable[[Any], str], title: Callable[[Any], str], group: Callable[[Any], str]
) -> Ident:
    """key/title/group of the item in the new edition (old for removals), old_* where they differ."""
    if n is None:
        return {"key": key(o), "title": title(o), "group": group(o)}
    ident = {"key": key(n), "title": title(n), "group": group(n)}
    if o is not None:
        for name, fn in (("key", key), ("title", title), ("group", group)):
            if fn(o) != ident[name]:
                ident[f"old_{name}"] = fn(o)
    return ident


def identity(
    key: Callable[[Any], str], title: Callable[[Any], str], group: Callable[[Any], str]
) -> Callable[[Any, Any], Ident]:
    """`identify` with its three parts fixed."""
    return lambda o, n: identify(o, n, key, title, group)


def merge_ident(old_ident: Ident, new_ident: Ident) -> Ident:
    """The identity of a pair from each side's own identity (their groups come from their own lookups)."""
    out = dict(new_ident)
    for name, value in old_ident.items():
        if value != out[name]:
            out[f"old_{name}"] = value
    return out


def renamed_field(o: Any, n: Any) -> str:
    """What a rename changed: the name, else only the id."""
    return "name" if o.name != n.name else "id"
