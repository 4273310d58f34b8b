"""QD402 unusable-powers: every active power has a receiving office that exists and can enforce."""

from __future__ import annotations

from conftest import TOWNSHIP, check

STRUCTURES = """\
structures:
  - id: medium
    name: 八办一队一中心一站
    limit: 11
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
      - {id: approval-center, name: 行政审批服务中心, kind: public-institution}
"""
POWERS = """\
powers:
  - id: dust
    name: 对施工单位未采取扬尘污染防治措施的行政处罚
    type: penalty
    source: housing
    mode: delegated
    receiving_office: enforcement-brigade
  - id: burning
    name: 对露天焚烧秸秆的行政处罚
    type: penalty
    source: agriculture
    mode: delegated
    receiving_office: enforcement-brigade
  - id: sand
    name: 对非法采砂的行政处罚
    type: penalty
    source: natural-resources
    mode: entrusted
    receiving_office: enforcement-brigade
    status: withdrawn
    withdrawn: {date: "2025-01-03"}
  - id: signs
    name: 对擅自设置户外广告的行政处罚
    type: penalty
    source: housing
    mode: delegated
  - id: old-signs
    name: 对擅自设置大型户外广告的行政处罚
    type: penalty
    source: housing
    mode: delegated
    status: withdrawn
    withdrawn: {date: "2025-01-03"}
"""
APPROVAL = """\
  - id: stalls
    name: 临时占用道路摆摊设点许可
    type: license
    source: housing
    mode: delegated
    receiving_office: approval-center
"""
LANQIAO = TOWNSHIP.replace("id: heping\nname: 鹤坪镇", "id: lanqiao\nname: 岚桥镇")


def _findings(make_project, files):
    return [f for f in check(make_project({"structures.yaml": STRUCTURES, **files})) if f.code == "QD402"]


def test_certified_receiving_office_passes(make_project):
    powers = POWERS.split("  - id: signs")[0]
    assert _findings(make_project, {"powers.yaml": powers}) == []


def test_active_power_without_receiving_office(make_project):
    findings = _findings(make_project, {"powers.yaml": POWERS})
    assert [(f.code, f.file, f.line, f.pointer, f.item) for f in findings] == [
        ("QD402", "powers.yaml", 22, "$.powers[3].receiving_office", "signs"),
    ]


def test_office_without_certified_staff_one_finding_per_office(make_project):
    township = TOWNSHIP.replace("enforcement_certified: 4", "enforcement_certified: 0")
    files = {"powers.yaml": POWERS, "townships/heping.yaml": township, "townships/lanqiao.yaml": LANQIAO}
    findings = _findings(make_project, files)
    assert [(f.code, f.file, f.line, f.item) for f in findings] == [
        ("QD402", "powers.yaml", 22, "signs"),
        ("QD402", "townships/heping.yaml", 16, "heping/enforcement-brigade"),
    ]
    assert [(r.file, r.line) for r in findings[1].related] == [("powers.yaml", 1)]
    assert "承接了2项赋权事项" in findings[1].message  # the withdrawn power is not counted


def test_missing_certified_count_is_located_at_staffing(make_project):
    township = TOWNSHIP.replace(", enforcement_certified: 4}", "}")
    findings = _findings(
        make_project, {"powers.yaml": POWERS.split("  - id: signs")[0], "townships/heping.yaml": township}
    )
    assert [(f.line, f.pointer, f.item) for f in findings] == [
        (16, "$.offices[1].staffing.enforcement_certified", "heping/enforcement-brigade")
    ]


def test_township_without_the_receiving_role(make_project):
    files = {"powers.yaml": POWERS.split("  - id: signs")[0] + APPROVAL, "townships/lanqiao.yaml": LANQIAO}
    findings = _findings(make_project, files)
    assert [(f.code, f.file, f.line, f.column, f.item) for f in findings] == [
        ("QD402", "townships/heping.yaml", 5, 1, "heping/approval-center"),
        ("QD402", "townships/lanqiao.yaml", 5, 1, "lanqiao/approval-center"),
    ]
    assert [(r.file, r.line, r.pointer) for r in findings[0].related] == [
        ("powers.yaml", 27, "$.powers[3].receiving_office")
    ]
    assert "「行政审批服务中心」" in findings[0].message and "1项赋权事项" in findings[0].message


def test_unknown_receiving_role_is_left_to_known_refs(make_project):
    powers = POWERS.split("  - id: signs")[0] + APPROVAL.replace("approval-center", "approval-centre")
    assert _findings(make_project, {"powers.yaml": powers}) == []
