"""Reading .xlsx and .csv files into grids of cell texts, merged ranges filled in and marked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from qingdan.errors import QingdanError
from qingdan.model import DataSet


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 1-based and inclusive, as Excel numbers rows and columns."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def width(self) -> int:
        return self.right - self.left + 1


@dataclass(slots=True)
class Grid:
    """One sheet as text. `cells[r][c]` is row r+1, column c+1; a merged range's value fills every cell of it."""

    name: str
    cells: list[list[str]]
    merges: dict[tuple[int, int], Merge] = field(default_factory=dict)  # (row, col), 1-based -> its range

    @property
    def width(self) -> int:
        return max((len(row) for row in self.cells), default=0)

    def text(self, row: int, col: int) -> str:
        """The text of a cell (1-based); "" outside the grid."""
        if 1 <= row <= len(self.cells) and 1 <= col <= len(self.cells[row - 1]):
            return self.cells[row - 1][col - 1]
        return ""

    def merge(self, row: int, col: int) -> Merge | None:
        return self.merges.get((row, col))

    def own(self, row: int, col: int) -> bool:
        """True unless the cell only repeats a merged range's value from a row above."""
        m = self.merges.get((row, col))
        return m is None or m.top == row


@dataclass(slots=True)
class Source:
    """What was read from one file: its sheets, and whether a CSV had to be decoded as GB18030."""

    grids: list[Grid]
    encoding: str = ""  # "gb18030" when a CSV was not UTF-8


def read_source(path: Path) -> Source:
    """Read an .xlsx workbook or a .csv file; anything else, or a file that cannot be read, is a QingdanError."""
    path = Path(path)
    if not path.is_file():
        raise QingdanError(f"文件「{path}」不存在")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return Source(read_workbook(path))
    if suffix in (".csv", ".txt"):
        grid, encoding = read_csv(path)
        return Source([grid], encoding)
    if suffix in (".xls", ".et", ".wps"):
        raise QingdanError(f"「{path.name}」是旧版 Excel/WPS 格式；请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
    raise QingdanError(f"不认识「{path.name}」的格式；只能导入 .xlsx 和 .csv 文件")


def read_workbook(path: Path) -> list[Grid]:
    """Every sheet of a workbook; not read-only, so merged ranges are known."""
    import openpyxl  # imported here: loading it costs time every other command would pay

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise QingdanError(f"无法读取「{path.name}」：不是有效的 .xlsx 文件（{exc}）") from None
    grids = []
    for ws in book.worksheets:
        cells = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        merges: dict[tuple[int, int], Merge] = {}
        for rng in ws.merged_cells.ranges:
            m = Merge(rng.min_row, rng.min_col, rng.max_row, rng.max_col)
            value = cell_text(ws.cell(m.top, m.left).value)
            for r in range(m.top, m.bottom + 1):
                while len(cells) < r:
                    cells.append([])
                for c in range(m.left, m.right + 1):
                    row = cells[r - 1]
                    row.extend([""] * (c - len(row)))
                    row[c - 1] = value
                    merges[(r, c)] = m
        grids.append(Grid(ws.title, _trim(cells), merges))
    book.close()
    return grids


def read_csv(path: Path) -> tuple[Grid, str]:
    """A CSV file as one grid named after the file (with its suffix); UTF-8 (with or without BOM), else GB18030."""
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
    cells = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return Grid(path.name, _trim(cells)), encoding


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


def _trim(cells: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty cells and rows (Excel's used range often runs past the data)."""
    out = [list(row) for row in cells]
    for row in out:
        while row and not row[-1].strip():
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


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
