"""Refusals are data: field, reason key and values, with a text in every language."""

import pytest

from contract.i18n import LANGUAGES, Translator
from contract.records import REASONS, RecordInvalid, validate_id, validate_record

GOOD_CATEGORY = {"id": "c1", "name": "婚姻家庭"}


@pytest.mark.parametrize(
    ("collection", "record", "field", "reason", "values"),
    [
        ("categories", {"id": "c1"}, "name", "required", {}),
        ("categories", {**GOOD_CATEGORY, "name": "法" * 41}, "name", "too_long", {"n": 40}),
        ("categories", {**GOOD_CATEGORY, "sort": 1.5}, "sort", "whole_number", {}),
        ("categories", {**GOOD_CATEGORY, "id": "a b"}, "id", "ident", {}),
        ("categories", {**GOOD_CATEGORY, "name": "a\x07b"}, "name", "control", {}),
        ("categories", {**GOOD_CATEGORY, "colour": "red"}, "colour", "unknown_field", {}),
        ("categories", ["not", "a", "dict"], "", "not_object", {}),
        ("nonsense", {}, "", "unknown_collection", {}),
    ],
)
def test_refusal_names_field_reason_and_values(collection, record, field, reason, values):
    with pytest.raises(RecordInvalid) as caught:
        validate_record(collection, record)
    error = caught.value
    assert (error.collection, error.field, error.reason, error.values) == (
        collection,
        field,
        reason,
        values,
    )
    assert error.message_key == f"record.reason.{reason}"


def test_institution_type_lists_the_allowed_values():
    record = {
        "id": "i1",
        "type": "bank",
        "name": "示例",
        "address": "示例路 1 号",
        "lat": 30.0,
        "lng": 104.0,
        "updated_at": "2026-01-01T00:00:00+00:00",
    }
    with pytest.raises(RecordInvalid) as caught:
        validate_record("institutions", record)
    assert caught.value.reason == "one_of"
    assert "legal_aid" in caught.value.values["values"]


def test_bad_delete_id_is_a_refusal_too():
    with pytest.raises(RecordInvalid) as caught:
        validate_id("media", "not-a-digest")
    assert (caught.value.field, caught.value.reason) == ("delete", "sha256")


def test_unknown_reason_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown reason"):
        RecordInvalid("categories", "name", "no_such_reason")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reason_reads_well_in_every_language(language):
    t = Translator(language)
    samples = {
        "n": 40,
        "low": -90.0,
        "high": 90.0,
        "values": "a, b",
        "law": "婚姻法",
        "since": "2021-01-01",
        "replaced_by": "民法典",
    }
    for reason in REASONS:
        key = f"record.reason.{reason}"
        assert t.has(key), key
        text = t(key, **samples)
        assert text.strip() and "{" not in text, (key, text)
