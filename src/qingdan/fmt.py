"""qingdan fmt: find the files of a data set (or one file), format them, write the changed ones.

The text work is qingdan.yamlfmt; this module reads, compares and writes (atomically, and
only files whose bytes change). A file that cannot be read or formatted is reported and
left as it is; the others are still formatted. fmt reads and writes only files inside the
data set's folder (a file named on the command line: inside its own folder), and writes a
symlinked file through its link, which stays a link.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from qingdan import __version__
from qingdan.errors import QingdanError
from qingdan.files import write_atomic
from qingdan.project import LAYOUT, MANIFEST, Project, Unreadable, read_inside
from qingdan.source import SyntaxProblem, parse
from qingdan.yamlfmt import FormatProblem, format_text

EDITION = "edition"  # the manifest's kind (edition.schema.json)
PER_WORKER = 8  # files per extra process before fmt starts one


@dataclass(frozen=True, slots=True)
class Target:
    path: Path  # on disk
    display: str  # as reported to the user
    kind: str
    root: Path | None = None  # the folder it must lie in, symlinks followed; None: the file's own folder
    refused: str = ""  # "QD0xx message": why the data set's layout does not let fmt read it

    @property
    def folder(self) -> Path:
        return self.root if self.root is not None else self.path.parent


@dataclass(frozen=True, slots=True)
class Outcome:
    target: Target
    before: str = ""  # the text as read (decoded)
    after: str | None = None  # the canonical text; None when the file could not be formatted
    changed: bool = False  # the canonical bytes differ from the bytes on disk
    problem: str = ""  # "file:line:column: message" when the file could not be formatted


def targets(path: Path | None) -> list[Target]:
    """The files to format: every file of the data set at `path`, or `path` itself if it is a file."""
    if path is not None and path.is_file() and path.suffix in (".yaml", ".yml"):
        return [_single(path)]
    project = Project.discover(path)
    prefix = "" if project.display in ("", ".") else project.display.rstrip("/") + "/"
    found = [Target(project.manifest, prefix + MANIFEST, EDITION, project.root)]
    claim = project.claim(_files_setting(project))
    for rel, kind in claim.files:
        found.append(Target(project.root / rel, prefix + rel, kind, project.root))
    for refusal in claim.refused:  # what the loader would not read, fmt does not rewrite
        found.append(
            Target(
                project.root / refusal.file,
                prefix + refusal.file,
                "",
                project.root,
                f"{refusal.code} {refusal.message}",
            )
        )
    return found


def format_file(target: Target) -> Outcome:
    """Read one file and return its canonical text, or the problem that prevents it."""
    if target.refused:
        return Outcome(target, problem=f"{target.display}: {target.refused}；文件未改动")
    try:
        raw = read_inside(target.folder, target.path)
    except Unreadable as exc:
        return Outcome(target, problem=f"{target.display}: {exc.code} {exc.message}；文件未改动")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Outcome(
            target, problem=f"{target.display}:{line}: QD003 文件不是 UTF-8 编码，请另存为 UTF-8（无 BOM）后再试"
        )
    try:
        after = format_text(text, target.kind)
    except FormatProblem as problem:
        where = target.display + (f":{problem.line}:{problem.column}" if problem.line else "")
        code = f"{problem.code} " if problem.code else ""
        return Outcome(target, text, problem=f"{where}: {code}{problem.message}；文件未改动")
    return Outcome(target, text, after, after.encode("utf-8") != raw)


def format_all(found: list[Target], cache: Cache | None = None) -> list[Outcome]:
    """Format every file; a large data set is shared among processes (ruamel.yaml is pure Python).

    A file whose exact bytes the cache knows to be canonical is not formatted again.
    """
    known = {i: cache.canonical(t) for i, t in enumerate(found)} if cache else {}
    todo = [t for i, t in enumerate(found) if known.get(i) is None]
    workers = min(os.cpu_count() or 1, len(todo) // PER_WORKER)
    if workers < 2:
        done = iter([format_file(t) for t in todo])
    else:
        with ProcessPoolExecutor(workers) as pool:
            done = iter(list(pool.map(format_file, todo, chunksize=4)))
    return [Outcome(t, known[i], known[i]) if known.get(i) is not None else next(done) for i, t in enumerate(found)]


class Cache:
    """The files fmt has already found canonical, by a hash of their kind and bytes (as black and ruff keep one).

    It lives in the user's cache folder (QINGDAN_CACHE_DIR, else $XDG_CACHE_HOME/qingdan, else
    ~/.cache/qingdan), one file per qingdan version and formatter, so a new release or a changed
    schema starts afresh. It only ever saves work: a cache that cannot be read or written is ignored.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.keys = set(path.read_text(encoding="ascii").split())
        except (OSError, UnicodeDecodeError):
            self.keys = set()
        self._new: set[str] = set()

    @classmethod
    def default(cls) -> Cache:
        folder = os.environ.get("QINGDAN_CACHE_DIR") or Path(
            os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "qingdan"
        )
        return cls(Path(folder) / f"fmt-{__version__}-{_formatter_digest()}.txt")

    def canonical(self, target: Target) -> str | None:
        """The file's text when the cache knows it is canonical, else None."""
        if target.refused:
            return None
        try:
            raw = read_inside(target.folder, target.path)
        except Unreadable:
            return None
        return raw.decode("utf-8") if _key(target.kind, raw) in self.keys else None

    def remember(self, outcomes: Iterable[Outcome]) -> None:
        """Note the canonical text of every file formatted (on disk now or not: the key is the content) and save."""
        for o in outcomes:
            if o.after is not None:
                self._new.add(_key(o.target.kind, o.after.encode("utf-8")))
        if self._new <= self.keys:
            return
        with contextlib.suppress(QingdanError):  # a read-only home: fmt still works, only without the saving
            write_atomic(self.path, "\n".join(sorted(self.keys | self._new)) + "\n")


