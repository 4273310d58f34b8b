"""Zip packages (.xlsx, .ods, .docx) checked before any library parses them, and the cells of an .xlsx scanned.

`check_zip` bounds a package by its parts and by what they unpack to — as its directory declares and as
they really unpack, part by part, so a part that lies about its size is caught — and refuses any XML
part that declares a DOCTYPE: Excel, WPS, Word and LibreOffice never write one, and it is what entity
attacks (billion laughs, external entities reading local files) need. So no parser qingdan uses ever
meets an entity declaration; openpyxl parses with defusedxml as well, and every lxml parser here is
made with entities unresolved and the network off.

`read_xlsx` lets openpyxl find a workbook's sheets, shared strings and date formats, and reads each
worksheet's part itself, once, as a stream with lxml: its values (as openpyxl's read-only, data-only
reader gives them), how many cells it stores, how far its cells with content reach, its merged ranges
and its formulas. No object is made per empty cell or per merged cell; a sheet past a limit
(qingdan.importer.limits) stops the import there with a message naming the sheet, so a cell a million
rows down or a merge across a whole sheet costs nothing.
"""

from __future__ import annotations

import functools
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

import qingdan.importer.limits as limits
from qingdan.errors import QingdanError
from qingdan.importer.grid import Merge, check_size

_CHUNK = 1 << 20
_COORD = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's last cell, XFD1048576


STREAMED = {  # per kind of package, the parts read as a stream (by their root element); others are read whole
    "xlsx": frozenset({"worksheet", "sst"}),
    "ods": frozenset({"document-content"}),
}


def check_zip(path: Path, kind: str = "xlsx") -> dict[str, str]:
    """The root element of each part of the zip package `path` ("" for a part that is not XML); a QingdanError
    unless it is within the caps and no XML part declares a DOCTYPE.

    `kind` is "xlsx", "ods" or "docx": a Word document is held whole, so it may unpack to less
    (limits.MAX_DOCX_UNZIPPED_MB); in a workbook, each part a library parses whole is capped
    (limits.MAX_PART_MB), the parts read as a stream (STREAMED) are bounded by the cell caps instead:
    their cells, merged ranges and shared strings are counted here, in the bytes as they unpack, so a
    bomb of millions of empty cells stops before any parser meets it.
    """
    package = _Package(path, kind)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.MAX_MEMBERS:
                raise QingdanError(
                    f"「{path.name}」是有 {len(infos)} 个部件的压缩包，超过导入的上限 {limits.MAX_MEMBERS} 个；"
                    "表格和 Word 文档不会有这么多部件，请确认选对了文件"
                )
            declared = sum(info.file_size for info in infos)
            if declared > package.limit:
                raise QingdanError(_unpacked(path, declared, package.limit))
            for info in infos:
                package.part(archive, info)
    except QingdanError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        # zipfile stops a part at its declared size and checks its CRC: a part that unpacks to more (or less)
        # than it says ends here
        raise QingdanError(f"无法读取「{path.name}」：文件已损坏或没有下载完整（{_short(str(exc))}）") from None
    return package.roots


def _unpacked(path: Path, size: int, limit: int) -> str:
    return (
        f"「{path.name}」解压后有 {size / limits.MB:.0f} MB，超过导入的上限 {limit // limits.MB} MB；"
        "请确认选对了文件，或只保留清单所在的工作表、表格后再导入"
    )


# per root element of a streamed part: the tags of its cells (or shared strings) and of its merged ranges, as
# bytes, with or without a namespace prefix; text cannot hold "<", so only a comment could be miscounted (over)
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>")
_STRING_TAGS = (b"<si ", b"<si>", b"<si/>", b":si ", b":si>", b":si/>")
_MERGE_TAGS = (b"<mergeCell ", b":mergeCell ")
_TAGS = {"worksheet": (_CELL_TAGS, _MERGE_TAGS), "sst": (_STRING_TAGS, ())}


class _Root(Exception):
    """The first element: the prolog, where a DOCTYPE would be, is over."""

    def __init__(self, name: str) -> None:
        self.name = name


class _Doctype(Exception):
    pass


