"""Department names as written in sheets → department ids, by full name, short name, alias or prefix-stripped form.

Lists name a department the way people say it: 市教体局, 县卫健委, 区住建局, 市场监管局. A cell is
matched, in this order, against the names in departments.yaml (full name, short name, aliases),
those names without the jurisdiction's name or with 市/县/区 in front instead of it, the same
with the joining 和 dropped (住房城乡建设局 = 住房和城乡建设局), and last through `ABBREVIATIONS`:
groups of names that real lists use for one department. A name that matches no department, or
whose abbreviation fits two, matches nothing; the importer then reports it with the closest
departments (`candidates`) instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from qingdan.model import TOWNSHIP, DataSet, Department
from qingdan.similarity import name_ratio

# what a cell says when the party is the township itself (乡镇（街道）), compared after `key`
TOWNSHIP_NAMES = frozenset(
    {
        "乡镇",
        "镇",
        "乡",
        "街道",
        "镇街",
        "乡镇街道",
        "乡镇(街道)",
        "乡镇(街)",
        "镇(街道)",
        "镇(街)",
        "乡(镇)",
        "乡(镇、街道)",
        "乡镇人民政府",
        "乡镇政府",
        "镇人民政府",
        "镇政府",
        "乡人民政府",
        "乡(镇)人民政府",
        "街道办事处",
        "街道办",
        "乡镇人民政府(街道办事处)",
        "乡镇(街道)人民政府",
        "镇(街道)人民政府",
        "乡镇党委政府",
        "乡镇(街道)党委政府",
        "镇街党委政府",
    }
)
# words in front of a township name that still mean the township: 各乡镇, 属地镇街, 所在地乡镇（街道）
_TOWNSHIP_PREFIXES = ("所在地", "所在", "属地", "辖区", "各")

# Names real lists write for one department, each group one department: a cell written with any
# name of a group matches the department whose own names include another name of the same group,
# when exactly one department does. Names are written without the 县/市/区 prefix; a joining 和 is
# ignored when comparing (发展改革局 = 发展和改革局), so each name is listed once. Only names that
# mean one department wherever they are used belong here: 自然资源局 is not 自然资源和规划局 in
# every county, and 环保局 was renamed rather than merged, so neither is listed.
ABBREVIATIONS: tuple[tuple[str, ...], ...] = (
    ("卫健委", "卫健局", "卫生健康委", "卫生健康委员会", "卫生健康局"),
    ("教体局", "教育和体育局"),
    ("住建局", "住房和城乡建设局"),
    ("住建委", "住房和城乡建设委员会"),
    ("市场监管局", "市场监督管理局", "市监局"),
    ("自规局", "资规局", "自然资源和规划局"),
    ("发改局", "发展和改革局"),
    ("发改委", "发展和改革委员会", "发展改革委"),
    ("经信局", "经济和信息化局"),
    ("工信局", "工业和信息化局"),
    ("科技局", "科学技术局"),
    ("人社局", "人力资源和社会保障局"),
    ("农业农村委", "农委", "农业农村委员会"),
    ("应急局", "应急管理局"),
    ("交通局", "交通运输局"),
    ("综合执法局", "综合行政执法局"),
    ("城管局", "城市管理局"),
    ("医保局", "医疗保障局"),
    ("林草局", "林业和草原局"),
    ("退役军人局", "退役军人事务局"),
    ("文旅局", "文化和旅游局"),
    ("文广旅局", "文化广电和旅游局"),
    ("文广旅体局", "文化广电旅游体育局"),
    ("民宗局", "民族宗教事务局"),
    ("粮储局", "粮食和物资储备局"),
    ("国资委", "国有资产监督管理委员会"),
    ("审批局", "行政审批局", "行政审批服务局"),
    ("消防大队", "消防救援大队"),
    ("残联", "残疾人联合会"),
    ("妇联", "妇女联合会"),
    ("供销社", "供销合作社", "供销合作社联合社"),
)
_LEVEL = ("市", "县", "区")
CANDIDATE_CUTOFF = 0.6  # how alike (difflib ratio of the bare names, 局/委 dropped) a department must be to be offered


def key(name: str) -> str:
    """The form names are compared in: no spaces, half-width parentheses, no trailing separators."""
    text = re.sub(r"\s+", "", name).replace("（", "(").replace("）", ")")
    return text.strip("、，,；;：:。")


def _fold(name: str) -> str:
    """A name with its joining 和 dropped: 住房和城乡建设局 → 住房城乡建设局 (never a leading 和)."""
    return name[:1] + name[1:].replace("和", "")


_GROUP = {_fold(name): i for i, group in enumerate(ABBREVIATIONS) for name in group}


def _core(name: str) -> str:
    """A name as candidates compare it: no joining 和, no trailing 局 / 委员会 … that every department shares."""
    core = re.sub(r"(?:委员会|办公室|局|委|办|分局)$", "", _fold(name))
    return core or _fold(name)


def is_township(name: str) -> bool:
    """True when a cell's name means the township: 乡镇（街道）, 镇街, 属地, 各乡镇, 乡镇人民政府 …"""
    text = key(name)
    if text in TOWNSHIP_NAMES or text == "属地":
        return True
    return any(text.startswith(p) and text[len(p) :] in TOWNSHIP_NAMES for p in _TOWNSHIP_PREFIXES)


