"""What may be published: the findings that stop `qingdan render`, and the mark a draft carries on every page.

A data set is published only as `qingdan validate` passes it: no error, and no placeholder text (QD207,
a warning to validate, but nothing to print on a public page). `--allow-errors` renders anyway as a draft,
marked 草稿 on every page; `--draft TEXT` marks a render with another word, such as 征求意见稿.
"""

from __future__ import annotations

from collections.abc import Callable

from qingdan.errors import QingdanError
from qingdan.findings import Finding, Severity
from qingdan.rules import placeholder_text

DRAFT = "草稿"  # the mark of --allow-errors without --draft
SHOWN = 5  # findings quoted when a render is refused
_LONGEST = 20  # characters of a --draft mark: a word or two, printed on every page
BLOCKING = frozenset({placeholder_text.CODE})  # findings that stop a publication whatever their severity


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that keep a data set from being published: every error, then every placeholder."""
    stopped = [f for f in findings if f.severity == Severity.ERROR or f.code in BLOCKING]
    return sorted(stopped, key=lambda f: f.code in BLOCKING)  # stable: each kind keeps validate's order


def mark(allow_errors: bool, draft: str | None) -> str:
    """The mark every page carries: `draft` as given, else 草稿 with --allow-errors, else "" (a publication)."""
    if draft is None:
        return DRAFT if allow_errors else ""
    text = draft.strip()
    if not text or len(text) > _LONGEST or any(c in text for c in "\r\n\t"):
        raise QingdanError(f"--draft「{draft}」不能用：写一个不超过 {_LONGEST} 个字、不换行的标记，例如 征求意见稿")
    return text


def refusal(stopped: list[Finding], shown: Callable[[str], str], folder: str) -> str:
    """Why a render writes nothing: how many findings stop it, the first few as `qingdan validate` prints them,
    and what to do. `shown` turns a data set file into the path the user sees."""
    lines = [f"清单有 {counted(stopped)}，不能发布，没有生成任何文件："]
    lines += [f"  {_line(f, shown)}" for f in stopped[:SHOWN]]
    if len(stopped) > SHOWN:
        lines.append(f"  ……还有 {len(stopped) - SHOWN} 个")
    if any(f.code in BLOCKING for f in stopped):
        lines.append(
            f"占位文字（{placeholder_text.CODE}）在 validate 中是警告，但不能印在发布的文件上，要先换成实际内容。"
        )
    command = f"qingdan validate {folder}" if folder not in ("", ".") else "qingdan validate"
    lines.append(f"运行 {command} 查看全部并修改；要先出一份草稿，加 --allow-errors（每页标明“{DRAFT}”）。")
    return "\n".join(lines)


def counted(stopped: list[Finding]) -> str:
    """How many errors and placeholders: 「3 个错误、2 处占位文字」."""
    placeholders = sum(f.code in BLOCKING for f in stopped)
    errors = len(stopped) - placeholders
    said = [f"{errors} 个错误"] if errors else []
    return "、".join([*said, f"{placeholders} 处占位文字"] if placeholders else said)


def _line(f: Finding, shown: Callable[[str], str]) -> str:
    """A finding on one line, as the text format of `qingdan validate` heads it."""
    where = shown(f.file) + (f":{f.line}:{f.column}" if f.line else "")
    return f"{where}: {f.code} {f.severity.label} {f.message}"
