"""Check a loaded data set: the schema pass over every document, then the rules."""

from __future__ import annotations

from qingdan import rules
from qingdan.findings import Finding
from qingdan.model import DataSet
from qingdan.schema import SchemaSet


def validate(dataset: DataSet, schemas: SchemaSet, loaded: list[Finding] = ()) -> list[Finding]:
    """Return every finding of the data set, sorted, the findings of loading included."""
    findings = list(loaded)
    for doc in dataset.documents:
        findings.extend(schemas.check(doc))
    for rule in rules.RULES.values():
        findings.extend(rules.run(rule, dataset))
    return sorted(set(findings))
