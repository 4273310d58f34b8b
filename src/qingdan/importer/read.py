"""Reading the files lists come in (.xlsx, .xls, .et, .ods, .docx, .csv) into grids of cell texts, merged ranges filled in.

Spreadsheets other than .xlsx are read with python-calamine, the tables of a Word document with
python-docx (qingdan.importer.word). Every file is treated as hostile: its size is capped, a zip
package is checked part by part before anything parses it (qingdan.importer.package), an .xlsx is
scanned sheet by sheet before openpyxl reads it, its kind is told from its first bytes as well as
from its name, and anything that cannot be read is a QingdanError with a message that says what to do.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import qingdan.importer.limits as limits
from qingdan.errors import QingdanError
from qingdan.importer.grid import Grid, Merge, check_size, make_grid, trim
from qingdan.importer.package import Sheet, check_zip, read_xlsx
from qingdan.importer.result import Issue
from qingdan.model import DataSet

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ett", ".xlt", ".ods")
WORD = (".docx",)
OLD_WORD = (".doc", ".wps", ".wpt", ".dot", ".rtf")
TEXT = (".csv", ".txt")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .xls, .et, .doc, .wps
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF"


@dataclass(slots=True)
class Source:
    """What was read from one file: its sheets, whether a CSV had to be decoded as GB18030, what was left out."""

    grids: list[Grid]
    encoding: str = ""  # "gb18030" when a CSV was not UTF-8
    issues: list[Issue] = field(default_factory=list)  # what the reader skipped (a table nested in a cell, images)


def read_source(path: Path, roots: dict[str, str] | None = None) -> Source:
    """Read a spreadsheet, a Word document or a CSV file; anything else, or a file that cannot be read, is a
    QingdanError. `roots`: what `guard` returned for it, when it was called already."""
    path = Path(path)
    if roots is None:
        roots = guard(path)
    suffix = path.suffix.lower()
    head = _head(path)
    if suffix in TEXT:
        grid, encoding, issues = read_csv(path)
        return Source([grid], encoding, issues)
    if suffix in WORD:
        from qingdan.importer.word import read_document  # python-docx loads slowly; only an import of .docx pays

        _word_kind(path, head, roots or {})
        grids, issues = read_document(path)
        if not grids:
            raise QingdanError(f"「{path.name}」里没有表格；qingdan 只读 Word 文档中的表格，清单要做成表格才能导入")
        return Source(grids, issues=issues)
    if suffix in SPREADSHEETS:
        if head.startswith(_PDF):
            raise QingdanError(_pdf(path))
        if roots is not None:
            if _is_ods(path):
                return Source(read_calamine(path, _ods_scan(path)))
            grids, issues = read_workbook(path, roots)  # also an .xlsx saved under another name
            return Source(grids, issues=issues)
        if not head.startswith(_OLE):
            raise QingdanError(
                f"「{path.name}」不是 Excel 或 WPS 表格文件（可能是网站导出的网页或文本，只是扩展名写成了 {suffix}）；"
                "请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
            )
        return Source(read_calamine(path))  # .xls and .et: an OLE compound file holding BIFF records
    if suffix in OLD_WORD:
        raise QingdanError(
            f"「{path.name}」是 Word 或 WPS 文字的旧格式（{suffix}），读不出其中的表格；"
            "请在 Word 或 WPS 中另存为 .docx（Word 文档）后再导入"
        )
    if suffix == ".pdf" or head.startswith(_PDF):
        raise QingdanError(_pdf(path))
    raise QingdanError(f"不认识「{path.name}」的格式；能导入 .xlsx、.xls、.et、.ods、.docx 和 .csv 文件")


def guard(path: Path) -> dict[str, str] | None:
    """A QingdanError unless `path` is a file within the size caps and, if a zip package, within its caps with no
    DOCTYPE in any part (qingdan.importer.package.check_zip); returns the root element of each part of a
    package, None for any other file."""
    check_file(path)
    if not _head(path).startswith(_ZIP):
        return None
    kind = "docx" if path.suffix.lower() in WORD else "ods" if _is_ods(path) else "xlsx"
    return check_zip(path, kind)


def check_file(path: Path) -> None:
    """A QingdanError unless `path` is a file no larger than the cap."""
    if not path.is_file():
        raise QingdanError(f"文件「{path}」不存在")
    size = path.stat().st_size
    if size > limits.MAX_FILE_MB * limits.MB:
        raise QingdanError(
            f"「{path.name}」有 {size / limits.MB:.0f} MB，超过导入的上限 {limits.MAX_FILE_MB} MB；清单文件不会这么大，"
            "请确认选对了文件，或只保留清单所在的工作表、表格后再导入"
        )


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(8)


def _pdf(path: Path) -> str:
    return (
        f"「{path.name}」是 PDF：表格的行列和合并单元格在 PDF 里已经没有了，读不准；"
        "请找发布时的 Word 或 Excel 原件，或在 WPS、Word 中把 PDF 转成 .docx 并核对后再导入"
    )


def _word_kind(path: Path, head: bytes, roots: dict[str, str]) -> None:
    """A QingdanError unless the file is a zip package with a Word document in it."""
    if head.startswith(_OLE):
        raise QingdanError(
            f"「{path.name}」其实是旧版 Word 或 WPS 文字格式（.doc/.wps），只是扩展名写成了 .docx；"
            "请在 Word 或 WPS 中另存为 .docx 后再导入"
        )
    if head.startswith(_PDF):
        raise QingdanError(_pdf(path))
    if not head.startswith(_ZIP):
        raise QingdanError(
            f"无法读取「{path.name}」：不是有效的 .docx 文件（文件已损坏、没有下载完整或不是 Word 文档）"
        )
    if "word/document.xml" not in roots:
        what = "Excel 工作簿，请把扩展名改为 .xlsx" if "xl/workbook.xml" in roots else "没有 Word 文档的正文"
        raise QingdanError(f"「{path.name}」是 zip 压缩包，但不是 Word 文档（{what}）")


def read_workbook(path: Path, roots: dict[str, str]) -> tuple[list[Grid], list[Issue]]:
    """Every sheet of a workbook with its merged ranges, and what its formula cells were read as."""
    grids, issues = [], []
    for sheet in read_xlsx(path, roots):
        cells = [[cell_text(v) for v in row] for row in sheet.rows]
        issues += _formulas(sheet, cells)
        grids.append(make_grid(sheet.name, cells, sheet.scan.merges))
    return grids, issues


_FORMULAS_SAID = 10  # formula cells without a value reported one by one in a sheet; the rest counted


def _formulas(sheet: Sheet, cells: list[list[str]]) -> list[Issue]:
    """A formula cell keeps the value Excel saved with it (QD719, once a sheet); one without a value (written by a
    program that does not compute) keeps its formula, in the grid and in a QD720 for each cell."""
    from openpyxl.utils import get_column_letter as letter

    out, valued, bare = [], [], []
    for (row, col), formula in sorted(sheet.scan.formulas.items()):
        if formula.cached:
            valued.append((row, col, formula))
            continue
        bare.append((row, col, formula))
        line = cells[row - 1]
        line.extend([""] * (col - len(line)))
        line[col - 1] = formula.text
    if valued:
        row, col, formula = valued[0]
        out.append(
            Issue(
                "QD719",
                f"有 {len(valued)} 个单元格是公式（如 {letter(col)}{row}「{_excerpt(formula.text)}」），"
                "按 Excel 保存的计算结果导入；公式引用的内容改过而没有重新计算的，请在 Excel 或 WPS 中打开、保存后重新导入",
                sheet.name,
            )
        )
    for row, col, formula in bare[:_FORMULAS_SAID]:
        out.append(
            Issue(
                "QD720",
                f"{letter(col)}{row} 是公式「{_excerpt(formula.text)}」，文件里没有它的计算结果（生成文件的程序没有计算），"
                "按公式原文导入；请在 Excel 或 WPS 中打开、保存后重新导入",
                sheet.name,
                row,
            )
        )
    if len(bare) > _FORMULAS_SAID:
        out.append(
            Issue(
                "QD720",
                f"另有 {len(bare) - _FORMULAS_SAID} 个公式单元格没有计算结果，同样按公式原文导入",
                sheet.name,
            )
        )
    return out


def _excerpt(text: str, most: int = 40) -> str:
    return text if len(text) <= most else text[:most] + "…"


def read_calamine(path: Path, ods: _OdsScan | None = None) -> list[Grid]:
    """Every worksheet of an .xls, .et or .ods file, read with calamine.

    calamine shows merged ranges for .xls only; an .ods file's come from `ods`, a scan of its content.xml
    that also bounds the sheets before calamine builds them.
    """
    import python_calamine  # imported here: only an import of these formats pays for it

    if ods is not None:
        for name, (rows, cols) in ods.extents.items():
            check_size(path.name, name, rows, cols)
    try:
        with path.open("rb") as fh:
            book = python_calamine.CalamineWorkbook.from_filelike(fh)
            data = []
            for meta in book.sheets_metadata:
                if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                    continue
                sheet = book.get_sheet_by_name(meta.name)
                end = sheet.end or (-1, -1)
                check_size(path.name, meta.name, end[0] + 1, end[1] + 1)
                data.append((meta.name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges))
    except QingdanError:
        raise
    except python_calamine.PasswordError:
        raise QingdanError(f"「{path.name}」有密码保护；请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再导入") from None
    except BaseException as exc:
        # a damaged file raises calamine's own errors or plain ones (ValueError, OSError); a panic in its Rust
        # code arrives as pyo3's PanicException, which derives from BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise QingdanError(
            f"无法读取「{path.name}」（{exc}）；请在 Excel 或 WPS 中打开它、另存为 .xlsx 后再导入"
        ) from None
    grids = []
    for name, rows, ranges in data:
        cells = [[cell_text(v) for v in row] for row in rows]
        if ranges is not None:
            merges: list[Merge] | None = [Merge(t + 1, left + 1, b + 1, r + 1) for (t, left), (b, r) in ranges]
        else:
            merges = ods.merges.get(name) if ods is not None else None
        grids.append(make_grid(name, cells, merges))
    return grids


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as fh:
            return fh.read(100).startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return False


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


@dataclass(slots=True)
class _OdsScan:
    """What calamine does not tell of an .ods file: each sheet's merged ranges, and how far its content reaches."""

    merges: dict[str, list[Merge]] = field(default_factory=dict)  # a sheet missing here: merges unknown (QD708)
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet -> (rows, columns) holding content


