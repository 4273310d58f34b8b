"""The `settings:` of a data set's qingdan.yaml: rule levels and options, and audited exceptions.

    settings:
      rules:
        QD301: warning            # error / warning / info / off, by code or by name
        idle-offices: off
        QD501: {severity: warning, max_vacancy_rate: 0.15}
      exceptions:
        - rule: QD301
          item: lanqiao/agriculture
          reason: 经济发展办公室对口农业农村局的产业发展职责，暂不合并
          approved_by: 青编〔2022〕12号
          expires: "2026-12-31"

Anything unknown is a ConfigError naming the key, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from qingdan.errors import QingdanError
from qingdan.findings import Severity

OFF = "off"
_LEVELS = {s.value for s in Severity} | {OFF}
_EXCEPTION_KEYS = {"rule", "item", "reason", "approved_by", "expires"}


class ConfigError(QingdanError):
    """A setting qingdan cannot use; the message names the key, `path` says where it is."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ("settings",)) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True, slots=True)
class RuleSetting:
    enabled: bool
    severity: Severity
    options: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Exception_:
    """An audited exception: findings of `rule` on `item` are accepted, for a reason, until `expires`."""

    rule: str  # a rule code
    item: str
    reason: str
    approved_by: str
    expires: dt.date | None
    index: int  # position in settings.exceptions, to point back at it


@dataclass(frozen=True, slots=True)
class Config:
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    exceptions: tuple[Exception_, ...] = ()

    def setting(self, rule: ModuleType) -> RuleSetting:
        return self.rules.get(rule.CODE) or RuleSetting(True, rule.SEVERITY, dict(getattr(rule, "OPTIONS", {})))


def load_config(settings: dict[str, Any], registry: dict[str, ModuleType]) -> Config:
    """Read `settings:` against the rule registry (code -> module)."""
    unknown = sorted(set(settings) - {"rules", "exceptions"})
    if unknown:
        raise ConfigError(f"settings 中有未知的设置「{unknown[0]}」；可用：rules、exceptions", ("settings", unknown[0]))
    by_name = {m.ID: m for m in registry.values()}
    rules: dict[str, RuleSetting] = {}
    for key, value in _mapping(settings.get("rules"), "settings.rules", ("settings", "rules")).items():
        rule = registry.get(str(key).upper()) or by_name.get(str(key))
        if rule is None:
            raise ConfigError(
                f"settings.rules 中的「{key}」不是已知的规则代码或名称；运行 qingdan rules 查看全部规则",
                ("settings", "rules", key),
            )
        rules[rule.CODE] = _rule_setting(rule, key, value)
    exceptions = tuple(
        _exception(i, e, registry, by_name)
        for i, e in enumerate(_list(settings.get("exceptions"), "settings.exceptions"))
    )
    return Config(rules, exceptions)


def _rule_setting(rule: ModuleType, key: str, value: Any) -> RuleSetting:
    at = ("settings", "rules", key)
    defaults = dict(getattr(rule, "OPTIONS", {}))
    level, options = (value, {}) if not isinstance(value, dict) else (value.get("severity", rule.SEVERITY.value), value)
    if level not in _LEVELS:
        raise ConfigError(f"settings.rules.{key} 的级别「{level}」无效；可选：error、warning、info、off", at)
    for name, given in options.items():
        if name == "severity":
            continue
        if name not in defaults:
            allowed = "、".join(defaults) or "（这条规则没有选项）"
            raise ConfigError(f"settings.rules.{key} 中有未知的选项「{name}」；可用：{allowed}", (*at, name))
        if type(given) is not type(defaults[name]) and not (isinstance(defaults[name], float) and type(given) is int):
            wanted = "数字" if isinstance(defaults[name], int | float) else type(defaults[name]).__name__
            raise ConfigError(f"settings.rules.{key}.{name} 应为{wanted}，实际是「{given}」", (*at, name))
        defaults[name] = given
    enabled = level != OFF
    return RuleSetting(enabled, Severity(level) if enabled else rule.SEVERITY, defaults)


def _exception(i: int, e: Any, registry: dict[str, ModuleType], by_name: dict[str, ModuleType]) -> Exception_:
    where, at = f"settings.exceptions[{i}]", ("settings", "exceptions", i)
    e = _mapping(e, where, at)
    unknown = sorted(set(e) - _EXCEPTION_KEYS)
    if unknown:
        raise ConfigError(f"{where} 中有未知的键「{unknown[0]}」；可用：{'、'.join(sorted(_EXCEPTION_KEYS))}", at)
    for required in ("rule", "item", "reason", "approved_by"):
        if not str(e.get(required) or "").strip():
            raise ConfigError(f"{where} 缺少「{required}」：例外必须写明规则、事项、理由和批准文号", at)
    rule = registry.get(str(e["rule"]).upper()) or by_name.get(str(e["rule"]))
    if rule is None:
        raise ConfigError(f"{where}.rule「{e['rule']}」不是已知的规则", (*at, "rule"))
    expires = e.get("expires")
    try:
        date = dt.date.fromisoformat(str(expires)) if expires is not None else None
    except ValueError:
        raise ConfigError(f"{where}.expires「{expires}」不是 YYYY-MM-DD 格式的日期", (*at, "expires")) from None
    return Exception_(rule.CODE, str(e["item"]), str(e["reason"]), str(e["approved_by"]), date, i)


def _mapping(value: Any, where: str, at: tuple[str | int, ...] | None = None) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where} 应为映射（键: 值）", at or tuple(where.split(".")))
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{where} 应为列表", tuple(where.split(".")))
    return value
