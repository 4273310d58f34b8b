"""An ImportResult as YAML files: canonical form, each with the modeline of the file it replaces or of its kind.

Into a data set folder (`into`), files that already exist are merged by id (qingdan.importer.merge)
and rewritten through the comment-keeping formatter, or replaced whole with --replace.
The report of what the import noticed is written by `qingdan.report.imports`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qingdan.errors import QingdanError
from qingdan.importer.merge import CREATED, MERGED, REPLACED, FileMerge, merge
from qingdan.importer.result import ImportResult
from qingdan.project import LAYOUT, Unreadable, read_inside
from qingdan.source import SyntaxProblem, parse
from qingdan.yamlfmt import FormatProblem, dump, modeline_for, update

MODELINE = "# yaml-language-server: $schema="


def yaml_files(result: ImportResult, outdir: Path) -> dict[str, str]:
    """{path in the data set: YAML text}.

    The modeline is the one the file being replaced already has, else the path from
    `outdir`/path to the nearest schemas/ folder.
    """
    return {
        path: dump(
            result.files[path],
            result.kinds[path],
            comments=result.comments.get(path, ()),
            modeline=_modeline(Path(outdir) / path) or modeline_for(Path(outdir) / path, result.kinds[path]),
        )
        for path in sorted(result.files)
    }


def into(result: ImportResult, outdir: Path, *, replace: bool = False) -> tuple[dict[str, str], list[FileMerge]]:
    """The texts to write into the data set at `outdir` (changed files only) and what happens to each file.

    A file that exists is merged into, or replaced whole with `replace`; what the merge leaves
    to a person is added to `result` (QD715, QD716). A file that cannot be merged (not UTF-8,
    not YAML, not a mapping) stops the import with a QingdanError before anything is written.
    """
    outdir = Path(outdir)
    texts, data, broken = _existing(outdir, result, replace)
    plan = merge(result.files, result.kinds, data, replace=replace)
    for note in plan.notes:
        result.add(note.code, note.message, note.path)
    out: dict[str, str] = {}
    merges = []
    for fm in plan.files:
        if fm.action == CREATED and fm.path in broken:
            fm = FileMerge(fm.path, fm.kind, REPLACED, fm.data, added=fm.added)
        merges.append(fm)
        comments = result.comments.get(fm.path, ())
        if fm.action == MERGED:
            try:
                out[fm.path] = update(texts[fm.path], fm.kind, fm.data, comments=comments)
            except FormatProblem as problem:
                raise QingdanError(_cannot_merge(fm.path, problem.message, problem.line, problem.code)) from None
        elif fm.written:
            target = outdir / fm.path
            modeline = _modeline(target) or modeline_for(target, fm.kind)
            out[fm.path] = dump(fm.data, fm.kind, comments=comments, modeline=modeline)
    return out, merges


def _existing(outdir: Path, result: ImportResult, replace: bool) -> tuple[dict[str, str], dict[str, Any], set[str]]:
    """(text, data) of the files of the import's kinds `outdir` already has, and the ones that cannot be read.

    A file the import writes that cannot be read stops the import, unless `replace`; another
    one (read only to find ids already taken) is named in the report's notes.
    """
    paths: set[str] = set()
    for kind in set(result.kinds.values()):
        for pattern in LAYOUT.get(kind, ()):
            paths.update(p.relative_to(outdir).as_posix() for p in outdir.glob(pattern) if p.is_file())
    paths.update(p for p in result.files if (outdir / p).is_file())
    texts, data, broken = {}, {}, set()
    for path in sorted(paths):
        line, code = 0, ""
        try:
            text = read_inside(outdir, outdir / path).decode("utf-8").removeprefix("\ufeff")
            parsed = parse(text).data
            problem = "" if isinstance(parsed, dict) else "顶层不是“键: 值”的映射"
        except UnicodeDecodeError:
            problem = "不是 UTF-8 编码"
        except SyntaxProblem as exc:
            problem, line, code = exc.message, exc.line, exc.code
        except Unreadable as exc:  # outside the folder, too large, or gone
            problem, code = exc.message, exc.code
        if not problem:
            texts[path], data[path] = text, parsed
        elif path not in result.files:
            result.notes.append(f"{path}：{problem}，没有查它里面已有的标识；导入后运行 qingdan validate 检查重复")
        elif replace:
            broken.add(path)
        else:
            raise QingdanError(_cannot_merge(path, problem, line, code))
    return texts, data, broken


def _cannot_merge(path: str, problem: str, line: int, code: str = "") -> str:
    where = f"{path}:{line}" if line else path
    return f"{where}：{code + ' ' if code else ''}{problem}，无法把导入的内容合并进去；先修好这个文件，或加 --replace 用导入的内容整个替换它"


def _modeline(target: Path) -> str | None:
    try:
        with target.open(encoding="utf-8") as f:
            first = f.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return first.removeprefix(MODELINE) if first.startswith(MODELINE) else None


def stdout_text(files: dict[str, str]) -> str:
    """All files for the screen, each after a `# ---- path` line."""
    return "".join(f"# ---- {name}\n{text}" for name, text in files.items())


NO_DEPARTMENTS = (
    "没有找到清单文件夹（可用 --data 指定），部门和机构名称没有核对：乡镇以外的部门名称按拼音暂写成标识，"
    "机构名称和部门原文放进 extra"
)
