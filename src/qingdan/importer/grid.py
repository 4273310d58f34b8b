"""A sheet, or a table of a Word document, as a grid of cell texts with its merged ranges."""

from __future__ import annotations

from dataclasses import dataclass, field

import qingdan.importer.limits as limits
from qingdan.errors import QingdanError


def check_size(file: str, sheet: str, rows: int, cols: int) -> None:
    """A QingdanError when a sheet's used range (or a Word table) is past limits.MAX_CELLS."""
    if rows * cols > limits.MAX_CELLS:
        raise QingdanError(
            f"「{file}」的「{sheet}」有 {rows} 行 × {cols} 列，超过导入的上限（{limits.MAX_CELLS // 10000} 万个单元格）；"
            "多半是表格外的空行、空列带了格式：删去清单以外的行列，或把清单复制到新表格后再导入"
        )


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
    """One sheet (or one Word table) as text. `cells[r][c]` is row r+1, column c+1; a merged range's value fills
    every cell of it."""

    name: str
    cells: list[list[str]]
    merges: dict[tuple[int, int], Merge] = field(default_factory=dict)  # (row, col), 1-based -> its range
    # a Word table: the paragraphs between the previous table and this one, one a line ("一、基本履职事项清单（117项）")
    heading: str = ""
    merges_known: bool = True  # False where the reader cannot see this format's merged cells (reported, QD708)

    _width: int = field(default=-1, init=False, repr=False, compare=False)  # worked out once: asked for every row

    @property
    def width(self) -> int:
        if self._width < 0:
            self._width = max((len(row) for row in self.cells), default=0)
        return self._width

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


def make_grid(name: str, cells: list[list[str]], ranges: list[Merge] | None, **kw: object) -> Grid:
    """A grid whose merged ranges carry their first cell's value into every cell; `ranges` None: merges unknown.

    A range is clipped to the cells the sheet has, so a hostile file's A1:XFD1048576 costs nothing.
    """
    height, width = len(cells), max((len(row) for row in cells), default=0)
    merges: dict[tuple[int, int], Merge] = {}
    for full in ranges or ():
        if full.top > height or full.left > width:
            continue
        m = Merge(full.top, full.left, min(full.bottom, height), min(full.right, width))
        first = cells[m.top - 1]
        value = first[m.left - 1] if m.left <= len(first) else ""
        for r in range(m.top, m.bottom + 1):
            row = cells[r - 1]
            row.extend([""] * (m.right - len(row)))
            for c in range(m.left, m.right + 1):
                row[c - 1] = value
                merges[(r, c)] = m
    return Grid(name, trim(cells), merges, merges_known=ranges is not None, **kw)  # type: ignore[arg-type]


def trim(cells: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty cells and rows (Excel's used range often runs past the data)."""
    out = [list(row) for row in cells]
    for row in out:
        while row and not row[-1].strip():
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out
