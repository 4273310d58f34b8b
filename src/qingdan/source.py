"""YAML text to plain data through libyaml, and file positions recovered on demand.

Parsing is the whole cost of loading a province-scale data set, so documents are read
once through the C parser into plain dicts and lists with no position bookkeeping. When a
finding needs a line and column, `SourceFile.locate` composes that one file again (still in
C) and walks the node tree; files without findings are never composed twice.

Scalars follow the YAML 1.2 core schema (what the editor extension and check-jsonschema
use). Values that other YAML 1.1 tools would read differently — a plain `no`, a plain
`2022-06-30` — stay strings but are tagged so that QD005 can warn about them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

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


class _Constructor(yaml.constructor.SafeConstructor):
    """Plain Python values; records duplicate keys instead of silently keeping the last."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[DuplicateKey] = []
        self.ambiguous = 0  # plain scalars that YAML 1.1 tools read differently

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        first: dict[Any, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                seen = key in mapping
            except TypeError as exc:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "键不能是列表或映射", key_node.start_mark
                ) from exc
            if seen:
                m = key_node.start_mark
                self.duplicates.append(DuplicateKey(str(key), m.line + 1, m.column + 1, first[key].start_mark.line + 1))
            else:
                first[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

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


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


class SyntaxProblem(Exception):
    """The text is not YAML; carries a Chinese message and a 1-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True, slots=True)
class Parsed:
    data: Any
    duplicates: list[DuplicateKey]
    ambiguous: int  # how many Yaml11Bool / Yaml11Date values the data holds


def parse(text: str) -> Parsed:
    """Return the plain data of one YAML document, with the duplicate keys met on the way.

    Raises SyntaxProblem for anything that is not a single well-formed document.
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
        raise SyntaxProblem(_syntax_message(exc, at), line, column) from None
    except yaml.YAMLError as exc:
        raise SyntaxProblem(f"YAML 无法解析：{exc}", 0, 0) from None
    finally:
        loader.dispose()
    return Parsed(data, loader.duplicates, loader.ambiguous)


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
