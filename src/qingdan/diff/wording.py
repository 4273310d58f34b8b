"""The Chinese words the diff's messages share: values as words, quoted values, and what changed in a list.

The names of fields are qingdan.labels' (`field_name`), shared with the 新旧对照表.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qingdan.changes import Change
from qingdan.diff.match import line_delta
from qingdan.labels import DUTY_LISTS, chinese_date, field_name


def say(value: Any) -> str:
    """A value as words: "无" for nothing, a list joined with 、, a date as 2025年1月3日."""
    if value is None or value == "" or value == []:
        return "无"
    if isinstance(value, list | tuple):
        return "、".join(chinese_date(str(v)) for v in value)
    return chinese_date(str(value))


def quote(text: Any) -> str:
    """A value in 「」."""
    return f"「{say(text)}」"


def field_label(c: Change) -> str:
    """The Chinese name of the changed field (its first part), else the field as written."""
    return field_name(c.field.split(".")[0], c.list)


def renamed(c: Change) -> str:
    """「old」更名为「new」, or, where only the id changed, what it changed from and to."""
    if c.old_title:
        return f"{quote(c.old_title)}更名为{quote(c.title)}"
    return f"{quote(c.title)}{new_id(c)}"


def renamed_bare(c: Change) -> str:
    """As `renamed`, for names that read without 「」 (departments, offices)."""
    return f"{c.old_title}更名为{c.title}" if c.old_title else f"{c.title}{new_id(c)}"


def new_id(c: Change) -> str:
    """的标识由「old」改为「new」."""
    return f"的标识由「{c.old_key}」改为「{c.key}」"


def delta_words(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    """How a list of duties changed: 新增 n 条、删去 n 条、修改 n 条, or 调整顺序."""
    added, dropped, reworded = line_delta(old, new)
    parts = [f"{w} {n} 条" for w, n in (("新增", added), ("删去", dropped), ("修改", reworded)) if n]
    return "、".join(parts) or "调整顺序"


def set_delta(old: Sequence[str] | None, new: Sequence[str] | None) -> str:
    """What joined and left a set of names: 增加…，去掉…; "" when only the order changed."""
    old, new = old or [], new or []
    added = [x for x in new if x not in old]
    dropped = [x for x in old if x not in new]
    parts = [f"增加{say(added)}"] if added else []
    parts += [f"去掉{say(dropped)}"] if dropped else []
    return "，".join(parts)


def list_counts(counts: Any) -> str:
    """The size of each of the three lists of a 履行职责事项清单."""
    counts = counts if isinstance(counts, dict) else {}
    return "，".join(f"{name} {counts.get(name, 0)} 项" for name in DUTY_LISTS.values())