def _ods_scan(path: Path) -> _OdsScan:
    """Walk an .ods file's content.xml once: merged ranges (number-columns/rows-spanned) and the extent of content,
    counting the repeats LibreOffice compresses empty rows and cells into."""
    from lxml import etree

    t = _ODS_TABLE
    scan = _OdsScan()
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as fh:
            depth, name, row, col, repeat = 0, "", 0, 0, 1
            for event, el in etree.iterparse(
                fh, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
            ):
                if el.tag == f"{t}table":
                    depth += 1 if event == "start" else -1
                    if event == "start" and depth == 1:
                        name, row = el.get(f"{t}name", ""), 0
                        scan.merges[name], scan.extents[name] = [], (0, 0)
                    continue
                if depth != 1:
                    continue  # a table inside a cell: not part of the sheet's grid
                if el.tag == f"{t}table-row":
                    if event == "start":
                        col, repeat = 0, int(el.get(f"{t}number-rows-repeated", "1"))
                    else:
                        row += repeat
                        el.clear()
                elif el.tag in (f"{t}table-cell", f"{t}covered-table-cell") and event == "end":
                    across = int(el.get(f"{t}number-columns-spanned", "1"))
                    down = int(el.get(f"{t}number-rows-spanned", "1"))
                    count = int(el.get(f"{t}number-columns-repeated", "1"))
                    if across > 1 or down > 1:
                        scan.merges[name] += [
                            Merge(row + k + 1, col + 1, row + k + down, col + across) for k in range(min(repeat, 100))
                        ]
                    if el.get(_ODS_VALUE_TYPE) is not None or len(el):
                        rows, cols = scan.extents[name]
                        scan.extents[name] = (max(rows, row + repeat), max(cols, col + count))
                    col += count
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return _OdsScan()  # merges unknown; calamine's own cell limit still holds
    return scan


