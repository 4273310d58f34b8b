"""The Markdown format of a diff, for a change request or a pull-request description: the two
editions, the headline table, the story (变化概要: what moved which way, kind by kind, where), then a
section per kind with a table of its changes.

Changed words are shown as ~~dropped~~ and **added**; user text is escaped so it never turns
into markup, raw HTML or a cell break.
"""

from __future__ import annotations

from rich.console import Console

from qingdan.changes import Change
from qingdan.report import write_text
from qingdan.report.diff.run import DiffRun, count, delta, details, edition_meta, edition_name, story_lines, summary
from qingdan.text import markdown as _md

_META = (("path", "位置"), ("document_number", "文号"), ("effective_date", "施行日期"), ("label", "改革批次"))


def write(run: DiffRun, console: Console) -> None:
    """Write the comparison as GitHub-flavoured Markdown, with a final newline."""
    write_text(console, markdown(run))


def markdown(run: DiffRun) -> str:
    """Return the comparison as Markdown."""
    lines = [f"# 清单变化：{_md(edition_name(run.old))} → {_md(edition_name(run.new))}", ""]
    old, new = edition_meta(run.old), edition_meta(run.new)
    lines += ["| | 旧版 | 新版 |", "| --- | --- | --- |"]
    for key, label in _META:
        if old[key] or new[key]:
            cell = _code if key == "path" else _md
            lines.append(f"| {label} | {cell(old[key] or '—')} | {cell(new[key] or '—')} |")
    lines += ["", _md(summary(run)), ""]
    if run.headline:
        lines += ["## 总览", "", "| 项目 | 旧版 | 新版 | 增减 |", "| --- | ---: | ---: | ---: |"]
        for label, before, after in run.headline:
            lines.append(f"| {_md(label)} | {_md(count(before))} | {_md(count(after))} | {delta(before, after)} |")
        lines.append("")
    if run.changes:
        lines += ["## 变化概要", ""]
        for head, rows in story_lines(run):
            lines += [f"**{_md(head)}**", ""]
            lines += [f"- {_md(row)}" for row in rows]
            lines += [""] if rows else []
    for kind, changes in run.by_kind():
        lines += [f"## {_md(run.label(kind))}（`{kind}`，{len(changes)} 处）", ""]
        lines += ["| 级别 | 标识 | 说明 |", "| --- | --- | --- |"]
        lines += [_row(c) for c in changes]
        lines.append("")
    return "\n".join(lines)


def _row(c: Change) -> str:
    key = f"{_code(c.old_key)} → {_code(c.key)}" if c.old_key and c.old_key != c.key else _code(c.key)
    text = _md(c.message)
    if c.burden and "准入" not in c.message:
        text += "<br>**！加给乡镇而没有准入记录**"
    for op, value in details(c):
        if op == "words":
            text += "<br>" + "".join(_mark(part, piece) for part, piece in value)
        elif op == "replace":
            text += f"<br>~~{_md(value[0])}~~ → **{_md(value[1])}**"
        elif op == "field":
            text += f"<br>{_md(value[0])}：{_md(value[1])}"
        else:
            text += f"<br>{'−' if op == '-' else '+'} {_md(value)}"
    return f"| {c.level.label} | {key} | {text} |"


def _mark(part: str, text: str) -> str:
    if part == "=":
        return _md(text)
    return f"~~{_md(text)}~~" if part == "-" else f"**{_md(text)}**"


def _code(text: str) -> str:
    # inside a code span only the pipe needs escaping (GitHub splits table cells first)
    escaped = str(text).replace("|", "\\|").replace("`", "'")
    return f"`{escaped}`"
