"""The Markdown format of `qingdan stats`: GitHub-flavoured tables for a README or a change request."""

from __future__ import annotations

from rich.console import Console

from qingdan.report import write_text
from qingdan.report.stats.run import DUTY_LIST_NOTE, KINDS, LIMIT_NOTE, NATIONAL, VACANCY_NOTE, unmatched
from qingdan.stats import DutyCounts, Stats, TownshipRow, amount, percent
from qingdan.text import markdown as _md


def write(stats: Stats, console: Console) -> None:
    """Write the tables as Markdown, with a final newline."""
    write_text(console, markdown(stats))


def markdown(stats: Stats) -> str:
    """Return the tables as Markdown."""
    lines = [f"# {_md(stats.title)}清单统计", ""]
    meta = [
        (label, value)
        for label, value in (
            ("文号", stats.document_number),
            ("施行日期", stats.effective_date),
            ("改革批次", stats.label),
        )
        if value
    ]
    if meta:
        lines += ["| | |", "| --- | --- |", *(f"| {label} | {_md(value)} |" for label, value in meta), ""]
    lines += ["## 总览", "", "| 项目 | 数量 |", "| --- | ---: |"]
    lines += [f"| {_md(label)} | {value} |" for _, label, value in stats.headline]
    lines += ["", *_domains(stats), *_offices(stats), *_duty_lists(stats), *_staffing(stats)]
    return "\n".join(lines)


def _table(headers: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    """A table whose first column is text and the others numbers (right-aligned)."""
    align = ["---", *("---:" for _ in headers[1:])]
    return [_row(list(headers)), _row(align), *(_row(r) for r in rows), ""]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _domains(stats: Stats) -> list[str]:
    unowned = stats.domain_total.unowned > 0
    headers = (
        "领域",
        "事项",
        "部门主体",
        "乡镇主体",
        *(("无主体",) if unowned else ()),
        "乡镇配合",
        "部门职责",
        "乡镇职责",
    )
    rows = []
    for r, bold in ((r, False) for r in stats.domains):
        rows.append(_cells(_md(r.name), r, unowned, bold))
    rows.append(_cells("**合计**", stats.domain_total, unowned, True))
    return ["## 属地管理事项（按领域）", "", *_table(headers, rows)]


def _cells(name: str, r, unowned: bool, bold: bool) -> list[str]:
    values = [r.matters, r.department_led, r.township_led, *((r.unowned,) if unowned else ())]
    values += [r.township_supporting, r.department_duties, r.township_duties]
    return [name, *(_b(str(v), bold) for v in values)]


def _offices(stats: Stats) -> list[str]:
    headers = ("乡镇", "机构设置模式", "党政机构", "事业机构", "计入限额", "限额", "站所", "其中派驻", "对口部门")
    align = ["---", "---", *("---:" for _ in headers[2:])]

    def cells(r: TownshipRow, name: str, bold: bool) -> list[str]:
        counted = f"{r.counted}（超限）" if r.over_limit else str(r.counted)
        values = (
            r.party_government,
            r.public_institution,
            counted,
            amount(r.limit),
            r.stationed_units,
            r.department_run,
            r.counterparts,
        )
        return [name, _md(r.structure) or ("" if bold else "—"), *(_b(str(v), bold) for v in values)]

    rows = [cells(r, _md(r.name), False) for r in stats.townships]
    rows.append(cells(stats.township_total, "**合计**", True))
    return ["## 乡镇机构", "", _row(list(headers)), _row(align), *(_row(r) for r in rows), "", LIMIT_NOTE, ""]


def _duty_lists(stats: Stats) -> list[str]:
    lines = ["## 履行职责事项清单", ""]
    if stats.duty_list_mean is None:
        return [*lines, "没有乡镇编制履行职责事项清单。", ""]
    lines += [f"{NATIONAL}。{DUTY_LIST_NOTE}", ""]
    headers = ("乡镇", "基本", "占平均", "配合", "占平均", "收回", "占平均", "合计", "占平均")

    def cells(name: str, counts: DutyCounts | None, ratios: bool, bold: bool) -> list[str]:
        out = [name]
        for kind in KINDS:
            out.append(_b(amount(getattr(counts, kind)), bold) if counts else "—")
            out.append(_b(percent(counts.ratio(kind)), bold) if counts and ratios else "—" if ratios else "")
        return out

    rows = [cells(_md(r.name), r.duty_list, True, False) for r in stats.townships]
    rows.append(cells("**合计**", stats.township_total.duty_list, False, True))
    rows.append(cells(f"**平均（{stats.duty_list_townships} 个乡镇）**", stats.duty_list_mean, True, True))
    lines += _table(headers, rows)
    for township in stats.unmatched_duty_lists:
        lines += [unmatched(_md(township)), ""]
    return lines


def _staffing(stats: Stats) -> list[str]:
    headers = ("乡镇", "行政核定", "实有", "空编", "空编率", "事业核定", "实有", "空编", "空编率")

    def cells(r: TownshipRow, name: str, bold: bool) -> list[str]:
        out = [name]
        for posts in (r.administrative, r.institutional):
            values = (str(posts.approved), str(posts.actual), str(posts.vacant), percent(posts.rate))
            out += [_b(v, bold) for v in values]
        return out

    rows = [cells(r, _md(r.name), False) for r in stats.townships]
    rows.append(cells(stats.township_total, "**合计**", True))
    return ["## 编制（核定与实有）", "", *_table(headers, rows), VACANCY_NOTE, ""]


def _b(text: str, bold: bool) -> str:
    return f"**{text}**" if bold and text not in ("", "—") else text
