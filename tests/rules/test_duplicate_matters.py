"""QD103 duplicate-matters: the same matter twice under different ids."""

from __future__ import annotations

import difflib
import itertools
import random

from conftest import check
from qingdan.loader import load_dataset
from qingdan.project import Project
from qingdan.rules import duplicate_matters, run
from qingdan.rules.duplicate_matters import _similar


def _matters(domain: str, *rows: str) -> str:
    return f"domain: {{id: {domain}, name: {domain}}}\nmatters:\n" + "".join(f"  - {row}\n" for row in rows)


def _hits(root):
    return [(f.code, f.file, f.line, f.item) for f in check(root) if f.code == "QD103"]


def test_names_equal_after_normalising(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture",
                "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}",
                "{id: manure, name: 畜禽粪污资源化利用, lead: agriculture}",
                "{id: straw-burning-2, name: 秸秆禁烧 监管, lead: agriculture}",
                "{id: manure-2, name: 畜禽粪污的资源化利用。, lead: housing}",
                "{id: straw-burning-3, name: 秸秆「禁烧」监管, lead: housing}",
            ),
        }
    )
    assert _hits(root) == [
        ("QD103", "matters/agriculture.yaml", 5, "straw-burning-2"),
        ("QD103", "matters/agriculture.yaml", 6, "manure-2"),
        ("QD103", "matters/agriculture.yaml", 7, "straw-burning-3"),
    ]
    finding = next(f for f in check(root) if f.item == "straw-burning-3")
    assert [(r.file, r.line) for r in finding.related] == [("matters/agriculture.yaml", 3)]  # the first, not the second
    assert "「秸秆禁烧监管」" in finding.message and "名称相同" in finding.message


def test_near_names_across_files(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture", "{id: rural-waste, name: 农村生活垃圾分类收运处置监管, lead: agriculture}"
            ),
            "matters/urban-rural.yaml": _matters(
                "urban-rural",
                "{id: rural-waste-2, name: 农村生活垃圾分类收集处置监管, lead: housing}",  # one character: 0.93
                "{id: rural-sewage, name: 农村生活污水处理设施运行监管, lead: housing}",
            ),
        }
    )
    assert _hits(root) == [("QD103", "matters/urban-rural.yaml", 3, "rural-waste-2")]
    finding = next(f for f in check(root) if f.code == "QD103")
    assert [(r.file, r.line) for r in finding.related] == [("matters/agriculture.yaml", 3)]
    assert "名称相近" in finding.message


def test_one_name_inside_the_other_only_with_the_same_lead(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture",
                "{id: produce-quality, name: 农产品质量安全监管, lead: agriculture}",
                "{id: market-produce, name: 农贸市场食用农产品质量安全监管, lead: housing}",  # another lead: fine
                "{id: dog, name: 养犬监管, lead: housing}",
                "{id: dog-stray, name: 流浪犬及养犬监管, lead: [natural-resources, housing]}",
            ),
        }
    )
    assert _hits(root) == [("QD103", "matters/agriculture.yaml", 6, "dog-stray")]


def test_distinct_matters_pass(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture",
                "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}",
                "{id: straw-use, name: 秸秆综合利用, lead: agriculture}",
                "{id: livestock-pollution, name: 畜禽养殖污染防治, lead: agriculture}",
                "{id: livestock-patrol, name: 畜禽养殖污染巡查, lead: agriculture}",
            ),
        }
    )
    assert check(root) == []


def test_same_id_is_left_to_unique_ids(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture",
                "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}",
                "{id: straw-burning, name: 秸秆禁烧监管, lead: agriculture}",
            ),
        }
    )
    assert [f.code for f in check(root)] == ["QD101"]


def test_ratio_option(make_project):
    root = make_project(
        {
            "matters/agriculture.yaml": _matters(
                "agriculture",
                "{id: rural-waste, name: 农村生活垃圾分类收运处置监管, lead: agriculture}",
                "{id: rural-waste-2, name: 农村生活垃圾分类收集处置监管, lead: housing}",
            ),
        }
    )
    dataset, _ = load_dataset(Project.discover(root))
    assert [f.item for f in run(duplicate_matters, dataset, options={"ratio": 0.9})] == ["rural-waste-2"]
    assert [f.item for f in run(duplicate_matters, dataset, options={"ratio": 0.95})] == []


def test_similar_finds_exactly_the_pairs_difflib_finds():
    # the candidate index must never lose a pair that comparing all pairs would find
    rng = random.Random(3)
    alphabet = "农村土地建设安全生产管理监督检查"
    for _ in range(200):
        ratio = rng.choice([0.5, 0.7, 0.85, 0.9, 0.95])
        bases = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(6)]
        names = []
        for _ in range(30):
            chars = list(rng.choice(bases))
            for _ in range(rng.randint(0, 3)):  # insertions and deletions
                p = rng.randrange(len(chars) + 1)
                if rng.random() < 0.5:
                    chars.insert(p, rng.choice(alphabet))
                elif chars:
                    del chars[min(p, len(chars) - 1)]
            names.append("".join(chars))
        names = [n for n in dict.fromkeys(names) if n]
        grams = [{n[p : p + 2] for p in range(len(n) - 1)} for n in names]
        want = [
            (i, j)
            for i, j in itertools.combinations(range(len(names)), 2)
            if difflib.SequenceMatcher(None, names[i], names[j], autojunk=False).ratio() >= ratio
        ]
        assert sorted(_similar(names, grams, ratio)) == want, (ratio, names)
