"""The JSON format of a diff: one versioned document for scripts, shape documented in docs/diff.md."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from qingdan import __version__
from qingdan.changes import Change, Level
from qingdan.diff.story import directions
from qingdan.labels import DIRECTIONS
from qingdan.report import write_text
from qingdan.report.diff.run import LEVELS, DiffRun, edition_meta, summary

VERSION = 1  # bump when a key is renamed or removed; adding a key keeps the version


def write(run: DiffRun, console: Console) -> None:
    """Write the comparison as indented JSON, Chinese unescaped, with a final newline."""
    write_text(console, json.dumps(document(run), ensure_ascii=False, indent=2) + "\n")


def document(run: DiffRun) -> dict[str, Any]:
    """Return the comparison as plain data in the documented shape."""
    tally = run.tally()
    tallies = run.story()
    return {
        "version": VERSION,
        "tool": {"name": "qingdan", "version": __version__},
        "old": edition_meta(run.old),
        "new": edition_meta(run.new),
        "headline": [{"label": label, "old": _plain(old), "new": _plain(new)} for label, old, new in run.headline],
        "summary": {
            "changes": len(run.changes),
            **{level.value: tally[level] for level in LEVELS},
            "burden_shifts": run.burdens(),
            "kinds": {kind: len(changes) for kind, changes in run.by_kind()},
            "text": summary(run),
            "directions": {
                direction: {"label": DIRECTIONS[direction], "items": items, "unadmitted": unadmitted}
                for direction, (items, unadmitted) in directions(tallies).items()
            },
            "story": [
                {
                    "kind": t.kind,
                    "direction": t.direction,
                    "items": t.items,
                    "unadmitted": t.unadmitted,
                    "by": {d: dict(counts) for d, counts in t.by},  # most first
                }
                for t in tallies
            ],
        },
        "changes": [_change(run, c) for c in run.changes],
    }


def _change(run: DiffRun, c: Change) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "label": run.label(c.kind),
        "level": Level(c.level).value,
        "list": c.list,
        "key": c.key,
        "old_key": c.old_key,
        "title": c.title,
        "old_title": c.old_title,
        "message": c.message,
        "group": c.group,
        "old_group": c.old_group,
        "field": c.field,
        "old": _plain(c.old),
        "new": _plain(c.new),
        "burden": c.burden,
        "direction": c.direction,
        "related": list(c.related),
        "fingerprint": c.fingerprint,
    }


def _plain(value: Any) -> Any:
    """Tuples as lists, all the way down; anything else the engine promised is already JSON."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
