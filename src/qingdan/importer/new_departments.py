"""`qingdan import --add-departments`: the departments a list names that departments.yaml lacks, appended to it.

A reviewed step, not a silent one: each new entry goes after the last department under a comment
asking to check it, the file goes through the comment-preserving formatter (qingdan.yamlfmt),
and the report lists every department added. Nothing here writes: the CLI writes the text
this returns, atomically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qingdan.errors import QingdanError
from qingdan.importer.result import ImportResult
from qingdan.model import DataSet
from qingdan.source import SourceFile, parse
from qingdan.yamlfmt import FormatProblem, dump, format_text, same_data

KIND = "departments"


def departments_file(dataset: DataSet | None) -> SourceFile:
    """The data set's department list; QingdanError when there is none to add to."""
    doc = next((d for d in dataset.documents if d.kind == KIND), None) if dataset is not None else None
    if doc is None:
        raise QingdanError(
            "--add-departments 要把部门加进清单文件夹的 departments.yaml，但没有找到它；用 --data 指定清单文件夹"
        )
    return doc


def update(dataset: DataSet | None, result: ImportResult, source: str, *, write: bool) -> tuple[Path, str] | None:
    """(the file, its new text) with `result.new_departments` appended; None when there is nothing to add.

    Adds a note to the report listing what is (or, when not `write`, would be) added.
    """
    doc = departments_file(dataset)
    if not result.new_departments:
        result.notes.append("--add-departments：没有要加进部门名录的部门，departments.yaml 没有改动")
        return None
    text = appended(
        doc.text, result.new_departments, f"导入「{source}」时加进，请核对全称和简称，并确认不是已有部门的另一种叫法"
    )
    listed = "；".join(f"{d['id']} {d['name']}" for d in result.new_departments)
    done = "加进了" if write else "将加进（写 -o 时写入）"
    result.notes.append(
        f"--add-departments：{done} {doc.file} {len(result.new_departments)} 个部门：{listed}。"
        "请逐个核对全称、简称和别名；是已有部门另一种叫法的，删去新加的这一项，给已有部门加上别名后重新导入"
    )
    assert dataset is not None  # departments_file found its file
    return Path(dataset.root) / doc.file, text


def appended(text: str, new: list[dict[str, Any]], comment: str) -> str:
    """departments.yaml's `text` in canonical form with `new` after its last department, each under `comment`."""
    try:
        canonical = format_text(text, KIND)
    except FormatProblem as problem:
        raise QingdanError(f"departments.yaml 无法改写（{problem.message}），没有加进部门") from None
    old = parse(canonical).data
    if not isinstance(old, dict) or not isinstance(old.get(KIND) or [], list):
        raise QingdanError("departments.yaml 的 departments 不是列表，没有加进部门")
    items = dump({KIND: new}, KIND).split("\n", 1)[1]  # the lines under "departments:"
    items = re.sub(r"^  - ", f"  # {comment}\n  - ", items, flags=re.MULTILINE)
    if old.get(KIND):
        out = canonical.rstrip("\n") + "\n" + items
    else:  # `departments: []` or an empty key: the new ones are the list
        out = re.sub(r"^departments:.*\n?", lambda _: "departments:\n" + items, canonical, count=1, flags=re.MULTILINE)
    out = format_text(out, KIND)
    if not same_data(parse(out).data, {**old, KIND: [*(old.get(KIND) or []), *new]}):  # pragma: no cover - a defect
        raise QingdanError("加进部门后 departments.yaml 读出的内容不对，没有写入（这是 qingdan 的缺陷，请报告）")
    return out
