"""Nothing lost from a published list to the documents qingdan publishes from it: a list as counties publish it
(Word attachment, .xls, .ods, a sheet of citations) is imported into a fresh data set, settled with
`validate --fix`, rendered to Word and Excel, and every run of Chinese, letters or digits in every cell of a
published column is in the rendered text. Party cells are checked by meaning (a department's published name for
what the cell wrote), and the columns that stay internal (备注-like extra columns) are left out on purpose."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from conftest import REPO
from qingdan.importer import cells
from qingdan.importer.headers import EXTRA, SEQ, find_header, header_at
from qingdan.importer.read import read_source
from qingdan.loader import load_dataset
from qingdan.project import Project

FIXTURES = REPO / "tests" / "fixtures" / "import"
LISTS = {
    "duty-list-attachment.docx": ("duty-list", ["--township", "东城镇"]),
    "matters-old.xls": ("matters", []),
    "matters-old.ods": ("matters", []),
    "citations.xlsx": ("matters", []),
}
# fields whose cells are printed as written (after the documented clean-up); parties and offices are ids
# printed as names, checked apart; `extra` and `note` are not published
TEXT_FIELDS = {
    "name",
    "category",
    "domain",
    "department_duties",
    "township_duties",
    "department_duty",
    "township_duty",
    "basis",
    "working_method",
    "contact",
}
PARTY_FIELDS = {"lead", "supporting", "department", "receiving_department"}
_RUN = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
_NUMBERING = re.compile(r"^\s*(?:\d+[.、．]|[（(]\d+[）)]|[①-⑳])")


def _word_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _excel_text(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """Each list imported into its own fresh data set, fixed, and rendered as Word and Excel."""
    from typer.testing import CliRunner

    from qingdan.cli import app

    runner = CliRunner()
    out = {}
    for name, (kind, options) in LISTS.items():
        root = tmp_path_factory.mktemp(name.replace(".", "-")) / "data"
        assert (
            runner.invoke(
                app, ["init", str(root), "-s", "medium-2022", "--jurisdiction", "清河县", "--township", "东城镇"]
            ).exit_code
            == 0
        )
        result = runner.invoke(app, ["import", str(FIXTURES / name), "-k", kind, *options, "-o", str(root)])
        assert result.exit_code == 0, result.output
        runner.invoke(app, ["validate", str(root), "--fix"])
        texts = []
        for fmt, read in (("docx", _word_text), ("xlsx", _excel_text)):
            target = root.parent / fmt
            # the decisions validate leaves and init's placeholders make it a draft, which prints every cell all the same
            result = runner.invoke(app, ["render", str(root), "--to", fmt, "-o", str(target), "--allow-errors"])
            assert result.exit_code == 0, result.output
            texts.append({p.name: read(p) for p in sorted(target.glob(f"*.{fmt}"))})
        out[name] = (root, *texts)
    return out


def _cells(name: str, kind: str):
    """(field, text) of every data cell of a published column of the list."""
    for grid in read_source(FIXTURES / name).grids:
        header = find_header(grid, 1, kind)
        if header is None:
            continue
        fields = {c.index: c.field for c in header.columns}
        for r, row in enumerate(grid.cells, start=1):
            if r <= header.last or header_at(grid, r, kind) is not None:
                continue  # the title rows above the header are the source's own title and 文号: YAML comments
            for c, text in enumerate(row, start=1):
                merge = grid.merge(r, c)
                if (merge is not None and (merge.top, merge.left) != (r, c)) or not text.strip():
                    continue
                field = fields.get(c)
                if merge is not None and merge.width > 1:
                    field = "category"  # a group row spanning the table: the category or domain
                if field in (SEQ, EXTRA, None):
                    continue
                yield field, text


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_every_published_cell_is_in_the_rendered_documents(name, fmt, published):
    kind, _ = LISTS[name]
    root, word, excel = published[name]
    rendered = cells.fingerprint("".join((word if fmt == "docx" else excel).values()))
    dataset, _ = load_dataset(Project.discover(root))
    checked, missing = 0, []
    for field, text in _cells(name, kind):
        if field in TEXT_FIELDS:
            if field == "category":
                text = cells.group_title(text) if cells.has_group_number(text) else text
            lines = [_NUMBERING.sub("", line) for line in text.splitlines()]
            for run in _RUN.findall("".join(cells._fold(ch) for ch in "\n".join(lines))):
                checked += 1
                if run not in rendered:
                    missing.append((field, run))
        elif field in PARTY_FIELDS:
            # the cell's departments are printed by the names the department list gives them
            for party in re.split(r"[、，,/；;\n]+", text):
                dept = next((d for d in dataset.departments if party.strip() and _same(party, d.name)), None)
                if dept is not None:
                    checked += 1
                    if (
                        cells.fingerprint(dept.short_name or dept.name) not in rendered
                        and cells.fingerprint(dept.name) not in rendered
                    ):
                        missing.append((field, party))
    assert checked > 20  # the check looked at the lists' cells, not at an empty table
    assert missing == []


def _same(written: str, name: str) -> bool:
    """市农业农村局 and 清河县农业农村局 are one department (the import matched it the same way)."""
    strip = re.compile(r"^(?:[\u3400-\u9fff]{1,6}?[县市区])?")
    return strip.sub("", cells.fingerprint(written)) == strip.sub("", cells.fingerprint(name))
