"""The Word file as a complete 公文 (GB/T 9704-2012 §7): 版头, 主送机关, 附件说明, 落款, 附注 and 版记 from
qingdan.yaml's `publication`, the draft mark, and the tables' rows kept whole and read from the left.

What LibreOffice makes of it (positions on the page, the PDF text) is in tests/test_render_pdf.py."""

from __future__ import annotations

import dataclasses
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from conftest import SAMPLES
from qingdan.loader import load_dataset
from qingdan.model import Publication
from qingdan.project import Project
from qingdan.render import docx as word_writer
from qingdan.render import environment, render_files
from qingdan.render.documents import build
from qingdan.resources import shipped_dir

EPOCH = 1_740_009_600  # 2025-02-20
# The 版头 and 版记 a county 编办 prints on a 通知 that publishes its lists, with every optional part of §7.2
PUBLICATION = """\
publication:
  copy_number: "000001"
  secrecy: 秘密★1年
  urgency: 特急
  issuer_mark: 中共测试市委机构编制委员会办公室文件
  addressees: 各乡镇党委、政府，各街道党工委、办事处，市直各单位
  date: "2024-10-31"
  date_style: chinese
  note: 此件不公开
  cc: [云州市委编办, 市委办公室, 市政府办公室]
  printed_by: 中共测试市委机构编制委员会办公室
  printed_on: "2024-11-01"
"""


def _words(root, kinds: list[str], township: str | None = None, draft: str = "") -> dict[str, docx.document.Document]:
    dataset = load_dataset(Project.discover(root))[0]
    documents = build(dataset, kinds, township)
    if draft:
        documents = [dataclasses.replace(d, draft=draft) for d in documents]
    files = word_writer.write(dataset, documents, environment(shipped_dir("templates")), EPOCH)
    return {name: docx.Document(io.BytesIO(data)) for name, data in files.items()}


@pytest.fixture(scope="module")
def sample_2025():
    return _words(SAMPLES / "2025", ["responsibility-list", "performance-list"], "heping")


def _body(word) -> list[Paragraph | WordTable]:
    out: list[Paragraph | WordTable] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            out.append(WordTable(child, word._body))
        elif child.tag == qn("w:p"):
            out.append(Paragraph(child, word._body))
    return out


def _cover(word) -> list[Paragraph]:
    """The paragraphs of the first section."""
    found = []
    for block in _body(word):
        if isinstance(block, Paragraph) and block._p.pPr is not None and block._p.pPr.sectPr is not None:
            break
        found.append(block)
    return found


def _color(run) -> str | None:
    color = run._r.rPr.find(qn("w:color"))
    return None if color is None else color.get(qn("w:val"))


def _border(paragraph: Paragraph, side: str) -> tuple | None:
    found = paragraph._p.pPr.find(f"{qn('w:pBdr')}/{qn(f'w:{side}')}")
    if found is None:
        return None
    return tuple(found.get(qn(f"w:{a}")) for a in ("val", "sz", "space", "color"))


def _indent(paragraph: Paragraph) -> dict[str, str]:
    ind = paragraph._p.pPr.find(qn("w:ind"))
    return {k.split("}")[1]: v for k, v in ind.attrib.items()} if ind is not None else {}


def test_the_masthead_of_the_2025_sample(sample_2025):
    word = sample_2025["responsibility-list.docx"]
    mark, blank1, blank2, number, blank3, blank4, title, blank5, to, *_ = _cover(word)
    assert mark.style.name == "发文机关标志" and mark.text == "中共青岚市委机构编制委员会办公室文件"
    assert mark.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (run,) = mark.runs
    assert (run._r.rPr.rFonts.get(qn("w:eastAsia")), _color(run)) == ("方正小标宋简体", "FF0000")
    # eighteen characters of 初号 would be 266 mm wide: set narrower to fit the 156 mm text block
    scale = int(run._r.rPr.find(qn("w:w")).get(qn("w:val")))
    assert run.font.size.pt * scale / 100 * 18 <= 156 / 25.4 * 72
    assert _mm(mark.paragraph_format.space_before) == 35.0  # §7.2.4: 35 mm below the top of the text block
    assert [blank1.text, blank2.text] == ["", ""]  # §7.2.5: the 文号 two lines below the mark
    assert (number.style.name, number.text) == ("发文字号", "青编〔2025〕5号")
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert _border(number, "bottom") == ("single", "12", "8", "FF0000")  # §7.2.7: the red rule, about 4 mm under
    assert [blank3.text, blank4.text] == ["", ""]  # §7.3.1: the title two lines below the rule
    assert title.style.name == "公文标题"
    assert blank5.text == ""  # §7.3.2: 主送机关 one line below the title, flush left, a full-width colon
    assert (to.style.name, to.text) == ("主送机关", "各乡镇人民政府、街道办事处，市直各有关单位：")
    assert to.style.paragraph_format.first_line_indent == 0
    # the 文号 is in the 版头, so it is not repeated under the title
    assert not [p for p in _cover(word) if p.style.name == "发文信息"]


