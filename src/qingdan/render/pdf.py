"""PDF: the Word documents (render/docx.py) converted by LibreOffice, as officials publish them.

All documents of a render go to one `soffice --headless --convert-to pdf` run — a private,
temporary LibreOffice profile (-env:UserInstallation), so parallel renders and an office the
user has open do not meet — with a time limit. Blank pages LibreOffice inserts (before a
版记 that must fall on an even page) are kept. The same input gives the same bytes where
LibreOffice allows: its creation time, document id and checksum are replaced by the render's
epoch and a hash of the content (keeping every byte offset), so only a different
LibreOffice or different fonts change a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from jinja2 import Environment

from qingdan.errors import QingdanError
from qingdan.model import DataSet
from qingdan.render import docx
from qingdan.render.documents import Document

NAMES = ("soffice", "libreoffice")  # on PATH, as Debian, Fedora and Homebrew install it
# where the installers put it when it is not on PATH
PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
START_SECONDS = 60  # LibreOffice's start with a fresh profile, with room for a slow machine
SECONDS_A_DOCUMENT = 20  # a 50-page list converts in about 4 s
# keep the blank page that puts the 版记 on an even page (LibreOffice leaves it out unless asked)
_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
MISSING = (
    "生成 PDF 要用 LibreOffice 把 Word 文件转换成 PDF，但没有找到 soffice 或 libreoffice 命令。"
    "请安装 LibreOffice（Debian、Ubuntu：apt install libreoffice-writer），"
    "或者用 --to docx 生成 Word 文件，再用 Word、WPS 另存为 PDF"
)


def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
    """Lay out each document as Word, convert them all with LibreOffice; return {file name: PDF bytes}."""
    office = find_office()
    if office is None:
        raise QingdanError(MISSING)
    words = docx.write(dataset, documents, env, epoch)
    pdfs = convert(office, words, START_SECONDS + SECONDS_A_DOCUMENT * len(words))
    return {name: pin(pdf, epoch) for name, pdf in sorted(pdfs.items())}


def find_office() -> str | None:
    """The LibreOffice command: soffice or libreoffice on PATH, else where the installer puts it."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in PLACES if os.path.isfile(p)), None)


def convert(office: str, files: dict[str, bytes], timeout: float) -> dict[str, bytes]:
    """Convert {name.docx: bytes} to {name.pdf: bytes} in one LibreOffice run of its own."""
    with tempfile.TemporaryDirectory(prefix="qingdan-pdf-") as tmp:
        root = Path(tmp)
        source, target = root / "docx", root / "pdf"
        source.mkdir()
        for name, data in files.items():
            (source / name).write_bytes(data)
        command = [
            office,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--convert-to",
            _FILTER,
            "--outdir",
            str(target),
            *(str(source / name) for name in sorted(files)),
        ]
        output = _run(command, timeout)
        pdfs = {}
        for name in sorted(files):
            pdf = target / f"{Path(name).stem}.pdf"
            if not pdf.is_file():
                said = output.strip().splitlines()[-1] if output.strip() else "没有输出"
                raise QingdanError(f"LibreOffice 没能把「{name}」转换成 PDF（{office} 说：{said}）")
            pdfs[pdf.name] = pdf.read_bytes()
        return pdfs


def _run(command: list[str], timeout: float) -> str:
    """Run LibreOffice; on time-out end it and whatever it started, and say so."""
    # a session of its own, so that a time-out ends the office process and its helpers together
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=os.name == "posix",
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if os.name == "posix":
                with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
                    os.killpg(process.pid, signal.SIGKILL)
            else:
                process.kill()
            process.communicate()
            raise QingdanError(
                f"LibreOffice 在 {timeout:.0f} 秒内没有转换完，已停止；"
                "请确认没有弹出的窗口，或者少转换几份文件（--document）再试"
            ) from None
    return output.decode("utf-8", "replace")


_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})([^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def pin(pdf: bytes, epoch: int) -> bytes:
    """Make a PDF depend on its content only: the dates say `epoch`, the id and checksum hash the content.

    Every replacement has the length of what it replaces, so the cross-reference offsets stay right.
    """
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def date(m: re.Match[bytes]) -> bytes:
        zone = m[3] if m[3].startswith(b"Z") else re.sub(rb"\d", b"0", m[3]).replace(b"-", b"+")
        return b"/" + m[1] + b"(D:" + stamp + zone + b")"

    dated = _DATE.sub(date, pdf)
    blank = _CHECKSUM.sub(lambda m: m[0].replace(m[1], b"0" * len(m[1])), _ID.sub(_zero_id, dated))
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()

    def ident(m: re.Match[bytes]) -> bytes:
        return m[0].replace(m[1], _fit(digest, m[1])).replace(m[2], _fit(digest, m[2]))

    return _CHECKSUM.sub(lambda m: m[0].replace(m[1], _fit(digest, m[1])), _ID.sub(ident, dated))


def _zero_id(m: re.Match[bytes]) -> bytes:
    return m[0].replace(m[1], b"0" * len(m[1])).replace(m[2], b"0" * len(m[2]))


def _fit(digest: bytes, old: bytes) -> bytes:
    """The digest at the length of `old` (an id is usually 32 hex digits, as long as an MD5)."""
    return (digest * (len(old) // len(digest) + 1))[: len(old)]
