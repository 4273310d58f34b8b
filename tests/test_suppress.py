"""Exceptions in settings and inline ignore comments: reasons required, expiry and disuse reported."""

from __future__ import annotations

import datetime as dt

from conftest import MANIFEST
from qingdan.project import Project
from qingdan.resources import shipped_dir
from qingdan.schema import SchemaSet
from qingdan.validate import check_project

TODAY = dt.date(2025, 6, 1)
MATTERS = """\
domain: {id: agriculture, name: 农业农村}
matters:
  - id: straw-burning
    name: 秸秆禁烧监管
    lead: agriculture
    supporting: [forestry]{comment}
"""


def matters(comment: str) -> str:
    return MATTERS.replace("{comment}", comment)


def outcome(root):
    return check_project(Project.discover(root), SchemaSet.load(shipped_dir("schemas")), TODAY)


def exception(expires='"2026-12-31"', item="straw-burning"):
    return (
        MANIFEST
        + f"settings:\n  exceptions:\n    - {{rule: QD102, item: {item}, reason: 林业站并入后再改, "
        + f"approved_by: 测编〔2022〕3号, expires: {expires}}}\n"
    )


def rows(o):
    return [(f.code, f.file, f.line, f.item) for f in o.findings]


def test_without_exception_the_finding_stands(make_project):
    o = outcome(make_project({"matters/agriculture.yaml": matters("")}))
    assert rows(o) == [("QD102", "matters/agriculture.yaml", 6, "straw-burning")]


def test_exception_accepts_the_finding_with_its_reason(make_project):
    root = make_project({"matters/agriculture.yaml": matters(""), "qingdan.yaml": exception()})
    o = outcome(root)
    assert rows(o) == []
    assert [(s.finding.code, s.reason) for s in o.suppressed] == [("QD102", "林业站并入后再改（测编〔2022〕3号）")]


def test_expired_exception_no_longer_applies_and_is_reported(make_project):
    root = make_project({"matters/agriculture.yaml": matters(""), "qingdan.yaml": exception('"2024-12-31"')})
    assert rows(outcome(root)) == [
        ("QD102", "matters/agriculture.yaml", 6, "straw-burning"),
        ("QD010", "qingdan.yaml", 9, "QD102/straw-burning"),
    ]


def test_unused_exception_is_reported(make_project):
    root = make_project({"qingdan.yaml": exception(item="no-such-matter")})
    assert rows(outcome(root)) == [("QD011", "qingdan.yaml", 9, "QD102/no-such-matter")]


def test_inline_ignore_with_reason_on_the_same_line(make_project):
    text = matters("  # qingdan: ignore[QD102] 林业站尚未设立")
    o = outcome(make_project({"matters/agriculture.yaml": text}))
    assert rows(o) == [] and [s.reason for s in o.suppressed] == ["林业站尚未设立"]


def test_inline_ignore_alone_covers_the_next_line(make_project):
    text = MATTERS.replace("    supporting:", "    # qingdan: ignore[QD102] 林业站尚未设立\n    supporting:").replace(
        "{comment}", ""
    )
    assert rows(outcome(make_project({"matters/agriculture.yaml": text}))) == []


def test_inline_ignore_without_reason_is_an_error_and_accepts_nothing(make_project):
    text = matters("  # qingdan: ignore[QD102]")
    assert rows(outcome(make_project({"matters/agriculture.yaml": text}))) == [
        ("QD102", "matters/agriculture.yaml", 6, "straw-burning"),
        ("QD012", "matters/agriculture.yaml", 6, ""),
    ]


def test_inline_ignore_for_another_code_accepts_nothing_and_is_unused(make_project):
    text = matters("  # qingdan: ignore[QD301] 理由")
    assert rows(outcome(make_project({"matters/agriculture.yaml": text}))) == [
        ("QD102", "matters/agriculture.yaml", 6, "straw-burning"),
        ("QD011", "matters/agriculture.yaml", 6, ""),
    ]