class DepartmentIndex:
    """Look departments up by what people write: 青岚市农业农村局, 市农业农村局, 农业农村局, 农业局, 县卫健委 …"""

    def __init__(self, departments: Iterable[Department], jurisdiction: str = "") -> None:
        self._ids: dict[str, str] = {}
        self._groups: dict[int, set[str]] = {}  # abbreviation group -> the departments it may mean
        self._jurisdiction = key(jurisdiction)
        self._bare: dict[str, list[str]] = {}  # id -> its names without prefixes, for candidates
        self.names: dict[str, str] = {}  # id -> full name (the first department with that id)
        self.ids: set[str] = set()
        for dept in departments:
            self.ids.add(dept.id)
            self.names.setdefault(dept.id, dept.name)
            bare = self._bare.setdefault(dept.id, [])
            for name in (dept.name, dept.short_name, *dept.aliases):
                if not name:
                    continue
                for form in self._forms(key(name)):
                    self._ids.setdefault(_fold(form), dept.id)
                for form in (key(name), *self._stripped(key(name))):
                    if form not in bare:
                        bare.append(form)
                    if (group := _GROUP.get(_fold(form))) is not None:
                        self._groups.setdefault(group, set()).add(dept.id)
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
        forms = [text, *self._stripped(text)]
        for form in forms:
            if (found := self._ids.get(_fold(form))) is not None:
                return found
        for form in forms:
            group = _GROUP.get(_fold(form))
            if group is not None and len(ids := self._groups.get(group, set())) == 1:
                return next(iter(ids))
        return None

    def party(self, name: str) -> str | None:
        """Like `match`, but 乡镇（街道） and its variants mean `township`."""
        text = key(name)
        if is_township(text) or is_township(self._strip_jurisdiction(text)):
            return TOWNSHIP
        return self.match(name)

    def candidates(self, name: str, limit: int = 3) -> list[str]:
        """The ids of the departments most like `name` (bare names compared, abbreviations expanded), best first."""
        text = key(name)
        mine = [text, *self._stripped(text)]
        for form in list(mine):
            group = _GROUP.get(_fold(form))
            if group is not None:
                mine += [n for n in ABBREVIATIONS[group] if n not in mine]
        scored = []
        for order, (dept_id, forms) in enumerate(self._bare.items()):
            score = max((name_ratio(_core(a), _core(b), CANDIDATE_CUTOFF) for a in mine for b in forms), default=0.0)
            if score >= CANDIDATE_CUTOFF:
                scored.append((-score, order, dept_id))
        return [dept_id for _, _, dept_id in sorted(scored)[:limit]]

    def _forms(self, name: str) -> list[str]:
        """A name and the forms it is also written in: without the city's name, with 市 instead of it."""
        forms = [name]
        bare = self._strip_jurisdiction(name)
        if bare != name:
            forms += [bare, *(level + bare for level in _LEVEL)]
        return forms

    def _stripped(self, text: str) -> list[str]:
        """`text` without the jurisdiction's name, then without a 市/县/区 in front."""
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