def test_the_sign_off_of_the_2025_sample(sample_2025):
    word = sample_2025["performance-list-heping.docx"]
    cover = _cover(word)
    styles = [p.style.name for p in cover]
    notes = [p for p in cover if p.style.name == "附件说明"]
    # §7.3.4: 附件说明 one line below the body, two characters in, the names under each other
    assert [p.text for p in notes] == [
        "附件：1.基本履职事项清单（115项）",
        "2.配合履职事项清单（97项）",
        "3.上级部门收回事项清单（122项）",
    ]
    assert cover[styles.index("附件说明") - 1].text == ""
    char = 320  # a 3号 character in twips
    assert _indent(notes[0])["left"] == _indent(notes[1])["left"] == str(6 * char)  # 2 + 附件： + "1."
    assert (_indent(notes[0])["hanging"], _indent(notes[1])["hanging"]) == (str(4 * char), str(char))
    signatory, date, note = cover[-3:]
    assert (signatory.style.name, signatory.text) == ("发文机关署名", "中共青岚市委机构编制委员会办公室")
    assert (date.style.name, date.text) == ("成文日期", "2025年2月20日")
    # §7.3.5.1: the name centred over the date; sixteen characters over six and a half reach the margin
    assert (_indent(signatory)["right"], _indent(date)["right"]) == ("0", str(round(4.75 * char)))
    assert cover[styles.index("发文机关署名") - 1].text == ""
    assert (note.style.name, note.text) == ("附注", "（此件公开发布）")  # §7.3.6: two characters in
    assert note.style.paragraph_format.first_line_indent == Pt(32)


def test_the_imprint_of_the_2025_sample_on_a_last_even_page_without_a_number(sample_2025):
    word = sample_2025["responsibility-list.docx"]
    last = word.sections[-1]
    assert (last.start_type, last.orientation) == (WD_SECTION.EVEN_PAGE, WD_ORIENT.PORTRAIT)
    assert tuple(_mm(x) for x in (last.page_width, last.top_margin, last.bottom_margin)) == (210.0, 37.0, 35.0)
    assert not last.footer.is_linked_to_previous and not last.even_page_footer.is_linked_to_previous
    assert [p.text for p in last.footer.paragraphs + last.even_page_footer.paragraphs] == ["", ""]
    assert last._sectPr.find(qn("w:docGrid")).get(qn("w:type")) is None
    imprint = word.tables[-1]
    assert [c.text for r in imprint.rows for c in r.cells] == [
        "抄送：云州市委编办，市委办公室，市人大常委会办公室，市政府办公室，市政协办公室。",
        "中共青岚市委机构编制委员会办公室\t2025年2月21日印发",
    ]
    borders = imprint._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {b.tag.split("}")[1]: (b.get(qn("w:val")), b.get(qn("w:sz"))) for b in borders}
    # §7.4.1: heavy first and last rules (0.35 mm), a thin one between (0.25 mm), no side rules
    assert sizes == {
        "top": ("single", "8"),
        "bottom": ("single", "8"),
        "insideH": ("single", "6"),
        "left": ("nil", None),
        "right": ("nil", None),
        "insideV": ("nil", None),
    }
    cc, printed = (r.cells[0].paragraphs[0] for r in imprint.rows)
    assert [r._r.rPr.sz.val.pt for r in cc.runs] == [14.0]  # 4号仿宋
    # §7.4.2: one character in on both sides, running on under the first name
    assert (_indent(cc)["left"], _indent(cc)["hanging"], _indent(cc)["right"]) == ("1120", "840", "280")
    assert _indent(printed)["left"] == "280" and printed.paragraph_format.tab_stops[0].position.twips == 8844 - 280
    # the rows fill whole lines, and what comes before fills the page above them
    heights = [r._tr.trPr.find(qn("w:trHeight")) for r in imprint.rows]
    assert [(h.get(qn("w:val")), h.get(qn("w:hRule"))) for h in heights] == [("1158", "atLeast"), ("579", "atLeast")]
    filler = imprint._tbl.getprevious().find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert int(filler.get(qn("w:line"))) + 3 * 579 == 22 * 579 - 80


