"""The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.

One run; the driver lists every registered rule and each load, schema or exception
check (QD0xx) that occurs, with its Chinese title and first paragraph of its doc.
Columns count Unicode code points, as the loader does, so the run says so
(`columnKind`): viewers would otherwise guess UTF-16 units.
"""

from __future__ import annotations

import json
import re
import textwrap
from types import ModuleType
from typing import Any
from urllib.parse import quote

from rich.console import Console

from qingdan import __version__
from qingdan.codes import BUILTIN
from qingdan.findings import Finding, Location, Severity
from qingdan.report import write_text
from qingdan.report.validate.run import Run
from qingdan.rules import RULES, fixable

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
RELATED = "相关位置"
FIX = "自动修复："  # the paragraph of a fixable rule's doc that says what --fix changes
FINGERPRINT = "qingdanKey/v1"  # versioned: a change to Finding.key must bump it, or alerts reopen


def write(run: Run, console: Console) -> None:
    """Write the run as a SARIF 2.1.0 log, indented, with a final newline."""
    write_text(console, json.dumps(log(run), ensure_ascii=False, indent=2) + "\n")


def log(run: Run) -> dict[str, Any]:
    """Return the run as a SARIF log with a single run."""
    rules = _descriptors(run.findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "qingdan", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(run, f, index[f.code]) for f in run.findings],
            }
        ],
    }


def _descriptors(findings: list[Finding]) -> list[dict[str, Any]]:
    entries = {code: _rule(rule) for code, rule in RULES.items()}
    for f in findings:
        if f.code in entries:
            continue
        check = BUILTIN.get(f.code)
        if check is not None:
            entries[f.code] = _descriptor(check.code, check.name, check.title, check.doc, check.severity)
            if check.fix:
                entries[f.code]["help"] = {"text": FIX + check.fix}
        else:  # a code nobody documented yet: still a valid ruleIndex target
            entries[f.code] = _descriptor(f.code, f.name, f.name or f.code, f.message, f.severity)
    return [entries[code] for code in sorted(entries)]


def _rule(rule: ModuleType) -> dict[str, Any]:
    lines = (rule.__doc__ or rule.ID).strip().splitlines()
    title = lines[0].strip()
    paragraphs = re.split(r"\n\s*\n", textwrap.dedent("\n".join(lines[1:])).strip())
    first = next((p for p in paragraphs if p and not p.startswith(("Fails:", "Passes:"))), title)
    out = _descriptor(rule.CODE, rule.ID, title, _unwrap(first), rule.SEVERITY)
    fix = next((p for p in paragraphs if p.startswith(FIX)), "") if fixable(rule) else ""
    if fix:  # what `qingdan validate --fix` settles, for the viewer's help pane
        out["help"] = {"text": _unwrap(fix)}
    return out


def _descriptor(code: str, name: str, title: str, full: str, severity: Severity) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": LEVEL[severity]},
    }


def _unwrap(paragraph: str) -> str:
    """Join a wrapped paragraph: Chinese lines join directly, English ones with a space."""
    out = ""
    for line in (part.strip() for part in paragraph.splitlines()):
        if out and out[-1].isascii() and line[:1].isascii():
            out += " "
        out += line
    return out


def _result(run: Run, f: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": _physical(run, f.location)}],
    }
    if f.related:
        result["relatedLocations"] = [
            {"id": i, "physicalLocation": _physical(run, at), "message": {"text": RELATED}}
            for i, at in enumerate(f.related, start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT: f.fingerprint}
    extra = {k: v for k, v in (("pointer", f.pointer), ("item", f.item)) if v}
    if extra:
        result["properties"] = extra
    return result


def _physical(run: Run, at: Location) -> dict[str, Any]:
    # SARIF wants a URI reference: spaces, CJK and other non-ASCII in a path are percent-encoded
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(run.path(at.file), safe="/")}}
    if at.line:
        region = {"startLine": at.line}
        if at.column:
            region["startColumn"] = at.column
        physical["region"] = region
    return physical
