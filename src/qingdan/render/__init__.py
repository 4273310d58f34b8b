"""Render the published documents: `FORMATS`, one writer per format over the table model of documents.py.

`render_files(dataset, to, ...)` returns {relative file name: bytes}; the CLI writes them.
`FORMATS` names every format with its writer; `epoch(dataset)` is the one clock a render reads.
Markdown and HTML come straight from templates; Word and Excel are laid out by their
writers from the same document tables, with every text a template can override.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

from jinja2 import Environment

from qingdan.errors import QingdanError
from qingdan.model import DataSet
from qingdan.render.documents import KINDS, Document, build
from qingdan.render.templates import environment, render_template, safe_stem

__all__ = ["FORMATS", "Format", "environment", "epoch", "render_files", "render_one", "safe_stem"]

Write = Callable[[DataSet, list[Document], Environment, int], dict[str, bytes]]


def render_files(
    dataset: DataSet,
    to: str,
    env: Environment,
    kinds: list[str] | None = None,
    township: str | None = None,
    epoch: int = 0,
    progress: Callable[[int, int], None] | None = None,
    draft: str = "",
) -> dict[str, bytes]:
    """Render the chosen documents in one format; return {relative file name: content}.

    `progress(done, total)` is called after each document (the site is one step); `draft` is the
    mark every page carries ("" for a publishable render, see qingdan.gate).
    """
    if to not in FORMATS:
        raise QingdanError(f"没有「{to}」这种格式；可选：{'、'.join(FORMATS)}")
    unknown = [k for k in kinds or () if k not in KINDS]
    if unknown:
        raise QingdanError(f"没有「{unknown[0]}」这份文件；运行 qingdan render --list 查看全部")
    if township:
        township = dataset.index.township_id(township)
    documents = [replace(d, draft=draft) for d in build(dataset, kinds, township)]
    writer = FORMATS[to].write
    if FORMATS[to].whole:
        files = writer(dataset, documents, env, epoch)
        if progress:
            progress(1, 1)
        return files
    files: dict[str, bytes] = {}
    for n, doc in enumerate(documents, start=1):
        files.update(writer(dataset, [doc], env, epoch))
        if progress:
            progress(n, len(documents))
    return dict(sorted(files.items()))


def render_one(dataset: DataSet, to: str, env: Environment, document: Document, epoch: int = 0) -> dict[str, bytes]:
    """Render a document built elsewhere (e.g. the diff's 新旧对照表) with the same writers."""
    if to not in FORMATS or FORMATS[to].whole:
        raise QingdanError(f"这份文件不能生成为「{to}」")
    return FORMATS[to].write(dataset, [document], env, epoch)


def epoch(dataset: DataSet) -> int:
    """The time a render stamps on its files: SOURCE_DATE_EPOCH, else the edition's effective date, else 1980-01-01.

    SOURCE_DATE_EPOCH is the reproducible-builds convention; 1980-01-01 is the earliest time a zip can hold.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        day = dt.date.fromisoformat(dataset.edition.effective_date)
    except (AttributeError, ValueError):
        day = dt.date(1980, 1, 1)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _markup(suffix: str) -> Write:
    def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
        return {
            f"{safe_stem(d.stem)}.{suffix}": render_template(env, f"{suffix}/document.{suffix}.j2", doc=d).encode()
            for d in documents
        }

    return write


def _module(name: str) -> Write:
    """The `write` of a binary format's own module, imported when first used: python-docx and openpyxl cost
    start-up time that `render --to md` and every other command need not pay."""

    def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
        return importlib.import_module(name).write(dataset, documents, env, epoch)

    return write


@dataclass(frozen=True, slots=True)
class Format:
    """A format `qingdan render --to` writes."""

    title: str  # what the format is, in Chinese, beside its name on Tab
    write: Write  # `write(dataset, documents, env, epoch) -> {file: bytes}`
    whole: bool = False  # written from all documents at once (the site), not one document at a time


# in the order the help lists them
FORMATS: dict[str, Format] = {
    "md": Format("Markdown", _markup("md")),
    "html": Format("HTML", _markup("html")),
    "docx": Format("Word（公文格式）", _module("qingdan.render.docx")),
    "xlsx": Format("Excel", _module("qingdan.render.xlsx")),
    "site": Format("静态网站", _module("qingdan.render.site"), whole=True),
}
