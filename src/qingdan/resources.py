"""Find what qingdan ships: the default schemas/ and templates/ folders.

A wheel carries them inside the package (hatchling force-include). An editable install
does not, so there the source tree is found from the install's PEP 610 record
(direct_url.json), which names the checkout the package was installed from.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from qingdan.errors import QingdanError


@cache
def shipped_dir(name: str) -> Path:
    """Return the shipped folder `name` ("schemas" or "templates")."""
    packaged = resources.files("qingdan") / name
    if packaged.is_dir():
        return Path(str(packaged))
    source = _editable_source()
    if source is not None and (source / name).is_dir():
        return source / name
    raise QingdanError(f"找不到 qingdan 自带的 {name}/ 目录，安装可能不完整，请重新安装 qingdan")


def _editable_source() -> Path | None:
    try:
        record = metadata.distribution("qingdan").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not record:
        return None
    info = json.loads(record)
    url = urlparse(info.get("url", ""))
    if url.scheme != "file" or not info.get("dir_info", {}).get("editable"):
        return None
    return Path(unquote(url.path))
