"""`qingdan who`: 谁负责？ — fuzzy enough for how people type."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.who import expand, search


@pytest.fixture(scope="module")
def sample():
    return load_dataset(Project.discover(SAMPLES / "2022"))[0]


def test_who_finds_the_dog_row_with_its_lead_and_contact(sample):
    first = search(sample, "养犬")[0]
    assert (first.id, first.name, first.lead, first.contact) == (
        "dog-management",
        "养犬监管",
        "青岚市综合行政执法局",
        "毛建新 0000-6180126",
    )
    assert first.office == "综合行政执法大队"


def test_everyday_words_find_the_lists_words(sample):
    assert expand("养狗") == "养犬"
    assert search(sample, "养狗")[0].id == "dog-management"


def test_township_names_the_office_and_its_leader(sample):
    answer = search(sample, "养狗", township="heping")[0]
    assert (answer.office, answer.leader) == ("综合行政执法大队", "于一鸣（副镇长）")


def test_department_filter(sample):
    assert all(a.id != "dog-management" for a in search(sample, "养犬", department="agriculture"))
    assert search(sample, "养犬", department="public-security")[0].id == "dog-management"


def test_nothing_unrelated_comes_back(sample):
    assert search(sample, "航天发射") == []


def test_cli(run_cli):
    result = run_cli("who", "养狗", "--data", str(SAMPLES / "2022"), "--township", "heping")
    assert result.exit_code == 0
    assert "养犬监管" in result.stdout and "毛建新" in result.stdout
    assert run_cli("who", "养犬", "--data", str(SAMPLES / "2022"), "--township", "nowhere").exit_code == 2
    none = run_cli("who", "航天发射", "--data", str(SAMPLES / "2022"))
    assert none.exit_code == 0 and "没有找到" in none.stdout


ROLE_NAMED_TWICE = {
    "structures.yaml": """\
structures:
  - id: medium
    name: 八办一队一中心一站
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government}
  - id: large
    name: 八办一队两中心一站
    roles:
      - {id: economic-office, name: 经济发展和招商办公室, kind: party-government}
""",
    "townships/heping.yaml": "id: heping\nname: 鹤坪镇\nkind: town\nstructure: large\noffices: []\n",
    "matters/agriculture.yaml": """\
domain: {id: agriculture, name: 农业农村}
matters:
  - {id: straw, name: 秸秆禁烧, lead: [agriculture], township_duties: [负责巡查。], township_office: economic-office}
""",
}


def test_a_role_is_named_as_the_townships_own_structure_names_it(make_project):
    dataset, _ = load_dataset(Project.discover(make_project(ROLE_NAMED_TWICE)))
    assert search(dataset, "秸秆", township="heping")[0].office == "（鹤坪镇未设经济发展和招商办公室）"
    assert search(dataset, "秸秆")[0].office == "经济发展办公室"  # no township asked: the first structure's name
