"""What a `qingdan import` hands its report writers: the result, the files it made, and whether they were written."""

from __future__ import annotations

from dataclasses import dataclass

from qingdan.importer.merge import CREATED, MERGED, REPLACED, UNCHANGED, FileMerge
from qingdan.importer.result import ImportResult, Issue

ACTIONS = {CREATED: "新建", MERGED: "合并", REPLACED: "替换（--replace）", UNCHANGED: "没有变化"}


@dataclass(frozen=True, slots=True)
class ImportRun:
    """One `qingdan import`, as its writers see it."""

    result: ImportResult
    files: list[str]  # the files made (written or printed), by their path in the data set
    written: bool  # written into a data set folder (-o), or printed
    merges: tuple[FileMerge, ...] = ()  # with -o: what happened to each file, also those left unchanged


def ordered(result: ImportResult) -> list[Issue]:
    """Issues grouped by sheet (in the order the sheets were read), then by row."""
    sheets: dict[str, int] = {}
    for issue in result.issues:
        sheets.setdefault(issue.sheet, len(sheets))
    return sorted(result.issues, key=lambda i: (sheets[i.sheet], i.row))


def where(issue: Issue) -> str:
    """工作表!行 列名 — as a reader finds the cell in Excel."""
    place = issue.sheet + (f"!{issue.row}" if issue.row else "")
    return f"{place} {issue.column}" if issue.column else place


def summary(run: ImportRun) -> str:
    """The one-line Chinese summary: rows read, items made, files written, issues by severity."""
    result, n = run.result, run.result.counts()
    same = sum(not m.written for m in run.merges)
    return (
        f"读取 {result.rows} 行，生成 {result.items} 项，{'写入' if run.written else '输出（未写入）'} "
        f"{len(run.files)} 个文件{f'（{same} 个没有变化）' if same else ''}；"
        f"错误 {n['error']}，警告 {n['warning']}，提示 {n['info']}"
    )


def file_lines(merge: FileMerge) -> list[str]:
    """What happened to one file: 「matters/market.yaml：合并，新增 1 项，更新 2 项，保留 3 项」, then each update."""
    counts = [
        ("新增", len(merge.added)),
        ("更新", len(merge.updated)),
        ("未变", len(merge.unchanged)),
        ("保留", len(merge.kept)),
        ("删去", len(merge.removed)),
    ]
    said = "，".join(f"{word} {n} 项" for word, n in counts if n)
    if merge.action == CREATED:
        said = f"{len(merge.added)} 项"
    if merge.by_name:
        said += f"（{len(merge.by_name)} 项标识不同、名称相同，按名称对上，沿用清单中的标识）"
    lines = [f"{merge.path}：{ACTIONS[merge.action]}" + (f"，{said}" if said else "")]
    lines += [f"  更新 {u.id}「{u.name}」：{'、'.join(u.fields) or '移到 ' + u.list}" for u in merge.updated]
    if merge.removed:
        lines.append(f"  删去 {'、'.join(merge.removed)}")
    return lines
