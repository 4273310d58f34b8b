"""The Jinja environment every format renders through, and what templates and writers share (safe file names,
numbered cell lines, a template error that names its file and line).

A data set's own templates are code from whoever wrote the data set. They run in Jinja's sandbox
(no Python internals), are read only from inside their folder (a symlink out is refused) and only
if small and UTF-8, and are held to the limits of qingdan.limits: no number past
MAX_TEMPLATE_NUMBER as a width or count, no text or list past MAX_TEMPLATE_OUTPUT, no run past
MAX_TEMPLATE_SECONDS. Whatever goes wrong in one is a QingdanError naming the template and line.
"""

from __future__ import annotations

import functools
import math
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, nodes, select_autoescape
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from qingdan.errors import QingdanError
from qingdan.limits import MAX_TEMPLATE_BYTES, MAX_TEMPLATE_NUMBER, MAX_TEMPLATE_OUTPUT, MAX_TEMPLATE_SECONDS
from qingdan.text import excerpt, markdown

_SAFE = re.compile(r"[^a-z0-9.-]+")


def environment(shipped: Path, user: Path | None = None) -> Environment:
    """The Jinja environment: a data set's own templates first, then qingdan's.

    Misspelt fields are errors (StrictUndefined), HTML is autoescaped, and a data set's
    own templates run in a sandbox held to qingdan.limits.
    """
    folders = [str(user), str(shipped)] if user else [str(shipped)]
    cls = _Sandbox if user else Environment
    env = cls(
        loader=_FolderLoader(folders),
        undefined=StrictUndefined,
        # templates are named *.html.j2: the extension that decides escaping is the one before .j2
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2"), default_for_string=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = _markdown_cell
    env.filters["mdtext"] = markdown
    env.filters["numbered"] = numbered
    if user:
        env.filters = {name: _bounded(f) for name, f in env.filters.items()}
    return env


def data_set_templates(root: Path) -> Path | None:
    """A data set's own templates/ folder, if it has one; one that leads outside the data set is refused."""
    folder = root / "templates"
    if not folder.is_dir():
        return None
    real, home = folder.resolve(), root.resolve()
    if not real.is_relative_to(home):
        raise QingdanError("清单文件夹中的 templates 指向清单文件夹之外，拒绝使用；请把模板复制进清单文件夹")
    return folder


def numbered(lines: tuple[str, ...], on: bool = True) -> list[str]:
    """Number the lines of a cell 1. 2. 3. when there are several."""
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)] if on and len(lines) > 1 else list(lines)


def _markdown_cell(lines: list[str]) -> str:
    """A table cell's lines as Markdown: each escaped (no raw HTML, no markup from the data), joined by <br>."""
    return "<br>".join(markdown(line) for line in lines)


def safe_stem(stem: str) -> str:
    """A file name that cannot leave the output folder, whatever the ids hold."""
    cleaned = _SAFE.sub("-", stem.lower()).strip(".-")
    return cleaned or "document"


def render_template(env: Environment, name: str, **context: object) -> str:
    """Render one template; a template error names the template and line."""
    sandboxed = isinstance(env, _Sandbox)
    try:
        template = env.get_template(name)
        if not sandboxed:
            return template.render(**context)
        with _deadline(MAX_TEMPLATE_SECONDS):
            return _joined(template.generate(**context))
    except QingdanError:
        raise
    except TemplateError as exc:
        raise QingdanError(_template_message(exc, name, exc.message or str(exc))) from None
    except RecursionError as exc:
        raise QingdanError(_template_message(exc, name, "模板相互包含或继承，绕成了圈")) from None
    except MemoryError as exc:
        raise QingdanError(_template_message(exc, name, "用尽了内存，已停止")) from None
    except _Expired as exc:
        raise QingdanError(_template_message(exc, name, f"运行超过 {MAX_TEMPLATE_SECONDS} 秒，已停止")) from None
    except Exception as exc:  # a data set's template is code from elsewhere: whatever it does is its error
        if not sandboxed:
            raise
        raise QingdanError(_template_message(exc, name, f"{type(exc).__name__}: {excerpt(exc)}")) from None


def _template_message(exc: BaseException, name: str, what: str) -> str:
    where, line = _template_place(exc, name)
    at = f"第 {line} 行" if line else ""
    return f"模板「{Path(where).name}」{at}出错：{what}"


def _template_place(exc: BaseException, name: str) -> tuple[str, int | None]:
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


