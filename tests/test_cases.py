"""Small, self-contained golden cases: a folder of inputs, the commands to run on them, the expected output.

Each `tests/cases/<verb>/<case>/case.toml` lists runs, every one a qingdan command run in the case folder
(so paths in the output are the case's own relative paths):

    [[run]]
    args = ["render", "data", "--to", "md", "-o", "{out}"]   # {out}: an empty folder the run may write to
    stdout = "expected.md.stdout"                            # optional: stdout, byte for byte
    stderr = "expected.stderr"                               # optional: stderr, byte for byte (else empty)
    tree = "expected-md"                                     # optional: every file written to {out}
    exit = 0                                                 # optional, 0 by default

Prefer a new case like this — a few files shaped for what the golden shows — over a golden taken from a
whole sample edition, which every edit of the sample rewrites. `pytest --update-goldens` rewrites them.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import REPO

CASES = REPO / "tests" / "cases"


def _runs() -> list:
    params = []
    for spec in sorted(CASES.glob("*/*/case.toml")):
        runs = tomllib.loads(spec.read_text(encoding="utf-8"))["run"]
        for n, run in enumerate(runs, start=1):
            name = f"{spec.parent.parent.name}/{spec.parent.name}#{n}"
            params.append(pytest.param(spec.parent, run, id=name))
    return params


def test_there_are_small_cases():
    """The runner finds cases; a typo in a file name must not make it pass by running nothing."""
    assert len(_runs()) >= 4


@pytest.mark.parametrize(("case", "run"), _runs())
def test_case(case: Path, run: dict, run_cli, golden, monkeypatch, tmp_path):
    assert set(run) <= {"args", "stdout", "stderr", "tree", "exit"}, f"unknown keys in {case / 'case.toml'}"
    out = tmp_path / "out"
    monkeypatch.chdir(case)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = run_cli(*(arg.replace("{out}", str(out)) for arg in run["args"]))
    stdout = result.stdout.replace(str(out), "{out}")
    assert (result.exit_code, "stderr" in run or result.stderr) == (run.get("exit", 0), "stderr" in run or "")
    if "stderr" in run:
        golden(case / run["stderr"], result.stderr.replace(str(out), "{out}"))
    if "stdout" in run:
        golden(case / run["stdout"], stdout)
    if "tree" in run:
        _compare_tree(case / run["tree"], out, golden)


def _compare_tree(expected: Path, written: Path, golden) -> None:
    names = sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file())
    if golden.updating and expected.is_dir():
        shutil.rmtree(expected)
    for name in names:
        golden(expected / name, (written / name).read_text(encoding="utf-8"))
    assert names == sorted(p.relative_to(expected).as_posix() for p in expected.rglob("*") if p.is_file())
