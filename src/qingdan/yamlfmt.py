"""The canonical YAML text of a list file: key order, quoting and indentation; comments kept.

Pure text in, text out (the JSON Schemas that give the key order are read once). Values
come from `qingdan.source.parse`, the YAML 1.2 core reading that validate uses; ruamel.yaml
carries the comments and blank lines. The canonical form:

- keys in the order of the kind's schema `properties`, unknown keys after them in their order;
- block style, mappings indented 2, sequence dashes indented 2 under their key; no line wrapping;
- strings double-quoted where plain text would be unsafe (read as another type by YAML 1.2
  or by YAML 1.1 tools: yes/no, dates, numbers; or broken by `: `, ` #`, a leading indicator)
  or where they look like a number (codes, phone numbers, dates, versions); a string the author
  quoted stays quoted, in double quotes (as prettier does); multi-line strings as `|` blocks;
- comments and blank lines stay; an own-line comment moves with the key below it and is
  indented like that key;
- `null`, `true` / `false`, numbers as YAML 1.2 writes them; "\\n" line ends, one final newline.
"""

from __future__ import annotations

import bisect
import difflib
import io
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from qingdan.source import SyntaxProblem, _Resolver, parse
from qingdan.text import excerpt

SCHEMA_SUFFIX = ".schema.json"
MODELINE = "# yaml-language-server: $schema="
# top-level lists whose items `dump` separates by a blank line, as the sample files do
SPACED = {"matters": "matters"}


