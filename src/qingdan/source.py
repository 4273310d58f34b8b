"""YAML text to plain data through libyaml, and file positions recovered on demand.

Parsing is the whole cost of loading a province-scale data set, so documents are read
once through the C parser into plain dicts and lists with no position bookkeeping. When a
finding needs a line and column, `SourceFile.locate` composes that one file again (still in
C) and walks the node tree; files without findings are never composed twice.

Scalars follow the YAML 1.2 core schema (what the editor extension and check-jsonschema
use). Values that other YAML 1.1 tools would read differently — a plain `no`, a plain
`2022-06-30` — stay strings but are tagged so that QD005 can warn about them.

A data file is plain data, so what YAML offers beyond that is refused before anything is
built from it (each a `SyntaxProblem` with its own code): anchors and aliases (QD013: a few
lines of them expand to billions of values), nesting deeper than `limits.MAX_DEPTH` and
integers longer than `limits.MAX_INT_DIGITS` (QD014), and tags other than the core schema's
(QD016: `!!binary`, `!!set`, `!python/…`). A key that is not text (`true:`, `1:`) is kept as
written and reported (QD015), so that `true:` and `1:` never become one key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from qingdan.limits import MAX_DEPTH, MAX_INT_DIGITS
from qingdan.text import excerpt

try:  # libyaml ships in PyYAML's wheels; the pure parser is the slow fallback
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - only on platforms without wheels
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


Path_ = tuple[str | int, ...]


class Yaml11Bool(str):
    """A plain yes/no/on/off: a string here, a boolean to YAML 1.1 tools."""

    __slots__ = ()


class Yaml11Date(str):
    """A plain 2022-06-30: a string here, a date to YAML 1.1 tools and ruamel.yaml."""

    __slots__ = ()


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: no timestamps, no yes/no booleans, no sexagesimal or 0-octal."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_YAML11_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    key: str
    line: int
    column: int
    first_line: int


@dataclass(frozen=True, slots=True)
class OddKey:
    """A key that is not text: kept as written (`key`), or left out when it is a list or mapping."""

    key: str
    line: int
    column: int
    read_as: str  # what YAML made of it, in Chinese: 布尔值, 整数, 空值, 列表, 映射 …
    dropped: bool  # a list or mapping as a key: the entry is not read


_CORE = "tag:yaml.org,2002:"
_KEY_TYPES = {"bool": "布尔值", "int": "整数", "float": "小数", "null": "空值", "seq": "列表", "map": "映射"}


class _Refused(Exception):
    """Something a data file may not hold, met while building its values; becomes a SyntaxProblem."""

    def __init__(self, code: str, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


class _Constructor(yaml.constructor.SafeConstructor):
    """Plain Python values; records duplicate keys instead of silently keeping the last."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[DuplicateKey] = []
        self.odd_keys: list[OddKey] = []
        self.ambiguous = 0  # plain scalars that YAML 1.1 tools read differently

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in mapping:
                m = key_node.start_mark
                self.duplicates.append(DuplicateKey(str(key), m.line + 1, m.column + 1, first[key].start_mark.line + 1))
            else:
                first[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def _key(self, node: yaml.Node) -> str | None:
        """A key as text: a string as it is, any other scalar as written (reported); None for a list or mapping."""
        m = node.start_mark
        if not isinstance(node, yaml.ScalarNode):
            kind = _KEY_TYPES["seq" if isinstance(node, yaml.SequenceNode) else "map"]
            self.odd_keys.append(OddKey("", m.line + 1, m.column + 1, kind, True))
            return None
        if node.tag == f"{_CORE}str":
            return self.construct_object(node)
        self.construct_object(node)  # a tag qingdan refuses is refused here too
        read_as = _KEY_TYPES.get(node.tag.removeprefix(_CORE), node.tag)
        self.odd_keys.append(OddKey(node.value, m.line + 1, m.column + 1, read_as, False))
        return node.value

    def construct_undefined(self, node: yaml.Node) -> Any:
        m = node.start_mark
        tag = "!!" + node.tag.removeprefix(_CORE) if node.tag.startswith(_CORE) else node.tag
        raise _Refused("QD016", f"标签「{excerpt(tag)}」不能用在清单里；请删去它，只写文字、数字、列表和映射", m)

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        value = self.construct_scalar(node)
        if not node.style and node.tag == "tag:yaml.org,2002:str":  # plain: None in Python, "" in libyaml
            if _YAML11_BOOL.match(value):
                self.ambiguous += 1
                return Yaml11Bool(value)
            if _YAML11_DATE.match(value):
                self.ambiguous += 1
                return Yaml11Date(value)
        return value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = self.construct_scalar(node)
        if len(value) > MAX_INT_DIGITS:
            raise _Refused(
                "QD014",
                f"数字有 {len(value)} 位，超过 {MAX_INT_DIGITS} 位的上限；是编码或号码的，请加引号写成文字",
                node.start_mark,
            )
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = self.construct_scalar(node).lower()
        if value.endswith(".inf"):
            return float("-inf") if value.startswith("-") else float("inf")
        if value == ".nan":
            return float("nan")
        return float(value)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return self.construct_scalar(node).lower() == "true"


for _tag, _method in [
    ("str", _Constructor.construct_yaml_str),
    ("int", _Constructor.construct_yaml_int),
    ("float", _Constructor.construct_yaml_float),
    ("bool", _Constructor.construct_yaml_bool),
]:
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)
_Constructor.add_constructor("tag:yaml.org,2002:map", _Constructor.construct_yaml_map)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)
# bytes, sets and ordered pairs have no place in a list (and no JSON Schema type): refused as unknown tags
for _tag in ("binary", "set", "omap", "pairs"):
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _Constructor.construct_undefined)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


