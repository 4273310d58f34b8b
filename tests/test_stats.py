"""`qingdan stats`: counts checked by hand against the sample editions, the edge cases
(no duty list, an empty domain, a township over its limit), the CLI wiring and the goldens."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from conftest import REPO, SAMPLES, TOWNSHIP
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.report.stats import json as stats_json
from qingdan.report.stats import md as stats_md
from qingdan.report.stats import text as stats_text
from qingdan.stats import DutyCounts, Posts, amount, compute, percent

CASES = REPO / "tests" / "cases" / "stats"


@pytest.fixture(scope="module")
def editions():
    return {v: compute(load_dataset(Project.discover(SAMPLES / v))[0]) for v in ("2022", "2025")}


def _row(stats, township_id):
    return next(r for r in stats.townships if r.id == township_id)


# -- the samples, counted by hand ------------------------------------------------------------


def test_2025_duty_lists_against_the_national_average(editions):
    s = editions["2025"]
    lanqiao, heping = _row(s, "lanqiao").duty_list, _row(s, "heping").duty_list
    assert (lanqiao.basic, lanqiao.supporting, lanqiao.reclaimed, lanqiao.total) == (119, 101, 126, 346)
    assert (heping.basic, heping.supporting, heping.reclaimed, heping.total) == (115, 97, 122, 334)
    # 119/117, 101/99, 126/124, 346/340 and 115/117, 97/99, 122/124, 334/340
    kinds = ("basic", "supporting", "reclaimed", "total")
    assert [percent(lanqiao.ratio(k)) for k in kinds] == ["101.7%", "102.0%", "101.6%", "101.8%"]
    assert [percent(heping.ratio(k)) for k in kinds] == ["98.3%", "98.0%", "98.4%", "98.2%"]
    # the other nine have no list; the mean of the two is exactly the national average
    assert [r.id for r in s.townships if r.duty_list is None] == [
        "chengxi",
        "fengling",
        "guitan",
        "lianyang",
        "liwu",
        "shankou",
        "shazhu",
        "weitang",
        "yunxiu",
    ]
    assert (s.duty_list_townships, s.duty_list_mean) == (2, DutyCounts(117, 99, 124))
    assert s.township_total.duty_list == DutyCounts(234, 198, 248)


def test_2022_domains(editions):
    s = editions["2022"]
    rows = [(r.name, r.matters, r.department_led, r.township_led, r.unowned) for r in s.domains]
    assert rows == [
        ("自然资源", 14, 11, 3, 0),
        ("生态环境", 13, 11, 2, 0),
        ("城乡建设", 14, 11, 3, 0),
        ("应急安全", 14, 12, 2, 0),
        ("市场监管", 12, 11, 1, 0),
        ("农业农村", 14, 10, 4, 0),
    ]
    t = s.domain_total
    assert (len(s.domains), t.matters, t.township_led, t.department_led, t.township_supporting) == (6, 81, 15, 66, 66)
    assert dict((k, v) for k, _, v in s.headline)["township_led"] == 15


def test_2022_townships_9_medium_with_11_offices_and_2_large_with_12(editions):
    s = editions["2022"]
    assert len(s.townships) == 11
    by_count = {}
    for r in s.townships:
        by_count.setdefault(r.counted, []).append(r.id)
    assert {n: len(ids) for n, ids in by_count.items()} == {11: 9, 12: 2}
    assert sorted(by_count[12]) == ["chengxi", "lanqiao"]
    assert all(r.counted == r.limit and not r.over_limit for r in s.townships)
    lanqiao = _row(s, "lanqiao")
    assert (lanqiao.party_government, lanqiao.public_institution, lanqiao.structure) == (8, 4, "八办一队两中心一站")
    assert (lanqiao.stationed_units, lanqiao.department_run) == (5, 2)  # 派出所、司法所 stationed; 3 local
    assert (s.township_total.counted, s.township_total.limit) == (9 * 11 + 2 * 12, 123)


def test_2025_heping_vacancy_by_hand(editions):
    # lists/qinglan/2025/townships/heping.yaml, posts of the ten offices plus the dual/local units
    # (市场监管所 dual, 自然资源规划所 dual, 财政所 local); 派出所 and 司法所 are stationed: left out.
    # 行政: 8+6+3+7+4+4+4 + 5+3+2 = 46 approved, all filled
    # 事业: 3+3+10+13+9+5+5+17+9+3 + 2+3+4 = 86 approved; 3+3+9+13+9+5+5+16+9+3 + 2+3+4 = 84 filled
    heping = _row(editions["2025"], "heping")
    assert heping.administrative == Posts(46, 46)
    assert heping.institutional == Posts(86, 84)
    assert (heping.institutional.vacant, percent(heping.institutional.rate)) == (2, "2.3%")
    assert round(heping.institutional.rate, 4) == 0.0233  # 2 / 86
    total = editions["2025"].township_total
    assert total.institutional == sum((r.institutional for r in editions["2025"].townships), Posts())


def test_township_filter_keeps_the_county_total(editions):
    dataset = load_dataset(Project.discover(SAMPLES / "2025"))[0]
    one = compute(dataset, "heping")
    assert [r.id for r in one.townships] == ["heping"]
    assert one.township_total == editions["2025"].township_total


# -- edge cases ---------------------------------------------------------------------------


def _stats(make_project, files):
    return compute(load_dataset(Project.discover(make_project(files)))[0])


EMPTY_DOMAIN = "domain: {id: market, name: 市场监管, order: 2}\nmatters: []\n"
MATTERS = """\
domain: {id: agriculture, name: 农业农村, order: 1}
matters:
  - id: straw-burning
    name: 秸秆露天焚烧监管
    lead: agriculture
    supporting: [township]
    department_duties: [负责指导和监督。, 负责组织执法。]
    township_duties: [负责日常巡查。]
    township_office: economic-office
  - id: village-cleaning
    name: 村庄保洁
    lead: township
    supporting: [agriculture]
    township_duties: [负责组织保洁。]
    township_office: economic-office
  - id: nobody
    name: 无人牵头的事项
    township_office: economic-office
