"""Reports: what a command found, written in one of several formats, one sub-package per verb.

Each verb's package (validate, diff, stats, who) holds its run record in `run.py`, one module
per format, and `FORMATS: dict[str, Writer]` in the order its help lists them. A writer is
`write(record, console)`: the text formats print through rich, the machine formats write
their text to `console.file`. This package is the only place that imports rich.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from qingdan.files import write_atomic

Writer = Callable[[Any, Console], None]


def emit(write: Writer, record: Any, output: Path | None) -> None:
    """Print a report, or write it plainly (no colour, 120 columns) to `output` in one atomic step."""
    if output is None:
        write(record, Console(highlight=False))
        return
    buffer = io.StringIO()
    write(record, Console(file=buffer, width=120, no_color=True, highlight=False))
    write_atomic(output, buffer.getvalue())
