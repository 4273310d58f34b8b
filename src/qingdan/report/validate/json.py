"""The JSON format of `qingdan validate`: one versioned document for scripts, shape in docs/output-formats.md."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from qingdan import __version__
from qingdan.findings import Finding, Location, Severity
from qingdan.report import write_text
from qingdan.report.validate.run import Run, summary

VERSION = 1  # bump when a key is renamed or removed; adding a key keeps the version


def write(run: Run, console: Console) -> None:
    """Write the run as indented JSON, Chinese unescaped, with a final newline."""
    write_text(console, json.dumps(document(run), ensure_ascii=False, indent=2) + "\n")


def document(run: Run) -> dict[str, Any]:
    """Return the run as plain data in the documented shape."""
    edition = run.dataset.edition
    tally = run.tally()
    out = {
        "version": VERSION,
        "tool": {"name": "qingdan", "version": __version__},
        "dataset": {
            "path": run.display,
            "jurisdiction": edition.jurisdiction if edition and edition.jurisdiction else None,
            "edition": edition.version if edition and edition.version else None,
            "counts": run.dataset.counts(),
        },
        "summary": {
            "errors": tally[Severity.ERROR],
            "warnings": tally[Severity.WARNING],
            "infos": tally[Severity.INFO],
            "suppressed": run.suppressed,
            "baselined": run.baselined,
            "text": summary(run),
        },
        "findings": [_finding(run, f) for f in run.findings],
    }
    if run.fixed is not None:  # only with --fix: what it changed; `findings` are what remains
        out["fixed"] = [
            {
                "code": a.code,
                "file": run.path(a.file),
                "line": a.line,
                "column": a.column,
                "pointer": a.pointer,
                "old": a.old,
                "new": a.new,
                "label": a.label,
            }
            for a in run.fixed.applied
        ]
    return out


def _finding(run: Run, f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "file": run.path(f.file),
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "item": f.item,
        "fingerprint": f.fingerprint,
        "related": [_location(run, r) for r in f.related],
    }


def _location(run: Run, at: Location) -> dict[str, Any]:
    return {"file": run.path(at.file), "line": at.line, "column": at.column, "pointer": at.pointer}
