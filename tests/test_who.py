"""`qingdan who`: 谁负责？ — fuzzy enough for how people type."""

from __future__ import annotations

import json

import pytest

from conftest import REPO, SAMPLES
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


def test_a_same_sound_typo_finds_the_lists_words(sample):
    answers = search(sample, "秸杆")
    assert [(a.id, a.heard) for a in answers] == [("straw-utilization", "秸秆"), ("straw-burning", "秸秆")]
    assert all(a.score < 1 for a in answers), "found by sound ranks below the same words written right"
    assert [(a.id, a.heard) for a in search(sample, "秸秆")] == [("straw-utilization", ""), ("straw-burning", "")]
    assert search(sample, "杨犬")[0].id == "dog-management"


def test_a_typo_in_a_duty_list_item_of_2025():
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    found = [(a.kind, a.name, a.township, a.heard) for a in search(dataset, "秸杆") if a.kind == "duty-list"]
    assert found == [
        ("duty-list", "做好秸秆禁烧和露天焚烧垃圾巡查劝阻", "鹤坪镇", "秸秆"),
        ("duty-list", "做好秸秆禁烧和露天焚烧垃圾巡查劝阻", "岚桥镇", "秸秆"),
    ]
    assert {a.name for a in search(dataset, "秸杆禁烧")} == {"做好秸秆禁烧和露天焚烧垃圾巡查劝阻"}


def test_sound_is_heard_only_when_nothing_is_found_as_written():
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    right = search(dataset, "主体")  # 主题 sounds the same: a right word must not bring it along
    assert right and all("主体" in a.name and not a.heard for a in right)


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
    typo = run_cli("who", "秸杆", "--data", str(SAMPLES / "2022"))
    exact = run_cli("who", "秸秆", "--data", str(SAMPLES / "2022"))
    assert typo.exit_code == 0 and "按读音" in typo.stdout and "按读音" not in exact.stdout
    assert run_cli("who", "养犬", "--data", str(SAMPLES / "2022"), "--format", "yaml").exit_code == 2


def test_json_format(run_cli, tmp_path):
    result = run_cli("who", "秸杆", "--data", str(SAMPLES / "2022"), "--township", "鹤坪镇", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert (doc["version"], doc["tool"]["name"], doc["query"], doc["words"], doc["township"], doc["department"]) == (
        1,
        "qingdan",
        "秸杆",
        "秸杆",
        "鹤坪镇",
        None,
    )
    burning = next(a for a in doc["answers"] if a["id"] == "straw-burning")
    assert burning == {
        "kind": "matter",
        "id": "straw-burning",
        "name": "秸秆露天焚烧监管",
        "score": 0.9,
        "heard": "秸秆",
        "township": None,
        "lead": "乡镇（街道）",
        "supporting": burning["supporting"],
        "office": "综合行政执法大队",
        "leader": "于一鸣（副镇长）",
        "basis": burning["basis"],
        "contact": burning["contact"],
    }
    page = (REPO / "docs" / "who.md").read_text(encoding="utf-8")
    assert [k for k in (*doc, *burning) if f"`{k}`" not in page] == [], "every key is documented"
    assert burning["supporting"] and all(isinstance(s, str) for s in burning["supporting"])
    assert burning["basis"] and all(b.startswith("《") for b in burning["basis"])
    dog = json.loads(run_cli("who", "养狗", "--data", str(SAMPLES / "2022"), "-f", "json").stdout)
    assert (dog["words"], dog["answers"][0]["name"], dog["answers"][0]["heard"]) == ("养犬", "养犬监管", None)
    out = tmp_path / "who.json"
    assert run_cli("who", "航天发射", "--data", str(SAMPLES / "2022"), "-f", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["answers"] == []


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
