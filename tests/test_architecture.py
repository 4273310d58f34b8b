"""The layers of docs/architecture.md, held against the code: no import cycles, every module imports on its own,
and the pure core stays apart from the terminal, the disk and the command line."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SRC = REPO / "src"
PACKAGE = SRC / "qingdan"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The qingdan modules a module imports, at the top or inside a function (an import put inside a function
    to dodge a cycle is still a cycle), except under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
            elif isinstance(node, ast.If) and _type_checking(node.test):
                visit(node.orelse)
            else:
                visit([child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)])

    visit(tree.body)
    return {m for m in found if m in MODULES and m != name}


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_every_module_imports_on_its_own():
    """Each module in a fresh set of qingdan modules, as a user's first import would meet it (but __main__,
    which runs the command line)."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {sorted(set(MODULES) - {'qingdan.__main__'})!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'qingdan' or m.startswith('qingdan.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300)
    assert result.stdout.strip() == ""


def _importers_of(prefixes: tuple[str, ...]) -> set[str]:
    """Modules that import any module under the given prefixes, or the third-party names given."""
    hits = set()
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(n == p or n.startswith(p + ".") for n in names for p in prefixes):
                hits.add(name)
    return hits


def _under(modules: set[str], *allowed: str) -> set[str]:
    return {m for m in modules if not any(m == a or m.startswith(a + ".") for a in allowed)}


def test_only_the_reporters_and_the_command_line_talk_to_the_terminal():
    assert _under(_importers_of(("rich",)), "qingdan.report", "qingdan.cli") == set()
    assert _under(_importers_of(("typer", "click")), "qingdan.cli", "qingdan.completion") == set()


def test_nothing_imports_the_command_line():
    assert _under(_importers_of(("qingdan.cli",)), "qingdan.__main__") == set()


@pytest.mark.parametrize(
    "core",
    [
        "qingdan.model",
        "qingdan.labels",
        "qingdan.rules",
        "qingdan.diff",
        "qingdan.stats",
        "qingdan.who",
        "qingdan.terms",
    ],
)
def test_the_pure_core_touches_no_disk_no_output_and_no_command_line(core):
    """Model, rules, diff, stats, who and terms take records and return values (STYLE.md): they import none of the
    loaders, writers, reporters, renderers or the command line."""
    io_layers = (
        "qingdan.loader",
        "qingdan.files",
        "qingdan.gitsource",
        "qingdan.report",
        "qingdan.render",
        "qingdan.importer",
        "qingdan.cli",
    )
    inside = {m for m in MODULES if m == core or m.startswith(core + ".")}
    assert inside, core
    offenders = {m: sorted(GRAPH[m] & set(_prefixed(io_layers))) for m in inside}
    assert {m: v for m, v in offenders.items() if v} == {}


def _prefixed(prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in MODULES if any(m == p or m.startswith(p + ".") for p in prefixes)]


MAP = REPO / "docs" / "architecture.md"


def test_the_map_names_only_modules_that_exist_and_every_top_level_one():
    """docs/architecture.md stays true when code moves: each `x.py` or `x/` it names exists under src/qingdan
    (or, for tests/, benchmarks/ and the like, under the repository), and every top-level module and package of src/qingdan is on it."""
    text = MAP.read_text(encoding="utf-8")
    named = {n for n in re.findall(r"`([\w/<>.-]+(?:\.py|/))`", text) if "<" not in n}
    missing = sorted(n for n in named if not (PACKAGE / n).exists() and not (REPO / n).exists())
    assert missing == []
    top = {p.name + ("/" if p.is_dir() else "") for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    top = {t for t in top if t.endswith((".py", "/")) and t not in ("__init__.py",)}
    assert sorted(t for t in top if f"`{t}`" not in text) == []
