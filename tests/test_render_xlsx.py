"""Excel output: sheets, merged group rows, frozen and repeated header, print setup, fixed bytes; the published
workbook holds its tables only, the editable one (--editable) hidden ids, fields and the 「qingdan」 sheet."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import SAMPLES
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render import environment, render_files
from qingdan.render.documents import Column, Document, Group, Part, Table, build
from qingdan.render.xlsx import INTERNAL_NOTICE, display_width, sheet_names, workbook_bytes
from qingdan.resources import shipped_dir
from qingdan.xlsx_contract import ID_HEADER, META_SHEET, SOURCES

EPOCH = 1_740_787_200  # 2025-03-01 00:00:00 UTC


def _dataset(root: Path):
    return load_dataset(Project.discover(root))[0]


@pytest.fixture(scope="module")
def sample():
    return _dataset(SAMPLES / "2025")


@pytest.fixture(scope="module")
def files(sample) -> dict[str, bytes]:
    """The published workbooks."""
    return render_files(sample, "xlsx", environment(shipped_dir("templates")), township="heping", epoch=EPOCH)


@pytest.fixture(scope="module")
def editable(sample) -> dict[str, bytes]:
    """The workbooks `render --to xlsx --editable` writes for the 编办's own editing."""
    env = environment(shipped_dir("templates"))
    return render_files(sample, "xlsx", env, township="heping", epoch=EPOCH, editable=True)


@pytest.fixture(scope="module")
def documents(sample) -> dict[str, Document]:
    return {d.stem: d for d in build(sample, township="heping")}


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _rows(ws: Worksheet) -> list[tuple]:
    return list(ws.iter_rows(min_row=4, values_only=True))


def _tables(wb) -> list[Worksheet]:
    """The sheets people see: every sheet but the very hidden 「qingdan」."""
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


def _ids(ws: Worksheet) -> list:
    """The 标识 of each row below the header."""
    column = [c.value for c in ws[3]].index(ID_HEADER)
    return [row[column] for row in _rows(ws)]


def test_one_workbook_per_document_one_sheet_per_table(files, editable, documents):
    assert set(files) == set(editable) == {f"{stem}.xlsx" for stem in documents}
    wb = _open(files["performance-list-heping.xlsx"])
    assert wb.sheetnames == ["基本履职事项清单", "配合履职事项清单", "上级部门收回事项清单"]
    wb = _open(editable["performance-list-heping.xlsx"])
    assert wb.sheetnames == ["基本履职事项清单", "配合履职事项清单", "上级部门收回事项清单", META_SHEET]
    wb = _open(editable["responsibility-list.xlsx"])
    assert wb.sheetnames == ["青岚市乡镇（街道）属地管理事项主体责任和配合责任清单", META_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "veryHidden"]


def test_title_and_issuing_rows_merge_across_every_column(files, documents):
    doc = documents["responsibility-list"]
    ws = _open(files["responsibility-list.xlsx"]).active
    assert {"A1:G1", "A2:G2"} <= {str(r) for r in ws.merged_cells.ranges}
    assert (ws["A1"].value, ws["A1"].font.b, ws["A1"].alignment.horizontal) == (doc.title, True, "center")
    assert ws["A1"].font.sz > ws["A4"].font.sz
    assert ws["A2"].value == "中共青岚市委机构编制委员会办公室　青编〔2025〕5号　自 2025-03-01 起施行"


