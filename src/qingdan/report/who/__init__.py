"""The formats of `qingdan who`: the text table and JSON; each writer is `write(run, console)` over run.py's `WhoRun`."""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.who import json, text
from qingdan.report.who.run import WhoRun

FORMATS: dict[str, Writer] = {"text": text.write, "json": json.write}

__all__ = ["FORMATS", "WhoRun"]
