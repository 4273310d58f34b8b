"""The command line: parse options, call the core, report, exit. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.rich_utils
from rich.console import Console
from typer.core import TyperCommand, TyperGroup

from qingdan import __version__
from qingdan.errors import QingdanError
from qingdan.findings import exit_code
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.report import REPORTERS, Run
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet
from qingdan.validate import validate as validate_dataset

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


class _Group(TyperGroup):
    """Chinese help option; expected failures become one line on stderr and exit 2."""

    def get_help_option(self, ctx):
        return _chinese_help(super().get_help_option(ctx))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QingdanError as exc:
            typer.echo(f"qingdan: {exc}", err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Group,
    name="qingdan",
    help="qingdan（清单）：把乡镇职责清单和机构设置作为 YAML 纳入版本管理，校验、生成文件、比较版本。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathArg = Annotated[
    Path | None,
    typer.Argument(help="清单文件夹（含 qingdan.yaml）；不写则从当前目录向上查找。", show_default=False),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qingdan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="显示版本并退出。", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """qingdan（清单）：乡镇职责清单的校验、生成和版本比较。"""


@app.command(cls=_Command)
def validate(path: PathArg = None) -> None:
    """校验清单：YAML 语法、数据模式和交叉引用。

    退出码：0 没有错误；1 有错误；2 无法运行（路径不对、不是清单文件夹）。

    示例：qingdan validate lists/qinglan/2022
    """
    project = Project.discover(path)
    schemas = SchemaSet.load(shipped_dir("schemas"))
    dataset, loaded = load_dataset(project)
    findings = validate_dataset(dataset, schemas, loaded)
    REPORTERS["text"](Run(findings, dataset, project.display), Console(highlight=False))
    raise typer.Exit(exit_code(findings))


@app.command(cls=_Command)
def schema(kind: Annotated[str, typer.Argument(help="文件类型，例如 matter、township、edition。")]) -> None:
    """打印一类文件的 JSON Schema（draft-07，公共定义已内联，可单独使用）。

    示例：qingdan schema matter > matter.schema.json
    """
    schemas = SchemaSet.load(shipped_dir("schemas"))
    typer.echo(json.dumps(schemas.bundled(schemas.resolve_kind(kind)), ensure_ascii=False, indent=2))


def main() -> None:
    """Console-script entry point; an unexpected exception exits 3 without a traceback."""
    try:
        app(prog_name="qingdan")
    except Exception as exc:
        print(f"qingdan: 内部错误（{type(exc).__name__}: {exc}），请把命令和数据报告给维护者", file=sys.stderr)
        sys.exit(3)
