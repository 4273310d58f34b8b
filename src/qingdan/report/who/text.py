"""The text format of `qingdan who`: the answers as a table a clerk can read on the phone."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from qingdan.report.who.run import WhoRun


def write(run: WhoRun, console: Console) -> None:
    """Print the answers as one table, or say that nothing was found."""
    query, answers = run.query, run.answers
    if not answers:
        console.print(f"没有找到与「{query}」有关的事项；换个说法试试，或用 qingdan render --to site 生成的网站检索。")
        return
    table = Table(title=f"谁负责？「{query}」", header_style="bold", show_lines=True)
    for name, ratio in (
        ("事项", 3),
        ("主体责任", 3),
        ("配合", 3),
        ("乡镇承担机构", 3),
        ("分管领导", 2),
        ("依据", 4),
        ("联系人", 3),
    ):
        table.add_column(name, ratio=ratio, overflow="fold")
    for a in answers:
        where = f"（{a.township}履行职责事项清单）" if a.kind == "duty-list" else ""
        if a.heard:
            where += f"\n按读音找到「{a.heard}」"
        table.add_row(
            a.name + where, a.lead, "、".join(a.supporting), a.office, a.leader, "\n".join(a.basis), a.contact
        )
    console.print(table)
