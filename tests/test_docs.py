"""What the README and docs promise holds: CI runs the README's test command, and every
example in docs/data-model.md is a valid file of its kind."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet
from qingdan.source import SourceFile, parse

EXAMPLE = re.compile(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", re.DOTALL)


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(python3 -m venv .*)\n```", readme)


def test_readme_quick_start_has_two_commands_and_ci_runs_the_test_one():
    commands = _readme_commands()
    assert len(commands) == 2
    install_and_validate, install_and_test = commands
    assert "qingdan validate lists/" in install_and_validate
    assert "pytest" in install_and_test
    assert install_and_test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _examples():
    text = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    return EXAMPLE.findall(text)


def test_data_model_documents_every_kind():
    kinds = [kind for kind, _ in _examples()]
    assert sorted(kinds) == SchemaSet.load(shipped_dir("schemas")).kinds()


@pytest.mark.parametrize(("kind", "text"), _examples(), ids=[k for k, _ in _examples()])
def test_data_model_example_is_valid(kind, text):
    parsed = parse(text)
    assert parsed.duplicates == []
    doc = SourceFile(f"example.{kind}.yaml", kind, parsed.data, text, ambiguous=parsed.ambiguous)
    assert SchemaSet.load(shipped_dir("schemas")).check(doc) == []


def test_rules_page_is_generated_from_the_rule_docs(golden):
    from qingdan.report.rules_doc import markdown
    from qingdan.rules import RULES

    golden(REPO / "docs" / "rules.md", markdown(RULES))
