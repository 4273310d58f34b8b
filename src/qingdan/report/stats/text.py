"""The text format of `qingdan stats`: rich tables, Chinese headers, numbers right-aligned.

Colour only marks what a check would also report (a township over its limit); without a
terminal rich prints no colour at all, so the tables read the same in a file or a pipe.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from qingdan.report.stats.run import DUTY_LIST_NOTE, KINDS, LIMIT_NOTE, NATIONAL, VACANCY_NOTE, unmatched
from qingdan.stats import DomainRow, DutyCounts, Stats, TownshipRow, amount, percent


def write(stats: Stats, console: Console) -> None:
    """Print the headline, then a table per domain, per township (offices, duty lists, posts)."""
    _line(console, f"{stats.title}清单统计", "bold")
    meta = "　".join(x for x in (stats.document_number, stats.effective_date, stats.label) if x)
    if meta:
        _line(console, meta, "dim")
    _block(console, _headline(stats))
    _block(console, _domains(stats))
    _block(console, _offices(stats), LIMIT_NOTE)
    if stats.duty_list_mean is None:
        console.print()
        _line(console, "履行职责事项清单：没有乡镇编制。")
    else:
        _block(console, _duty_lists(stats), DUTY_LIST_NOTE)
    for township in stats.unmatched_duty_lists:
        _line(console, unmatched(township), "yellow")
    _block(console, _staffing(stats), VACANCY_NOTE)


def _block(console: Console, table: RenderableType, note: str = "") -> None:
    """A blank line, the table without the padding rich leaves at the end of its lines, its note."""
    console.print()
    for line in console.render_lines(table, pad=False):
        text = Text.assemble(*((s.text, s.style) for s in line if not s.control))
        text.rstrip()
        console.print(text, soft_wrap=True, highlight=False)
    if note:
        _line(console, note, "dim")


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, show_edge=False)


def _headline(stats: Stats) -> Table:
    table = _table("总览")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for _, label, value in stats.headline:
        table.add_row(Text(label), str(value))
    return table


def _domains(stats: Stats) -> Table:
    unowned = stats.domain_total.unowned > 0
    table = _table("属地管理事项（按领域）")
    table.add_column("领域")
    for name in ("事项", "部门主体", "乡镇主体", *(("无主体",) if unowned else ()), "乡镇配合", "部门职责", "乡镇职责"):
        table.add_column(name, justify="right")

    def row(r: DomainRow, style: str = "") -> None:
        cells = [r.matters, r.department_led, r.township_led, *((r.unowned,) if unowned else ())]
        cells += [r.township_supporting, r.department_duties, r.township_duties]
        table.add_row(Text(r.name), *map(str, cells), style=style)

    for r in stats.domains:
        row(r)
    table.add_section()
    row(stats.domain_total, "bold")
    return table


def _offices(stats: Stats) -> Table:
    table = _table("乡镇机构")
    table.add_column("乡镇")
    table.add_column("机构设置模式")
    for name in ("党政机构", "事业机构", "计入限额", "限额", "站所", "其中派驻", "对口部门"):
        table.add_column(name, justify="right")

    def row(r: TownshipRow, style: str = "", total: bool = False) -> None:
        counted = Text(str(r.counted), style="bold red" if r.over_limit else "")
        cells = (r.party_government, r.public_institution)
        rest = (amount(r.limit), r.stationed_units, r.department_run, r.counterparts)
        table.add_row(
            Text(r.name),
            Text(r.structure or ("" if total else "—")),
            *map(str, cells),
            counted,
            *map(str, rest),
            style=style,
        )

    for r in stats.townships:
        row(r)
    table.add_section()
    row(stats.township_total, "bold", total=True)
    return table


def _duty_lists(stats: Stats) -> Table:
    table = _table(f"履行职责事项清单（{NATIONAL}）")
    table.add_column("乡镇")
    for name in ("基本", "占平均", "配合", "占平均", "收回", "占平均", "合计", "占平均"):
        table.add_column(name, justify="right")

    def row(name: str, counts: DutyCounts | None, ratios: bool, style: str = "") -> None:
        cells = []
        for kind in KINDS:
            cells.append(amount(getattr(counts, kind)) if counts else "—")
            cells.append(percent(counts.ratio(kind)) if counts and ratios else "—" if ratios else "")
        table.add_row(Text(name), *cells, style=style)

    for r in stats.townships:
        row(r.name, r.duty_list, True)
    table.add_section()
    row("合计", stats.township_total.duty_list, False, "bold")
    row(f"平均（{stats.duty_list_townships} 个乡镇）", stats.duty_list_mean, True, "bold")
    return table


def _staffing(stats: Stats) -> Table:
    table = _table("编制（核定与实有）")
    table.add_column("乡镇")
    for name in ("行政核定", "实有", "空编", "空编率", "事业核定", "实有", "空编", "空编率"):
        table.add_column(name, justify="right")

    def row(r: TownshipRow, style: str = "") -> None:
        cells = []
        for posts in (r.administrative, r.institutional):
            cells += [str(posts.approved), str(posts.actual), str(posts.vacant), percent(posts.rate)]
        table.add_row(Text(r.name), *cells, style=style)

    for r in stats.townships:
        row(r)
    table.add_section()
    row(stats.township_total, "bold")
    return table


def _line(console: Console, text: str, style: str = "") -> None:
    # long Chinese lines stay whole: wrapping at a fixed width would make goldens depend on it
    console.print(text, style=style or None, soft_wrap=True, highlight=False, markup=False)