def test_published_workbook_is_its_visible_tables_and_nothing_else(files, documents):
    for stem, doc in documents.items():
        wb = _open(files[f"{stem}.xlsx"])
        tables = [t for p in doc.parts for t in p.tables]
        assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * len(tables), stem
        for ws, table in zip(wb.worksheets, tables, strict=True):
            assert [c.value for c in ws[3]] == [c.title for c in table.columns], (stem, ws.title)
            assert ws.max_column == len(table.columns), (stem, ws.title)
            assert not any(d.hidden for d in ws.column_dimensions.values()), (stem, ws.title)
            assert not any(d.hidden for d in ws.row_dimensions.values()), (stem, ws.title)
            shown = {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
            ids = {i for g in table.groups for i in g.ids}
            assert sorted(shown & ids) == [], (stem, ws.title)  # no record id anywhere, not even in a cell
            assert INTERNAL_NOTICE not in str(ws["A2"].value)
        props = wb.properties
        assert (props.creator, props.category, props.identifier, props.keywords) == ("qingdan", doc.kind, None, None)


def test_editable_workbook_says_on_every_sheet_that_it_is_internal(editable, documents):
    for stem in documents:
        wb = _open(editable[f"{stem}.xlsx"])
        for ws in _tables(wb):
            notice, _, meta = ws["A2"].value.partition("\n")
            assert (notice, meta) == (
                INTERNAL_NOTICE,
                "中共青岚市委机构编制委员会办公室　青编〔2025〕5号　自 2025-03-01 起施行",
            )
            assert (ws["A2"].font.b, ws["A2"].font.color.rgb[-6:], ws.sheet_properties.tabColor.rgb[-6:]) == (
                True,
                "C00000",
                "C00000",
            )
            assert ws.oddHeader.left.text == INTERNAL_NOTICE  # on every printed page too
        assert wb.properties.keywords == INTERNAL_NOTICE


def test_header_row_is_the_column_titles_then_the_hidden_id_and_field_columns(editable, documents):
    for stem, doc in documents.items():
        wb = _open(editable[f"{stem}.xlsx"])
        tables = [t for p in doc.parts for t in p.tables]
        for ws, table in zip(_tables(wb), tables, strict=True):
            header = [c.value for c in ws[3]]
            visible = len(table.columns)
            assert header[: visible + 1] == [c.title for c in table.columns] + [ID_HEADER], (stem, ws.title)
            cell = ws.cell(3, 1)
            assert (cell.font.b, cell.fill.fgColor.rgb[-6:], cell.alignment.wrap_text) == (True, "D9D9D9", True)
            assert cell.border.bottom.style == "thin"
            for n in range(visible, len(header)):
                assert ws.column_dimensions[chr(ord("A") + n)].hidden, (stem, header[n])
            assert not any(ws.column_dimensions[chr(ord("A") + n)].hidden for n in range(visible))
            source = SOURCES.get(doc.kind)
            if source is None:  # a derived view carries no fields
                assert header[visible + 1 :] == [], stem
            else:  # field keys, none of them shown exactly by a visible column
                assert header[visible + 1 :] and all(k not in source.exact for k in header[visible + 1 :]), stem


def test_hidden_field_columns_of_the_responsibility_list(editable):
    ws = _open(editable["responsibility-list.xlsx"]).active
    assert [c.value for c in ws[3]][8:] == [
        "lead",
        "supporting",
        "township_office",
        "basis",
        "contact",
        "admission",
        "note",
        "extra",
    ]


def test_header_is_frozen_and_repeated_on_every_printed_page(files, editable):
    for name, data in (*files.items(), *editable.items()):
        for ws in _tables(_open(data)):
            assert ws.freeze_panes == "A4", name
            assert ws.print_title_rows == "$3:$3", name


def test_print_setup_is_a4_landscape_fit_to_width(files):
    ws = _open(files["responsibility-list.xlsx"]).active
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_margins.left, ws.page_margins.top) == (0.6, 0.8)
    assert ws.print_area == "'青岚市乡镇（街道）属地管理事项主体责任和配合责任清单'!$A$1:$G$88"
    assert ws.oddFooter.center.text == "— &P —"


@pytest.mark.parametrize("kind", ["published", "editable"])
def test_groups_are_the_only_merged_body_rows(files, editable, documents, kind):
    for stem in ("responsibility-list", "performance-list-heping", "office-table-heping", "powers", "power-list"):
        doc = documents[stem]
        wb = _open((files if kind == "published" else editable)[f"{stem}.xlsx"])
        for ws, table in zip(_tables(wb), [t for p in doc.parts for t in p.tables], strict=True):
            last = chr(ord("A") + len(table.columns) - 1)
            body = sorted((r.min_row, str(r)) for r in ws.merged_cells.ranges if r.min_row > 3)
            titled = [g for g in table.groups if g.title]
            assert [ref for _, ref in body] == [f"A{row}:{last}{row}" for row, _ in body]
            assert [ws.cell(row, 1).value for row, _ in body] == [g.title for g in titled]
            assert all(ws.cell(row, 1).font.b for row, _ in body)
            assert ws.max_row == 3 + len(titled) + table.row_count


def test_group_rows_come_before_their_rows(files):
    ws = _open(files["responsibility-list.xlsx"]).active
    values = _rows(ws)
    assert values[0][0] == "一、自然资源"
    assert values[1][0] == 1 and values[1][1] == "耕地保护监管"


