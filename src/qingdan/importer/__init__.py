"""qingdan import: turn the Excel, WPS, Word and CSV lists people already have into the YAML of a data set.

`read` is the one entry point: a workbook `qingdan render --to xlsx` wrote reads back exactly
(qingdan.importer.workbook); any other file (.xlsx, .xls, .et, .ods, the tables of a .docx, .csv)
is read into grids (qingdan.importer.read, qingdan.importer.word) as people make them
(qingdan.importer.messy).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qingdan.errors import QingdanError
from qingdan.importer import messy, new_departments, workbook
from qingdan.importer.headers import parse_map
from qingdan.importer.read import guard, read_source
from qingdan.importer.result import ImportResult
from qingdan.importer.write import NO_DEPARTMENTS
from qingdan.model import DataSet


def read(
    file: Path,
    kind: str | None = None,
    *,
    dataset: DataSet | None = None,
    sheet: str | None = None,
    township: str | None = None,
    mapping: Sequence[str] = (),
    add_departments: bool = False,
) -> ImportResult:
    """Read one spreadsheet, Word document or CSV file into the files of a data set.

    A rendered workbook carries its own kind, ids and names, so `kind`, `township` and
    `mapping` (the --map specs, 列名=字段) only apply to other files, which need a `kind`.
    `dataset`, when given, resolves the department and office names the cells use; with
    `add_departments`, the names it lacks are collected for its departments.yaml
    (`new_departments.update` makes the new text).
    """
    guard(file)
    if add_departments:
        new_departments.departments_file(dataset)  # nowhere to add them: say so before reading
    if file.suffix.lower() == ".xlsx" and workbook.is_rendered(file):
        result = workbook.read(file, dataset, sheet)
        if add_departments:
            result.notes.append("qingdan render 生成的表格按原标识读回，--add-departments 不加部门")
        return result
    if kind is None:
        raise QingdanError("请用 --kind 指明清单类别：matters、duties、powers、power-list、duty-list")
    overrides = parse_map(list(mapping), messy.kind_name(kind))
    result = messy.read(
        read_source(file),
        kind,
        dataset,
        sheet=sheet,
        township=township,
        overrides=overrides,
        add_departments=add_departments,
    )
    if dataset is None or not (dataset.departments or add_departments):
        result.notes.append(NO_DEPARTMENTS)
    return result
