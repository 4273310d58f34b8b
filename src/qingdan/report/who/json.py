"""The JSON format of `qingdan who`: one versioned document for scripts, shape in docs/who.md."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from qingdan import __version__
from qingdan.report import write_text
from qingdan.report.who.run import WhoRun
from qingdan.who import Answer

VERSION = 1  # bump when a key is renamed or removed; adding a key keeps the version


def write(run: WhoRun, console: Console) -> None:
    """Write the answers as indented JSON, Chinese unescaped, with a final newline."""
    write_text(console, json.dumps(document(run), ensure_ascii=False, indent=2) + "\n")


def document(run: WhoRun) -> dict[str, Any]:
    """Return the search as plain data: English keys, best answer first, absent values as null."""
    return {
        "version": VERSION,
        "tool": {"name": "qingdan", "version": __version__},
        "query": run.query,
        "words": run.words,
        "township": run.township or None,
        "department": run.department or None,
        "answers": [_answer(a) for a in run.answers],
    }


def _answer(a: Answer) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "id": a.id,
        "name": a.name,
        "score": round(a.score, 4),
        "heard": a.heard or None,
        "township": a.township or None,
        "lead": a.lead or None,
        "supporting": list(a.supporting),
        "office": a.office or None,
        "leader": a.leader or None,
        "basis": list(a.basis),
        "contact": a.contact or None,
    }
