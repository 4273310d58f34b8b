"""Reports: what a command found, written in one of several formats, one sub-package per verb.

Each verb's package (validate, diff, stats, who) holds its run record in `run.py`, one module
per format, and `FORMATS: dict[str, Writer]` in the order its help lists them. A writer is
`write(record, console)`: the text formats print through rich, the machine formats write
their text with `write_text(console, text)`. This package is the only place that imports rich.

What reaches the terminal never carries a control character from the data (qingdan.text.printable):
`Terminal` drops them from everything rich prints, keeping rich's own colours, and `write_text`
from what the machine formats print.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from qingdan.files import write_atomic
from qingdan.text import printable

Writer = Callable[[Any, Console], None]


class Terminal(Console):
    """A rich console for the terminal: text from the data loses its control characters (an escape sequence in
    a name would set the window title or clear the screen); rich's own colours and cursor moves stay."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control or printable(segment.text) == segment.text:
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style)


def write_text(console: Console, text: str) -> None:
    """Write a machine format's text as it is to a file, and without control characters to the terminal."""
    console.file.write(printable(text) if isinstance(console, Terminal) else text)


def emit(write: Writer, record: Any, output: Path | None) -> None:
    """Print a report, or write it plainly (no colour, 120 columns) to `output` in one atomic step."""
    if output is None:
        write(record, Terminal(highlight=False))
        return
    buffer = io.StringIO()
    write(record, Console(file=buffer, width=120, no_color=True, highlight=False))
    write_atomic(output, buffer.getvalue())
