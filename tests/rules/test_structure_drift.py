"""QD303 structure-drift: required offices present, within the limit, roles from the township's structure."""

from __future__ import annotations

from conftest import check

STRUCTURES = """\
structures:
  - id: medium
    name: 八办一队一中心一站
    limit: 3
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
      - {id: veterans-station, name: 退役军人服务站, kind: public-institution}
      - {id: investment-center, name: 招商促进服务中心, kind: public-institution}
  - id: large
    name: 八办一队两中心一站
    limit: 4
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
      - {id: investment-center, name: 招商促进服务中心, kind: public-institution, required: true}
      - {id: planning-center, name: 村镇建设服务中心, kind: public-institution}
"""
HEAD = """\
id: heping
name: 鹤坪镇
kind: town
structure: medium
offices:
"""
ECONOMIC = "  - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government}\n"
BRIGADE = "  - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}\n"
VETERANS = "  - {id: veterans-station, role: veterans-station, name: 退役军人服务站, kind: public-institution}\n"
INVESTMENT = "  - {id: investment-center, role: investment-center, name: 招商促进服务中心, kind: public-institution}\n"
PLANNING = "  - {id: planning-center, role: planning-center, name: 村镇建设服务中心, kind: public-institution}\n"
MARKET = "  - {id: market-office, role: economic-office, name: 市场监管所, kind: stationed}\n"


def _hits(make_project, township):
    files = {"structures.yaml": STRUCTURES, "townships/heping.yaml": township}
    return [(f.code, f.file, f.line, f.item) for f in check(make_project(files)) if f.code == "QD303"]


def test_required_offices_within_the_limit_pass(make_project):
    assert _hits(make_project, HEAD + ECONOMIC + BRIGADE + VETERANS) == []


def test_missing_required_office_is_located_at_the_offices_key(make_project):
    files = {"structures.yaml": STRUCTURES, "townships/heping.yaml": HEAD + ECONOMIC + VETERANS}
    findings = [f for f in check(make_project(files)) if f.code == "QD303"]
    assert [(f.code, f.file, f.line, f.column, f.item) for f in findings] == [
        ("QD303", "townships/heping.yaml", 5, 1, "heping/enforcement-brigade")
    ]
    assert [(r.file, r.line) for r in findings[0].related] == [("structures.yaml", 7)]
    assert "「综合行政执法大队」" in findings[0].message and "「八办一队一中心一站」" in findings[0].message


def test_more_offices_than_the_limit(make_project):
    findings = [
        f
        for f in check(
            make_project(
                {
                    "structures.yaml": STRUCTURES,
                    "townships/heping.yaml": HEAD + ECONOMIC + BRIGADE + VETERANS + INVESTMENT,
                }
            )
        )
        if f.code == "QD303"
    ]
    assert [(f.code, f.file, f.line, f.item) for f in findings] == [
        ("QD303", "townships/heping.yaml", 9, "heping/limit")
    ]
    assert [(r.file, r.line) for r in findings[0].related] == [("structures.yaml", 4)]
    assert "4个机构" in findings[0].message and "限额3个" in findings[0].message


def test_stationed_offices_do_not_count_towards_the_limit(make_project):
    assert _hits(make_project, HEAD + ECONOMIC + BRIGADE + VETERANS + MARKET) == []


def test_role_from_another_structure(make_project):
    assert _hits(make_project, HEAD + ECONOMIC + BRIGADE + PLANNING) == [
        ("QD303", "townships/heping.yaml", 8, "heping/planning-center")
    ]


def test_large_structure_requires_its_own_roles(make_project):
    township = HEAD.replace("structure: medium", "structure: large") + ECONOMIC + BRIGADE + VETERANS
    assert _hits(make_project, township) == [
        ("QD303", "townships/heping.yaml", 5, "heping/investment-center"),
        ("QD303", "townships/heping.yaml", 8, "heping/veterans-station"),
    ]


def test_unknown_role_or_structure_is_left_to_known_refs(make_project):
    township = HEAD + ECONOMIC + BRIGADE + PLANNING.replace("role: planning-center", "role: nowhere")
    assert _hits(make_project, township) == []
    assert _hits(make_project, HEAD.replace("structure: medium", "structure: nowhere") + ECONOMIC) == []
