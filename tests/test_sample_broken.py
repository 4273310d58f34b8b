"""A broken copy of the sample 2022 edition — a matter's lead removed, an office deleted from
one township, a duplicate id — gives exactly the expected findings, in every format."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter

import pytest

from conftest import REPO, SAMPLES

CASE = REPO / "tests" / "cases" / "validate" / "sample-broken"
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif", "github": "github", "junit": "junit.xml"}


def _break(root) -> None:
    urban = root / "matters" / "urban-rural.yaml"
    text = urban.read_text(encoding="utf-8")
    # 1. 养犬监管 loses its 主体责任
    text = text.replace(
        "  - id: dog-management\n    name: 养犬监管\n    lead: enforcement\n",
        "  - id: dog-management\n    name: 养犬监管\n",
        1,
    )
    urban.write_text(text, encoding="utf-8")
    # 2. 鹤坪镇 loses its 村镇规划建设办公室 (the office block, up to the next office)
    heping = root / "townships" / "heping.yaml"
    text = heping.read_text(encoding="utf-8")
    text = re.sub(r"  - id: village-planning-office\n(?:    .*\n|      .*\n)*", "", text, count=1)
    heping.write_text(text, encoding="utf-8")
    # 3. the second ecology matter takes the first one's id
    ecology = root / "matters" / "ecology.yaml"
    text = ecology.read_text(encoding="utf-8")
    ids = re.findall(r"^  - id: (\S+)$", text, flags=re.MULTILINE)
    text = text.replace(f"  - id: {ids[1]}\n", f"  - id: {ids[0]}\n", 1)
    ecology.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def broken_copy(tmp_path_factory):
    work = tmp_path_factory.mktemp("sample")
    shutil.copytree(SAMPLES / "2022", work / "data")
    _break(work / "data")
    return work


def test_the_breakages_were_applied(broken_copy):
    data = broken_copy / "data"
    assert "village-planning-office\n    role" not in (data / "townships" / "heping.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_broken_sample_in_every_format(fmt, broken_copy, run_cli, golden, monkeypatch):
    monkeypatch.chdir(broken_copy)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    result = run_cli("validate", "data", "--format", fmt)
    assert result.exit_code == 1
    golden(CASE / f"expected.{FORMATS[fmt]}", result.stdout)


def test_broken_sample_finds_exactly_the_three_breakages(broken_copy, run_cli, monkeypatch):
    monkeypatch.chdir(broken_copy)
    findings = json.loads(run_cli("validate", "data", "--format", "json").stdout)["findings"]
    counts = Counter(f["code"] for f in findings)
    assert counts == {"QD101": 1, "QD102": 1, "QD201": 1, "QD203": 11, "QD301": 22, "QD303": 1}
    errors = {
        f["code"]: (f["file"], f["line"], f["item"]) for f in findings if f["code"] in ("QD101", "QD201", "QD303")
    }
    assert errors == {
        "QD101": ("data/matters/ecology.yaml", 36, "industrial-air-pollution"),
        "QD201": ("data/matters/urban-rural.yaml", 8, "dog-management"),
        "QD303": ("data/townships/heping.yaml", 10, "heping/village-planning-office"),
    }
    carriers = sorted(f["item"] for f in findings if f["code"] == "QD203")
    assert all(item.endswith("/heping") for item in carriers) and len(set(carriers)) == 11
