"""The formats of `qingdan who`: so far the text table; each writer is `write(run, console)` over run.py's `WhoRun`."""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.who import text
from qingdan.report.who.run import WhoRun

FORMATS: dict[str, Writer] = {"text": text.write}

__all__ = ["FORMATS", "WhoRun"]
