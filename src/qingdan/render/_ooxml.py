"""What the Word and Excel writers share: the time their properties carry and the reproducible zip package."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold
CONTENT_TYPES = "[Content_Types].xml"  # the package's part list, first in the archive as OPC readers expect


def core_time(epoch: int) -> datetime:
    """The render time for the core properties: a naive datetime in UTC, as python-docx and openpyxl take it."""
    return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)


def reproducible_zip(data: bytes, epoch: int, fixes: Mapping[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Rewrite a package so that equal input gives equal bytes.

    [Content_Types].xml comes first and the other entries follow sorted by name, each with the
    same time (`epoch`, at the earliest 1980-01-01), Unix attributes and deflate level 6;
    `fixes` rewrites the named entries on the way.
    """
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    fixes = fixes or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in sorted(source.namelist(), key=lambda n: (n != CONTENT_TYPES, n)):
            content = source.read(name)
            if name in fixes:
                content = fixes[name](content)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # ZipInfo would say 0 on Windows
            info.external_attr = 0o644 << 16
            target.writestr(info, content, compresslevel=6)
    return out.getvalue()
