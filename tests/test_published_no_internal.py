"""Published output carries nothing internal: every format of every sample edition (and of a data set imported from
lists as counties publish them) is searched, every part of every Word and Excel package and every file of the site,
for every internal value the data set holds; the schemas, qingdan.disclosure and docs/render.md say the same."""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import EDITIONS, REPO, SAMPLES
from qingdan.disclosure import INTERNAL, PUBLISHED, SENTENCE, fields, internal, markdown
from qingdan.loader import load_dataset
from qingdan.model import DataSet
from qingdan.project import LAYOUT, MANIFEST, Project
from qingdan.render import FORMATS, environment, render_files
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet

FIXTURES = REPO / "tests" / "fixtures" / "import"
PUBLISHED_FORMATS = ["md", "html", "docx", "xlsx", "site"]
SCHEMAS = SchemaSet.load(shipped_dir("schemas"))
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TAG = re.compile(r"<[^>]+>")
# lists as counties publish them, with columns the import keeps in `extra` and 备注 it reads as `note`
IMPORTED = {
    "messy-matters.xlsx": ["-k", "matters"],
    "semantics-lists.xlsx": ["-k", "matters"],
    "messy-power-list.xlsx": ["-k", "power-list"],
    "messy-duty-list.csv": ["-k", "duty-list", "--township", "东城镇"],
    "duty-list-attachment.docx": ["-k", "duty-list", "--township", "东城镇"],
}


# -- the internal values of a data set, in the form a published file would print them --------------------------