def test_every_part_of_the_publication_is_printed(make_project):
    root = make_project({"qingdan.yaml": _manifest(PUBLICATION)})
    word = _words(root, ["duty-list"])["duty-list.docx"]
    cover = _cover(word)
    top = [(p.style.name, p.text) for p in cover[:4]]
    # §7.2.1–7.2.3: 份号, 密级和保密期限 and 紧急程度 top left, one a line, in that order
    assert top == [
        ("版头标注", "000001"),
        ("版头标注", "秘密★1年"),
        ("版头标注", "特急"),
        ("发文机关标志", "中共测试市委机构编制委员会办公室文件"),
    ]
    assert _mm(cover[3].paragraph_format.space_before) == round(35 - 28.95 * 3 / 72 * 25.4, 1)
    # 汉字 dates when date_style says so; the 印发日期 in Arabic numerals always (§7.4.3)
    texts = [p.text for p in cover]
    assert texts[-3:] == ["测试市委编办", "二〇二四年十月三十一日", "（此件不公开）"]
    assert [c.text for r in word.tables[-1].rows for c in r.cells] == [
        "抄送：云州市委编办，市委办公室，市政府办公室。",
        "中共测试市委机构编制委员会办公室\t2024年11月1日印发",
    ]


def test_a_carbon_copy_list_alone_still_makes_an_imprint(make_project):
    root = make_project({"qingdan.yaml": _manifest("publication:\n  cc: [市委办公室]\n")})
    word = _words(root, ["duty-list"])["duty-list.docx"]
    assert [c.text for r in word.tables[-1].rows for c in r.cells] == ["抄送：市委办公室。"]
    assert word.sections[-1].start_type == WD_SECTION.EVEN_PAGE
    # no 版头 without a 发文机关标志: the 文号 stays under the title
    assert "测编〔2022〕1号" in [p.text.split("　")[-1] for p in _cover(word)]


def test_an_imprint_longer_than_a_page_runs_over_it_rather_than_being_cut(make_project):
    many = ", ".join(f"测试市第{n}办公室" for n in range(1, 121))
    root = make_project({"qingdan.yaml": _manifest(f"publication:\n  cc: [{many}]\n  printed_by: 测试市委编办\n")})
    word = _words(root, ["duty-list"])["duty-list.docx"]
    imprint = word.tables[-1]
    assert imprint.rows[0].cells[0].text.count("办公室") == 120
    assert not [r for r in imprint.rows if r._tr.trPr.find(qn("w:cantSplit")) is not None]
    filler = imprint._tbl.getprevious().find(f"{qn('w:pPr')}/{qn('w:spacing')}")
    assert filler.get(qn("w:line")) == "20"


def test_an_edition_without_publication_prints_none_of_it():
    word = _words(SAMPLES / "2022", ["responsibility-list"])["responsibility-list.docx"]
    styles = {p.style.name for p in _cover(word)}
    assert not styles & {"发文机关标志", "发文字号", "主送机关", "附件说明", "发文机关署名", "成文日期", "附注"}
    assert len(word.sections) == 2 and len(word.tables) == 1  # the cover and one 附件, no 版记
    assert not [r for r in word.element.body.iter(qn("w:color"))]


@pytest.mark.parametrize(
    ("date", "style", "printed"),
    [
        ("2025-02-20", "arabic", "2025年2月20日"),
        ("2025-02-20", "chinese", "二〇二五年二月二十日"),
        ("2024-10-31", "chinese", "二〇二四年十月三十一日"),
        ("2030-12-01", "chinese", "二〇三〇年十二月一日"),
        ("2019-01-10", "chinese", "二〇一九年一月十日"),
    ],
)
def test_the_date_is_written_in_full(date, style, printed):
    pub = Publication("", "", "", "", "", "", date, style, "", (), "", "")
    assert word_writer.signed_date(pub) == printed