class _Package:
    """One package's check, part by part: what has unpacked so far, each part's root, the cells counted."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.streamed = path, STREAMED.get(kind)
        self.limit = (limits.MAX_DOCX_UNZIPPED_MB if kind == "docx" else limits.MAX_UNZIPPED_MB) * limits.MB
        self.unpacked = self.cells = self.strings = 0
        self.roots: dict[str, str] = {}

    def part(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Read one part through: count what it really unpacks to, refuse a DOCTYPE in its prolog, count the cells
        of a worksheet and the strings a workbook shares."""
        prolog: Any = expat.ParserCreate()
        prolog.StartDoctypeDeclHandler = _doctype
        prolog.EntityDeclHandler = _doctype
        prolog.StartElementHandler = _root
        size, root, tail = 0, "", b""
        items = merges = 0
        tags: tuple[tuple[bytes, ...], tuple[bytes, ...]] = ((), ())
        with archive.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if self.unpacked + size > self.limit:
                    raise QingdanError(_unpacked(self.path, self.unpacked + size, self.limit))
                if prolog is not None:
                    try:
                        prolog.Parse(chunk, False)
                    except _Doctype:
                        raise QingdanError(
                            f"「{self.path.name}」的部件「{info.filename}」声明了 XML 实体（DOCTYPE）。Excel、WPS、Word "
                            "保存的文件从不这样写，它可以让读取的程序展开成巨量文字或读出本机的文件，qingdan 不读这样的文件；"
                            "请确认文件的来源，在 Excel、WPS 或 Word 中打开、另存后再导入"
                        ) from None
                    except _Root as found:
                        root, prolog = found.name.rpartition(":")[2], None
                        if self.streamed is not None and root in self.streamed:
                            tags = _TAGS.get(root, ((), ()))
                    except expat.ExpatError:
                        prolog = None  # not XML (a picture): nothing a parser reads as a DTD
                if tags[0]:
                    text = tail + chunk  # a tag cut in two by the chunks is counted once, here
                    items += sum(text.count(t) for t in tags[0])
                    merges += sum(text.count(t) for t in tags[1])
                    tail = chunk[-5:]
                    self._counted(info.filename, root, items, merges)
        self.unpacked += size
        self.roots[info.filename] = root
        if root == "worksheet":
            self.cells += items
        elif root == "sst":
            self.strings += items
        whole = self.streamed is not None and root not in (*self.streamed, "")
        if whole and size > limits.MAX_PART_MB * limits.MB:
            raise QingdanError(
                f"「{self.path.name}」的部件「{info.filename}」解压后有 {size / limits.MB:.0f} MB，"
                f"超过导入的上限 {limits.MAX_PART_MB} MB；表格的这一部分（样式、工作表名录、属性等）不会这么大，"
                "请在 Excel 或 WPS 中打开、另存为 .xlsx 后再导入"
            )

    def _counted(self, part: str, root: str, items: int, merges: int) -> None:
        name = self.path.name
        if root == "worksheet" and self.cells + items > limits.MAX_CELLS:
            raise QingdanError(_too_many_cells(name, f"部件「{part}」"))
        if root == "sst" and self.strings + items > limits.MAX_CELLS:
            raise QingdanError(_too_many_strings(name))
        if merges > limits.MAX_MERGES:
            raise QingdanError(_too_many_merges(name, f"部件「{part}」"))


def _too_many_cells(file: str, sheet: str) -> str:
    return (
        f"「{file}」的{sheet}存了超过 {limits.MAX_CELLS // 10000} 万个单元格，超过导入的上限；"
        "多半是清单以外的大片空白单元格带了格式（或是恶意构造的文件）：删去清单以外的行列，"
        "或把清单复制到新表格后再导入"
    )


def _too_many_strings(file: str) -> str:
    return (
        f"「{file}」共享了超过 {limits.MAX_CELLS // 10000} 万段文字，超过导入的上限；"
        "可能是恶意构造的文件：请确认文件的来源，在 Excel 或 WPS 中打开、另存后再导入"
    )


def _too_many_merges(file: str, sheet: str) -> str:
    return (
        f"「{file}」的{sheet}有超过 {limits.MAX_MERGES} 个合并单元格，超过导入的上限；清单不会合并这么多处，"
        "可能是恶意构造的文件：请确认文件的来源，或把清单复制到新表格后再导入"
    )


def _doctype(*_: object) -> None:
    raise _Doctype


def _root(name: str, *_: object) -> None:
    raise _Root(name)


# -- the cells of an .xlsx ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell: its formula as Excel's formula bar shows it, and whether the file keeps its value."""

    text: str  # "=SUM(B2:B9)"
    cached: bool  # the file holds the value Excel last computed (a file written by a program may not)


