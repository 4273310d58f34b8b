"""The formats of `qingdan stats`: text tables, Markdown and versioned JSON.

Every writer is `write(stats, console)` over the `qingdan.stats.Stats` the core computes;
the notes they share are in run.py.
"""

from __future__ import annotations

from qingdan.report import Writer
from qingdan.report.stats import json, md, text

FORMATS: dict[str, Writer] = {"text": text.write, "md": md.write, "json": json.write}
