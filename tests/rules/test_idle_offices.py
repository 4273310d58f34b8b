"""QD304 idle-offices: every office carries something in some list."""

from __future__ import annotations

from conftest import check, write_project

STRUCTURES = """\
structures:
  - id: medium
    name: 测试模式
    limit: 11
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}
      - {id: approval-center, name: 行政审批服务中心, kind: public-institution}
      - {id: emergency-office, name: 应急管理办公室, kind: party-government}
      - {id: veterans-station, name: 退役军人服务站, kind: public-institution}
      - {id: safety-office, name: 平安建设办公室, kind: party-government}
"""
TOWNSHIP = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
  - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}
  - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}
  - {id: approval-center, role: approval-center, name: 行政审批服务中心, kind: public-institution}
  - {id: emergency-office, role: emergency-office, name: 应急管理办公室, kind: party-government}
  - {id: veterans-station, role: veterans-station, name: 退役军人服务站, kind: public-institution}
  - {id: safety-office, role: safety-office, name: 平安建设办公室, kind: party-government}
"""
DUTIES = """\
areas:
  - {id: economy, name: 经济发展}
duties:
  - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
"""
MATTERS = """\
domain: {id: emergency-safety, name: 应急安全}
matters:
  - {id: flood-control, name: 防汛防台, lead: emergency, township_office: emergency-office}
"""
POWER_LIST = """\
items:
  - {id: homestead-approval, type: license, name: 农村村民宅基地审批, office: approval-center}
"""
POWERS = """\
powers:
  - {id: dust, name: 对扬尘的行政处罚, type: penalty, source: housing, mode: delegated, receiving_office: enforcement-brigade}
  - id: public-place
    name: 对公共场所的行政处罚
    type: penalty
    source: housing
    mode: entrusted
    receiving_office: safety-office
    status: withdrawn
    withdrawn: {date: "2025-01-03"}
"""
CASES = """\
cases:
  - id: veterans-aid
    name: 退役军人帮扶
    lead: housing
    township_office: veterans-station
    steps:
      - {actor: township, action: 走访。}
"""
DUTY_LIST = """\
township: heping
basic:
  - {id: pa-001, category: 平安法治, name: 开展平安建设, office: safety-office}
"""
ALL = {
    "structures.yaml": STRUCTURES,
    "townships/heping.yaml": TOWNSHIP,
    "duties.yaml": DUTIES,
    "matters/emergency-safety.yaml": MATTERS,
    "power-list.yaml": POWER_LIST,
    "powers.yaml": POWERS,
    "cases.yaml": CASES,
}


def _hits(make_project, files):
    return [(f.code, f.file, f.line, f.item) for f in check(make_project(files)) if f.code == "QD304"]


def test_every_kind_of_list_assigns_an_office(make_project):
    assert _hits(make_project, {**ALL, "duty-lists/heping.yaml": DUTY_LIST}) == []


def test_office_carrying_nothing(make_project):
    # the safety office's only power was withdrawn, and there is no duty list naming it
    assert _hits(make_project, ALL) == [("QD304", "townships/heping.yaml", 11, "heping/safety-office")]


def test_duty_list_of_another_township_does_not_count(make_project):
    other = DUTY_LIST.replace("township: heping", "township: lanqiao")
    lanqiao = "id: lanqiao\nname: 岚桥镇\nkind: town\nstructure: medium\noffices:\n" + TOWNSHIP.split("offices:\n")[1]
    files = {**ALL, "duty-lists/lanqiao.yaml": other, "townships/lanqiao.yaml": lanqiao}
    assert _hits(make_project, files) == [
        ("QD304", "townships/heping.yaml", 11, "heping/safety-office"),
    ]


def test_each_list_counts(tmp_path):
    hits = {
        "duties.yaml": "heping/economic-office",
        "matters/emergency-safety.yaml": "heping/emergency-office",
        "power-list.yaml": "heping/approval-center",
        "powers.yaml": "heping/enforcement-brigade",
        "cases.yaml": "heping/veterans-station",
    }
    for dropped, item in hits.items():
        files = {k: v for k, v in {**ALL, "duty-lists/heping.yaml": DUTY_LIST}.items() if k != dropped}
        if dropped == "duties.yaml":
            files["duties.yaml"] = "areas:\n  - {id: economy, name: 经济发展}\nduties: []\n"
        root = write_project(tmp_path / dropped.replace("/", "-"), files)
        assert [f.item for f in check(root) if f.code == "QD304"] == [item], dropped


def test_no_lists_at_all_is_not_checked(make_project):
    files = {"structures.yaml": STRUCTURES, "townships/heping.yaml": TOWNSHIP, "duties.yaml": "areas: []\nduties: []\n"}
    assert _hits(make_project, files) == []
