"""The JSON format of `qingdan import`: the issues, skipped sheets, notes, files and merges for scripts; keys in English."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

from qingdan.report import write_text
from qingdan.report.imports.run import ImportRun, ordered


def write(run: ImportRun, console: Console) -> None:
    result, n = run.result, run.result.counts()
    data: dict[str, Any] = {
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "sheet": i.sheet,
                "row": i.row,
                "column": i.column,
                "message": i.message,
            }
            for i in ordered(result)
        ],
        "skipped_sheets": list(result.skipped),
        "notes": list(result.notes),
        "files": list(run.files),
        "written": run.written,
        "merge": [
            {
                "file": m.path,
                "action": m.action,
                "added": list(m.added),
                "updated": [{"list": u.list, "id": u.id, "name": u.name, "fields": list(u.fields)} for u in m.updated],
                "unchanged": list(m.unchanged),
                "kept": list(m.kept),
                "removed": list(m.removed),
                "matched_by_name": list(m.by_name),
            }
            for m in run.merges
        ],
        "summary": {
            "rows": result.rows,
            "items": result.items,
            "files": len(run.files),
            "unchanged_files": sum(not m.written for m in run.merges),
            "errors": n["error"],
            "warnings": n["warning"],
            "infos": n["info"],
        },
    }
    write_text(console, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
