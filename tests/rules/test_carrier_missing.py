"""QD203 carrier-missing: the office role that carries a matter's township side is missing in a township."""

from __future__ import annotations

from conftest import TOWNSHIP, check

STRUCTURES = """\
structures:
  - id: medium
    name: 八办一队一中心一站
    limit: 12
    roles:
      - {id: economic-office, name: 经济发展办公室, kind: party-government, required: true}
      - {id: enforcement-brigade, name: 综合行政执法大队, kind: public-institution, required: true}
      - {id: investment-center, name: 招商促进服务中心, kind: public-institution}
"""
# 岚桥镇 has the 招商促进服务中心; 鹤坪镇 (the base township) does not.
LANQIAO = (
    TOWNSHIP.replace("id: heping\nname: 鹤坪镇", "id: lanqiao\nname: 岚桥镇")
    + """\
  - {id: secretary, name: 张三, post: 党委委员, oversees: [investment-center]}
"""
).replace(
    "leaders:\n",
    """\
  - id: investment-center
    role: investment-center
    name: 招商促进服务中心
    kind: public-institution
    staffing: {institutional: {approved: 4, actual: 4}}
leaders:
""",
)
BASIS = "basis: [{document: 《优化营商环境条例》, article: 第八条}]"


def _project(make_project, *rows: str):
    matters = "domain: {id: agriculture, name: 农业农村}\nmatters:\n" + "".join(f"  - {row}\n" for row in rows)
    return make_project(
        {"structures.yaml": STRUCTURES, "townships/lanqiao.yaml": LANQIAO, "matters/agriculture.yaml": matters}
    )


def _hits(root):
    return [(f.code, f.file, f.line, f.item) for f in check(root) if f.code == "QD203"]


def test_role_missing_in_one_township(make_project):
    root = _project(
        make_project,
        f"{{id: agri-investment, name: 农业招商项目落地服务, lead: agriculture, township_duties: [做好项目落地服务。], township_office: investment-center, {BASIS}}}",
        f"{{id: enterprise-service, name: 涉农企业服务, lead: township, township_office: investment-center, {BASIS}}}",
    )
    assert _hits(root) == [
        ("QD203", "matters/agriculture.yaml", 3, "agri-investment/heping"),
        ("QD203", "matters/agriculture.yaml", 4, "enterprise-service/heping"),
    ]
    finding = next(f for f in check(root) if f.code == "QD203")
    assert finding.pointer == "$.matters[0].township_office"
    assert [(r.file, r.line, r.pointer) for r in finding.related] == [("townships/heping.yaml", 6, "$.offices")]
    assert "「鹤坪镇」" in finding.message and "「招商促进服务中心」" in finding.message


def test_township_side_without_any_office(make_project):
    root = _project(
        make_project,
        f"{{id: agri-investment, name: 农业招商项目落地服务, lead: agriculture, township_duties: [做好项目落地服务。], {BASIS}}}",
        f"{{id: enterprise-service, name: 涉农企业服务, lead: township, {BASIS}}}",
        "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}",  # no township side: no office needed
    )
    assert _hits(root) == [
        ("QD203", "matters/agriculture.yaml", 3, "agri-investment"),
        ("QD203", "matters/agriculture.yaml", 4, "enterprise-service"),
    ]


def test_no_township_side_or_unknown_role_is_not_reported(make_project):
    root = _project(
        make_project,
        "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture, township_office: investment-center}",
        "{id: farm-tools, name: 农机安全监管, lead: agriculture, township_duties: [做好农机安全宣传。], township_office: investmnet-center}",
    )
    assert _hits(root) == []
    assert [f.code for f in check(root)] == ["QD102"]  # the typo, once, not once per township


def test_role_every_township_has_passes(make_project):
    root = _project(
        make_project,
        f"{{id: agri-investment, name: 农业招商项目落地服务, lead: agriculture, township_duties: [做好项目落地服务。], township_office: investment-center, {BASIS}}}",
        f"{{id: enterprise-service, name: 涉农企业服务, lead: township, township_office: economic-office, {BASIS}}}",
    )
    heping = LANQIAO.replace("id: lanqiao\nname: 岚桥镇", "id: heping\nname: 鹤坪镇")
    (root / "townships" / "heping.yaml").write_text(heping, encoding="utf-8")  # now both have the centre
    assert check(root) == []