class FormatProblem(Exception):
    """A file fmt will not rewrite; a Chinese message and a 1-based position (0 = unknown)."""

    def __init__(self, message: str, line: int = 0, column: int = 0, code: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.code = message, line, column, code


# --- public API ---------------------------------------------------------------------------


def dump(data: Mapping[str, Any], kind: str, *, comments: Sequence[str] = (), modeline: str | None = None) -> str:
    """Return the canonical text of one file of `kind` holding `data` (plain Python values).

    The header is the modeline (when given) and then each of `comments` as a `# ...` line.
    `format_text` of the result returns it unchanged.
    """
    header = f"{MODELINE}{modeline}\n" if modeline else ""
    for comment in comments:
        for line in str(comment).splitlines() or [""]:
            header += f"# {line}".rstrip() + "\n"
    tree = _canonical(_commented(data), data, _shape_of(kind))
    if kind in SPACED and isinstance(tree, CommentedMap) and isinstance(tree.get(SPACED[kind]), CommentedSeq):
        items = tree[SPACED[kind]]
        for i in range(len(items) - 1):
            _append_tail(items, i, "\n")
    return header + _emit(_finish(tree))


def format_text(text: str, kind: str) -> str:
    """Return `text` (one file of `kind`) in canonical form, keeping its comments.

    Raises FormatProblem for a file that is not YAML or that fmt refuses to rewrite.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    parsed = _parsed(text)
    if parsed.data is None:  # empty, or comments only
        body = text.rstrip()
        return body + "\n" if body else ""
    try:
        tree = _ruamel().load(text)
    except RuamelError as exc:  # pragma: no cover - document.parse accepted it already
        raise FormatProblem(f"YAML 无法解析：{exc}") from None
    out = _emit(_finish(_canonical(tree, parsed.data, _shape_of(kind))))
    if not same_data(reread(out), parsed.data):
        raise FormatProblem("格式化后读出的数据与原来不同，已跳过此文件（这是 qingdan 的缺陷，请报告）")
    if sorted(comment_texts(out)) != sorted(comment_texts(text)):
        raise FormatProblem("格式化后注释与原来不同，已跳过此文件（这是 qingdan 的缺陷，请报告）")
    return out


def update(text: str, kind: str, data: Mapping[str, Any], *, comments: Sequence[str] = ()) -> str:
    """Return `text` (one file of `kind`) changed to hold `data` (plain values), in canonical form.

    What stays keeps its comments and quoting; a value that changed is written afresh; a new
    key goes where the schema orders it; a list of items with ids is matched by id, so each
    item keeps its own comments, and new items follow the old ones (a blank line apart where
    `dump` spaces them). Each of `comments` the file's opening comment lines lack is added
    after them. Raises FormatProblem for a file that is not YAML or not a mapping, or that
    fmt refuses to rewrite.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    parsed = _parsed(text)
    if not isinstance(parsed.data, dict):
        raise FormatProblem("文件的顶层不是“键: 值”的映射，无法逐项合并")
    tree, value = _sync(_ruamel().load(text), parsed.data, data)
    if kind in SPACED:
        _space_new_items(tree, parsed.data, SPACED[kind])
    out = _header(_emit(_finish(_canonical(tree, value, _shape_of(kind)))), comments)
    if not same_data(reread(out), value) or not same_data(value, dict(data)):
        raise FormatProblem("合并后读出的数据与应有的不同，已跳过此文件（这是 qingdan 的缺陷，请报告）")
    return out


def reread(out: str) -> Any:
    """The data of text qingdan wrote, read back to check it; text that does not read is qingdan's own fault."""
    try:
        return parse(out).data
    except SyntaxProblem as problem:
        raise FormatProblem(
            f"格式化后的文字读不回来（第 {problem.line} 行：{problem.message}），已跳过此文件（这是 qingdan 的缺陷，请报告）"
        ) from None


def _parsed(text: str) -> Any:
    """`parse(text)`, or FormatProblem for what the loader refuses (syntax, anchors, tags, limits) or a duplicate key."""
    try:
        parsed = parse(text)
    except SyntaxProblem as problem:
        raise FormatProblem(problem.message, problem.line, problem.column, problem.code) from None
    if parsed.duplicates:
        dup = parsed.duplicates[0]
        raise FormatProblem(
            f"键「{excerpt(dup.key)}」重复（第 {dup.first_line} 行已经有了），请先删去一个",
            dup.line,
            dup.column,
            "QD002",
        )
    if parsed.odd_keys:  # ruamel.yaml would keep `true:` a boolean: fmt cannot promise the same data back
        odd = parsed.odd_keys[0]
        raise FormatProblem(
            f"键「{excerpt(odd.key)}」被 YAML 读成了{odd.read_as}，不是文字；请先改成字段名或加引号",
            odd.line,
            odd.column,
            "QD015",
        )
    return parsed


def modeline_for(file: Path, kind: str) -> str | None:
    """The relative POSIX path from `file`'s folder to the nearest ancestor's schemas/<kind>.schema.json."""
    folder = Path(file).absolute().parent
    for ancestor in (folder, *folder.parents):
        schema = ancestor / "schemas" / f"{kind}{SCHEMA_SUFFIX}"
        if schema.exists():
            return Path(os.path.relpath(schema, folder)).as_posix()
    return None


def comment_texts(text: str) -> list[str]:
    """Every comment of a YAML text, stripped, in order (a `#` inside a scalar is not one)."""
    spans = [(t.start_mark.index, t.end_mark.index) for t in _tokens(text) if isinstance(t, yaml.ScalarToken)]
    out, i, n = [], 0, len(text)
    spans.sort()
    s = 0
    while i < n:
        j = text.find("#", i)
        if j < 0:
            break
        while s < len(spans) and spans[s][1] <= j:
            s += 1
        if s < len(spans) and spans[s][0] <= j < spans[s][1]:
            i = spans[s][1]
            continue
        if j == 0 or text[j - 1] in " \t\n":
            end = text.find("\n", j)
            end = n if end < 0 else end
            out.append(text[j:end].rstrip())
            i = end
        else:
            i = j + 1
    return out


def same_data(a: Any, b: Any) -> bool:
    """Equal values of equal YAML types (True is not 1, 1 is not 1.0); mapping order ignored."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str):
        return isinstance(b, str) and str(a) == str(b)
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # both NaN
    return type(a) is type(b) and a == b


# --- scalars ------------------------------------------------------------------------------

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_NOT_STR = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|<<|=)$")
# only digits and number punctuation: codes, phone numbers, dates, versions, times
_NUMERIC = re.compile(r"^[-+]?[0-9][0-9_.,:/ +-]*$")
_YAML11 = yaml.resolver.Resolver()
_RESOLVER_12 = _Resolver()
_STR = "tag:yaml.org,2002:str"


def _printable(ch: str) -> bool:
    return "\x20" <= ch <= "\x7e" or (
        ("\xa0" <= ch <= "\ud7ff" or "\ue000" <= ch <= "\ufffd" or ch >= "\U00010000") and ch != "\ufeff"
    )


def plain_ok(s: str) -> bool:
    """True if `s` may be written unquoted: YAML 1.2 and YAML 1.1 readers both get the same string."""
    return bool(
        s
        and s == s.strip()
        and s[0] not in _INDICATORS
        and ": " not in s
        and " #" not in s
        and not s.endswith(":")
        and not _NOT_STR.match(s)
        and all(_printable(ch) for ch in s)
        and _YAML11.resolve(yaml.ScalarNode, s, (True, False)) == _STR
        and _RESOLVER_12.resolve(yaml.ScalarNode, s, (True, False)) == _STR
    )


def needs_quotes(s: str) -> bool:
    """True if canonical text double-quotes `s`: plain is unsafe, or it looks like a number or date."""
    return not plain_ok(s) or bool(_NUMERIC.match(s))


def _literal_ok(s: str) -> bool:
    lines = s.split("\n")
    return (
        bool(lines[0])
        and lines[0][0] != " "
        and all(line == line.rstrip() and all(map(_printable, line)) for line in lines)
    )


def _scalar(value: Any, source: Any = None) -> Any:
    """The canonical form of a scalar; a string written in quotes stays quoted (in double quotes)."""
    if not isinstance(value, str):
        return value
    value = str(value)  # drop document.Yaml11Bool / Yaml11Date
    if "\n" in value:
        return LiteralScalarString(value) if _literal_ok(value) else DoubleQuotedScalarString(value)
    if needs_quotes(value) or isinstance(source, SingleQuotedScalarString | DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    return value


def _key(value: Any) -> Any:
    if isinstance(value, str):
        value = str(value)
        return DoubleQuotedScalarString(value) if needs_quotes(value) else value
    return value


# --- the tree -----------------------------------------------------------------------------


def _commented(data: Any) -> Any:
    """Plain data as ruamel round-trip containers without comments."""
    if isinstance(data, Mapping):
        return CommentedMap((k, _commented(v)) for k, v in data.items())
    if isinstance(data, list | tuple):
        return CommentedSeq(_commented(v) for v in data)
    return data


def _mismatch() -> FormatProblem:
    return FormatProblem("文件结构无法逐项对应（可能用了合并键 <<），qingdan fmt 不改写这样的文件")


def _canonical(node: Any, value: Any, shape: _Shape | None) -> Any:
    """Return `node` rebuilt from `value` (the authoritative data) in canonical order and style."""
    if isinstance(value, dict):
        if not isinstance(node, CommentedMap) or len(node) != len(value):
            raise _mismatch()
        return _mapping(node, value, shape)
    if isinstance(value, list):
        if not isinstance(node, CommentedSeq) or len(node) != len(value):
            raise _mismatch()
        item = shape.item() if shape else None
        flows = [_is_flow(n) for n in node]
        out = CommentedSeq(_canonical(n, v, item) for n, v in zip(node, value, strict=True))
        node.copy_attributes(out)
        for i, n in enumerate(node):
            _after_block(out, i, n)
            if flows[i]:
                _unflow_comment(out, i)
        _set_style(out)
        return out
    return _scalar(value, node)


def _mapping(node: CommentedMap, value: dict[Any, Any], shape: _Shape | None) -> CommentedMap:
    pairs = list(zip(node.keys(), value.keys(), strict=True))  # (ruamel key, data key), document order
    known = shape.order if shape else ()
    rank = {k: i for i, k in enumerate(known)}
    order = sorted(range(len(pairs)), key=lambda i: (rank.get(pairs[i][1], len(rank)), i))
    out = CommentedMap()
    node.copy_attributes(out)
    old_items = dict(node.ca.items)
    out.ca.items.clear()
    keys = []
    for _, (old, new) in enumerate(pairs):
        key = _key(new)
        keys.append(key)
        if old in old_items:
            out.ca.items[key] = old_items[old]
    for i in order:
        child = shape.child(pairs[i][1]) if shape else None
        source = node[pairs[i][0]]
        flow = _is_flow(source)
        out[keys[i]] = _canonical(source, value[pairs[i][1]], child)
        _after_block(out, keys[i], source)
        if flow:
            _unflow_comment(out, keys[i])
    _set_style(out)
    if order != sorted(order):
        _move_comments(out, keys, [keys[i] for i in order])
    return out


def _set_style(node: CommentedMap | CommentedSeq) -> None:
    """Block style, but an empty list or mapping stays `[]` or `{}` on its key's line: in block style ruamel.yaml
    would put a comment after the key between the two, and the `[]` on a line of its own is no longer the value."""
    if len(node):
        node.fa.set_block_style()
    else:
        node.fa.set_flow_style()


def _after_block(container: Any, key: Any, source: Any) -> None:
    """After a | or > block the comment token has no end-of-line part; give it the empty one, "\\n"."""
    if isinstance(source, LiteralScalarString | FoldedScalarString):
        entry = container.ca.items.get(key)
        slot = 2 if isinstance(container, CommentedMap) else 0
        token = entry[slot] if entry and len(entry) > slot else None
        if token is not None and not token.value.startswith("\n"):
            token.value = "\n" + token.value


def _is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and len(node) > 0 and bool(node.fa.flow_style())


def _unflow_comment(container: Any, key: Any) -> None:
    """A comment after a `{...}` or `[...]` now in block style goes after the block's last line."""
    slot = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.get(key)
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None:
        return
    entry[slot] = None
    child = container[key]
    if child.ca.comment:
        child.ca.comment[0] = None
    text = token.value
    cut = text.find("\n") + 1 if "\n" in text else len(text)
    eol, rest = text[:cut].strip(), text[cut:]
    holder, at = _tail_holder(container, key)
    if holder[at] is None and eol.startswith("#"):
        holder[at] = CommentToken(eol + "\n" + rest, CommentMark(0), None)
    else:
        _append_tail(container, key, (eol + "\n" if eol.startswith("#") else "") + rest)


def _finish(node: Any) -> Any:
    """Undo `_after_block` where the canonical value is a | block; return `node`."""
    if isinstance(node, CommentedMap | CommentedSeq):
        slot = 2 if isinstance(node, CommentedMap) else 0
        for key in node.keys() if isinstance(node, CommentedMap) else range(len(node)):
            value = node[key]
            _finish(value)
            entry = node.ca.items.get(key)
            token = entry[slot] if entry and len(entry) > slot else None
            if isinstance(value, LiteralScalarString) and token is not None and token.value.startswith("\n"):
                token.value = token.value[1:]
                if not token.value:
                    entry[slot] = None
    return node


# Comments after an entry's last line live on that entry (on its deepest last scalar). When
# entries are reordered, the lines after an entry's end-of-line comment move with the entry
# that followed them, so a comment written above a key stays above it.


def _move_comments(node: CommentedMap, before: list[Any], after: list[Any]) -> None:
    rests = {k: _take_tail(node, k) for k in before}
    leading = {before[i + 1]: rests[before[i]] for i in range(len(before) - 1)}
    trailing = rests[before[-1]]
    leading[before[0]] = ""  # the comments above the first entry stay at the top of the mapping
    if leading[after[0]]:  # an entry with comments above it became first: they go to the top
        if node.ca.comment is None:
            node.ca.comment = [None, None]
        if node.ca.comment[1] is None:
            node.ca.comment[1] = []
        node.ca.comment[1].append(CommentToken(leading[after[0]], CommentMark(0), None))
    for j, key in enumerate(after):
        _append_tail(node, key, leading[after[j + 1]] if j + 1 < len(after) else trailing)


def _tail_holder(container: Any, key: Any) -> tuple[list[Any], int]:
    value = container[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value):
        last = list(value.keys())[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _tail_holder(value, last)
    slot = 2 if isinstance(container, CommentedMap) else 0
    entry = container.ca.items.setdefault(key, [None] * 4)
    while len(entry) <= slot:
        entry.append(None)
    return entry, slot


def _take_tail(container: Any, key: Any) -> str:
    entry, slot = _tail_holder(container, key)
    token = entry[slot]
    if token is None:
        return ""
    text = token.value
    cut = text.find("\n") + 1 if "\n" in text else len(text)
    eol, rest = text[:cut], text[cut:]
    if eol.lstrip().startswith("#"):
        token.value = eol
    else:
        entry[slot] = None
    return rest


def _append_tail(container: Any, key: Any, text: str) -> None:
    if not text:
        return
    entry, slot = _tail_holder(container, key)
    token = entry[slot]
    if token is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0), None)
    else:
        eol = token.value if token.value.endswith("\n") else token.value + "\n"
        token.value = eol + text


