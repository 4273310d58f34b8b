"""`qingdan import` of the formats lists come in besides .xlsx and .csv: Word tables, .xls, .et, .ods — and hostile files."""

from __future__ import annotations

import importlib
import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from openpyxl import Workbook

from conftest import REPO, SAMPLES
from qingdan.errors import QingdanError
from qingdan.importer import limits
from qingdan.importer.grid import Grid, Merge
from qingdan.importer.messy import read
from qingdan.importer.read import Source, read_source
from qingdan.importer.word import paragraph_text, tables

# the module, not the function `qingdan.importer.read` that shadows it as an attribute of the package
reader = importlib.import_module("qingdan.importer.read")
FIXTURES = REPO / "tests" / "fixtures" / "import"
DATA_2022 = SAMPLES / "2022"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _import(run_cli, out: Path, file: Path, *args: str) -> dict[str, str]:
    result = run_cli("import", str(file), *args, "--data", str(DATA_2022), "-o", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml"))}


# -- the same list in another format gives the same YAML ---------------------------------------


def test_a_word_attachment_and_a_three_sheet_workbook_give_the_same_duty_list(run_cli, tmp_path):
    args = ("--kind", "duty-list", "--township", "heping")
    word = _import(run_cli, tmp_path / "docx", FIXTURES / "duty-list-attachment.docx", *args)
    sheets = _import(run_cli, tmp_path / "xlsx", FIXTURES / "duty-list-three-sheets.xlsx", *args)
    assert list(word) == ["duty-lists/heping.yaml"]
    assert word == sheets
    text = word["duty-lists/heping.yaml"]
    assert [line for line in text.splitlines() if not line.startswith(" ")][-4:] == [
        "township: heping",
        "basic:",
        "supporting:",
        "reclaimed:",
    ]


@pytest.mark.parametrize("suffix", ["xls", "ods", "et"])
def test_old_and_open_spreadsheets_read_as_the_xlsx_they_were_saved_from(run_cli, tmp_path, suffix):
    source = FIXTURES / f"matters-old.{'xls' if suffix == 'et' else suffix}"
    if suffix == "et":  # WPS's .et is the BIFF8 compound file of an .xls (no WPS here to write a native one)
        source = shutil.copy(source, tmp_path / "matters-old.et")
    want = _import(run_cli, tmp_path / "xlsx", FIXTURES / "matters-old.xlsx", "--kind", "matters")
    got = _import(run_cli, tmp_path / suffix, Path(source), "--kind", "matters")
    assert got == want
    assert "lead: ecology" in got["matters/ecology.yaml"].split("jie-gan-lu-tian-fen-shao")[1]  # merged down


def test_xls_and_ods_merged_ranges_are_seen(tmp_path):
    want = {Merge(1, 1, 1, 8), Merge(3, 5, 3, 6), Merge(5, 1, 5, 8), Merge(6, 3, 7, 3), Merge(8, 1, 8, 8)}
    for suffix in ("xls", "ods"):
        (grid,) = read_source(FIXTURES / f"matters-old.{suffix}").grids
        assert grid.merges_known
        assert want <= set(grid.merges.values()), suffix
        assert grid.text(7, 3) == grid.text(6, 3) == "市生态环境局"


# -- Word tables -------------------------------------------------------------------------------


def test_word_tables_have_their_headings_merges_and_paragraphs():
    source = read_source(FIXTURES / "duty-list-attachment.docx")
    assert [g.name for g in source.grids] == ["表1", "表2", "表3"]
    assert [g.heading for g in source.grids] == [
        "附件\n鹤坪镇履行职责事项清单\n一、基本履职事项清单（5项）",
        "二、配合履职事项清单（4项）",
        "三、上级部门收回事项清单（2项）",
    ]
    basic, supporting, _ = source.grids
    assert basic.merge(2, 1) == basic.merge(2, 2) == Merge(2, 1, 2, 2)  # 一、党的建设（3项） across the table
    assert basic.cells[5] == ["序号", "事项名称"]  # the header typed again on page 2
    assert supporting.merge(5, 3) == Merge(4, 3, 5, 3)  # one department over two items (vMerge)
    assert supporting.text(5, 3) == "市自然资源和规划局"
    assert supporting.text(3, 5) == "1.负责农村危房摸底排查和改造申请受理；\n2.负责督促改造进度，做好竣工验收初审。"
    assert source.issues == []


def test_a_repeated_header_is_not_read_as_data(sample_2022):
    source = read_source(FIXTURES / "duty-list-attachment.docx")
    result = read(source, "duty-list", sample_2022, township="heping")
    data = result.files["duty-lists/heping.yaml"]
    assert [len(data[s]) for s in ("basic", "supporting", "reclaimed")] == [5, 4, 2]
    assert "事项名称" not in [i["name"] for i in data["basic"]]
    assert [i["category"] for i in data["basic"]] == ["党的建设"] * 3 + ["经济发展"] * 2


def _body(xml: str):
    return parse_xml(f"<w:body {W}>{xml}</w:body>")


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str = "", props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def _prop(name: str, value: str | None = None) -> str:
    return f"<w:{name}/>" if value is None else f'<w:{name} w:val="{value}"/>'


def test_word_merges_old_and_new_forms():
    rows = [
        _tc("甲", _prop("gridSpan", "2")) + _tc("乙", _prop("vMerge", "restart")),
        _tc("1") + _tc("x") + _tc("", _prop("vMerge")),  # a bare vMerge continues
        _tc("丙", _prop("hMerge", "restart")) + _tc("", _prop("hMerge")) + _tc("丁"),
        "<w:trPr>" + _prop("gridBefore", "1") + "</w:trPr>" + _tc("戊") + _tc("己"),
    ]
    body = _body(_p("标题") + "<w:tbl>" + "".join(f"<w:tr>{r}</w:tr>" for r in rows) + "</w:tbl>")
    (grid,), issues = tables(body, "x.docx")
    assert (grid.heading, issues) == ("标题", [])
    assert grid.cells == [["甲", "甲", "乙"], ["1", "x", "乙"], ["丙", "丙", "丁"], ["", "戊", "己"]]
    assert {grid.merge(1, 1), grid.merge(2, 3), grid.merge(3, 2)} == {
        Merge(1, 1, 1, 2),
        Merge(1, 3, 2, 3),
        Merge(3, 1, 3, 2),
    }
    assert grid.merge(4, 2) is None


def test_a_hostile_grid_span_costs_nothing():
    row = _tc("甲", _prop("gridSpan", "999999999")) + _tc("乙", _prop("gridSpan", "x"))
    (grid,), _ = tables(_body(f"<w:tbl><w:tr>{row}</w:tr></w:tbl>"), "x.docx")
    assert grid.width <= 1001
    assert grid.cells[0][-1] == "乙"


def test_paragraph_text_is_what_word_shows():
    p = parse_xml(
        f'<w:p {W}><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>负责</w:t><w:tab/><w:t>巡查</w:t><w:br/></w:r>"
        "<w:ins><w:r><w:t>加上的</w:t></w:r></w:ins><w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del>"
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        "<w:r><w:t>3</w:t></w:r></w:p>"
    )
    assert paragraph_text(p) == "负责\t巡查\n加上的链接3"


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_what_a_word_document_holds_besides_tables_is_reported_not_dropped(tmp_path, sample_2022):
    doc = Document()
    doc.add_paragraph("属地管理事项清单")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(_png()))  # a seal or a scanned table
    box = parse_xml(
        f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
        f"{_p('框里的字')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    doc.add_paragraph("说明")._p.append(box)
    table = doc.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["序号", "事项名称", "主体责任部门"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "养犬管理", "综合行政执法局"], strict=True):
        cell.text = text
    table.rows[2].cells[0].text = "2"
    table.rows[2].cells[1].text = "违法建设巡查"
    table.rows[2].cells[2].add_table(rows=2, cols=2).cell(0, 0).text = "住建局"
    doc.add_table(rows=2, cols=2)  # an empty table
    doc.save(tmp_path / "x.docx")
    source = read_source(tmp_path / "x.docx")
    assert source.grids[0].heading == "属地管理事项清单\n说明"  # not 框里的字
    result = read(source, "matters", sample_2022)
    assert [(i.code, i.sheet, i.row) for i in result.issues] == [
        ("QD709", "x.docx", 0),
        ("QD709", "x.docx", 0),
        ("QD709", "表1", 3),
    ]
    assert "嵌着一张表格（2 行）" in result.issues[2].message
    assert result.skipped == ["表2"]
    assert result.items == 2


