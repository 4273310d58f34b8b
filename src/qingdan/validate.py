"""Check a data set: the schema pass over every document, the configured rules, then
exceptions, inline ignores and the baseline."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from qingdan import rules, suppress
from qingdan.baseline import new_findings
from qingdan.config import Config, ConfigError, load_config
from qingdan.errors import QingdanError
from qingdan.findings import Finding
from qingdan.loader import load_dataset
from qingdan.model import DataSet
from qingdan.project import MANIFEST, Project
from qingdan.schema import SchemaSet
from qingdan.text import bounded


def validate(
    dataset: DataSet, schemas: SchemaSet, loaded: list[Finding] = (), config: Config | None = None
) -> list[Finding]:
    """Return every finding of the data set, sorted, the findings of loading included."""
    config = config or Config()
    findings = list(loaded)
    for doc in dataset.documents:
        findings.extend(schemas.check(doc))
    for rule in rules.RULES.values():
        setting = config.setting(rule)
        if setting.enabled:
            findings.extend(rules.run(rule, dataset, setting.severity, setting.options))
    # a finding quotes values from the data, which may be a file long: only ever an excerpt of one
    findings = [f if bounded(f.message) == f.message else replace(f, message=bounded(f.message)) for f in findings]
    return sorted(set(findings))


@dataclass(frozen=True, slots=True)
class Outcome:
    """What `qingdan validate` found: the findings that stand, and how many were let through."""

    dataset: DataSet
    findings: list[Finding]
    suppressed: list[suppress.Suppressed]
    baselined: int


def check_project(
    project: Project,
    schemas: SchemaSet,
    today: dt.date,
    baseline: Counter[str] | None = None,
    overlay: Mapping[str, str] | None = None,
) -> Outcome:
    """Load, configure, validate and filter one data set (with `overlay`'s texts in place of those files)."""
    dataset, loaded = load_dataset(project, overlay)
    config = configure(dataset, project.display)
    findings = validate(dataset, schemas, loaded, config)
    findings, accepted = suppress.apply(findings, config, dataset.documents, today)
    hidden = 0
    if baseline is not None:
        findings, hidden = new_findings(findings, baseline)
    return Outcome(dataset, findings, accepted, hidden)


def configure(dataset: DataSet, display: str) -> Config:
    """Read the data set's settings; a bad setting stops the run, naming where it is."""
    settings = dataset.edition.settings if dataset.edition else {}
    try:
        return load_config(settings, rules.RULES)
    except ConfigError as exc:
        manifest = next((d for d in dataset.documents if d.file == MANIFEST), None)
        line, column, _ = manifest.locate(exc.path, key=True) if manifest else (0, 0, ())
        where = f"{display.rstrip('/')}/{MANIFEST}" if display not in ("", ".") else MANIFEST
        raise QingdanError(f"{where}:{line}:{column}: 配置错误：{exc}") from None
