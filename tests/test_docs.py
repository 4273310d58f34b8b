"""What the README and docs promise holds: CI runs the README's test command, and every
example in docs/data-model.md is a valid file of its kind."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

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


def _readme_import_example() -> list[list[str]]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 从已有的 Excel 开始", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the README's import example has no ```bash block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_import_example_runs_from_the_repository_root(run_cli, tmp_path, monkeypatch):
    commands = _readme_import_example()
    assert [c[:2] for c in commands][:2] == [["qingdan", "init"], ["qingdan", "import"]]
    sample = Path(commands[1][2])
    assert (REPO / sample).is_file(), f"{sample} is not in the repository"
    shutil.copytree(REPO / sample.parts[0], tmp_path / sample.parts[0])  # as a fresh clone has it
    monkeypatch.chdir(tmp_path)
    results = [run_cli(*command[1:]) for command in commands]
    assert [r.exit_code for r in results[:2]] == [0, 0], [r.output for r in results]
    assert "读取 7 行，生成 7 项，写入 3 个文件" in results[1].stdout
    for command, result in zip(commands[2:], results[2:], strict=True):
        assert result.exit_code in (0, 1), (command, result.output)
        # what is left is what the sheet cannot say, the township office of each matter (QD203), and the
        # placeholders init wrote (QD207)
        assert set(re.findall(r"\bQD\d{3}\b", result.stdout)) <= {"QD203", "QD207"}, (command, result.stdout)
