"""Word documents in the GB/T 9704-2012 layout (党政机关公文格式): a portrait first page, the lists as landscape 附件.

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text block 156 mm × 225 mm),
22 lines × 28 characters of 3号 text: the document grid says so (linesAndChars, as Word's 页面设置 shows
it), and the text keeps it without snapping to the grid: lines exactly 28.95 pt apart, characters 0.25 pt
tighter, which Word and LibreOffice lay out alike. Fonts are set by name (ascii, hAnsi
and eastAsia) in the styles and in every run; a machine without them shows substitutes, Word
falls back to the altName given in the font table (仿宋_GB2312 -> 仿宋 and so on).

Each table of a document is one 附件 in its own landscape section, turned so that its head
lies at the binding edge (GB/T 9704 §10.2: top 28 mm, bottom 26 mm, left 35 mm, right 37 mm):
"附件N" on line 1, the title on line 3, then the table, its header row repeated on every page
and its groups (domain, area, category) as rows merged across all columns. Cells are 仿宋
小四 (12 pt), or 五号 (10.5 pt) when a table has seven columns or more.

The words come from templates/docx/cover.txt.j2 and annex.txt.j2, one paragraph a line.
"""

from __future__ import annotations

import copy
import functools
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph
from jinja2 import Environment
from lxml import etree

from qingdan.errors import QingdanError
from qingdan.model import DataSet
from qingdan.render._ooxml import core_time, reproducible_zip
from qingdan.render.documents import Column, Document, Table, chinese_number
from qingdan.render.templates import numbered, render_template, safe_stem

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
KAI_FONT = "楷体_GB2312"
SONG_FONT = "宋体"
# what Word shows when a font is missing (w:altName in the font table)
_ALT_NAMES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", KAI_FONT: "楷体", HEI_FONT: "SimHei", SONG_FONT: "SimSun"}

SIZE_2, SIZE_3, SIZE_4, SIZE_SMALL_4, SIZE_5 = 22.0, 16.0, 14.0, 12.0, 10.5
LINE = Pt(28.95)  # 22 lines in the 225 mm text block
_LINE_PITCH = "579"  # the same, in twentieths of a point (w:docGrid)
_CHAR_SPACE = "-849"  # 28 characters of 3号 in 156 mm: (156 mm / 28 - 16 pt) in 1/4096 pt
_TRACKING = -5  # the same as character spacing, in twentieths of a point: 28 × 15.75 pt fit in 156 mm
_PORTRAIT = {"width": Mm(210), "height": Mm(297), "top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
_LANDSCAPE = {"width": Mm(297), "height": Mm(210), "top": Mm(28), "bottom": Mm(26), "left": Mm(35), "right": Mm(37)}
_CELL_MARGIN = 108  # twips each side (the Table Grid style)
_KEEP_WHOLE = 110  # points: a row shorter than this (a quarter of a landscape page) is not split across pages
_WIDE_TABLE = 7  # columns from which cells drop to 五号


@dataclass(frozen=True, slots=True)
class _Look:
    font: str
    size: float
    align: WD_ALIGN_PARAGRAPH
    indent: int = 0  # first-line indent in characters
    right: int = 0  # right indent in characters
    exact: bool = True  # lines exactly 28.95 pt apart; else single spacing (tables, page numbers)
    outline: int | None = None


# paragraph styles, by the name Word shows
_LOOKS = {
    "Normal": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2),
    "公文标题": _Look(TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER),
    "公文副标题": _Look(KAI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER),
    "发文信息": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER),
    "附件标识": _Look(HEI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT),
    "落款": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, right=4),
    "一级标题": _Look(HEI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2, outline=0),
    "二级标题": _Look(KAI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2, outline=1),
    "三级标题": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2, outline=2),
    "四级标题": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2, outline=3),
    "表头": _Look(HEI_FONT, SIZE_SMALL_4, WD_ALIGN_PARAGRAPH.CENTER, exact=False),
    # left, not justified: a narrow cell of citations (《…》（青政发〔2021〕8号）) justified opens gaps between characters
    "表格文字": _Look(BODY_FONT, SIZE_SMALL_4, WD_ALIGN_PARAGRAPH.LEFT, exact=False),
    "分组行": _Look(HEI_FONT, SIZE_SMALL_4, WD_ALIGN_PARAGRAPH.LEFT, exact=False),
    "页码": _Look(SONG_FONT, SIZE_4, WD_ALIGN_PARAGRAPH.RIGHT, exact=False),
}
# the markers a template line may start with
_TAGS = {
    "标题": "公文标题",
    "副标题": "公文副标题",
    "发文": "发文信息",
    "附件": "附件标识",
    "落款": "落款",
    "正文": "Normal",
}
_BLANK = "空行"
_LATIN_EM = 0.62  # digits and letters are half a character in 仿宋, a little more in the fonts that stand in for it
_WORD = re.compile(r"[0-9A-Za-z\-./]+")  # breaks only at its ends
_TAG = re.compile(r"^\[([^\]]+)\](.*)$")
# GB/T 9704 §7.3.3: 一、（一）1.（1）
_HEADINGS = (
    (re.compile(r"^[一二三四五六七八九十百]+、"), "一级标题"),
    (re.compile(r"^（[一二三四五六七八九十百]+）"), "二级标题"),
    (re.compile(r"^\d+[.．]"), "三级标题"),
    (re.compile(r"^（\d+）"), "四级标题"),
)

_PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl",
    "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)  # fmt: skip

_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
    "em", "lang", "eastAsianLayout", "specVanish", "oMath",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Annex:
    """One 附件: a table with its number and titles, as the templates see it."""

    number: int
    number_cn: str
    title: str
    subtitle: str
    rows: int
    groups: int
    table: Table


def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
    """Lay out each document as one .docx; return {file name: bytes}."""
    return {
        f"{safe_stem(d.stem)}.docx": reproducible_zip(_save(_compose(d, env), d, epoch), epoch, _FIXES)
        for d in documents
    }


def annexes(doc: Document) -> list[Annex]:
    """The 附件 of a document: one per table, numbered across its parts."""
    found = []
    for part in doc.parts:
        for table in part.tables:
            n = len(found) + 1
            titled = sum(1 for g in table.groups if g.title)
            found.append(Annex(n, chinese_number(n), part.title, table.title, table.row_count, titled, table))
    return found


def _compose(doc: Document, env: Environment) -> WordDocument:
    word = docx.Document()
    _set_up(word)
    listed = annexes(doc)
    context = {
        "doc": doc,
        "annexes": listed,
        "total": sum(a.rows for a in listed),
        "effective_date": _date(doc.effective_date),
    }
    _lines(word, env, "docx/cover.txt.j2", context)
    for annex in listed:
        section = _new_section(word)
        _page(section, _LANDSCAPE)
        section.orientation = WD_ORIENT.LANDSCAPE
        _lines(word, env, "docx/annex.txt.j2", {**context, "annex": annex})
        _table(word, annex.table)
    return word


# ---- the page ---------------------------------------------------------------------------------