# --- changing a tree to hold new data (update) ---------------------------------------------


def _item_ids(items: Any) -> list[Any] | None:
    """The ids of a list of mappings that all have one, else None."""
    if not isinstance(items, list) or not items:
        return None
    ids = [i.get("id") if isinstance(i, dict) else None for i in items]
    return ids if all(isinstance(i, str | int) and not isinstance(i, bool) for i in ids) else None


def _sync(node: Any, old: Any, new: Any) -> tuple[Any, Any]:
    """Return (node, value): `node`, whose data is `old`, changed to hold `new`; value is `new` in node's order."""
    if same_data(old, new):
        return node, old
    if isinstance(new, Mapping) and isinstance(old, dict) and isinstance(node, CommentedMap) and len(node) == len(old):
        value: dict[Any, Any] = {}
        for key, data_key in list(zip(node.keys(), old.keys(), strict=True)):
            if data_key not in new:
                del node[key]
            else:
                node[key], value[data_key] = _sync(node[key], old[data_key], new[data_key])
        last = list(node.keys())[-1] if len(node) else None
        added = [k for k in new if k not in old]
        for data_key in added:
            node[data_key], value[data_key] = _commented(new[data_key]), new[data_key]
        if added and last is not None:  # the comment lines that closed the mapping still close it
            _append_tail(node, added[-1], _take_tail(node, last))
        return node, value
    if isinstance(new, list) and isinstance(old, list) and isinstance(node, CommentedSeq) and len(node) == len(old):
        old_ids, new_ids = _item_ids(old), _item_ids(new)
        if old_ids is not None and new_ids is not None:
            first: dict[Any, int] = {}
            for n, item_id in enumerate(old_ids):
                first.setdefault(item_id, n)
            sources = [first.pop(item_id, None) for item_id in new_ids]
        else:
            sources = _aligned(old, new)
        out, values = CommentedSeq(), []
        comments = dict(node.ca.items)
        node.copy_attributes(out)  # shares node's comment holder, so the old entries are kept in `comments`
        out.ca.items.clear()
        for source, item in zip(sources, new, strict=True):
            if source is None:
                child, child_value = _commented(item), item
            else:
                child, child_value = _sync(node[source], old[source], item)
            out.append(child)
            values.append(child_value)
        for n, source in enumerate(sources):  # after the appends: append is insert(), which shifts comments
            if source is not None and source in comments:
                out.ca.items[n] = comments[source]
        return out, values
    return _commented(new), new