def read_csv(path: Path) -> tuple[Grid, str, list[Issue]]:
    """A CSV file as one grid named after the file (with its suffix), its encoding ("gb18030" when not UTF-8) and
    what was wrong with its quotes (QD717). UTF-8 (with or without BOM), else GB18030."""
    raw = path.read_bytes()
    encoding = ""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise QingdanError(
                f"无法读取「{path.name}」：第 {exc.start + 1} 个字节起既不是 UTF-8 也不是 GB18030 编码；"
                "请用 Excel 或 WPS 另存为“CSV UTF-8”后再导入"
            ) from None
        encoding = "gb18030"
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","  # Excel's "Unicode text" is tab-separated
    cells, issues = csv_rows(text, delimiter, path.name)
    return Grid(path.name, trim(cells)), encoding, issues


_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def csv_rows(text: str, delimiter: str, name: str) -> tuple[list[list[str]], list[Issue]]:
    """The records of a CSV text, one list per row of the sheet it was saved from, and a QD717 for each line whose
    quotes do not pair up.

    A quote that opens a field and never closes would make the csv module read every line after it into
    that field, up to the next quote or the end of the file: row 2 would become part of row 1's name.
    The records are read strictly; a record that breaks the rules (a quote left open to the end of the
    file, text after a closing quote) or that runs over lines where a line inside a quoted field starts
    like a numbered row (2,…) is not taken: its first line is read on its own, its quotes kept as text,
    and reading goes on from the next line. A field longer than limits.MAX_CSV_FIELD is a QingdanError.
    """
    lines = [m.group() for m in _LINES.finditer(text)]
    rows: list[list[str]] = []
    issues: list[Issue] = []
    start = 0
    numbered = re.compile(rf"(?:\r\n|\r|\n)\s*\d+\s*{re.escape(delimiter)}")
    while start < len(lines):
        at = start
        feed = _Lines(lines, start)
        reader = csv.reader(feed, delimiter=delimiter, strict=True)
        try:
            for record in reader:
                _field_sizes(record, name, at + 1)
                if feed.used - at > 1 and any(numbered.search(field) for field in record):
                    raise csv.Error("a quoted field runs over a numbered row")
                rows.append(record)
                at = feed.used
            break
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                _field_sizes(["x" * (limits.MAX_CSV_FIELD + 1)], name, at + 1)
            line = lines[at].rstrip("\r\n")
            rows.append(line.split(delimiter))
            _field_sizes(rows[-1], name, at + 1)
            physical = f"（文件第 {at + 1} 行）" if at + 1 != len(rows) else ""
            issues.append(
                Issue(
                    "QD717",
                    f"这一行{physical}的引号没有配对（{_quote_problem(str(exc))}）：按原样读入，引号留在文字里，"
                    "没有和下面的行连成一格；请核对这一行，在原表改正后重新导入",
                    name,
                    len(rows),
                )
            )
            start = at + 1
    return rows, issues


