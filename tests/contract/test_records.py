import pytest

from contract.records import RecordInvalid, validate_id, validate_record

ARTICLE = {
    "id": "a-divorce-1",
    "category_id": "marriage",
    "title": "协议离婚怎么办",
    "summary": "双方自愿离婚时的办理步骤。",
    "body": "第一步……\n第二步……",
    "tags": ["离婚", "婚姻"],
    "law_refs": [{"law": "中华人民共和国民法典", "article": "第一千零七十六条"}],
    "updated_at": "2026-11-01T09:00:00+08:00",
}

INSTITUTION = {
    "id": "inst-1",
    "type": "legal_aid",
    "name": "示例区法律援助中心",
    "address": "示例路 1 号",
    "lat": 30.8,
    "lng": 104.1,
    "datum": "gcj02",
    "services": ["法律援助申请"],
    "updated_at": "2026-11-01T09:00:00+08:00",
}


def test_valid_article_is_cleaned():
    cleaned = validate_record("articles", ARTICLE)
    assert cleaned["title"] == "协议离婚怎么办"
    assert cleaned["media"] == []
    assert cleaned["status"] == "published"


def test_valid_institution_keeps_its_datum():
    assert validate_record("institutions", INSTITUTION)["datum"] == "gcj02"


@pytest.mark.parametrize(
    ("collection", "change", "field"),
    [
        ("articles", {"title": ""}, "articles.title"),
        ("articles", {"title": "x" * 500}, "articles.title"),
        ("articles", {"title": "a\x00b"}, "articles.title"),
        ("articles", {"tags": "离婚"}, "articles.tags"),
        ("articles", {"updated_at": "yesterday"}, "articles.updated_at"),
        ("articles", {"updated_at": "2026-11-01T09:00:00"}, "articles.updated_at"),
        ("articles", {"id": "../etc"}, "articles.id"),
        ("articles", {"status": "draft"}, "articles.status"),
        ("articles", {"colour": "red"}, "articles.colour"),
        ("articles", {"law_refs": [{"law": ""}]}, "articles.law_refs"),
        ("institutions", {"lat": 91}, "institutions.lat"),
        ("institutions", {"lat": float("nan")}, "institutions.lat"),
        ("institutions", {"type": "bank"}, "institutions.type"),
        ("institutions", {"datum": "mars"}, "institutions.datum"),
    ],
)
def test_bad_records_are_refused_with_the_field_named(collection, change, field):
    base = ARTICLE if collection == "articles" else INSTITUTION
    with pytest.raises(RecordInvalid, match=field.replace(".", r"\.")):
        validate_record(collection, {**base, **change})


def test_duty_hours_are_checked():
    adviser = {
        "id": "adv-1",
        "name": "示例律师",
        "serves": ["示例村"],
        "updated_at": "2026-11-01T09:00:00+08:00",
    }
    ok = validate_record(
        "advisers", {**adviser, "duty_hours": [{"weekday": 4, "start": "14:00", "end": "17:30"}]}
    )
    assert ok["duty_hours"] == [{"weekday": 4, "start": "14:00", "end": "17:30"}]
    with pytest.raises(RecordInvalid, match="before end"):
        validate_record(
            "advisers",
            {**adviser, "duty_hours": [{"weekday": 4, "start": "18:00", "end": "17:30"}]},
        )
    with pytest.raises(RecordInvalid, match="weekday"):
        validate_record(
            "advisers",
            {**adviser, "duty_hours": [{"weekday": 7, "start": "08:00", "end": "09:00"}]},
        )


def test_media_and_delete_ids():
    sha = "a" * 64
    assert validate_record("media", {"id": sha, "mime": "image/png", "size": 10})["id"] == sha
    with pytest.raises(RecordInvalid):
        validate_record("media", {"id": "abc", "mime": "image/png", "size": 10})
    assert validate_id("articles", "a-1") == "a-1"
    with pytest.raises(RecordInvalid):
        validate_id("media", "not-a-hash")
    with pytest.raises(RecordInvalid):
        validate_record("secrets", {})


SYNONYM = {
    "id": "syn-1",
    "word": "工钱",
    "targets": ["工资", "欠薪"],
    "article_id": "",
    "weight": 0.8,
    "updated_at": "2026-12-03T09:00:00+08:00",
}


def test_a_synonym_maps_a_word_to_content_words_or_a_guide():
    assert validate_record("synonyms", SYNONYM) == SYNONYM
    to_guide = validate_record(
        "synonyms", {**SYNONYM, "targets": [], "article_id": "labour-unpaid-wages"}
    )
    assert to_guide["article_id"] == "labour-unpaid-wages"
    defaulted = {k: v for k, v in SYNONYM.items() if k not in ("weight", "article_id")}
    assert validate_record("synonyms", defaulted)["weight"] == 0.9
    assert validate_record("synonyms", {**SYNONYM, "word": " GongQian "})["word"] == "gongqian"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"word": ""}, "word", "synonym_word"),
        ({"word": "工 钱"}, "word", "synonym_word"),
        ({"word": "[b]工钱[/b]"}, "word", "synonym_word"),
        ({"word": "工" * 21}, "word", "synonym_word"),
        ({"word": 7}, "word", "text"),
        ({"targets": [], "article_id": ""}, "targets", "synonym_target"),
        ({"targets": ["工资"] * 11}, "targets", "list"),
        ({"targets": ["工资,欠薪"]}, "targets", "synonym_word"),
        ({"targets": "工资"}, "targets", "list"),
        ({"article_id": "../x"}, "article_id", "ident"),
        ({"weight": 0}, "weight", "between"),
        ({"weight": 2}, "weight", "between"),
        ({"weight": True}, "weight", "number"),
        ({"extra": 1}, "extra", "unknown_field"),
    ],
)
def test_bad_synonyms_are_refused_with_field_and_reason(change, field, reason):
    with pytest.raises(RecordInvalid) as caught:
        validate_record("synonyms", {**SYNONYM, **change})
    assert (caught.value.field, caught.value.reason) == (field, reason)
