"""What the shell offers on Tab: rule codes, file kinds, document names, formats and the ids in the data set.

Each function takes what typer passes an `autocompletion` callback (the context and the word
typed so far; typer vendors click, so the context's type is not imported here) and returns
(value, help) pairs. Completion must never fail loudly: a data set that cannot be found or
read simply offers nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qingdan.codes import BUILTIN
from qingdan.project import LAYOUT
from qingdan.render import FORMATS as RENDER_FORMATS
from qingdan.render.documents import KINDS as DOCUMENTS
from qingdan.report.rules_doc import title
from qingdan.rules import RULES
from qingdan.text import printable

Offer = list[tuple[str, str]]


def _starting(pairs: Iterable[tuple[str, str]], incomplete: str) -> Offer:
    # ids and names come from the data set: the shell prints them, so no control character goes with them
    typed = incomplete.casefold()
    return [(printable(value), printable(text)) for value, text in pairs if value.casefold().startswith(typed)]


def rule_codes(ctx: Any, incomplete: str) -> Offer:
    """QD001 … QD707: the built-in checks and the rules, with their titles."""
    pairs = [(c.code, c.title) for c in BUILTIN.values()]
    pairs += [(r.CODE, title(r)) for r in RULES.values()]
    return _starting(sorted(pairs), incomplete)


def file_kinds(ctx: Any, incomplete: str) -> Offer:
    return _starting(((kind, "、".join(LAYOUT[kind])) for kind in LAYOUT), incomplete)


def documents(ctx: Any, incomplete: str) -> Offer:
    return _starting(((name, kind.title) for name, kind in DOCUMENTS.items()), incomplete)


def structures(ctx: Any, incomplete: str) -> Offer:
    """The structure templates `qingdan init` ships, by id and by Chinese name."""
    from qingdan.resources import shipped_dir
    from qingdan.scaffold import load_templates

    templates = load_templates(shipped_dir("templates") / "init")
    pairs = [(t.id, t.name) for t in templates] + [(t.name, t.id) for t in templates]
    return _starting(pairs, incomplete)


def render_formats(ctx: Any, incomplete: str) -> Offer:
    """The formats, all of them (all), and after a comma the formats not yet listed: site,do<Tab> -> site,docx."""
    done, _, last = incomplete.rpartition(",")
    if not done:
        return _starting([*((name, f.title) for name, f in RENDER_FORMATS.items()), ("all", "全部格式")], last)
    typed = done.split(",")
    rest = ((f"{done},{name}", f.title) for name, f in RENDER_FORMATS.items() if name not in typed)
    return _starting(rest, incomplete)


def townships(ctx: Any, incomplete: str) -> Offer:
    """The townships of the data set found from the current folder upwards (as `qingdan validate` finds it).

    Click does not parse the arguments typed before an option that is being completed, so PATH
    or --data on the same line cannot be used here.
    """
    from qingdan.errors import QingdanError
    from qingdan.loader import load_dataset
    from qingdan.project import Project

    try:
        dataset, _ = load_dataset(Project.discover(None))
    except (QingdanError, OSError):
        return []
    return _starting(((t.id, t.name) for t in dataset.townships), incomplete)