@dataclass(slots=True)
class SheetScan:
    """What one worksheet holds, found before it is read."""

    name: str
    part: str  # its part in the package, e.g. xl/worksheets/sheet1.xml
    rows: int = 0  # the last row and column holding a value, a formula or an inline text
    cols: int = 0
    merges: list[Merge] = field(default_factory=list)
    formulas: dict[tuple[int, int], Formula] = field(default_factory=dict)  # (row, col), 1-based


@dataclass(slots=True)
class Sheet:
    """One worksheet as read: its name, its scan, and its rows of cell values up to the last one holding any."""

    name: str
    scan: SheetScan
    rows: list[list[Any]]


@dataclass(frozen=True, slots=True)
class _Book:
    """What reading a workbook's cells needs besides them: its shared strings and how its numbers are dates."""

    strings: list[str]
    dates: frozenset[int]  # style ids whose number format is a date or time
    durations: frozenset[int]  # style ids whose number format is a duration ([h]:mm)
    epoch: Any  # the workbook's date system (1900 or 1904)


def read_xlsx(path: Path, roots: dict[str, str]) -> list[Sheet]:
    """Every worksheet of an .xlsx (`roots` as `check_zip` found them) as rows of values, as openpyxl's read-only
    mode gives them; a QingdanError past a cap or for a broken part.

    openpyxl finds the sheets, the shared strings and the date formats (parts `check_zip` capped); the
    cells are read in one pass with lxml, which also scans them (SheetScan), so nothing past the caps is
    ever built, and a sheet is read no further than its content reaches.
    """
    from lxml import etree  # imported here: only an import of a workbook pays for lxml and openpyxl

    try:
        parts, strings_part, book = _structure(path)
        with zipfile.ZipFile(path) as archive:
            if strings_part is not None:
                with archive.open(strings_part) as fh:
                    book = _Book(_strings(fh, path.name, etree), book.dates, book.durations, book.epoch)
            out: list[Sheet] = []
            stored = 0
            for name, part in parts:
                with archive.open(part) as fh:
                    sheet, count = _read_sheet(fh, name, part, path.name, stored, book, etree)
                stored += count
                if sum(s.scan.rows * s.scan.cols for s in out) + sheet.scan.rows * sheet.scan.cols > limits.MAX_CELLS:
                    raise QingdanError(
                        f"「{path.name}」的 {len(out) + 1} 张工作表合起来超过导入的上限"
                        f"（{limits.MAX_CELLS // 10000} 万个单元格）；请只保留清单所在的工作表后再导入"
                    )
                out.append(sheet)
            return out
    except QingdanError:
        raise
    except etree.XMLSyntaxError as exc:
        raise QingdanError(_broken(path.name, str(exc))) from None
    except Exception as exc:  # a damaged or hostile package fails in openpyxl, lxml or zipfile in many ways
        raise QingdanError(f"无法读取「{path.name}」：不是有效的 .xlsx 文件（{_short(str(exc))}）") from None