"""


def test_a_domain_with_no_matters_is_a_row_of_zeros(make_project):
    s = _stats(make_project, {"matters/agriculture.yaml": MATTERS, "matters/market.yaml": EMPTY_DOMAIN})
    rows = [(r.id, r.matters, r.department_led, r.township_led, r.unowned, r.township_supporting) for r in s.domains]
    assert rows == [("agriculture", 3, 1, 1, 1, 1), ("market", 0, 0, 0, 0, 0)]
    agriculture = s.domains[0]
    assert (agriculture.department_duties, agriculture.township_duties) == (2, 2)
    text = _render(stats_text.write, s)
    assert "无主体" in text  # shown because one matter has no lead
    assert [line.split() for line in text.splitlines() if line.strip().startswith("市场监管")] == [
        ["市场监管", "0", "0", "0", "0", "0", "0", "0"]
    ]


def test_a_township_without_a_duty_list(make_project):
    s = _stats(make_project, {})
    (heping,) = s.townships
    assert (heping.duty_list, s.duty_list_mean, s.duty_list_townships) == (None, None, 0)
    assert heping.counted == 2 and heping.limit == 11 and heping.counterparts == 1
    assert (heping.administrative, heping.institutional) == (Posts(5, 5), Posts(8, 8))
    doc = stats_json.document(s)
    assert (doc["townships"][0]["duty_list"], doc["duty_list_mean"]) == (None, None)
    assert "履行职责事项清单：没有乡镇编制。" in _render(stats_text.write, s)
    assert "没有乡镇编制履行职责事项清单。" in stats_md.markdown(s)


DUTY_LIST = """\
township: heping
basic:
  - {id: b1, category: 党的建设, name: 抓好党建, office: economic-office}
  - {id: b2, category: 经济发展, name: 服务企业, office: economic-office}
supporting:
  - {id: s1, name: 配合巡查, department: agriculture, department_duty: 负责执法, township_duty: 负责巡查}
