"""qingdan imports only what it declares: a package that merely happens to be installed in the
development environment (click arrives with check-jsonschema) would break a plain `pip install .`."""

from __future__ import annotations

import ast
import sys
import tomllib

from conftest import REPO

# the import name of each distribution in [project] dependencies
IMPORT_NAMES = {
    "typer": "typer",
    "rich": "rich",
    "PyYAML": "yaml",
    "jsonschema": "jsonschema",
    "fastjsonschema": "fastjsonschema",
    "jinja2": "jinja2",
    "python-docx": "docx",
    "openpyxl": "openpyxl",
    "referencing": "referencing",
    "ruamel.yaml": "ruamel",
    "pypinyin": "pypinyin",
    "markupsafe": "markupsafe",
    "lxml": "lxml",
    "python-calamine": "python_calamine",
    "defusedxml": "defusedxml",
}


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].split("<")[0].strip() for dep in project["dependencies"]}
    assert names == set(IMPORT_NAMES), "a dependency changed: update IMPORT_NAMES"
    return set(IMPORT_NAMES.values())


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_the_package_imports_only_the_standard_library_itself_and_declared_dependencies():
    allowed = _declared() | set(sys.stdlib_module_names) | {"qingdan"}
    strays = {
        f"{path.relative_to(REPO)}: {name}"
        for path in sorted((REPO / "src" / "qingdan").rglob("*.py"))
        for name in _imports(path) - allowed
    }
    assert strays == set()