def test_numbered_paragraphs_in_a_word_cell_split_like_lines_of_an_excel_cell(tmp_path, sample_2022):
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["事项名称", "主体责任部门", "乡镇（街道）职责"], strict=True):
        cell.text = text
    row = table.rows[1].cells
    row[0].text, row[1].text = "养犬管理", "综合行政执法局"
    row[2].text = "1.负责宣传文明养犬；"
    row[2].add_paragraph("2.协助收集违规养犬线索。")
    doc.save(tmp_path / "x.docx")
    result = read(read_source(tmp_path / "x.docx"), "matters", sample_2022)
    (matter,) = result.files["matters/general.yaml"]["matters"]
    assert matter["township_duties"] == ["负责宣传文明养犬。", "协助收集违规养犬线索。"]


def _duty_doc(tmp_path: Path, paragraphs: list[str]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "事项名称"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "1", "统计报表重复填报"
    doc.save(tmp_path / "d.docx")
    return tmp_path / "d.docx"


@pytest.mark.parametrize(
    ("paragraphs", "section"),
    [
        (["三、上级部门收回事项清单（1项）"], "reclaimed"),
        (["二、配合履职事项清单"], "supporting"),
        (["二、配合履职事项清单", "（本表共1项）"], "supporting"),
        # a 通知's own words above the first table are no heading, however they mention 配合
        (["各镇街要主动配合上级部门，认真履行职责，" * 3, "一、基本履职事项清单"], "basic"),
        (["鹤坪镇履行职责事项清单"], "basic"),  # no heading: the columns say it
    ],
)
def test_the_heading_above_a_word_table_names_its_duty_list(tmp_path, sample_2022, paragraphs, section):
    result = read(read_source(_duty_doc(tmp_path, paragraphs)), "duty-list", sample_2022, township="heping")
    assert [k for k in result.files["duty-lists/heping.yaml"] if k != "township"] == [section]


def test_merges_a_reader_cannot_see_are_reported_once_per_sheet_read(sample_2022):
    rows = [["序号", "事项名称", "主体责任部门"], ["1", "甲", "住建局"], ["2", "乙", ""]]
    unseen = [
        Grid("属地", [list(r) for r in rows], merges_known=False),
        Grid("说明", [["填表说明"]], merges_known=False),
    ]
    result = read(Source(unseen), "matters", sample_2022)
    assert [(i.code, i.sheet, i.row) for i in result.issues] == [("QD708", "属地", 0)]
    assert result.skipped == ["说明"]


# -- hostile files -----------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("清单.doc", OLE, "另存为 .docx"),
        ("清单.wps", OLE, "另存为 .docx"),
        ("清单.docx", OLE, "其实是旧版 Word"),
        ("清单.pdf", b"%PDF-1.7\n", "是 PDF"),
        ("清单.docx", b"%PDF-1.7\n", "是 PDF"),
        ("清单.docx", b"not a zip at all", "不是有效的 .docx"),
        ("清单.docx", None, "不是 Word 文档（没有 Word 文档的正文）"),
        ("清单.docx", "xl", "Excel 工作簿，请把扩展名改为 .xlsx"),
        ("清单.docx", "bad-xml", "不是有效的 Word 文档"),
        ("清单.xls", b"<html><table><tr><td>1</td></tr></table></html>", "可能是网站导出的网页"),
        ("清单.et", OLE, "另存为 .xlsx"),
        ("清单.ods", b"PK\x03\x04garbage", "已损坏"),
        ("清单.xlsx", b"", "不是 Excel 或 WPS 表格文件"),
        ("清单.numbers", b"", "能导入 .xlsx、.xls、.et、.ods、.docx 和 .csv"),
    ],
)
def test_a_file_that_is_not_what_it_says_exits_2_with_one_line(run_cli, tmp_path, name, content, message):
    path = tmp_path / name
    if content is None:
        _zip(path, {"readme.txt": b"hello"})
    elif content == "xl":
        _zip(path, {"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"})
    elif content == "bad-xml":
        _zip(path, {"word/document.xml": b"<w:document", "[Content_Types].xml": b"<Types"})
    else:
        path.write_bytes(content)
    result = run_cli("import", str(path), "-k", "matters", "--data", str(DATA_2022))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_files_past_the_caps_are_refused_before_they_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_MB", 0)
    with pytest.raises(QingdanError, match="超过导入的上限 0 MB"):
        read_source(FIXTURES / "duty-list-attachment.docx")
    monkeypatch.setattr(limits, "MAX_FILE_MB", 50)
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"\x00" * (3 * 1024 * 1024)})
    monkeypatch.setattr(limits, "MAX_UNZIPPED_MB", 2)
    with pytest.raises(QingdanError, match="解压后有 3 MB，超过导入的上限 2 MB"):
        read_source(bomb)
    with pytest.raises(QingdanError, match="解压后有 3 MB"):
        reader.guard(bomb)  # a workbook qingdan wrote is checked before it is opened too