def _aligned(old: list[Any], new: list[Any]) -> list[int | None]:
    """For each new element, the old one it continues: an equal one, or the one at its place in a changed stretch."""
    key = [json.dumps(v, ensure_ascii=False, sort_keys=True, default=str) for v in (*old, *new)]
    matcher = difflib.SequenceMatcher(None, key[: len(old)], key[len(old) :], autojunk=False)
    sources: list[int | None] = [None] * len(new)
    for tag, a, b, c, d in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and b - a == d - c):
            for n in range(d - c):
                sources[c + n] = a + n
    return sources


def _space_new_items(tree: Any, old: dict[str, Any], key: str) -> None:
    """Put a blank line before each item the `key` list did not have, as `dump` spaces them."""
    items = tree.get(key) if isinstance(tree, CommentedMap) else None
    if not isinstance(items, CommentedSeq):
        return
    had = set(_item_ids(old.get(key)) or ())
    for n in range(1, len(items)):
        if isinstance(items[n], Mapping) and items[n].get("id") not in had:
            entry, slot = _tail_holder(items, n - 1)
            if entry[slot] is None or not entry[slot].value.endswith("\n\n"):
                _append_tail(items, n - 1, "\n")


def _header(text: str, comments: Sequence[str]) -> str:
    """`text` with each of `comments` its opening comment lines lack added after them, as `# ...`."""
    lines = text.split("\n")
    top = 0
    while top < len(lines) and lines[top].startswith("#"):
        top += 1
    have = {line.rstrip() for line in lines[:top]}
    wanted = [f"# {line}".rstrip() for comment in comments for line in str(comment).splitlines() or [""]]
    new = [line for line in dict.fromkeys(wanted) if line not in have]
    return "\n".join([*lines[:top], *new, *lines[top:]])


