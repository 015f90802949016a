import pytest

from kiosk.search import candidates, search
from tests.support.content_fixtures import ARTICLES


def test_lih_lists_lihun_with_its_frequency(store):
    rows = candidates(store, "lih")
    assert rows[0] == {"word": "离婚", "pinyin": "li hun", "freq": 6}
    assert all(r["pinyin"].replace(" ", "").startswith("lih") for r in rows)


def test_initials_and_exact_spellings_come_first(store):
    assert candidates(store, "lh")[0]["word"] == "离婚"
    assert candidates(store, "LIHUN")[0]["word"] == "离婚"
    assert candidates(store, "ｌｈ")[0]["word"] == "离婚"
    assert [r["word"] for r in candidates(store, "zjd")] == ["宅基地"]
    assert [r["word"] for r in candidates(store, "gongz")][:1] == ["工资"]


def test_candidates_are_ranked_by_frequency_and_limited(store):
    rows = candidates(store, "s", limit=5)
    assert len(rows) == 5
    assert [r["freq"] for r in rows] == sorted((r["freq"] for r in rows), reverse=True)


def test_every_candidate_leads_to_an_article(store):
    """A resident typing only with the keyboard can never reach a word that finds nothing."""
    words = [r[0] for r in store.db.execute("SELECT word FROM vocabulary")]
    synonyms = [r[0] for r in store.db.execute("SELECT word FROM synonym_words")]
    assert len(words) > 40 and len(synonyms) > 5
    offered = set()
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for row in candidates(store, letter, limit=100):
            assert row["word"] in words or row["word"] in synonyms
            offered.add(row["word"])
    assert offered & set(synonyms)
    missing = [w for w in words + synonyms if not search(store, w)]
    assert missing == []


def test_colloquial_words_are_offered_beside_the_content_words(store):
    """工钱 is in no guide, but the seed synonyms lead it to 工资: the keyboard offers it."""
    rows = candidates(store, "gongqian")
    assert rows[0]["word"] == "工钱"
    assert rows[0]["freq"] >= candidates(store, "gongzi")[0]["freq"]
    assert candidates(store, "gq")[0]["word"] == "工钱"
    assert [r["id"] for r in search(store, "工钱")][:1] == ["a-wages"]
    assert "护照" not in {r["word"] for r in candidates(store, "huzhao")}


def test_vocabulary_follows_updates_and_deletes(store):
    store.apply({"articles": {"delete": ["a-divorce", "a-custody"]}}, version=2)
    assert candidates(store, "lihun")[0] == {"word": "离婚", "pinyin": "li hun", "freq": 1}
    store.apply({"articles": {"delete": ["a-loan-body"]}}, version=3)
    assert candidates(store, "lihun") == []
    assert candidates(store, "zjd")[0]["word"] == "宅基地"
    store.apply({"articles": {"upsert": [dict(ARTICLES[0])]}}, version=4)
    assert candidates(store, "lihun")[0]["freq"] == 4
    assert store.integrity_check() == "ok"


@pytest.mark.parametrize(
    "letters",
    ["", " ", "123", "'", '" OR 1=1', "*", "😀", "\x00", "离婚", "q" * 10_000, None, 7, ["lh"]],
)
def test_hostile_letters_give_nothing_or_real_words(store, letters):
    rows = candidates(store, letters)
    assert isinstance(rows, list)
    vocabulary = {r[0] for r in store.db.execute("SELECT word FROM vocabulary")}
    vocabulary |= {r[0] for r in store.db.execute("SELECT word FROM synonym_words")}
    assert {r["word"] for r in rows} <= vocabulary


def test_empty_store_has_no_candidates(empty_store):
    assert candidates(empty_store, "lh") == []
