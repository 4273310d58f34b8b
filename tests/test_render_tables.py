"""The published tables (render/documents.py): 序号 counted on across groups, no column that only repeats the
group rows, no column no row fills — what every format (Word, Excel, Markdown, HTML, site) prints."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.render.documents import Table, build

# A township's list as imported from a county's Word attachment, items in the order the county added them:
# a 党的建设 item appended after the 经济发展 ones, so the category rows and the file order differ.
DUTY_LIST = """\
township: heping
basic:
  - {id: dj-001, category: 党的建设, name: 落实全面从严治党主体责任, office: economic-office}
  - {id: jj-001, category: 经济发展, name: 落实招商引资和项目服务工作, office: economic-office}
  - {id: jj-002, category: 经济发展, name: 做好统计调查和经济运行监测, office: economic-office}
  - {id: dj-002, category: 党的建设, name: 组织实施村（社区）“两委”换届选举, office: economic-office}
supporting:
  - id: pt-001
    category: 平安法治
    name: 配合开展禁毒宣传
    department: agriculture
    department_duty: 负责禁毒工作的统筹
    township_duty: 配合宣传
reclaimed:
  - id: sh-001
    category: 城乡建设
    name: 违法建设的查处
    receiving_department: housing
    working_method: 由县住建局直接查处
"""
# A 权责清单 as many townships publish it: 权力类型, 项目名称, 实施依据, 责任事项, 追责情形 — no 编码, no 子项.
POWER_LIST = """\
items:
  - id: p1
    type: license
    name: 农村村民宅基地审批
    basis: [{document: 《中华人民共和国土地管理法》, article: 第六十二条}]
    responsibilities: [受理责任：公示依法应当提交的材料。, 审查责任：对申请材料进行审查。]
    accountability: [对符合法定条件的申请不予受理的。]
  - id: p2
    type: penalty
    name: 对违反规定露天焚烧秸秆的行政处罚
    basis: [{document: 《中华人民共和国大气污染防治法》, article: 第一百一十九条}]
    responsibilities: [立案责任：发现违法行为及时制止。]
    accountability: [没有法律依据实施行政处罚的。]
  - id: p3
    type: license
    name: 乡村建设规划许可证核发
    basis: [{document: 《中华人民共和国城乡规划法》, article: 第四十一条}]
    responsibilities: [受理责任：一次性告知补正材料。]
    accountability: [不在法定期限内作出决定的。]
"""
POWERS = """\
powers:
  - {id: w1, name: 对施工扬尘的行政处罚, type: penalty, source: housing, mode: delegated, receiving_office: enforcement-brigade}
  - {id: w2, name: 对秸秆焚烧的行政处罚, type: penalty, source: agriculture, mode: delegated, receiving_office: enforcement-brigade}
  - {id: w3, name: 对占道施工的行政处罚, type: penalty, source: housing, mode: delegated, receiving_office: enforcement-brigade}
"""


def _tables(root, kind: str) -> list[Table]:
    dataset = load_dataset(Project.discover(root))[0]
    return [t for d in build(dataset, [kind]) for p in d.parts for t in p.tables]


def _layout(table: Table) -> tuple:
    """Column titles, then each group's title with the 序号 and name of its rows."""
    return (
        tuple(c.title for c in table.columns),
        tuple((g.title, tuple((r[0][0], r[1][0]) for r in g.rows)) for g in table.groups),
    )


def test_numbers_run_on_across_groups_whatever_the_file_order(make_project):
    root = make_project({"duty-lists/heping.yaml": DUTY_LIST})
    basic = _tables(root, "performance-list")[0]
    assert _layout(basic)[1] == (
        ("党的建设", (("1", "落实全面从严治党主体责任"), ("2", "组织实施村（社区）“两委”换届选举"))),
        ("经济发展", (("3", "落实招商引资和项目服务工作"), ("4", "做好统计调查和经济运行监测"))),
    )
    # each row still shows its own record
    assert [g.ids for g in basic.groups] == [("dj-001", "dj-002"), ("jj-001", "jj-002")]


def test_the_power_list_leaves_out_the_type_its_groups_name_and_the_columns_it_has_no_data_for(make_project):
    root = make_project({"power-list.yaml": POWER_LIST})
    (table,) = _tables(root, "power-list")
    assert _layout(table) == (
        ("序号", "项目名称", "实施依据", "责任事项", "追责情形"),
        (
            ("行政许可", (("1", "农村村民宅基地审批"), ("2", "乡村建设规划许可证核发"))),
            ("行政处罚", (("3", "对违反规定露天焚烧秸秆的行政处罚"),)),
        ),
    )


def test_a_code_or_sub_item_on_one_item_brings_its_column_back(make_project):
    with_code = POWER_LIST.replace("    type: penalty\n", '    type: penalty\n    code: "330215001000"\n')
    root = make_project({"power-list.yaml": with_code})
    (table,) = _tables(root, "power-list")
    assert [c.title for c in table.columns] == ["序号", "项目编码", "项目名称", "实施依据", "责任事项", "追责情形"]
    rows = [r for g in table.groups for r in g.rows]
    assert [r[1] for r in rows] == [(), (), ("330215001000",)]


def test_the_powers_catalogue_groups_by_source_department_without_repeating_it(make_project):
    root = make_project({"powers.yaml": POWERS})
    (table,) = _tables(root, "powers")
    assert _layout(table) == (
        ("序号", "事项名称", "权力类型", "赋权方式", "承接机构"),
        (
            ("测试市住房和城乡建设局", (("1", "对施工扬尘的行政处罚"), ("2", "对占道施工的行政处罚"))),
            ("测试市农业农村局", (("3", "对秸秆焚烧的行政处罚"),)),
        ),
    )


@pytest.mark.parametrize("edition", ["2019", "2022", "2025"])
def test_every_sample_table_counts_one_to_n(edition):
    dataset = load_dataset(Project.discover(SAMPLES / edition))[0]
    for doc in build(dataset):
        for table in (t for p in doc.parts for t in p.tables):
            numbers = [r[0][0] for g in table.groups for r in g.rows]
            assert numbers == [str(n) for n in range(1, len(numbers) + 1)], (doc.stem, table.title)
            widths = {len(table.columns)} | {len(r) for g in table.groups for r in g.rows}
            assert len(widths) == 1, (doc.stem, table.title)
