"""What a data set holds never acts on where it is shown (issue 14): no control character from the data reaches the
terminal, no raw HTML or Markdown from the data reaches a Markdown file, a finding quotes only a short excerpt
of a value, and no byte of a file outside the data set reaches any output."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import MANIFEST, write_project
from hostile import run_bounded
from qingdan.text import around, excerpt, markdown, printable, xml_safe

# a name that sets the window title, clears the screen, rings the bell, and hides with a C1 CSI and a bidi override
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
MATTERS = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: "秸秆禁烧监管{escapes}"
    lead: agriculture
    township_duties: ["负责网格巡查{escapes}"]
  - id: straw-burning
    name: 重复的事项
    lead: 测试市农业农村局
"""


def _hostile(root: Path) -> Path:
    text = MATTERS.replace("{escapes}", ESCAPES.encode("unicode_escape").decode("ascii"))
    return write_project(root, {"matters/agriculture.yaml": text})


def _clean_of_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text, repr(text[-500:])


def test_no_control_character_from_the_data_reaches_the_terminal(tmp_path):
    root = _hostile(tmp_path / "data")
    clean = write_project(tmp_path / "clean", {})
    commands = [
        *(["validate", root, "--format", f] for f in ("text", "json", "sarif", "github", "junit")),
        ["validate", root, "--fix", "--diff"],
        ["who", "秸秆", "--data", root],
        ["who", "秸秆", "--data", root, "--format", "json"],
        *(["stats", root, "--format", f] for f in ("text", "md", "json")),
        *(["diff", clean, root, "--format", f] for f in ("text", "md", "json")),
        ["fmt", "--diff", root],
        ["render", root, "--allow-errors", "--to", "md", "--township", "\x1b[2J鹤坪"],
    ]
    for args in commands:
        ran = run_bounded(*args, env={"TERM": "xterm"}, seconds=10)
        _clean_of_controls(ran.output)
        assert "秸秆禁烧监管" in ran.output or args[0] in ("render", "fmt", "stats"), (args, ran.output[-300:])


def test_a_markdown_file_shows_raw_html_and_markup_from_the_data_as_text(run_cli, tmp_path):
    evil = "<img src=x onerror=alert(1)>![track](http://example.invalid/t.png)*粗*_斜_|`代码`"
    root = write_project(
        tmp_path / "data",
        {"matters/agriculture.yaml": MATTERS.replace("{escapes}", "").replace("秸秆禁烧监管", evil.replace('"', "'"))},
    )
    out = tmp_path / "out"
    assert run_cli("render", str(root), "--allow-errors", "--to", "md", "-o", str(out)).exit_code == 0
    text = (out / "responsibility-list.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<img|(?<!\\)\]\(http", text) and "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\*粗\\*" in text and "\\`代码\\`" in text


def test_text_helpers():
    assert printable("a\x1b[2Jb\tc\nd\re\x9bf\u202eg") == "a[2Jb\tc\nde" + "fg"
    assert markdown("<b>x</b>|y\nz") == "\\<b\\>x\\</b\\>\\|y z"
    assert xml_safe("a\x00b\x0bc\x1bd\ud800e\uffffé\t\n") == "abcdeé\t\n"
    assert excerpt("x" * 1000) == "x" * 59 + "…" and excerpt("a\nb") == "a\\nb" and len(excerpt("y" * 10**7)) == 60
    assert around("0123456789" * 100, 500, 20) == ("…90123456789012345678…", 12)


def test_a_finding_quotes_a_short_excerpt_of_a_long_value(run_cli, tmp_path):
    long = "很长的名称" * 2000
    root = write_project(
        tmp_path / "data",
        {
            "matters/agriculture.yaml": f"domain: {{id: agriculture, name: 农业农村}}\nmatters:\n  - {{id: x, name: {long}, lead: {long}}}\n"
        },
    )
    for fmt in ("text", "json", "sarif", "github"):
        result = run_cli("validate", str(root), "--format", fmt)
        assert result.exit_code == 1
        assert "很长的名称" * 20 not in result.stdout, fmt  # a value of 10,000 characters, quoted in 60 at most
    text = run_cli("validate", str(root)).stdout
    assert max(len(line) for line in text.splitlines()) < 400


# --- nothing from outside the data set reaches any output ---------------------------------------------------------

SECRET = "SECRET-7f3a-do-not-publish"


