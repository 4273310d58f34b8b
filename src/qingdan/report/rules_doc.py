"""`qingdan rules`: the table of every check, and one rule's document."""

from __future__ import annotations

import textwrap
from types import ModuleType

from rich.console import Console
from rich.table import Table
from rich.text import Text

from qingdan.codes import BUILTIN, Check
from qingdan.rules import fixable

_LEVEL = {"error": "错误", "warning": "警告", "info": "提示"}
_FIXABLE = "，可自动修复（`qingdan validate --fix`）"


def title(rule: ModuleType) -> str:
    """The first line of a rule's doc: its Chinese title."""
    return (rule.__doc__ or "").strip().splitlines()[0].rstrip("。")


def write_table(rules: dict[str, ModuleType], console: Console) -> None:
    table = Table(title="qingdan 的检查", show_lines=False, header_style="bold")
    for column in ("代码", "名称", "默认级别", "修复", "说明"):
        table.add_column(column, no_wrap=column != "说明", overflow="fold")
    for code, name, level, fix, text in _rows(rules):
        table.add_row(code, name, _LEVEL[level], fix, text)
    console.print(table)
    console.print("运行 qingdan rules 代码 查看一条规则的说明和示例。", highlight=False)
    console.print("修复一栏为“可”的规则，qingdan validate --fix 能改正其中有把握的问题。", highlight=False)


def _rows(rules: dict[str, ModuleType]) -> list[tuple[str, str, str, str, str]]:
    rows = [(c.code, c.name, c.severity.value, "可" if c.fix else "", c.title) for c in BUILTIN.values()]
    rows += [(r.CODE, r.ID, r.SEVERITY.value, "可" if fixable(r) else "", title(r)) for r in rules.values()]
    return sorted(rows)


def _doc(check: Check) -> str:
    """A built-in check's document, with what --fix does for it as a rule's doc says it."""
    return f"{check.doc}\n\n自动修复：{check.fix}" if check.fix else check.doc


def write_doc(rule: ModuleType | None, code: str, console: Console) -> None:
    if rule is None:
        check = BUILTIN[code]
        head, body, options = f"{check.code} {check.name}（默认{_LEVEL[check.severity.value]}）", _doc(check), {}
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


def markdown(rules: dict[str, ModuleType]) -> str:
    """docs/rules.md: every check with its full document, generated from the rule modules."""
    out = [
        "# 检查和规则",
        "",
        "本页由各规则模块的说明自动生成（`pytest --update-goldens` 重新生成），与 `qingdan rules 代码` 显示的内容相同。",
        "级别可以在 `qingdan.yaml` 的 `settings.rules` 中修改，见 [ci.md](ci.md)。",
        "",
        "“自动修复”一栏写着“可”的规则，`qingdan validate --fix` 能改正其中有把握的问题（见 [validate.md](validate.md)）。",
        "",
        "| 代码 | 名称 | 默认级别 | 自动修复 | 说明 |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| [{code}](#{code.lower()}) | `{name}` | {_LEVEL[level]} | {fix} | {text} |"
        for code, name, level, fix, text in _rows(rules)
    ]
    for check in BUILTIN.values():
        out += [
            "",
            f"## {check.code}",
            "",
            f"`{check.name}`，默认{_LEVEL[check.severity.value]}{_FIXABLE if check.fix else ''}。**{check.title}**",
            "",
            _doc(check),
        ]
    for rule in sorted(rules.values(), key=lambda r: r.CODE):
        doc = textwrap.dedent("\n".join((rule.__doc__ or "").strip().splitlines()[1:])).strip()
        prose, _, examples = doc.partition("Fails:")
        fails, _, passes = examples.partition("Passes:")
        fix = _FIXABLE if fixable(rule) else ""
        out += [
            "",
            f"## {rule.CODE}",
            "",
            f"`{rule.ID}`，默认{_LEVEL[rule.SEVERITY.value]}{fix}。**{title(rule)}**",
            "",
        ]
        out += [prose.strip()]
        options = getattr(rule, "OPTIONS", {})
        if options:
            out += ["", "选项：" + "，".join(f"`{k}: {v}`" for k, v in options.items())]
        out += ["", "不合格示例：", "", "```yaml", textwrap.dedent(fails).strip("\n"), "```"]
        out += ["", "合格示例：", "", "```yaml", textwrap.dedent(passes).strip("\n"), "```"]
    return "\n".join(out) + "\n"


def write_documents(console: Console) -> None:
    """`qingdan render --list`: the documents qingdan can publish."""
    from qingdan.render.documents import KINDS

    table = Table(title="可以生成的文件", header_style="bold")
    table.add_column("名称", no_wrap=True)
    table.add_column("文件", overflow="fold")
    for kind in KINDS.values():
        table.add_row(kind.name, kind.title)
    console.print(table)
