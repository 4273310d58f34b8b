"""Every command explains itself: examples in --help, a docs page, Chinese help, and Tab completion."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest
import typer

from conftest import REPO, SAMPLES
from qingdan.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)
# a command's page under docs/: its own name, except where one page covers a command
PAGES = {"rules": "rules.md"}


def test_the_commands_are_the_ones_the_docs_expect():
    # a new command must come with its page and examples; this list makes the omission visible
    expected = {"validate", "rules", "render", "diff", "git-diff", "who", "schema", "import", "fmt", "init", "stats"}
    assert expected == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_shows_examples_in_its_help(run_cli, name):
    result = run_cli(name, "--help")
    assert result.exit_code == 0
    assert "示例" in result.output, f"qingdan {name} --help has no 示例"
    assert f"qingdan {name}" in result.output or name == "git-diff"
    assert "Show this message" not in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_docs_page(name):
    page = REPO / "docs" / PAGES.get(name, f"{name}.md")
    assert page.is_file(), f"docs/{page.name} is missing"
    text = page.read_text(encoding="utf-8")
    assert f"qingdan {name}" in text
    assert "示例" in text or "```" in text


def test_completion_options_are_offered_in_chinese(run_cli):
    result = run_cli("--help")
    assert "--install-completion" in result.output and "--show-completion" in result.output
    assert "Tab 补全" in result.output
    assert "Install completion" not in result.output


def _complete(words: str, cwd=REPO) -> list[str]:
    """What bash would offer for the last word of `words`, through typer's completion protocol."""
    env = {
        **os.environ,
        "_QINGDAN_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    out = subprocess.run(
        [sys.executable, "-m", "qingdan"], env=env, cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return out.stdout.split()


def test_completion_offers_rule_codes():
    assert _complete("qingdan rules QD30") == ["QD301", "QD302", "QD303", "QD304"]


def test_completion_offers_file_kinds_and_documents():
    assert _complete("qingdan schema dut") == ["duties", "duty-list"]
    assert _complete("qingdan render --document pow") == ["powers", "power-list"]
    assert _complete("qingdan render --to d") == ["docx"]
    assert _complete("qingdan render --to a") == ["all"]
    assert _complete("qingdan render --to site,d") == ["site,docx"]
    assert "site,site" not in _complete("qingdan render --to site,")


def test_completion_offers_the_structure_templates():
    assert _complete("qingdan init x --structure medium") == ["medium-2022", "medium-2025"]
    assert _complete("qingdan init x --structure 七办五") == ["七办五中心（站）"]


def test_completion_offers_the_townships_of_the_data_set_here():
    assert _complete("qingdan who 养犬 --township h", cwd=SAMPLES / "2022") == ["heping"]
    assert "lanqiao" in _complete("qingdan render --township ", cwd=SAMPLES / "2025")


def test_township_completion_outside_a_data_set_offers_nothing(tmp_path):
    assert _complete("qingdan who 养犬 --township ", cwd=tmp_path) == []


def test_show_completion_prints_a_bash_script():
    # --show-completion names the shell it runs in (typer asks shellingham, which reads the parent processes):
    # run it from bash, which stays the parent because a command follows
    out = subprocess.run(
        ["bash", "-c", f"{shlex.quote(sys.executable)} -m qingdan --show-completion; exit $?"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert "_QINGDAN_COMPLETE=complete_bash" in out.stdout
    assert "complete -o default -F _qingdan_completion qingdan" in out.stdout
