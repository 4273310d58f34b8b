"""The formats of `qingdan validate`: text, JSON, SARIF, GitHub Actions and JUnit XML.

Every writer is `write(run, console)` over the `Run` in run.py; `step_summary` is the GitHub
job summary written beside the `github` format.
"""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.validate import github, json, junit, sarif, text
from qingdan.report.validate.github import step_summary
from qingdan.report.validate.run import Run

FORMATS: dict[str, Writer] = {
    "text": text.write,
    "json": json.write,
    "sarif": sarif.write,
    "github": github.write,
    "junit": junit.write,
}

__all__ = ["FORMATS", "Run", "step_summary"]
