"""The story a comparison tells: for each kind of change, how many items, where, and which way work moved.

`story(old, new, changes)` counts the items (not the changes: a power changed in three fields is one
item) of each kind, split by the way the change moves work (`Change.direction`: 乡镇减负, 部门接回,
乡镇加责, or neither) and broken down by domain (the 领域 of a matter, the 方面 of a 乡镇职责, the 类别 of
a 履行职责事项), by department (a matter's 主体责任部门, a power's 原实施部门, the 对应上级部门 or 承接部门
of a 履行职责事项, the 牵头部门 of a “一件事”, by short name) and by township (机构, 履行职责事项清单):
收回赋权事项 5 项：部门 住房和城乡建设局 3、卫生健康局 2. An item is placed where the new edition
has it, else where the old one had it; a department that hands a matter to townships is the one counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from qingdan.changes import Change
from qingdan.diff.kinds import BY_LIST, KINDS
from qingdan.labels import DIRECTIONS
from qingdan.model import TOWNSHIP, DataSet, DutyListItem

# the parts of a breakdown: key (JSON) and the word people read, which a list may say otherwise
DIMENSIONS = {"domain": "领域", "department": "部门", "township": "乡镇"}
_DOMAIN_WORDS = {"duties": "方面", "duty-list": "类别"}
_LIST_OF = {kind.code: name for name, kinds in BY_LIST.items() for kind in kinds}
_BY_TOWNSHIP = ("duty-list", "townships")  # lists whose changes are grouped by township (`Change.group`)


@dataclass(frozen=True, slots=True)
class Tally:
    """The items of one kind of change that move work one way."""

    kind: str
    direction: str  # a key of labels.DIRECTIONS, or ""
    items: int
    unadmitted: int  # of them, put on townships without an admission record (`Change.burden`)
    by: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (dimension, ((name, items), … most first))

    def word(self, dimension: str) -> str:
        """What people call a dimension of this kind's items: 领域, 方面, 类别, 部门, 乡镇."""
        if dimension == "domain":
            return _DOMAIN_WORDS.get(_LIST_OF.get(self.kind, ""), DIMENSIONS[dimension])
        return DIMENSIONS[dimension]


def story(old: DataSet, new: DataSet, changes: Iterable[Change], kinds: Iterable[str] = KINDS) -> list[Tally]:
    """Tally the changes by direction (乡镇减负, 部门接回, 乡镇加责, then the rest) and kind, in the order of
    `kinds` (others after them, by name)."""
    places = _Places(old, new)
    groups: dict[tuple[str, str], dict[tuple[str, str], list[Change]]] = {}
    for c in changes:
        groups.setdefault((c.direction, c.kind), {}).setdefault((c.list, c.key), []).append(c)
    order = {d: n for n, d in enumerate((*DIRECTIONS, ""))}
    rank = {k: n for n, k in enumerate(kinds)}
    out = []
    for (direction, kind), items in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), rank.get(kv[0][1], len(rank)), kv[0][1])
    ):
        counts: dict[str, Counter[str]] = {d: Counter() for d in DIMENSIONS}
        for first, *_ in items.values():
            for dimension, names in places.of(first):
                counts[dimension].update(set(names))
        by = tuple(
            (d, tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))))
            for d, counter in counts.items()
            if counter
        )
        unadmitted = sum(1 for item in items.values() if any(c.burden for c in item))
        out.append(Tally(kind, direction, len(items), unadmitted, by))
    return out


def directions(tallies: Iterable[Tally]) -> dict[str, tuple[int, int]]:
    """Items and unadmitted ones in each direction, in the order of labels.DIRECTIONS; none left out."""
    totals = {d: (0, 0) for d in DIRECTIONS}
    for t in tallies:
        if t.direction in totals:
            items, unadmitted = totals[t.direction]
            totals[t.direction] = (items + t.items, unadmitted + t.unadmitted)
    return totals


class _Places:
    """Where an item of each list lies in an edition: its domain, departments and township, by name."""

    def __init__(self, old: DataSet, new: DataSet) -> None:
        self.sides = (new, old)  # the new edition first: an item is placed where it is now

    def of(self, c: Change) -> Iterator[tuple[str, list[str]]]:
        if c.list in _BY_TOWNSHIP and c.group:
            yield "township", [c.group]
        keys = (c.key, c.old_key or c.key)
        for dimension in ("domain", "department"):
            for ds, key in zip(self.sides, keys, strict=True):
                names = [n for n in self._names(ds, c.list, key, dimension) if n]
                if names:
                    yield dimension, names
                    break

    @staticmethod
    def _names(ds: DataSet, list_: str, key: str, dimension: str) -> Iterator[str]:
        index = ds.index

        def short(ids: Iterable[str]) -> Iterator[str]:
            return (index.party(i, short=True) for i in ids if i and i != TOWNSHIP)

        if list_ == "matters" and (m := index.matters.get(key)) is not None:
            yield from [index.domains.get(m.domain, m.domain)] if dimension == "domain" else short(m.leads)
        elif list_ == "duties" and dimension == "domain":
            yield from (index.areas.get(d.area, d.area) for d in ds.duties if d.id == key)
        elif list_ == "powers" and dimension == "department":
            yield from short(p.source for p in ds.powers if p.id == key)
        elif list_ == "cases" and dimension == "department":
            yield from short(x.lead for x in ds.cases if x.id == key)
        elif list_ == "duty-list" and (item := _duty_item(ds, key)) is not None:
            yield from (
                [item.category] if dimension == "domain" else short((*item.departments, *item.receiving_departments))
            )


def _duty_item(ds: DataSet, key: str) -> DutyListItem | None:
    township, _, item = key.partition("/")
    for dl in ds.duty_lists:
        if dl.township == township:
            return next((i for i in dl.items if i.id == item), None)
    return None
