"""The text format of a diff: the two editions, the headline counts, the story (what moved which way,
kind by kind, where), the changes grouped by kind, and the one-line summary.

Changed words are marked as `git diff --word-diff=plain` marks them, `[-dropped-]{+added+}`,
so they survive without colour; in a terminal they are also coloured.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from qingdan.changes import Change, Level
from qingdan.report.diff.run import DiffRun, count, details, edition_name, story_lines, summary

_STYLE = {Level.BREAKING: "bold red", Level.NOTABLE: "yellow", Level.INFO: "cyan"}
_LEVEL_CELLS = max(cell_len(level.label) for level in Level)


def write(run: DiffRun, console: Console) -> None:
    """Print the comparison: editions, headline, changes by kind, summary."""
    _print(console, Text.assemble((edition_name(run.old), "bold"), " → ", (edition_name(run.new), "bold")))
    _print(console, Text(f"  旧：{run.old.display}", style="dim"))
    _print(console, Text(f"  新：{run.new.display}", style="dim"))
    console.print()
    if run.headline:
        for label, old, new in run.headline:
            style = "" if old == new else "bold"
            _print(console, Text.assemble(f"{label} ", (f"{count(old)} → {count(new)}", style)))
        console.print()
    if run.changes:
        for head, lines in story_lines(run):
            _print(console, Text(head, style="bold"))
            for line in lines:
                _print(console, Text(f"  {line}"))
        console.print()
    for kind, changes in run.by_kind():
        _print(console, Text(f"{run.label(kind)}（{kind}，{len(changes)} 处）", style="bold"))
        for change in changes:
            _change(console, change)
        console.print()
    _print(console, Text(summary(run)))


def _change(console: Console, c: Change) -> None:
    pad = " " * (_LEVEL_CELLS - cell_len(c.level.label))
    key = f"{c.old_key} → {c.key}" if c.old_key and c.old_key != c.key else c.key
    _print(
        console,
        Text.assemble("  ", (c.level.label, _STYLE[c.level]), pad, "  ", (key, "bold"), "  ", c.message),
    )
    if c.burden and "准入" not in c.message:
        _print(console, Text("    ！加给乡镇而没有准入记录", style="bold red"))
    for op, value in details(c):
        if op == "words":
            line = Text("    ")
            for part, text in value:
                if part == "=":
                    line.append(text)
                elif part == "-":
                    line.append(f"[-{text}-]", style="red strike")
                else:
                    line.append(f"{{+{text}+}}", style="green")
            _print(console, line)
        elif op == "replace":
            before, after = value
            _print(console, Text.assemble("    「", (before, "red"), "」→「", (after, "green"), "」"))
        elif op == "field":
            _print(console, Text(f"    {value[0]}：{value[1]}"))
        else:
            _print(console, Text(f"    {'−' if op == '-' else '+'} {value}", style="red" if op == "-" else "green"))


def _print(console: Console, text: Text) -> None:
    # long Chinese lines stay whole: wrapping at a fixed width would make goldens depend on it
    console.print(text, soft_wrap=True, highlight=False)
