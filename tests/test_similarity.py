"""The text-similarity primitives that diff's pairing, QD103 and `who` share."""

from __future__ import annotations

import difflib

import pytest

from qingdan.similarity import bigrams, grams, jaccard, name_key, name_ratio, normalise, ratio


def test_name_key():
    assert name_key("ＱＤ１ 秸秆（禁烧）、监管的和") == "qd1秸秆禁烧监管"
    assert name_key("村级集体“三资”监督管理") == "村级集体三资监督管理"


def test_normalise_drops_punctuation_and_folds_width_but_keeps_case_and_words():
    assert normalise("ＱＤ１ 秸秆（禁烧）、监管的和") == "QD1秸秆禁烧监管的和"
    # symbols go before widths are folded: the two normalisers differ on purpose
    assert (normalise("面积100㎡"), name_key("面积100㎡")) == ("面积100", "面积100m2")


def test_bigrams_and_grams():
    assert bigrams("秸秆禁烧") == {"秸秆", "秆禁", "禁烧"}
    assert bigrams("秸") == bigrams("") == frozenset()
    assert grams("秸，秆") == {"秸秆"}
    assert (grams("秸"), grams("、")) == ({"秸"}, frozenset())


def test_jaccard():
    assert jaccard(frozenset(), frozenset()) == 1.0
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("a", "b"), [("秸秆禁烧监管", "秸秆焚烧监管"), ("农村土地", "建设安全生产"), ("ab", "abcdefgh")]
)
@pytest.mark.parametrize("cutoff", [0.0, 0.5, 0.9])
def test_ratio_is_difflibs_at_or_above_the_cutoff_and_below_it_otherwise(a, b, cutoff):
    exact = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    got = ratio(a, b, cutoff)
    assert got == exact if exact >= cutoff else got < cutoff


def test_name_ratio_is_symmetric_and_one_for_equal_names():
    assert name_ratio("秸秆禁烧监管", "秸秆 禁烧 监管") == 1.0
    assert name_ratio("乡村建设办", "乡村规划建设办") == name_ratio("乡村规划建设办", "乡村建设办")
