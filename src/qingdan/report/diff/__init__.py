"""The formats of `qingdan diff`: text, md and json, each a `write(run, console)` over a `DiffRun`."""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.diff import json, md, text
from qingdan.report.diff.run import DiffRun, Side

__all__ = ["FORMATS", "DiffRun", "Side"]

FORMATS: dict[str, Writer] = {
    "text": text.write,
    "md": md.write,
    "json": json.write,
}  # in the order the help lists them
