"""Read a data set from disk: decode and parse every file into a SourceFile, and build the DataSet.

Problems with the files themselves become findings here: a file that is not UTF-8
(QD003), YAML syntax (QD001), duplicate keys (QD002), a YAML file no kind claims
(QD006), a required kind with no file (QD007). An edition to compare must at least parse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from qingdan import baseline
from qingdan.codes import BUILTIN
from qingdan.errors import QingdanError
from qingdan.findings import Finding, Severity
from qingdan.model import DataSet, build_dataset
from qingdan.project import MANIFEST, REQUIRED_KINDS, Project, Unreadable
from qingdan.source import OddKey, SourceFile, SyntaxProblem, parse
from qingdan.text import excerpt

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
    manifest = _load(project, MANIFEST, "edition", findings, overlay)
    claim = project.claim(
        manifest.data.get("files") if manifest is not None and isinstance(manifest.data, dict) else None
    )
    for refusal in claim.refused:
        line, column = manifest.locate(refusal.at)[:2] if manifest is not None and refusal.at else (0, 0)
        findings.append(_finding(refusal.file, line, column, refusal.code, refusal.message))
    if manifest is not None:
        documents.append(manifest)
    for rel, kind in claim.files:
        doc = _load(project, rel, kind, findings, overlay)
        if doc is None:
            unreadable.add(kind)
        else:
            documents.append(doc)
    for kind, patterns in claim.empty:
        if kind in REQUIRED_KINDS:
            where = "、".join(patterns) or "files 中写的位置都无效"
            findings.append(
                Finding(MANIFEST, 0, 0, "QD007", f"缺少{_KIND_NAMES[kind]}（{where}）", Severity.ERROR, "missing-file")
            )
    claimed = {MANIFEST, *(rel for rel, _ in claim.files), *(r.file for r in claim.refused)}
    for rel in _yaml_files(project.root, findings):
        if rel not in claimed and not _hidden(rel):
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


def _yaml_files(root: Path, findings: list[Finding]) -> list[str]:
    """Every .yaml and .yml file under the folder, relative; a folder that cannot be listed is QD019."""
    try:
        return sorted(
            rel
            for path in root.rglob("*.y*ml")
            if path.suffix in (".yaml", ".yml") and (rel := path.relative_to(root).as_posix())
        )
    except OSError as exc:  # e.g. a folder removed while it is listed
        findings.append(
            _finding(".", 0, 0, "QD019", f"无法列出清单文件夹中的文件：{exc.strerror or type(exc).__name__}")
        )
        return []


# the codes of a file that was not read at all: a data set with one cannot be compared or published
NOT_READ = ("QD001", "QD003", "QD013", "QD014", "QD016", "QD017", "QD019")


def load_comparable(project: Project, spec: str) -> DataSet:
    """Load one edition of a comparison; one with a file that was not read (NOT_READ) cannot be compared.

    `spec` names the edition as the user wrote it, for the error.
    """
    dataset, findings = load_dataset(project)
    require_read(findings, spec)
    return dataset


def require_read(findings: list[Finding], spec: str) -> None:
    """Stop (QingdanError) when a file of the data set was not read at all: what is missing would go unnoticed."""
    broken = [f for f in findings if f.code in NOT_READ]
    if broken:
        f = broken[0]
        where = f.file + (f":{f.line}:{f.column}" if f.line else "")
        more = f"（另有 {len(broken) - 1} 个文件）" if len(broken) > 1 else ""
        raise QingdanError(
            f"「{spec}」无法读取：{where} {f.code} {f.message}{more}；请先修正（qingdan validate 列出全部问题）"
        )


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _load(
    project: Project, rel: str, kind: str, findings: list[Finding], overlay: Mapping[str, str]
) -> SourceFile | None:
    if rel in overlay:
        text = overlay[rel]
    else:
        try:
            raw = project.read(rel)
        except Unreadable as exc:
            findings.append(_finding(rel, 0, 0, exc.code, exc.message))
            return None
        text = _decode(raw, rel, findings)
    if text is None:
        return None
    try:
        parsed = parse(text)
    except SyntaxProblem as problem:
        findings.append(_finding(rel, problem.line, problem.column, problem.code, problem.message))
        return None
    for dup in parsed.duplicates:
        findings.append(
            _finding(
                rel,
                dup.line,
                dup.column,
                "QD002",
                f"键「{excerpt(dup.key)}」重复，第 {dup.first_line} 行已经有了；YAML 只保留最后一个，前面的值会被悄悄丢掉",
            )
        )
    for odd in parsed.odd_keys:
        findings.append(_finding(rel, odd.line, odd.column, "QD015", _odd_key(odd)))
    data = parsed.data if parsed.data is not None else {}
    return SourceFile(rel, kind, data, text, ambiguous=parsed.ambiguous)


def _odd_key(odd: OddKey) -> str:
    if odd.dropped:
        return f"键是一个{odd.read_as}，不是文字；这一项没有读入，请改用文字作键"
    return (
        f"键「{excerpt(odd.key)}」被 YAML 读成了{odd.read_as}，不是文字；qingdan 按写法当作文字键，"
        f'请加引号写成 "{excerpt(odd.key)}"，或改成应有的字段名'
    )


def _finding(file: str, line: int, column: int, code: str, message: str) -> Finding:
    check = BUILTIN[code]
    return Finding(file, line, column, code, message, check.severity, check.name)


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
