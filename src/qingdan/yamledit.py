"""Set values in the text of a list file, as `qingdan validate --fix` does: comments, key order and quoting kept.

Pure text in, text out. The text is read by ruamel.yaml's round-trip loader, each value is set in
place (a missing key is added where the kind's schema puts it, with the comments that stood below
the key before it staying below), and the result goes through the canonical formatter
(qingdan.yamlfmt), so a file already in canonical form changes only where a value changes.
The data read back must be the data before with exactly these values set, and every comment must
still be there; otherwise `EditProblem` is raised and nothing should be written.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError

from qingdan.findings import Fix
from qingdan.source import SyntaxProblem, parse

# the formatter's own pieces: one round-trip reader and writer, one key order, one comment mover
from qingdan.yamlfmt import (
    FormatProblem,
    _append_tail,
    _emit,
    _ruamel,
    _scalar,
    _Shape,
    _shape_of,
    _take_tail,
    comment_texts,
    format_text,
    reread,
    same_data,
)


class EditProblem(Exception):
    """A file the fixes cannot be written into; a Chinese message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_values(text: str, kind: str, fixes: Sequence[Fix]) -> str:
    """Return `text` (one file of `kind`) with the value at each fix's path set to its `new`, in canonical form.

    Raises EditProblem when the text is not YAML fmt would rewrite, when a path is not there, or
    when the value written there is no longer the fix's `old` (the fix is stale).
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        parsed = parse(text)
        if parsed.duplicates:
            raise EditProblem(f"键「{parsed.duplicates[0].key}」重复，请先删去一个")
        tree = _ruamel().load(text)
    except SyntaxProblem as problem:
        raise EditProblem(problem.message) from None
    except FormatProblem as problem:
        raise EditProblem(problem.message) from None
    except RuamelError as exc:  # pragma: no cover - parse() accepted it already
        raise EditProblem(f"YAML 无法解析：{exc}") from None
    expected = copy.deepcopy(parsed.data)
    for f in fixes:
        _check(expected, f)
        _set(tree, f, _shape_of(kind))
        _set_plain(expected, f)
    edited = _emit(tree)
    try:
        again = reread(edited)
    except FormatProblem as problem:
        raise EditProblem(problem.message) from None
    if not same_data(again, expected):
        raise EditProblem("修改后读出的数据与预期不同（这是 qingdan 的缺陷，请报告）")
    if sorted(comment_texts(edited)) != sorted(comment_texts(text)):
        raise EditProblem("修改后注释与原来不同（这是 qingdan 的缺陷，请报告）")
    try:
        return format_text(edited, kind)
    except FormatProblem as problem:
        raise EditProblem(problem.message) from None


def _stale(f: Fix) -> EditProblem:
    if f.old is None:
        return EditProblem(f"{_where(f.path)} 已经写了值")
    return EditProblem(f"{_where(f.path)} 已经不是「{f.old}」")


def _where(path: tuple[str | int, ...]) -> str:
    out = "$"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out


def _set(tree: Any, f: Fix, shape: _Shape | None) -> None:
    node = tree
    for step in f.path[:-1]:
        if isinstance(node, CommentedMap) and isinstance(step, str) and step in node:
            node, shape = node[step], shape.child(step) if shape else None
        elif isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
            node, shape = node[step], shape.item() if shape else None
        else:
            raise EditProblem(f"找不到 {_where(f.path)}")
    last = f.path[-1]
    in_list = isinstance(node, CommentedSeq) and isinstance(last, int) and 0 <= last < len(node)
    if in_list or (isinstance(node, CommentedMap) and isinstance(last, str) and last in node):
        _replace(node, last, f)
    elif isinstance(node, CommentedMap) and isinstance(last, str):
        _insert(node, last, f.new, shape)
    else:
        raise EditProblem(f"找不到 {_where(f.path)}")


def _replace(node: CommentedMap | CommentedSeq, key: str | int, f: Fix) -> None:
    node[key] = _scalar(f.new, node[key])  # quoted if it was, or if plain would misread it


def _check(data: Any, f: Fix) -> None:
    """The value at the fix's path, as validate read it (YAML 1.2), is still its `old`; else the fix is stale."""
    node = data
    for step in f.path[:-1]:
        if not _has(node, step):
            raise EditProblem(f"找不到 {_where(f.path)}")
        node = node[step]
    last = f.path[-1] if f.path else None
    if isinstance(node, dict) and isinstance(last, str) and last not in node:
        if f.old is not None:
            raise _stale(f)
    elif not _has(node, last):
        raise EditProblem(f"找不到 {_where(f.path)}")
    elif not _same(node[last], f.old):
        raise _stale(f)


def _has(node: Any, step: Any) -> bool:
    if isinstance(node, dict):
        return isinstance(step, str) and step in node
    return isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)


def _same(current: Any, old: Any) -> bool:
    """The value read is still the fix's `old`: same YAML type (True is not 1), same value."""
    if old is None or isinstance(old, bool):
        return current is old or (isinstance(current, bool) and current == old)
    if isinstance(old, str):
        return isinstance(current, str) and str(current) == old
    return isinstance(current, int | float) and not isinstance(current, bool) and current == old


def _insert(node: CommentedMap, key: str, value: str, shape: _Shape | None) -> None:
    """Add `key` where the schema orders it; comments that stood below the key before it stay below."""
    rank = {k: i for i, k in enumerate(shape.order)} if shape else {}
    keys = list(node.keys())
    mine = rank.get(key, len(rank))
    at = next((i for i, k in enumerate(keys) if rank.get(str(k), len(rank)) > mine), len(keys))
    below = _take_tail(node, keys[at - 1]) if at > 0 else ""
    node.insert(at, key, _scalar(value))
    _append_tail(node, key, below)


def _set_plain(data: Any, f: Fix) -> None:
    """The same change on the plain data, for the check that nothing else moved."""
    node = data
    for step in f.path[:-1]:
        node = node[step]
    node[f.path[-1]] = f.new
