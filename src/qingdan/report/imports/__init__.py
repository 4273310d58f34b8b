"""The formats of `qingdan import`'s report (the package is `imports`: `import` is a Python keyword)."""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.imports import json, text
from qingdan.report.imports.run import ImportRun

FORMATS: dict[str, Writer] = {"text": text.write, "json": json.write}

__all__ = ["FORMATS", "ImportRun"]
