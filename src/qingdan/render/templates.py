"""The Jinja environment every format renders through, and what templates and writers share (safe file names,
numbered cell lines, a template error that names its file and line)."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from qingdan.errors import QingdanError

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