def _structure(path: Path) -> tuple[list[tuple[str, str]], str | None, _Book]:
    """(name, part) of each worksheet in workbook order, the shared strings part, and the date formats, found as
    openpyxl finds them (its manifest, workbook and stylesheet readers), without reading any cell."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.xml.constants import SHARED_STRINGS

    with path.open("rb") as fh, warnings.catch_warnings():  # a file object: openpyxl refuses other names
        warnings.simplefilter("ignore")  # "extension is not supported", "no default style": nothing about cells
        reader = ExcelReader(fh, read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            parts = [
                (sheet.name, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            found = reader.package.find(SHARED_STRINGS)
        finally:
            reader.archive.close()
    wb = reader.wb
    # openpyxl keeps the style ids of date and duration formats on the workbook for its own worksheet reader
    book = _Book([], frozenset(wb._date_formats), frozenset(wb._timedelta_formats), wb.epoch)
    return parts, found.PartName[1:] if found is not None else None, book


def _broken(file: str, why: str, sheet: str = "") -> str:
    where = f"工作表「{sheet}」" if sheet else "其中的 XML"
    return (
        f"无法读取「{file}」：{where}已损坏（{_short(why)}）；文件可能没有下载完整，"
        "请在 Excel 或 WPS 中打开、另存为 .xlsx 后再导入"
    )


def _read_sheet(
    fh: BinaryIO, name: str, part: str, file: str, stored: int, book: _Book, etree: Any
) -> tuple[Sheet, int]:
    """One worksheet part, streamed: (the sheet, the cells it stores). Counters follow openpyxl's: a row or a cell
    without its reference comes after the one before it."""
    scan = _Scan(SheetScan(name, part), file, stored, book)
    events = etree.iterparse(
        fh,
        events=("start", "end"),
        tag=("{*}row", "{*}c", "{*}mergeCell"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        for event, el in events:
            tag = el.tag.rpartition("}")[2]
            if tag == "row":
                scan.row(event, el)
            elif event == "end":
                if tag == "c":
                    scan.cell(el)
                else:
                    scan.merge(el)
                el.clear()
    except etree.XMLSyntaxError as exc:
        raise QingdanError(_broken(file, str(exc), name)) from None
    sheet = scan.finish()
    rows: list[list[Any]] = [[None] * sheet.cols for _ in range(sheet.rows)]
    for (r, c), value in scan.values.items():
        if r <= sheet.rows and c <= sheet.cols:
            rows[r - 1][c - 1] = value
    return Sheet(name, sheet, rows), scan.count


class _Scan:
    """The state of one sheet's reading."""

    def __init__(self, sheet: SheetScan, file: str, stored: int, book: _Book) -> None:
        self.sheet, self.file, self.stored, self.book = sheet, file, stored, book
        self.at_row = self.at_col = self.count = self.merges = 0
        self.values: dict[tuple[int, int], Any] = {}
        self.masters: dict[str, tuple[str, int, int]] = {}  # shared formula id -> (text, row, col) of its first cell
        self.shared: dict[tuple[int, int], str] = {}  # cells that use a shared formula -> its id

    def row(self, event: str, el: Any) -> None:
        if event == "start":
            r = el.get("r")
            self.at_row = _number(r, MAX_ROW, self.file, self.sheet.name) if r else self.at_row + 1
            self.at_col = 0
            return
        el.clear()  # rows read are dropped, so a long sheet is never held as a tree
        while el.getprevious() is not None:
            del el.getparent()[0]

    def merge(self, el: Any) -> None:
        self.merges += 1
        if self.merges > limits.MAX_MERGES:
            raise QingdanError(_too_many_merges(self.file, f"「{self.sheet.name}」"))
        merge = _range(el.get("ref") or "")
        if merge is not None:
            self.sheet.merges.append(merge)

    def cell(self, el: Any) -> None:
        self.count += 1
        name = self.sheet.name
        if self.stored + self.count > limits.MAX_CELLS:
            raise QingdanError(_too_many_cells(self.file, f"「{name}」"))
        ref = el.get("r")
        if ref:
            row, self.at_col = _cell(ref, self.file, name)
        else:
            row, self.at_col = self.at_row, self.at_col + 1
            if self.at_col > MAX_COL:
                raise QingdanError(f"无法读取「{self.file}」：「{name}」第 {row} 行的单元格超出了 Excel 的最后一列")
        col = self.at_col
        kind = el.get("t") or "n"
        value = inline = formula = None
        saved = False  # the file keeps a value for it (for a formula: the result Excel computed, "" included)
        for child in el:
            tag = child.tag.rpartition("}")[2]
            if tag == "v":
                value = child.text or None  # as openpyxl: an empty value is none
                saved = value is not None or kind == "str"
            elif tag == "is":
                inline = _text(child)
            elif tag == "f":
                formula = child
        if kind == "inlineStr":
            value = inline
        elif value is not None:
            value = self._value(kind, value, el.get("s"), ref or f"{row},{col}")
        if formula is not None:
            self._formula(formula, row, col, saved)
        if value is not None:
            self.values[(row, col)] = value
        if value is not None or formula is not None:
            sheet = self.sheet
            sheet.rows, sheet.cols = max(sheet.rows, row), max(sheet.cols, col)
            if sheet.rows * sheet.cols > limits.MAX_CELLS:
                check_size(self.file, name, sheet.rows, sheet.cols)

    def _value(self, kind: str, text: str, style: str | None, where: str) -> Any:
        """A cell's value as openpyxl's read-only, data-only reader gives it."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        try:
            if kind == "s":
                return self.book.strings[int(text)]
            if kind == "b":
                return bool(int(text))
            if kind in ("str", "e"):
                return text
            if kind == "d":
                return from_ISO8601(text)
            number: Any = float(text) if "." in text or "E" in text or "e" in text else int(text)
            if style and int(style) in self.book.dates:
                try:
                    return from_excel(number, self.book.epoch, timedelta=int(style) in self.book.durations)
                except (OverflowError, ValueError):
                    return number  # a date Excel cannot have: the number as it is, not openpyxl's #VALUE!
            return number
        except (ValueError, IndexError, OverflowError, TypeError):
            raise QingdanError(
                f"无法读取「{self.file}」：工作表「{self.sheet.name}」的单元格 {_short(where, 20)} 的值"
                f"「{_short(text, 20)}」不是它的类型（{kind}）该有的写法；文件已损坏，请在 Excel 或 WPS 中打开、"
                "另存为 .xlsx 后再导入"
            ) from None

    def _formula(self, formula: Any, row: int, col: int, cached: bool) -> None:
        text, si = formula.text or "", formula.get("si")
        if formula.get("t") == "shared" and si is not None:
            if text:
                self.masters.setdefault(si, (text, row, col))
            else:
                self.shared[(row, col)] = si
        self.sheet.formulas[(row, col)] = Formula("=" + text if text else "", cached)

    def finish(self) -> SheetScan:
        for at, si in self.shared.items():  # a cell that uses a shared formula holds none: moved from the first
            self.sheet.formulas[at] = Formula(_translated(self.masters.get(si), at), self.sheet.formulas[at].cached)
        return self.sheet


def _text(el: Any) -> str:
    """The text of a shared or inline string: its <t>, and the <t> of its runs; not its phonetic reading (rPh)."""
    out = []
    for child in el:
        tag = child.tag.rpartition("}")[2]
        if tag == "t":
            out.append(child.text or "")
        elif tag == "r":
            out += [t.text or "" for t in child if t.tag.rpartition("}")[2] == "t"]
    return "".join(out)


def _strings(fh: BinaryIO, file: str, etree: Any) -> list[str]:
    """The shared strings, as openpyxl reads them, counted as they come."""
    out = []
    events = etree.iterparse(
        fh, events=("end",), tag="{*}si", resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    for count, (_, el) in enumerate(events, start=1):
        if count > limits.MAX_CELLS:
            raise QingdanError(_too_many_strings(file))
        out.append(_text(el).replace("x005F_", ""))  # openpyxl's reading of an escaped underscore, kept
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    return out


def _translated(master: tuple[str, int, int] | None, at: tuple[int, int]) -> str:
    """The text of a shared formula at `at`, moved from its first cell as Excel does."""
    if master is None:
        return ""
    from openpyxl.formula.translate import Translator

    text, row, col = master
    try:
        return Translator("=" + text, _name(row, col)).translate_formula(_name(*at))
    except Exception:  # a formula openpyxl's tokenizer cannot move: its first cell's text, said to be shared
        return "=" + text


def _name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def _cell(ref: str, file: str, sheet: str) -> tuple[int, int]:
    m = _COORD.fullmatch(ref)
    if m is None:
        raise QingdanError(f"无法读取「{file}」：「{sheet}」里有位置写错的单元格「{_short(ref)}」；文件已损坏")
    return _number(m[2], MAX_ROW, file, sheet), _column(m[1].upper(), file, sheet)


@functools.cache
def _letters(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _column(letters: str, file: str, sheet: str) -> int:
    n = _letters(letters)
    if n > MAX_COL:
        raise QingdanError(f"无法读取「{file}」：「{sheet}」里有单元格超出了 Excel 的最后一列（{letters}）；文件已损坏")
    return n


def _number(text: str, most: int, file: str, sheet: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= most:
        raise QingdanError(f"无法读取「{file}」：「{sheet}」里有行号不对的行或单元格（{_short(text)}）；文件已损坏")
    return n


def _range(ref: str) -> Merge | None:
    """ "A1:H1" as a Merge; None for one cell or a reference that is not a range."""
    first, sep, last = ref.partition(":")
    a, b = _COORD.fullmatch(first), _COORD.fullmatch(last)
    if not sep or a is None or b is None:
        return None
    top, bottom = sorted((int(a[2]), int(b[2])))
    left, right = sorted((_letters(a[1].upper()), _letters(b[1].upper())))
    if top < 1 or left < 1 or (top, left) == (bottom, right):
        return None
    return Merge(top, left, min(bottom, MAX_ROW), min(right, MAX_COL))


def _short(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most] + "…"
