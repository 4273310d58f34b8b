"""The sample city in lists/: every edition validates clean, and an independent validator agrees."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import EDITIONS, REPO, SAMPLES, check
from qingdan.loader import load_dataset
from qingdan.project import Project

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


# The many-to-one counterparts of seed 001 are real and stay in the sample as warnings;
# 2025 merged 乡村建设办公室 and 村镇规划建设办公室, so the natural-resources one is gone.
MANY_TO_ONE = {
    "2019": ["agriculture"],
    "2022": ["agriculture", "natural-resources"],
    "2025": ["agriculture"],
}


@pytest.mark.parametrize("edition", EDITIONS)
def test_edition_has_no_errors_only_the_many_to_one_warnings(edition):
    findings = check(SAMPLES / edition)
    assert [(f.code, f.file, f.line, f.message) for f in findings if f.severity == "error"] == []
    townships = sorted(p.stem for p in (SAMPLES / edition / "townships").glob("*.yaml"))
    expected = sorted(f"{t}/{d}" for t in townships for d in MANY_TO_ONE[edition])
    assert sorted(f.item for f in findings) == expected
    assert {(f.code, f.severity) for f in findings} == {("QD301", "warning")}


def _counts(edition):
    dataset, _ = load_dataset(Project.discover(SAMPLES / edition))
    return dataset


def test_2022_follows_the_article():
    ds = _counts("2022")
    assert len(ds.townships) == 11
    assert sorted(len(t.offices) for t in ds.townships) == [11] * 9 + [12] * 2
    assert len(ds.matters) == 81
    assert sum(m.township_leads for m in ds.matters) == 15
    assert [d.name for d in ds.domains] == ["自然资源", "生态环境", "城乡建设", "应急安全", "市场监管", "农业农村"]
    assert len(ds.duties) == 163 and len(ds.areas) == 8
    assert sum(p.receiving_office == "enforcement-brigade" for p in ds.powers) >= 28
    dog = next(m for m in ds.matters if m.name == "养犬监管")
    assert (dog.leads, len(dog.department_duties), len(dog.township_duties)) == (("enforcement",), 8, 5)


def test_2022_has_the_many_to_one_counterparts_of_the_article():
    for township in _counts("2022").townships:
        units = (*township.offices, *township.stationed_units)
        agriculture = sorted(u.id for u in units if "agriculture" in u.counterparts)
        resources = sorted(u.id for u in units if "natural-resources" in u.counterparts)
        assert agriculture == [
            "economic-office",
            "enforcement-brigade",
            "rural-construction-office",
            "village-planning-office",
        ]
        assert resources == ["resources-office", "rural-construction-office", "village-planning-office"]


def test_2025_merges_two_offices_and_adds_duty_lists():
    ds = _counts("2025")
    for township in ds.townships:
        ids = {o.id for o in township.offices}
        assert "rural-planning-office" in ids and not ids & {"rural-construction-office", "village-planning-office"}
        units = (*township.offices, *township.stationed_units)
        assert [u.id for u in units if "natural-resources" in u.counterparts] == ["resources-office"]
    assert len(ds.duty_lists) >= 2
    for duty_list in ds.duty_lists:
        basic, supporting, reclaimed = (len(duty_list.of(k)) for k in ("basic", "supporting", "reclaimed"))
        assert 105 <= basic <= 130 and 90 <= supporting <= 110 and 110 <= reclaimed <= 135
        assert duty_list.of("basic")[0].category == "党的建设"
    assert any(p.status == "withdrawn" for p in ds.powers)


def test_2019_has_more_township_led_matters_and_fewer_powers():
    old, new = _counts("2019"), _counts("2022")
    assert sum(m.township_leads for m in old.matters) > sum(m.township_leads for m in new.matters)
    assert len(old.powers) < len(new.powers)
    assert {s.name for s in old.structures} == {"七办五中心（站）"}


def _sample_files() -> list[Path]:
    return sorted(p for p in (REPO / "lists").rglob("*.yaml"))


def test_every_sample_file_has_a_modeline_to_a_shipped_schema():
    for path in _sample_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, f"{path} has no modeline"
        assert (path.parent / match.group(1)).resolve().parent == (REPO / "schemas").resolve()


def test_every_sample_file_passes_check_jsonschema():
    """An independent validator (check-jsonschema, ruamel-based) with each file's modeline schema."""
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    assert exe, "check-jsonschema is not installed (pip install '.[test]')"
    groups: dict[Path, list[str]] = defaultdict(list)
    for path in _sample_files():
        schema = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0]).group(1)
        groups[(path.parent / schema).resolve()].append(str(path))
    assert len(groups) >= 9
    for schema, files in sorted(groups.items()):
        out = subprocess.run([exe, "--schemafile", str(schema), *files], capture_output=True, text=True, check=False)
        assert out.returncode == 0, out.stdout + out.stderr
