"""Read a data set from disk: decode and parse every file into a SourceFile, and build the DataSet.

Problems with the files themselves become findings here: a file that is not UTF-8
(QD003), YAML syntax (QD001), duplicate keys (QD002), a YAML file no kind claims
(QD006), a required kind with no file (QD007). An edition to compare must at least parse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from qingdan import baseline
from qingdan.errors import QingdanError
from qingdan.findings import Finding, Severity
from qingdan.model import DataSet, build_dataset
from qingdan.project import MANIFEST, REQUIRED_KINDS, Project
from qingdan.source import SourceFile, SyntaxProblem, parse

_KIND_NAMES = {"departments": "部门名录", "structures": "机构设置模式", "township": "乡镇文件"}


def load_dataset(project: Project, overlay: Mapping[str, str] | None = None) -> tuple[DataSet, list[Finding]]:
    """Load every file of the data set; return the model and the findings of loading.

    `overlay` holds texts to read instead of the files on disk, by relative path (`validate --fix`
    checks its edits before it writes them).
    """
    findings: list[Finding] = []
    documents: list[SourceFile] = []
    unreadable: set[str] = set()
    overlay = overlay or {}
    manifest = _load(project.root, MANIFEST, "edition", findings, overlay)
    files: dict[str, tuple[str, ...]] = {}
    if manifest is not None:
        documents.append(manifest)
        files = _files_setting(manifest.data)
    claimed = {MANIFEST}
    for kind, patterns in project.layout(files).items():
        paths = sorted({p for pattern in patterns for p in project.root.glob(pattern) if p.is_file()})
        for path in paths:
            rel = path.relative_to(project.root).as_posix()
            if rel in claimed:
                continue
            claimed.add(rel)
            doc = _load(project.root, rel, kind, findings, overlay)
            if doc is None:
                unreadable.add(kind)
            else:
                documents.append(doc)
        if not paths and kind in REQUIRED_KINDS:
            where = "、".join(patterns)
            findings.append(
                Finding(MANIFEST, 0, 0, "QD007", f"缺少{_KIND_NAMES[kind]}（{where}）", Severity.ERROR, "missing-file")
            )
    for path in sorted(project.root.rglob("*.y*ml")):
        rel = path.relative_to(project.root).as_posix()
        if rel not in claimed and path.suffix in (".yaml", ".yml") and not _hidden(rel):
            findings.append(
                Finding(
                    rel,
                    0,
                    0,
                    "QD006",
                    "这个 YAML 文件不属于任何清单类型，没有读入；请移动它或在 files 设置中登记",
                    Severity.WARNING,
                    "unknown-file",
                )
            )
    return build_dataset(project.root.as_posix(), documents, frozenset(unreadable)), findings


def load_comparable(project: Project, spec: str) -> DataSet:
    """Load one edition of a comparison; one with a file that cannot be parsed (QD001, QD003) cannot be compared.

    `spec` names the edition as the user wrote it, for the error.
    """
    dataset, findings = load_dataset(project)
    broken = [f for f in findings if f.code in ("QD001", "QD003")]
    if broken:
        f = broken[0]
        where = f.file + (f":{f.line}:{f.column}" if f.line else "")
        raise QingdanError(f"「{spec}」无法读取：{where} {f.message}；请先修正（qingdan validate 列出全部问题）")
    return dataset


def _files_setting(data: Any) -> dict[str, tuple[str, ...]]:
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: tuple(v for v in vs if isinstance(v, str)) for k, vs in files.items() if isinstance(vs, list)}


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _load(root: Path, rel: str, kind: str, findings: list[Finding], overlay: Mapping[str, str]) -> SourceFile | None:
    text = overlay[rel] if rel in overlay else _decode((root / rel).read_bytes(), rel, findings)
    if text is None:
        return None
    try:
        parsed = parse(text)
    except SyntaxProblem as problem:
        findings.append(
            Finding(rel, problem.line, problem.column, "QD001", problem.message, Severity.ERROR, "yaml-syntax")
        )
        return None
    for dup in parsed.duplicates:
        findings.append(
            Finding(
                rel,
                dup.line,
                dup.column,
                "QD002",
                f"键「{dup.key}」重复，第 {dup.first_line} 行已经有了；YAML 只保留最后一个，前面的值会被悄悄丢掉",
                Severity.ERROR,
                "duplicate-key",
            )
        )
    data = parsed.data if parsed.data is not None else {}
    return SourceFile(rel, kind, data, text, ambiguous=parsed.ambiguous)


def _decode(raw: bytes, rel: str, findings: list[Finding]) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        guess = _guess_encoding(raw)
        hint = f"看起来是 {guess} 编码，" if guess else ""
        findings.append(
            Finding(
                rel,
                line,
                column,
                "QD003",
                f"文件不是 UTF-8 编码，{hint}请另存为 UTF-8（无 BOM）后再试",
                Severity.ERROR,
                "encoding",
            )
        )
        return None


def _guess_encoding(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    for codec, label in (("gb18030", "GB18030（GBK/GB2312）"), ("big5", "Big5")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return label
    return ""


def read_baseline(path: Path) -> Counter[str]:
    """Read a baseline file written by `qingdan validate --write-baseline`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise QingdanError(f"无法读取基线文件「{path}」：{exc.strerror or exc}") from None
    return baseline.parse(text, str(path))
