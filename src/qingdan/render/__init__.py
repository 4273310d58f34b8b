"""Render the published documents: `FORMATS`, one writer per format over the table model of documents.py.

`render_files(dataset, to, ...)` returns {relative file name: bytes}; the CLI writes them. `to` is
one format, a comma list or "all" (`formats(to)`): several formats go side by side, the site at
the top and every other format in a folder named after it, so that the site links the Word, PDF
and Excel files of each list. `FORMATS` names every format with its writer; `epoch(dataset)` is
the one clock a render reads.
Markdown and HTML come straight from templates; Word and Excel are laid out by their
writers from the same document tables, with every text a template can override.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace

from jinja2 import Environment

from qingdan.errors import QingdanError
from qingdan.model import DataSet
from qingdan.render.documents import KINDS, Document, build
from qingdan.render.templates import data_set_templates, environment, render_template, safe_stem
from qingdan.text import excerpt

__all__ = [
    "FORMATS",
    "Format",
    "data_set_templates",
    "environment",
    "epoch",
    "formats",
    "render_files",
    "render_one",
    "safe_stem",
]

Write = Callable[[DataSet, list[Document], Environment, int], dict[str, bytes]]


def render_files(
    dataset: DataSet,
    to: str,
    env: Environment,
    kinds: list[str] | None = None,
    township: str | None = None,
    epoch: int = 0,
    progress: Callable[[int, int], None] | None = None,
    downloads: Collection[str] = (),
    editable: bool = False,
    draft: str = "",
) -> dict[str, bytes]:
    """Render the chosen documents in one format, or several side by side; return {relative file name: content}.

    What is published carries no internal field (qingdan.disclosure); `editable` asks for the
    format's internal working copy instead (the Excel that `qingdan import` reads back).
    `progress(done, total)` is called after each document (the site is one step). `downloads`
    (for the site) names the files rendered beside it; `draft` is the mark every page carries
    ("" for a publishable render, see qingdan.gate).
    """
    chosen = formats(to)
    if editable:
        for name in chosen:
            if FORMATS[name].editable is None:
                which = "、".join(f"--to {n}" for n, f in FORMATS.items() if f.editable is not None)
                raise QingdanError(f"--editable 只能和 {which} 一起用（「{name}」没有内部编辑用的版本）")
    if len(chosen) > 1:
        return _side_by_side(dataset, chosen, env, kinds, township, epoch, progress, draft)
    to = chosen[0]
    unknown = [k for k in kinds or () if k not in KINDS]
    if unknown:
        raise QingdanError(f"没有「{unknown[0]}」这份文件；运行 qingdan render --list 查看全部")
    if township:
        township = dataset.index.township_id(township)
    documents = [replace(d, draft=draft) for d in build(dataset, kinds, township)]
    writer = (FORMATS[to].editable if editable else None) or FORMATS[to].write
    if FORMATS[to].whole:
        files = writer(dataset, documents, env, epoch, **({"downloads": downloads} if downloads else {}))
        if progress:
            progress(1, 1)
        return files
    files: dict[str, bytes] = {}
    for n, doc in enumerate(documents, start=1):
        files.update(writer(dataset, [doc], env, epoch))
        if progress:
            progress(n, len(documents))
    return dict(sorted(files.items()))


def formats(to: str) -> list[str]:
    """The formats `--to` names: one, a comma list, or "all"; in the order of `FORMATS`, the site last.

    The site goes last because it links the files the other formats wrote.
    """
    names = [n.strip() for n in to.split(",") if n.strip()]
    choices = f"{'、'.join(FORMATS)}，或用逗号分开的几种（如 site,docx,xlsx），或 all"
    if names == ["all"]:
        names = list(FORMATS)
    for name in names:
        if name not in FORMATS:
            raise QingdanError(f"没有「{name}」这种格式；可选：{choices}")
    if not names:
        raise QingdanError(f"没有指定格式；可选：{choices}")
    return sorted(set(names), key=lambda n: (FORMATS[n].links, list(FORMATS).index(n)))


def _side_by_side(
    dataset: DataSet,
    chosen: list[str],
    env: Environment,
    kinds: list[str] | None,
    township: str | None,
    epoch: int,
    progress: Callable[[int, int], None] | None,
    draft: str,
) -> dict[str, bytes]:
    """Several formats in one folder: each in `<format>/`, but the site at the top, linking the files beside it."""
    files: dict[str, bytes] = {}
    done = 0
    for n, to in enumerate(chosen):
        reached = [0]

        def step(
            i: int, total: int, before: int = done, left: int = len(chosen) - n - 1, reached: list[int] = reached
        ) -> None:
            reached[0] = i
            if progress:  # the formats still to come guessed as long as this one
                progress(before + i, before + total * (1 + left))

        if FORMATS[to].links:
            files.update(render_files(dataset, to, env, kinds, township, epoch, step, set(files), draft=draft))
        else:
            rendered = render_files(dataset, to, env, kinds, township, epoch, step, draft=draft)
            files.update({f"{to}/{name}": content for name, content in rendered.items()})
        done += reached[0]
    return dict(sorted(files.items()))


def render_one(dataset: DataSet, to: str, env: Environment, document: Document, epoch: int = 0) -> dict[str, bytes]:
    """Render a document built elsewhere (e.g. the diff's 新旧对照表) with the same writers."""
    if to not in FORMATS or FORMATS[to].whole:
        raise QingdanError(f"这份文件不能生成为「{to}」")
    return FORMATS[to].write(dataset, [document], env, epoch)


# the latest time a zip entry (Word, Excel) can hold: 2107-12-31 23:59:58, its 2-second steps
LATEST = int(dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC).timestamp())


