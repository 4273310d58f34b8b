"""qingdan.terms: the synonyms and sounds `qingdan who` and the site's search both hear a query with."""

from __future__ import annotations

import re

from qingdan.terms import SYNONYMS, common_characters, expand, expansions, readings, sound_table, sounds_like


def test_everyday_words_become_the_lists_words():
    assert [expand(q) for q in ("养狗", "违建", "养 狗", "流浪狗", "烧秸秆", "秸秆")] == [
        "养犬",
        "违法建设",
        "养犬",
        "流浪犬",
        "秸秆焚烧",
        "秸秆",
    ]


def test_longer_words_are_replaced_first():
    order = [word for word, _ in expansions()]
    assert sorted(order) == sorted(SYNONYMS)
    assert order.index("流浪狗") < order.index("狗") and order.index("养狗") < order.index("狗")
    assert [len(w) for w in order] == sorted((len(w) for w in order), reverse=True)


def test_readings_are_toneless_and_every_one_of_a_heteronym():
    assert readings("秆") == readings("杆") == {"gan"}
    assert {"xing", "hang"} <= readings("行")
    assert readings("绿") >= {"lv"}
    assert readings("a") == readings("，") == readings("〇") == frozenset()


def test_same_sound_typos_are_heard_in_a_name():
    assert sounds_like("秸杆", "做好秸秆禁烧和露天焚烧垃圾巡查劝阻") == "秸秆"
    assert sounds_like("秸杆禁烧", "做好秸秆禁烧和露天焚烧垃圾巡查劝阻") == "秸秆禁烧"
    assert sounds_like("杨犬", "养犬监管") == "养犬"
    assert sounds_like("银杭", "银行网点") == "银行"  # any reading of 行


def test_what_is_not_heard():
    assert sounds_like("犬", "行政权力") == ""  # one syllable sounds like too much (犬 quan, 权 quan)
    assert sounds_like("秸杆a", "秸秆a") == ""  # only Chinese is heard
    assert sounds_like("秸杆禁烧", "秸秆露天焚烧") == ""  # the whole query, in one run
    assert sounds_like("养狗", "养犬") == ""  # different sounds: 狗 is the synonyms' work


def test_the_common_characters_are_gb2312():
    chars = common_characters()
    assert len(chars) == len(set(chars)) == 6763
    assert chars.index("啊") == 0 and chars.index("座") == 3754  # level 1 is its first 3,755, in pinyin order
    assert {"秸", "秆", "杆", "犬", "狗"} <= set(chars)


def test_the_sound_table_holds_the_common_characters_and_every_name_character():
    table = sound_table(["王喆负责", "<script>", "a[b]"])  # 喆 is not in GB 2312
    assert "喆" not in common_characters() and "喆" in table["zhe"]
    assert set(common_characters()) <= set("".join(table.values()))
    assert "杆" in table["gan"] and "秆" in table["gan"] and "行" in table["xing"] and "行" in table["hang"]
    # keys are readings and values Chinese characters only: the page builds a pattern from them
    assert all(re.fullmatch(r"[a-z]+", r) for r in table) and re.fullmatch(r"[\u4e00-\u9fff]+", "".join(table.values()))
    assert list(table) == sorted(table)
    assert sound_table(["王喆负责"]) == table, "the same names give the same table, whatever else they hold"