class _Lines:
    """The lines of a CSV text from `start`, counting how many the csv reader has taken."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.used = lines, start

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.used >= len(self.lines):
            raise StopIteration
        self.used += 1
        return self.lines[self.used - 1]


def _quote_problem(why: str) -> str:
    if "unexpected end of data" in why:
        return "开头的引号到文件末尾都没有闭合"
    if "expected after" in why:
        return "引号闭合后紧跟着别的文字"
    if "numbered row" in why:
        return "引号里的文字跨到了下面编了号的行"
    return "不合 CSV 的写法"


def _field_sizes(record: list[str], name: str, line: int) -> None:
    if any(len(field) > limits.MAX_CSV_FIELD for field in record):
        raise QingdanError(
            f"「{name}」第 {line} 行起有一格超过 {limits.MAX_CSV_FIELD} 个字符（Excel 一格最多 32767 个），"
            "不是清单的内容；可能是引号没有配对，或不是清单文件：请用 Excel 或 WPS 打开核对后再导入"
        )


def cell_text(value: object) -> str:
    """A cell value as the text a reader sees: 12.0 → "12", a date → "2022-07-01"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def find_dataset(data: Path | None, outdir: Path | None) -> DataSet | None:
    """The data set whose departments names are matched: --data, else the one -o writes into, else the cwd's."""
    from qingdan.loader import load_dataset
    from qingdan.project import MANIFEST, Project

    if data is not None:
        return load_dataset(Project.discover(data))[0]
    if outdir is not None:
        start = Path(outdir).absolute()
        for folder in (start, *start.parents):
            if (folder / MANIFEST).is_file():
                return load_dataset(Project(folder, folder.as_posix()))[0]
    try:
        return load_dataset(Project.discover())[0]
    except QingdanError:
        return None
