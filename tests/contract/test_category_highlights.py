"""A category's ``hot_questions`` and ``popular``: optional lists, validated where data enters."""

import pytest

from contract.records import MAX_HIGHLIGHTS, MAX_HOT_QUESTION, RecordInvalid, validate_record

CATEGORY = {"id": "labour", "name": "劳动就业", "name_en": "Work", "icon": "", "sort": 2}


def test_a_record_from_before_the_lists_still_validates_with_empty_lists():
    assert validate_record("categories", CATEGORY) == {
        **CATEGORY,
        "hot_questions": [],
        "popular": [],
    }


def test_lists_are_kept_in_order_and_trimmed():
    record = {
        **CATEGORY,
        "hot_questions": [" 老板拖欠工资怎么办 ", "[b]加班费[/b]怎么算", "工" * MAX_HOT_QUESTION],
        "popular": ["labour-unpaid-wages", "labour-injury"],
    }
    cleaned = validate_record("categories", record)
    assert cleaned["hot_questions"] == ["老板拖欠工资怎么办", "[b]加班费[/b]怎么算", "工" * 40]
    assert cleaned["popular"] == ["labour-unpaid-wages", "labour-injury"]
    assert validate_record("categories", {**record, "hot_questions": None})["hot_questions"] == []


@pytest.mark.parametrize(
    ("field", "value", "reason", "values"),
    [
        ("hot_questions", "拖欠工资", "list", {"n": MAX_HIGHLIGHTS}),
        ("hot_questions", [f"问题{n}" for n in range(7)], "list", {"n": 6}),
        ("hot_questions", ["工" * 41], "hot_question", {"n": 40}),
        ("hot_questions", ["  "], "hot_question", {"n": 40}),
        ("hot_questions", [3], "hot_question", {"n": 40}),
        ("hot_questions", ["两行\n问题"], "hot_question", {"n": 40}),
        ("hot_questions", ["回车\r问题"], "hot_question", {"n": 40}),
        ("hot_questions", ["分段\u2029问题"], "hot_question", {"n": 40}),
        ("hot_questions", ["响铃\x07"], "hot_question", {"n": 40}),
        ("hot_questions", ["拖欠工资", " 拖欠工资"], "duplicate", {}),
        ("popular", "art-1", "id_list", {"n": 6}),
        ("popular", [f"art-{n}" for n in range(7)], "id_list", {"n": 6}),
        ("popular", ["not an id"], "id_list", {"n": 6}),
        ("popular", [{"id": "art-1"}], "id_list", {"n": 6}),
        ("popular", ["art-1", "art-1"], "duplicate", {}),
    ],
)
def test_bad_lists_are_refused_with_field_and_reason(field, value, reason, values):
    with pytest.raises(RecordInvalid) as caught:
        validate_record("categories", {**CATEGORY, field: value})
    assert (caught.value.field, caught.value.reason, caught.value.values) == (field, reason, values)
