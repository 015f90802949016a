"""Staff synonyms in the content store: applied with an update, used by search and the keyboard."""

from kiosk.search import candidates, search
from kiosk.search.query import question_of
from tests.support.content_fixtures import STAMP

WORD = {
    "id": "s-1",
    "word": "辛苦钱",
    "targets": ["工资"],
    "article_id": "",
    "weight": 0.9,
    "updated_at": STAMP,
}


def good(store, query):
    return [r["id"] for r in search(store, query) if r["match"] == "good"]


def test_a_published_word_reaches_the_guides_and_leaves_with_its_delete(store):
    assert good(store, "辛苦钱") == []
    store.apply({"synonyms": {"upsert": [WORD]}}, version=2)
    assert good(store, "辛苦钱")[0] == "a-wages"
    assert candidates(store, "xinkuqian")[0]["word"] == "辛苦钱"
    store.apply({"synonyms": {"delete": ["s-1"]}}, version=3)
    assert good(store, "辛苦钱") == []
    assert candidates(store, "xinkuqian") == []
    assert store.integrity_check() == "ok"


def test_a_word_can_lead_straight_to_one_guide(store):
    straight = {**WORD, "targets": [], "article_id": "a-homestead", "weight": 1.0}
    store.apply({"synonyms": {"upsert": [straight]}}, version=2)
    assert good(store, "辛苦钱") == ["a-homestead"]
    assert candidates(store, "xkq")[0]["word"] == "辛苦钱"
    # the guide goes: the word leads nowhere and the keyboard stops offering it
    store.apply({"articles": {"delete": ["a-homestead"]}}, version=3)
    assert search(store, "辛苦钱") == []
    assert candidates(store, "xkq") == []


def test_a_staff_word_extends_a_seed_word(store):
    """工钱 is a seed word (→ 工资); staff add 欠薪 for it too: both reach the wages guide."""
    extra = {**WORD, "word": "工钱", "targets": ["欠薪"]}
    store.apply({"synonyms": {"upsert": [extra]}}, version=2)
    assert good(store, "工钱")[0] == "a-wages"
    (group,) = question_of(store, "工钱").groups
    assert {"工资", "欠薪"} <= set(group.terms)


def test_a_word_whose_targets_the_content_lacks_is_not_offered(store):
    store.apply({"synonyms": {"upsert": [{**WORD, "targets": ["护照"]}]}}, version=2)
    assert candidates(store, "xinkuqian") == []
    assert search(store, "辛苦钱") == []
