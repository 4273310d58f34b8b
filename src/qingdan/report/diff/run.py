"""What a `qingdan diff` run hands its writers, and what every diff format shares.

Every diff writer is `write(run, console)`, like the validate writers: the text format prints
through rich, the others write their text to `console.file`. Imports no writer.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qingdan.changes import Change, Level
from qingdan.diff.kinds import KINDS, Kind
from qingdan.diff.story import Tally, directions, story
from qingdan.diff.wording import say
from qingdan.labels import DIRECTIONS, field_name
from qingdan.model import DataSet

LEVELS = (Level.BREAKING, Level.NOTABLE, Level.INFO)  # most serious first
_LONG = 20  # characters: a shorter text is shown whole, old beside new, rather than marked in place


@dataclass(frozen=True, slots=True)
class Side:
    """One edition of a comparison: the data set and how the user named it."""

    dataset: DataSet
    display: str  # the folder or REV:PATH as written on the command line


@dataclass(frozen=True, slots=True)
class DiffRun:
    """The outcome of one `qingdan diff`, as every diff reporter sees it."""

    old: Side
    new: Side
    headline: list[tuple[str, Any, Any]]  # (Chinese label, old count, new count)
    changes: list[Change]  # as the engine sorted them
    kinds: Mapping[str, Kind] = field(default_factory=lambda: KINDS)  # the engine's kinds, in their order

    def label(self, kind: str) -> str:
        """The Chinese name of a kind; the kind itself when the engine does not name it."""
        return self.kinds[kind].label if kind in self.kinds else kind

    def tally(self) -> Counter[Level]:
        return Counter(c.level for c in self.changes)

    def burdens(self) -> int:
        """Changes that put a matter or duty on townships without an admission record."""
        return sum(1 for c in self.changes if c.burden)

    def story(self) -> list[Tally]:
        """The items of each kind of change, by the way they move work, where they lie (qingdan.diff.story)."""
        return story(self.old.dataset, self.new.dataset, self.changes, self.kinds)

    def by_kind(self) -> list[tuple[str, list[Change]]]:
        """The changes grouped by kind: kinds in the engine's order, then any it does not list, by name."""
        groups: dict[str, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.kind, []).append(change)
        order = {kind: i for i, kind in enumerate(self.kinds)}
        return sorted(groups.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))


def summary(run: DiffRun) -> str:
    """The one-line Chinese summary: how many changes, by level, and any burden without admission."""
    if not run.changes:
        return "没有变化"
    by = run.tally()
    levels = "，".join(f"{level.label} {by[level]}" for level in LEVELS)
    line = f"共 {len(run.changes)} 处变化：{levels}"
    if run.burdens():
        line += f"；其中 {run.burdens()} 处把事项或职责加给乡镇而没有准入记录"
    return line


def story_lines(run: DiffRun) -> list[tuple[str, list[str]]]:
    """The story in words: a heading per direction (乡镇减负 5 项 …, then 其他变化) and a line per kind under it.

    Every direction is said, with 0 items too: that nothing went back to departments is part of the story.
    """
    tallies = run.story()
    out = []
    for direction, (items, unadmitted) in directions(tallies).items():
        head = f"{DIRECTIONS[direction]} {items} 项"
        if unadmitted:
            head += f"，其中 {unadmitted} 项没有职责准入记录"
        out.append((head, [tally_words(run, t) for t in tallies if t.direction == direction]))
    rest = [t for t in tallies if t.direction not in DIRECTIONS]
    if rest:
        out.append((f"其他变化 {sum(t.items for t in rest)} 项", [tally_words(run, t) for t in rest]))
    return out


def tally_words(run: DiffRun, t: Tally) -> str:
    """收回赋权事项 5 项：部门 住房和城乡建设局 3、卫生健康局 2 — and 乡镇 11 个，各 1 where every one has as many."""
    parts = []
    for dimension, counts in t.by:
        numbers = {n for _, n in counts}
        if len(counts) > 8 and len(numbers) == 1:  # 乡镇 11 个，各 1 rather than eleven names
            parts.append(f"{t.word(dimension)} {len(counts)} 个，各 {numbers.pop()}")
        else:
            parts.append(f"{t.word(dimension)} " + "、".join(f"{name} {n}" for name, n in counts))
    return f"{run.label(t.kind)} {t.items} 项" + (f"：{'；'.join(parts)}" if parts else "")


