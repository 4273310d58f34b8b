"""Render the published documents: one shared Jinja environment, one module per binary format.

`render_files(dataset, to, ...)` returns {relative file name: bytes}; the CLI writes them.
`FORMATS` names every format with its writer; `epoch(dataset)` is the one clock a render reads.
Markdown and HTML come straight from templates; Word and Excel are laid out by their
writers from the same document tables, with every text a template can override.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from qingdan.errors import QingdanError
from qingdan.model import DataSet
from qingdan.render.documents import KINDS, Document, build

Write = Callable[[DataSet, list[Document], Environment, int], dict[str, bytes]]
_SAFE = re.compile(r"[^a-z0-9.-]+")


def environment(shipped: Path, user: Path | None = None) -> Environment:
    """The Jinja environment: a data set's own templates first, then qingdan's.

    Misspelt fields are errors (StrictUndefined), HTML is autoescaped, and a data set's
    own templates run in Jinja's sandbox.
    """
    folders = [str(user), str(shipped)] if user else [str(shipped)]
    cls = SandboxedEnvironment if user else Environment
    env = cls(
        loader=FileSystemLoader(folders),
        undefined=StrictUndefined,
        # templates are named *.html.j2: the extension that decides escaping is the one before .j2
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _markdown_cell
    env.filters["numbered"] = numbered
    return env


def numbered(lines: tuple[str, ...], on: bool = True) -> list[str]:
    """Number the lines of a cell 1. 2. 3. when there are several."""
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)] if on and len(lines) > 1 else list(lines)


def _markdown_cell(lines: list[str]) -> str:
    return "<br>".join(line.replace("|", "\\|").replace("\n", " ") for line in lines)


def safe_stem(stem: str) -> str:
    """A file name that cannot leave the output folder, whatever the ids hold."""
    cleaned = _SAFE.sub("-", stem.lower()).strip(".-")
    return cleaned or "document"


def render_template(env: Environment, name: str, **context: object) -> str:
    """Render one template; a template error names the template and line."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        where, line = _template_place(exc, name)
        at = f"第 {line} 行" if line else ""
        raise QingdanError(f"模板「{Path(where).name}」{at}出错：{exc.message or exc}") from None


def _template_place(exc: TemplateError, name: str) -> tuple[str, int | None]:
    """The template file and line of an error: syntax errors carry them, render errors only in the traceback."""
    where, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb is not None:  # jinja rewrites frames so template code reports the template's file and line
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where, line = filename, tb.tb_lineno
            tb = tb.tb_next
    return where or name, line


def render_files(
    dataset: DataSet,
    to: str,
    env: Environment,
    kinds: list[str] | None = None,
    township: str | None = None,
    epoch: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, bytes]:
    """Render the chosen documents in one format; return {relative file name: content}.

    `progress(done, total)` is called after each document (the site is one step).
    """
    if to not in FORMATS:
        raise QingdanError(f"没有「{to}」这种格式；可选：{'、'.join(FORMATS)}")
    unknown = [k for k in kinds or () if k not in KINDS]
    if unknown:
        raise QingdanError(f"没有「{unknown[0]}」这份文件；运行 qingdan render --list 查看全部")
    if township and dataset.township(township) is None:
        raise QingdanError(f"没有标识为「{township}」的乡镇")
    documents = build(dataset, kinds, township)
    writer = FORMATS[to].write
    if FORMATS[to].whole:
        files = writer(dataset, documents, env, epoch)
        if progress:
            progress(1, 1)
        return files
    files: dict[str, bytes] = {}
    for n, doc in enumerate(documents, start=1):
        files.update(writer(dataset, [doc], env, epoch))
        if progress:
            progress(n, len(documents))
    return dict(sorted(files.items()))


def render_one(dataset: DataSet, to: str, env: Environment, document: Document, epoch: int = 0) -> dict[str, bytes]:
    """Render a document built elsewhere (e.g. the diff's 新旧对照表) with the same writers."""
    if to not in FORMATS or FORMATS[to].whole:
        raise QingdanError(f"这份文件不能生成为「{to}」")
    return FORMATS[to].write(dataset, [document], env, epoch)


def epoch(dataset: DataSet) -> int:
    """The time a render stamps on its files: SOURCE_DATE_EPOCH, else the edition's effective date, else 1980-01-01.

    SOURCE_DATE_EPOCH is the reproducible-builds convention; 1980-01-01 is the earliest time a zip can hold.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        day = dt.date.fromisoformat(dataset.edition.effective_date)
    except (AttributeError, ValueError):
        day = dt.date(1980, 1, 1)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _markup(suffix: str) -> Write:
    def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
        return {
            f"{safe_stem(d.stem)}.{suffix}": render_template(env, f"{suffix}/document.{suffix}.j2", doc=d).encode()
            for d in documents
        }

    return write


def _module(name: str) -> Write:
    """The `write` of a binary format's own module, imported when first used: those modules import this package."""

    def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
        return importlib.import_module(name).write(dataset, documents, env, epoch)

    return write


@dataclass(frozen=True, slots=True)
class Format:
    """A format `qingdan render --to` writes."""

    title: str  # what the format is, in Chinese, beside its name on Tab
    write: Write  # `write(dataset, documents, env, epoch) -> {file: bytes}`
    whole: bool = False  # written from all documents at once (the site), not one document at a time


# in the order the help lists them
FORMATS: dict[str, Format] = {
    "md": Format("Markdown", _markup("md")),
    "html": Format("HTML", _markup("html")),
    "docx": Format("Word（公文格式）", _module("qingdan.render.docx")),
    "xlsx": Format("Excel", _module("qingdan.render.xlsx")),
    "site": Format("静态网站", _module("qingdan.render.site"), whole=True),
}
