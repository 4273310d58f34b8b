"""Ids for imported records: pinyin of the name, unique in their scope."""

from __future__ import annotations

from qingdan.importer.ids import Ids, pinyin_id


def test_pinyin_ids():
    assert pinyin_id("养犬监管") == "yang-quan-jian-guan"
    assert pinyin_id("农村村民宅基地审批管理") == "nong-cun-cun-min-zhai-ji"  # at most six syllables
    assert pinyin_id("绿色GB50016（试行）") == "lv-se-gb50016-shi-xing"


def _new_row_id(name: str, taken: set[str]) -> str:
    """As a rendered workbook's new row gets its id."""
    return Ids(taken).take(pinyin_id(name, split_words=False))


def test_new_ids_are_pinyin_and_unique():
    taken = {"yang-quan-jian-guan"}
    assert _new_row_id("养犬监管", taken) == "yang-quan-jian-guan-2"
    assert _new_row_id("农村生活垃圾分类收运处置", set()) == "nong-cun-sheng-huo-la-ji"
    assert _new_row_id("ABC 检查", set()) == "abc-jian-cha"
    assert _new_row_id("？", set()) == "item"


def test_a_run_of_latin_words_is_one_syllable_only_without_split_words():
    assert pinyin_id("A B C D E F 检查") == "a-b-c-d-e-f"
    assert pinyin_id("A B C D E F 检查", split_words=False) == "a-b-c-d-e-f-jian-cha"


def test_ids_count_on_from_2_within_their_scope():
    ids = Ids()
    assert [ids.take("yang-quan"), ids.take("yang-quan"), ids.take("yang-quan")] == [
        "yang-quan",
        "yang-quan-2",
        "yang-quan-3",
    ]
    assert ids.take("", fallback="unknown") == "unknown"
    assert ids.take("a" * 70) == "a" * 60
