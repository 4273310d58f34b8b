"""The tables of a Word document (.docx) as grids: merged cells as ranges, each table with the heading above it.

A published 清单 is mostly a Word attachment: a title paragraph, a heading such as
"一、基本履职事项清单（117项）", then a table whose group rows (一、党的建设（12项）) span it and whose
header row Word repeats on every page. Each table at the top level of the body becomes one Grid named
表1, 表2 … in document order; `Grid.heading` holds the paragraphs between the previous table and this one.
A header row marked to repeat on every page (w:tblHeader) is stored once, so it is read once; a header
row copied by hand onto each page is an ordinary row, which the importer knows as a repeated header.
A cell's paragraphs are its lines, as an Excel cell's line breaks are. What is not read (a table inside
a cell, a picture, a text box, an embedded object) is reported (QD709), never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import qingdan.importer.limits as limits
from qingdan.errors import QingdanError
from qingdan.importer.grid import Grid, Merge, check_size, make_grid
from qingdan.importer.result import Issue

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SKIPPED = "QD709"

Element = Any  # an lxml element of the document body


def read_document(path: Path) -> tuple[list[Grid], list[Issue]]:
    """Every top-level table of the document, and what was left out."""
    import docx  # imported here: python-docx loads slowly and only an import of .docx needs it

    try:
        body = docx.Document(str(path)).element.body
    except Exception as exc:  # python-docx raises PackageNotFoundError, KeyError, ValueError, XMLSyntaxError …
        raise QingdanError(f"无法读取「{path.name}」：不是有效的 Word 文档（{type(exc).__name__}: {exc}）") from None
    return tables(body, path.name)


def tables(body: Element, file: str) -> tuple[list[Grid], list[Issue]]:
    """The grids of a document body (w:body), and QD709 for what they leave out."""
    grids: list[Grid] = []
    issues: list[Issue] = []
    heading: list[str] = []
    skipped = _Skipped()
    for block in _blocks(body):
        if block.tag == f"{_W}p":
            skipped.count(block)
            text = paragraph_text(block).strip()
            if text:
                heading.append(text)
            continue
        grid, found = _table(block, f"表{len(grids) + 1}", "\n".join(heading), file)
        grids.append(grid)
        issues += found
        heading = []
    return grids, [*(Issue(SKIPPED, f"正文里{what}", file) for what in skipped.say()), *issues]


def _blocks(parent: Element) -> Iterator[Element]:
    """Paragraphs and tables in order, including those wrapped in content controls (w:sdt) or custom XML."""
    for child in parent.iterchildren():
        if child.tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == f"{_W}customXml":
            yield from _blocks(child)


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """The w:tr of a table or the w:tc of a row, also when wrapped in w:sdt or w:customXml."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}{tag}":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == f"{_W}customXml":
            yield from _children(child, tag)


def _table(tbl: Element, name: str, heading: str, file: str) -> tuple[Grid, list[Issue]]:
    """One table as a grid: w:gridSpan, w:vMerge and the older w:hMerge become merged ranges."""
    size = 0
    cells: list[list[str]] = []
    ranges: list[Merge] = []
    issues: list[Issue] = []
    down: dict[int, Merge] = {}  # vertical merges still open, by their left column
    for r, tr in enumerate(_children(tbl, "tr"), start=1):
        row: list[str] = []
        col = 1 + _number(tr, "trPr", "gridBefore")
        held: set[int] = set()  # the vertical merges this row continues or starts
        across: int | None = None  # index in `ranges` of an old-style horizontal merge (w:hMerge) this row extends
        for tc in _children(tr, "tc"):
            span = max(1, _number(tc, "tcPr", "gridSpan"))
            vmerge, hmerge = _value(tc, "vMerge"), _value(tc, "hMerge")
            if hmerge == "continue" and across is not None:
                m = ranges[across]
                ranges[across] = Merge(m.top, m.left, m.bottom, col + span - 1)
                row.extend([""] * span)
                col += span
                continue
            row.extend([""] * (col - 1 - len(row)))
            if vmerge == "continue" and col in down:
                m = down[col]
                down[col] = Merge(m.top, m.left, r, max(m.right, col + span - 1))
                held.add(col)
                row.extend([""] * span)
            else:
                if col in down:  # a cell of its own where a vertical merge was open: that merge ended above
                    ranges.append(down.pop(col))
                text, found = _cell(tc, name, r, col)
                issues += found
                row.extend([text] + [""] * (span - 1))
                m = Merge(r, col, r, col + span - 1)
                if vmerge is not None:  # "restart", or a "continue" with nothing above it to continue
                    down[col] = m
                    held.add(col)
                elif hmerge is not None:
                    across = len(ranges)
                    ranges.append(m)
                elif span > 1:
                    ranges.append(m)
            col += span
        for left in [c for c in down if c not in held]:
            ranges.append(down.pop(left))
        cells.append(row)
        size += len(row)
        if size > limits.MAX_CELLS:
            check_size(file, name, len(cells), max(len(r) for r in cells))
    ranges += down.values()
    merged = sorted({m for m in ranges if m.bottom > m.top or m.right > m.left}, key=lambda m: (m.top, m.left))
    return make_grid(name, cells, merged, heading=heading), issues


