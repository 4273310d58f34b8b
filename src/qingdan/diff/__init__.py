"""The semantic diff of two editions: what changed, and who gained or lost responsibility.

`diff(old, new)` pairs every item of the old edition with its counterpart in the new one and
returns one `Change` per difference, sorted by `Change.sort_key`. Items are paired by id; where
ids changed, by name and content (`qingdan.diff.match`). Each list has its comparator module
(`catalogs`: departments, structures and cases; `matters`: matters and 乡镇职责; `powers`: 赋权事项
and the 权责清单; `townships`: townships, offices, units and leaders; `duty_lists`), and every kind
of change is one record in `qingdan.diff.kinds`.

Conventions of the records (see `qingdan.changes.Change`):
- `key`/`title`/`group` describe the item in the new edition (the old one for removals);
  `old_key`/`old_title`/`old_group` are set only when they differ in the old edition.
- `group` is a display name: the domain (事项), the area (乡镇职责), the source department
  (赋权事项), the power type (权责清单), the township (机构, 履行职责事项清单), or "".
- `old`/`new` are plain JSON values shown to people: names rather than ids, lists of lines for
  duties and functions, a mapping of the item's fields for additions and removals, numbers for staffing.
- `admission` (the matter's admission record, 批准文号) and `township_leads` (whether townships bear
  its 主体责任) in each edition are set on the kinds that can put a burden on townships; `burden`
  follows from them (see `Kind.burden`).

`invert(change)` gives the change that `diff(new, old)` reports for the same difference, so
`diff(B, A)` is exactly the inverse of `diff(A, B)`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from qingdan.changes import Change
from qingdan.diff.catalogs import compare_cases, compare_departments, compare_structures
from qingdan.diff.context import Context, Side
from qingdan.diff.duty_lists import compare_duty_lists
from qingdan.diff.kinds import KINDS, Kind, invert
from qingdan.diff.matters import compare_duties, compare_matters
from qingdan.diff.powers import compare_power_list, compare_powers
from qingdan.diff.townships import compare_townships
from qingdan.model import DataSet

__all__ = ["KINDS", "Kind", "diff", "headline", "invert"]

# in this order: departments and structures pair the ids that later lists refer to,
# matters before cases, townships before their duty lists
_COMPARATORS: tuple[Callable[[Context], None], ...] = (
    compare_departments,
    compare_structures,
    compare_matters,
    compare_duties,
    compare_powers,
    compare_power_list,
    compare_cases,
    compare_townships,
    compare_duty_lists,
)


def diff(old: DataSet, new: DataSet) -> list[Change]:
    """Return every difference between two editions, sorted by `Change.sort_key`."""
    ctx = Context(Side(old), Side(new))
    for compare in _COMPARATORS:
        compare(ctx)
    return sorted(ctx.out, key=Change.sort_key)


def headline(old: DataSet, new: DataSet) -> list[tuple[str, int | str, int | str]]:
    """Return the headline counts, old beside new: ("事项", 96, 81), ("机构", 12, 11) …"""
    return [(label, count(old), count(new)) for label, count in _HEADLINE]


def _offices_per_township(ds: DataSet) -> int | str:
    counts = Counter(len(t.offices) for t in ds.townships)
    if not counts:
        return 0
    top = max(counts.values())
    modes = sorted(n for n, c in counts.items() if c == top)
    return modes[0] if len(modes) == 1 else f"{modes[0]}–{modes[-1]}"


_HEADLINE: list[tuple[str, Callable[[DataSet], int | str]]] = [
    ("事项", lambda ds: len(ds.matters)),
    ("乡镇承担主体责任事项", lambda ds: sum(m.township_leads for m in ds.matters)),
    ("机构", _offices_per_township),
    ("乡镇职责", lambda ds: len(ds.duties)),
    ("赋权事项", lambda ds: sum(p.status != "withdrawn" for p in ds.powers)),
    ("已收回赋权事项", lambda ds: sum(p.status == "withdrawn" for p in ds.powers)),
    ("履行职责事项", lambda ds: sum(len(d.items) for d in ds.duty_lists)),
]