@pytest.mark.parametrize(
    ("signatory", "date", "expected"),
    [
        ("青岚市人民政府", "2025年2月20日", (4 - 0.25, 4)),  # seven characters over six and a half
        ("青岚市编办", "二〇二五年二月二十日", (6.5, 4)),  # the date is longer: the name sits further in
        ("中共青岚市委机构编制委员会办公室", "2025年2月20日", (0, 4.75)),  # too long: it ends at the margin
        ("青岚市编办", "", (4, 4)),
    ],
)
def test_the_name_is_centred_over_the_date(signatory, date, expected):
    assert word_writer._sign_off(signatory, date) == expected


def test_a_draft_carries_its_word_on_every_page(sample_2025):
    word = _words(SAMPLES / "2025", ["performance-list"], "heping", draft="草稿")["performance-list-heping.docx"]
    first = word.sections[0]
    for header in (first.header, first.even_page_header):
        assert [(p.style.name, p.text) for p in header.paragraphs] == [("草稿标记", "草稿")]
    # the 附件 and the 版记 page use the first section's headers
    assert all(s.header.is_linked_to_previous and s.even_page_header.is_linked_to_previous for s in word.sections[1:])
    plain = sample_2025["performance-list-heping.docx"]
    assert not [p.text for s in plain.sections for p in s.header.paragraphs if p.text]


def test_rows_up_to_half_a_page_are_never_split_and_cells_read_from_the_left(sample_2025):
    word = sample_2025["responsibility-list.docx"]
    table = word.tables[0]
    whole = [r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows]
    assert whole[0]  # the header row
    data = [(r, w) for r, w in zip(table.rows, whole, strict=True) if len(r._tr.tc_lst) > 1][1:]
    # the 2025 sample quotes whole excerpts: some rows are shorter than half a page, some taller
    assert {w for _, w in data} == {True, False}
    shortest = min(data, key=lambda x: sum(len(c.text) for c in x[0].cells))
    longest = max(data, key=lambda x: sum(len(c.text) for c in x[0].cells))
    assert shortest[1] and not longest[1]
    for table in (t for w in sample_2025.values() for t in w.tables[:-1]):
        header = [c.text for c in table.rows[0].cells]
        for n, row in enumerate(table.rows):
            for cell, title in zip(row.cells, header, strict=False):
                for p in cell.paragraphs:
                    align = p.alignment if p.alignment is not None else p.style.paragraph_format.alignment
                    if n == 0:
                        assert align == WD_ALIGN_PARAGRAPH.CENTER
                    elif len(row._tr.tc_lst) == 1:  # a group row
                        assert align == WD_ALIGN_PARAGRAPH.LEFT
                    else:
                        assert align == (WD_ALIGN_PARAGRAPH.CENTER if title == "序号" else WD_ALIGN_PARAGRAPH.LEFT)


def test_the_comparison_document_keeps_printing_without_the_publication():
    old, new = (load_dataset(Project.discover(SAMPLES / v))[0] for v in ("2022", "2025"))
    from qingdan.diff import diff
    from qingdan.render import render_one
    from qingdan.render.comparison import comparison

    document = comparison(old, new, diff(old, new))
    assert document.publication is None
    files = render_one(new, "docx", environment(shipped_dir("templates")), document, EPOCH)
    word = docx.Document(io.BytesIO(files["comparison.docx"]))
    assert not {p.style.name for p in _cover(word)} & {"发文机关标志", "主送机关", "发文机关署名"}
    assert {s.orientation for s in word.sections[1:]} == {WD_ORIENT.LANDSCAPE}  # the 附件, no 版记 page


def test_the_render_command_writes_the_same_word_twice(sample_2025):
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    env = environment(shipped_dir("templates"))
    first = render_files(dataset, "docx", env, ["duty-list"], epoch=EPOCH)
    assert render_files(dataset, "docx", env, ["duty-list"], epoch=EPOCH) == first


def _mm(length: int) -> float:
    return round(Length(length).mm, 1)


def _manifest(extra: str) -> str:
    return (
        "format: 1\njurisdiction: {name: 测试市}\nauthority: 测试市委编办\ndocument_number: 测编〔2022〕1号\n"
        'effective_date: "2022-07-01"\nversion: "2022"\n' + extra
    )
