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


# --- the fix: a missing township_office filled from the counterparts every township agrees on ----------------


def _town(tid: str, name: str, *offices: tuple[str, str, str, str]) -> str:
    """A township file whose offices are (id, role, name, counterparts as a flow list)."""
    rows = "".join(
        f"  - {{id: {oid}, role: {role}, name: {oname}, kind: party-government, counterparts: {cps}}}\n"
        for oid, role, oname, cps in offices
    )
    return f"id: {tid}\nname: {name}\nkind: town\nstructure: medium\noffices:\n{rows}"


ECONOMY = ("economic-office", "economic-office", "经济发展办公室", "[agriculture]")
ENFORCEMENT = ("enforcement-brigade", "enforcement-brigade", "综合行政执法大队", "[]")


def _imported(make_project, heping: str, lanqiao: str, *rows: str):
    """Matters as an import writes them: no township_office; two townships with the given offices."""
    matters = "domain: {id: agriculture, name: 农业农村}\nmatters:\n" + "".join(f"  - {row}\n" for row in rows)
    return make_project(
        {"townships/heping.yaml": heping, "townships/lanqiao.yaml": lanqiao, "matters/agriculture.yaml": matters}
    )


def _fixes(root):
    return [
        (f.item, f.fix and (f.fix.file, f.fix.path, f.fix.old, f.fix.new, f.fix.label))
        for f in check(root)
        if f.code == "QD203"
    ]


def _message(root) -> str:
    return next(f.message for f in check(root) if f.code == "QD203")


STRAW = "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture, township_duties: [做好巡查。]}"


def test_one_counterpart_role_in_every_township_is_filled(make_project):
    root = _imported(
        make_project,
        _town("heping", "鹤坪镇", ECONOMY, ENFORCEMENT),
        _town("lanqiao", "岚桥镇", ENFORCEMENT, ECONOMY, ("investment", "investment-center", "招商中心", "[housing]")),
        STRAW,
        "{id: dogs, name: 养犬管理, lead: township, supporting: [agriculture], township_duties: [做好登记。]}",
    )
    file = "matters/agriculture.yaml"
    assert _fixes(root) == [
        ("straw-burning", (file, ("matters", 0, "township_office"), None, "economic-office", "经济发展办公室")),
        ("dogs", (file, ("matters", 1, "township_office"), None, "economic-office", "经济发展办公室")),
    ]
    assert "各乡镇对口「测试市农业农村局」的机构都是「经济发展办公室」（economic-office）" in _message(root)


def test_several_counterpart_offices_are_named_not_filled(make_project):
    both = ("enforcement-brigade", "enforcement-brigade", "综合行政执法大队", "[agriculture]")
    root = _imported(
        make_project, _town("heping", "鹤坪镇", ECONOMY, ENFORCEMENT), _town("lanqiao", "岚桥镇", ECONOMY, both), STRAW
    )
    assert _fixes(root) == [("straw-burning", None)]
    assert _message(root).endswith(
        "对口「测试市农业农村局」的机构有 economic-office（经济发展办公室）、"
        "enforcement-brigade（综合行政执法大队，仅岚桥镇对口），请选定一个写上它的角色标识"
    )


def test_townships_that_each_have_one_but_not_the_same_are_not_filled(make_project):
    only_enforcement = ("enforcement-brigade", "enforcement-brigade", "综合行政执法大队", "[agriculture]")
    no_agriculture = ("economic-office", "economic-office", "经济发展办公室", "[statistics]")
    root = _imported(
        make_project,
        _town("heping", "鹤坪镇", ECONOMY, ENFORCEMENT),
        _town("lanqiao", "岚桥镇", no_agriculture, only_enforcement),
        STRAW,
    )
    assert _fixes(root) == [("straw-burning", None)]
    message = _message(root)
    assert "economic-office（经济发展办公室，仅鹤坪镇对口）" in message
    assert "enforcement-brigade（综合行政执法大队，仅岚桥镇对口）" in message


def test_a_township_without_a_counterpart_office_stops_the_fill(make_project):
    no_agriculture = ("economic-office", "economic-office", "经济发展办公室", "[statistics]")
    root = _imported(
        make_project, _town("heping", "鹤坪镇", ECONOMY), _town("lanqiao", "岚桥镇", no_agriculture), STRAW
    )
    assert _fixes(root) == [("straw-burning", None)]
    assert "economic-office（经济发展办公室，仅鹤坪镇对口）" in _message(root)


def test_no_counterpart_anywhere_says_so(make_project):
    row = "{id: farm-houses, name: 农村建房, lead: housing, township_duties: [做好巡查。]}"
    town = _town("heping", "鹤坪镇", ECONOMY)
    root = _imported(make_project, town, town.replace("heping", "lanqiao").replace("鹤坪镇", "岚桥镇"), row)
    assert _fixes(root) == [("farm-houses", None)]
    assert "各乡镇都没有对口「测试市住房和城乡建设局」的机构" in _message(root)


def test_an_unknown_lead_is_named_and_nothing_is_guessed(make_project):
    row = "{id: data, name: 政务数据归集, lead: da-shu-ju-ju, township_duties: [做好采集。]}"
    town = _town("heping", "鹤坪镇", ECONOMY)
    root = _imported(make_project, town, town.replace("heping", "lanqiao").replace("鹤坪镇", "岚桥镇"), row)
    assert _fixes(root) == [("data", None)]
    assert "部门「da-shu-ju-ju」不在部门名录中" in _message(root)


def test_the_source_office_column_kept_in_extra_decides(make_project):
    town = _town("heping", "鹤坪镇", ECONOMY, ENFORCEMENT)
    other = town.replace("heping", "lanqiao").replace("鹤坪镇", "岚桥镇")
    named = "{id: a, name: 甲, lead: agriculture, township_duties: [做。], extra: {乡镇承担机构: 综合行政执法大队}}"
    short = "{id: b, name: 乙, lead: agriculture, township_duties: [做。], extra: {责任科室: 经济办}}"
    elsewhere = "{id: c, name: 丙, lead: agriculture, township_duties: [做。], extra: {责任科室: 农业综合服务中心}}"
    root = _imported(make_project, town, other, named, short, elsewhere)
    assert [(item, fix and fix[3]) for item, fix in _fixes(root)] == [
        ("a", "enforcement-brigade"),  # the source names a role: it wins over the counterpart
        ("b", None),  # 经济办 is not a shortening of 经济发展办公室: no guess
        ("c", None),  # the source names an office no structure has
    ]
    messages = [f.message for f in check(root) if f.code == "QD203"]
    assert "原表「责任科室」一栏写的是「农业综合服务中心」，不是哪个机构角色的名称" in messages[2]
    assert "economic-office（经济发展办公室）" in messages[2]


def test_a_shortened_source_office_that_agrees_with_the_one_counterpart_is_filled(make_project):
    town = _town("heping", "鹤坪镇", ECONOMY, ENFORCEMENT)
    other = town.replace("heping", "lanqiao").replace("鹤坪镇", "岚桥镇")
    row = "{id: a, name: 甲, lead: agriculture, township_duties: [做。], extra: {承担机构: 经济发展办}}"
    root = _imported(make_project, town, other, row)
    assert [(item, fix and fix[3]) for item, fix in _fixes(root)] == [("a", "economic-office")]
