"""Writing files safely: a temporary file beside the target, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from qingdan.errors import QingdanError


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` so readers see the old file or the whole new one, never half."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise QingdanError(f"无法写入「{path}」：{exc.strerror or exc}") from None


def append_text(path: Path, text: str) -> None:
    """Append to a file others also append to (e.g. GitHub's job summary)."""
    try:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise QingdanError(f"无法写入「{path}」：{exc.strerror or exc}") from None