def test_a_sheet_or_table_past_the_cell_cap_is_refused_before_it_is_built(tmp_path, monkeypatch):
    with zipfile.ZipFile(FIXTURES / "matters-old.ods") as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    far = (  # a million empty rows, then a value 16000 columns out: a 9 KB file, 16 billion cells to calamine
        b'<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
        b'<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
        b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
    )
    members["content.xml"] = members["content.xml"].replace(b"</table:table>", far + b"</table:table>", 1)
    with pytest.raises(QingdanError, match=r"有 \d+ 行 × 16001 列，超过导入的上限（500 万个单元格）"):
        read_source(_zip(tmp_path / "far.ods", members))
    wb = Workbook()
    wb.active["A1"], wb.active["XFD1048576"] = "序号", "x"
    wb.save(tmp_path / "far.xlsx")
    with pytest.raises(QingdanError, match="超过导入的上限"):
        read_source(tmp_path / "far.xlsx")
    monkeypatch.setattr(limits, "MAX_CELLS", 10)
    with pytest.raises(QingdanError, match=r"「duty-list-attachment.docx」的「表1」有 \d+ 行 × 2 列"):
        read_source(FIXTURES / "duty-list-attachment.docx")


def test_a_workbook_under_another_name_is_read_for_what_it_is(tmp_path):
    shutil.copy(FIXTURES / "matters-old.xlsx", tmp_path / "x.xls")  # servers hand out .xlsx files named .xls
    shutil.copy(FIXTURES / "matters-old.xls", tmp_path / "x.xlsx")  # and people rename .xls files to .xlsx
    want = read_source(FIXTURES / "matters-old.xlsx").grids[0].cells
    assert read_source(tmp_path / "x.xls").grids[0].cells == want
    assert read_source(tmp_path / "x.xlsx").grids[0].cells == want


def test_a_hostile_ods_span_is_clipped_to_the_sheet(tmp_path):
    with zipfile.ZipFile(FIXTURES / "matters-old.ods") as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    members["content.xml"] = members["content.xml"].replace(
        b'table:number-rows-spanned="2"', b'table:number-rows-spanned="999999999"', 1
    )
    (grid,) = read_source(_zip(tmp_path / "x.ods", members)).grids
    assert len(grid.cells) == 9  # the sheet's own rows, not 10⁹
    assert grid.merge(9, 1) == Merge(3, 1, 9, 1)  # 序号 spanned down to the last row, no further


@pytest.fixture(scope="module")
def sample_2022():
    from qingdan.loader import load_dataset
    from qingdan.project import Project

    return load_dataset(Project.discover(DATA_2022))[0]
