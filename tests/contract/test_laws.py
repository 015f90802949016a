"""The law table and what the content model does with a guide's law references."""

from __future__ import annotations

from datetime import date

import pytest

from contract.laws import (
    KNOWN_LAWS,
    LAW_STATUSES,
    REPLACED_BY_CIVIL_CODE,
    Law,
    known_law,
    law_key,
)
from contract.records import RecordInvalid, validate_record

ARTICLE = {
    "id": "a-divorce-1",
    "category_id": "marriage",
    "title": "协议离婚怎么办",
    "body": "第一步……",
    "updated_at": "2026-11-01T09:00:00+08:00",
}


def article_with(*refs: dict, **fields) -> dict:
    return {**ARTICLE, "law_refs": list(refs), **fields}


def refs_of(*refs: dict) -> list[dict]:
    return validate_record("articles", article_with(*refs))["law_refs"]


def spellings(name: str) -> list[str]:
    return [
        name,
        f"《{name}》",
        f"中华人民共和国{name}",
        f"《中华人民共和国{name}》",
        f" 《 {name} 》 ",
    ]


# --- the table ----------------------------------------------------------------------------------


def test_every_entry_is_a_well_formed_fact():
    for key, law in KNOWN_LAWS.items():
        assert isinstance(law, Law)
        assert key == law_key(law.name) == law.name
        assert law.status in LAW_STATUSES, key
        date.fromisoformat(law.effective)
        assert (law.replaced_by is not None) == (law.status == "repealed"), key
        if law.replaced_by:
            assert KNOWN_LAWS[law.replaced_by].status != "repealed"


def test_the_civil_code_replaced_nine_laws_on_its_first_day():
    code = KNOWN_LAWS["民法典"]
    assert (code.status, code.effective) == ("in_force", "2021-01-01")
    assert sorted(REPLACED_BY_CIVIL_CODE) == sorted(
        [
            "婚姻法",
            "合同法",
            "物权法",
            "侵权责任法",
            "继承法",
            "民法通则",
            "民法总则",
            "担保法",
            "收养法",
        ]
    )
    for name in REPLACED_BY_CIVIL_CODE:
        assert KNOWN_LAWS[name] == Law(name, "repealed", "2021-01-01", replaced_by="民法典")


@pytest.mark.parametrize(
    ("name", "status", "effective"),
    [
        ("劳动合同法", "amended", "2013-07-01"),
        ("反家庭暴力法", "in_force", "2016-03-01"),
        ("法律援助法", "in_force", "2022-01-01"),
        ("消费者权益保护法", "amended", "2014-03-15"),
        ("农村土地承包法", "amended", "2019-01-01"),
        ("土地管理法", "amended", "2020-01-01"),
        ("人民调解法", "in_force", "2011-01-01"),
        ("道路交通安全法", "amended", "2021-04-29"),
        ("劳动法", "amended", "2018-12-29"),
        ("老年人权益保障法", "amended", "2018-12-29"),
        ("保障农民工工资支付条例", "in_force", "2020-05-01"),
        ("工伤保险条例", "amended", "2011-01-01"),
    ],
)
def test_laws_the_guides_cite(name, status, effective):
    law = known_law(name)
    assert law is not None and (law.status, law.effective) == (status, effective)


@pytest.mark.parametrize("spelling", spellings("婚姻法") + ["婚 姻 法", "〈婚姻法〉"])
def test_every_spelling_finds_the_same_law(spelling):
    assert law_key(spelling) == "婚姻法"
    assert known_law(spelling) is KNOWN_LAWS["婚姻法"]


def test_state_prefix_is_dropped_inside_a_title_too():
    name = "最高人民法院关于适用《中华人民共和国民法典》婚姻家庭编的解释（一）"
    assert known_law(name) is not None and known_law(name).effective == "2021-01-01"
    assert law_key("中华人民共和国") == "中华人民共和国"  # nothing else left: kept as it is
    assert known_law("没有这部法") is None


# --- validation of law_refs ---------------------------------------------------------------------


