"""Excel output: one workbook per document, one sheet per table, laid out for print.

A sheet is the document title (row 1), the issuing details (row 2), the header row (row 3,
frozen and repeated on every printed page), then the rows, each group (domain, area,
category) as one merged row above its own. Group rows are the only merged rows in the table.

`write` makes the workbook that is published: the visible tables and nothing else, so no
internal field (qingdan.disclosure) is anywhere in the package. `write_editable`
(`render --to xlsx --editable`) makes the 编办's own working copy, which `qingdan import`
reads back without loss: after the visible columns a hidden column 「标识」 with the id of
the record each row shows, then one hidden column per record field the visible cells do not
carry exactly (headed by the field key), and a very hidden sheet 「qingdan」 with what no row
shows: the source files, their top-level data and key order, the groups, the names the cells
were written with. It carries internal fields, so every sheet says so in row 2 and in the
page header, and its tabs are red. What the hidden parts hold and how they read back is
qingdan.xlsx_contract; this module only writes the workbook.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from typing import Any

from jinja2 import Environment
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from qingdan.model import DataSet
from qingdan.render._ooxml import core_time, reproducible_zip
from qingdan.render.documents import Column, Document, Part, Table
from qingdan.render.templates import render_template, safe_stem
from qingdan.text import xml_safe
from qingdan.xlsx_contract import (
    CREATOR,
    HEADER_ROW,
    ID_HEADER,
    META_ROW,
    META_SHEET,
    TITLE_ROW,
    HiddenColumns,
    carry,
    cell_text,
    encode,
    meta_rows,
)

_FONT = "宋体"
_TITLE = Font(name=_FONT, charset=134, size=16, bold=True)
_META = Font(name=_FONT, charset=134, size=11)
_HEAD = Font(name=_FONT, charset=134, size=11, bold=True)
_BODY = Font(name=_FONT, charset=134, size=11)
_GROUP = Font(name=_FONT, charset=134, size=11, bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
_TOP_CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_GROUP_ALIGN = Alignment(horizontal="left", vertical="center", wrap_text=True)
_INTERNAL_FONT = Font(name=_FONT, charset=134, size=11, bold=True, color="C00000")
_INTERNAL_TAB = "C00000"

# what every sheet of an editable workbook says, in row 2 and the page header; not a template, so no data set drops it
INTERNAL_NOTICE = "内部编辑用，含内部字段，不得公开发布"

_TOTAL_WIDTH = 150  # character units shared by the visible columns in proportion to Column.weight
_LINE_PT = 14.4  # one line of 11 pt 宋体
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_COUNT = re.compile(r"（\d+项）$")  # "基本履职事项清单（115项）" -> a sheet name that survives a new item


def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
    """Lay out each document as a published workbook, its visible tables only; return {file name: xlsx bytes}."""
    return {f"{safe_stem(doc.stem)}.xlsx": workbook_bytes(doc, env, epoch) for doc in documents}


def write_editable(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
    """Lay out each document as an editable workbook that carries its source data; return {file name: xlsx bytes}."""
    return {f"{safe_stem(doc.stem)}.xlsx": workbook_bytes(doc, env, epoch, dataset) for doc in documents}


def workbook_bytes(doc: Document, env: Environment, epoch: int, dataset: DataSet | None = None) -> bytes:
    """One document as the bytes of an .xlsx file, identical for identical input.

    Without a data set, the published workbook: what the tables show. With the data set it was
    built from, the editable workbook: the same tables marked internal, each row's id in a hidden
    column and, for a list document, its source data (hidden columns and the 「qingdan」 sheet)
    for a lossless `qingdan import`.
    """
    editable = dataset is not None
    wb = Workbook()
    wb.remove(wb.active)
    tables = [(part, table) for part in doc.parts for table in part.tables]
    names = sheet_names(doc)
    carried = carry(doc, dataset, names) if dataset is not None else None
    for n, ((part, table), name) in enumerate(zip(tables, names, strict=True)):
        hidden = carried.tables[n] if carried else None
        _sheet(wb.create_sheet(name), doc, part, table, env, editable, hidden)
    if carried is not None:
        _meta_sheet(wb.create_sheet(META_SHEET), carried.meta)
    stamp = core_time(epoch)
    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.created = props.modified = stamp
    props.title = xml_safe(doc.title)
    props.category = doc.kind  # which document this is: an import names the kind of list from it
    props.version = xml_safe(doc.version) or None
    if editable:
        props.identifier = doc.stem  # which file of the data set, for a re-import
        props.keywords = INTERNAL_NOTICE
    buffer = io.BytesIO()
    # ExcelWriter, not wb.save(): save_workbook stamps `modified` with the clock
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return reproducible_zip(buffer.getvalue(), epoch)


def sheet_names(doc: Document) -> list[str]:
    """A valid, unique sheet name per table: its title without the item count, or the part's title."""
    names: list[str] = []
    taken: set[str] = set()
    for part in doc.parts:
        for table in part.tables:
            base = _COUNT.sub("", table.title) or part.title
            base = _SHEET_FORBIDDEN.sub("", xml_safe(base)).strip().strip("'") or "清单"
            if base.casefold() == "history":  # Excel reserves it
                base = f"{base}（表）"
            name, n = base[:31], 1
            while name.casefold() in taken:
                n += 1
                suffix = f"（{n}）"
                name = base[: 31 - len(suffix)] + suffix
            taken.add(name.casefold())
            names.append(name)
    return names