def epoch(dataset: DataSet) -> int:
    """The time a render stamps on its files: SOURCE_DATE_EPOCH, else the edition's effective date, else 1980-01-01.

    SOURCE_DATE_EPOCH is the reproducible-builds convention, which asks a build to stop on a value it
    cannot use: anything but a whole number of seconds from 0 to LATEST is a QingdanError. An effective
    date past 2107 (surely mistyped; validate's schema reads it as a date) stamps LATEST, the time is
    only the files' metadata. 1980-01-01 is the earliest time a zip can hold.
    """
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given:
        if not given.isascii() or not given.isdigit() or len(given) > 12 or int(given) > LATEST:
            raise QingdanError(
                f"环境变量 SOURCE_DATE_EPOCH「{excerpt(given, 30)}」不能用：应为 0 到 {LATEST}"
                "（2107-12-31，Word 和 Excel 文件能记下的最晚时间）之间的整秒数"
            )
        return int(given)
    try:
        day = dt.date.fromisoformat(dataset.edition.effective_date)
    except (AttributeError, TypeError, ValueError):
        day = dt.date(1980, 1, 1)
    return min(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()), LATEST)


def _markup(suffix: str) -> Write:
    def write(dataset: DataSet, documents: list[Document], env: Environment, epoch: int) -> dict[str, bytes]:
        return {
            f"{safe_stem(d.stem)}.{suffix}": render_template(env, f"{suffix}/document.{suffix}.j2", doc=d).encode()
            for d in documents
        }

    return write


def _module(name: str, function: str = "write") -> Write:
    """A writer of a binary format's own module, imported when first used: python-docx and openpyxl cost
    start-up time that `render --to md` and every other command need not pay. Options (the site's
    `downloads`) are passed on."""

    def write(
        dataset: DataSet, documents: list[Document], env: Environment, epoch: int, **options: object
    ) -> dict[str, bytes]:
        return getattr(importlib.import_module(name), function)(dataset, documents, env, epoch, **options)

    return write


@dataclass(frozen=True, slots=True)
class Format:
    """A format `qingdan render --to` writes."""

    title: str  # what the format is, in Chinese, beside its name on Tab
    write: Write  # `write(dataset, documents, env, epoch) -> {file: bytes}`
    whole: bool = False  # written from all documents at once (the site, PDF), not one document at a time
    editable: Write | None = None  # `--editable`: an internal working copy with every field, never published
    # with other formats: written at the top of the folder, last, linking the files beside it (`downloads`)
    links: bool = False


# in the order the help lists them
FORMATS: dict[str, Format] = {
    "md": Format("Markdown", _markup("md")),
    "html": Format("HTML", _markup("html")),
    "docx": Format("Word（公文格式）", _module("qingdan.render.docx")),
    "xlsx": Format("Excel", _module("qingdan.render.xlsx"), editable=_module("qingdan.render.xlsx", "write_editable")),
    # the Word documents converted in one LibreOffice run, which starts once for all of them
    "pdf": Format("PDF（Word 经 LibreOffice 转换）", _module("qingdan.render.pdf"), whole=True),
    "site": Format("静态网站", _module("qingdan.render.site"), whole=True, links=True),
}
