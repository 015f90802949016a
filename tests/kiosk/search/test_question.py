"""How a resident's question becomes groups of terms (kiosk.search.question)."""

import pytest

from contract.search_words import SEED_SYNONYMS
from kiosk.search.question import HIDDEN_WORD_WEIGHT, Group, _add_hidden_words, parse_question


def words(question):
    return [g.word for g in question.groups]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("工伤怎么办", ["工伤"]),
        ("我被辞退了能不能要补偿呢", ["辞退", "补偿"]),
        ("请问离婚冷静期是多久啊", ["离婚", "冷静", "期"]),
        ("怎么办", []),
        ("的了吗呢我被", []),
    ],
)
def test_question_frames_and_function_words_are_dropped(query, expected):
    assert words(parse_question(query, {})) == expected


def test_a_word_keeps_the_shorter_words_inside_it_as_weaker_terms():
    (group,) = parse_question("交通事故", {}).groups
    assert group.terms["交通事故"] == 1.0
    assert 0 < group.terms["事故"] < 1.0


def test_synonyms_add_the_content_words_with_their_weights():
    (group,) = parse_question("工钱", SEED_SYNONYMS).groups
    assert group.terms["工钱"] == 1.0
    assert group.terms["工资"] == SEED_SYNONYMS["工钱"]["工资"]


def test_a_synonym_phrase_is_found_inside_a_sentence():
    question = parse_question("朋友借钱不还怎么办", SEED_SYNONYMS)
    assert "借钱不还" in words(question)
    assert "欠钱不还" in next(g for g in question.groups if g.word == "借钱不还").terms


def test_single_characters_and_numbers_count_less_unless_they_are_the_whole_question():
    question = parse_question("工资拖了三个月", {})
    kinds = {g.word: (g.kind, g.main) for g in question.groups}
    assert kinds["工资"] == ("word", True)
    assert kinds["拖"] == ("single", True)
    assert all(kind != "number" or not main for kind, main in kinds.values())
    (alone,) = parse_question("薪", {}).groups
    assert alone.main and alone.kind == "single"
    (number,) = parse_question("12348", {}).groups
    assert number.main and number.kind == "number"


def test_content_words_hidden_in_an_unknown_word_become_its_terms():
    """jieba's HMM can join characters into a word no dictionary has: look inside it."""
    group = Group("打欠条子", "word")
    group.add("打欠条子", 1.0)
    _add_hidden_words([group], lambda c: {"欠条", "条子"} & set(c))
    assert group.terms == {"打欠条子": 1.0, "欠条": HIDDEN_WORD_WEIGHT, "条子": HIDDEN_WORD_WEIGHT}
    known = Group("宅基地", "word")
    known.add("宅基地", 1.0)
    _add_hidden_words([known], lambda c: {"宅基地", "基地"} & set(c))
    assert known.terms == {"宅基地": 1.0}


def test_negations_stick_only_to_words_the_content_lacks():
    assert words(parse_question("没发", {})) == ["发"]
    kept = parse_question("不得", {}, known_words=lambda c: {"不得"} & set(c))
    assert words(kept) == ["不得"]


def test_phrases_are_the_runs_as_typed():
    assert parse_question("离婚冷静期 工资", {}).phrases == ["离婚冷静期", "工资"]


@pytest.mark.parametrize("query", [None, 3, b"x", ["工资"], "", "😀", "\x00", "离" * 10_000])
def test_any_input_gives_a_bounded_question(query):
    question = parse_question(query, SEED_SYNONYMS)
    assert len(question.groups) <= 8
    assert all(len(g.terms) <= 6 for g in question.groups)