class SyntaxProblem(Exception):
    """The text is not a data file qingdan reads; a code (QD001 unless it says otherwise), a Chinese message
    and a 1-based position."""

    def __init__(self, message: str, line: int, column: int, code: str = "QD001") -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.code = message, line, column, code


@dataclass(frozen=True, slots=True)
class Parsed:
    data: Any
    duplicates: list[DuplicateKey]
    ambiguous: int  # how many Yaml11Bool / Yaml11Date values the data holds
    odd_keys: list[OddKey] = field(default_factory=list)


def parse(text: str) -> Parsed:
    """Return the plain data of one YAML document, with the duplicate and odd keys met on the way.

    Raises SyntaxProblem for anything that is not a single well-formed document, or that holds
    what a data file may not (anchors, aliases, tags, nesting or numbers beyond the limits).
    """
    if "&" in text:  # an alias needs an anchor, and an anchor an ampersand: most files skip the scan
        _refuse_anchors(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        _check_depth(node)
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        line, column = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else (0, 0)
        raise SyntaxProblem(exc.message, line, column, exc.code) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own limit, at 1,000 levels
            raise SyntaxProblem(_too_deep(), line, column, "QD014") from None
        at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
        raise SyntaxProblem(_syntax_message(exc, at), line, column) from None
    except yaml.YAMLError as exc:
        raise SyntaxProblem(f"YAML 无法解析：{excerpt(exc, 200)}", 0, 0) from None
    finally:
        loader.dispose()
    return Parsed(data, loader.duplicates, loader.ambiguous, loader.odd_keys)


def _refuse_anchors(text: str) -> None:
    """Refuse the first anchor (&name) or alias (*name): a few lines of them can expand to billions of values."""
    loader = _Loader(text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
                m = token.start_mark
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                raise SyntaxProblem(
                    f"用了锚点或别名「{sign}{excerpt(token.value)}」；清单文件不用锚点（&）和别名（*），"
                    "请把引用的内容照写一遍",
                    m.line + 1,
                    m.column + 1,
                    "QD013",
                )
    except yaml.YAMLError:
        return  # a syntax error: the parse that follows reports it where it is
    finally:
        loader.dispose()


def _check_depth(root: yaml.Node | None) -> None:
    """Refuse lists and mappings nested deeper than MAX_DEPTH, before any value is built from them."""
    level, depth = [root] if root is not None else [], 1
    while level:
        if depth > MAX_DEPTH:
            m = level[0].start_mark
            raise SyntaxProblem(_too_deep(), m.line + 1, m.column + 1, "QD014")
        below = []
        for node in level:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if not isinstance(key, yaml.ScalarNode):
                        below.append(key)
                    if not isinstance(value, yaml.ScalarNode):
                        below.append(value)
            elif isinstance(node, yaml.SequenceNode):
                below.extend(n for n in node.value if not isinstance(n, yaml.ScalarNode))
        level, depth = below, depth + 1


def _too_deep() -> str:
    return f"列表和映射嵌套超过 {MAX_DEPTH} 层的上限；清单文件不会嵌套这么深，请检查括号是否配对"


_HINTS = {
    "tab": "用了制表符（Tab）缩进，YAML 只允许空格",
    "another document": "一个文件只能有一个 YAML 文档，请删去多余的 ---",
    "single document": "一个文件只能有一个 YAML 文档，请删去多余的 ---",
    "cannot start any token": "这里的字符不能出现在开头（如 @、`、%），请给这段文字加引号",
    "mapping values are not allowed": "这里不能出现冒号，或缩进不对；含冒号的文字请加引号",
    "expected ',' or ']'": "方括号 [ ] 没有闭合，或缺少逗号",
    "expected ',' or '}'": "花括号 { } 没有闭合，或缺少逗号",
    "could not find expected ':'": "缺少冒号，或上一行的引号没有闭合",
    "did not find expected key": "缩进不对齐，或缺少键名",
    "did not find expected '-' indicator": "列表项的缩进不对齐",
    "undefined alias": "引用了未定义的锚点",
    "unknown escape character": "双引号里的反斜杠要写成 \\\\，或改用单引号",
    "unexpected end of stream": "文件意外结束，可能有未闭合的引号或括号",
}


def _syntax_message(exc: yaml.MarkedYAMLError, at: str) -> str:
    problem = (exc.problem or exc.context or "").strip()
    if at == "\t" or "tab" in problem:
        return f"YAML 语法错误：{_HINTS['tab']}"
    for needle, hint in _HINTS.items():
        if needle in problem:
            return f"YAML 语法错误：{hint}（{problem}）"
    return f"YAML 语法错误：{problem}"


@dataclass(slots=True)
class SourceFile:
    """One parsed file of a data set: its kind, plain data and source text."""

    file: str  # POSIX path relative to the data set root
    kind: str  # schema name, e.g. "matters"
    data: Any
    text: str
    ambiguous: int = 0  # plain scalars YAML 1.1 tools would read as booleans or dates
    _root: yaml.Node | None = field(default=None, repr=False)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int, int, Path_]:
        """Return (line, column, found) for a path into the data, 1-based.

        Walks as deep as the path exists and returns the deepest node found, so a
        missing property is located at the mapping that lacks it. With `key`, a
        mapping entry is located at its key rather than its value.
        """
        node, found = self._node(), ()
        if node is None:
            return 1, 1, ()
        mark = node.start_mark
        for step in path:
            child, key_node = _child(node, step)
            if child is None:
                break
            node, found = child, (*found, step)
            mark = (key_node if key and key_node is not None else child).start_mark
        return mark.line + 1, mark.column + 1, found

    def source_of(self, path: Path_) -> str | None:
        """Return the scalar exactly as written at `path`, or None if it is not a scalar."""
        node = self._node()
        for step in path:
            node, _ = _child(node, step)
            if node is None:
                return None
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def _node(self) -> yaml.Node | None:
        """Compose the source once, on the first request for a position."""
        if self._root is None:
            self._root = _compose(self.text)
        return self._root

    def line_text(self, line: int) -> str:
        """Return one 1-based line of the source, without its newline."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    if isinstance(node, yaml.MappingNode):
        match = None
        for key_node, value_node in node.value:  # the last duplicate wins, as in the data
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                match = (value_node, key_node)
        return match or (None, None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step], None
    return None, None


def pointer(path: Path_) -> str:
    """Render a path as a JSON path, e.g. $.matters[3].lead."""
    out = "$"
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else f".{step}"
    return out
