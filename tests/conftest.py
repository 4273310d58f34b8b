"""Shared fixtures: a data set written from inline YAML, and the CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qingdan.cli import app
from qingdan.findings import Finding
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet
from qingdan.validate import validate

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "lists" / "qinglan"
EDITIONS = ("2019", "2022", "2025")

MANIFEST = """\
format: 1
jurisdiction: {name: 测试市}
authority: 测试市委编办
document_number: 测编〔2022〕1号
effective_date: "2022-07-01"
version: "2022"
"""
DEPARTMENTS = """\
departments:
  - {id: agriculture, name: 测试市农业农村局}
  - {id: natural-resources, name: 测试市自然资源和规划局}
  - {id: housing, name: 测试市住房和城乡建设局}
"""
STRUCTURES = """\
structures:
  - id: medium
    name: 八办一队一中心一站
    limit: 11
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
"""
TOWNSHIP = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
  - id: economic-office
    role: economic-office
    name: 经济发展办公室
    kind: party-government
    counterparts: [agriculture]
    staffing: {administrative: {approved: 5, actual: 5}}
  - id: enforcement-brigade
    role: enforcement-brigade
    name: 综合行政执法大队
    kind: public-institution
    staffing: {institutional: {approved: 8, actual: 8}, enforcement_certified: 4}
leaders:
  - {id: head, name: 王一, post: 镇长, oversees: [economic-office]}
  - {id: deputy, name: 李二, post: 副镇长, oversees: [enforcement-brigade]}
"""
DUTIES = """\
areas:
  - {id: economy, name: 经济发展}
  - {id: enforcement, name: 综合执法}
duties:
  - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
  - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
"""
# A minimal data set that every rule passes; tests and rule examples overlay files on it.
BASE = {
    "qingdan.yaml": MANIFEST,
    "departments.yaml": DEPARTMENTS,
    "structures.yaml": STRUCTURES,
    "townships/heping.yaml": TOWNSHIP,
    "duties.yaml": DUTIES,
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite the expected files of golden tests from current output"
    )


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory, monkeypatch):
    """Each test gets an empty cache folder, so no test reads what another (or the user) left in one."""
    monkeypatch.setenv("QINGDAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def golden(request):
    """Compare text with an expected file byte for byte; --update-goldens rewrites the file."""

    updating = request.config.getoption("--update-goldens")

    def compare(expected: Path, actual: str) -> None:
        if updating:
            expected.parent.mkdir(parents=True, exist_ok=True)
            expected.write_text(actual, encoding="utf-8", newline="")
        assert expected.is_file(), f"{expected} is missing: run pytest --update-goldens"
        assert actual == expected.read_text(encoding="utf-8")

    compare.updating = updating  # type: ignore[attr-defined]
    return compare


def write_project(root: Path, files: dict[str, str | bytes], *, base: bool = True) -> Path:
    """Write a data set: the minimal valid base (unless base=False) overlaid with `files`."""
    for rel, content in ({**BASE, **files} if base else files).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def check(root: Path) -> list[Finding]:
    """Load and validate the data set at `root` with the shipped schemas."""
    dataset, loaded = load_dataset(Project.discover(root))
    return validate(dataset, SchemaSet.load(shipped_dir("schemas")), loaded)


@pytest.fixture
def make_project(tmp_path: Path):
    def make(files: dict[str, str | bytes], *, base: bool = True) -> Path:
        return write_project(tmp_path / "data", files, base=base)

    return make


@pytest.fixture
def run_cli():
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


def fill_placeholders(root: Path, jurisdiction: str = "青岚市", township: str = "鹤坪镇") -> None:
    """Do what the comments of an init data set ask, in its data lines (comments stay as init wrote them):
    names for 待填, the county and the township for 示例县 and 示例镇, a 文号 for XX号, own ids for example- ones."""
    names = iter(f"{s}{g}" for s in "王李张刘陈杨赵黄周吴" for g in "一二三四五六七八九")
    for path in root.rglob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for n, line in enumerate(lines):
            if line.lstrip().startswith("#"):
                continue
            line = line.replace("示例县", jurisdiction).replace("示例镇", township).replace("示例", township[:-1])
            line = line.replace("〕XX号", "〕3号").replace("id: example-", "id: ")
            lines[n] = line.replace("name: 待填", f"name: {next(names)}") if "name: 待填" in line else line
        path.write_text("".join(lines), encoding="utf-8")