"""


def test_a_duty_list_with_one_township_without(make_project):
    other = TOWNSHIP.replace("id: heping", "id: liwu").replace("鹤坪镇", "栗坞乡")
    s = _stats(make_project, {"duty-lists/heping.yaml": DUTY_LIST, "townships/liwu.yaml": other})
    rows = {r.id: r.duty_list for r in s.townships}
    assert rows == {"heping": DutyCounts(2, 1, 0), "liwu": None}
    doc = stats_json.document(s)
    heping = next(t for t in doc["townships"] if t["id"] == "heping")
    assert heping["duty_list"]["basic"] == {"count": 2, "ratio": round(2 / 117, 4)}
    assert heping["duty_list"]["reclaimed"] == {"count": 0, "ratio": 0.0}
    assert next(t for t in doc["townships"] if t["id"] == "liwu")["duty_list"] is None
    assert doc["duty_list_mean"]["townships"] == 1


def test_offices_over_the_limit_and_stationed_kinds_counted_apart(make_project):
    structures = "structures:\n  - id: medium\n    name: 一办一队\n    limit: 1\n    roles:\n" + "".join(
        f"      - {{id: {r}, name: {n}, kind: {k}}}\n"
        for r, n, k in (
            ("economic-office", "经济发展办公室", "party-government"),
            ("enforcement-brigade", "综合行政执法大队", "public-institution"),
        )
    )
    township = (
        "id: heping\nname: 鹤坪镇\nkind: town\nstructure: medium\noffices:\n"
        "  - {id: economic-office, role: economic-office, name: 经济发展办公室, kind: party-government,"
        " staffing: {administrative: {approved: 0, actual: 0}}}\n"
        "  - {id: enforcement-brigade, role: enforcement-brigade, name: 综合行政执法大队, kind: public-institution}\n"
        "  - {id: market-office, role: economic-office, name: 市场监管所, kind: stationed}\n"
        "stationed_units:\n"
        "  - {id: police, name: 派出所, department: public-security, management: stationed, counterparts: [public-security],"
        " staffing: {administrative: {approved: 9, actual: 3}}}\n"
    )
    s = _stats(make_project, {"structures.yaml": structures, "townships/heping.yaml": township})
    (r,) = s.townships
    assert (r.party_government, r.public_institution, r.counted, r.limit, r.over_limit) == (1, 1, 2, 1, True)
    assert (r.stationed_units, r.department_run, r.counterparts) == (2, 1, 1)
    # nothing approved: no rate ("—"), and the stationed 派出所's posts are not counted
    assert (r.administrative, r.administrative.rate, percent(r.administrative.rate)) == (Posts(0, 0), None, "—")
    assert s.township_total.over_limit is True
    doc = stats_json.document(s)
    assert doc["townships"][0]["offices"]["over_limit"] is True
    assert doc["townships"][0]["staffing"]["administrative"]["vacancy_rate"] is None
    assert "| 2（超限） |" in stats_md.markdown(s)


def test_number_formats():
    assert (amount(117), amount(117.0), amount(117.5), amount(None)) == ("117", "117", "117.5", "—")
    assert (percent(115 / 117), percent(1.0), percent(None)) == ("98.3%", "100.0%", "—")


def test_markdown_escapes_user_text(make_project):
    s = _stats(make_project, {"matters/agriculture.yaml": MATTERS.replace("农业农村", "农业|农村*")})
    assert "| 农业\\|农村\\* |" in stats_md.markdown(s)


def _render(write, stats) -> str:
    console = Console(file=io.StringIO(), width=100, no_color=True, highlight=False)
    write(stats, console)
    return console.file.getvalue()


# -- the command --------------------------------------------------------------------------


def test_cli_options(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    one = run_cli("stats", str(SAMPLES / "2025"), "--township", "lanqiao", "-f", "json")
    assert (one.exit_code, one.stderr) == (0, "")
    assert [t["id"] for t in json.loads(one.stdout)["townships"]] == ["lanqiao"]
    unknown = run_cli("stats", str(SAMPLES / "2025"), "--township", "nowhere")
    assert (unknown.exit_code, unknown.stdout) == (2, "")
    assert "nowhere" in unknown.stderr
    bad = run_cli("stats", str(SAMPLES / "2025"), "--format", "xml")
    assert bad.exit_code == 2 and "xml" in bad.stderr
    target = tmp_path / "out" / "统计.md"
    written = run_cli("stats", str(SAMPLES / "2025"), "--format", "md", "-o", str(target))
    assert (written.exit_code, written.stdout) == (0, "")
    assert target.read_text(encoding="utf-8") == run_cli("stats", str(SAMPLES / "2025"), "-f", "md").stdout


def test_cli_warns_when_the_data_set_does_not_load_cleanly(run_cli, make_project):
    root = make_project({"notes/stray.yaml": "a: 1\n", "duties.yaml": "areas: [\n"})
    result = run_cli("stats", str(root), "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.count("\n") == 1 and "qingdan validate" in result.stderr and "2 个问题" in result.stderr
    assert json.loads(result.stdout)["headline"]["townships"] == 1  # the tables still come


SAMPLE_GOLDENS = {("2025", "text"): "txt", ("2025", "md"): "md", ("2025", "json"): "json", ("2022", "json"): "json"}


@pytest.mark.parametrize(("version", "fmt"), SAMPLE_GOLDENS, ids=[f"{v}-{f}" for v, f in SAMPLE_GOLDENS])
def test_sample_golden(version, fmt, run_cli, golden, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "100")
    result = run_cli("stats", f"lists/qinglan/{version}", "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(CASES / f"qinglan-{version}" / f"expected.{SAMPLE_GOLDENS[version, fmt]}", result.stdout)
