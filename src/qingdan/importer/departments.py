"""Department names as written in sheets → department ids, by full name, short name, alias or prefix-stripped form."""

from __future__ import annotations

import re
from collections.abc import Iterable

from qingdan.model import TOWNSHIP, DataSet, Department

# what a cell says when the party is the township itself (乡镇（街道）)
TOWNSHIP_NAMES = frozenset(
    {
        "乡镇",
        "镇",
        "乡",
        "街道",
        "镇街",
        "乡镇街道",
        "乡镇(街道)",
        "镇(街道)",
        "镇(街)",
        "乡镇人民政府",
        "乡镇政府",
        "镇人民政府",
        "镇政府",
        "乡人民政府",
        "街道办事处",
        "街道办",
        "乡镇人民政府(街道办事处)",
        "乡镇(街道)人民政府",
        "属地乡镇",
        "属地乡镇(街道)",
        "各乡镇",
        "各乡镇(街道)",
        "各镇街",
    }
)
_LEVEL = ("市", "县", "区")


def key(name: str) -> str:
    """The form names are compared in: no spaces, half-width parentheses, no trailing separators."""
    text = re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")
    return text.strip("、，,；;：:。")


class DepartmentIndex:
    """Look departments up by what people write: 青岚市农业农村局, 市农业农村局, 农业农村局, 农业局 …"""

    def __init__(self, departments: Iterable[Department], jurisdiction: str = "") -> None:
        self._ids: dict[str, str] = {}
        self._jurisdiction = key(jurisdiction)
        self.ids: set[str] = set()
        for dept in departments:
            self.ids.add(dept.id)
            for name in (dept.name, dept.short_name, *dept.aliases):
                if name:
                    for form in self._forms(key(name)):
                        self._ids.setdefault(form, dept.id)
            self._ids.setdefault(key(dept.id), dept.id)

    @classmethod
    def from_dataset(cls, dataset: DataSet) -> DepartmentIndex:
        return cls(dataset.departments, dataset.edition.jurisdiction if dataset.edition else "")

    def __bool__(self) -> bool:
        return bool(self.ids)

    def match(self, name: str) -> str | None:
        """Return the id of the department `name` means, or None."""
        text = key(name)
        if not text:
            return None
        for form in (text, *self._stripped(text)):
            if form in self._ids:
                return self._ids[form]
        return None

    def party(self, name: str) -> str | None:
        """Like `match`, but 乡镇（街道） and its variants mean `township`."""
        text = key(name)
        if text in TOWNSHIP_NAMES or self._strip_jurisdiction(text) in TOWNSHIP_NAMES:
            return TOWNSHIP
        return self.match(name)

    def _forms(self, name: str) -> list[str]:
        """A name and the forms it is also written in: without the city's name, with 市 instead of it."""
        forms = [name]
        bare = self._strip_jurisdiction(name)
        if bare != name:
            forms += [bare, *(level + bare for level in _LEVEL)]
        return forms

    def _stripped(self, text: str) -> list[str]:
        out = []
        bare = self._strip_jurisdiction(text)
        if bare != text:
            out.append(bare)
        for level in _LEVEL:
            if bare.startswith(level) and len(bare) > len(level) + 1:
                out.append(bare[len(level) :])
        return out

    def _strip_jurisdiction(self, text: str) -> str:
        if self._jurisdiction and text.startswith(self._jurisdiction) and len(text) > len(self._jurisdiction):
            return text[len(self._jurisdiction) :]
        return text
