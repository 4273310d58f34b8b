"""DataSet.index: every id to its record or published name, one rule for duplicates (the first wins)."""

from __future__ import annotations

from conftest import DEPARTMENTS, STRUCTURES, TOWNSHIP
from qingdan.loader import load_dataset
from qingdan.project import Project

DUPLICATED = {
    "departments.yaml": DEPARTMENTS
    + """\
  - {id: agriculture, name: 第二个农业农村局, short_name: 农业}
  - {id: market, name: 测试市市场监督管理局, short_name: 市场监管局}
  - {id: nameless, name: ""}
""",
    "structures.yaml": STRUCTURES
    + """\
  - id: large
    name: 八办一队两中心一站
    roles:
      - {id: economic-office, name: 经济发展和招商办公室, kind: party-government}
      - {id: investment-centre, name: "", kind: public-institution}
  - id: medium
    name: 第二个中等模式
    roles:
      - {id: investment-centre, name: 招商促进服务中心, kind: public-institution}
""",
    "townships/later.yaml": TOWNSHIP.replace("name: 鹤坪镇", "name: 第二个鹤坪镇").replace(
        "name: 经济发展办公室", "name: 第二个经济发展办公室"
    ),
}


def _index(make_project):
    dataset, _ = load_dataset(Project.discover(make_project(DUPLICATED)))
    return dataset.index


def test_the_first_of_a_duplicate_id_wins_everywhere(make_project):
    index = _index(make_project)
    assert (index.departments["agriculture"].name, index.structures["medium"].name) == (
        "测试市农业农村局",
        "八办一队一中心一站",
    )
    assert (index.township_name("heping"), index.unit_name("heping", "economic-office")) == ("鹤坪镇", "经济发展办公室")
    assert list(index.departments) == ["agriculture", "natural-resources", "housing", "market", "nameless"]


def test_party_names_the_township_a_department_or_the_id_as_written(make_project):
    index = _index(make_project)
    assert [index.party(p) for p in ("township", "market", "nowhere", "nameless")] == [
        "乡镇（街道）",
        "测试市市场监督管理局",
        "nowhere",
        "nameless",
    ]
    assert [index.party(p, short=True) for p in ("market", "housing", "township")] == [
        "市场监管局",
        "测试市住房和城乡建设局",
        "乡镇（街道）",
    ]


def test_a_role_is_named_by_its_structure_else_by_the_first_that_names_it(make_project):
    index = _index(make_project)
    assert index.role("economic-office") == "经济发展办公室"
    assert index.role("economic-office", "large") == "经济发展和招商办公室"
    # the first structure that defines investment-centre leaves it unnamed; the next one names it
    assert (index.role("investment-centre"), index.role("investment-centre", "large")) == ("招商促进服务中心",) * 2
    assert (index.role("no-such-role"), index.structure("large"), index.structure("gone")) == (
        "no-such-role",
        "八办一队两中心一站",
        "gone",
    )


def test_unknown_townships_and_units_read_as_their_ids(make_project):
    index = _index(make_project)
    assert (index.township_name("nowhere"), index.unit_name("nowhere", "x"), index.unit_name("heping", "x")) == (
        "nowhere",
        "x",
        "x",
    )
