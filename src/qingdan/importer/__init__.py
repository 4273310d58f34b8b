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
from qingdan.importer.headers import KINDS as LIST_KINDS
from qingdan.importer.headers import parse_map
from qingdan.importer.read import guard, read_source
from qingdan.importer.result import ImportResult
from qingdan.importer.write import NO_DEPARTMENTS
from qingdan.model import DataSet
from qingdan.xlsx_contract import DERIVED, SOURCES


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
    roots = guard(file)
    if add_departments:
        new_departments.departments_file(dataset)  # nowhere to add them: say so before reading
    if file.suffix.lower() == ".xlsx" and workbook.is_rendered(file):
        result = workbook.read(file, dataset, sheet, roots=roots)
        if add_departments:
            result.notes.append("qingdan render 生成的表格按原标识读回，--add-departments 不加部门")
        return result
    published = workbook.published_kind(file) if file.suffix.lower() == ".xlsx" else None
    if published is not None:
        kind = kind or _published_source(file, published)
    if kind is None:
        raise QingdanError("请用 --kind 指明清单类别：matters、duties、powers、power-list、duty-list")
    overrides = parse_map(list(mapping), messy.kind_name(kind))
    result = messy.read(
        read_source(file, roots),
        kind,
        dataset,
        sheet=sheet,
        township=township,
        overrides=overrides,
        add_departments=add_departments,
    )
    if dataset is None or not (dataset.departments or add_departments):
        result.notes.append(NO_DEPARTMENTS)
    if published is not None:
        result.notes.append(PUBLISHED_NOTE.format(name=file.name))
    return result


PUBLISHED_NOTE = (
    "「{name}」是 qingdan render 生成的公开发布版，只有看得到的表格，没有标识和内部字段，按普通表格读入："
    "标识按名称重新生成，备注、其他列、准入记录、实有人数等内部字段没有读回；"
    "要无损读回，请导入 qingdan render --to xlsx --editable 生成的工作簿"
)


def _published_source(file: Path, document: str) -> str:
    """The kind of list a published workbook of `document` reads as; a QingdanError for one that is no list."""
    if document in DERIVED:
        raise QingdanError(
            f"「{file.name}」是部门视角的履行职责事项，由各乡镇的履行职责事项清单汇总生成，不是清单原件，不能导入；"
            "请导入各乡镇的履行职责事项清单"
        )
    source = SOURCES.get(document)
    if source is None or source.kind not in LIST_KINDS:
        raise QingdanError(
            f"「{file.name}」是 qingdan render 生成的公开发布版，这种文件不能按普通表格导入；"
            "请导入 qingdan render --to xlsx --editable 生成的工作簿"
        )
    return source.kind
