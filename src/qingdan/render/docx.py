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
小四 (12 pt), or 五号 (10.5 pt) when a table has seven columns or more. A row is not split across
pages unless it is taller than half a page; 序号 is centred, every other cell reads from the left.

The 公文 parts a data set gives in qingdan.yaml's `publication` are printed where GB/T 9704 §7
puts them: the 版头 (份号, 密级, 紧急程度 top left; 发文机关标志 in red 小标宋, its top 35 mm below the
text block's; 发文字号 two lines below it; a red rule 4 mm under the 发文字号), the 主送机关, 附件说明,
发文机关署名 and 成文日期 (laid out for a seal: the date four characters from the right, the name
centred above it) and 附注 from the cover template, and the 版记 (抄送机关, 印发机关和印发日期 between
a heavy first and last rule and a thin one) at the foot of a last, even, unnumbered page.
A draft (`Document.draft`) carries its word in 3号黑体 in the header of every page.

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
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph
from jinja2 import Environment
from lxml import etree

from qingdan.errors import QingdanError
from qingdan.model import DataSet, Publication
from qingdan.render._ooxml import core_time, reproducible_zip
from qingdan.render.documents import SEQ, Column, Document, Table, chinese_digits, chinese_number
from qingdan.render.templates import numbered, render_template, safe_stem
from qingdan.text import xml_safe

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
# points: a row no taller than half a landscape page (156 mm under a two-line header row) is never split across
# pages; a taller one may be. Kept whole, a row of two thirds of a page leaves a third of the page above it empty
# and can leave a 附件's title alone on its page: the 2025 sample's responsibility list, whose rows quote whole
# excerpts, takes 53 pages so and 71 with every row that fits on a page kept whole (48 when any row may split).
# Word cuts off a row that may not split and is taller than a page, so the rough estimate needs the margin too.
_KEEP_WHOLE = 0.5 * (156 / 25.4 * 72 - 2 * SIZE_SMALL_4 * 1.3)
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
    # the 公文 parts of GB/T 9704 §7 (qingdan.yaml `publication`)
    "版头标注": _Look(HEI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT),  # 份号, 密级和保密期限, 紧急程度
    "发文机关标志": _Look(TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, exact=False),  # its size is set per run
    "发文字号": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER),
    "主送机关": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY),
    "附件说明": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY),  # indents set per line
    "发文机关署名": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, right=4),
    "成文日期": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, right=4),
    "附注": _Look(BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2),
    "抄送机关": _Look(BODY_FONT, SIZE_4, WD_ALIGN_PARAGRAPH.JUSTIFY),  # indents set per line
    "印发机关和印发日期": _Look(BODY_FONT, SIZE_4, WD_ALIGN_PARAGRAPH.LEFT),
    "草稿标记": _Look(HEI_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, exact=False),
}
# the markers a template line may start with
_TAGS = {
    "标题": "公文标题",
    "副标题": "公文副标题",
    "发文": "发文信息",
    "附件": "附件标识",
    "落款": "落款",
    "正文": "Normal",
    "主送": "主送机关",
    "附件说明": "附件说明",
    "署名": "发文机关署名",
    "日期": "成文日期",
    "附注": "附注",
}
_BLANK = "空行"
_LATIN_EM = 0.62  # digits and letters are half a character in 仿宋, a little more in the fonts that stand in for it
_WORD = re.compile(r"[0-9A-Za-z\-./]+")  # breaks only at its ends
_TAG = re.compile(r"^\[([^\]]+)\](.*)$")
# GB/T 9704 §7.3.3: 一、（一）1.（1）
_HEADINGS = (
    (re.compile(r"^[零一二三四五六七八九十百千万亿]+、"), "一级标题"),
    (re.compile(r"^（[零一二三四五六七八九十百千万亿]+）"), "二级标题"),
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
    pub = doc.publication
    context = {
        "doc": doc,
        "annexes": listed,
        "total": sum(a.rows for a in listed),
        "effective_date": _date(doc.effective_date),
        "publication": pub,
        "masthead": bool(pub and pub.issuer_mark),
        "signatory": (pub.signatory or doc.authority) if pub else "",
        "signed": signed_date(pub) if pub else "",
    }
    if pub:
        _masthead(word, pub, doc.document_number)
    _lines(word, env, "docx/cover.txt.j2", context)
    for annex in listed:
        section = _new_section(word)
        _page(section, _LANDSCAPE)
        section.orientation = WD_ORIENT.LANDSCAPE
        _lines(word, env, "docx/annex.txt.j2", {**context, "annex": annex})
        _table(word, annex.table)
    if pub and (pub.cc or pub.printed_by or pub.printed_on):
        _imprint(word, pub)
    draft = doc.draft
    if draft:
        _draft_mark(word, draft)
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


def _new_section(word: WordDocument, start: WD_SECTION = WD_SECTION.NEW_PAGE):
    section = word.add_section(start)
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
    entries: list[tuple[str, str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _TAG.match(line)
        if match and match.group(1) == _BLANK:
            entries.append(("Normal", "", ""))
        elif match:
            if match.group(1) not in _TAGS:
                known = "".join(f"[{t}]" for t in (*_TAGS, _BLANK))
                raise QingdanError(f"模板「{template}」里的标记「[{match.group(1)}]」不认识；可用的有 {known}")
            entries.append((_TAGS[match.group(1)], match.group(2).strip(), ""))
        else:
            entries.append(_classify(line))
    date_right: float | None = None
    for n, (style, line, rest) in enumerate(entries):
        paragraph = _paragraph(word, style, line, rest)
        if style == "附件说明":
            _annex_note(paragraph, line)
        elif style == "发文机关署名":
            date = next((t for s, t, _ in entries[n + 1 : n + 2] if s == "成文日期"), "")
            right, date_right = _sign_off(line, date)
            _indent(paragraph, SIZE_3, right=right)
        elif style == "成文日期" and date_right is not None:
            _indent(paragraph, SIZE_3, right=date_right)


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
        run[-1].text = xml_safe(text)
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


# ---- the 公文 parts (GB/T 9704-2012 §7; qingdan.yaml `publication`) -------------------------


_RED = "FF0000"
_MARK_SIZE = 42.0  # 初号: the 发文机关标志 at most; a long name is set narrower, then smaller
_MARK_NARROWEST = 60  # per cent: how far a long 发文机关标志 is squeezed before it is set smaller
_RULE = 12  # the red rule under the 发文字号: 1.5 pt, in eighths of a point
_RULE_GAP = Mm(4)  # §7.2.7: the red rule lies 4 mm under the 发文字号
_HEAVY, _THIN = 8, 6  # §7.4.1: 版记 rules 0.35 mm (1 pt) first and last, 0.25 mm (0.75 pt) between
_LINES_A_PAGE = 22


def signed_date(pub: Publication) -> str:
    """成文日期 as the 落款 prints it: 2025年2月20日, or 二〇二五年二月二十日 when date_style is chinese."""
    if pub.date_style == "chinese":
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", pub.date)
        if match:
            year = chinese_digits(match[1])
            return f"{year}年{chinese_number(int(match[2]))}月{chinese_number(int(match[3]))}日"
    return _date(pub.date)


def _chars(text: str) -> float:
    """How many 3号 characters wide `text` sets: digits, letters and ASCII punctuation take half a character."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def _masthead(word: WordDocument, pub: Publication, number: str) -> None:
    """份号, 密级 and 紧急程度 one a line at the top left, then the 发文机关标志, the 发文字号 and the red rule."""
    marks = [t for t in (pub.copy_number, pub.secrecy, pub.urgency) if t]
    for text in marks:
        _paragraph(word, "版头标注", text)
    if not pub.issuer_mark:
        return
    size, scale = _mark_size(pub.issuer_mark)
    paragraph = _paragraph(word, "发文机关标志", "")
    rpr = _run(paragraph, pub.issuer_mark, TITLE_FONT, size).find(qn("w:rPr"))
    _ppr_child(rpr, "color", _RPR_ORDER).set(qn("w:val"), _RED)
    if scale < 100:
        _ppr_child(rpr, "w", _RPR_ORDER).set(qn("w:val"), str(scale))
    # §7.2.4: the mark's top edge 35 mm below the top of the text block, under the lines above it; a line set
    # exactly as tall as the type puts the top of the characters about at the top of the line
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(size)
    fmt.space_before = Mm(35) - LINE * len(marks)
    # §7.2.5: the 发文字号 two lines below the mark, centred
    for _ in range(2):
        _paragraph(word, "Normal", "")
    rule = _paragraph(word, "发文字号", number)
    bottom = OxmlElement("w:bottom")
    # the gap is counted from the foot of the line, which lies a descent (about a fifth of the size) under the
    # characters: a line set exactly puts its extra room above them, in Word as in LibreOffice
    gap = max(0, round((_RULE_GAP - Pt(SIZE_3 * 0.22)) / Pt(1)))
    for key, value in (("val", "single"), ("sz", str(_RULE)), ("space", str(gap)), ("color", _RED)):
        bottom.set(qn(f"w:{key}"), value)
    _ppr_child(rule._p.get_or_add_pPr(), "pBdr").append(bottom)


def _mark_size(text: str) -> tuple[float, int]:
    """The point size and horizontal scale (per cent) that fit the 发文机关标志 on one line of the text block."""
    room = (_PORTRAIT["width"] - _PORTRAIT["left"] - _PORTRAIT["right"]) / Pt(1) * 0.97
    wide = max(_chars(text), 1) * _MARK_SIZE
    if wide <= room:
        return _MARK_SIZE, 100
    if wide * _MARK_NARROWEST / 100 <= room:
        return _MARK_SIZE, int(room / wide * 100)
    return math.floor(room / (wide / _MARK_SIZE) / (_MARK_NARROWEST / 100) * 2) / 2, _MARK_NARROWEST


def _indent(paragraph: Paragraph, size: float, left: float = 0, hanging: float = 0, right: float | None = None) -> None:
    """Indents in characters of `size`, in twips for LibreOffice and in hundredths of a character for Word."""
    ind = _ppr_child(paragraph._p.get_or_add_pPr(), "ind")
    char = size * 20
    if left or hanging:
        ind.set(qn("w:left"), str(round(left * char)))
        ind.set(qn("w:leftChars"), str(round(left * 100)))
        ind.set(qn("w:hanging"), str(round(hanging * char)))
        ind.set(qn("w:hangingChars"), str(round(hanging * 100)))
        for attr in ("firstLine", "firstLineChars"):
            ind.attrib.pop(qn(f"w:{attr}"), None)
    if right is not None:
        ind.set(qn("w:right"), str(round(right * char)))
        ind.set(qn("w:rightChars"), str(round(right * 100)))


def _annex_note(paragraph: Paragraph, line: str) -> None:
    """§7.3.4: 附件说明 two characters in, a long name running on under its own first character."""
    head = "附件：" if line.startswith("附件：") else ""
    number = re.match(r"\d+[.．]", line[len(head) :])
    lead = _chars(head) + (_chars(number.group()) if number else 0)
    _indent(paragraph, SIZE_3, left=2 + _chars("附件：") + lead - _chars(head), hanging=lead)


def _sign_off(signatory: str, date: str) -> tuple[float, float]:
    """Right indents (characters) of the 发文机关署名 and the 成文日期 (§7.3.5.1, a sealed document): the date
    four characters from the right, the name centred above it; a name too long for that ends at the margin."""
    name_right = 4 + (_chars(date) - _chars(signatory)) / 2 if date else 4
    shift = max(0.0, -name_right)
    return name_right + shift, 4 + shift


def _imprint(word: WordDocument, pub: Publication) -> None:
    """§7.4: the 版记 at the foot of the last page, an even page without a page number (§7.5)."""
    section = _new_section(word, WD_SECTION.EVEN_PAGE)
    _page(section, _PORTRAIT)
    section.orientation = WD_ORIENT.PORTRAIT
    # off the document grid, or LibreOffice rounds the filler below up to whole grid lines
    grid = section._sectPr.find(qn("w:docGrid"))
    for attr in ("type", "charSpace"):
        grid.attrib.pop(qn(f"w:{attr}"), None)
    # a new section inherits the footers with the page numbers; this one gets empty footers of its own
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    width = _text_width(_PORTRAIT)
    per_line = width / 20 / SIZE_4  # 4号 characters a line
    rows: list[tuple[str, str, int]] = []
    if pub.cc:
        text = "抄送：" + "，".join(pub.cc) + "。"
        # one character in on each side, running on under the first name; a character spare for the estimate
        rows.append(("抄送机关", text, math.ceil((_chars(text) - 3) / (int(per_line) - 6))))
    if pub.printed_by or pub.printed_on:
        when = f"{_date(pub.printed_on)}印发" if pub.printed_on else ""
        text = f"{pub.printed_by}\t{when}" if when else pub.printed_by
        rows.append(("印发机关和印发日期", text, 1 if _chars(text) + 3 <= per_line else 2))
    lines = sum(n for _, _, n in rows)
    fits = lines < _LINES_A_PAGE  # a 版记 of a hundred 抄送机关 runs over the page, from its top
    # what goes before the 版记 fills the page down to it, so its last rule lies on the foot of the text block;
    # the rules themselves and the paragraph Word needs after a table take the four points left over
    filler = _paragraph(word, "Normal", "")
    spacing = _ppr_child(filler._p.get_or_add_pPr(), "spacing")
    spacing.set(qn("w:line"), str(round((_LINES_A_PAGE - lines) * LINE / Twips(1)) - 80 if fits else 20))
    spacing.set(qn("w:lineRule"), "exact")
    grid = word.add_table(rows=len(rows), cols=1)
    grid.autofit = False
    tbl_pr = grid._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(width))
    tbl_pr.append(
        parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="{_HEAVY}" w:space="0" w:color="000000"/>'
            '<w:left w:val="nil"/>'
            f'<w:bottom w:val="single" w:sz="{_HEAVY}" w:space="0" w:color="000000"/><w:right w:val="nil"/>'
            f'<w:insideH w:val="single" w:sz="{_THIN}" w:space="0" w:color="000000"/><w:insideV w:val="nil"/>'
            "</w:tblBorders>"
        )
    )
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )
    grid.columns[0].width = Twips(width)
    char = SIZE_4
    for row, (style, text, count) in zip(grid.rows, rows, strict=True):
        # whole lines; at least, so a row the estimate made too short grows instead of hiding its last line
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(round(count * LINE / Twips(1))))
        height.set(qn("w:hRule"), "atLeast")
        row._tr.get_or_add_trPr().append(height)
        if fits:
            _row_flags(row, "cantSplit")
        cell = row.cells[0]
        cell.width = Twips(width)
        paragraph = cell.paragraphs[0]
        _style(paragraph, style)
        for n, part in enumerate(text.split("\t")):
            if n:
                _run(paragraph, "", BODY_FONT, SIZE_4).append(OxmlElement("w:tab"))
            _run(paragraph, part, BODY_FONT, SIZE_4)
        if style == "抄送机关":  # §7.4.2: one character in on each side, running on under the first name
            _indent(paragraph, SIZE_4, left=4, hanging=3, right=1)
        else:  # §7.4.3: 印发机关 one character from the left, the date one character from the right
            _indent(paragraph, SIZE_4, left=1, right=0)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(width / 20 - char), WD_TAB_ALIGNMENT.RIGHT)
    end = word.add_paragraph()
    spacing = _ppr_child(end._p.get_or_add_pPr(), "spacing")
    spacing.set(qn("w:line"), "20")
    spacing.set(qn("w:lineRule"), "exact")
    _ppr_child(end._p.get_or_add_pPr(), "snapToGrid").set(qn("w:val"), "0")


def _draft_mark(word: WordDocument, text: str) -> None:
    """The draft's word in 3号黑体 at the right of the header of every page (the later sections share it)."""
    section = word.sections[0]
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        _style(paragraph, "草稿标记")
        _run(paragraph, text, HEI_FONT, SIZE_3)


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
    aligns = [_align(c) for c in columns]
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


def _align(column: Column) -> WD_ALIGN_PARAGRAPH:
    """序号 sits centred; every other column reads from the left, narrow or wide: justified, a short cell spreads
    its characters across the column (条　　例) and a citation opens gaps between 《…》 and （青政发〔2021〕8号）."""
    return WD_ALIGN_PARAGRAPH.CENTER if column.title == SEQ else WD_ALIGN_PARAGRAPH.LEFT


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
    props.title = xml_safe(doc.title)
    props.subject = xml_safe(doc.document_number)
    props.author = props.last_modified_by = xml_safe(doc.authority)
    props.comments = ""
    props.keywords = xml_safe(doc.version)
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