# --- where templates are read from -------------------------------------------------------------------


class _FolderLoader(FileSystemLoader):
    """Templates from folders, each file read only if it lies inside its folder once symlinks are followed,
    is at most MAX_TEMPLATE_BYTES and is UTF-8."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        # FileSystemLoader.get_source, reading through _read: the file found first in the search path wins
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise TemplateNotFound(template)
        contents = self._read(folder, filename, template)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return contents, os.path.normpath(filename), uptodate

    def _read(self, folder: str, filename: str, template: str) -> str:
        real, root = os.path.realpath(filename), os.path.realpath(folder)
        if os.path.commonpath([real, root]) != root:
            raise QingdanError(f"模板「{template}」指向模板文件夹之外，拒绝使用；请把模板文件复制进模板文件夹")
        try:
            with open(real, "rb") as handle:
                raw = handle.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as exc:
            raise QingdanError(f"无法读取模板「{template}」：{exc.strerror or type(exc).__name__}") from None
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise QingdanError(f"模板「{template}」超过 {MAX_TEMPLATE_BYTES // 1024} KB 的上限，拒绝使用")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise QingdanError(f"模板「{template}」不是 UTF-8 编码；请另存为 UTF-8 后再试") from None


# --- what a data set's templates may ask for -------------------------------------------------------------


class _Expired(Exception):
    """A template ran past MAX_TEMPLATE_SECONDS."""


class _BoundedCode(CodeGenerator):
    """Compiles `a ~ b` to a join whose result is checked, as the sandbox checks `a + b` (it cannot intercept `~`)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the operators, calls and formats that can ask for any amount of memory bounded."""

    code_generator_class = _BoundedCode
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    @staticmethod
    def checked(value: Any) -> Any:
        return _checked(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _check_size(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right)
        return _checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _check_numbers((*args, *kwargs.values()))
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__, ())
        return wrapped


def _bounded(f: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses a width or count past MAX_TEMPLATE_NUMBER and a result past MAX_TEMPLATE_OUTPUT."""

    @functools.wraps(f)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = (*args, *kwargs.values())
        _check_numbers(values)
        if f.__name__ == "do_format" and values and isinstance(values[0], str):
            _check_format(values[0], values[1:])
        return _checked(f(*args, **kwargs))

    return guarded


def _refuse(what: str) -> None:
    raise SecurityError(what)


def _check_numbers(values: tuple[Any, ...]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEMPLATE_NUMBER:
            _refuse(f"数字 {excerpt(value, 20)} 超过模板可用的上限 {MAX_TEMPLATE_NUMBER}")


def _check_size(size: int) -> None:
    if size > MAX_TEMPLATE_OUTPUT:
        _refuse(f"要生成的文字或列表超过 {MAX_TEMPLATE_OUTPUT // (1024 * 1024)} MB 的上限")


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            _check_size(len(sequence) * max(times, 0))


def _check_power(left: Any, right: Any) -> None:
    big = isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
    if big and right * math.log2(abs(left)) > MAX_TEMPLATE_OUTPUT * 8:
        _refuse(f"{excerpt(left, 20)} 的 {excerpt(right, 20)} 次方太大")


# a conversion's width and precision in %-formatting, and a replacement field's spec in str.format
_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\d+|\*)?(?:\.(\d+|\*))?")
_BRACES = re.compile(r"\{[^{}]*?:([^{}]*)\}")


def _check_format(pattern: str, args: Any) -> None:
    numbers = [n for m in _PERCENT.finditer(pattern) for n in m.groups() if n and n != "*"]
    numbers += [n for spec in _BRACES.findall(pattern) for n in re.findall(r"\d+", spec)]
    for n in numbers:
        if len(n) > 6 or int(n) > MAX_TEMPLATE_NUMBER:
            _refuse(f"格式「{excerpt(pattern, 20)}」中的宽度或精度 {excerpt(n, 20)} 超过上限 {MAX_TEMPLATE_NUMBER}")
    _check_numbers(args if isinstance(args, tuple) else (args,))


def _checked(value: Any) -> Any:
    if isinstance(value, str | list | tuple):
        _check_size(len(value))
    return value


def _joined(chunks: Iterator[str]) -> str:
    out, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        _check_size(size)
        out.append(chunk)
    return "".join(out)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise _Expired in the block after `seconds`, where the system has an interval timer and this is the main thread."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
