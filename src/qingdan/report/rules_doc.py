"""`qingdan rules`: the table of every check, and one rule's document."""

from __future__ import annotations

import textwrap
from types import ModuleType

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qingdan.codes import BUILTIN

_LEVEL = {"error": "错误", "warning": "警告", "info": "提示"}


def title(rule: ModuleType) -> str:
    """The first line of a rule's doc: its Chinese title."""
    return (rule.__doc__ or "").strip().splitlines()[0]


def write_table(rules: dict[str, ModuleType], console: Console) -> None:
    table = Table(title="qingdan 的检查", show_lines=False, header_style="bold")
    for column in ("代码", "名称", "默认级别", "说明"):
        table.add_column(column, no_wrap=column != "说明", overflow="fold")
    rows = [(c.code, c.name, c.severity.value, c.title) for c in BUILTIN.values()]
    rows += [(r.CODE, r.ID, r.SEVERITY.value, title(r)) for r in rules.values()]
    for code, name, level, text in sorted(rows):
        table.add_row(code, name, _LEVEL[level], text)
    console.print(table)
    console.print("运行 qingdan rules 代码 查看一条规则的说明和示例。", highlight=False)


def write_doc(rule: ModuleType | None, code: str, console: Console) -> None:
    if rule is None:
        check = BUILTIN[code]
        head, body, options = f"{check.code} {check.name}（默认{_LEVEL[check.severity.value]}）", check.doc, {}
        title_line = check.title
    else:
        doc = textwrap.dedent("\n".join((rule.__doc__ or "").strip().splitlines()[1:])).strip()
        title_line, body, options = title(rule), doc, getattr(rule, "OPTIONS", {})
        head = f"{rule.CODE} {rule.ID}（默认{_LEVEL[rule.SEVERITY.value]}）"
        body = body.replace("Fails:", "不合格示例：").replace("Passes:", "合格示例：")
    console.print(Text(head, style="bold"), highlight=False)
    console.print(Text(title_line, style="bold"), highlight=False)
    console.print()
    console.print(Text(body), highlight=False, soft_wrap=True)
    if options:
        console.print()
        console.print("选项（在 qingdan.yaml 的 settings.rules 中设置）：", highlight=False)
        for name, value in options.items():
            console.print(f"  {name}: {value}", highlight=False)