# --- emitting -----------------------------------------------------------------------------


class _Representer(RoundTripRepresenter):
    pass


_Representer.add_representer(type(None), lambda self, _data: self.represent_scalar("tag:yaml.org,2002:null", "null"))


def _ruamel() -> YAML:
    y = YAML(typ="rt")
    y.Representer = _Representer
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 30
    y.allow_unicode = True
    y.allow_duplicate_keys = False
    y.preserve_quotes = True
    return y


def _emit(tree: Any) -> str:
    out = io.StringIO()
    _ruamel().dump(tree, out)
    return _indent_comments(out.getvalue().rstrip("\n") + "\n")


def _indent_comments(text: str) -> str:
    """Keep each own-line comment between the indents of the lines around it (ruamel keeps old indents).

    A comment indented like the block above it (a commented-out key at the end of a block) or like
    the line below it stays; one outside that range, e.g. moved with its key, is brought into it.
    """
    spans = [(t.start_mark.index, t.end_mark.index) for t in _tokens(text) if isinstance(t, yaml.ScalarToken)]
    breaks = [m.start() for m in re.finditer("\n", text)]  # the line of an index, by bisection: counting the
    in_scalar: set[int] = set()  # newlines before each scalar made a long file quadratic (100,000 items: hours)
    for a, b in spans:  # lines after the first that hold part of a multi-line scalar
        last = bisect.bisect_left(breaks, b) - (1 if text[b - 1 : b] == "\n" else 0)
        in_scalar.update(range(bisect.bisect_left(breaks, a) + 1, last + 1))
    lines = text.split("\n")
    comment = [line.lstrip(" ").startswith("#") and n not in in_scalar for n, line in enumerate(lines)]
    below = [0] * len(lines)
    indent = 0
    for n in range(len(lines) - 1, -1, -1):
        below[n] = indent
        if lines[n].strip() and not comment[n]:
            indent = len(lines[n]) - len(lines[n].lstrip(" "))
    above = 0
    for n, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if comment[n]:
            low, high = sorted((above, below[n]))
            lines[n] = " " * min(max(len(line) - len(stripped), low), high) + stripped
        elif stripped:
            above = len(line) - len(stripped)
    return "\n".join(lines)