def _leaves(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every scalar of a file's data with the keys above it (list indices left out)."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _leaves(child, (*path, str(key)))
    elif isinstance(value, list):
        for child in value:
            yield from _leaves(child, path)
    else:
        yield path, value


def _printed(path: tuple[str, ...], value: Any) -> list[str]:
    """The forms an internal value would take in a published file."""
    if isinstance(value, bool) or value is None:
        return []  # 是否征求意见 and the like: no text of their own
    if isinstance(value, int | float):
        if path[-1] == "actual":
            return [f"实有{value}", f"实有 {value}"]
        if path[-1] == "enforcement_certified":
            return [f"持执法证{value}", f"持执法证 {value}"]
        return []  # a bare number in `extra` could be any 序号
    text = str(value).strip()
    date = _DATE.match(text)
    if date:
        year, month, day = date.groups()
        return [text, f"{year}年{int(month)}月{int(day)}日"]
    return [text]


@dataclass(frozen=True)
class Origin:
    file: str
    path: tuple[str, ...]
    field: str  # the internal field the value is, or lies in: note, extra, admission, actual …


def internal_values(dataset: DataSet) -> tuple[dict[str, Origin], set[str]]:
    """{printed form: where it comes from} of every internal value of the data set, and the values left out: text
    that is also published (a 文号 an admission shares with a basis) or too short to stand for itself (备注「无」)."""
    public: list[str] = []
    found: dict[str, Origin] = {}
    for doc in dataset.documents:
        for path, value in _leaves(doc.data):
            field = internal(doc.kind, path)
            if field is None:
                if isinstance(value, str):
                    public.append(value)
                continue
            for text in _printed(path, value):
                found.setdefault(text, Origin(doc.file, path, field.key))
    corpus = "\n".join(public)
    left_out = {t for t, o in found.items() if t in corpus or (len(t) < 4 and o.field not in ("actual",))}
    return {t: o for t, o in found.items() if t not in left_out}, left_out


# -- what a published file says -------------------------------------------------------------------------------


def _texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """(part, text) for a file: each part of a Word or Excel package, else the file; markup as written, unescaped
    and with its tags taken out (a value split across runs or cells reads whole)."""
    if name.endswith((".docx", ".xlsx")):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = [(f"{name}!{p}", package.read(p)) for p in package.namelist()]
    else:
        parts = [(name, data)]
    for part, raw in parts:
        text = raw.decode("utf-8", errors="replace")
        plain = html.unescape(text)
        yield part, "\n".join((text, plain, _TAG.sub("", plain)))


def leaks(files: dict[str, bytes], values: dict[str, Origin]) -> list[tuple[str, str, Origin]]:
    """(part, value, where the value comes from) for every internal value found in the files."""
    out = []
    for name, data in sorted(files.items()):
        for part, text in _texts(name, data):
            out += [(part, value, where) for value, where in values.items() if value in text]
    return out


# -- the data sets ---------------------------------------------------------------------------------------------


def _dataset(root: Path) -> DataSet:
    return load_dataset(Project.discover(root))[0]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A fresh `init` data set with lists imported from the sheets and Word files counties publish."""
    from typer.testing import CliRunner

    from qingdan.cli import app

    root = tmp_path_factory.mktemp("imported") / "清河县" / "2025"
    runner = CliRunner()
    init = runner.invoke(
        app, ["init", str(root), "-s", "medium-2022", "--jurisdiction", "清河县", "--township", "东城镇"]
    )
    assert init.exit_code == 0, init.output
    for name, options in IMPORTED.items():
        result = runner.invoke(app, ["import", str(FIXTURES / name), *options, "-o", str(root)])
        assert result.exit_code in (0, 1), result.output  # 1: rows the import could not read, reported
    return root


def _root(edition: str, imported: Path) -> Path:
    return imported if edition == "imported" else SAMPLES / edition


def test_every_published_format_is_searched():
    # a PDF is the Word file converted by LibreOffice: searching the docx searches what it prints
    assert sorted(PUBLISHED_FORMATS) == sorted(set(FORMATS) - {"pdf"})


@pytest.mark.parametrize("fmt", PUBLISHED_FORMATS)
@pytest.mark.parametrize("edition", [*EDITIONS, "imported"])
def test_no_internal_value_is_in_any_published_file(edition, fmt, imported):
    dataset = _dataset(_root(edition, imported))
    values, _ = internal_values(dataset)
    files = render_files(dataset, fmt, environment(shipped_dir("templates")), epoch=0)
    assert files
    assert leaks(files, values) == []


@pytest.mark.parametrize("edition", [*EDITIONS, "imported"])
def test_every_data_set_searched_has_internal_values_of_each_kind(edition, imported):
    """The search above is not vacuous: each data set holds notes and more, and only a few values are left out."""
    dataset = _dataset(_root(edition, imported))
    values, left_out = internal_values(dataset)
    fields_ = {o.field for o in values.values()}
    if edition == "imported":
        assert {"note", "extra"} <= fields_  # what the import could not place, and the 备注 column
    else:
        assert {"note", "admission", "actual"} <= fields_  # notes, admission records, 实有
        assert {o.path[-1] for o in values.values() if o.field == "admission"} >= {"approved_by", "date"}
        assert "enforcement_certified" in fields_
    assert any(v.startswith("实有") for v in values) or edition == "imported"
    assert len(values) >= 10
    # the samples' internal texts are all their own; an imported sheet's extra columns hold words like 是, 否 and
    # department names its published columns also print
    assert left_out == set() or edition == "imported"


def test_the_editable_workbook_is_where_the_internal_values_are(imported):
    """The same search finds them in the workbooks made for the 编办's own editing: it reads every package part."""
    for root, expected in ((SAMPLES / "2025", {"note", "admission"}), (imported, {"note", "extra"})):
        dataset = _dataset(root)
        values, _ = internal_values(dataset)
        files = render_files(dataset, "xlsx", environment(shipped_dir("templates")), epoch=0, editable=True)
        assert expected <= {o.field for _, _, o in leaks(files, values)}, root


def test_the_site_search_data_holds_no_internal_value():
    """The JSON inside index.html and the township and department pages, by name (the search above covers all)."""
    dataset = _dataset(SAMPLES / "2025")
    values, _ = internal_values(dataset)
    files = render_files(dataset, "site", environment(shipped_dir("templates")), epoch=0)
    index = files["index.html"].decode("utf-8")
    data = re.search(r'<script id="search-data" type="application/json">(.*?)</script>', index, re.S)
    assert data and '"items"' in data.group(1)
    assert [v for v in values if v in data.group(1)] == []
    pages = {n: d for n, d in files.items() if n.startswith(("township-", "department-")) and "-view-" not in n}
    assert len(pages) == len(dataset.townships) + len(dataset.departments)
    assert leaks(pages, values) == []
    heping = files["township-heping.html"].decode("utf-8")
    assert "行政 核定8" in heping and "实有" not in _TAG.sub("", heping).replace("落实有序", "")


# -- the list, the schemas and the page agree ------------------------------------------------------------------


def _fields() -> Iterator[tuple[str, Any]]:
    for kind in SCHEMAS.kinds():
        for f in fields(SCHEMAS.bundled(kind)):
            yield kind, f


def test_every_internal_field_says_so_in_its_schema_and_no_published_one_does():
    said, unsaid = [], []
    for kind, f in _fields():
        field = internal(kind, f.path)
        inside = field is not None and internal(kind, f.path[:-1]) is not None
        if field is not None and not inside and SENTENCE not in f.description:
            unsaid.append((kind, ".".join(f.path)))
        if field is None and SENTENCE in f.description:
            said.append((kind, ".".join(f.path)))
    assert (unsaid, said) == ([], [])


def test_every_entry_of_the_list_names_fields_the_schemas_have():
    keys = {(kind, f.path) for kind, f in _fields()}
    for entry in INTERNAL:
        assert any(internal(kind, path) is entry for kind, path in keys), entry.key
    assert set(PUBLISHED) <= keys


def test_the_internal_fields_are_the_ones_the_domain_names():
    paths = {(kind, ".".join(f.path)) for kind, f in _fields() if internal(kind, f.path)}
    assert {
        ("matters", "matters.note"),
        ("matters", "matters.extra"),
        ("matters", "matters.admission"),
        ("matters", "matters.admission.approved_by"),
        ("township", "offices.staffing.administrative.actual"),
        ("township", "stationed_units.staffing.institutional.actual"),
        ("township", "offices.staffing.enforcement_certified"),
        ("edition", "settings"),
    } <= paths
    published = {(kind, ".".join(f.path)) for kind, f in _fields() if not internal(kind, f.path)}
    assert {
        ("edition", "publication.note"),  # the 公文's 附注 is printed
        ("township", "offices.staffing.administrative.approved"),  # 核定 is
        ("township", "offices.staffing.middle_posts"),
        ("departments", "departments.contact.phone"),
        ("matters", "matters.contact.name"),
        ("powers", "powers.withdrawn.reason"),
    } <= published


def test_docs_table_of_published_and_internal_fields_is_generated(golden):
    page = REPO / "docs" / "render.md"
    text = page.read_text(encoding="utf-8")
    start, end = "<!-- disclosure:start -->\n", "<!-- disclosure:end -->\n"
    head, found, rest = text.partition(start)
    assert found and end in rest, "docs/render.md has lost the markers of its table of fields"
    files = {"edition": MANIFEST, **{kind: patterns[0] for kind, patterns in LAYOUT.items()}}
    table = markdown({kind: SCHEMAS.bundled(kind) for kind in SCHEMAS.kinds()}, files)
    golden(page, head + start + table + end + rest.partition(end)[2])


def test_editable_is_a_choice_of_formats_that_have_an_internal_copy(run_cli, tmp_path):
    assert [name for name, f in FORMATS.items() if f.editable is not None] == ["xlsx"]
    out = tmp_path / "out"
    result = run_cli("render", str(SAMPLES / "2025"), "--to", "md", "--editable", "-o", str(out))
    assert (result.exit_code, "--editable 只能和 --to xlsx 一起用" in result.stderr, out.exists()) == (2, True, False)
