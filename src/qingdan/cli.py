"""The command line: parse options, call the core, report, exit. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.rich_utils
from typer.core import TyperCommand, TyperGroup

from qingdan import __version__, completion, gate, importer
from qingdan import fmt as formatter
from qingdan.baseline import dump as baseline_dump
from qingdan.codes import BUILTIN
from qingdan.diff import diff as compare_editions
from qingdan.diff import headline
from qingdan.diff.select import selected, selectors
from qingdan.errors import QingdanError
from qingdan.files import append_text, replace_tree, stale, write_atomic, write_tree
from qingdan.findings import Severity, exit_code
from qingdan.fixer import Fixed, fix_project
from qingdan.fixer import summary as fix_summary
from qingdan.fixer import unified_diff as fix_diff
from qingdan.fixer import write as write_fixes
from qingdan.gitsource import file_change_editions, open_edition
from qingdan.importer import new_departments
from qingdan.importer import write as import_write
from qingdan.importer.read import find_dataset
from qingdan.loader import NOT_READ, load_comparable, load_dataset, read_baseline, require_read
from qingdan.model import DataSet
from qingdan.project import Project
from qingdan.render import FORMATS as RENDER_FORMATS
from qingdan.render import data_set_templates, environment, epoch, render_files, render_one
from qingdan.render import formats as render_formats
from qingdan.render.comparison import comparison
from qingdan.report import Terminal, Writer, emit
from qingdan.report.diff import FORMATS as DIFF_FORMATS
from qingdan.report.diff import DiffRun, Side
from qingdan.report.imports import FORMATS as IMPORT_FORMATS
from qingdan.report.imports import ImportRun
from qingdan.report.progress import progress_bar
from qingdan.report.rules_doc import write_doc as write_rule_doc
from qingdan.report.rules_doc import write_documents as write_document_list
from qingdan.report.rules_doc import write_table as write_rule_table
from qingdan.report.stats import FORMATS as STATS_FORMATS
from qingdan.report.validate import FORMATS as VALIDATE_FORMATS
from qingdan.report.validate import Run, step_summary
from qingdan.report.who import FORMATS as WHO_FORMATS
from qingdan.report.who import WhoRun
from qingdan.resources import shipped_dir
from qingdan.rules import RULES
from qingdan.rules import get as get_rule
from qingdan.scaffold import Request as InitRequest
from qingdan.scaffold import build as build_scaffold
from qingdan.scaffold import check_target, load_templates, year_from_name
from qingdan.scaffold import describe as describe_templates
from qingdan.schema import SchemaSet
from qingdan.stats import compute as compute_stats
from qingdan.text import excerpt, printable
from qingdan.validate import check_project
from qingdan.who import expand, search

# typer's help panels, in the users' language
typer.rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
typer.rich_utils.OPTIONS_PANEL_TITLE = "选项"
typer.rich_utils.COMMANDS_PANEL_TITLE = "命令"
typer.rich_utils.ERRORS_PANEL_TITLE = "错误"
typer.rich_utils.DEFAULT_STRING = "[默认：{}]"
typer.rich_utils.REQUIRED_LONG_STRING = "[必填]"
typer.rich_utils.RICH_HELP = "运行 [blue]'{command_path} {help_option}'[/] 查看帮助。"
typer.rich_utils.ABORTED_TEXT = "已中止。"

_HELP = "显示帮助并退出。"


def _chinese_help(option: Any) -> Any:
    if option is not None:
        option.help = _HELP
    return option


class _Command(TyperCommand):
    def get_help_option(self, ctx):
        return _chinese_help(super().get_help_option(ctx))


_COMPLETION_HELP = {
    "install_completion": "为当前的 shell（bash、zsh、fish、PowerShell）安装 Tab 补全。",
    "show_completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}


class _Group(TyperGroup):
    """Chinese help option; expected failures become one line on stderr and exit 2."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:  # typer appends --install-completion / --show-completion after building the group
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]
        return params

    def get_help_option(self, ctx):
        return _chinese_help(super().get_help_option(ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QingdanError as exc:
            _echo(f"qingdan: {exc}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Group,
    name="qingdan",
    help="qingdan（清单）：把乡镇职责清单和机构设置作为 YAML 纳入版本管理，校验、生成文件、比较版本。",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathArg = Annotated[
    Path | None,
    typer.Argument(help="清单文件夹（含 qingdan.yaml）；不写则从当前目录向上查找。", show_default=False),
]


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """typer.echo without the control characters data can carry (qingdan.text.printable): all the command
    line prints itself goes through here, and all that rich prints through report.Terminal."""
    typer.echo(printable(text), err=err, nl=nl)


def _names(formats: Mapping[str, Any]) -> str:
    """The format names as the help and the errors list them."""
    return "、".join(formats)


def _format(formats: Mapping[str, Writer], name: str, what: str = "输出格式") -> Writer:
    """The writer of a format name; an unknown name is a usage error listing the known ones."""
    if name not in formats:
        raise QingdanError(f"没有「{name}」这种{what}；可选：{_names(formats)}")
    return formats[name]


def _version(value: bool) -> None:
    if value:
        _echo(f"qingdan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="显示版本并退出。", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """qingdan（清单）：乡镇职责清单的校验、生成和版本比较。"""


@app.command(cls=_Command)
def validate(
    path: PathArg = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=f"输出格式：{_names(VALIDATE_FORMATS)}。在 GitHub Actions 中默认 github。"),
    ] = None,
    output: Annotated[
        list[str] | None, typer.Option("--output", "-o", help="另外写一份到文件，写成 格式:文件，可重复。")
    ] = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="达到这个级别就以 1 退出：error、warning、info。")
    ] = Severity.ERROR,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="有问题也以 0 退出（无法运行时仍是 2）。")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="只列出每条规则的问题数。")] = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="只报告这个基线文件里没有的新问题。")] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="把现有问题记入基线文件（按规则和事项，不按行号）。")
    ] = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help="先自动修复能确定的问题（写成名称的引用、只有一个对口机构的承担机构），再报告余下的。"
        ),
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="与 --fix 同用：只打印会有的改动（unified diff），不写文件。")
    ] = False,
) -> None:
    """校验清单：YAML 语法、数据模式、交叉引用和各条规则。

    --fix 改正能确定的问题，逐处列出改了什么，保留注释；再运行一次不会有改动。

    退出码：0 没有达到 --fail-on 级别的问题（--fix 时指修复后余下的）；1 有；2 无法运行（路径不对、不是清单文件夹、配置有误）。

    示例：

      qingdan validate lists/qinglan/2022

      qingdan validate --format json -o sarif:qingdan.sarif --fail-on warning

      qingdan validate --fix --diff
    """
    if diff and (not fix or output or write_baseline):
        raise QingdanError("--diff 只能与 --fix 同用，只打印改动，不能与 --output、--write-baseline 同用")
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    specs = [_parse_output(o) for o in output or ()]
    reports = [(_format(VALIDATE_FORMATS, name), target) for name, target in [(fmt, None), *specs]]
    project = Project.discover(path)
    known = read_baseline(baseline) if baseline else None
    schemas = SchemaSet.load(shipped_dir("schemas"))
    fixed = _fix(project, schemas, known, diff=diff, fail_on=fail_on, exit_zero=exit_zero) if fix else None
    outcome = fixed.outcome if fixed else check_project(project, schemas, dt.date.today(), known)
    run = Run.of(outcome, project.display, statistics, fixed)
    if write_baseline:
        write_atomic(write_baseline, baseline_dump(run.findings))
    for write, target in reports:
        emit(write, run, target)
    if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        append_text(Path(os.environ["GITHUB_STEP_SUMMARY"]), step_summary(run))
    raise typer.Exit(0 if exit_zero or write_baseline else exit_code(run.findings, fail_on))


def _fix(
    project: Project, schemas: SchemaSet, known: Counter[str] | None, *, diff: bool, fail_on: Severity, exit_zero: bool
) -> Fixed:
    """Apply --fix; with --diff print the change instead of writing it, and exit."""
    fixed = fix_project(project, schemas, dt.date.today(), known)
    for problem in fixed.problems:
        _echo(f"qingdan: 无法自动修复 {_shown(project.display, problem)}；文件未改动", err=True)
    if not diff:
        write_fixes(fixed)
        return fixed
    for edited in fixed.files:
        _echo(fix_diff(edited, _shown(project.display, edited.file)), nl=False)
    _echo(fix_summary(fixed), err=True)
    raise typer.Exit(0 if exit_zero else exit_code(fixed.outcome.findings, fail_on))


def _shown(display: str, file: str) -> str:
    return f"{display.rstrip('/')}/{file}" if display not in ("", ".") else file


def _parse_output(spec: str) -> tuple[str, Path]:
    name, sep, target = spec.partition(":")
    if not sep or not target:
        raise QingdanError(f"--output「{spec}」应写成 格式:文件，例如 sarif:qingdan.sarif")
    return name, Path(target)


@app.command(cls=_Command)
def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="规则代码或名称，例如 QD301。", show_default=False, autocompletion=completion.rule_codes),
    ] = None,
) -> None:
    """列出全部检查；给出代码时显示这条规则的说明、示例和选项。

    每条规则的说明、为什么重要、怎样修改和正反示例也在 docs/rules.md。

    示例：

      qingdan rules

      qingdan rules QD301

      qingdan rules many-to-one
    """
    console = Terminal(highlight=False)
    if code is None:
        write_rule_table(RULES, console)
        return
    rule = get_rule(code)
    builtin = code.upper() if code.upper() in BUILTIN else None
    if rule is None and builtin is None:
        raise QingdanError(f"没有「{code}」这条规则；运行 qingdan rules 查看全部")
    write_rule_doc(rule, builtin or rule.CODE, console)


@app.command(cls=_Command)
def render(
    path: PathArg = None,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            "-t",
            help=f"格式：{_names(RENDER_FORMATS)}；几种用逗号分开（site,docx,xlsx），all 为全部，"
            "网站在输出目录下，其他格式各在以格式命名的子目录里，网站给每份清单附上下载链接。",
            autocompletion=completion.render_formats,
        ),
    ] = "md",
    outdir: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出目录，默认 qingdan-out/<格式>（几种时格式间用 - 连接）。")
    ] = None,
    document: Annotated[
        list[str] | None,
        typer.Option(
            "--document", "-d", help="只生成这份文件，可重复；名称见 --list。", autocompletion=completion.documents
        ),
    ] = None,
    township: Annotated[
        str | None,
        typer.Option(
            "--township", help="只生成这个乡镇的文件（乡镇标识或名称）。", autocompletion=completion.townships
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="自己的模板目录，覆盖同名的自带模板；默认清单文件夹下的 templates/。"),
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="不写文件；输出目录与现在生成的不一致时以 1 退出。")] = False,
    list_: Annotated[bool, typer.Option("--list", help="列出可以生成的文件。")] = False,
    editable: Annotated[
        bool,
        typer.Option(
            "--editable",
            help="只用于 --to xlsx：生成内部编辑用的工作簿，带备注、准入记录、实有人数等内部字段和隐藏的数据，"
            "改好后用 qingdan import 无损读回；不得公开发布。",
        ),
    ] = False,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors", help="清单有错误或占位文字也生成，作为草稿：每页标明“草稿”（或 --draft 的标记）。"
        ),
    ] = False,
    draft: Annotated[
        str | None,
        typer.Option("--draft", help="每页标明这个标记，例如 征求意见稿；清单有错误时仍要加 --allow-errors。"),
    ] = None,
) -> None:
    """生成公开发布的文件：Word（公文格式）和由它转换的 PDF、Excel、Markdown、HTML 和可检索的静态网站。

    发布的文件只含清单本身，不含备注、其他列、准入记录、实有人数等内部字段（见 docs/render.md）。

    先按 qingdan validate 校验：有错误或占位文字（QD207）就不生成任何文件，以 1 退出，列出前几个问题。
    --allow-errors 照样生成草稿，每页标明“草稿”；--draft 征求意见稿 把标记换成“征求意见稿”。

    同样的输入生成逐字节相同的文件（时间取 SOURCE_DATE_EPOCH，否则取清单的施行日期）。

    退出码：0 已生成（--check 时表示输出目录是最新的）；1 清单有错误或占位文字，或 --check 发现不一致；2 无法运行。

    示例：

      qingdan render lists/qinglan/2022 --to docx -o 发布/2022

      qingdan render --to site --check -o site

      qingdan render lists/qinglan/2025 --to site,docx,xlsx -o 发布/2025

      qingdan render --to xlsx --editable -o 内部/excel

      qingdan render --to docx --allow-errors --draft 征求意见稿 -o 征求意见
    """
    console = Terminal(highlight=False)
    if list_:
        write_document_list(console)
        return
    project = Project.discover(path)
    mark = gate.mark(allow_errors, draft)
    if editable:  # the 编办's own working copy, never published: it is where errors get put right
        dataset, loaded = load_dataset(project)
        require_read(loaded, project.display)
    else:
        dataset = _publishable(project, allow_errors, mark)
    own = template_dir or data_set_templates(project.root)
    env = environment(shipped_dir("templates"), own)
    named = "all" if to.strip() == "all" else "-".join(render_formats(to))
    # an editable workbook never lands by default where the published ones are
    target = outdir or Path("qingdan-out") / (f"{named}-editable" if editable else named)
    with progress_bar(console, "生成中") as progress:
        files = render_files(
            dataset, to, env, document, township, epoch(dataset), progress, editable=editable, draft=mark
        )
    some = bool(document or township)  # the other documents in the folder are left as they are
    if check:
        differ = stale(target, files, only=some)
        for name in differ:
            console.print(f"{target.as_posix()}/{name}：与现在生成的不一致", highlight=False, soft_wrap=True)
        console.print(f"检查 {len(files)} 个文件：{len(differ)} 个需要重新生成", highlight=False)
        raise typer.Exit(1 if differ else 0)
    replace_tree(target, files, only=some, folders=tuple(RENDER_FORMATS))
    marked = f"（每页标明“{mark}”）" if mark else ""
    console.print(f"已生成 {len(files)} 个文件到 {target.as_posix()}/{marked}", highlight=False, soft_wrap=True)


def _publishable(project: Project, allow_errors: bool, mark: str) -> DataSet:
    """Validate the data set as `qingdan validate` does and return it; with errors or placeholders, say which
    and exit 1 unless --allow-errors makes the render a draft. A file not read at all stops even a draft:
    a list published without one of its files would look whole."""
    outcome = check_project(project, SchemaSet.load(shipped_dir("schemas")), dt.date.today())
    require_read(outcome.findings, project.display)
    stopped = gate.blocking(outcome.findings)
    if stopped and not allow_errors:
        _echo(f"qingdan: {gate.refusal(stopped, lambda f: _shown(project.display, f), project.display)}", err=True)
        raise typer.Exit(1)
    if stopped:
        _echo(f"qingdan: 清单有 {gate.counted(stopped)}未解决，按 --allow-errors 生成草稿，每页标明“{mark}”", err=True)
    return outcome.dataset


_EDITION_HELP = "清单文件夹，或 git 的 版本:路径（路径从仓库根目录算起，./ 开头则从当前目录算起）。"


@app.command("diff", cls=_Command)
def diff_(
    old: Annotated[str, typer.Argument(help=_EDITION_HELP, metavar="OLD", show_default=False)],
    new: Annotated[str, typer.Argument(help=_EDITION_HELP, metavar="NEW", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"输出格式：{_names(DIFF_FORMATS)}。")] = "text",
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            help="出现这样的变化就以 1 退出，可重复：breaking / notable / info（该级别及以上） / "
            "burden-shift（加责没有准入） / 变化种类。",
        ),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="有任何变化就以 1 退出（同 git diff --exit-code）。")
    ] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写到这个文件，而不是屏幕。")] = None,
    to: Annotated[
        str | None,
        typer.Option("--to", help="生成新旧对照表：docx（公文格式）、html 或 md，写到 -o 指定的文件。"),
    ] = None,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="与 --to 同用：新版本有错误或占位文字也生成，每页标明“草稿”。")
    ] = False,
    draft: Annotated[
        str | None, typer.Option("--draft", help="与 --to 同用：每页标明这个标记，例如 征求意见稿。")
    ] = None,
) -> None:
    """比较两个清单版本：新增、删除、改名、移动的事项，主体责任的转移，机构的合并和改名，收回的赋权……

    OLD 和 NEW 可以是清单文件夹，也可以是 git 的 版本:路径，直接从 git 对象读取，不动工作区和暂存区。

    退出码：0 没有达到 --fail-on 的变化（不加 --exit-code 时有变化也是 0）；1 有；2 无法读取输入。

    示例：

      qingdan diff lists/qinglan/2019 lists/qinglan/2022

      qingdan diff HEAD~1:lists/qinglan/2025 lists/qinglan/2025 --format md -o 变化.md

      qingdan diff main:lists/city lists/city --fail-on breaking --fail-on burden-shift

      qingdan diff lists/qinglan/2022 lists/qinglan/2025 --to docx -o 新旧对照表.docx

    新旧对照表与新版本一同发布：新版本要先通过校验（同 qingdan render），旧版本是已经印发的文本，照原样对照。
    """
    if to is not None and (to not in ("docx", "html", "md") or output is None):
        raise QingdanError("--to 只能是 docx、html 或 md，并且要用 -o 指定输出文件")
    if to is None and (allow_errors or draft is not None):
        raise QingdanError("--allow-errors 和 --draft 只能与 --to 同用（生成新旧对照表时）")
    mark = gate.mark(allow_errors, draft)
    write = _format(DIFF_FORMATS, fmt)
    conditions = selectors(fail_on or [])
    with tempfile.TemporaryDirectory(prefix="qingdan-diff-") as tmp:
        before = _edition(old, Path(tmp) / "old")
        after = _edition(new, Path(tmp) / "new", (allow_errors, mark) if to is not None else None)
        changes = compare_editions(before.dataset, after.dataset)
        run = DiffRun(before, after, headline(before.dataset, after.dataset), changes)
    if to is not None:
        document = replace(comparison(before.dataset, after.dataset, changes), draft=mark)
        files = render_one(after.dataset, to, environment(shipped_dir("templates")), document, epoch(after.dataset))
        write_atomic(output, next(iter(files.values())))
        Terminal(highlight=False).print(
            f"新旧对照表（{document.row_count} 处修改）已写入 {output}", highlight=False, soft_wrap=True
        )
    else:
        emit(write, run, output)
    failed = (exit_code and changes) or selected(changes, conditions)
    raise typer.Exit(1 if failed else 0)


@app.command("git-diff", cls=_Command)
def git_diff(
    path: Annotated[str, typer.Argument(help="git 给出的文件路径。")],
    old_file: Annotated[str, typer.Argument(help="旧内容所在的临时文件。")],
    old_hex: Annotated[str, typer.Argument(help="旧内容的对象名。")],
    old_mode: Annotated[str, typer.Argument(help="旧文件的权限。")],
    new_file: Annotated[str, typer.Argument(help="新内容所在的文件。")],
    new_hex: Annotated[str, typer.Argument(help="新内容的对象名。")],
    new_mode: Annotated[str, typer.Argument(help="新文件的权限。")],
) -> None:
    """供 git 调用的比较程序：git diff 清单文件时显示语义变化（配置方法见 docs/git-diff.md）。

    由 git 调用，不需要手动运行；七个参数是 git 传给外部比较程序的。

    示例：

      git config diff.qingdan.command "qingdan git-diff"

      echo "lists/**/*.yaml diff=qingdan" >> .gitattributes

      git diff HEAD~1 -- lists/qinglan/2025/matters/market.yaml
    """
    with tempfile.TemporaryDirectory(prefix="qingdan-git-diff-") as tmp:
        roots = file_change_editions(path, old_file, new_file, Path(tmp))
        if roots is None:
            _echo(f"{path}：不在清单文件夹中，qingdan 不比较")
            return
        before, after = _edition(str(roots[0]), Path(tmp) / "x"), _edition(str(roots[1]), Path(tmp) / "y")
        changes = compare_editions(before.dataset, after.dataset)
        run = DiffRun(Side(before.dataset, f"a/{path}"), Side(after.dataset, f"b/{path}"), [], changes)
        DIFF_FORMATS["text"](run, Terminal(highlight=False))


def _warn_unread(loaded: list[Any], what: str) -> None:
    """Say on stderr that loading found problems, naming the files not read, so that what is printed may be incomplete."""
    if not loaded:
        return
    unread = sorted({f.file for f in loaded if f.code in NOT_READ})
    files = (
        f"，{len(unread)} 个文件没有读入（{'、'.join(unread[:3])}{'等' if len(unread) > 3 else ''}）" if unread else ""
    )
    _echo(
        f"qingdan: 警告：读取清单时有 {len(loaded)} 个问题{files}，{what}可能不全；运行 qingdan validate 查看",
        err=True,
    )


def _edition(spec: str, into: Path, publish: tuple[bool, str] | None = None) -> Side:
    """Load one side of a diff: a folder, or a git REV:PATH extracted under `into`; one to `publish`
    (allow_errors, mark) must pass the render gate."""
    project = open_edition(spec, into)
    dataset = load_comparable(project, spec)
    if publish is not None:
        _publishable(project, *publish)
    return Side(dataset, project.display)


@app.command(cls=_Command)
def who(
    query: Annotated[str, typer.Argument(help="关键词，例如 养犬、养狗、秸秆。", show_default=False)],
    path: Annotated[
        Path | None, typer.Option("--data", help="清单文件夹；不写则从当前目录向上查找 qingdan.yaml。")
    ] = None,
    township: Annotated[
        str | None,
        typer.Option(
            "--township", help="乡镇标识或名称：显示这个乡镇的承担机构和分管领导。", autocompletion=completion.townships
        ),
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="部门标识：只看这个部门牵头或配合的事项。")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"输出格式：{_names(WHO_FORMATS)}。")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写到这个文件，而不是屏幕。")] = None,
) -> None:
    """谁负责？按关键词查事项：主体责任、配合单位、乡镇承担机构、分管领导、依据和联系人。

    常见说法换成清单的写法（养狗 → 养犬），读音相同的错字也能找到（秸杆 → 秸秆）。

    示例：

      qingdan who 养狗 --data lists/qinglan/2022 --township heping

      qingdan who 秸杆 --data lists/qinglan/2025 --format json
    """
    write = _format(WHO_FORMATS, fmt)
    dataset, loaded = load_dataset(Project.discover(path))
    _warn_unread([f for f in loaded if f.code in NOT_READ], "查找结果")
    answers = search(dataset, query, township, department)
    emit(write, WhoRun(query, answers, expand(query), township or "", department or ""), output)


@app.command(cls=_Command)
def stats(
    path: PathArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"输出格式：{_names(STATS_FORMATS)}。")] = "text",
    township: Annotated[
        str | None,
        typer.Option(
            "--township",
            help="只列出这个乡镇（乡镇标识或名称）；合计仍是全县（市）。",
            autocompletion=completion.townships,
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写到这个文件，而不是屏幕。")] = None,
) -> None:
    """统计清单：按领域、按乡镇列出事项、机构、履行职责事项和编制的数字。

    属地管理事项按领域数主体责任和配合；乡镇机构与机构限额对照，数对口部门；履行职责事项清单的
    基本、配合、收回事项与全国乡镇平均（117、99、124）对照；编制数核定、实有和空编率。计数方法与
    validate 的 QD303、QD501 相同。清单读取有问题时先在标准错误上警告，仍然输出统计。

    示例：

      qingdan stats lists/qinglan/2025

      qingdan stats lists/qinglan/2025 --township lanqiao

      qingdan stats lists/qinglan/2022 --format md -o 统计.md
    """
    write = _format(STATS_FORMATS, fmt)
    dataset, loaded = load_dataset(Project.discover(path))
    _warn_unread(loaded, "统计")
    emit(write, compute_stats(dataset, township), output)


@app.command(cls=_Command)
def init(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="新清单文件夹（放 qingdan.yaml 的文件夹），应为空或不存在。", metavar="DIR", show_default=False
        ),
    ] = None,
    structure: Annotated[
        list[str] | None,
        typer.Option(
            "--structure",
            "-s",
            help="机构设置模式，写名称或标识：七办五中心（standard-2019）、八办一队一中心一站（medium-2022）、"
            "八办一队两中心一站（large-2022）、七办一队一中心一站（medium-2025）、七办一队两中心一站（large-2025）；"
            "可重复，示例乡镇采用第一个。",
            autocompletion=completion.structures,
        ),
    ] = None,
    jurisdiction: Annotated[
        str, typer.Option("--jurisdiction", help="县（市、区）名称，用于部门全称和发文机关。")
    ] = "示例县",
    township: Annotated[str, typer.Option("--township", help="示例乡镇的名称，以 镇、乡 或 街道 结尾。")] = "示例镇",
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=1000,
            max=9999,
            help="清单版本的年份；不写时取文件夹名称中的年份（如 清单/2025），没有则为今年。",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="文件夹不空也生成：只覆盖 init 自己生成的同名文件，其他文件不动。")
    ] = False,
    list_: Annotated[bool, typer.Option("--list", help="列出可用的机构设置模式及其机构。")] = False,
) -> None:
    """新建清单文件夹：清单版本、部门名录、机构设置模式、一个示例乡镇、示例事项和职责，生成后没有错误。

    qingdan validate 逐处提示要换成本地实际内容的占位文字（QD207）：班子成员姓名“待填”、文号“XX号”、
    示例事项和职责，没写 --jurisdiction、--township 时的“示例县”“示例镇”；换掉之前 qingdan render 不生成正式文件。

    同时复制数据模式到 schemas/（每个文件第一行的模式声明指向它，编辑器离线也能提示），
    并生成 GitHub Actions 工作流（.github/workflows/qingdan.yml）和 pre-commit 配置（.pre-commit-config.yaml），
    提交时和合并前运行 qingdan validate 和 qingdan fmt --check。文件中的注释说明要按本地实际修改的地方。

    示例：

      qingdan init --list

      qingdan init 清单/2025 --structure 八办一队一中心一站 --jurisdiction 青岚市 --township 鹤坪镇

      qingdan init 清单/2022 -s medium-2022 -s large-2022 --year 2022
    """
    folder = shipped_dir("templates") / "init"
    if list_:
        _echo(describe_templates(load_templates(folder)), nl=False)
        return
    if directory is None:
        raise QingdanError("请指定要新建清单的文件夹，例如 qingdan init 清单/2025 --structure 八办一队一中心一站")
    this_year = dt.date.today().year
    named = None if year else year_from_name(directory.absolute().name, this_year)
    request = InitRequest(tuple(structure or ()), jurisdiction, township, year or named or this_year, __version__)
    files = build_scaffold(folder, shipped_dir("schemas"), request)
    overwritten = check_target(directory, files, force)
    write_tree(directory, files)
    if named:
        _echo(f"清单版本的年份取自文件夹名称：{named}（要用别的年份，加 --year）")
    _echo(
        f"已在 {directory.as_posix()}/ 生成 {len(files)} 个文件"
        + (f"（覆盖 {len(overwritten)} 个）" if overwritten else "")
    )
    _echo(f"下一步：按文件中的注释修改，然后运行 qingdan validate {directory.as_posix()}")


@app.command("fmt", cls=_Command)
def fmt_(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="清单文件夹（含 qingdan.yaml）或单个 YAML 文件；不写则从当前目录向上查找。", show_default=False
        ),
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="只检查不写入：列出需要格式化的文件，有则以 1 退出。")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="不写入，打印每个文件会有的改动（unified diff）。")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不用缓存：每个文件都重新检查（缓存只记已是统一格式的文件内容）。")
    ] = False,
) -> None:
    """把清单文件整理成统一格式：键的顺序、引号和缩进，保留全部注释。

    键按数据模式中的顺序排列，列表缩进一致，需要引号的文字（编码、电话、日期、yes/no 等）
    一律加双引号，注释和空行原样保留。只改写格式有变化的文件；数据读出来与原来完全相同，
    否则不写入。再运行一次不会有任何改动。YAML 有错误的文件会列出并保持原样。

    退出码：0 完成（--check 时表示都已是统一格式）；1 --check 发现需要格式化的文件；2 有文件无法格式化或无法运行。

    示例：

      qingdan fmt lists/qinglan/2022

      qingdan fmt --check lists/qinglan/2022

      qingdan fmt --diff lists/qinglan/2022/townships/heping.yaml
    """
    cache = None if no_cache else formatter.Cache.default()
    outcomes = formatter.format_all(formatter.targets(path), cache)
    for outcome in outcomes:
        if outcome.problem:
            _echo(outcome.problem, err=True)
        elif diff:
            _echo(formatter.unified_diff(outcome), nl=False)
        elif check and outcome.changed:
            _echo(f"需要格式化：{outcome.target.display}")
    if not check and not diff:
        formatter.write_changed(outcomes)
    if cache is not None:
        cache.remember(outcomes)
    _echo(formatter.summary(outcomes, written=not check and not diff), err=check or diff)
    raise typer.Exit(formatter.exit_code(outcomes, check=check))


@app.command("import", cls=_Command)
def import_(
    file: Annotated[
        Path,
        typer.Argument(help="要导入的文件：.xlsx、.xls、.et、.ods、.docx（其中的表格）或 .csv。", show_default=False),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="清单类别：matters、duties、powers、power-list、duty-list；qingdan render 生成的表格不必写。",
        ),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="只导入这个工作表；默认导入所有认得出表头的工作表。")
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="指定列对应的字段，写成 列名=字段，可重复，例如 --map 责任单位=lead。"),
    ] = None,
    outdir: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入这个清单文件夹（默认布局）；不写则把 YAML 打印到屏幕。")
    ] = None,
    township: Annotated[
        str | None, typer.Option("--township", help="乡镇标识或名称；导入履行职责事项清单时必填。")
    ] = None,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="按这个清单文件夹的部门名录识别部门；不写则从 -o 的文件夹、再从当前目录向上找。"),
    ] = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="-o 文件夹中已有的同名文件整个换成导入的内容（默认按标识合并，不删已有的项）。"),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="已改名为 --replace，仍可用。", hidden=True)] = False,
    add_departments: Annotated[
        bool,
        typer.Option(
            "--add-departments",
            help="把部门名录中没有的部门加进清单文件夹的 departments.yaml（写 -o 时），报告列出，请核对。",
        ),
    ] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"报告格式：{_names(IMPORT_FORMATS)}。")] = "text",
) -> None:
    """导入已有的 Excel、WPS、Word 或 CSV 清单，生成 qingdan 的 YAML 文件。

    认得各地常用的列名（含两级表头）、合并单元格的分组、一格里编了号的多条职责、引用几个文件的依据；
    部门名称按部门名录识别。不认识的列放进 extra，读不了的行按工作表和行号报出来，什么也不悄悄丢掉。
    qingdan render --to xlsx 生成的表格自动按原样读回。

    -o 文件夹里已有同名文件时按标识合并：同一标识的项按源表更新，新的项加在后面，源表里没有的项保留，
    文件原有的注释和领域、乡镇等写法不变；报告逐个文件列出新增、更新、保留了几项。--replace 整个替换。

    退出码：0 完成；1 有读不了的行等错误（其余照样写入）；2 无法读取。

    示例：

      qingdan import 属地管理事项清单.xlsx --kind matters --data lists/qinglan/2022 -o lists/qinglan/2022

      qingdan import 配合履职事项.csv --kind duty-list --township 鹤坪镇 -o lists/qinglan/2025

      qingdan import 新的属地管理事项清单.xlsx --kind matters -o lists/qinglan/2025 --replace

      qingdan import 履行职责事项清单.docx --kind duty-list --township heping -o lists/qinglan/2025

      qingdan import 清单.xlsx --kind matters --map 责任单位=lead --format json
    """
    write = _format(IMPORT_FORMATS, fmt, "报告格式")
    if force:
        _echo("qingdan: 提示：--force 已改名为 --replace（整个替换已有文件），请改用 --replace", err=True)
    dataset = find_dataset(data, outdir)
    result = importer.read(
        file, kind, dataset=dataset, sheet=sheet, township=township, mapping=map_ or (), add_departments=add_departments
    )
    added = add_departments and new_departments.update(dataset, result, file.name, write=outdir is not None)
    if outdir is not None:
        files, merges = import_write.into(result, outdir, replace=replace or force)
        write_tree(outdir, {name: text.encode("utf-8") for name, text in files.items()})
        if added:
            write_atomic(*added)
    else:
        files, merges = import_write.yaml_files(result, Path.cwd()), []
        _echo(import_write.stdout_text(files), nl=False)
    # the YAML on stdout (no -o) keeps stdout for itself: the report goes to stderr
    run = ImportRun(result, list(files), written=outdir is not None, merges=tuple(merges))
    write(run, Terminal(highlight=False, stderr=outdir is None))
    raise typer.Exit(1 if result.counts()["error"] else 0)


@app.command(cls=_Command)
def schema(
    kind: Annotated[
        str, typer.Argument(help="文件类型，例如 matter、township、edition。", autocompletion=completion.file_kinds)
    ],
) -> None:
    """打印一类文件的 JSON Schema（draft-07，公共定义已内联，可单独使用）。

    编辑器（如装了 YAML 插件的 VS Code）按文件第一行的 yaml-language-server 注释找到模式，
    边写边提示字段和取值；没有 schemas/ 文件夹时，用这个命令导出一份。

    示例：

      qingdan schema matter > matter.schema.json

      qingdan schema township
    """
    schemas = SchemaSet.load(shipped_dir("schemas"))
    _echo(json.dumps(schemas.bundled(schemas.resolve_kind(kind)), ensure_ascii=False, indent=2))


def main() -> None:
    """Console-script entry point; an unexpected exception exits 3 without a traceback."""
    try:
        app(prog_name="qingdan")
    except Exception as exc:
        what = printable(excerpt(f"{type(exc).__name__}: {exc}", 300))
        print(f"qingdan: 内部错误（{what}），请把命令和数据报告给维护者", file=sys.stderr)
        sys.exit(3)