def _tokens(text: str) -> Iterator[yaml.Token]:
    loader = yaml.CBaseLoader(text) if hasattr(yaml, "CBaseLoader") else yaml.BaseLoader(text)
    try:
        while loader.check_token():
            yield loader.get_token()
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


# --- key order from the schemas -----------------------------------------------------------


@cache
def _schemas() -> dict[str, Any]:
    from qingdan.resources import shipped_dir

    folder = shipped_dir("schemas")
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"*{SCHEMA_SUFFIX}"))}


Cand = tuple[str, Any]  # (schema file name, schema node)


class _Shape:
    """What the schemas say about one place in a document: its keys' order, children, items."""

    __slots__ = ("_children", "_item", "cands", "extra", "order", "props")

    def __init__(self, cands: list[Cand]) -> None:
        self.cands = _expand(cands)
        self.order: list[str] = []
        self.props: dict[str, list[Cand]] = {}
        self.extra: list[Cand] = []
        for file, node in self.cands:
            for name, sub in (node.get("properties") or {}).items():
                if name not in self.props:
                    self.order.append(name)
                    self.props[name] = []
                self.props[name].append((file, sub))
            if isinstance(node.get("additionalProperties"), dict):
                self.extra.append((file, node["additionalProperties"]))
        self._children: dict[Any, _Shape | None] = {}
        self._item: _Shape | bool | None = False

    def child(self, key: Any) -> _Shape | None:
        if key not in self._children:
            cands = self.props.get(key) if isinstance(key, str) else None
            cands = cands or self.extra
            self._children[key] = _Shape(cands) if cands else None
        return self._children[key]

    def item(self) -> _Shape | None:
        if self._item is False:
            cands = [(f, n["items"]) for f, n in self.cands if isinstance(n.get("items"), dict)]
            self._item = _Shape(cands) if cands else None
        return self._item  # type: ignore[return-value]


def _expand(cands: list[Cand], depth: int = 0) -> list[Cand]:
    out: list[Cand] = []
    for file, node in cands:
        if not isinstance(node, dict) or depth > 20:
            continue
        if isinstance(node.get("$ref"), str):
            out.extend(_expand([_resolve(file, node["$ref"])], depth + 1))
        for word in ("allOf", "anyOf", "oneOf"):
            out.extend(_expand([(file, sub) for sub in node.get(word) or ()], depth + 1))
        out.append((file, node))
    return out


def _resolve(file: str, ref: str) -> Cand:
    target, _, fragment = ref.partition("#")
    target = target or file
    node: Any = _schemas().get(target, {})
    for part in fragment.strip("/").split("/") if fragment.strip("/") else ():
        part = part.replace("~1", "/").replace("~0", "~")
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return target, node


@cache
def _shape_of(kind: str) -> _Shape | None:
    name = f"{kind}{SCHEMA_SUFFIX}"
    schema = _schemas().get(name)
    return _Shape([(name, schema)]) if schema is not None else None