def _set_up(word: WordDocument) -> None:
    """Styles, page, grid, footers and settings shared by every section."""
    _defaults(word)
    styles = word.styles
    for name, look in _LOOKS.items():
        style = styles[name] if name == "Normal" else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name != "Normal":
            style.base_style = styles["Normal"]
            style.quick_style = True
        _style_look(style, look)
    section = word.sections[0]
    _page(section, _PORTRAIT)
    section.orientation = WD_ORIENT.PORTRAIT
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), _LINE_PITCH)
    grid.set(qn("w:charSpace"), _CHAR_SPACE)
    word.settings.odd_and_even_pages_header_footer = True
    lang = word.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    # the template's thumbnail shows an empty python-docx page in file browsers
    package = word.part.package
    for rid, rel in sorted(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def _defaults(word: WordDocument) -> None:
    """Document defaults without theme fonts, in Chinese, with no space after paragraphs."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr.find(qn("w:rFonts"))
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{theme}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), BODY_FONT)
    for tag in ("sz", "szCs"):
        rpr.find(qn(f"w:{tag}")).set(qn("w:val"), str(int(SIZE_3 * 2)))
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "0")


def _page(section, page: dict) -> None:
    section.page_width, section.page_height = page["width"], page["height"]
    section.top_margin, section.bottom_margin = page["top"], page["bottom"]
    section.left_margin, section.right_margin = page["left"], page["right"]
    section.header_distance = Mm(15)
    # GB/T 9704 §7.5: the dash above the page number lies 7 mm below the text block
    section.footer_distance = page["bottom"] - Mm(7) - Mm(6)
    section.gutter = Mm(0)


def _new_section(word: WordDocument):
    section = word.add_section(WD_SECTION.NEW_PAGE)
    # python-docx ends the previous section with an empty paragraph: make it as small as can be
    body = word.element.body
    holder = body.xpath("./w:p[w:pPr/w:sectPr]")[-1]
    spacing = _ppr_child(holder.get_or_add_pPr(), "spacing")
    spacing.set(qn("w:line"), "20")
    spacing.set(qn("w:lineRule"), "exact")
    _ppr_child(holder.get_or_add_pPr(), "snapToGrid").set(qn("w:val"), "0")
    return section


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— 1 —" in 4号 宋体; odd pages one character in from the right, even pages from the left."""
    _style(paragraph, "页码")
    paragraph.alignment = align
    inset = Pt(SIZE_4)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = inset
    else:
        paragraph.paragraph_format.left_indent = inset
    _run(paragraph, "— ", SONG_FONT, SIZE_4)
    _field_char(_run(paragraph, "", SONG_FONT, SIZE_4), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _run(paragraph, "", SONG_FONT, SIZE_4).append(instruction)
    _field_char(_run(paragraph, "", SONG_FONT, SIZE_4), "separate")
    _run(paragraph, "1", SONG_FONT, SIZE_4)
    _field_char(_run(paragraph, "", SONG_FONT, SIZE_4), "end")
    _run(paragraph, " —", SONG_FONT, SIZE_4)


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)


# ---- paragraphs -------------------------------------------------------------------------------


def _lines(word: WordDocument, env: Environment, template: str, context: dict) -> None:
    """Add one paragraph for each line the template renders."""
    text = render_template(env, template, **context)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _TAG.match(line)
        if match and match.group(1) == _BLANK:
            _paragraph(word, "Normal", "")
        elif match:
            if match.group(1) not in _TAGS:
                known = "".join(f"[{t}]" for t in (*_TAGS, _BLANK))
                raise QingdanError(f"模板「{template}」里的标记「[{match.group(1)}]」不认识；可用的有 {known}")
            _paragraph(word, _TAGS[match.group(1)], match.group(2).strip())
        else:
            _paragraph(word, *_classify(line))


def _classify(line: str) -> tuple[str, str, str]:
    """The style of a body line, its heading part and the sentences after it."""
    for pattern, style in _HEADINGS:
        if pattern.match(line):
            head, stop, rest = line.partition("。")
            return (style, head + stop, rest) if rest else (style, line, "")
    return "Normal", line, ""


def _paragraph(word: WordDocument, style: str, text: str, rest: str = "") -> Paragraph:
    paragraph = word.add_paragraph()
    _style(paragraph, style)
    look = _LOOKS[style]
    if text:
        _run(paragraph, text, look.font, look.size)
    if rest:
        _run(paragraph, rest, BODY_FONT, look.size)
    return paragraph


def _style(paragraph: Paragraph, name: str) -> None:
    # python-docx's `paragraph.style = name` searches every style each time; our style ids are our names
    paragraph._p.get_or_add_pPr().style = None if name == "Normal" else name


def _run(paragraph: Paragraph, text: str, font: str, size: float):
    """Append a run in `font` and `size`; returns the w:r element."""
    run = copy.deepcopy(_run_prototype(font, size, bool(text)))
    if text:
        run[-1].text = text
    paragraph._p.append(run)
    return run


@functools.cache
def _run_prototype(font: str, size: float, text: bool):
    # python-docx builds each run child by child (about a millisecond a run); copying a finished one is quick
    run = OxmlElement("w:r")
    rpr = run.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), font)
    for tag in ("sz", "szCs"):
        _ppr_child(rpr, tag, _RPR_ORDER).set(qn("w:val"), str(round(size * 2)))
    if text:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        run.append(t)
    return run


