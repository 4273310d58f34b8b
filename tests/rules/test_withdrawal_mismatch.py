"""QD209 withdrawal-mismatch: a withdrawn power and the townships' 上级部门收回事项 must tell the same story.

The fixtures follow a real reform round (象山, 2025-01-03: delegated penalty items of 建设 and 卫生健康
taken back): the catalogue marks the powers withdrawn; each township's 履行职责事项清单 lists them as
上级部门收回事项 under the department that takes them back.
"""

from __future__ import annotations

from conftest import SAMPLES, check
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.rules import run, withdrawal_mismatch
from qingdan.rules.withdrawal_mismatch import core

DEPARTMENTS = """\
departments:
  - {id: housing, name: 测试市住房和城乡建设局}
  - {id: health, name: 测试市卫生健康局}
  - {id: enforcement, name: 测试市综合行政执法局}
"""
TOWNSHIP_2 = """\
id: lanqiao
name: 岚桥镇
kind: town
structure: medium
offices:
  - id: enforcement-brigade
    role: enforcement-brigade
    name: 综合行政执法大队
    kind: public-institution
    counterparts: [housing]
    staffing: {institutional: {approved: 8, actual: 8}, enforcement_certified: 4}
  - id: economic-office
    role: economic-office
    name: 经济发展办公室
    kind: party-government
    counterparts: [housing]
    staffing: {administrative: {approved: 5, actual: 5}}
leaders:
  - {id: head, name: 赵三, post: 镇长, oversees: [economic-office, enforcement-brigade]}
"""


def _power(pid: str, name: str, source: str, withdrawn: bool) -> str:
    text = (
        f"  - id: {pid}\n    name: {name}\n    type: penalty\n    source: {source}\n"
        "    mode: delegated\n    receiving_office: enforcement-brigade\n"
    )
    if withdrawn:
        text += (
            "    status: withdrawn\n"
            '    withdrawn: {date: "2025-01-03", document: 青政发〔2025〕1号, reason: 专业性强，乡镇承接能力不足。}\n'
        )
    return text


POWERS = "powers:\n" + "".join(
    (
        _power("road-occupation", "对擅自占用或者挖掘城市道路的行政处罚", "housing", True),
        _power("public-place-no-license", "对公共场所经营者未取得卫生许可证擅自营业的行政处罚", "health", True),
        _power("outdoor-advert", "对擅自设置大型户外广告影响市容的行政处罚", "enforcement", False),
    )
)


def _reclaimed(township: str, *items: str) -> str:
    rows = "".join(
        f"  - {{id: sh-{n}, category: 综合执法, name: {name}, receiving_department: {dept}}}\n"
        for n, (name, dept) in enumerate((i.split("|") for i in items), start=1)
    )
    return f"township: {township}\nreclaimed:\n{rows}" if rows else f"township: {township}\n"


ROAD = "对擅自占用或者挖掘城市道路的行政处罚|housing"
LICENSE = "对公共场所经营者未取得卫生许可证擅自营业的行政处罚|health"
PARTY_DATA = "党员信息和基层组织数据重复报送|housing"  # not a power: out of the rule's reach


def _project(make_project, heping: str, lanqiao: str | None = None):
    files = {"departments.yaml": DEPARTMENTS, "powers.yaml": POWERS, "duty-lists/heping.yaml": heping}
    if lanqiao is not None:
        files |= {"townships/lanqiao.yaml": TOWNSHIP_2, "duty-lists/lanqiao.yaml": lanqiao}
    return make_project(files)


def _hits(root):
    return [(f.code, f.file, f.line, f.item) for f in check(root) if f.code == "QD209"]