def _key(kind: str, raw: bytes) -> str:
    return hashlib.sha256(kind.encode() + b"\0" + raw).hexdigest()


def _formatter_digest() -> str:
    """What the canonical form depends on besides the version: the formatter's code and the schemas' key order."""
    from qingdan import yamlfmt
    from qingdan.resources import shipped_dir

    h = hashlib.sha256(Path(yamlfmt.__file__).read_bytes())
    for schema in sorted(shipped_dir("schemas").glob("*.schema.json")):
        h.update(schema.read_bytes())
    return h.hexdigest()[:16]


def write_changed(outcomes: Iterable[Outcome]) -> int:
    """Write every changed file atomically, inside its folder and through a symlink; return how many were written."""
    n = 0
    for outcome in outcomes:
        if outcome.changed and outcome.after is not None:
            write_atomic(outcome.target.path, outcome.after, within=outcome.target.folder)
            n += 1
    return n


def unified_diff(outcome: Outcome) -> str:
    """The change fmt would make to one file, as a unified diff ("" when none)."""
    if not outcome.changed or outcome.after is None:
        return ""
    name = outcome.target.display
    before = outcome.before.replace("\r\n", "\n")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        outcome.after.splitlines(keepends=True),
        f"{name}（原文）",
        f"{name}（格式化后）",
    )
    out = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    if not out:  # only the encoding mark or line ends differ
        out = f"--- {name}（原文）\n+++ {name}（格式化后）\n@@ 只有 BOM 或换行符（CRLF）不同 @@\n"
    return out


def summary(outcomes: list[Outcome], *, written: bool) -> str:
    changed = sum(o.changed for o in outcomes)
    clean = sum(o.after is not None and not o.changed for o in outcomes)
    failed = sum(o.after is None for o in outcomes)
    text = (
        f"已格式化 {changed} 个文件，{clean} 个无需改动"
        if written
        else f"{changed} 个文件需要格式化，{clean} 个无需改动"
    )
    return text + (f"，{failed} 个无法格式化" if failed else "")


def exit_code(outcomes: list[Outcome], *, check: bool) -> int:
    """2 if a file could not be formatted; with --check 1 if a file would change; else 0."""
    if any(o.after is None for o in outcomes):
        return 2
    return 1 if check and any(o.changed for o in outcomes) else 0


def _files_setting(project: Project) -> object:
    """The manifest's `files:` as written; None if it cannot be read (fmt then reports it)."""
    try:
        data = parse(project.read(MANIFEST).decode("utf-8-sig")).data
    except (Unreadable, UnicodeDecodeError, SyntaxProblem):
        return None
    return data.get("files") if isinstance(data, dict) else None


def _single(path: Path) -> Target:
    """One file named on the command line: its kind from its data set, else from its name."""
    display = path.as_posix()
    here = path.absolute()
    if path.name == MANIFEST:
        return Target(path, display, EDITION, here.parent)
    for folder in here.parents:
        if (folder / MANIFEST).is_file():
            rel = here.relative_to(folder).as_posix()
            project = Project(folder, folder.as_posix())
            claim = project.claim(_files_setting(project))
            for claimed, kind in claim.files:
                if claimed == rel:
                    return Target(path, display, kind, folder)
            for refusal in claim.refused:
                if refusal.file == rel:
                    return Target(path, display, "", folder, f"{refusal.code} {refusal.message}")
            raise QingdanError(f"「{display}」不属于清单「{folder.as_posix()}」的任何文件类型，无法确定格式")
    for kind, patterns in LAYOUT.items():
        if any(here.match(pattern) for pattern in patterns):
            return Target(path, display, kind)
    raise QingdanError(f"无法确定「{display}」是哪类清单文件：它不在含 {MANIFEST} 的文件夹中，文件名也不符合默认布局")