def test_hidden_id_column_holds_each_rows_record(editable, documents, sample):
    files = editable
    ws = _open(files["responsibility-list.xlsx"]).active
    ids = [row[7] for row in _rows(ws) if row[7] is not None]
    by_domain = [m.id for d in sample.domains for m in sample.matters if m.domain == d.id]
    assert ids == by_domain
    names = {m.id: m.name for m in sample.matters}
    assert all(names[row[7]] == row[1] for row in _rows(ws) if row[7])

    wb = _open(files["performance-list-heping.xlsx"])
    heping = next(d for d in sample.duty_lists if d.township == "heping")
    for ws, kind in zip(_tables(wb), ("basic", "supporting", "reclaimed"), strict=True):
        rows = [(i, r[1]) for i, r in zip(_ids(ws), _rows(ws), strict=True) if i]
        assert sorted(i for i, _ in rows) == sorted(i.id for i in heping.of(kind))
        assert set(rows) == {(i.id, i.name) for i in heping.of(kind)}

    ws = _open(files["office-table-heping.xlsx"]).active
    township = sample.township("heping")
    assert [i for i in _ids(ws) if i] == [u.id for u in (*township.offices, *township.stationed_units)]


def test_department_view_ids_name_the_township(editable, sample):
    wb = _open(editable["department-view-agriculture.xlsx"])
    assert wb.sheetnames == ["镇街配合事项", "本部门收回事项", META_SHEET]
    ws = wb["镇街配合事项"]
    heping = next(d for d in sample.duty_lists if d.township == "heping")
    expected = [f"heping/{i.id}" for i in heping.items if i.list == "supporting" and "agriculture" in i.departments]
    assert [r[-1] for r in _rows(ws)] == expected
    assert {r[1] for r in _rows(ws)} == {"鹤坪镇"}


def test_several_lines_are_numbered_in_numbered_columns_and_wrap_at_the_top(files, sample):
    ws = _open(files["responsibility-list.xlsx"]).active
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "耕地保护监管")
    matter = next(m for m in sample.matters if m.name == "耕地保护监管")
    assert len(matter.department_duties) > 1
    duties = row[3]
    assert duties.value == "\n".join(f"{n}. {d}" for n, d in enumerate(matter.department_duties, start=1))
    assert (duties.alignment.wrap_text, duties.alignment.vertical) == (True, "top")
    assert duties.border.left.style == "thin"
    assert "\n" in row[2].value and not row[2].value.startswith("1. ")  # several lines, not a numbered column
    assert ws.row_dimensions[duties.row].height >= 14 * len(matter.department_duties)


def test_column_widths_follow_weights_and_fit_their_titles(files, documents):
    ws = _open(files["responsibility-list.xlsx"]).active
    columns = documents["responsibility-list"].parts[0].tables[0].columns
    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(len(columns))]
    # the sample quotes excerpts, so 依据 (24) is as wide as 部门职责 (24); 乡镇职责 18, 名称 8, 序号 3
    assert widths[3] == widths[5] > widths[4] > widths[1] > widths[0]
    assert all(w >= display_width(c.title) for w, c in zip(widths, columns, strict=True))


def test_rendering_twice_gives_identical_bytes(sample, files, editable):
    env = environment(shipped_dir("templates"))
    again = render_files(sample, "xlsx", env, township="heping", epoch=EPOCH)
    assert again == files
    assert render_files(sample, "xlsx", env, township="heping", epoch=EPOCH, editable=True) == editable


def test_bytes_do_not_depend_on_hash_seed_or_clock(files):
    script = (
        "import sys, hashlib; from pathlib import Path; from qingdan.loader import load_dataset;"
        "from qingdan.project import Project; from qingdan.render import environment, render_files;"
        "from qingdan.resources import shipped_dir;"
        f"ds = load_dataset(Project.discover(Path({str(SAMPLES / '2025')!r})))[0];"
        "f = render_files(ds, 'xlsx', environment(shipped_dir('templates')), kinds=['responsibility-list'],"
        f" epoch={EPOCH});"
        "print(hashlib.sha256(f['responsibility-list.xlsx']).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(files["responsibility-list.xlsx"]).hexdigest()}


def test_dates_come_from_the_epoch(files, editable, sample):
    data = files["responsibility-list.xlsx"]
    props = _open(data).properties
    assert (props.creator, props.created.isoformat(), props.modified.isoformat()) == (
        "qingdan",
        "2025-03-01T00:00:00",
        "2025-03-01T00:00:00",
    )
    assert (props.identifier, props.category) == (None, "responsibility-list")
    props = _open(editable["responsibility-list.xlsx"]).properties
    assert (props.identifier, props.category) == ("responsibility-list", "responsibility-list")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 3, 1, 0, 0, 0)}
        assert z.namelist() == sorted(z.namelist())
    later = render_files(sample, "xlsx", environment(shipped_dir("templates")), kinds=["powers"], epoch=EPOCH + 86400)
    assert later["powers.xlsx"] != files["powers.xlsx"]