def _font(font, rpr, name: str, size: float) -> None:
    """Name the font for Latin and East-Asian text alike (python-docx sets only ascii and hAnsi)."""
    font.name = name
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), name)
    font.size = Pt(size)


def _style_look(style, look: _Look) -> None:
    _font(style.font, style.element.get_or_add_rPr(), look.font, look.size)
    style.font.bold = False
    fmt = style.paragraph_format
    fmt.alignment = look.align
    fmt.space_before = fmt.space_after = Pt(0)
    ppr = style.element.get_or_add_pPr()
    # Word squeezes characters into the grid but LibreOffice widens each to two cells; so nothing snaps to the
    # grid and 3号 text is set 0.25 pt tighter instead, 28 characters to a line in either (the grid stays declared)
    _ppr_child(ppr, "snapToGrid").set(qn("w:val"), "0")
    # no extra space between Chinese and digits or Latin letters, which would break the 28-character line
    _ppr_child(ppr, "autoSpaceDE").set(qn("w:val"), "0")
    _ppr_child(ppr, "autoSpaceDN").set(qn("w:val"), "0")
    tracking = _TRACKING if look.size == SIZE_3 else 0
    _ppr_child(style.element.get_or_add_rPr(), "spacing", _RPR_ORDER).set(qn("w:val"), str(tracking))
    if look.exact:
        fmt.line_spacing = LINE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    char = Pt(look.size)
    fmt.first_line_indent = char * look.indent if look.indent else Pt(0)
    fmt.right_indent = char * look.right if look.right else None
    ind = _ppr_child(ppr, "ind")
    # Word counts these in hundredths of a character, so the indent follows the font size
    ind.set(qn("w:firstLineChars"), str(look.indent * 100))
    if look.right:
        ind.set(qn("w:rightChars"), str(look.right * 100))
    if look.outline is not None:
        _ppr_child(ppr, "outlineLvl").set(qn("w:val"), str(look.outline))


def _ppr_child(ppr, tag: str, order: tuple[str, ...] = _PPR_ORDER):
    """The child `tag` of a w:pPr (or w:rPr), created in schema order (Word rejects misordered children)."""
    found = ppr.find(qn(f"w:{tag}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{tag}")
    later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
    for child in ppr:
        if child.tag in later:
            child.addprevious(element)
            break
    else:
        ppr.append(element)
    return element


# ---- tables -----------------------------------------------------------------------------------


def _table(word: WordDocument, table: Table) -> WordTable:
    columns = table.columns
    size = SIZE_5 if len(columns) >= _WIDE_TABLE else SIZE_SMALL_4
    total = _text_width(_LANDSCAPE)
    widths = column_widths(table, total, size)
    grid = word.add_table(rows=1, cols=len(columns))
    grid.style = word.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tbl_w = grid._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(total))
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Twips(width)
    header = grid.rows[0]
    _row_flags(header, "tblHeader", "cantSplit")
    for cell, column, width in zip(header.cells, columns, widths, strict=True):
        cell.width = Twips(width)
        _cell(cell, (column.title,), "表头", HEI_FONT, size)
    aligns = [_align(c, columns) for c in columns]
    # groups under a table title are the second level (楷体); otherwise the first (黑体)
    group_font = KAI_FONT if table.title else HEI_FONT
    for group in table.groups:
        if group.title:
            row = grid.add_row()
            _row_flags(row, "cantSplit")
            tr = row._tr
            for tc in tr.tc_lst[1:]:
                tr.remove(tc)
            tc = tr.tc_lst[0]
            tc.grid_span = len(columns)
            tc.width = Twips(total)
            cell = row.cells[0]
            _cell(cell, (group.title,), "分组行", group_font, size)
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        for values in group.rows:
            row = grid.add_row()
            cells = [tuple(numbered(lines, column.numbered)) for lines, column in zip(values, columns, strict=True)]
            if _height(cells, widths, size) <= _KEEP_WHOLE:
                _row_flags(row, "cantSplit")
            for cell, lines, align in zip(row.cells, cells, aligns, strict=True):
                _cell(cell, lines, "表格文字", BODY_FONT, size, align)
    return grid


