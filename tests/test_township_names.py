"""Every `--township` option takes a township's name as well as its id, through one resolver (Index.township_id)."""

from __future__ import annotations

import pytest
import typer.main

from conftest import REPO, SAMPLES
from qingdan.cli import app
from qingdan.errors import QingdanError
from qingdan.loader import load_dataset
from qingdan.project import Project

DATA = SAMPLES / "2025"
# the commands whose --township picks a township of the data set (init's names a new one)
PICKS = {
    "render": ["render", str(DATA), "--to", "md", "-d", "performance-list"],
    "who": ["who", "养犬", "--data", str(DATA)],
    "stats": ["stats", str(DATA)],
}


@pytest.fixture(scope="module")
def index():
    return load_dataset(Project.discover(DATA))[0].index


@pytest.mark.parametrize("text", ["heping", "鹤坪镇", "鹤坪", " 鹤坪镇 "])
def test_an_id_a_name_or_a_name_without_its_suffix(index, text):
    assert index.township_id(text) == "heping"


def test_an_unknown_name_names_the_closest_townships(index):
    with pytest.raises(QingdanError) as caught:
        index.township_id("鹤平镇")
    message = str(caught.value)
    assert "「鹤平镇」" in message and "最接近的：鹤坪镇（heping）" in message


def test_a_name_two_townships_share_is_ambiguous(make_project):
    other = "id: heping-street\nname: 鹤坪街道\nkind: subdistrict\nstructure: medium\noffices: []\n"
    ds = load_dataset(Project.discover(make_project({"townships/heping-street.yaml": other})))[0]
    assert ds.index.township_id("鹤坪镇") == "heping"  # the full name is still one township
    with pytest.raises(QingdanError, match="可以指 2 个乡镇：鹤坪镇（heping）、鹤坪街道（heping-street）"):
        ds.index.township_id("鹤坪")


def test_the_commands_with_a_township_option_are_the_ones_tested_here():
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    having = {name for name, cmd in commands.items() if any(p.name == "township" for p in cmd.params)}
    assert having == {*PICKS, "import", "init"}


@pytest.mark.parametrize("command", sorted(PICKS))
def test_every_township_option_takes_a_name(run_cli, tmp_path, command):
    args = PICKS[command] + (["-o", str(tmp_path / "out")] if command == "render" else [])
    by_id = run_cli(*args, "--township", "heping")
    by_name = run_cli(*args, "--township", "鹤坪镇")
    assert (by_id.exit_code, by_name.exit_code) == (0, 0)
    assert by_name.stdout == by_id.stdout
    if command == "render":
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["performance-list-heping.md"]


@pytest.mark.parametrize("command", sorted(PICKS))
def test_an_unknown_township_exits_2_naming_the_candidates(run_cli, tmp_path, command):
    args = PICKS[command] + (["-o", str(tmp_path / "out")] if command == "render" else [])
    result = run_cli(*args, "--township", "鹤平")
    assert result.exit_code == 2
    assert "最接近的：鹤坪镇（heping）" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_import_takes_a_name_and_an_unknown_name_exits_2(run_cli):
    fixture = REPO / "tests" / "fixtures" / "import" / "messy-duty-list.csv"
    args = ["import", str(fixture), "--kind", "duty-list", "--data", str(SAMPLES / "2022")]
    assert run_cli(*args, "--township", "鹤坪镇").stdout == run_cli(*args, "--township", "heping").stdout
    unknown = run_cli(*args, "--township", "鹤平镇")
    assert unknown.exit_code == 2 and "最接近的：鹤坪镇（heping）" in unknown.stderr
    # an id the data set does not have yet is still taken: a township's list may come before its file
    assert "township: xinzhen" in run_cli(*args, "--township", "xinzhen").stdout