def _leaky(tmp_path: Path) -> Path:
    """A data set that names a secret file in every way it could: files: patterns, symlinks in matters/,
    a symlinked folder, a symlinked template and a templates/ folder leading out."""
    secret = tmp_path / "home" / ".ssh" / "id_rsa"
    secret.parent.mkdir(parents=True)
    secret.write_text(
        f"domain: {{id: secret, name: {SECRET}}}\nmatters:\n  - {{id: s, name: {SECRET}, lead: agriculture}}\n",
        encoding="utf-8",
    )
    root = write_project(
        tmp_path / "data",
        {
            "qingdan.yaml": MANIFEST
            + f"files:\n  cases: ['{secret}']\n  duties: ['../home/.ssh/id_rsa']\n"
            + "  matters: ['matters/*.yaml', 'linked/*']\n",
            "matters/agriculture.yaml": MATTERS.replace("{escapes}", "").replace(
                "  - id: straw-burning\n    name: 重复的事项\n    lead: 测试市农业农村局\n", ""
            ),
        },
    )
    (root / "matters" / "keys.yaml").symlink_to(secret)
    (root / "linked").symlink_to(secret.parent, target_is_directory=True)
    (root / "templates" / "md").mkdir(parents=True)
    (root / "templates" / "md" / "document.md.j2").symlink_to(secret)
    return root


def _bytes_of(path: Path) -> bytes:
    """A file's bytes, and for a Word or Excel package the bytes of every part inside it."""
    data = path.read_bytes()
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            data += b"".join(package.read(name) for name in package.namelist())
    return data


def test_no_byte_of_a_file_outside_the_data_set_reaches_any_output(run_cli, tmp_path):
    root = _leaky(tmp_path)
    shown: list[str] = []
    for fmt in ("text", "json", "sarif", "github", "junit"):
        result = run_cli("validate", str(root), "--format", fmt)
        assert result.exit_code == 1
        shown.append(result.output)
    assert "QD017" in shown[0] and "QD018" in shown[0]
    for args in (
        ["stats", str(root), "-f", "json"],
        ["who", "SECRET", "--data", str(root), "-f", "json"],
        ["fmt", "--diff", str(root)],
    ):
        shown.append(run_cli(*args).output)
    refused = run_cli("render", str(root), "--allow-errors", "--to", "md", "-o", str(tmp_path / "refused"))
    assert refused.exit_code == 2 and "QD017" in refused.stderr  # files not read: nothing rendered
    shown.append(refused.output)
    (root / "templates" / "md" / "document.md.j2").unlink()  # without the template: every format renders
    out = tmp_path / "out"
    rendered = run_cli("render", str(root), "--allow-errors", "--to", "all", "-o", str(out))
    shown.append(rendered.output)
    if rendered.exit_code == 2:  # a file was not read: nothing is published, and that is said
        assert "QD017" in rendered.stderr or "QD018" in rendered.stderr
        (root / "matters" / "keys.yaml").unlink()
        (root / "linked").unlink()
        (root / "qingdan.yaml").write_text(MANIFEST, encoding="utf-8")
        rendered = run_cli("render", str(root), "--allow-errors", "--to", "md,html,docx,xlsx,site", "-o", str(out))
        assert rendered.exit_code == 0, rendered.output
    for text in shown:
        assert SECRET not in text
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files and not [p for p in files if SECRET.encode() in _bytes_of(p)]


@pytest.mark.parametrize("command", ["validate", "stats", "who"])
def test_a_finding_about_an_outside_file_is_in_json_without_its_content(run_cli, tmp_path, command):
    root = _leaky(tmp_path)
    args = {
        "validate": ["validate", str(root), "-f", "json"],
        "stats": ["stats", str(root), "-f", "json"],
        "who": ["who", "x", "--data", str(root), "-f", "json"],
    }[command]
    result = run_cli(*args)
    assert SECRET not in result.output
    if command == "validate":
        found = {
            (f["code"], Path(f["file"]).relative_to(root).as_posix()) for f in json.loads(result.stdout)["findings"]
        }
        assert ("QD017", "matters/keys.yaml") in found and ("QD017", "linked/id_rsa") in found


def test_characters_xml_cannot_hold_are_left_out_of_word_and_excel(run_cli, tmp_path):
    odd = "\\x01\\x08\\x0b\\x1b[2J\\x7f\\x9b\\ufffe"
    text = MATTERS.replace("{escapes}", odd).replace(
        "  - id: straw-burning\n    name: 重复的事项\n    lead: 测试市农业农村局\n", ""
    )
    root = write_project(
        tmp_path / "data",
        {"matters/agriculture.yaml": text, "qingdan.yaml": MANIFEST.replace("测试市委编办", f'"测试市委编办{odd}"')},
    )
    out = tmp_path / "out"
    result = run_cli("render", str(root), "--allow-errors", "--to", "docx,xlsx,md,html,site", "-o", str(out))
    assert result.exit_code == 0, result.output
    from docx import Document as WordDocument
    from openpyxl import load_workbook

    word = WordDocument(out / "docx" / "responsibility-list.docx")
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("秸秆禁烧监管[2J") for c in cells)  # the escape character went, the text stayed
    book = load_workbook(out / "xlsx" / "responsibility-list.xlsx")
    values = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(v.startswith("秸秆禁烧监管") for v in values)