@pytest.mark.parametrize("name", REPLACED_BY_CIVIL_CODE)
@pytest.mark.parametrize("spell", range(5))
def test_a_guide_citing_a_repealed_law_is_refused(name, spell):
    spelling = spellings(name)[spell]
    with pytest.raises(RecordInvalid) as caught:
        refs_of(
            {"law": "中华人民共和国民法典", "article": "第一条"},
            {"law": spelling, "article": "第三条"},
        )
    error = caught.value
    assert (error.collection, error.field, error.reason) == ("articles", "law_refs", "repealed_law")
    assert error.values == {"law": name, "since": "2021-01-01", "replaced_by": "民法典"}


@pytest.mark.parametrize(
    "given", [{}, {"status": "in_force"}, {"status": "amended", "effective": "2001-04-28"}]
)
def test_a_known_repeal_wins_over_what_staff_typed(given):
    with pytest.raises(RecordInvalid) as caught:
        refs_of({"law": "婚姻法", "article": "", **given})
    assert caught.value.reason == "repealed_law"


def test_a_law_marked_repealed_is_refused_even_when_the_table_does_not_know_it():
    with pytest.raises(RecordInvalid) as caught:
        refs_of({"law": "示例管理办法", "article": "", "status": "repealed"})
    assert (caught.value.reason, caught.value.values) == (
        "repealed_law_unreplaced",
        {"law": "示例管理办法"},
    )


def test_status_and_date_are_filled_from_the_table():
    assert refs_of(
        {"law": "《中华人民共和国民法典》", "article": "第一千零七十九条"},
        {"law": "中华人民共和国劳动合同法", "article": "第八十二条"},
    ) == [
        {
            "law": "《中华人民共和国民法典》",
            "article": "第一千零七十九条",
            "status": "in_force",
            "effective": "2021-01-01",
        },
        {
            "law": "中华人民共和国劳动合同法",
            "article": "第八十二条",
            "status": "amended",
            "effective": "2013-07-01",
        },
    ]


def test_an_unknown_law_is_taken_as_in_force_without_a_date():
    assert refs_of({"law": "某某省物业管理条例"}) == [
        {"law": "某某省物业管理条例", "article": "", "status": "in_force", "effective": ""}
    ]


def test_what_staff_give_is_kept():
    given = {
        "law": "某某省物业管理条例",
        "article": "第五条",
        "status": "amended",
        "effective": "2024-03-01",
    }
    assert refs_of(given) == [given]
    newer = {"law": "劳动法", "article": "", "status": "amended", "effective": "2030-01-01"}
    assert refs_of(newer) == [newer]


def test_an_old_record_still_validates_and_gains_the_new_fields():
    cleaned = validate_record(
        "articles", {**ARTICLE, "law_refs": [{"law": "民法典", "article": "第一条"}]}
    )
    assert cleaned["review_by"] == ""
    assert cleaned["law_refs"][0]["status"] == "in_force"
    assert validate_record("articles", cleaned) == cleaned  # cleaning is stable


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ({"law": "民法典", "status": "valid"}, "law_status"),
        ({"law": "民法典", "status": 1}, "law_status"),
        ({"law": "民法典", "effective": "2021/01/01"}, "date"),
        ({"law": "民法典", "effective": "2021-02-30"}, "date"),
        ({"law": "民法典", "effective": "2021-1-1"}, "date"),
        ({"law": "民法典", "effective": 20210101}, "date"),
        ({"law": "民法典", "since": "2021-01-01"}, "law_ref_shape"),
        ({"law": ""}, "law"),
    ],
)
def test_bad_status_or_date_is_refused(ref, reason):
    with pytest.raises(RecordInvalid) as caught:
        refs_of(ref)
    assert (caught.value.field, caught.value.reason) == ("law_refs", reason)


@pytest.mark.parametrize("value", ["2026-06-30", "", None])
def test_review_by_is_an_optional_date(value):
    assert validate_record("articles", article_with(review_by=value))["review_by"] == (value or "")


@pytest.mark.parametrize(
    "value", ["30.06.2026", "2026-13-01", "2026-06-30T00:00:00+08:00", 20260630]
)
def test_bad_review_by_is_refused(value):
    with pytest.raises(RecordInvalid) as caught:
        validate_record("articles", article_with(review_by=value))
    assert (caught.value.field, caught.value.reason) == ("review_by", "date")
