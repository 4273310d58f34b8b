"""Check a loaded data set: the schema pass over every document, then the configured rules."""

from __future__ import annotations

from qingdan import rules
from qingdan.config import Config
from qingdan.findings import Finding
from qingdan.model import DataSet
from qingdan.schema import SchemaSet


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
    return sorted(set(findings))
