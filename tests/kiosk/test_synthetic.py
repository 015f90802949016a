from contract.demo.synthetic import articles, categories, institutions, synthetic_changes
from contract.records import INSTITUTION_TYPES, validate_record


def test_same_seed_same_records_other_seed_other_records():
    assert articles(50, seed=1) == articles(50, seed=1)
    assert articles(50, seed=1) != articles(50, seed=2)
    assert institutions(50, seed=1) == institutions(50, seed=1)


def test_every_record_is_valid_and_marked_as_an_example():
    for record in articles(300):
        assert validate_record("articles", record) == record
    found_types = set()
    for record in institutions(300):
        assert validate_record("institutions", record) == record
        assert "示例" in record["name"] and record["phone"].startswith("000-0000-")
        found_types.add(record["type"])
    assert found_types == set(INSTITUTION_TYPES)
    assert len(categories()) == 10


def test_changes_hold_the_requested_counts():
    changes = synthetic_changes(20, 30)
    assert len(changes["articles"]["upsert"]) == 20
    assert len(changes["institutions"]["upsert"]) == 30
    assert len(changes["categories"]["upsert"]) == 10
    assert synthetic_changes(0, 5).keys() == {"institutions"}