def test_every_township_with_a_duty_list_lists_every_withdrawn_power(make_project):
    root = _project(make_project, _reclaimed("heping", ROAD, LICENSE, PARTY_DATA), _reclaimed("lanqiao", ROAD))
    assert _hits(root) == [("QD209", "duty-lists/lanqiao.yaml", 2, "lanqiao/public-place-no-license")]
    [finding] = [f for f in check(root) if f.code == "QD209"]
    assert "测试市卫生健康局收回（青政发〔2025〕1号，2025年1月3日）" in finding.message
    assert "「岚桥镇」" in finding.message and "「health」" in finding.message
    assert [(r.file, r.line) for r in finding.related] == [("powers.yaml", 16)]


def test_a_duty_list_without_reclaimed_items_is_found_at_its_top(make_project):
    root = _project(make_project, _reclaimed("heping", ROAD, LICENSE), _reclaimed("lanqiao"))
    assert _hits(root) == [
        ("QD209", "duty-lists/lanqiao.yaml", 1, "lanqiao/public-place-no-license"),
        ("QD209", "duty-lists/lanqiao.yaml", 1, "lanqiao/road-occupation"),
    ]


def test_a_township_without_a_duty_list_is_not_checked(make_project):
    root = make_project({"departments.yaml": DEPARTMENTS, "powers.yaml": POWERS, "townships/lanqiao.yaml": TOWNSHIP_2})
    assert _hits(root) == []


def test_a_reclaimed_item_of_a_power_still_delegated_is_found(make_project):
    advert = "对擅自设置大型户外广告影响市容的行政处罚|enforcement"
    root = _project(make_project, _reclaimed("heping", ROAD, LICENSE, advert))
    assert _hits(root) == [("QD209", "duty-lists/heping.yaml", 5, "heping/sh-3")]
    [finding] = [f for f in check(root) if f.code == "QD209"]
    assert "仍下放给乡镇行使" in finding.message


def test_a_reclaimed_item_naming_another_department_is_found_at_the_department(make_project):
    root = _project(make_project, _reclaimed("heping", "对擅自占用或者挖掘城市道路的行政处罚|enforcement", LICENSE))
    assert _hits(root) == [("QD209", "duty-lists/heping.yaml", 3, "heping/sh-1")]
    [finding] = [f for f in check(root) if f.code == "QD209"]
    assert "写的承接部门是测试市综合行政执法局" in finding.message and "由测试市住房和城乡建设局收回" in finding.message


def test_names_are_paired_without_their_frame_and_punctuation(make_project):
    """擅自占用或者挖掘城市道路行政处罚 (no 对, no 的) is the same power; 对擅自占用城市绿地的行政处罚 is not."""
    assert (
        core("对擅自占用或者挖掘城市道路的行政处罚")
        == core("擅自占用、或者挖掘城市道路行政处罚")
        == "擅自占用或者挖掘城市道路"
    )
    near = "擅自占用、或者挖掘城市道路行政处罚|housing"
    assert _hits(_project(make_project, _reclaimed("heping", near, LICENSE))) == []
    other = "对擅自占用城市绿地的行政处罚|housing"
    assert _hits(_project(make_project, _reclaimed("heping", other, LICENSE))) == [
        ("QD209", "duty-lists/heping.yaml", 2, "heping/road-occupation")
    ]


def test_ratio_option(make_project):
    near = "对擅自占用或挖掘城市道路的行政处罚|housing"  # 或者 → 或
    dataset, _ = load_dataset(Project.discover(_project(make_project, _reclaimed("heping", near, LICENSE))))
    assert [f.item for f in run(withdrawal_mismatch, dataset, options={"ratio": 0.8})] == []
    assert [f.item for f in run(withdrawal_mismatch, dataset, options={"ratio": 1.0})] == ["heping/road-occupation"]


def test_the_2025_sample_lists_its_five_withdrawals_in_both_townships():
    """The sample's 2025-01-03 withdrawal (住建 3, 卫健 2) is in 鹤坪镇's and 岚桥镇's 上级部门收回事项."""
    dataset, _ = load_dataset(Project.discover(SAMPLES / "2025"))
    assert sum(p.status == "withdrawn" for p in dataset.powers) == 5
    assert run(withdrawal_mismatch, dataset) == []
