"""The store keeps each category's hot questions and most-read guides; popular_articles()."""

import sqlite3

import pytest
from sqlite_utils.migrations import Migrations

from kiosk.store import ContentStore
from kiosk.store.schema import migrations
from tests.support.content_fixtures import article, category


def guide(aid, cid, updated_at):
    return {**article(aid, cid, f"指南 {aid}", "示例正文。"), "updated_at": updated_at}


def day(n):
    return f"2026-01-{n:02d}T09:00:00+08:00"


@pytest.fixture
def store(tmp_path):
    with ContentStore.open(tmp_path) as opened:
        opened.apply(
            {
                "categories": {
                    "upsert": [
                        category("family", "婚姻家庭", 1),
                        category("labour", "劳动就业", 2),
                        category("land", "房产土地", 3),
                    ]
                },
                "articles": {
                    "upsert": [
                        guide("f1", "family", day(1)),
                        guide("f2", "family", day(2)),
                        guide("f3", "family", day(3)),
                        guide("l1", "labour", day(4)),
                        guide("l2", "labour", day(5)),
                        guide("d1", "land", day(6)),
                    ]
                },
            },
            version=1,
        )
        yield opened


def publish_highlights(store, version, **lists):
    """What a sync brings when the hub published new highlights: ``labour=(hot, popular)``."""
    records = []
    for cid, (hot, popular) in lists.items():
        held = store.category(cid)
        records.append({**held, "hot_questions": hot, "popular": popular})
    store.apply({"categories": {"upsert": records}}, version=version)


def ids(rows):
    return [r["id"] for r in rows]


def test_a_category_holds_empty_lists_until_the_hub_sends_some(store):
    assert store.category("labour")["hot_questions"] == []
    assert store.category("labour")["popular"] == []
    publish_highlights(store, 2, labour=(["拖欠工资怎么办", "加班费"], ["l2", "l1"]))
    labour = store.category("labour")
    assert (labour["hot_questions"], labour["popular"]) == (
        ["拖欠工资怎么办", "加班费"],
        ["l2", "l1"],
    )
    assert store.category("nope") is None
    shown = {c["id"]: c["hot_questions"] for c in store.categories_with_counts()}
    assert shown == {"family": [], "labour": ["拖欠工资怎么办", "加班费"], "land": []}


def test_popular_articles_take_each_categorys_first_then_second_in_category_order(store):
    publish_highlights(store, 2, family=([], ["f3", "f1", "f2"]), labour=([], ["l2", "l1"]))
    assert ids(store.popular_articles()) == ["f3", "l2", "f1", "l1", "f2"]
    assert ids(store.popular_articles(limit=3)) == ["f3", "l2", "f1"]
    assert ids(store.popular_articles(category_ids=["labour"])) == ["l2", "l1"]
    assert ids(store.popular_articles(category_ids=["labour", "family"], limit=2)) == ["f3", "l2"]
    assert store.popular_articles(limit=0) == store.popular_articles(category_ids=[]) == []
    row = store.popular_articles(category_ids=["labour"])[0]
    assert row == store.article("l2")  # the same rows as the other list methods


def test_without_usage_the_newest_guides_stand_in(store):
    assert ids(store.popular_articles(limit=3)) == ["d1", "l2", "l1"]
    assert ids(store.popular_articles(category_ids=["family"])) == ["f3", "f2", "f1"]
    publish_highlights(store, 2, labour=([], ["l1"]))
    assert ids(store.popular_articles(category_ids=["family"])) == ["f3", "f2", "f1"]
    assert ids(store.popular_articles()) == ["l1"]  # usage somewhere: only what was read


def test_a_guide_removed_since_is_skipped(store):
    publish_highlights(store, 2, labour=([], ["l2", "l1"]))
    store.apply({"articles": {"delete": ["l2"]}}, version=3)
    assert ids(store.popular_articles(category_ids=["labour"])) == ["l1"]


def test_m007_adds_the_columns_to_a_store_made_before_it(tmp_path):
    path = tmp_path / "content.db"
    import sqlite_utils

    db = sqlite_utils.Database(sqlite3.connect(path))
    older = Migrations("kiosk.content")
    for fn in migrations._migrations[:4]:  # m001-m004, as a terminal of the last release has
        older._migrations.append(fn)
    older.apply(db)
    db["categories"].insert(
        {"id": "labour", "name": "劳动就业", "name_en": "", "icon": "", "sort": 1}
    )
    db.conn.close()
    with ContentStore.open(tmp_path) as store:
        assert store.category("labour")["hot_questions"] == []
        assert store.category("labour")["popular"] == []
