"""The JSON Schemas: load them once, check each document, explain violations in Chinese.

Valid documents, the common case, are checked by a validator that fastjsonschema
compiles to Python code (about 12x faster than jsonschema on the benchmark corpus);
only a document that fails is checked again by jsonschema, which lists every error
with its path for the findings.

A violation is QD004 with its JSON path and line:column. A type error where a string
was expected and YAML produced a number, boolean or nothing is QD005 instead: the
value was typed correctly but YAML read it as something else (an unquoted phone
number loses its leading zero). Plain yes/no and dates, which stay strings here but
not in YAML 1.1 tools, are QD005 warnings.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError, ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from qingdan.errors import QingdanError
from qingdan.findings import Finding, Fix, Severity
from qingdan.source import Path_, SourceFile, Yaml11Bool, Yaml11Date, pointer
from qingdan.text import excerpt

SUFFIX = ".schema.json"
COMMON = "common"
# what people may type for a kind, e.g. `qingdan schema matter`
ALIASES = {
    "manifest": "edition",
    "qingdan": "edition",
    "department": "departments",
    "structure": "structures",
    "townships": "township",
    "matter": "matters",
    "duty": "duties",
    "power": "powers",
    "power-lists": "power-list",
    "case": "cases",
    "duty-lists": "duty-list",
}


@dataclass(frozen=True, slots=True)
class SchemaSet:
    """Every schema of a folder, checked and registered so relative $refs resolve offline."""

    folder: Path
    schemas: dict[str, dict[str, Any]]
    validators: dict[str, Draft7Validator]
    _fast: dict[str, Callable[[Any], Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path) -> SchemaSet:
        schemas: dict[str, dict[str, Any]] = {}
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
                Draft7Validator.check_schema(schema)
            except (OSError, ValueError, SchemaError) as exc:
                raise QingdanError(f"模式文件「{path.name}」无效：{_first_line(exc)}") from None
            schemas[path.name[: -len(SUFFIX)]] = schema
        if not schemas:
            raise QingdanError(f"「{folder}」中没有 *{SUFFIX} 模式文件")
        uris = {kind: (folder / f"{kind}{SUFFIX}").resolve().as_uri() for kind in schemas}
        registry: Registry = Registry().with_resources(
            (uris[kind], Resource.from_contents(end_anchored(schema), default_specification=DRAFT7))
            for kind, schema in schemas.items()
        )
        validators = {
            kind: Draft7Validator(
                {"$ref": uris[kind]}, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER
            )
            for kind in schemas
            if kind != COMMON
        }
        return cls(folder, schemas, validators)

    def kinds(self) -> list[str]:
        return sorted(k for k in self.schemas if k != COMMON)

    def resolve_kind(self, name: str) -> str:
        kind = ALIASES.get(name, name)
        if kind not in self.schemas:
            raise QingdanError(f"没有「{name}」这类文件；可选：{'、'.join(self.kinds())}")
        return kind

    def bundled(self, kind: str) -> dict[str, Any]:
        """Return one schema standing alone: the common definitions inlined, refs made local."""
        schema = json.loads(json.dumps(self.schemas[kind]))
        if kind == COMMON:
            return schema
        prefix = f"{COMMON}{SUFFIX}#/definitions/"
        definitions = json.loads(json.dumps(self.schemas[COMMON].get("definitions", {})))

        def rewrite(node: Any) -> Any:
            if isinstance(node, dict):
                return {
                    k: "#/definitions/" + v[len(prefix) :] if k == "$ref" and v.startswith(prefix) else rewrite(v)
                    for k, v in node.items()
                }
            return [rewrite(v) for v in node] if isinstance(node, list) else node

        out = rewrite(schema)
        out["definitions"] = {**definitions, **out.get("definitions", {})}
        return out

    def check(self, doc: SourceFile) -> list[Finding]:
        """Return the schema findings of one document."""
        validator = self.validators.get(doc.kind)
        if validator is None:
            return []
        findings = []
        if not self._valid(doc):
            findings = [f for error in validator.iter_errors(doc.data) for f in _explain(doc, error)]
        if doc.ambiguous:
            findings.extend(_ambiguous(doc, doc.data, ()))
        return findings

    def _valid(self, doc: SourceFile) -> bool:
        fast = self._fast.get(doc.kind)
        if fast is None:
            fast = self._fast[doc.kind] = fastjsonschema.compile(self.bundled(doc.kind))
        try:
            fast(doc.data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def end_anchored(node: Any) -> Any:
    """A copy of a schema whose patterns end only at the end of the text, as JSON Schema means them.

    A JSON Schema pattern is an ECMA-262 regular expression, where `$` is the end of the text;
    jsonschema runs it with Python's `re.search`, where `$` also matches before a final newline, so
    that an id "agriculture\\n" would pass "^[a-z0-9][a-z0-9.-]*$". Each bare `$` becomes `\\Z`
    (fastjsonschema, the fast path, does the same of itself).
    """
    if isinstance(node, dict):
        return {
            k: _end_of_text(v)
            if k == "pattern" and isinstance(v, str)
            else {_end_of_text(p): end_anchored(s) for p, s in v.items()}
            if k == "patternProperties" and isinstance(v, dict)
            else end_anchored(v)
            for k, v in node.items()
        }
    return [end_anchored(v) for v in node] if isinstance(node, list) else node


def _end_of_text(pattern: str) -> str:
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "$":
            c = "\\Z"
        out.append(c)
        i += 1
    return "".join(out)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_TYPES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表",
    "object": "映射（键: 值）",
    "null": "空值",
}


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int):
        return f"整数 {excerpt(value)}"
    if isinstance(value, float):
        return f"小数 {value}"
    if isinstance(value, str):
        return f"文字「{excerpt(value)}」"
    return _TYPES["array" if isinstance(value, list) else "object"]


def _title(error: ValidationError) -> str:
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if title:
        return str(title)
    names = [p for p in error.absolute_path if isinstance(p, str)]
    return f"「{names[-1]}」" if names else "文件"


def _finding(
    doc: SourceFile, path: Path_, code: str, message: str, *, key: bool = False, severity=Severity.ERROR, fix=None
):
    line, column, _ = doc.locate(path, key=key)
    name = "schema" if code == "QD004" else "implicit-type"
    return Finding(doc.file, line, column, code, message, severity, name, pointer(path), fix=fix)


def _quote(doc: SourceFile, path: Path_, value: Any, written: str | None) -> Fix | None:
    """QD005's fix: the scalar as written, as a string (written back in double quotes)."""
    return Fix(doc.file, path, value, written) if written is not None else None


