"""The record a semantic diff produces: one change, its stable kind and its level."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """How much a change matters to the people who work by the list (in the manner of oasdiff)."""

    BREAKING = "breaking"  # someone gains or loses responsibility, or an item disappears
    NOTABLE = "notable"  # the content of an item changes
    INFO = "info"  # wording, order, contacts

    @property
    def rank(self) -> int:
        return {Level.BREAKING: 3, Level.NOTABLE: 2, Level.INFO: 1}[self]

    @property
    def label(self) -> str:
        return {Level.BREAKING: "重大", Level.NOTABLE: "值得注意", Level.INFO: "一般"}[self]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two editions.

    `kind` is a stable kebab-case identifier (e.g. "matter-removed", "lead-to-township");
    `key` the item's id in the new edition (the old id for removals), per township
    "<township>/<id>"; `old`/`new` are plain JSON values (text, lists of text, numbers).
    """

    kind: str
    level: Level
    list: str  # matters / duties / powers / power-list / duty-list / townships / structures / departments / cases
    key: str
    title: str  # the item's Chinese name, for people
    message: str  # one Chinese sentence
    group: str = ""  # domain, area, township … for grouping in reports and the 新旧对照表
    field: str = ""  # dotted path of the changed field, "" for a whole item
    old: Any = None
    new: Any = None
    old_key: str = ""  # for renames and moves: the id in the old edition
    burden: bool = False  # puts a matter or duty on townships without an admission record
    related: tuple[str, ...] = ()  # e.g. the two offices merged into one
    old_title: str = ""  # the item's name in the old edition, where it differs
    old_group: str = ""  # the item's group in the old edition, where it differs (a matter moved domain)
    admission: tuple[str, str] = ("", "")  # a matter's admission record (批准文号) in the old and new edition
    township_leads: tuple[bool, bool] = (False, False)  # whether townships bear a matter's 主体责任, old and new
    # which way it moves work: "relieved" 乡镇减负, "reclaimed" 部门接回, "burdened" 乡镇加责, "" neither
    direction: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across runs: kind, list, keys and field — never the text of a message."""
        basis = json.dumps([self.kind, self.list, self.key, self.old_key, self.field], ensure_ascii=False)
        return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]

    def sort_key(self) -> tuple:
        return (self.list, self.group, self.key, self.kind, self.field)