def _cell(tc: Element, table: str, row: int, col: int) -> tuple[str, list[Issue]]:
    """A cell's paragraphs, one a line; QD709 for a table nested in it and for pictures, text boxes, objects."""
    lines: list[str] = []
    issues: list[Issue] = []
    skipped = _Skipped()
    for block in _blocks(tc):
        if block.tag == f"{_W}tbl":
            rows = len(list(_children(block, "tr")))
            issues.append(
                Issue(SKIPPED, f"第 {col} 列的单元格里嵌着一张表格（{rows} 行），没有读；请核对原文", table, row)
            )
            continue
        skipped.count(block)
        lines.append(paragraph_text(block))
    issues += [Issue(SKIPPED, f"第 {col} 列的单元格里{what}", table, row) for what in skipped.say()]
    return "\n".join(lines).strip("\n"), issues


def paragraph_text(p: Element) -> str:
    """The text of a paragraph as Word shows it: runs (also inside hyperlinks, fields and insertions), tabs and
    line breaks; not deleted text, field codes or the text of text boxes."""
    out = []
    for el in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        if any(a.tag == f"{_W}txbxContent" for a in el.iterancestors()):
            continue
        tag = el.tag[len(_W) :]
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            if el.getparent().tag == f"{_W}r":  # not a tab stop of the paragraph's properties
                out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
        else:
            out.append("-")
    return "".join(out)


class _Skipped:
    """Pictures, text boxes and embedded objects met in paragraphs, counted once each."""

    def __init__(self) -> None:
        self.pictures = self.boxes = self.objects = 0

    def count(self, p: Element) -> None:
        for el in p.iter(f"{_W}drawing", f"{_W}pict", f"{_W}object"):
            if any(a.tag == _FALLBACK for a in el.iterancestors()):
                continue  # the old-Word copy of a drawing (mc:AlternateContent): the same thing twice
            if el.tag == f"{_W}object":
                self.objects += 1
            elif next(el.iter(f"{_W}txbxContent"), None) is not None:
                self.boxes += 1
            else:
                self.pictures += 1

    def say(self) -> list[str]:
        out = []
        if self.pictures:
            out.append(f"有 {self.pictures} 张图片，没有读；图片里的文字请找原件或手工录入")
        if self.boxes:
            out.append(f"有 {self.boxes} 个文本框，其中的文字没有读；请核对原文")
        if self.objects:
            out.append(f"有 {self.objects} 个嵌入的对象（如嵌入的 Excel 表格），没有读；请把它另存为文件后单独导入")
        return out


def _number(el: Element, props: str, name: str) -> int:
    """An integer w:val of a property (w:trPr/w:gridBefore, w:tcPr/w:gridSpan); 0 when absent or not a number."""
    value = _prop(el, props, name)
    try:
        return min(int(value or 0), 1000)  # a hostile gridSpan of 10⁹ must not make a row of 10⁹ cells
    except ValueError:
        return 0


def _value(tc: Element, name: str) -> str | None:
    """w:tcPr/w:vMerge (or hMerge): None when absent, "continue" when present without w:val, else its w:val."""
    props = tc.find(f"{_W}tcPr")
    el = props.find(f"{_W}{name}") if props is not None else None
    if el is None:
        return None
    return el.get(f"{_W}val") or "continue"


def _prop(el: Element, props: str, name: str) -> str | None:
    holder = el.find(f"{_W}{props}")
    found = holder.find(f"{_W}{name}") if holder is not None else None
    return found.get(f"{_W}val") if found is not None else None