def edition_name(side: Side) -> str:
    """The edition as people name it: "青岚市 2022 版", else the folder."""
    e = side.dataset.edition
    if e and e.jurisdiction and e.version:
        return f"{e.jurisdiction} {e.version} 版"
    return side.display


def edition_meta(side: Side) -> dict[str, Any]:
    """The edition's identifying data, as the JSON format and the Markdown header show it."""
    e = side.dataset.edition
    return {
        "path": side.display,
        "jurisdiction": (e.jurisdiction if e else "") or None,
        "version": (e.version if e else "") or None,
        "label": (e.label if e else "") or None,
        "authority": (e.authority if e else "") or None,
        "document_number": (e.document_number if e else "") or None,
        "effective_date": (e.effective_date if e else "") or None,
    }


def count(value: Any) -> str:
    """A headline value for people: a number or name as it is, a missing one as "—"."""
    return "—" if value is None or value == "" else str(value)


def delta(old: Any, new: Any) -> str:
    """The signed difference of two counts ("+3", "−15", "0"); "" when they are not both numbers."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (old, new)):
        return ""
    d = new - old
    return f"+{d}" if d > 0 else f"−{-d}" if d < 0 else "0"


def segments(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts as runs of kept ("="), dropped ("-") and added ("+") characters.

    Chinese has no spaces between words, so the comparison is by character; runs shorter
    than two characters inside a change are folded into it, so a marked change reads as words.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            runs.append(("-", old[i1:i2]))
        if j2 > j1:
            runs.append(("+", new[j1:j2]))
    return _fold(runs)


def _fold(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold a one-character kept run between two changes into them, then merge neighbours of one kind."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(runs):
        between = 0 < i < len(runs) - 1 and runs[i - 1][0] != "=" and runs[i + 1][0] != "="
        if op == "=" and len(text) < 2 and between:
            out += [("-", text), ("+", text)]
        else:
            out.append((op, text))
    merged: dict[str, str] = {}
    result: list[tuple[str, str]] = []
    for op, text in out:
        if op == "=":
            result += [("-", merged.get("-", "")), ("+", merged.get("+", ""))]
            merged = {}
            result.append((op, text))
        else:
            merged[op] = merged.get(op, "") + text
    result += [("-", merged.get("-", "")), ("+", merged.get("+", ""))]
    return [(op, text) for op, text in result if text]


def details(change: Change) -> list[tuple[str, Any]]:
    """What to show beneath a change that its message does not already say.

    ("words", segments) for a long text changed in places; ("replace", (old, new)) for a short
    or wholly rewritten text; ("-"/"+", line) for lines dropped from or added to a list of texts;
    ("field", (name, text)) for a part of a withdrawal the message leaves out (收回理由).
    Other values (numbers, whole items) are left to the message and the JSON format.
    """
    old, new, said = change.old, change.new, change.message
    if change.field == "status" and isinstance(new, dict):  # a withdrawal: what the message does not say of it
        return [
            ("field", (field_name(k, change.list), say(v)))
            for k, v in new.items()
            if k != "status" and v and say(v) not in said
        ]
    if isinstance(old, str) and isinstance(new, str) and old != new:
        if (not old or say(old) in said) and (not new or say(new) in said):  # as the message words it (dates)
            return []
        if not old or not new:  # a text written or struck out as a whole
            return [("+", new)] if new else [("-", old)]
        runs = segments(old, new)
        kept = sum(len(text) for op, text in runs if op == "=")
        if min(len(old), len(new)) >= _LONG and 2 * kept >= max(len(old), len(new)):
            return [("words", runs)]
        return [("replace", (old, new))]
    if _texts(old) and _texts(new):
        dropped = [("-", line) for line in old if line not in new and line not in said]
        added = [("+", line) for line in new if line not in old and line not in said]
        return dropped + added
    return []


def _texts(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
