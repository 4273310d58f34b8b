"""settings: in qingdan.yaml: rule levels and options, exceptions; unknown keys stop the run."""

from __future__ import annotations

import pytest

from conftest import MANIFEST
from qingdan.config import ConfigError, load_config
from qingdan.findings import Severity
from qingdan.rules import RULES


def test_levels_by_code_and_by_name():
    config = load_config({"rules": {"QD101": "warning", "known-refs": "off"}}, RULES)
    assert config.setting(RULES["QD101"]).severity is Severity.WARNING
    assert config.setting(RULES["QD102"]).enabled is False


def test_defaults_when_not_configured():
    setting = load_config({}, RULES).setting(RULES["QD101"])
    assert (setting.enabled, setting.severity) == (True, RULES["QD101"].SEVERITY)


@pytest.mark.parametrize(
    ("settings", "path", "words"),
    [
        ({"rulez": {}}, ("settings", "rulez"), "rulez"),
        ({"rules": {"QD999": "off"}}, ("settings", "rules", "QD999"), "QD999"),
        ({"rules": {"QD101": "loud"}}, ("settings", "rules", "QD101"), "loud"),
        ({"rules": {"QD101": {"severity": "warning", "limit": 3}}}, ("settings", "rules", "QD101", "limit"), "limit"),
        ({"exceptions": [{"rule": "QD101", "item": "x", "reason": "r"}]}, ("settings", "exceptions", 0), "approved_by"),
        (
            {"exceptions": [{"rule": "QD101", "item": "x", "reason": "r", "approved_by": "文", "why": 1}]},
            ("settings", "exceptions", 0),
            "why",
        ),
        (
            {"exceptions": [{"rule": "QD101", "item": "x", "reason": "r", "approved_by": "文", "expires": "soon"}]},
            ("settings", "exceptions", 0, "expires"),
            "soon",
        ),
    ],
)
def test_bad_settings_name_the_key(settings, path, words):
    with pytest.raises(ConfigError) as caught:
        load_config(settings, RULES)
    assert caught.value.path == path
    assert words in str(caught.value)


def test_config_error_exits_2_with_location(run_cli, make_project):
    manifest = MANIFEST + "settings:\n  rules:\n    QD999: off\n"
    result = run_cli("validate", str(make_project({"qingdan.yaml": manifest})))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().endswith(
        "qingdan.yaml:9:5: 配置错误：settings.rules 中的「QD999」不是已知的规则代码或名称；运行 qingdan rules 查看全部规则"
    )


def test_rule_turned_off_in_settings_reports_nothing(run_cli, make_project):
    departments = "departments:\n  - {id: agriculture, name: 甲}\n  - {id: agriculture, name: 乙}\n"
    manifest = MANIFEST + "settings:\n  rules:\n    unique-ids: off\n"
    result = run_cli("validate", str(make_project({"qingdan.yaml": manifest, "departments.yaml": departments})))
    assert result.exit_code == 0 and "QD101" not in result.stdout


def test_rule_relevelled_to_warning_exits_0(run_cli, make_project):
    departments = "departments:\n  - {id: agriculture, name: 甲}\n  - {id: agriculture, name: 乙}\n"
    manifest = MANIFEST + "settings:\n  rules:\n    QD101: warning\n"
    result = run_cli("validate", str(make_project({"qingdan.yaml": manifest, "departments.yaml": departments})))
    assert result.exit_code == 0 and "QD101 警告" in result.stdout