def _sheet(
    ws: Worksheet,
    doc: Document,
    part: Part,
    table: Table,
    env: Environment,
    editable: bool = False,
    hidden: HiddenColumns | None = None,
) -> None:
    columns = table.columns
    ncols = len(columns)
    id_col = ncols + 1
    last = get_column_letter(ncols)
    context = {"doc": doc, "part": part, "table": table}
    widths = _widths(columns)
    draft = doc.draft

    title = _template(env, "title", context)
    if draft and draft not in title:
        title = f"{title}（{draft}）"
    _banner(ws, TITLE_ROW, ncols, title, _TITLE, 30)
    meta = _template(env, "meta", context)
    if editable:
        _banner(ws, META_ROW, ncols, f"{INTERNAL_NOTICE}\n{meta}" if meta else INTERNAL_NOTICE, _INTERNAL_FONT, 36)
        ws.sheet_properties.tabColor = _INTERNAL_TAB
    else:
        _banner(ws, META_ROW, ncols, meta, _META, 20)

    for c, column in enumerate(columns, start=1):
        _put(ws.cell(HEADER_ROW, c), column.title, _HEAD, _CENTRE, _HEAD_FILL)
    if editable:
        _put(ws.cell(HEADER_ROW, id_col), ID_HEADER, _HEAD, _CENTRE, _HEAD_FILL)
    fields = hidden.fields if hidden else ()
    for c, key in enumerate(fields, start=id_col + 1):
        _put(ws.cell(HEADER_ROW, c), key, _HEAD, _CENTRE, _HEAD_FILL)
    ws.row_dimensions[HEADER_ROW].height = _height([c.title for c in columns], widths)

    r, n = HEADER_ROW, 0
    for group in table.groups:
        if group.title:
            r += 1
            _put(ws.cell(r, 1), group.title, _GROUP, _GROUP_ALIGN, _GROUP_FILL)
            if ncols > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
            ws.row_dimensions[r].height = 20
        ids = group.ids or ("",) * len(group.rows)
        for row, record in zip(group.rows, ids, strict=True):
            r += 1
            texts = [cell_text(column, cell) for column, cell in zip(columns, row, strict=True)]
            for c, (column, text) in enumerate(zip(columns, texts, strict=True), start=1):
                value: str | int = int(text) if column.title == "序号" and text.isdigit() else text
                _put(ws.cell(r, c), value, _BODY, _TOP_CENTRE if column.title == "序号" else _TOP)
            if editable:
                _put(ws.cell(r, id_col), record, _BODY, _TOP)
            if hidden and fields:
                values = hidden.rows[n]
                for c, key in enumerate(fields, start=id_col + 1):
                    if key in values:
                        _put(ws.cell(r, c), encode(values[key]), _BODY, _TOP)
            n += 1
            # LibreOffice keeps a row without a height at one line, wrapped or not, so every row gets one
            ws.row_dimensions[r].height = _height(texts, widths)

    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for c in range(id_col, id_col + len(fields) + 1) if editable else ():
        ws.column_dimensions[get_column_letter(c)].width = 16
        ws.column_dimensions[get_column_letter(c)].hidden = True

    # openpyxl writes merged ranges in set order; top-down reads better and hashes nothing
    ws.merged_cells.ranges = sorted(ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col))

    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last}{max(r, HEADER_ROW)}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6  # inches, about 15 mm
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.4
    ws.oddHeader.center.text = _template(env, "page-header", context) or None
    # on every printed page, whatever the templates say: a draft is a draft, an internal copy internal
    marks = [m for m in (draft, INTERNAL_NOTICE if editable else "") if m]
    if marks:
        ws.oddHeader.left.text = "　".join(m.replace("&", "&&") for m in marks)
        ws.oddHeader.left.font = "宋体,Bold"
    ws.oddFooter.center.text = _template(env, "page-footer", context) or None


def _template(env: Environment, name: str, context: dict[str, object]) -> str:
    return xml_safe(render_template(env, f"xlsx/{name}.txt.j2", **context).strip())


def _banner(ws: Worksheet, row: int, ncols: int, text: str, font: Font, height: float) -> None:
    _put(ws.cell(row, 1), text, font, _CENTRE)
    if ncols > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = height


def _put(cell: Cell, value: str | int, font: Font, align: Alignment, fill: PatternFill | None = None) -> None:
    if isinstance(value, str):
        value = xml_safe(value)
    cell.value = value if value != "" else None
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text from the lists is never a formula
    cell.font = font
    cell.alignment = align
    cell.border = _BORDER if cell.row >= HEADER_ROW else Border()
    if fill is not None:
        cell.fill = fill


def _widths(columns: tuple[Column, ...]) -> list[float]:
    """Column widths in character units: a share of the page by weight, never narrower than the title."""
    total = sum(c.weight for c in columns) or 1
    return [round(max(_TOTAL_WIDTH * c.weight / total, display_width(c.title) + 3), 1) for c in columns]


def display_width(text: str) -> int:
    """Width in character units: Chinese (wide) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _height(texts: list[str], widths: list[float]) -> float:
    """A row height in points that shows every wrapped line of the row's cells in Excel."""
    lines = 1
    for text, width in zip(texts, widths, strict=True):
        room = max(width - 1, 1)
        lines = max(lines, sum(max(1, math.ceil(_units(line) / room)) for line in text.split("\n")))
    return round(lines * _LINE_PT + 4, 1)


def _units(text: str) -> float:
    # an 11 pt 宋体 glyph measured in column-width units (the digit width of the default Calibri 11)
    return sum(2.2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _meta_sheet(ws: Worksheet, rows: list[tuple[str, Any]]) -> None:
    """The very hidden 「qingdan」 sheet: (key, JSON) rows as the contract lays them out."""
    ws.sheet_state = "veryHidden"
    for r, (key, text) in enumerate(meta_rows(rows), start=1):
        ws.cell(r, 1).value = key
        ws.cell(r, 2).value = text
        ws.cell(r, 2).data_type = "s"
