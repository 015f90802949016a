"""The surname and form-of-address tables the booking's name picker shows."""

import unicodedata

from contract.i18n import LANGUAGES, Translator
from contract.resident_names import (
    ANONYMOUS_NAME_KEY,
    COMMON_SURNAMES,
    FORMS_OF_ADDRESS,
    compose_name,
)
from contract.resident_text import hidden_characters


def test_surnames_are_forty_distinct_chinese_characters():
    assert len(COMMON_SURNAMES) == len(set(COMMON_SURNAMES)) == 40
    assert all(
        len(s) == 1 and unicodedata.name(s).startswith("CJK UNIFIED") for s in COMMON_SURNAMES
    )
    assert COMMON_SURNAMES[:5] == ("王", "李", "张", "刘", "陈")


def test_forms_of_address_have_labels_in_every_language():
    assert [form for _, form in FORMS_OF_ADDRESS] == ["先生", "女士", "阿姨", "大爷"]
    for language in LANGUAGES:
        t = Translator(language)
        assert all(t.has(f"booking.form_of_address.{key}") for key, _ in FORMS_OF_ADDRESS)
        assert t.has(ANONYMOUS_NAME_KEY)


def test_composed_names_pass_the_hubs_name_rules():
    assert compose_name("王", "阿姨") == "王阿姨"
    assert compose_name("李") == "李"
    assert compose_name("", "先生") == ""
    anonymous = Translator("zh_CN")(ANONYMOUS_NAME_KEY, last4="1234")
    assert anonymous == "居民（尾号1234）"
    for name in (compose_name("曾", "女士"), anonymous):
        assert not hidden_characters(name) and 0 < len(name) <= 40
