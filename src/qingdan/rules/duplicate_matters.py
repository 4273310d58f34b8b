"""重复事项：同一个事项用不同的标识列了两次

发现什么：两个标识不同的属地管理事项，名称去掉空格和标点、统一全角半角、忽略“的”“和”之后相同，
或者几乎相同（相似度不低于 0.9），或者一个名称包含另一个名称而且两者的主体责任部门相同。
每组重复只在后出现的事项上报一次，并指向先出现的那一个。

为什么重要：一张清单里同一件事出现两次，往往是合并各部门报送的表格时留下的。两行的职责、依据和联系人
迟早会写得不一样，乡镇和部门各执一行，就说不清到底该按哪一行办；统计“乡镇承担主体责任事项多少项”时
也会多算。清单要做到“一事一条”，每个事项只有一个标识，`qingdan diff` 才能跨版本追踪它。

怎样修改：确是同一事项的，把两行的部门职责、乡镇职责和依据合并到一条里，删去另一条；不是同一事项的，
把名称写得能够区分（写明对象、范围或环节，例如“农贸市场食用农产品质量安全监管”）。相似度的门槛可以在
qingdan.yaml 中用 `settings.rules.duplicate-matters.ratio` 调整。

Fails:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}
      - {id: straw-burning-ban, name: 秸秆 禁烧监管, lead: agriculture}
Passes:
    # matters/agriculture.yaml
    domain: {id: agriculture, name: 农业农村}
    matters:
      - {id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}
      - {id: straw-utilization, name: 秸秆综合利用, lead: agriculture}
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from qingdan import similarity
from qingdan.findings import Severity
from qingdan.model import DataSet
from qingdan.rules._base import Hit, locate
from qingdan.similarity import bigrams, name_key

CODE = "QD103"
ID = "duplicate-matters"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, Any] = {"ratio": 0.9}

_PIECE = 3  # characters in a piece of the similarity index


def check(dataset: DataSet, options: Mapping[str, Any]) -> Iterator[Hit]:
    ratio = float(options.get("ratio", OPTIONS["ratio"]))
    named = [(m, name) for m in dataset.matters if m.id for name in (name_key(m.name),) if name]
    matters = [m for m, _ in named]
    members: dict[str, list[int]] = defaultdict(list)  # normal name -> its matters, in order
    for j, (_, name) in enumerate(named):
        members[name].append(j)
    unique = list(members)
    first = [members[name][0] for name in unique]
    grams = [bigrams(name) for name in unique]

    exact: dict[int, int] = {}  # later -> earliest earlier matter
    near: dict[int, int] = {}

    def offer(found: dict[int, int], i: int, j: int) -> None:
        i, j = min(i, j), max(i, j)
        if matters[i].id != matters[j].id and (j not in found or i < found[j]):
            found[j] = i

    for group in members.values():
        for j in group[1:]:
            offer(exact, group[0], j)
    if 0 < ratio <= 1:
        for u, v in _similar(unique, grams, ratio):
            offer(near, first[u], first[v])
    position = {name: u for u, name in enumerate(unique)}
    for i, j in _contained(unique, grams, [(m.leads, position[name]) for m, name in named]):
        offer(near, i, j)

    for j in sorted({*exact, *near}):
        i = exact.get(j, near.get(j))
        later, earlier = matters[j], matters[i]
        where = locate(earlier.at.child("name"))
        how = "相同" if j in exact else "相近"
        yield Hit(
            later.at.child("name"),
            f"事项「{later.name}」与 {where.file}:{where.line} 的「{earlier.name}」（{earlier.id}）名称{how}，"
            "可能是同一事项列了两次；是同一事项请合并为一条，不是请把名称写得能够区分",
            item=later.id,
            related=(earlier.at.child("name"),),
        )


def _similar(names: Sequence[str], grams: Sequence[frozenset[str]], ratio: float) -> Iterator[tuple[int, int]]:
    """Yield the pairs (i, j), i < j, of distinct names whose difflib ratio is at least `ratio`.

    Candidates come from an index of name pieces, not from all pairs. With n and m the
    lengths, a ratio of r leaves at most d = n + m - 2·matches <= (1 - r)(n + m) unmatched
    characters (or gaps), and each spoils at most one piece of a name cut into pieces. So if
    a name has more than d pieces, any d + 1 of them include one that appears whole in the
    other name, shifted by at most d (pigeonhole, as in partition-based edit-distance
    joins): each name is indexed by its d + 1 rarest pieces only, cut as long as its length
    allows. Names too short for any cut are compared with every name of a fitting length.
    """
    slack = 1e-9  # round the bounds outwards

    def allowed(n: int, m: int) -> int:  # the most unmatched characters two names may have
        return math.floor((1 - ratio) * (n + m) + slack)

    def fits(n: int) -> range:  # the lengths of the names that may be this similar to one of length n
        return range(math.ceil(n * ratio / (2 - ratio) - slack), math.floor(n * (2 - ratio) / ratio + slack) + 1)

    most, size = {}, {}  # by length: the most unmatched characters, the piece size (0: too short to cut)
    for n in {len(name) for name in names}:
        most[n] = allowed(n, fits(n)[-1])
        size[n] = next((p for p in range(_PIECE, 0, -1) if n // p > most[n]), 0)
    widths = {n: {size.get(m) or 0 for m in fits(n)} - {0} for n in most}  # piece sizes of the partners
    broken = {n: {m: 2 * allowed(n, m) for m in fits(n)} for n in most}  # bigrams d unmatched can break
    cuts: list[list[tuple[str, int]]] = []  # each name's pieces and where they start
    for name in names:
        p = size[len(name)]
        cuts.append([(name[q : q + p], q) for q in range(0, len(name) - p + 1, p)] if p else [])
    common = Counter(piece for cut in cuts for piece, _ in cut)
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)  # piece -> earlier names, where it starts
    by_length: dict[int, list[int]] = defaultdict(list)
    loose: list[int] = []
    for k, name in enumerate(names):
        n = len(name)
        shift = most[n]
        if not shift:
            continue  # only an identical name could be this similar
        candidates: set[int] = set()
        for width in widths[n]:
            for q in range(n - width + 1):
                for i, start in index.get(name[q : q + width], ()):
                    if -shift <= q - start <= shift:
                        candidates.add(i)
        limits = broken[n]
        candidates.update(i for i in loose if len(names[i]) in limits)
        if not size[n]:
            candidates.update(i for m in limits for i in by_length.get(m, ()))
        mine = grams[k]
        for i in candidates:
            other = names[i]
            limit = limits.get(len(other))
            # a cheap bound first: each unmatched character breaks at most two bigrams of either name
            if limit is None or len(mine & grams[i]) < max(len(mine), len(grams[i])) - limit:
                continue
            if similarity.ratio(other, name, ratio) >= ratio:
                yield i, k
        if size[n]:
            for piece, start in sorted(cuts[k], key=lambda c: common[c[0]])[: shift + 1]:
                index[piece].append((k, start))
        else:
            loose.append(k)
        by_length[n].append(k)


def _contained(
    names: Sequence[str], grams: Sequence[frozenset[str]], matters: Sequence[tuple[tuple[str, ...], int]]
) -> Iterator[tuple[int, int]]:
    """Yield the pairs of matters (i, j), i < j, sharing a lead, where one name contains the other.

    `matters` gives each matter's leads and the index of its name in `names`. Only the
    first matter of each name under a lead is compared (the others are exact duplicates of
    it). Each name is filed under its rarest bigram; a name is then looked for only among
    the names filed under one of its own bigrams, which every name it contains is.
    """
    groups: dict[str, dict[int, int]] = defaultdict(dict)  # lead -> name -> its first matter
    for j, (leads, u) in enumerate(matters):
        for lead in leads:
            if lead:
                groups[lead].setdefault(u, j)
    frequency = Counter(itertools.chain.from_iterable(grams))
    rarest = [min(g, key=frequency.__getitem__) if g else "" for g in grams]
    for group in groups.values():
        filed: dict[str, list[int]] = defaultdict(list)
        for u in group:
            if rarest[u]:
                filed[rarest[u]].append(u)
        for v, j in group.items():
            name = names[v]
            for g in grams[v]:
                for u in filed.get(g, ()):
                    if u != v and names[u] in name:
                        i = group[u]
                        yield min(i, j), max(i, j)
