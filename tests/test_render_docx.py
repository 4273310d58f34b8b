"""Word output (GB/T 9704-2012): page and margins, fonts with their East-Asian names, 附件 in landscape,
repeated header rows, merged group rows, odd/even page numbers, and the same bytes for the same input."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from conftest import SAMPLES
from qingdan.errors import QingdanError
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files, safe_stem
from qingdan.render.documents import Column, Document, Group, Table, build
from qingdan.render.docx import column_widths
from qingdan.resources import shipped_dir

EPOCH = 1_656_633_600  # 2022-07-01 00:00:00 UTC
KINDS = ["responsibility-list", "performance-list", "power-list"]


def _dataset(root: Path):
    return load_dataset(Project.discover(root))[0]


@pytest.fixture(scope="module")
def sample():
    """The 2025 sample as a list without the 公文 parts of qingdan.yaml (as 2019 and 2022 print): the layout of
    the lists themselves; tests/test_render_gongwen.py prints them."""
    dataset = _dataset(SAMPLES / "2025")
    dataset.edition = dataclasses.replace(dataset.edition, publication=None)
    return dataset


@pytest.fixture(scope="module")
def documents(sample) -> dict[str, Document]:
    return {f"{safe_stem(d.stem)}.docx": d for d in build(sample, KINDS, "heping")}


@pytest.fixture(scope="module")
def files(sample) -> dict[str, bytes]:
    return render_files(sample, "docx", environment(shipped_dir("templates")), KINDS, "heping", epoch=EPOCH)


@pytest.fixture(scope="module")
def responsibility(files):
    return docx.Document(io.BytesIO(files["responsibility-list.docx"]))


@pytest.fixture(scope="module")
def performance(files):
    return docx.Document(io.BytesIO(files["performance-list-heping.docx"]))


def _sections(word) -> list[list[Paragraph | WordTable]]:
    """The body split at section breaks: paragraphs and tables of each section, in order."""
    sections: list[list[Paragraph | WordTable]] = [[]]
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            sections[-1].append(WordTable(child, word._body))
        elif child.tag == qn("w:p"):
            if child.pPr is not None and child.pPr.sectPr is not None:
                sections.append([])  # the empty paragraph that carries the break
            else:
                sections[-1].append(Paragraph(child, word._body))
    return sections


def _fonts(run) -> tuple[str | None, str | None, str | None, float | None]:
    """ascii, hAnsi and eastAsia font names and the size in points, as set on the run itself."""
    fonts = run._r.rPr.rFonts
    return (
        fonts.get(qn("w:ascii")),
        fonts.get(qn("w:hAnsi")),
        fonts.get(qn("w:eastAsia")),
        run.font.size.pt if run.font.size else None,
    )


def _mm(length: int) -> float:
    return round(Length(length).mm, 1)


def _page(section) -> tuple:
    return tuple(
        _mm(x)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    )


def _text_block(section) -> tuple[float, float]:
    return (
        _mm(section.page_width - section.left_margin - section.right_margin),
        _mm(section.page_height - section.top_margin - section.bottom_margin),
    )


def test_one_file_per_document(files, documents):
    assert set(files) == set(documents)


def test_first_section_is_a4_portrait_with_the_gbt_9704_text_block(responsibility):
    first = responsibility.sections[0]
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert _page(first) == (210.0, 297.0, 37.0, 35.0, 28.0, 26.0)
    assert _text_block(first) == (156.0, 225.0)
    grid = first._sectPr.find(qn("w:docGrid"))
    assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch")), grid.get(qn("w:charSpace"))) == (
        "linesAndChars",
        "579",
        "-849",
    )


def test_each_table_is_a_landscape_annex_turned_with_its_head_at_the_binding_edge(performance, documents):
    doc = documents["performance-list-heping.docx"]
    tables = [t for p in doc.parts for t in p.tables]
    sections = performance.sections
    assert len(sections) == 1 + len(tables) == 4
    for section in sections[1:]:
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert _page(section) == (297.0, 210.0, 28.0, 26.0, 35.0, 37.0)
        assert _text_block(section) == (225.0, 156.0)


def test_annex_heading_lines(performance, documents):
    doc = documents["performance-list-heping.docx"]
    tables = [t for p in doc.parts for t in p.tables]
    for n, (content, table) in enumerate(zip(_sections(performance)[1:], tables, strict=True), start=1):
        label, blank, title, subtitle, grid = content[:5]
        assert label.text == f"附件{n}"
        assert label.alignment is None and label.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert label.style.paragraph_format.first_line_indent == 0
        assert [_fonts(r) for r in label.runs] == [("黑体", "黑体", "黑体", 16.0)]
        assert blank.text == ""
        # the title on line 3
        assert title.text == doc.title
        assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [_fonts(r) for r in title.runs] == [("方正小标宋简体",) * 3 + (22.0,)]
        assert subtitle.text == table.title
        assert [_fonts(r) for r in subtitle.runs] == [("楷体_GB2312",) * 3 + (16.0,)]
        assert isinstance(grid, WordTable)


def test_cover_page_fonts_and_sizes(responsibility, documents):
    doc = documents["responsibility-list.docx"]
    cover = [p for p in _sections(responsibility)[0] if p.text]
    title, authority, since, *body = cover
    assert title.text == doc.title
    assert title.style.name == "公文标题"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [_fonts(r) for r in title.runs] == [("方正小标宋简体",) * 3 + (22.0,)]
    assert authority.text == f"{doc.authority}　{doc.document_number}"
    assert since.text == "自2025年3月1日起施行"
    for line in (authority, since):
        assert line.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [_fonts(r) for r in line.runs] == [("仿宋_GB2312",) * 3 + (16.0,)]
    by_style: dict[str, Paragraph] = {}
    for p in body:
        by_style.setdefault(p.style.name, p)
    assert by_style["一级标题"].text == "一、清单构成"
    assert [_fonts(r) for r in by_style["一级标题"].runs] == [("黑体",) * 3 + (16.0,)]
    second = by_style["二级标题"]
    # the heading phrase in 楷体, the sentence after it in 仿宋 (GB/T 9704 §7.3.3)
    assert second.text.startswith("（一）") and second.runs[0].text.endswith("。")
    assert [_fonts(r) for r in second.runs] == [("楷体_GB2312",) * 3 + (16.0,), ("仿宋_GB2312",) * 3 + (16.0,)]
    plain = by_style["Normal"]
    assert plain.text.startswith("本清单共1个附件，合计")
    assert [_fonts(r) for r in plain.runs] == [("仿宋_GB2312",) * 3 + (16.0,)]


def test_styles_name_the_east_asian_font_and_keep_22_lines_a_page(responsibility):
    styles = responsibility.styles
    normal = styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))) == ("仿宋_GB2312", "仿宋_GB2312")
    assert normal.font.size == Pt(16)
    fmt = normal.paragraph_format
    assert (fmt.line_spacing_rule, fmt.line_spacing.pt) == (WD_LINE_SPACING.EXACTLY, 28.95)
    assert fmt.first_line_indent == Pt(32)  # two characters
    expected = {"公文标题": "方正小标宋简体", "一级标题": "黑体", "二级标题": "楷体_GB2312", "三级标题": "仿宋_GB2312"}
    for name, font in expected.items():
        assert styles[name].element.rPr.rFonts.get(qn("w:eastAsia")) == font
    assert styles["公文标题"].font.size == Pt(22)
    # no theme fonts left in the defaults: they would override the names above
    defaults = responsibility.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert not [a for a in defaults.attrib if a.endswith("Theme") or a.endswith("theme")]
    assert defaults.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_every_table_repeats_its_header_row(responsibility, performance, files):
    for name, data in files.items():
        word = docx.Document(io.BytesIO(data))
        assert word.tables, name
        for table in word.tables:
            header = table.rows[0]._tr.trPr
            assert header is not None and header.find(qn("w:tblHeader")) is not None, name
            assert not [r for r in table.rows[1:] if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader"))]


def _group_rows(table: WordTable) -> list[tuple[int, str, tuple]]:
    """Rows merged across the whole table: (grid span, text, fonts of the text)."""
    found = []
    for row in table.rows:
        tcs = row._tr.tc_lst
        if len(tcs) == 1:
            cell = row.cells[0]
            runs = cell.paragraphs[0].runs
            found.append((tcs[0].grid_span, cell.text, _fonts(runs[0])))
    return found


def test_groups_are_merged_rows(responsibility, documents):
    doc = documents["responsibility-list.docx"]
    (source,) = doc.parts[0].tables
    (table,) = responsibility.tables
    assert _group_rows(table) == [(7, g.title, ("黑体",) * 3 + (10.5,)) for g in source.groups]
    assert len(table.rows) == 1 + len(source.groups) + source.row_count


def test_groups_under_a_table_title_are_second_level(performance, documents):
    doc = documents["performance-list-heping.docx"]
    for table, source in zip(performance.tables, doc.parts[0].tables, strict=True):
        n = len(source.columns)
        assert _group_rows(table) == [(n, g.title, ("楷体_GB2312",) * 3 + (12.0,)) for g in source.groups]


def test_columns_share_the_landscape_text_width_by_weight(responsibility, documents):
    (source,) = documents["responsibility-list.docx"].parts[0].tables
    (table,) = responsibility.tables
    widths = [c.width.twips for c in table.columns]
    assert sum(widths) == 12756  # 225 mm
    by_weight = sorted(zip((c.weight for c in source.columns), widths, strict=True))
    assert [w for _, w in by_weight] == sorted(w for _, w in by_weight)
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_cells_are_fangsong_in_a_smaller_size(responsibility, performance):
    cell = responsibility.tables[0].rows[2].cells[1]  # header, group, first matter
    assert [_fonts(r) for p in cell.paragraphs for r in p.runs] == [("仿宋_GB2312",) * 3 + (10.5,)]  # 五号, 7 columns
    cell = performance.tables[0].rows[2].cells[1]
    assert [_fonts(r) for p in cell.paragraphs for r in p.runs] == [("仿宋_GB2312",) * 3 + (12.0,)]  # 小四
    header = responsibility.tables[0].rows[0].cells[3]
    assert header.text == "部门职责"
    assert _fonts(header.paragraphs[0].runs[0]) == ("黑体",) * 3 + (10.5,)


def test_numbered_cells_are_one_line_each(responsibility, documents):
    (source,) = documents["responsibility-list.docx"].parts[0].tables
    first = source.groups[0].rows[0]
    duties = first[3]
    assert len(duties) > 1
    cell = responsibility.tables[0].rows[2].cells[3]
    assert [p.text for p in cell.paragraphs] == [f"{i}. {d}" for i, d in enumerate(duties, start=1)]
    basis = responsibility.tables[0].rows[2].cells[5]  # 依据: several lines, not numbered
    assert [p.text for p in basis.paragraphs] == list(first[5])


def _footer_text(footer) -> tuple[str, list[str], WD_ALIGN_PARAGRAPH, tuple]:
    (paragraph,) = footer.paragraphs
    instructions = [t.text for t in paragraph._p.iter(qn("w:instrText"))]
    alignment = paragraph.alignment
    return paragraph.text, instructions, alignment, _fonts(paragraph.runs[0])


def test_page_numbers_odd_right_even_left(responsibility):
    assert responsibility.settings.odd_and_even_pages_header_footer
    first = responsibility.sections[0]
    assert _footer_text(first.footer) == ("— 1 —", [" PAGE "], WD_ALIGN_PARAGRAPH.RIGHT, ("宋体",) * 3 + (14.0,))
    assert _footer_text(first.even_page_footer) == (
        "— 1 —",
        [" PAGE "],
        WD_ALIGN_PARAGRAPH.LEFT,
        ("宋体",) * 3 + (14.0,),
    )
    assert first.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)  # 空一字
    for section in responsibility.sections[1:]:
        assert section.footer.is_linked_to_previous and section.even_page_footer.is_linked_to_previous


def test_same_bytes_twice_and_the_epoch_is_the_only_clock(sample, files):
    env = environment(shipped_dir("templates"))
    again = render_files(sample, "docx", env, KINDS, "heping", epoch=EPOCH)
    assert again == files
    later = render_files(sample, "docx", env, ["responsibility-list"], epoch=EPOCH + 86_400)
    assert later["responsibility-list.docx"] != files["responsibility-list.docx"]
    with zipfile.ZipFile(io.BytesIO(files["responsibility-list.docx"])) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(2022, 7, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert "docProps/thumbnail.jpeg" not in {i.filename for i in infos}
    props = docx.Document(io.BytesIO(files["responsibility-list.docx"])).core_properties
    assert props.created == props.modified == dt.datetime(2022, 7, 1, tzinfo=dt.UTC)
    assert (props.author, props.revision, props.comments) == ("中共青岚市委机构编制委员会办公室", 1, "")


def test_epoch_before_1980_still_makes_a_zip(sample):
    files = render_files(sample, "docx", environment(shipped_dir("templates")), ["power-list"], epoch=0)
    with zipfile.ZipFile(io.BytesIO(files["power-list.docx"])) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(files["power-list.docx"])).core_properties
    assert props.created == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def test_fonts_fall_back_to_named_chinese_fonts(files):
    with zipfile.ZipFile(io.BytesIO(files["responsibility-list.docx"])) as z:
        table = z.read("word/fontTable.xml").decode()
    for name, alt in (("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体"), ("方正小标宋简体", "宋体")):
        assert f'w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>' in table


COVER = """\
[标题]{{ doc.title }}
[副标题]（征求意见稿）
一、总则
（一）范围。适用于全市。
1.第一项
（1）细目
正文一段。
[落款]{{ doc.authority }}
[附件]附：{{ annexes | length }}个附件
"""


def test_a_data_set_template_lays_out_the_first_page(sample, tmp_path):
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "cover.txt.j2").write_text(COVER, encoding="utf-8")
    env = environment(shipped_dir("templates"), tmp_path)
    files = render_files(sample, "docx", env, ["power-list"], epoch=EPOCH)
    word = docx.Document(io.BytesIO(files["power-list.docx"]))
    cover = _sections(word)[0]
    got = [(p.style.name, [(r.text, _fonts(r)[2]) for r in p.runs]) for p in cover]
    assert got == [
        ("公文标题", [("青岚市乡镇（街道）权责清单", "方正小标宋简体")]),
        ("公文副标题", [("（征求意见稿）", "楷体_GB2312")]),
        ("一级标题", [("一、总则", "黑体")]),
        ("二级标题", [("（一）范围。", "楷体_GB2312"), ("适用于全市。", "仿宋_GB2312")]),
        ("三级标题", [("1.第一项", "仿宋_GB2312")]),
        ("四级标题", [("（1）细目", "仿宋_GB2312")]),
        ("Normal", [("正文一段。", "仿宋_GB2312")]),
        ("落款", [("中共青岚市委机构编制委员会办公室", "仿宋_GB2312")]),
        ("附件标识", [("附：1个附件", "黑体")]),
    ]
    assert word.styles["落款"].paragraph_format.right_indent == Pt(64)  # 右空四字


def test_an_unknown_marker_is_an_error_naming_the_template(sample, tmp_path):
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "annex.txt.j2").write_text("[大标题]{{ annex.title }}\n", encoding="utf-8")
    env = environment(shipped_dir("templates"), tmp_path)
    with pytest.raises(QingdanError, match=r"docx/annex\.txt\.j2.*\[大标题\]"):
        render_files(sample, "docx", env, ["power-list"], epoch=EPOCH)


@pytest.mark.parametrize(
    ("titles", "weights", "cells", "expected"),
    [
        # by weight when every column is wide enough
        (("甲", "乙"), (1, 1), ("一", "二"), [6378, 6378]),
        # 序号 keeps two characters a line (and a half for slack); the rest share what is left by weight
        (("序号", "职责", "机构"), (1, 50, 49), ("1", "职责", "机构"), [816, 6031, 5909]),
        # a code is not broken: twelve digits are a little over six characters wide
        (("编码", "名称"), (1, 99), ("330200010100", "名称"), [2122, 10634]),
    ],
)
def test_column_widths(titles, weights, cells, expected):
    columns = tuple(Column(t, w) for t, w in zip(titles, weights, strict=True))
    table = Table("", columns, (Group("", (tuple((c,) for c in cells),)),))
    widths = column_widths(table, 12756, 12.0)
    assert widths == expected
    assert sum(widths) == 12756


def test_table_text_is_left_aligned_so_citations_do_not_open_gaps(responsibility):
    """Justified text in a narrow cell of 《…》（青政发〔2021〕8号） spreads its characters apart (seen in LibreOffice)."""
    assert responsibility.styles["表格文字"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert responsibility.styles["Normal"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY  # body text stays
