"""The words that shape search: stopwords and the seed synonyms (contract.search_words)."""

import re

from contract.demo import load_demo_content
from contract.search_words import EDGE_CHARACTERS, SEED_SYNONYMS, STOPWORDS

WORD_RE = re.compile(r"^[0-9a-z\u4e00-\u9fff]{1,20}$")


def test_the_question_frames_and_function_words_of_the_issue_are_stopwords():
    assert {"了", "的", "我", "被", "怎么办", "怎么", "能不能", "吗", "呢"} <= STOPWORDS
    assert {ch for w in STOPWORDS for ch in w} >= EDGE_CHARACTERS


def test_no_subject_word_is_a_stopword():
    for word in ("工资", "离婚", "借条", "宅基地", "赡养", "孩子", "老人", "赔偿", "律师"):
        assert word not in STOPWORDS


def test_seed_synonyms_are_words_with_weights_and_no_stopword_keys():
    assert len(SEED_SYNONYMS) >= 200
    for word, targets in SEED_SYNONYMS.items():
        assert WORD_RE.match(word) and word not in STOPWORDS, word
        assert targets, word
        for target, weight in targets.items():
            assert WORD_RE.match(target), (word, target)
            assert 0 < weight <= 1, (word, target)


def test_every_seed_target_is_a_word_of_the_demo_guides():
    text = " ".join(
        " ".join([a["title"], a["summary"], a["body"], *a["tags"]])
        for a in load_demo_content()["articles"]
    )
    dead = sorted({t for m in SEED_SYNONYMS.values() for t in m if t not in text})
    assert dead == []


def test_the_seed_covers_every_area_the_issue_names():
    areas = [
        "工钱",
        "炒鱿鱼",
        "砸伤",
        "车祸",
        "打老婆",
        "欠钱",
        "不孝",
        "拆迁款",
        "霸凌",
        "免费律师",
        "被骗",
        "遗产",
        "邻居",
        "村干部",
        "过不下去",
        "押金",
        "房租",
    ]
    assert [a for a in areas if a not in SEED_SYNONYMS] == []
