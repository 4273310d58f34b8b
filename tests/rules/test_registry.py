"""The meta-test: every rule module is registered, named after its ID, documented with
examples, and those examples fail and pass as they claim."""

from __future__ import annotations

import pkgutil
import re
import textwrap

import pytest

import qingdan.rules
from conftest import check, write_project
from qingdan.findings import Severity
from qingdan.rules import RULES, fixable, get

MODULES = sorted(m.name for m in pkgutil.iter_modules(qingdan.rules.__path__) if not m.name.startswith("_"))


def _examples(doc: str, section: str) -> dict[str, str]:
    """Split the `Fails:` or `Passes:` block of a docstring into {file: yaml}."""
    match = re.search(rf"^{section}:\n((?:    .*\n|\n)+)", doc, re.MULTILINE)
    assert match, f"no {section}: block"
    files: dict[str, str] = {}
    current = None
    for line in textwrap.dedent(match.group(1)).splitlines():
        header = re.match(r"^# (\S+\.yaml)$", line)
        if header:
            current = header.group(1)
            files[current] = ""
        elif current:
            files[current] += line + "\n"
    return files


def test_every_module_is_registered():
    assert sorted(m.__name__.rsplit(".", 1)[1] for m in RULES.values()) == MODULES


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_shape(code):
    rule = RULES[code]
    assert rule.__name__.rsplit(".", 1)[1] == rule.ID.replace("-", "_")
    assert re.fullmatch(r"QD\d{3}", rule.CODE) and code == rule.CODE
    assert isinstance(rule.SEVERITY, Severity)
    assert "Fails:" in rule.__doc__ and "Passes:" in rule.__doc__
    assert get(rule.ID) is rule and get(code.lower()) is rule


@pytest.mark.parametrize("code", sorted(RULES))
def test_failing_example_fails(code, tmp_path):
    rule = RULES[code]
    root = write_project(tmp_path, _examples(rule.__doc__, "Fails"))
    assert code in {f.code for f in check(root)}


@pytest.mark.parametrize("code", sorted(RULES))
def test_passing_example_passes(code, tmp_path):
    rule = RULES[code]
    root = write_project(tmp_path, _examples(rule.__doc__, "Passes"))
    assert [(f.code, f.file, f.line, f.message) for f in check(root)] == []  # clean under every rule


@pytest.mark.parametrize("code", sorted(RULES))
def test_a_rule_is_fixable_exactly_when_its_doc_says_what_it_fixes(code):
    """`qingdan rules`, docs/rules.md and SARIF read FIXABLE; the doc's 自动修复： paragraph says what --fix changes."""
    rule = RULES[code]
    says = re.search(r"^自动修复：.*qingdan validate --fix", textwrap.dedent(rule.__doc__), re.MULTILINE | re.DOTALL)
    assert fixable(rule) is bool(says)
    assert getattr(rule, "FIXABLE", False) in (True, False)


def test_only_fixable_rules_offer_fixes(tmp_path):
    """A fix on a finding of a rule that does not say it fixes would be applied without being documented."""
    for code, rule in RULES.items():
        root = write_project(tmp_path / code, _examples(rule.__doc__, "Fails"))
        offered = {f.code for f in check(root) if f.fix is not None}
        assert offered <= {c for c, r in RULES.items() if fixable(r)}
