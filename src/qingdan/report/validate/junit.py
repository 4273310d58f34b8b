"""The JUnit XML format, for CI systems that show test reports (GitLab, Jenkins, Azure).

Each error or warning is a failed test case named after its place; infos are not
failures and are left out. A clean run is one passing test case, because several
of those systems treat a report with no test case as a broken one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from rich.console import Console

from qingdan.findings import Finding, Location, Severity
from qingdan.report import write_text
from qingdan.report.validate.run import Run

SUITE = "qingdan validate"
FAILING = (Severity.ERROR, Severity.WARNING)
# XML 1.0 cannot carry these even as character references, and ElementTree writes them raw
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write(run: Run, console: Console) -> None:
    """Write the run as a UTF-8 JUnit XML document with its declaration."""
    write_text(console, document(run))


def document(run: Run) -> str:
    """Return the JUnit XML text: one test suite, one failed test case per error or warning."""
    failing = [f for f in run.findings if f.severity in FAILING]
    suite = ET.Element(
        "testsuite",
        {
            "name": SUITE,
            "tests": str(len(failing) or 1),
            "failures": str(len(failing)),
            "errors": "0",
            "skipped": "0",
        },
    )
    for f in failing:
        case = ET.SubElement(suite, "testcase", {"classname": f.code, "name": _safe(_where(run, f.location))})
        failure = ET.SubElement(case, "failure", {"type": f.code, "message": _safe(f.message)})
        failure.text = _safe(_body(run, f))
    if not failing:
        ET.SubElement(suite, "testcase", {"classname": "qingdan", "name": SUITE})
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def _where(run: Run, at: Location) -> str:
    return run.path(at.file) + (f":{at.line}:{at.column}" if at.line else "")


def _body(run: Run, f: Finding) -> str:
    lines = [f"{f.severity.label} {f.code} {f.name}".rstrip(), f.message]
    if f.item:
        lines.append(f"条目：{f.item}")
    lines += [f"相关位置：{_where(run, at)}" for at in f.related]
    return "\n".join(lines)


def _safe(text: str) -> str:
    return _ILLEGAL.sub("\ufffd", text)