def _cell(cell, lines: tuple[str, ...], style: str, font: str, size: float, align=None) -> None:
    tc = cell._tc
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    tc.get_or_add_tcPr().append(valign)
    for p in tc.p_lst:
        tc.remove(p)
    for line in lines or ("",):
        p = copy.deepcopy(_paragraph_prototype(style, align))
        tc.append(p)
        if line:
            _run(Paragraph(p, cell), line, font, size)


@functools.cache
def _paragraph_prototype(style: str, align: WD_ALIGN_PARAGRAPH | None):
    paragraph = Paragraph(OxmlElement("w:p"), None)
    _style(paragraph, style)
    if align is not None:
        paragraph.alignment = align
    return paragraph._p


def _row_flags(row, *flags: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    for flag in flags:
        tr_pr.append(OxmlElement(f"w:{flag}"))


def _align(column: Column, columns: tuple[Column, ...]) -> WD_ALIGN_PARAGRAPH | None:
    """Short values (序号, 权力类型, 镇街…) sit centred, names read from the left, long text is justified."""
    share = column.weight / sum(c.weight for c in columns)
    if share <= 0.07:
        return WD_ALIGN_PARAGRAPH.CENTER
    return None if share > 0.15 else WD_ALIGN_PARAGRAPH.LEFT


def _height(cells: list[tuple[str, ...]], widths: list[int], size: float) -> float:
    """About how tall a row sets, in points (CJK characters one em, others half)."""
    tallest = 0
    for lines, width in zip(cells, widths, strict=True):
        per_line = max(1, int((width - 2 * _CELL_MARGIN) / 20 / size))
        count = sum(max(1, math.ceil(sum(1 if ord(ch) > 0x2E7F else 0.5 for ch in line) / per_line)) for line in lines)
        tallest = max(tallest, count)
    return tallest * size * 1.3


def _text_width(page: dict) -> int:
    return round((page["width"] - page["left"] - page["right"]) / Twips(1))


def column_widths(table: Table, total: int, size: float) -> list[int]:
    """Column widths in twips from the weights, across `total` twips.

    No column is narrower than its header set two to four characters a line, nor than its
    longest unbreakable run of digits or letters (a code, a phone number), up to eight characters.
    """
    columns = table.columns
    longest = [0.0] * len(columns)
    for group in table.groups:
        for row in group.rows:
            for i, lines in enumerate(row):
                for line in lines:
                    for word in _WORD.findall(line):
                        longest[i] = max(longest[i], min(len(word) * _LATIN_EM, 8))
    least = [
        2 * _CELL_MARGIN + round((max(min(max(len(c.title), 2), 4), longest[i]) + 0.5) * size * 20)
        for i, c in enumerate(columns)
    ]
    if sum(least) >= total:
        least = [0] * len(columns)
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(columns)) if i not in fixed]
        room = total - sum(fixed.values())
        weight = sum(columns[i].weight for i in free)
        share = {i: room * columns[i].weight / weight for i in free}
        low = [i for i in free if share[i] < least[i]]
        if not low:
            break
        fixed.update({i: least[i] for i in low})
    widths = [fixed[i] if i in fixed else int(share[i]) for i in range(len(columns))]
    widest = max(free, key=lambda i: widths[i])
    widths[widest] += total - sum(widths)
    return widths


# ---- the file ---------------------------------------------------------------------------------


def _save(word: WordDocument, doc: Document, epoch: int) -> bytes:
    when = core_time(epoch)
    props = word.core_properties
    props.title = doc.title
    props.subject = doc.document_number
    props.author = props.last_modified_by = doc.authority
    props.comments = ""
    props.keywords = doc.version
    props.revision = 1
    props.created = props.modified = when
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _font_table(data: bytes) -> bytes:
    """List the fonts used, each with the Chinese charset and the name Word should fall back to."""
    root = parse_xml(data)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in _ALT_NAMES.items():
        if name in present:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("altName", alt), ("charset", "86"), ("family", "auto"), ("pitch", "variable")):
            child = OxmlElement(f"w:{tag}")
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_FIXES: dict[str, Callable[[bytes], bytes]] = {"word/fontTable.xml": _font_table}


def _date(value: str) -> str:
    """2022-07-01 -> 2022年7月1日; anything else as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value or "")
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else value
