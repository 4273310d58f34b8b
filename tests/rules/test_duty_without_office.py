"""QD205 duty-without-office: a duty of the 乡镇职责清单 that names no office."""

from __future__ import annotations

from conftest import check

DUTIES = """\
areas:
  - {id: economy, name: 经济发展}
  - {id: enforcement, name: 综合执法}
duties:
  - {id: economy-01, area: economy, name: 负责拟订全镇经济发展规划。, office: economic-office}
  - {id: economy-02, area: economy, name: 负责统计调查和经济运行监测分析。}
  - {id: economy-03, area: economy, name: 负责农村集体资产、资源管理和新型农村集体经济发展工作，指导村级财务管理。, office: ""}
  - {id: enforcement-01, area: enforcement, name: 负责以镇政府名义集中行使行政处罚权。, office: enforcement-brigade}
"""


def test_missing_and_empty_office(make_project):
    findings = [f for f in check(make_project({"duties.yaml": DUTIES})) if f.code == "QD205"]
    assert [(f.code, f.file, f.line, f.item) for f in findings] == [
        ("QD205", "duties.yaml", 6, "economy-02"),
        ("QD205", "duties.yaml", 7, "economy-03"),
    ]
    assert "「负责统计调查和经济运行监测分析。」" in findings[0].message
    assert "「负责农村集体资产、资源管理和新型农村集体经济发展工作，指导村…」" in findings[1].message  # shortened


def test_every_duty_with_an_office_passes(make_project):
    duties = DUTIES.replace("监测分析。}", "监测分析。, office: economic-office}").replace(
        'office: ""', "office: economic-office"
    )
    assert check(make_project({"duties.yaml": duties})) == []
