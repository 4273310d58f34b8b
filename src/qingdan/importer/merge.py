"""Importing into a data set that already has the files: items matched by id (else by name), none dropped.

Pure: the data the import made and the data the files hold go in, a plan comes out — for
each file what it will hold and which items were added, updated, unchanged or kept, and the
notes (QD715, QD716) for what the merge would not decide. Reading the files and writing the
merged text through the comment-keeping formatter is `qingdan.importer.write`'s job.

The rules, as docs/import.md gives them to users:

- an item whose id the file has is updated — or, when no id matches, the one item of the file
  with its name that no other source item claims by id, which keeps the file's id: every
  field the source gives replaces the file's value (`extra` is merged by column); a field the source does not give is kept, so what was
  added by hand or by `validate --fix` (乡镇承担机构, 联系人 …) survives a re-import;
- an item the file lacks is added after the file's items; an item the source lacks is kept;
- the file's own data (domain, township, holder …) and its comments are kept; a catalog list
  (duties.yaml's areas) gets the entries it lacks;
- an id the source puts in another list than the data set has it (another domain's file,
  基本 instead of 配合) is left where it is and the source's item is not written (QD715);
- `replace=True` (--replace) makes each file exactly what the import made, and says which
  items that removed; an id another file of the kind keeps is still not written (QD715).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qingdan.labels import DUTY_LISTS
from qingdan.rules.placeholder_text import EXAMPLE_PREFIX
from qingdan.similarity import normalise
from qingdan.yamlfmt import same_data

CREATED, MERGED, UNCHANGED, REPLACED = "created", "merged", "unchanged", "replaced"

# per kind: the lists of items in one file, grouped by the id space they share (as QD101 checks them)
ITEM_LISTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "matters": (("matters",),),
    "duties": (("duties",),),
    "powers": (("powers",),),
    "power-list": (("items",),),
    "duty-list": (("basic", "supporting", "reclaimed"),),
    "township": (("offices", "stationed_units"), ("leaders",)),
}
# kinds spread over several files whose item ids are unique across all of them
SHARED_IDS = frozenset({"matters"})
_MERGED_FIELDS = frozenset({"extra"})  # merged key by key; every other field is replaced whole
_LIST_NAMES = {**DUTY_LISTS, "offices": "内设机构", "stationed_units": "派驻机构"}


@dataclass(frozen=True, slots=True)
class Updated:
    """An item the source changed: which of its fields (top-level keys) now differ."""

    list: str
    id: str
    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FileMerge:
    """One file of the import, and what the merge does to it."""

    path: str
    kind: str
    action: str  # CREATED, MERGED, UNCHANGED or REPLACED
    data: dict[str, Any]  # what the file holds afterwards
    added: tuple[str, ...] = ()
    updated: tuple[Updated, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # in the file, not in the source: kept
    removed: tuple[str, ...] = ()  # in the file, not in the source: gone with --replace
    by_name: tuple[str, ...] = ()  # ids of the file's items the source's matched by name (the file's id stays)

    @property
    def written(self) -> bool:
        return self.action != UNCHANGED


@dataclass(frozen=True, slots=True)
class Note:
    """What the merge left to a person: QD715 (an id in another list) or QD716 (the file's own data kept)."""

    code: str
    path: str
    message: str


@dataclass(slots=True)
class Plan:
    """What `merge` decided: each file the import writes (by path), and the notes for the report."""

    files: list[FileMerge] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def merge(
    incoming: Mapping[str, Mapping[str, Any]],
    kinds: Mapping[str, str],
    existing: Mapping[str, Mapping[str, Any]],
    *,
    replace: bool = False,
) -> Plan:
    """Plan writing the import's files (`incoming`, by path) into a data set that holds `existing`.

    `existing` has every file of the data set of the import's kinds (not only those the
    import writes), as plain data, so an item in another file of a kind with data-set-wide
    ids is found.
    """
    plan = Plan()
    claimed: dict[str, set[Any]] = {}
    for path, data in incoming.items():
        for scope in ITEM_LISTS.get(kinds[path], ()):
            claimed.setdefault(kinds[path], set()).update(_scope_ids(data, scope))
    # the other files an id may already be in, as they will be: with replace, the import's own files are its data
    around = {**existing, **incoming} if replace else existing
    for path in sorted(incoming):
        kind, old, new = kinds[path], existing.get(path), dict(incoming[path])
        if old is not None and replace:
            plan.files.append(_replaced(path, kind, dict(old), new, around, plan))
            continue
        fm = _merged(path, kind, dict(old or {}), new, around, claimed.get(kind, set()), plan)
        if old is None:
            lists = {key for scope in ITEM_LISTS.get(kind, ()) for key in scope}
            data = {k: [i for i in v if str(_item_id(i)) in fm.added] if k in lists else v for k, v in new.items()}
            if fm.added or not any(new.get(k) for k in lists):  # not when every item is in another file
                plan.files.append(FileMerge(path, kind, CREATED, data, added=fm.added))
        else:
            plan.files.append(fm)
    return plan


# -- finding the item an incoming item is --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Place:
    path: str
    list: str
    n: int
    id: Any


class _Finder:
    """The items of some files, found by id, else by name (one item of that name, not claimed by another id)."""

    def __init__(self, files: Mapping[str, Mapping[str, Any]], scope: tuple[str, ...], claimed: set[Any]) -> None:
        self.by_id: dict[Any, _Place] = {}
        self.by_name: dict[str, list[_Place]] = {}
        self.claimed, self.taken = claimed, set()
        for path in sorted(files):
            for key in scope:
                for n, item in enumerate(files[path].get(key) or ()):
                    item_id = _item_id(item)
                    if item_id is None:
                        continue
                    place = _Place(path, key, n, item_id)
                    self.by_id.setdefault(item_id, place)
                    if _name(item) != str(item_id):
                        self.by_name.setdefault(normalise(_name(item)), []).append(place)

    def find(self, item: Mapping[str, Any], *, names: bool = True) -> tuple[_Place | None, bool]:
        """(where the item is, found by its name rather than its id)."""
        place = self.by_id.get(_item_id(item))
        if place is not None:
            self.taken.add(place)
            return place, False
        if not names or not item.get("name"):
            return None, False
        free = [
            p
            for p in self.by_name.get(normalise(str(item["name"])), ())
            if p not in self.taken and p.id not in self.claimed
        ]
        if len(free) != 1:
            return None, False
        self.taken.add(free[0])
        return free[0], True


# -- one file --------------------------------------------------------------------------------------


def _merged(
    path: str,
    kind: str,
    old: dict[str, Any],
    new: dict[str, Any],
    around: Mapping[str, Mapping[str, Any]],
    claimed: set[Any],
    plan: Plan,
) -> FileMerge:
    out = _own_data(path, kind, old, new, plan)
    added, unchanged, kept, updated, by_name = [], [], [], [], []
    for scope in ITEM_LISTS.get(kind, ()):
        own = _Finder({path: old}, scope, claimed)
        others = _Finder(_siblings(path, kind, around), scope, claimed) if kind in SHARED_IDS else None
        for key in scope:
            for item in new.get(key) or ():
                place, named = own.find(item)
                if place is not None and place.list != key:
                    own.taken.discard(place)  # left as it is: kept
                    plan.notes.append(
                        _conflict(path, item, f"源表列为{_list_name(key)}，文件中是{_list_name(place.list)}")
                    )
                elif place is not None:
                    # an init example found by name takes the source's id: the source is what replaces it (QD207)
                    keep = named and not str(place.id).startswith(EXAMPLE_PREFIX)
                    merged, fields = _item(out[key][place.n], item, keep_id=keep)
                    out[key] = [*out[key][: place.n], merged, *out[key][place.n + 1 :]]
                    if fields:
                        updated.append(Updated(key, str(place.id), _name(merged), fields))
                    else:
                        unchanged.append(str(place.id))
                    if named:
                        by_name.append(str(place.id))
                elif others is not None and (other := others.find(item)[0]) is not None:
                    plan.notes.append(_conflict(path, item, f"源表放在 {path}，清单中它在 {other.path}"))
                else:
                    out[key] = [*(out.get(key) or ()), item]
                    added.append(str(_item_id(item)))
        kept += [str(p.id) for p in own.by_id.values() if p not in own.taken]
    action = UNCHANGED if same_data(out, old) else MERGED
    return FileMerge(
        path, kind, action, out, tuple(added), tuple(updated), tuple(unchanged), tuple(kept), by_name=tuple(by_name)
    )


def _own_data(path: str, kind: str, old: dict[str, Any], new: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """The file's data with what the source adds outside the item lists; what it says otherwise is kept (QD716)."""
    lists = {key for scope in ITEM_LISTS.get(kind, ()) for key in scope}
    out = dict(old)
    differ: list[str] = []
    for key, value in new.items():
        if key in lists:
            continue
        if key not in old:
            out[key] = value
        elif _catalog(old[key]) and _catalog(value):
            out[key], changed = _catalog_merge(old[key], value)
            differ += [d for entry_id, a, b in changed for d in _differences(f"{key}「{entry_id}」", a, b)]
        else:
            differ += _differences(key, old[key], value)
    if differ:
        plan.notes.append(
            Note("QD716", path, f"保留文件中的写法：{'；'.join(differ)}；要改用源表的，手工修改或用 --replace")
        )
    return out


def _replaced(
    path: str,
    kind: str,
    old: dict[str, Any],
    new: dict[str, Any],
    around: Mapping[str, Mapping[str, Any]],
    plan: Plan,
) -> FileMerge:
    """The file becomes the source's data, less the ids another file of the kind has (QD715)."""
    added, unchanged, updated, removed = [], [], [], []
    for scope in ITEM_LISTS.get(kind, ()):
        others = _Finder(_siblings(path, kind, around), scope, set()) if kind in SHARED_IDS else None
        before = {i: (key, item) for key in scope for item in old.get(key) or () if (i := _item_id(item)) is not None}
        after = set()
        for key in scope:
            keep = []
            for item in new.get(key) or ():
                item_id = _item_id(item)
                other = others.find(item, names=False)[0] if others is not None else None
                if other is not None:
                    plan.notes.append(_conflict(path, item, f"源表放在 {path}，清单中它在 {other.path}"))
                    continue
                keep.append(item)
                after.add(item_id)
                if item_id not in before:
                    added.append(str(item_id))
                    continue
                old_key, old_item = before[item_id]
                fields = tuple(
                    k for k in dict.fromkeys([*old_item, *item]) if not same_data(old_item.get(k), item.get(k))
                )
                if fields or old_key != key:
                    updated.append(Updated(key, str(item_id), _name(item), fields))
                else:
                    unchanged.append(str(item_id))
            if key in new:
                new[key] = keep
        removed += [str(i) for i in before if i not in after]
    action = UNCHANGED if same_data(old, new) else REPLACED
    return FileMerge(path, kind, action, new, tuple(added), tuple(updated), tuple(unchanged), removed=tuple(removed))


def _siblings(path: str, kind: str, existing: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The other files of a kind with data-set-wide ids: those in the same folder."""
    folder = path.rpartition("/")[0]
    return {p: d for p, d in existing.items() if p != path and p.rpartition("/")[0] == folder}


def _item(old: Any, new: Mapping[str, Any], *, keep_id: bool = False) -> tuple[Any, tuple[str, ...]]:
    """The file's item updated with the source's: (merged item, the fields that changed).

    `keep_id`: the item was found by its name, and keeps the id the data set knows it by.
    """
    if not isinstance(old, dict):
        return dict(new), tuple(new)
    out, changed = dict(old), []
    for key, value in new.items():
        if keep_id and key == "id":
            continue
        if key in _MERGED_FIELDS and isinstance(value, dict) and isinstance(old.get(key), dict):
            value = {**old[key], **value}
        if key not in old or not same_data(old[key], value):
            out[key] = value
            changed.append(key)
    return out, tuple(changed)


def _catalog(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) and _item_id(e) is not None for e in value)


def _catalog_merge(old: list[Any], new: list[Any]) -> tuple[list[Any], list[tuple[str, Any, Any]]]:
    """The file's entries, then the source's entries with ids the file lacks; and (id, file's, source's) that differ."""
    have: dict[Any, Any] = {}
    for entry in old:
        have.setdefault(_item_id(entry), entry)
    differ = [(str(_item_id(e)), have[_item_id(e)], e) for e in new if _item_id(e) in have]
    return [*old, *(e for e in new if _item_id(e) not in have)], [d for d in differ if not same_data(d[1], d[2])]


def _differences(where: str, old: Any, new: Any) -> list[str]:
    """What the source says otherwise than the file, value by value: 「domain.name：文件中为「甲」，源表为「乙」」."""
    if same_data(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in new:
            if key not in old:
                out.append(f"{where}.{key}：文件中没有，源表为「{_say(new[key])}」")
            else:
                out += _differences(f"{where}.{key}", old[key], new[key])
        return out
    return [f"{where}：文件中为「{_say(old)}」，源表为「{_say(new)}」"]


def _say(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_say(v) for v in value)
    if isinstance(value, dict):
        return "，".join(f"{k}: {_say(v)}" for k, v in value.items())
    return str(value)


def _conflict(path: str, item: Mapping[str, Any], where: str) -> Note:
    return Note(
        "QD715",
        path,
        f"「{_name(item)}」（{_item_id(item)}）{where}：清单中的这一项没有改动，源表的这一项没有写入；"
        "确需移动的，在 YAML 中手工移动后重新导入；源表也写到它原在的文件时，可以用 --replace 按源表整个替换",
    )


# -- small helpers -----------------------------------------------------------------------------------


def _item_id(item: Any) -> Any:
    item_id = item.get("id") if isinstance(item, Mapping) else None
    return item_id if isinstance(item_id, str | int) and not isinstance(item_id, bool) else None


def _scope_ids(data: Mapping[str, Any], scope: tuple[str, ...]) -> list[Any]:
    return [i for key in scope for item in data.get(key) or () if (i := _item_id(item)) is not None]


def _name(item: Any) -> str:
    name = item.get("name") if isinstance(item, Mapping) else None
    return str(name) if name else str(_item_id(item) or "")


def _list_name(key: str) -> str:
    return _LIST_NAMES.get(key, key)