def _explain(doc: SourceFile, error: ValidationError) -> Iterator[Finding]:
    path: Path_ = tuple(error.absolute_path)
    title, kw, value = _title(error), error.validator, error.validator_value
    inst = error.instance
    if kw in ("oneOf", "anyOf") and error.context:
        yield from _explain(doc, best_match(error.context))
        return
    if kw == "type":
        expected = [value] if isinstance(value, str) else list(value)
        if "string" in expected and isinstance(inst, int | float | bool):
            source = doc.source_of(path)
            written = source or str(inst)
            lost = "，开头的 0 会丢失" if written.lstrip("+-").startswith("0") and isinstance(inst, int) else ""
            yield _finding(
                doc,
                path,
                "QD005",
                f'{title}「{excerpt(written)}」没有加引号，被 YAML 读成了{_describe(inst)}{lost}；请写成 "{excerpt(written)}"',
                fix=_quote(doc, path, inst, source),
            )
            return
        wanted = "或".join(_TYPES.get(t, t) for t in expected)
        yield _finding(doc, path, "QD004", f"{title}应为{wanted}，实际是{_describe(inst)}")
        return
    if kw == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        prop = error.schema.get("properties", {}).get(missing, {}).get("title", "")
        label = f"「{missing}」（{prop}）" if prop else f"「{missing}」"
        yield _finding(doc, path, "QD004", f"{title}缺少必填字段{label}")
        return
    if kw == "additionalProperties" and isinstance(inst, dict):
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(k for k in inst if k not in allowed):
            close = difflib.get_close_matches(str(extra), allowed, n=1)
            hint = f"，是不是「{close[0]}」？" if close else f"；允许的字段：{'、'.join(allowed)}"
            yield _finding(doc, (*path, extra), "QD004", f"{title}中有未知字段「{excerpt(extra)}」{hint}", key=True)
        return
    messages = {
        "enum": lambda: f"{title}的取值「{excerpt(inst)}」不在允许范围内，可选：{'、'.join(map(str, value))}",
        "pattern": lambda: f"{title}「{excerpt(inst)}」格式不对：{error.schema.get('description', value)}",
        "minLength": lambda: f"{title}不能为空",
        "maxLength": lambda: f"{title}太长，最多 {value} 个字符",
        "minItems": lambda: f"{title}至少要有 {value} 项",
        "uniqueItems": lambda: f"{title}中有重复项",
        "minimum": lambda: f"{title}不能小于 {value}，实际是 {excerpt(inst)}",
        "format": lambda: f"{title}「{excerpt(inst)}」不是有效的{'日期' if value == 'date' else value}",
    }
    explain = messages.get(kw)
    yield _finding(doc, path, "QD004", explain() if explain else f"{title}不符合要求：{error.message}")


def _ambiguous(doc: SourceFile, value: Any, path: Path_) -> Iterator[Finding]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _ambiguous(doc, v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _ambiguous(doc, v, (*path, i))
    elif isinstance(value, Yaml11Bool):
        yield _finding(
            doc,
            path,
            "QD005",
            f"「{excerpt(value)}」没有加引号：qingdan 读作文字，但 Excel 导入工具等 YAML 1.1 程序会读成布尔值；请加引号",
            severity=Severity.WARNING,
            fix=_quote(doc, path, str(value), str(value)),
        )
    elif isinstance(value, Yaml11Date):
        yield _finding(
            doc,
            path,
            "QD005",
            f'日期「{excerpt(value)}」没有加引号：qingdan 读作文字，但不少 YAML 程序会读成日期类型；请写成 "{excerpt(value)}"',
            severity=Severity.WARNING,
            fix=_quote(doc, path, str(value), str(value)),
        )