def _doc(tables: list[Table], title: str = "测试清单") -> Document:
    return Document(
        "powers",
        "t",
        title,
        "测试市",
        "测试市委编办",
        "测编〔2025〕1号",
        "2025-01-01",
        "2025",
        (Part(title, tuple(tables)),),
    )


def test_sheet_names_are_valid_and_unique():
    columns = (Column("序号", 3), Column("事项名称", 10))
    tables = [
        Table("", columns, ()),
        Table("a/b:c*d?e[f]g\\h（3项）", columns, ()),
        Table("很长的表名" * 8, columns, ()),
        Table("很长的表名" * 8 + "（2项）", columns, ()),
        Table("'History'", columns, ()),
        Table("基本履职事项清单（115项）", columns, ()),
        Table("基本履职事项清单（116项）", columns, ()),
    ]
    names = sheet_names(_doc(tables, title="某市乡镇（街道）属地管理事项主体责任和配合责任清单之附表"))
    assert names == [
        "某市乡镇（街道）属地管理事项主体责任和配合责任清单之附表"[:31],
        "abcdefgh",
        ("很长的表名" * 8)[:31],
        ("很长的表名" * 8)[:28] + "（2）",
        "History（表）",
        "基本履职事项清单",
        "基本履职事项清单（2）",
    ]
    assert all(len(n) <= 31 for n in names)
    wb = _open(workbook_bytes(_doc(tables), environment(shipped_dir("templates")), EPOCH))
    assert wb.sheetnames == ["测试清单", *names[1:]]


def test_cell_text_is_never_a_formula_and_loses_control_characters():
    columns = (Column("序号", 3), Column("事项名称", 10), Column("依据", 10, numbered=True))
    rows = (((("1",), ("=HYPERLINK(1)",), ("甲\x07", "乙"))),)
    table = Table("", columns, (Group("", rows, ("x-1",)),))
    ws = _open(workbook_bytes(_doc([table]), environment(shipped_dir("templates")), EPOCH)).active
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1", "A2:C2"}  # no group title, no group row
    assert [c.value for c in ws[4]] == [1, "=HYPERLINK(1)", "1. 甲\n2. 乙"]
    assert ws["B4"].data_type == "s"


def test_titles_come_from_templates_a_data_set_may_override(sample, tmp_path):
    user = tmp_path / "templates"
    (user / "xlsx").mkdir(parents=True)
    (user / "xlsx" / "title.txt.j2").write_text("{{ doc.title }}（{{ table.title }}）\n", encoding="utf-8")
    (user / "xlsx" / "page-footer.txt.j2").write_text("第 &P 页 共 &N 页\n", encoding="utf-8")
    env = environment(shipped_dir("templates"), user)
    files = render_files(sample, "xlsx", env, kinds=["performance-list"], township="heping", epoch=EPOCH)
    ws = _open(files["performance-list-heping.xlsx"])["配合履职事项清单"]
    assert ws["A1"].value == "鹤坪镇履行职责事项清单（配合履职事项清单（97项））"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.oddHeader.center.text == "配合履职事项清单（97项）"


@pytest.mark.parametrize("dataset", [False, True], ids=["published", "editable"])
def test_a_draft_says_so_on_every_sheet_and_every_printed_page(sample, documents, dataset):
    doc = documents["performance-list-heping"]
    draft = replace(doc, draft="征求意见稿")
    data = workbook_bytes(draft, environment(shipped_dir("templates")), EPOCH, sample if dataset else None)
    sheets = _tables(_open(data))
    assert len(sheets) == 3
    for ws in sheets:
        assert ws["A1"].value == "鹤坪镇履行职责事项清单（征求意见稿）"
        assert ws.oddHeader.left.text.split("　")[0] == "征求意见稿"
    clean = _tables(_open(workbook_bytes(doc, environment(shipped_dir("templates")), EPOCH)))
    assert [(ws["A1"].value, ws.oddHeader.left.text) for ws in clean] == [("鹤坪镇履行职责事项清单", None)] * 3
